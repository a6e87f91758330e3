package coach_test

import (
	"fmt"
	"testing"

	"github.com/twohats/twohats/internal/coach"
)

// TestVerdictFollowsConventions scores every combination of the nine signals
// with none to four error findings, and checks that the verdict is the one
// the labelling conventions give those signals (labelledVerdict, which
// TestCorpusLabels holds every corpus label to), that the score lies in its
// verdict's band, and that the breakdown adds up to the score.
func TestVerdictFollowsConventions(t *testing.T) {
	an := mustDefault(t)
	band := map[coach.Verdict][2]int{coach.Weak: {0, 34}, coach.OK: {35, 79}, coach.Strong: {80, 100}}
	bad := 0
	for bits := range 1 << len(coach.SignalNames) {
		var sig [9]bool
		labels := map[string]bool{}
		for i, n := range coach.SignalNames {
			sig[i] = bits&(1<<i) != 0
			labels[n] = sig[i]
		}
		want := labelledVerdict(labels)
		for errs := range 5 {
			fs := make([]coach.Finding, errs)
			for i := range fs {
				fs[i] = coach.Finding{Rule: fmt.Sprint("r", i), Severity: coach.SeverityError}
			}
			score, v, terms := an.Score(sig, fs)
			sum := 0
			for _, term := range terms {
				sum += term.Points
			}
			b := band[v]
			if v != want || score < b[0] || score > b[1] || sum != score {
				if bad++; bad <= 10 {
					t.Errorf("signals %v, %d error findings: verdict %s score %d (breakdown sums to %d: %v), want verdict %s in %d..%d",
						labels, errs, v, score, sum, terms, want, band[want][0], band[want][1])
				}
			}
		}
	}
	if bad > 10 {
		t.Errorf("... %d cases in all", bad)
	}
}
