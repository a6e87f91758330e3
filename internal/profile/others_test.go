package profile_test

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/profile"
)

// FocusFor follows Score's rules: given a profile's own scores, it finds the
// profile's focus whenever the tendency cannot break a tie differently.
func TestFocusForMatchesScore(t *testing.T) {
	sc := newScorer(t)
	rng := rand.New(rand.NewPCG(7, 7))
	checked := 0
	for range 300 {
		p := sc.Score(sc.Simulate(rng, profile.RandomTraits(rng)))
		if p.Scales[0] == p.Scales[1] && p.Tendency > 0 {
			continue
		}
		got, err := sc.FocusFor(p.Scales, p.Facets)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(p.Focus, got); diff != "" {
			t.Fatalf("FocusFor differs from Score's focus (-score +focusfor):\n%s", diff)
		}
		if diff := cmp.Diff(p.Document().Development, got.Development()); diff != "" {
			t.Fatalf("Development differs from the profile document's (-doc +focus):\n%s", diff)
		}
		checked++
	}
	if checked < 250 {
		t.Errorf("only %d profiles checked", checked)
	}
}

func TestFocusForTiesAndShapes(t *testing.T) {
	sc := newScorer(t)
	flat := []float64{50, 40, 60, 30, 70, 45}
	f, err := sc.FocusFor([2]float64{50, 50}, [2][]float64{flat, flat})
	if err != nil {
		t.Fatal(err)
	}
	if f.Side != framework.Leadership || f.Facets[0].Score != 30 || f.Facets[1].Score != 40 || len(f.Habits) == 0 {
		t.Errorf("tied scales: focus %+v, want leadership's two lowest facets (30, 40)", f)
	}
	f, _ = sc.FocusFor([2]float64{40, 50}, [2][]float64{flat, flat})
	if f.Side != framework.Management {
		t.Errorf("lower management: side %s", f.Side)
	}
	if _, err := sc.FocusFor([2]float64{1, 2}, [2][]float64{flat[:3], flat}); err == nil {
		t.Error("FocusFor took too few facet scores")
	}
}
