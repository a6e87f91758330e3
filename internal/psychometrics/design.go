package psychometrics

import (
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/instrument"
)

// Design is what an analysis needs of an instrument: its rated items, how
// they form scales and facets, and the ratings' range.
type Design struct {
	// Instrument is the instrument's id, such as "core@1".
	Instrument string
	// Min and Max bound the ratings.
	Min, Max int
	// Items are the instrument's capability items, in instrument order.
	Items []Item
	// Groups are the two scales, then each scale's facets in the order of the
	// framework's dimensions; Items index Items.
	Groups []Group
	// unrated maps the ids of the instrument's other items to their section,
	// so that a file naming one is told why it cannot be analysed.
	unrated map[string]string
}

// DesignFor lays out the capability items of an instrument as the scales
// (management, leadership) and facets (management.<dimension>, ...) that
// Analyse reports.
func DesignFor(in *instrument.Instrument) Design {
	d := Design{Instrument: in.ID, Min: instrument.MinRating, Max: instrument.MaxRating, unrated: map[string]string{}}
	scales := []string{framework.Management, framework.Leadership}
	scaleItems := map[string][]int{}
	facetItems := map[string][]int{}
	for _, it := range in.Items {
		if it.Section != instrument.Capability {
			d.unrated[it.ID] = it.Section
			continue
		}
		i := len(d.Items)
		d.Items = append(d.Items, Item{ID: it.ID, Reverse: it.Reverse})
		scaleItems[it.Scale] = append(scaleItems[it.Scale], i)
		facetItems[it.Scale+"."+it.Facet] = append(facetItems[it.Scale+"."+it.Facet], i)
	}
	for _, s := range scales {
		d.Groups = append(d.Groups, Group{Name: s, Kind: KindScale, Items: scaleItems[s]})
	}
	for _, s := range scales {
		for _, dim := range in.Dimensions {
			name := s + "." + dim.Key
			if items := facetItems[name]; len(items) > 0 {
				d.Groups = append(d.Groups, Group{Name: name, Kind: KindFacet, Items: items})
			}
		}
	}
	return d
}
