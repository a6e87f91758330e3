//go:build coachdev

package coach_test

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
)

// TestTiming is a tool, not a check: with COACH_TIMING=1 it times each
// benchmark answer's analysis, and the benchmark's baseline pass, over and
// over, interleaved, and reports per-answer percentiles averaged over the
// answers. On a shared, noisy machine the 10th percentile is close to what
// an analysis costs undisturbed, and the ratio of the two is comparable
// between runs.
func TestTiming(t *testing.T) {
	if os.Getenv("COACH_TIMING") == "" {
		t.Skip("set COACH_TIMING=1")
	}
	an := mustDefault(t)
	var texts []string
	for _, a := range loadCorpus(t, "seen") {
		if n := len(a.Text); n >= 800 && n <= 1200 {
			texts = append(texts, a.Text)
		}
	}
	base := func(text string) int {
		return len(strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
		}))
	}
	const rounds = 1500
	da := make([][]time.Duration, len(texts))
	db := make([][]time.Duration, len(texts))
	for range rounds {
		for i, tx := range texts {
			s := time.Now()
			if _, err := an.Analyze(tx); err != nil {
				t.Fatal(err)
			}
			da[i] = append(da[i], time.Since(s))
			s = time.Now()
			base(tx)
			db[i] = append(db[i], time.Since(s))
		}
	}
	q := func(ds [][]time.Duration, p float64) time.Duration {
		var sum time.Duration
		for _, d := range ds {
			slices.Sort(d)
			sum += d[int(float64(len(d)-1)*p)]
		}
		return sum / time.Duration(len(ds))
	}
	t.Logf("analysis p10 %v p50 %v | baseline p10 %v p50 %v | ratio p10 %.1f p50 %.1f",
		q(da, .1), q(da, .5), q(db, .1), q(db, .5),
		float64(q(da, .1))/float64(q(db, .1)), float64(q(da, .5))/float64(q(db, .5)))
}
