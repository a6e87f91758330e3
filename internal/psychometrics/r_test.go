package psychometrics

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// rScript runs psych::alpha on each group of a responses file, with keys for
// the reverse-keyed items and psych's defaults otherwise (use = "pairwise"),
// and prints every figure twohats reports, to 17 significant digits.
const rScript = `
suppressPackageStartupMessages(library(psych))
args <- commandArgs(TRUE)
x <- read.csv(args[1], check.names = FALSE, colClasses = c(respondent = "character"))
g <- read.delim(args[2], colClasses = "character")
out <- file(args[3], "w")
num <- function(v) if (is.null(v) || is.na(v)) "NA" else sprintf("%.17g", v)
for (name in unique(g$group)) {
  gi <- g[g$group == name, ]
  keys <- gi$item[gi$reverse == "1"]
  if (length(keys) == 0) keys <- NULL
  a <- NULL
  invisible(capture.output(a <- suppressWarnings(suppressMessages(
    alpha(x[, gi$item, drop = FALSE], keys = keys, warnings = FALSE)))))
  t <- a$total
  writeLines(paste(name, "", "n", nrow(x), sep = "\t"), out)
  for (f in c("raw_alpha", "std.alpha", "G6(smc)", "average_r"))
    writeLines(paste(name, "", f, num(t[[f]]), sep = "\t"), out)
  ids <- sub("-$", "", rownames(a$item.stats))
  for (i in seq_along(ids)) {
    s <- a$item.stats[i, ]
    writeLines(paste(name, ids[i], "mean", num(s$mean), sep = "\t"), out)
    writeLines(paste(name, ids[i], "sd", num(s$sd), sep = "\t"), out)
    writeLines(paste(name, ids[i], "r.drop", num(s$r.drop), sep = "\t"), out)
    writeLines(paste(name, ids[i], "raw_alpha_if_deleted", num(a$alpha.drop[i, "raw_alpha"]), sep = "\t"), out)
  }
}
close(out)
`

// needR returns the path of Rscript when it and psych are installed. Without
// them the test is skipped locally, but fails under CI=true, where
// scripts/test.sh has installed r-base-core and r-cran-psych.
func needR(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("Rscript")
	if err == nil {
		err = exec.Command(path, "-e", "suppressPackageStartupMessages(library(psych))").Run()
	}
	if err != nil {
		msg := fmt.Sprintf("Rscript with the psych package is needed to compare with psych::alpha (apt-get install r-base-core r-cran-psych, as scripts/test.sh does): %v", err)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return path
}

// TestEqualsPsych is the "equal to R": on each generated data set,
// every figure twohats reports must equal psych::alpha's to 1e-6.
func TestEqualsPsych(t *testing.T) {
	rscript := needR(t)
	d := mustDesign(t)
	dir := t.TempDir()
	script := filepath.Join(dir, "alpha.R")
	if err := os.WriteFile(script, []byte(rScript), 0o644); err != nil {
		t.Fatal(err)
	}
	const tol = 1e-6
	worst := map[string]float64{}
	var checked int
	for i, ds := range datasets {
		t.Run(ds.name, func(t *testing.T) {
			data := ds.generate(d)
			csvPath := filepath.Join(dir, fmt.Sprintf("data%d.csv", i))
			groupsPath := filepath.Join(dir, fmt.Sprintf("groups%d.tsv", i))
			outPath := filepath.Join(dir, fmt.Sprintf("r%d.tsv", i))
			if err := os.WriteFile(csvPath, data, 0o644); err != nil {
				t.Fatal(err)
			}
			rep := mustAnalyse(t, d, data)
			if err := os.WriteFile(groupsPath, groupsFile(d, data), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(rscript, script, csvPath, groupsPath, outPath).CombinedOutput(); err != nil {
				t.Fatalf("Rscript: %v\n%s", err, out)
			}
			want := readR(t, outPath)
			got := flatten(rep)
			for key, w := range want {
				g, ok := got[key]
				if !ok {
					t.Errorf("%s: psych reports %v, twohats nothing", key, w)
					continue
				}
				checked++
				field := key[strings.LastIndex(key, " ")+1:]
				diff := math.Abs(g - w)
				if math.IsNaN(g) != math.IsNaN(w) || diff > tol {
					t.Errorf("%s: twohats %.12g, psych %.12g", key, g, w)
				}
				if !math.IsNaN(diff) {
					worst[field] = max(worst[field], diff)
				}
			}
			for key := range got {
				if _, ok := want[key]; !ok {
					t.Errorf("%s: twohats reports %v, psych nothing", key, got[key])
				}
			}
		})
	}
	fields := make([]string, 0, len(worst))
	for f := range worst {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	var b strings.Builder
	for _, f := range fields {
		fmt.Fprintf(&b, "\n  %-22s %.3g", f, worst[f])
	}
	t.Logf("%d figures compared over %d data sets; largest |twohats − psych| per field:%s", checked, len(datasets), b.String())
}

// groupsFile lists, for the R script, each group's items present in the
// file, in design order, and which are reverse-keyed. It is derived from the
// design and the header alone, not from twohats's analysis.
func groupsFile(d Design, data []byte) []byte {
	header := strings.Split(strings.SplitN(string(data), "\n", 2)[0], ",")
	present := map[string]bool{}
	for _, id := range header[1:] {
		present[id] = true
	}
	var b bytes.Buffer
	b.WriteString("group\titem\treverse\n")
	for _, g := range d.Groups {
		for _, i := range g.Items {
			if it := d.Items[i]; present[it.ID] {
				rev := 0
				if it.Reverse {
					rev = 1
				}
				fmt.Fprintf(&b, "%s\t%s\t%d\n", g.Name, it.ID, rev)
			}
		}
	}
	return b.Bytes()
}

// readR reads the R script's output as "group item field" → value.
func readR(t *testing.T, path string) map[string]float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := map[string]float64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p := strings.Split(sc.Text(), "\t")
		if len(p) != 4 {
			t.Fatalf("R output line %q", sc.Text())
		}
		v := math.NaN()
		if p[3] != "NA" {
			if v, err = strconv.ParseFloat(p[3], 64); err != nil {
				t.Fatalf("R output line %q: %v", sc.Text(), err)
			}
		}
		m[p[0]+" "+p[1]+" "+rField[p[2]]] = v
	}
	return m
}

// rField names psych's fields by twohats's JSON names.
var rField = map[string]string{
	"n": "n", "raw_alpha": "alpha", "std.alpha": "std_alpha", "G6(smc)": "g6", "average_r": "average_r",
	"mean": "mean", "sd": "sd", "r.drop": "r_drop", "raw_alpha_if_deleted": "alpha_if_deleted",
}

// flatten lists a report's figures as "group item field" → value.
func flatten(rep *Report) map[string]float64 {
	m := map[string]float64{}
	for _, g := range rep.Groups {
		m[g.Name+"  n"] = float64(g.N)
		m[g.Name+"  alpha"] = g.Alpha
		m[g.Name+"  std_alpha"] = g.StdAlpha
		m[g.Name+"  g6"] = g.G6
		m[g.Name+"  average_r"] = g.AverageR
		for _, it := range g.Items {
			m[g.Name+" "+it.ID+" mean"] = it.Mean
			m[g.Name+" "+it.ID+" sd"] = it.SD
			m[g.Name+" "+it.ID+" r_drop"] = it.RDrop
			m[g.Name+" "+it.ID+" alpha_if_deleted"] = it.AlphaIfDeleted
		}
	}
	return m
}
