//go:build ignore

// genresponses writes a responses CSV for `twohats psychometrics` and its
// benchmark: respondents answering the capability items of an instrument,
// under a two-trait model (a management and a leadership trait plus a facet
// trait) so that the items correlate as real ones do, with reverse-keyed items
// reversed and some answers missing. The output is the same for the same
// flags.
//
// With -groups FILE it also writes the scales and facets as tab-separated
// group, item and reverse (1 for a reverse-keyed item), for the R side of the
// benchmark.
//
// Usage: go run scripts/genresponses.go -n 100000 [-instrument core@1] [-missing 0.02] [-seed 1] [-groups FILE.tsv] > FILE.csv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"

	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/instrument"
)

func main() {
	n := flag.Int("n", 100000, "respondents")
	id := flag.String("instrument", instrument.Default, "instrument")
	missing := flag.Float64("missing", 0.02, "chance that an answer is left empty")
	seed := flag.Uint64("seed", 1, "random seed")
	groups := flag.String("groups", "", "also write the scales and facets to this file")
	flag.Parse()
	if err := write(*n, *id, *missing, *seed, *groups); err != nil {
		fmt.Fprintln(os.Stderr, "genresponses:", err)
		os.Exit(1)
	}
}

func write(n int, id string, missing float64, seed uint64, groups string) error {
	fw, err := framework.Default()
	if err != nil {
		return err
	}
	in, err := instrument.Load(fw, id)
	if err != nil {
		return err
	}
	items := in.ItemsIn(instrument.Capability)
	traits := map[string]int{}
	scale := make([]int, len(items))
	facet := make([]int, len(items))
	for i, it := range items {
		for _, k := range []string{it.Scale, it.Scale + "." + it.Facet} {
			if _, ok := traits[k]; !ok {
				traits[k] = len(traits)
			}
		}
		scale[i], facet[i] = traits[it.Scale], traits[it.Scale+"."+it.Facet]
	}
	if groups != "" {
		if err := writeGroups(groups, in, items); err != nil {
			return err
		}
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	w := bufio.NewWriterSize(os.Stdout, 1<<16)
	w.WriteString("respondent")
	for _, it := range items {
		w.WriteString("," + it.ID)
	}
	w.WriteByte('\n')
	t := make([]float64, len(traits))
	var line []byte
	for r := 1; r <= n; r++ {
		for k := range t {
			t[k] = rng.NormFloat64()
		}
		line = append(line[:0], 'p')
		line = strconv.AppendInt(line, int64(r), 10)
		for i, it := range items {
			line = append(line, ',')
			if rng.Float64() < missing {
				continue
			}
			x := 3 + 0.9*t[scale[i]] + 0.6*t[facet[i]] + 0.9*rng.NormFloat64()
			if it.Reverse {
				x = instrument.MinRating + instrument.MaxRating - x
			}
			v := min(max(int(math.Round(x)), instrument.MinRating), instrument.MaxRating)
			line = append(line, byte('0'+v))
		}
		line = append(line, '\n')
		if _, err := w.Write(line); err != nil {
			return err
		}
	}
	return w.Flush()
}

// writeGroups writes each scale, then each facet, with its items.
func writeGroups(path string, in *instrument.Instrument, items []instrument.Item) error {
	var b []byte
	b = append(b, "group\titem\treverse\n"...)
	add := func(group string, keep func(instrument.Item) bool) {
		for _, it := range items {
			if keep(it) {
				rev := 0
				if it.Reverse {
					rev = 1
				}
				b = fmt.Appendf(b, "%s\t%s\t%d\n", group, it.ID, rev)
			}
		}
	}
	scales := []string{framework.Management, framework.Leadership}
	for _, s := range scales {
		add(s, func(it instrument.Item) bool { return it.Scale == s })
	}
	for _, s := range scales {
		for _, d := range in.Dimensions {
			add(s+"."+d.Key, func(it instrument.Item) bool { return it.Scale == s && it.Facet == d.Key })
		}
	}
	return os.WriteFile(path, b, 0o644)
}
