package feedback_test

import (
	"encoding/json"
	"fmt"
	"math"
	"sync"
	"testing"

	"github.com/twohats/twohats/internal/feedback"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

var loadScorer = sync.OnceValues(func() (*profile.Scorer, error) {
	fw, err := framework.Default()
	if err != nil {
		return nil, err
	}
	in, err := instrument.Load(fw, instrument.Default)
	if err != nil {
		return nil, err
	}
	return profile.NewScorer(fw, in)
})

func newScorer(tb testing.TB) *profile.Scorer {
	tb.Helper()
	sc, err := loadScorer()
	if err != nil {
		tb.Fatal(err)
	}
	return sc
}

// capability lists the instrument's capability items.
func capability(sc *profile.Scorer) []instrument.Item {
	return sc.Instrument().ItemsIn(instrument.Capability)
}

// keyed answers every capability item so that its keyed value (after reverse
// keying) is value(item).
func keyed(sc *profile.Scorer, value func(it instrument.Item) int) map[string]int {
	a := map[string]int{}
	for _, it := range capability(sc) {
		v := value(it)
		if v == 0 {
			continue
		}
		if it.Reverse {
			v = instrument.MinRating + instrument.MaxRating - v
		}
		a[it.ID] = v
	}
	return a
}

// flat answers every capability item with keyed value v, so that every facet
// scores 25 × (v − 1).
func flat(sc *profile.Scorer, v int) map[string]int {
	return keyed(sc, func(instrument.Item) int { return v })
}

// raters makes n ratings of one group with the same answers.
func raters(group string, n int, answers map[string]int) []feedback.Rating {
	out := make([]feedback.Rating, n)
	for i := range out {
		out[i] = feedback.Rating{RaterID: fmt.Sprintf("%s-%d", group, i), Group: group, Answers: answers}
	}
	return out
}

func concat(parts ...[]feedback.Rating) []feedback.Rating {
	var out []feedback.Rating
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func mustBuild(tb testing.TB, sc *profile.Scorer, in feedback.Input) *feedback.Report {
	tb.Helper()
	r, err := feedback.Build(sc, in)
	if err != nil {
		tb.Fatalf("Build: %v", err)
	}
	return r
}

func mustJSON(tb testing.TB, r *feedback.Report) []byte {
	tb.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// raterFacets is a rater's unrounded facet scores, keyed "<scale>.<facet>",
// computed straight from the instrument, independently of the package: the
// keyed mean of the items rated, mapped to 0-100. A facet with no item rated
// is absent.
func raterFacets(items []instrument.Item, answers map[string]int) map[string]float64 {
	sum, n := map[string]float64{}, map[string]float64{}
	for _, it := range items {
		v, ok := answers[it.ID]
		if !ok {
			continue
		}
		if it.Reverse {
			v = 6 - v
		}
		sum[it.Scale+"."+it.Facet] += float64(v)
		n[it.Scale+"."+it.Facet]++
	}
	out := map[string]float64{}
	for k := range sum {
		out[k] = 100 * (sum[k]/n[k] - 1) / 4
	}
	return out
}

func near(got, want float64) bool { return math.Abs(got-want) <= 0.05+1e-9 }
