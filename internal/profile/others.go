package profile

import "fmt"

// FocusFor returns the development focus for scale and facet scores that did
// not come from Score, such as the others' view of a 360-degree feedback
// report (feedback.Report.OthersView), by the same rules a profile's focus
// follows: the weaker scale and its two lowest facets, with their practices
// and the four habits. Others are not asked which side the person reaches
// for under pressure, so a tie between the scales goes to leadership, as it
// does for a profile without a tendency. facets are indexed like
// Profile.Facets and must have one score per dimension.
func (s *Scorer) FocusFor(scales [2]float64, facets [2][]float64) (Focus, error) {
	nd := len(s.dims)
	for si := range facets {
		if len(facets[si]) != nd {
			return Focus{}, fmt.Errorf("profile: %d %s facet scores, want %d", len(facets[si]), ScaleKeys[si], nd)
		}
	}
	p := Profile{Scales: scales, Facets: facets}
	side := L
	if p.Scales[M] < p.Scales[L] {
		side = M
	}
	lo1, lo2 := lowestTwo(p.Facets[side])
	f := Focus{Side: ScaleKeys[side], Habits: s.habits, Facets: s.focusSets[side][lo1][lo2]}
	f.Facets[0].Score = p.Facets[side][lo1]
	f.Facets[1].Score = p.Facets[side][lo2]
	return f, nil
}

// Development returns the focus's facets in the profile JSON's shape, the
// "development" list of a profile document.
func (f Focus) Development() []DevelopmentDoc {
	out := make([]DevelopmentDoc, 0, len(f.Facets))
	for _, ff := range f.Facets {
		dev := DevelopmentDoc{Scale: ff.Scale, Facet: ff.Facet, Name: ff.Name, Develop: ff.Pole, Score: ff.Score, Practices: []CitedDoc{}}
		for _, pr := range ff.Practices {
			dev.Practices = append(dev.Practices, CitedDoc{ID: pr.Key, Text: pr.Text, Source: pr.Source})
		}
		out = append(out, dev)
	}
	return out
}
