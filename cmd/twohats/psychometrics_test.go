package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/instrument"
)

// responsesFile writes a CSV of n random respondents to every capability item
// of core@1, some answers missing, and returns its path.
func responsesFile(t *testing.T, n int) string {
	t.Helper()
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := cat.Scorer(instrument.Default)
	if err != nil {
		t.Fatal(err)
	}
	items := sc.Instrument().ItemsIn(instrument.Capability)
	var b strings.Builder
	b.WriteString("respondent")
	for _, it := range items {
		b.WriteString("," + it.ID)
	}
	b.WriteString("\n")
	rng := rand.New(rand.NewPCG(1, 2))
	for r := 0; r < n; r++ {
		fmt.Fprintf(&b, "p%d", r)
		trait := rng.IntN(3)
		for _, it := range items {
			b.WriteString(",")
			if rng.IntN(20) == 0 {
				continue
			}
			v := min(max(2+trait+rng.IntN(3)-1, 1), 5)
			if it.Reverse {
				v = 6 - v
			}
			fmt.Fprint(&b, v)
		}
		b.WriteString("\n")
	}
	path := filepath.Join(t.TempDir(), "responses.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestPsychometricsJSONContract(t *testing.T) {
	c := newCLI(t)
	code, out, errOut := c.run("", "psychometrics", "--responses", responsesFile(t, 200), "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc map[string]map[string]map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, out)
	}
	if got := slices.Sorted(maps.Keys(doc)); !slices.Equal(got, []string{"facets", "scales"}) {
		t.Fatalf("top-level keys %v", got)
	}
	if got := slices.Sorted(maps.Keys(doc["scales"])); !slices.Equal(got, []string{"leadership", "management"}) {
		t.Errorf("scales %v", got)
	}
	if len(doc["facets"]) != 12 {
		t.Errorf("%d facets, want 12", len(doc["facets"]))
	}
	groupFields := []string{"alpha", "average_r", "g6", "items", "n", "std_alpha"}
	itemFields := []string{"alpha_if_deleted", "mean", "r_drop", "sd"}
	for kind, groups := range doc {
		for name, g := range groups {
			if kind == "facets" && !strings.HasPrefix(name, "management.") && !strings.HasPrefix(name, "leadership.") {
				t.Errorf("facet %q is not scale.dimension", name)
			}
			if got := slices.Sorted(maps.Keys(g)); !slices.Equal(got, groupFields) {
				t.Errorf("%s: fields %v, want %v", name, got, groupFields)
			}
			var items map[string]map[string]float64
			if err := json.Unmarshal(g["items"], &items); err != nil {
				t.Fatalf("%s items: %v", name, err)
			}
			if want := map[string]int{"scales": 18, "facets": 3}[kind]; len(items) != want {
				t.Errorf("%s: %d items, want %d", name, len(items), want)
			}
			for id, it := range items {
				if got := slices.Sorted(maps.Keys(it)); !slices.Equal(got, itemFields) {
					t.Errorf("%s %s: fields %v, want %v", name, id, got, itemFields)
				}
			}
			var n int
			if err := json.Unmarshal(g["n"], &n); err != nil || n != 200 {
				t.Errorf("%s: n %s, want 200", name, g["n"])
			}
		}
	}
	if strings.ContainsAny(errOut, "\r\x1b") {
		t.Errorf("standard error is not a terminal, yet got control characters: %q", errOut)
	}
}

func TestPsychometricsText(t *testing.T) {
	c := newCLI(t)
	code, out, errOut := c.run("", "psychometrics", "--responses", responsesFile(t, 50))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Psychometrics of core@1: 50 respondents", "Scale management: 18 items, n 50",
		"Facet leadership.problem_solving: 3 items", "alpha", "r.drop", "alpha if deleted", "m.focus.1 (reversed)"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
}

func TestPsychometricsBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, csv, want string
	}{
		{"unknown item", "respondent,m.focus.1,nope\np1,1,2\n", `line 1, column 3: unknown item id "nope"`},
		{"out of range", "respondent,m.focus.1,m.focus.2\np1,1,2\np2,9,2\n", "line 3, column 2 (item m.focus.1): 9 is out of range"},
		{"not an integer", "respondent,m.focus.1,m.focus.2\np1,1,3.5\n", "line 2, column 3 (item m.focus.2): 3.5 is not a whole number"},
		{"ragged", "respondent,m.focus.1,m.focus.2\np1,1,2\np2,1\n", "line 3, column 3 (item m.focus.2): the row ends after 2 columns"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".csv")
			if err := os.WriteFile(path, []byte(tc.csv), 0o600); err != nil {
				t.Fatal(err)
			}
			code, out, errOut := newCLI(t).run("", "psychometrics", "--responses", path, "--format", "json")
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if out != "" {
				t.Errorf("printed on standard output: %q", out)
			}
			if !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, path) {
				t.Errorf("stderr %q, want the file and %q", errOut, tc.want)
			}
		})
	}
	code, out, errOut := newCLI(t).run("", "psychometrics", "--responses", filepath.Join(dir, "missing.csv"))
	if code != 2 || out != "" || !strings.Contains(errOut, "missing.csv") {
		t.Errorf("missing file: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, _, errOut = newCLI(t).run("", "psychometrics")
	if code != 2 || !strings.Contains(errOut, "--responses") {
		t.Errorf("no --responses: exit %d, stderr %q", code, errOut)
	}
}

func TestPsychometricsReadsStandardInputAndNotes(t *testing.T) {
	csv := "respondent,m.focus.1,m.focus.2,m.focus.3,l.focus.1\np1,1,3,2,4\np2,2,3,4,4\np3,4,3,5,4\n"
	code, out, errOut := newCLI(t).run(csv, "psychometrics", "--responses", "-", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// m.focus.2 and l.focus.1 never vary: psych leaves them out, and says so.
	for _, want := range []string{"item m.focus.2 is left out", "leadership: fewer than 2 items"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr %q lacks %q", errOut, want)
		}
	}
	if !strings.Contains(out, `"leadership":{"n":3,"alpha":null`) {
		t.Errorf("an undefined alpha is not null: %s", out)
	}
}
