//go:build coachdev

package coach_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/twohats/twohats/internal/coach"
)

// TestExplain is a tool for rule authors, not a check: with
// COACH_EXPLAIN=s07,s23 it prints the findings and the score breakdown of
// those answers of the seen corpus. (It never reads the held-out corpus.)
func TestExplain(t *testing.T) {
	want := os.Getenv("COACH_EXPLAIN")
	if want == "" {
		t.Skip("set COACH_EXPLAIN to a comma-separated list of seen answer ids")
	}
	an, err := coach.Default()
	if err != nil {
		t.Fatal(err)
	}
	ids := strings.Split(want, ",")
	for _, a := range loadCorpus(t, "seen") {
		if !slices.Contains(ids, a.ID) {
			continue
		}
		res, err := an.Analyze(a.Text)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%s (%s) score %d verdict %s (want %s)\n%s\n", a.ID, a.Voice, res.Score, res.Verdict, a.Verdict, a.Text)
		for _, f := range res.Findings {
			fmt.Fprintf(&b, "  [%s] %s %d-%d %q\n", f.Severity, f.Rule, f.Start, f.End, f.Quote)
		}
		fmt.Fprintf(&b, "  breakdown: %v\n", res.Breakdown)
		t.Log("\n" + b.String())
	}
}
