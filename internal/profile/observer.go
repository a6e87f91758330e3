package profile

import (
	"fmt"
	"sort"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/instrument"
)

// Observation is one observer's capability ratings keyed and summed facet by
// facet, indexed like Profile.Facets. It keeps the raw sums rather than
// rounded scores so that a 360 report can aggregate many observers exactly.
type Observation struct {
	// Sums holds the keyed sum of the ratings given on each facet, with
	// reverse-keyed items reversed exactly as Score reverses them.
	Sums [2][]int
	// Rated holds how many of the facet's items the observer rated; an item
	// left out means "don't know", so a facet can have 0.
	Rated [2][]int
}

// Observe validates one observer's capability ratings (item id → 1-5, items
// left out meaning "don't know") and keys them as Score does. Every unknown,
// non-capability or out-of-range rating is reported under its item id in one
// *fail.Error with code fail.Invalid.
func (s *Scorer) Observe(ratings map[string]int) (Observation, error) {
	nd := len(s.dims)
	buf := make([]int, 4*nd)
	o := Observation{
		Sums:  [2][]int{buf[:nd:nd], buf[nd : 2*nd : 2*nd]},
		Rated: [2][]int{buf[2*nd : 3*nd : 3*nd], buf[3*nd:]},
	}
	var bad map[string]string
	for id, v := range ratings {
		msg := ""
		idx, ok := s.byID[id]
		switch {
		case !ok:
			msg = "unknown item id"
		case s.items[idx].section != secCapability:
			msg = "not a capability item; observers rate capability items only"
		case v < instrument.MinRating || v > instrument.MaxRating:
			msg = fmt.Sprintf("%d is out of range; want %d to %d", v, instrument.MinRating, instrument.MaxRating)
		}
		if msg != "" {
			if bad == nil {
				bad = map[string]string{}
			}
			bad[id] = msg
			continue
		}
		it := &s.items[idx]
		if it.reverse {
			v = instrument.MinRating + instrument.MaxRating - v
		}
		o.Sums[it.scale][it.facet] += v
		o.Rated[it.scale][it.facet]++
	}
	if bad != nil {
		ids := make([]string, 0, len(bad))
		for id := range bad {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		return Observation{}, &fail.Error{Code: fail.Invalid, Message: fmt.Sprintf("%d rating(s) are wrong: %s", len(bad), joinMax(ids, 8)), Fields: bad}
	}
	return o, nil
}

// FacetItems returns how many capability items each facet of each scale has,
// indexed like Profile.Facets.
func (s *Scorer) FacetItems() [2][]int {
	return [2][]int{append([]int(nil), s.perFacet[M]...), append([]int(nil), s.perFacet[L]...)}
}

// Dimensions returns the facet keys in the order of Profile.Facets.
func (s *Scorer) Dimensions() []string { return append([]string(nil), s.dims...) }
