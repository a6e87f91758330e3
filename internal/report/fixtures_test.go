package report

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

// fixture is a named profile scored from real answers to core@1, so that the
// golden files show what a person would actually see.
type fixture struct {
	name string
	p    *profile.Profile
}

// respondent decides every answer of one made-up person.
type respondent struct {
	// rating is the answer (1-5) to the i-th capability item of its scale.
	rating func(i int, it instrument.Item) int
	// tendency picks the option of the i-th tendency pair.
	tendency func(i int, it instrument.Item) string
	// scenario rates one scenario option.
	scenario func(o instrument.Option) int
}

// agree returns the rating that endorses (or, reverse-keyed, rejects) a
// behaviour at strength r.
func agree(it instrument.Item, r int) int {
	if it.Reverse {
		return instrument.MinRating + instrument.MaxRating - r
	}
	return r
}

func poleOption(it instrument.Item, pole string) string {
	for _, o := range it.Options {
		if o.Pole == pole {
			return o.ID
		}
	}
	panic(fmt.Sprintf("item %s has no %s option", it.ID, pole))
}

// extreme is a person who does nearly everything on one side and nearly
// nothing on the other (a few 4s and 2s keep the facets apart), always reaches
// for that side under pressure and rates its responses best whatever the
// situation.
func extreme(side string) respondent {
	return respondent{
		rating: func(i int, it instrument.Item) int {
			if it.Scale == side {
				if i%4 == 0 {
					return agree(it, 4)
				}
				return agree(it, 5)
			}
			if i%2 == 0 {
				return agree(it, 2)
			}
			return agree(it, 1)
		},
		tendency: func(_ int, it instrument.Item) string { return poleOption(it, side) },
		scenario: func(o instrument.Option) int {
			switch o.Pole {
			case side:
				return 5
			case instrument.PoleBlend:
				return 3
			case instrument.PoleNeither:
				return 1
			}
			return 1
		},
	}
}

// allHigh is a person strong on both scales (mostly 5s, some 4s, on different
// facets for each scale), split evenly under pressure, who rates every
// scenario option exactly as the key does.
var allHigh = respondent{
	rating: func(i int, it instrument.Item) int {
		if it.Scale == framework.Leadership {
			i += 2
		}
		if i%4 == 0 {
			return agree(it, 4)
		}
		return agree(it, 5)
	},
	tendency: func(i int, it instrument.Item) string { return it.Options[i%2].ID },
	scenario: func(o instrument.Option) int { return o.Key },
}

// score answers core@1 as who would and scores the answers.
func score(sc *profile.Scorer, who respondent) (*profile.Profile, error) {
	in := sc.Instrument()
	a := profile.Answers{Instrument: in.ID, Answers: map[string]json.RawMessage{}}
	set := func(id string, v any) {
		b, _ := json.Marshal(v) // ints, strings and maps of them
		a.Answers[id] = b
	}
	nc := map[string]int{} // capability items so far, per scale
	var nt int
	for _, it := range in.Items {
		switch it.Section {
		case instrument.Capability:
			set(it.ID, who.rating(nc[it.Scale], it))
			nc[it.Scale]++
		case instrument.Tendency:
			set(it.ID, who.tendency(nt, it))
			nt++
		case instrument.SJT:
			m := map[string]int{}
			for _, o := range it.Options {
				m[o.ID] = who.scenario(o)
			}
			set(it.ID, m)
		}
	}
	r, err := sc.Encode(a)
	if err != nil {
		return nil, fmt.Errorf("encoding answers: %w", err)
	}
	p := sc.Score(r)
	return &p, nil
}

// scored holds the three golden profiles, scored once for every test.
var scored = sync.OnceValues(func() ([]fixture, error) {
	fw, err := framework.Default()
	if err != nil {
		return nil, err
	}
	in, err := instrument.Load(fw, "core@1")
	if err != nil {
		return nil, fmt.Errorf("loading core@1: %w", err)
	}
	sc, err := profile.NewScorer(fw, in)
	if err != nil {
		return nil, err
	}
	var out []fixture
	for _, f := range []struct {
		name string
		who  respondent
	}{
		{"manager", extreme(framework.Management)},
		{"leader", extreme(framework.Leadership)},
		{"balanced", allHigh},
	} {
		p, err := score(sc, f.who)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.name, err)
		}
		out = append(out, fixture{f.name, p})
	}
	return out, nil
})

// fixtures returns the three golden profiles: an extreme manager, an extreme
// leader and a person high on both.
func fixtures(t testing.TB) []fixture {
	t.Helper()
	fx, err := scored()
	if err != nil {
		t.Fatal(err)
	}
	return fx
}

// handBuilt returns a profile made by hand, for edge cases the item bank
// cannot easily produce.
func handBuilt(t testing.TB, quadrant string, m, l []float64, tendency, acc, pref float64) *profile.Profile {
	t.Helper()
	fw, err := defaultFramework()
	if err != nil {
		t.Fatal(err)
	}
	mean := func(xs []float64) float64 {
		var s float64
		for _, x := range xs {
			s += x
		}
		return s / float64(len(xs))
	}
	p := &profile.Profile{
		Instrument: "core@1",
		Dimensions: fw.DimensionKeys(),
		Scales:     [2]float64{mean(m), mean(l)},
		Facets:     [2][]float64{m, l},
		Tendency:   tendency,
		Judgement:  profile.Judgement{Accuracy: acc, Preference: pref},
		Quadrant:   quadrant,
		Disclaimer: fw.Disclaimer,
	}
	side := framework.Leadership
	p.Focus = profile.Focus{Side: side, Habits: fw.Habits}
	for k, fi := range []int{1, 4} {
		d := fw.Dimensions[fi]
		p.Focus.Facets[k] = profile.FacetFocus{Scale: side, Facet: d.Key, Name: d.Name, Pole: d.LeaderPole,
			Score: l[fi], Practices: fw.PracticesForFacet(side, d.Key)}
	}
	return p
}
