package teams

import (
	"cmp"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"math/big"
	"math/bits"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/profile"
)

// MinThreshold is the lowest anonymity threshold allowed: with two people in
// a group, each could work out the other's scores from the group mean.
const MinThreshold = 3

// DefaultThreshold is the anonymity threshold Plan uses when given 0.
const DefaultThreshold = 3

// Reasons a slice is suppressed.
const (
	// TooFew: the slice covers fewer people than the threshold.
	TooFew = "too_few"
	// Differencing: shown together with larger or less specific slices, the
	// slice would let a group smaller than the threshold be worked out by
	// difference.
	Differencing = "differencing"
)

// OrgKey is the key of the whole-organisation slice.
const OrgKey = "org"

// Slice names a set of people a dashboard may show an aggregate of: the whole
// organisation or a team with all its descendants, narrowed by filters.
type Slice struct {
	// Team is a team id; "" is the whole organisation.
	Team string `json:"team,omitempty"`
	// Filters narrow the slice to the people matching all of them.
	Filters []Filter `json:"filters,omitempty"`
}

// Filter keeps the people whose attribute has the given value;
// QuadrantAttribute compares the person's quadrant.
type Filter struct {
	// Attribute is a key of Person.Attributes, or QuadrantAttribute.
	Attribute string `json:"attribute"`
	// Value is the value kept.
	Value string `json:"value"`
}

// OrgSlice is the slice of the whole organisation.
func OrgSlice() Slice { return Slice{} }

// TeamSlice is the slice of a team and all its descendants.
func TeamSlice(id string) Slice { return Slice{Team: id} }

// With returns the slice narrowed by one more filter.
func (s Slice) With(attribute, value string) Slice {
	return Slice{Team: s.Team, Filters: append(slices.Clone(s.Filters), Filter{attribute, value})}
}

// Key names the slice canonically, whatever the order of its filters, such as
// "org", "team:eng" or "team:eng?location=paris&quadrant=balanced".
func (s Slice) Key() string {
	var b strings.Builder
	if s.Team == "" {
		b.WriteString(OrgKey)
	} else {
		b.WriteString("team:")
		b.WriteString(url.QueryEscape(s.Team))
	}
	for i, f := range sortedFilters(s.Filters) {
		b.WriteByte("?&"[min(i, 1)])
		b.WriteString(url.QueryEscape(f.Attribute))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(f.Value))
	}
	return b.String()
}

func sortedFilters(fs []Filter) []Filter {
	return slices.SortedFunc(slices.Values(fs), func(a, b Filter) int {
		return cmp.Or(strings.Compare(a.Attribute, b.Attribute), strings.Compare(a.Value, b.Value))
	})
}

// Stat is an aggregate score: the mean and the population standard deviation
// of the members' scores, each 0-100 to one decimal.
type Stat struct {
	// Mean is the members' mean score.
	Mean float64 `json:"mean"`
	// Spread is the population standard deviation of their scores.
	Spread float64 `json:"spread"`
}

// Aggregate is what a dashboard may show of one slice: its scores when it is
// shown, and only why it is not otherwise, never its size.
type Aggregate struct {
	// Key is the slice's Key.
	Key string `json:"-"`
	// Team is the slice's team, "" for the organisation.
	Team string `json:"team,omitempty"`
	// Filters are the slice's filters, sorted by attribute.
	Filters []Filter `json:"filters,omitempty"`
	// Shown reports whether the slice's numbers may be shown.
	Shown bool `json:"shown"`
	// Reason says why a slice is suppressed: TooFew or Differencing.
	Reason string `json:"reason,omitempty"`
	// N is the number of assessed people the shown aggregate covers.
	N int `json:"n,omitempty"`
	// Scales maps a scale to its aggregate score.
	Scales map[string]Stat `json:"scales,omitempty"`
	// Facets maps scale → facet → aggregate score.
	Facets map[string]map[string]Stat `json:"facets,omitempty"`
}

// Dashboard is the outcome of a Plan: every requested slice, shown or
// suppressed, and the views built only from the shown ones. Its JSON is
// deterministic: the same organisation and family, in any order, give the same
// bytes.
type Dashboard struct {
	threshold int
	ix        *index
	slices    map[string]*planned
}

// planned is one requested slice with what the plan decided.
type planned struct {
	agg     Aggregate
	slice   Slice
	filters int
	members []int // indexes into index.people, ascending
	// sums are the exact scale sums in tenths, for Balance.
	sums [2]int64
	// filled fills a shown slice's scores the first time any view asks:
	// most planned slices (the quadrant ones) are only ever counted.
	filled sync.Once
}

// fill computes a shown slice's scores once, whichever view asks first.
func (d *Dashboard) fill(p *planned) *planned {
	if p.agg.Shown {
		p.filled.Do(func() { d.aggregate(p) })
	}
	return p
}

// Threshold is the anonymity threshold the dashboard was planned with.
func (d *Dashboard) Threshold() int { return d.threshold }

// Dimensions are the facet keys in framework order.
func (d *Dashboard) Dimensions() []string { return slices.Clone(d.ix.dims) }

// Keys lists the keys of every requested slice, sorted.
func (d *Dashboard) Keys() []string { return slices.Sorted(maps.Keys(d.slices)) }

// Aggregate returns what may be shown of the slice with the given key, and
// whether the slice was requested at all. Its maps are shared with the
// dashboard: read them, never write to them.
func (d *Dashboard) Aggregate(key string) (Aggregate, bool) {
	p, ok := d.slices[key]
	if !ok {
		return Aggregate{}, false
	}
	return d.fill(p).agg, true
}

// dashboardDoc is the dashboard JSON, a public contract.
type dashboardDoc struct {
	Threshold  int                  `json:"threshold"`
	Dimensions []string             `json:"dimensions"`
	Slices     map[string]Aggregate `json:"slices"`
}

// MarshalJSON writes the threshold, the facets and every requested slice by
// key, shown or suppressed.
func (d *Dashboard) MarshalJSON() ([]byte, error) {
	doc := dashboardDoc{Threshold: d.threshold, Dimensions: d.ix.dims, Slices: map[string]Aggregate{}}
	for k, p := range d.slices {
		doc.Slices[k] = d.fill(p).agg
	}
	return json.Marshal(doc)
}

// Plan decides which slices of the family may be shown, and aggregates those.
// family must be every slice the organisation's dashboards can show, to any
// viewer and on any page, planned at once (Family builds it): the guarantee
// holds within one plan, and two plans over different families could be
// differenced against each other. The order of family, and of the
// organisation's teams, people and members, changes nothing. threshold is at
// least MinThreshold; 0 means DefaultThreshold.
func Plan(org *Org, family []Slice, threshold int) (*Dashboard, error) {
	if threshold < 0 || threshold > 0 && threshold < MinThreshold {
		return nil, belowMinimum(threshold)
	}
	ix, err := newIndex(org)
	if err != nil {
		return nil, err
	}
	return plan(ix, family, threshold)
}

// PlanFamily plans the whole family of slices Family(org, opts) returns,
// indexing the organisation once for both: what Plan(org, Family(org, opts),
// threshold) gives, at half the cost.
func PlanFamily(org *Org, opts FamilyOptions, threshold int) (*Dashboard, error) {
	ix, err := newIndex(org)
	if err != nil {
		return nil, err
	}
	return plan(ix, ix.family(opts), threshold)
}

func plan(ix *index, family []Slice, threshold int) (*Dashboard, error) {
	if threshold == 0 {
		threshold = DefaultThreshold
	}
	if threshold < MinThreshold {
		return nil, belowMinimum(threshold)
	}
	d := &Dashboard{threshold: threshold, ix: ix, slices: make(map[string]*planned, len(family))}
	bad := map[string]string{}
	for i, s := range family {
		members, err := ix.members(s)
		if err != "" {
			bad[fmt.Sprintf("family[%d]", i)] = err
			continue
		}
		key := s.Key()
		if _, dup := d.slices[key]; dup {
			continue
		}
		fs := sortedFilters(s.Filters)
		d.slices[key] = &planned{
			agg:     Aggregate{Key: key, Team: s.Team, Filters: fs},
			slice:   Slice{Team: s.Team, Filters: fs},
			filters: len(fs),
			members: members,
		}
	}
	if err := problems("slice family", bad); err != nil {
		return nil, err
	}
	d.decide()
	for _, p := range d.slices {
		if p.agg.Shown {
			p.agg.N = len(p.members)
		}
	}
	return d, nil
}

func belowMinimum(threshold int) error {
	return &fail.Error{Code: fail.Invalid, Message: fmt.Sprintf("anonymity threshold %d is below the minimum of %d", threshold, MinThreshold),
		Fields: map[string]string{"threshold": fmt.Sprintf("%d is below the minimum of %d: smaller groups could work out each other's scores", threshold, MinThreshold)}}
}

// group is the requested slices that have exactly the same members: they are
// one set to the rule, and shown or suppressed together.
type group struct {
	members []int
	filters int // the fewest filters among its slices
	slices  []*planned
}

// decide applies the rule of the package doc: it admits the distinct member
// sets one by one, in an order defined by the sets alone, and shows a set only
// if every atom of the shown sets stays empty or at least the threshold.
func (d *Dashboard) decide() {
	bySet := map[string]*group{}
	var groups []*group
	var buf []byte
	for _, k := range slices.Sorted(maps.Keys(d.slices)) {
		p := d.slices[k]
		buf = buf[:0]
		for _, m := range p.members {
			buf = binary.AppendUvarint(buf, uint64(m))
		}
		g, ok := bySet[string(buf)]
		if !ok {
			g = &group{members: p.members, filters: p.filters}
			bySet[string(buf)] = g
			groups = append(groups, g)
		}
		g.filters = min(g.filters, p.filters)
		g.slices = append(g.slices, p)
	}
	// Less specific sets first, then larger ones: those are the ones a
	// dashboard needs most, and a smaller or filtered set yields to them.
	slices.SortFunc(groups, func(a, b *group) int {
		return cmp.Or(cmp.Compare(a.filters, b.filters), cmp.Compare(len(b.members), len(a.members)), slices.Compare(a.members, b.members))
	})

	t := d.threshold
	atom := make([]int, len(d.ix.people)) // atom of each person; -1 is in no shown set
	for i := range atom {
		atom[i] = -1
	}
	var size, count, split []int // per atom
	var touched []int
	for _, g := range groups {
		reason := ""
		if len(g.members) < t {
			reason = TooFew
		} else {
			outside := 0
			touched = touched[:0]
			for _, m := range g.members {
				a := atom[m]
				if a < 0 {
					outside++
					continue
				}
				if count[a] == 0 {
					touched = append(touched, a)
				}
				count[a]++
			}
			if outside > 0 && outside < t {
				reason = Differencing
			}
			for _, a := range touched {
				if in, out := count[a], size[a]-count[a]; in < t || out > 0 && out < t {
					reason = Differencing
				}
			}
			if reason == "" {
				// Refine the atoms: each one the set cuts splits in two, and
				// the set's people in no atom yet form a new one.
				for _, a := range touched {
					split[a] = -1
					if count[a] < size[a] {
						split[a] = len(size)
						size[a] -= count[a]
						size, count, split = append(size, count[a]), append(count, 0), append(split, -1)
					}
				}
				fresh := -1
				if outside > 0 {
					fresh = len(size)
					size, count, split = append(size, outside), append(count, 0), append(split, -1)
				}
				for _, m := range g.members {
					switch a := atom[m]; {
					case a < 0:
						atom[m] = fresh
					case split[a] >= 0:
						atom[m] = split[a]
					}
				}
			}
			for _, a := range touched {
				count[a] = 0
			}
		}
		for _, p := range g.slices {
			p.agg.Shown, p.agg.Reason = reason == "", reason
		}
	}
}

// aggregate fills a shown slice's numbers from exact sums of tenths.
func (d *Dashboard) aggregate(p *planned) {
	ix := d.ix
	nd := len(ix.dims)
	n := len(p.members)
	var sum, sq [2][]int64
	for si := range sum {
		sum[si], sq[si] = make([]int64, nd+1), make([]int64, nd+1) // facets, then the scale
	}
	for _, m := range p.members {
		pe := &ix.people[m]
		for si := range sum {
			for fi, v := range pe.facets[si] {
				sum[si][fi] += v
				sq[si][fi] += v * v
			}
			v := pe.scales[si]
			sum[si][nd] += v
			sq[si][nd] += v * v
		}
	}
	p.agg.N = n
	p.agg.Scales = map[string]Stat{}
	p.agg.Facets = map[string]map[string]Stat{}
	for si, scale := range profile.ScaleKeys {
		p.sums[si] = sum[si][nd]
		p.agg.Scales[scale] = stat(sum[si][nd], sq[si][nd], n)
		p.agg.Facets[scale] = map[string]Stat{}
		for fi, dim := range ix.dims {
			p.agg.Facets[scale][dim] = stat(sum[si][fi], sq[si][fi], n)
		}
	}
}

// stat returns the mean and the population standard deviation of n values
// given in tenths by their exact sum and sum of squares, each rounded half up
// to one decimal: the same people always give the same numbers, in any order.
func stat(sum, sumSq int64, n int) Stat {
	nn := int64(n)
	mean := (2*sum + nn) / (2 * nn)
	// The deviation in tenths is √(n·Σx² − (Σx)²)/n; rounded half up it is
	// ⌊(⌊√(4·(n·Σx² − (Σx)²))⌋ + n) / 2n⌋, all in integers: in 64 bits when
	// 4·n·Σx² fits, as it does up to about a million people, else in big.
	if hi, lo := bits.Mul64(uint64(nn), uint64(sumSq)); hi == 0 && lo < 1<<61 {
		v := 4 * (int64(lo) - sum*sum)
		return Stat{Mean: float64(mean) / 10, Spread: float64((int64(isqrt(uint64(v)))+nn)/(2*nn)) / 10}
	}
	v := new(big.Int).Mul(big.NewInt(nn), big.NewInt(sumSq))
	v.Sub(v, new(big.Int).Mul(big.NewInt(sum), big.NewInt(sum)))
	v.Lsh(v, 2).Sqrt(v).Add(v, big.NewInt(nn)).Quo(v, big.NewInt(2*nn))
	return Stat{Mean: float64(mean) / 10, Spread: float64(v.Int64()) / 10}
}

// isqrt is ⌊√x⌋ for x < 2⁶³.
func isqrt(x uint64) uint64 {
	r := uint64(math.Sqrt(float64(x)))
	for r*r > x {
		r--
	}
	for (r+1)*(r+1) <= x {
		r++
	}
	return r
}

// index is an organisation ready for planning: its assessed people in id
// order and each team's slice.
type index struct {
	dims   []string
	people []person // assessed people, by id
	byID   map[string]int
	teams  map[string]Team
	order  []string         // team ids, depth first, siblings by id
	slice  map[string][]int // team id → its own and its descendants' assessed people
}

// person is an assessed person with scores in tenths.
type person struct {
	id       string
	scales   [2]int64
	facets   [2][]int64
	quadrant string
	mentor   bool
	attrs    map[string]string
}

func newIndex(o *Org) (*index, error) {
	bad := map[string]string{}
	o.checkStructure(bad)
	if err := problems("organisation", bad); err != nil {
		return nil, err
	}
	ix := &index{dims: slices.Clone(o.Dimensions), byID: make(map[string]int, len(o.People)), teams: make(map[string]Team, len(o.Teams)),
		slice: make(map[string][]int, len(o.Teams))}
	assessed := 0
	for _, p := range o.People {
		if p.Scores != nil {
			assessed++
		}
	}
	// Every person's facets in one array: an organisation has 100,000.
	nd := len(o.Dimensions)
	all := make([]int64, 2*nd*assessed)
	ix.people = make([]person, 0, assessed)
	for _, p := range o.People {
		if p.Scores == nil {
			continue
		}
		pe := person{id: p.ID, quadrant: p.Scores.Quadrant, mentor: p.Mentor, attrs: p.Attributes}
		for si := range pe.scales {
			pe.scales[si], _ = tenths(p.Scores.Scales[si])
			pe.facets[si], all = all[:nd:nd], all[nd:]
			for fi, v := range p.Scores.Facets[si] {
				pe.facets[si][fi], _ = tenths(v)
			}
		}
		ix.people = append(ix.people, pe)
	}
	slices.SortFunc(ix.people, func(a, b person) int { return strings.Compare(a.id, b.id) })
	for i, p := range ix.people {
		ix.byID[p.id] = i
	}
	children := map[string][]string{}
	for _, t := range o.Teams {
		ix.teams[t.ID] = t
		children[t.Parent] = append(children[t.Parent], t.ID)
	}
	var walk func(id string) []int
	walk = func(id string) []int {
		ix.order = append(ix.order, id)
		var ms []int
		for _, m := range ix.teams[id].Members {
			if i, ok := ix.byID[m]; ok {
				ms = append(ms, i)
			}
		}
		kids := children[id]
		slices.Sort(kids)
		for _, c := range kids {
			ms = append(ms, walk(c)...)
		}
		slices.Sort(ms)
		ms = slices.Compact(ms)
		ix.slice[id] = ms
		return ms
	}
	roots := children[""]
	slices.Sort(roots)
	for _, r := range roots {
		walk(r)
	}
	return ix, nil
}

// members returns the slice's assessed people, ascending, or what is wrong
// with the slice.
func (ix *index) members(s Slice) ([]int, string) {
	var base []int
	if s.Team == "" {
		base = make([]int, len(ix.people))
		for i := range base {
			base[i] = i
		}
	} else {
		var ok bool
		if base, ok = ix.slice[s.Team]; !ok {
			return nil, fmt.Sprintf("team %q is not a team of the organisation", s.Team)
		}
	}
	seen := map[string]bool{}
	for _, f := range s.Filters {
		switch {
		case f.Attribute == "":
			return nil, fmt.Sprintf("slice %s: a filter has no attribute", s.Key())
		case seen[f.Attribute]:
			return nil, fmt.Sprintf("slice %s: two filters on %q; a slice filters each attribute once", s.Key(), f.Attribute)
		case f.Attribute == QuadrantAttribute && !slices.Contains(Quadrants(), f.Value):
			return nil, fmt.Sprintf("slice %s: unknown quadrant %q; want one of %s", s.Key(), f.Value, strings.Join(Quadrants(), ", "))
		}
		seen[f.Attribute] = true
	}
	if len(s.Filters) == 0 {
		return base, ""
	}
	var out []int
	for _, i := range base {
		if ix.matches(i, s.Filters) {
			out = append(out, i)
		}
	}
	return out, ""
}

func (ix *index) matches(i int, fs []Filter) bool {
	p := &ix.people[i]
	for _, f := range fs {
		v, ok := p.attrs[f.Attribute]
		if f.Attribute == QuadrantAttribute {
			v, ok = p.quadrant, true
		}
		if !ok || v != f.Value {
			return false
		}
	}
	return true
}

// FamilyOptions says which filtered slices Family adds.
type FamilyOptions struct {
	// Attributes are the person attributes dashboards filter on: each value
	// held by an assessed person of a slice adds that slice narrowed to the
	// value.
	Attributes []string
	// Quadrants adds every slice narrowed to each of the four quadrants,
	// which the grid's quadrant counts are read from.
	Quadrants bool
}

// Family returns the whole family of slices an organisation's dashboards can
// show: the organisation, every team, and each of those narrowed by one
// filter, sorted by key. It is the family to Plan.
func Family(org *Org, opts FamilyOptions) ([]Slice, error) {
	ix, err := newIndex(org)
	if err != nil {
		return nil, err
	}
	out := ix.family(opts)
	keys := make([]string, len(out))
	idx := make([]int, len(out))
	for i := range out {
		keys[i], idx[i] = out[i].Key(), i
	}
	slices.SortFunc(idx, func(a, b int) int { return strings.Compare(keys[a], keys[b]) })
	sorted := make([]Slice, len(out))
	for i, j := range idx {
		sorted[i] = out[j]
	}
	return sorted, nil
}

// family lists the organisation's family of slices, in no particular order.
func (ix *index) family(opts FamilyOptions) []Slice {
	base := []Slice{OrgSlice()}
	for _, id := range ix.order {
		base = append(base, TeamSlice(id))
	}
	var out []Slice
	for _, s := range base {
		out = append(out, s)
		var members []int
		if len(opts.Attributes) > 0 {
			members, _ = ix.members(s)
		}
		for _, a := range opts.Attributes {
			if a == QuadrantAttribute {
				continue
			}
			values := map[string]bool{}
			for _, i := range members {
				if v, ok := ix.people[i].attrs[a]; ok {
					values[v] = true
				}
			}
			for _, v := range slices.Sorted(maps.Keys(values)) {
				out = append(out, s.With(a, v))
			}
		}
		if opts.Quadrants {
			for _, q := range Quadrants() {
				out = append(out, s.With(QuadrantAttribute, q))
			}
		}
	}
	return out
}
