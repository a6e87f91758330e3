package psychometrics

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
)

// Missing is the value of an unanswered item in a row given to
// Accumulator.Add.
const Missing = 0

// Item is one rated item of an analysis.
type Item struct {
	// ID is the instrument's item id, as in a responses file's header.
	ID string
	// Reverse marks an item keyed against its scale: a high rating means less
	// of what the scale measures.
	Reverse bool
}

// Group kinds.
const (
	// KindScale is a whole scale: management or leadership.
	KindScale = "scale"
	// KindFacet is one dimension within a scale.
	KindFacet = "facet"
)

// Group is a set of items whose reliability is analysed together: a scale or
// a facet.
type Group struct {
	// Name is the scale key ("management") or scale.facet ("management.focus").
	Name string
	// Kind is KindScale or KindFacet.
	Kind string
	// Items are indexes into the items the Accumulator was made with, in the
	// order they are reported.
	Items []int
}

// Accumulator takes respondents one at a time and keeps only what the
// statistics need: for every item, how often each rating was given, and for
// every pair of items that share a group, the number of people who answered
// both, the sum of each item's answers over those people, and the sum of the
// products. Its memory depends on the items, not the respondents, and every
// sum is exact.
type Accumulator struct {
	items  []Item
	groups []Group
	max    int
	levels int // ratings 1..max plus Missing

	n int64
	// counts[i*levels+v] is how often item i had value v.
	counts []int64
	// Items are laid out at positions that put the items of a group next to
	// each other where the groups allow (pos[i] is item i's), so that an
	// item's partners — the later positions that share a group with it —
	// usually form one run [lo[p], hi[p]) that Add reads straight through.
	// partners[p] lists them when they do not. Pair (p, q) is number
	// base[p] + its place among p's partners.
	pos      []int
	order    []int
	partners [][]int32
	run      []bool
	lo, hi   []int
	base     []int
	// pairAt[{i, j}] is the number of the pair of items i < j.
	pairAt map[[2]int]int
	sums   []pairSums

	// Hot counters, folded into counts and sums every flushEvery rows,
	// before a 16-bit lane can overflow. A pair's four sums travel packed
	// in one uint64, one multiply-add per pair and respondent (see Add).
	pending    int
	flushEvery int
	hotCount   []uint16
	hot        []uint64
	a, b       []uint64 // per-row operands of the packed products
}

// pairSums are the sums over the respondents who answered both items of a
// pair: n, Σx, Σy and Σxy.
type pairSums struct{ n, sx, sy, sxy int64 }

// NewAccumulator makes an accumulator for items rated 1..top, analysed in the
// given groups.
func NewAccumulator(items []Item, groups []Group, top int) (*Accumulator, error) {
	if top < 1 || top > 255 {
		return nil, fmt.Errorf("ratings must run from 1 to at most 255, not %d", top)
	}
	a := &Accumulator{items: items, groups: groups, max: top, levels: top + 1, pairAt: map[[2]int]int{}}
	n := len(items)
	share := make([][]bool, n)
	for i := range share {
		share[i] = make([]bool, n)
	}
	first := make([]int, n) // the first group of each item, len(groups) for none
	for i := range first {
		first[i] = len(groups)
	}
	for gi, g := range groups {
		for x, i := range g.Items {
			if i < 0 || i >= n {
				return nil, fmt.Errorf("group %s: item index %d out of range", g.Name, i)
			}
			first[i] = min(first[i], gi)
			for _, j := range g.Items[x+1:] {
				if i == j {
					return nil, fmt.Errorf("group %s: item %s twice", g.Name, items[i].ID)
				}
				share[i][j], share[j][i] = true, true
			}
		}
	}
	a.order = make([]int, n)
	for i := range a.order {
		a.order[i] = i
	}
	slices.SortStableFunc(a.order, func(x, y int) int { return first[x] - first[y] })
	a.pos = make([]int, n)
	for p, i := range a.order {
		a.pos[i] = p
	}
	a.partners = make([][]int32, n)
	a.run = make([]bool, n)
	a.lo, a.hi = make([]int, n), make([]int, n)
	a.base = make([]int, n)
	pairs := 0
	for p, i := range a.order {
		a.base[p] = pairs
		for q := p + 1; q < n; q++ {
			if j := a.order[q]; share[i][j] {
				a.pairAt[[2]int{min(i, j), max(i, j)}] = pairs
				a.partners[p] = append(a.partners[p], int32(q))
				pairs++
			}
		}
		if ps := a.partners[p]; len(ps) > 0 {
			a.lo[p], a.hi[p] = int(ps[0]), int(ps[len(ps)-1])+1
			a.run[p] = a.hi[p]-a.lo[p] == len(ps)
		}
	}
	a.counts = make([]int64, len(items)*a.levels)
	a.hotCount = make([]uint16, len(items)*a.levels)
	a.sums = make([]pairSums, pairs)
	a.hot = make([]uint64, pairs)
	a.a = make([]uint64, n)
	a.b = make([]uint64, n)
	a.flushEvery = math.MaxUint16 / (top * top)
	return a, nil
}

// Items returns the items the accumulator was made with.
func (a *Accumulator) Items() []Item { return a.items }

// Groups returns the groups the accumulator was made with.
func (a *Accumulator) Groups() []Group { return a.groups }

// N is the number of respondents added so far.
func (a *Accumulator) N() int64 { return a.n + int64(a.pending) }

// Add counts one respondent. row holds one value per item, Missing or 1..top;
// any other value is a programming error and panics.
//
// For a pair (i, j) with answers x and y (0 when missing) and answered-flags
// o and q, the four sums Σxy, Σxq, Σoy and Σoq sit in the 16-bit lanes of
// one uint64. With A = x + o·2³² and B = y + q·2¹⁶, the single product A·B is
// xy + xq·2¹⁶ + oy·2³² + oq·2⁴⁸: every lane's increment at once, with no
// carries between lanes as long as they are folded in time.
func (a *Accumulator) Add(row []uint8) {
	if len(row) != len(a.items) {
		panic(fmt.Sprintf("psychometrics: row of %d values for %d items", len(row), len(a.items)))
	}
	L := a.levels
	A, B := a.a[:len(row)], a.b[:len(row)]
	for i, v := range row {
		if int(v) > a.max {
			panic(fmt.Sprintf("psychometrics: value %d of item %s outside 1-%d", v, a.items[i].ID, a.max))
		}
		a.hotCount[i*L+int(v)]++
		p := a.pos[i]
		if v == Missing {
			A[p], B[p] = 0, 0
		} else {
			A[p], B[p] = uint64(v)|1<<32, uint64(v)|1<<16
		}
	}
	for p, ap := range A {
		if ap == 0 || a.lo[p] == a.hi[p] {
			continue
		}
		if a.run[p] {
			bs := B[a.lo[p]:a.hi[p]]
			h := a.hot[a.base[p] : a.base[p]+len(bs)]
			for q, b := range bs {
				h[q] += ap * b
			}
			continue
		}
		ps := a.partners[p]
		h := a.hot[a.base[p] : a.base[p]+len(ps)]
		for x, q := range ps {
			h[x] += ap * B[q]
		}
	}
	a.pending++
	if a.pending == a.flushEvery {
		a.fold()
	}
}

// fold moves the hot counters into the 64-bit totals.
func (a *Accumulator) fold() {
	for i, c := range a.hotCount {
		a.counts[i] += int64(c)
		a.hotCount[i] = 0
	}
	for p, h := range a.hot {
		s := &a.sums[p]
		s.sxy += int64(h & 0xffff)
		s.sx += int64(h >> 16 & 0xffff)
		s.sy += int64(h >> 32 & 0xffff)
		s.n += int64(h >> 48)
		a.hot[p] = 0
	}
	a.n += int64(a.pending)
	a.pending = 0
}

// item and pairCov read the 64-bit totals: call fold first.

// moments are the exact sums of one item's answers.
type moments struct {
	n, sum, sumSq int64
	min, max      int
}

func (a *Accumulator) item(i int) moments {
	m := moments{min: -1, max: -1}
	for v := 1; v < a.levels; v++ {
		c := a.counts[i*a.levels+v]
		if c == 0 {
			continue
		}
		if m.min < 0 {
			m.min = v
		}
		m.max = v
		m.n += c
		m.sum += c * int64(v)
		m.sumSq += c * int64(v*v)
	}
	return m
}

// pairCov returns the covariance of items i < j over the respondents who
// answered both, as R's cov(use = "pairwise") defines it: each item's mean is
// taken over those respondents only. It is NaN when fewer than 2 answered both.
func (a *Accumulator) pairCov(i, j int) float64 {
	s := a.sums[a.pairAt[[2]int{i, j}]]
	if s.n < 2 {
		return math.NaN()
	}
	// (n·Σxy − Σx·Σy) / (n(n−1)), the numerator exact in 128 bits.
	return diff128(uint64(s.n), uint64(s.sxy), uint64(s.sx), uint64(s.sy)) / (float64(s.n) * float64(s.n-1))
}

// diff128 returns a·b − c·d for non-negative operands, computed exactly and
// rounded once to float64.
func diff128(a, b, c, d uint64) float64 {
	h1, l1 := bits.Mul64(a, b)
	h2, l2 := bits.Mul64(c, d)
	neg := h1 < h2 || (h1 == h2 && l1 < l2)
	if neg {
		h1, l1, h2, l2 = h2, l2, h1, l1
	}
	lo, borrow := bits.Sub64(l1, l2, 0)
	hi, _ := bits.Sub64(h1, h2, borrow)
	// float64(hi) rounds only when hi ≥ 2^53, far beyond any real data.
	v := float64(hi)*0x1p64 + float64(lo)
	if neg {
		return -v
	}
	return v
}
