package teams_test

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/teams"
)

// The must-show property test of issue 8: for thousands of random
// organisations (trees 1-4 deep, teams of 0-8 people, overlapping membership,
// people with and without scores and attributes) and random families of
// slices (teams, the organisation, filters on attributes and quadrants, one or
// two at a time), it checks against an independent model of who is in each
// slice that
//
//	(a) every shown aggregate has n ≥ threshold and is exactly its members'
//	    mean and spread; every suppressed one shows no number;
//	(b) nothing can be differenced out of the shown slices: every atom of
//	    them has ≥ threshold people; every combination of two shown slices
//	    with coefficients in -2..2, and of three in -1..1, and every pairwise
//	    difference and intersection, covers 0 or ≥ threshold people; and,
//	    exactly, the rational span of the shown slices' indicator vectors
//	    holds no vector supported on 1 or 2 people;
//	(c) giving new scores to everyone in no shown slice changes no byte of
//	    the dashboard, the heatmap, any grid or any balance;
//	(d) the order of the request and of the organisation changes no byte;
//	(e) the plan is maximal: each suppressed slice of ≥ threshold people
//	    would, if added, create an atom of 1 to threshold−1 people.

const (
	propertyOrgs   = 4000
	propertyShards = 4
)

type propertyTally struct {
	orgs, people, requested, distinct, shown, tooFew, differencing atomic.Int64
	nestedShown, filteredShown, quadrantShown                      atomic.Int64
	combos, spans, spanColumns, maxRank, withHidden, perturbed     atomic.Int64
	maximal, shuffled, rich                                        atomic.Int64
}

func TestPropertyAnonymity(t *testing.T) {
	fw := mustFramework(t)
	var n propertyTally
	t.Cleanup(func() {
		t.Logf("%d organisations, %d people; %d slices requested (%d distinct sets): %d shown (%d of nested teams, %d filtered, %d by quadrant), %d too few, %d differencing",
			n.orgs.Load(), n.people.Load(), n.requested.Load(), n.distinct.Load(), n.shown.Load(), n.nestedShown.Load(), n.filteredShown.Load(),
			n.quadrantShown.Load(), n.tooFew.Load(), n.differencing.Load())
		t.Logf("%d organisations show 3 or more distinct sets; %d small-coefficient combinations checked; %d exact span checks over %d people (largest rank %d); %d organisations with people in no shown slice, %d people re-scored with no byte changed; %d suppressions shown necessary; %d shuffled replans",
			n.rich.Load(), n.combos.Load(), n.spans.Load(), n.spanColumns.Load(), n.maxRank.Load(), n.withHidden.Load(), n.perturbed.Load(), n.maximal.Load(), n.shuffled.Load())
		if got := n.orgs.Load(); got < propertyOrgs {
			t.Errorf("checked %d organisations, want at least %d", got, propertyOrgs)
		}
	})
	for shard := range propertyShards {
		t.Run(fmt.Sprintf("shard%d", shard), func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(8, uint64(shard)))
			for i := range propertyOrgs / propertyShards {
				w := randomWorld(rng, fw)
				checkWorld(t, rng, w, &n, i%4 == 0)
				if t.Failed() {
					t.Fatalf("organisation %d of shard %d failed (seed 8, %d)", i, shard, shard)
				}
			}
		})
	}
}

// world is one random organisation and the family of slices requested of it.
type world struct {
	org       *teams.Org
	family    []teams.Slice
	threshold int
}

var (
	locations = []string{"paris", "london", "berlin"}
	grades    = []string{"a", "b"}
)

func randomScores(rng *rand.Rand, quadrant string) *teams.Scores {
	s := &teams.Scores{Quadrant: quadrant}
	for si := range s.Scales {
		s.Scales[si] = float64(rng.IntN(1001)) / 10
		for range 6 {
			s.Facets[si] = append(s.Facets[si], float64(rng.IntN(1001))/10)
		}
	}
	return s
}

func randomWorld(rng *rand.Rand, fw *framework.Framework) world {
	o := &teams.Org{Dimensions: fw.DimensionKeys()}
	np := rng.IntN(41)
	for i := range np {
		p := teams.Person{ID: fmt.Sprintf("p%02d", i), Mentor: rng.IntN(2) == 0, Attributes: map[string]string{}}
		if rng.Float64() < 0.9 {
			p.Scores = randomScores(rng, teams.Quadrants()[rng.IntN(4)])
		}
		if rng.Float64() < 0.9 {
			p.Attributes["location"] = locations[rng.IntN(len(locations))]
		}
		if rng.Float64() < 0.7 {
			p.Attributes["grade"] = grades[rng.IntN(len(grades))]
		}
		o.People = append(o.People, p)
	}
	maxDepth, nt := 1+rng.IntN(4), 1+rng.IntN(10)
	depth := map[string]int{}
	for j := range nt {
		tm := teams.Team{ID: fmt.Sprintf("t%d", j)}
		depth[tm.ID] = 1
		if j > 0 && rng.Float64() < 0.7 {
			parent := o.Teams[rng.IntN(j)].ID
			if depth[parent] < maxDepth {
				tm.Parent, depth[tm.ID] = parent, depth[parent]+1
			}
		}
		if np > 0 {
			for _, k := range rng.Perm(np)[:min(np, rng.IntN(9))] {
				tm.Members = append(tm.Members, o.People[k].ID)
			}
		}
		o.Teams = append(o.Teams, tm)
	}

	w := world{org: o, threshold: 3}
	if rng.Float64() < 0.2 {
		w.threshold = 4 + rng.IntN(2)
	}
	bases := []teams.Slice{teams.OrgSlice()}
	for _, tm := range o.Teams {
		bases = append(bases, teams.TeamSlice(tm.ID))
	}
	switch rng.IntN(3) {
	case 0: // the standard family, as the dashboards would plan it
		family, err := teams.Family(o, teams.FamilyOptions{Attributes: []string{"location", "grade"}, Quadrants: true})
		if err != nil {
			panic(err)
		}
		w.family = family
	default: // a random family, one or two filters deep
		p := []float64{0.15, 0.5}[rng.IntN(2)]
		pick := func(s teams.Slice) {
			if rng.Float64() < p {
				w.family = append(w.family, s)
			}
		}
		for _, b := range bases {
			pick(b)
			pick(b) // asked twice, sometimes
			for _, l := range append(locations, "nowhere") {
				pick(b.With("location", l))
				for _, q := range teams.Quadrants() {
					if rng.Float64() < 0.3 {
						pick(b.With("location", l).With(teams.QuadrantAttribute, q))
					}
				}
			}
			for _, g := range grades {
				pick(b.With("grade", g))
				pick(b.With("grade", g).With("location", locations[rng.IntN(len(locations))]))
			}
			for _, q := range teams.Quadrants() {
				pick(b.With(teams.QuadrantAttribute, q))
			}
		}
	}
	rng.Shuffle(len(w.family), func(i, j int) { w.family[i], w.family[j] = w.family[j], w.family[i] })
	return w
}

// model is the test's own account of who is in a slice: assessed people as
// bits, in the order of the organisation's people.
type model struct {
	w      world
	bit    map[string]int
	all    uint64
	people []*teams.Person
}

func newModel(w world) *model {
	m := &model{w: w, bit: map[string]int{}}
	for i := range w.org.People {
		p := &w.org.People[i]
		if p.Scores != nil {
			m.bit[p.ID] = len(m.people)
			m.all |= 1 << len(m.people)
			m.people = append(m.people, p)
		}
	}
	return m
}

func (m *model) team(id string) uint64 {
	var s uint64
	for _, tm := range m.w.org.Teams {
		if tm.ID == id {
			for _, p := range tm.Members {
				if b, ok := m.bit[p]; ok {
					s |= 1 << b
				}
			}
		}
		if tm.Parent == id {
			s |= m.team(tm.ID)
		}
	}
	return s
}

func (m *model) members(s teams.Slice) uint64 {
	set := m.all
	if s.Team != "" {
		set = m.team(s.Team)
	}
	for b, p := range m.people {
		for _, f := range s.Filters {
			v, ok := p.Attributes[f.Attribute]
			if f.Attribute == teams.QuadrantAttribute {
				v, ok = p.Scores.Quadrant, true
			}
			if !ok || v != f.Value {
				set &^= 1 << b
			}
		}
	}
	return set
}

func plan(tb testing.TB, w world) *teams.Dashboard {
	tb.Helper()
	return mustPlan(tb, w.org, w.family, w.threshold)
}

func checkWorld(t *testing.T, rng *rand.Rand, w world, n *propertyTally, shuffle bool) {
	t.Helper()
	n.orgs.Add(1)
	n.people.Add(int64(len(w.org.People)))
	n.requested.Add(int64(len(w.family)))
	T := w.threshold
	m := newModel(w)
	d := plan(t, w)

	// (a) Every shown aggregate has n ≥ T and is exactly its members' scores.
	byKey := map[string]teams.Slice{}
	for _, s := range w.family {
		byKey[s.Key()] = s
	}
	if got, want := len(d.Keys()), len(byKey); got != want {
		t.Errorf("%d slices planned, %d requested", got, want)
	}
	shownSet := map[uint64]bool{}
	decided := map[uint64]bool{}
	var shown []uint64
	for _, k := range d.Keys() {
		a := mustAggregate(t, d, k)
		set := m.members(byKey[k])
		size := bits.OnesCount64(set)
		if was, ok := decided[set]; ok && was != a.Shown {
			t.Errorf("%s: slices with the same people decided apart", k)
		}
		decided[set] = a.Shown
		if !a.Shown {
			switch {
			case a.N != 0 || a.Scales != nil || a.Facets != nil:
				t.Errorf("%s: suppressed, but shows %+v", k, a)
			case size < T && a.Reason != teams.TooFew, size >= T && a.Reason != teams.Differencing:
				t.Errorf("%s: %d people, suppressed as %q", k, size, a.Reason)
			}
			if a.Reason == teams.TooFew {
				n.tooFew.Add(1)
			} else {
				n.differencing.Add(1)
			}
			continue
		}
		n.shown.Add(1)
		switch s := byKey[k]; {
		case slices.ContainsFunc(s.Filters, func(f teams.Filter) bool { return f.Attribute == teams.QuadrantAttribute }):
			n.quadrantShown.Add(1)
		case len(s.Filters) > 0:
			n.filteredShown.Add(1)
		case s.Team != "" && slices.ContainsFunc(w.org.Teams, func(tm teams.Team) bool { return tm.ID == s.Team && tm.Parent != "" }):
			n.nestedShown.Add(1)
		}
		if a.N < T {
			t.Errorf("%s: shown with n=%d < %d", k, a.N, T)
		}
		if a.N != size {
			t.Errorf("%s: n=%d, but the slice holds %d assessed people", k, a.N, size)
		}
		checkStats(t, k, m, set, a)
		if !shownSet[set] {
			shownSet[set] = true
			shown = append(shown, set)
		}
	}
	n.distinct.Add(int64(len(decided)))
	if len(shown) >= 3 {
		n.rich.Add(1)
	}

	// (b) Nothing can be differenced out of the shown slices.
	checkAtoms(t, shown, T)
	n.combos.Add(checkCombinations(t, rng, shown, T))
	rank, cols, problems := checkSpan(m, shown)
	for _, p := range problems {
		t.Error(p)
	}
	n.spans.Add(1)
	n.spanColumns.Add(int64(cols))
	for {
		old := n.maxRank.Load()
		if int64(rank) <= old || n.maxRank.CompareAndSwap(old, int64(rank)) {
			break
		}
	}

	// (e) Every suppression of a slice of ≥ T people was needed.
	for set, ok := range decided {
		if ok || bits.OnesCount64(set) < T {
			continue
		}
		if smallestAtom(append(slices.Clone(shown), set), T) == 0 {
			t.Errorf("a slice of %d people was suppressed though showing it too would keep every atom ≥ %d", bits.OnesCount64(set), T)
		}
		n.maximal.Add(1)
	}

	// (c) New scores for everyone in no shown slice change no byte.
	var union uint64
	for _, s := range shown {
		union |= s
	}
	hidden := m.all &^ union
	var want string
	if hidden != 0 || shuffle {
		want = views(t, d, w)
	}
	if hidden != 0 {
		n.withHidden.Add(1)
		o := *w.org
		o.People = slices.Clone(o.People)
		for i, p := range o.People {
			if b, ok := m.bit[p.ID]; ok && hidden&(1<<b) != 0 {
				o.People[i].Scores = randomScores(rng, p.Scores.Quadrant)
				n.perturbed.Add(1)
			}
		}
		w2 := w
		w2.org = &o
		if got := views(t, plan(t, w2), w2); got != want {
			t.Errorf("re-scoring the %d people in no shown slice changed what is shown: %s", bits.OnesCount64(hidden), firstDiff(got, want))
		}
	}

	// (d) The order of the request and of the organisation changes no byte.
	if shuffle {
		n.shuffled.Add(1)
		o := &teams.Org{Dimensions: w.org.Dimensions, Teams: slices.Clone(w.org.Teams), People: slices.Clone(w.org.People)}
		rng.Shuffle(len(o.Teams), func(i, j int) { o.Teams[i], o.Teams[j] = o.Teams[j], o.Teams[i] })
		rng.Shuffle(len(o.People), func(i, j int) { o.People[i], o.People[j] = o.People[j], o.People[i] })
		for i := range o.Teams {
			ms := slices.Clone(o.Teams[i].Members)
			rng.Shuffle(len(ms), func(i, j int) { ms[i], ms[j] = ms[j], ms[i] })
			o.Teams[i].Members = ms
		}
		w2 := world{org: o, family: slices.Clone(w.family), threshold: w.threshold}
		slices.Reverse(w2.family)
		if got := views(t, plan(t, w2), w2); got != want {
			t.Errorf("a shuffled request changed what is shown: %s", firstDiff(got, want))
		}
	}
}

// firstDiff shows where two renderings first differ.
func firstDiff(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-120)
	return fmt.Sprintf("at byte %d:\n got …%s…\nwant …%s…", i, got[from:min(len(got), i+80)], want[from:min(len(want), i+80)])
}

// views renders everything the dashboards show from one plan: the plan
// itself, the heatmap, every slice's grid for a viewer who may see no one,
// and every slice's balance against a fixed recommendation.
func views(tb testing.TB, d *teams.Dashboard, w world) string {
	tb.Helper()
	var b strings.Builder
	b.WriteString(mustJSON(tb, d))
	h, err := d.Heatmap()
	if err != nil {
		tb.Fatal(err)
	}
	b.WriteString(mustJSON(tb, h))
	for _, k := range d.Keys() {
		g, err := d.Grid(k, func(string) bool { return false })
		if err != nil {
			tb.Fatal(err)
		}
		bal, err := d.Balance(k, teams.Recommendation{ManagementShare: 55, Orientation: teams.Both})
		if err != nil {
			tb.Fatal(err)
		}
		b.WriteString(mustJSON(tb, g))
		b.WriteString(mustJSON(tb, bal))
	}
	return b.String()
}

// checkStats recomputes a shown aggregate's means and spreads in floating
// point: each must lie within half a tenth of the exact value.
func checkStats(t *testing.T, key string, m *model, set uint64, a teams.Aggregate) {
	t.Helper()
	check := func(where string, get func(*teams.Scores) float64, got teams.Stat) {
		var sum, sq float64
		k := 0
		for b, p := range m.people {
			if set&(1<<b) != 0 {
				v := get(p.Scores)
				sum, sq, k = sum+v, sq+v*v, k+1
			}
		}
		mean := sum / float64(k)
		sd := math.Sqrt(math.Max(0, sq/float64(k)-mean*mean))
		if math.Abs(got.Mean-mean) > 0.05+1e-6 || math.Abs(got.Spread-sd) > 0.05+1e-6 {
			t.Errorf("%s %s: %+v, want mean %.4f spread %.4f", key, where, got, mean, sd)
		}
	}
	for si, scale := range profile.ScaleKeys {
		check(scale, func(s *teams.Scores) float64 { return s.Scales[si] }, a.Scales[scale])
		for fi, dim := range m.w.org.Dimensions {
			check(scale+"."+dim, func(s *teams.Scores) float64 { return s.Facets[si][fi] }, a.Facets[scale][dim])
		}
	}
}

// smallestAtom returns the size of the smallest atom of sets that is below
// t, or 0 if every atom has at least t people. An atom is a class of people
// who belong to exactly the same sets, and to at least one.
func smallestAtom(sets []uint64, t int) int {
	atoms := map[string]int{}
	var union uint64
	for _, s := range sets {
		union |= s
	}
	sig := make([]byte, len(sets))
	for b := 0; b < 64; b++ {
		if union&(1<<b) == 0 {
			continue
		}
		for i, s := range sets {
			sig[i] = byte(s >> b & 1)
		}
		atoms[string(sig)]++
	}
	small := 0
	for _, c := range atoms {
		if c < t && (small == 0 || c < small) {
			small = c
		}
	}
	return small
}

func checkAtoms(t *testing.T, shown []uint64, T int) {
	t.Helper()
	if s := smallestAtom(shown, T); s != 0 {
		t.Errorf("the shown slices have an atom of %d people, fewer than %d", s, T)
	}
}

// checkCombinations checks the support of small integer combinations of
// shown slices: pairs with coefficients in -2..2 and their differences and
// intersections, triples with coefficients in -1..1 (at most 3,000 triples,
// sampled beyond that). It returns how many combinations it checked.
func checkCombinations(t *testing.T, rng *rand.Rand, shown []uint64, T int) int64 {
	t.Helper()
	var checked int64
	ok := func(support int, what string) {
		checked++
		if support != 0 && support < T {
			t.Errorf("%s isolates %d people", what, support)
		}
	}
	for i := range shown {
		for j := i + 1; j < len(shown); j++ {
			a, b := shown[i], shown[j]
			ok(bits.OnesCount64(a&^b), "a shown slice minus another")
			ok(bits.OnesCount64(b&^a), "a shown slice minus another")
			ok(bits.OnesCount64(a&b), "the intersection of two shown slices")
			for ca := -2; ca <= 2; ca++ {
				for cb := -2; cb <= 2; cb++ {
					ok(combination([]uint64{a, b}, []int{ca, cb}), fmt.Sprintf("%d·A %+d·B", ca, cb))
				}
			}
		}
	}
	k := len(shown)
	triple := func(i, j, l int) {
		for c := range 27 {
			cs := []int{c%3 - 1, c/3%3 - 1, c/9 - 1}
			ok(combination([]uint64{shown[i], shown[j], shown[l]}, cs), fmt.Sprintf("%v·(A, B, C)", cs))
		}
	}
	if k*(k-1)*(k-2)/6 <= 3000 {
		for i := range k {
			for j := i + 1; j < k; j++ {
				for l := j + 1; l < k; l++ {
					triple(i, j, l)
				}
			}
		}
	} else {
		for range 3000 {
			p := rng.Perm(k)
			triple(p[0], p[1], p[2])
		}
	}
	return checked
}

// combination returns the number of people on whom Σ cs[i]·1_{sets[i]} is
// not zero.
func combination(sets []uint64, cs []int) int {
	support := 0
	for pat := range 1 << len(sets) {
		v, in := 0, ^uint64(0)
		for i, s := range sets {
			if pat&(1<<i) != 0 {
				v += cs[i]
				in &= s
			} else {
				in &^= s
			}
		}
		if pat != 0 && v != 0 {
			support += bits.OnesCount64(in)
		}
	}
	return support
}

// checkSpan checks exactly, over the rationals, that no vector supported on 1
// or 2 people lies in the span W of the shown slices' indicator vectors. A
// vector v supported on G lies in W iff Kv = 0 for a basis K of W's
// orthogonal complement (the null space), that is iff the columns of K at G
// are linearly dependent: for |G| = 1, a zero column; for |G| = 2, two
// parallel columns. K comes from the reduced row echelon form, computed
// without fractions. It returns the rank of W, the number of people checked
// and every isolation found.
func checkSpan(m *model, shown []uint64) (rank, people int, problems []string) {
	var union uint64
	for _, s := range shown {
		union |= s
	}
	var cols []int // bit of each column
	for b := 0; b < 64; b++ {
		if union&(1<<b) != 0 {
			cols = append(cols, b)
		}
	}
	M := make([][]*big.Int, len(shown))
	for i, s := range shown {
		M[i] = make([]*big.Int, len(cols))
		for j, b := range cols {
			M[i][j] = big.NewInt(int64(s >> b & 1))
		}
	}
	// Fraction-free Gauss-Jordan: every row but the pivot row is updated as
	// (p·x − a·y) / previous pivot, which divides exactly; the earlier pivots
	// become p with it, so at the end every pivot equals the last one, d, and
	// M/d is the reduced row echelon form.
	prev := big.NewInt(1)
	var pivots []int
	tmp, rem := new(big.Int), new(big.Int)
	for c := range cols {
		if rank == len(M) {
			break
		}
		r := slices.IndexFunc(M[rank:], func(row []*big.Int) bool { return row[c].Sign() != 0 })
		if r < 0 {
			continue
		}
		M[rank], M[rank+r] = M[rank+r], M[rank]
		p := new(big.Int).Set(M[rank][c])
		for i := range M {
			if i == rank {
				continue
			}
			a := new(big.Int).Set(M[i][c])
			for j := range cols {
				x := new(big.Int).Mul(p, M[i][j])
				x.Sub(x, tmp.Mul(a, M[rank][j]))
				x.QuoRem(x, prev, rem)
				if rem.Sign() != 0 {
					panic("test bug: inexact division in the fraction-free elimination")
				}
				M[i][j] = x
			}
		}
		prev = p
		pivots = append(pivots, c)
		rank++
	}
	pivotRow := map[int]int{}
	for i, c := range pivots {
		pivotRow[c] = i
		if M[i][c].Cmp(prev) != 0 {
			panic("test bug: pivots differ after elimination")
		}
	}
	var free []int
	for c := range cols {
		if _, ok := pivotRow[c]; !ok {
			free = append(free, c)
		}
	}
	// Column c of K, up to a nonzero factor: e_c on the free columns for a
	// free c, and row i of the echelon form on the free columns for c the
	// pivot of row i.
	seen := map[string]int{}
	for c := range cols {
		vec := make([]*big.Int, len(free))
		if i, ok := pivotRow[c]; ok {
			for k, f := range free {
				vec[k] = new(big.Int).Set(M[i][f])
			}
		} else {
			for k, f := range free {
				vec[k] = big.NewInt(0)
				if f == c {
					vec[k].SetInt64(1)
				}
			}
		}
		key := primitive(vec)
		if key == "" {
			problems = append(problems, fmt.Sprintf("person %s can be isolated: their indicator vector is in the span of the shown slices", m.people[cols[c]].ID))
			continue
		}
		if d, dup := seen[key]; dup {
			problems = append(problems, fmt.Sprintf("people %s and %s can be isolated: a vector supported on the two of them is in the span of the shown slices",
				m.people[cols[d]].ID, m.people[cols[c]].ID))
		}
		seen[key] = c
	}
	return rank, len(cols), problems
}

// primitive returns v divided by the gcd of its entries, first nonzero entry
// positive, as a string; "" for the zero vector. Two nonzero vectors are
// parallel iff their primitive forms are equal.
func primitive(v []*big.Int) string {
	g := new(big.Int)
	sign := 0
	for _, x := range v {
		if x.Sign() != 0 && sign == 0 {
			sign = x.Sign()
		}
		g.GCD(nil, nil, g, new(big.Int).Abs(x))
	}
	if g.Sign() == 0 {
		return ""
	}
	parts := make([]string, len(v))
	for i, x := range v {
		y := new(big.Int).Quo(x, g)
		if sign < 0 {
			y.Neg(y)
		}
		parts[i] = y.String()
	}
	return strings.Join(parts, ",")
}

// The independent checks must catch what they claim to: the issue's
// department and team (department − team isolates the other 2), a slice of
// one, and a pair isolated only by a combination of three slices; and pass
// siblings of 3 and 3.
func TestDifferencingChecksCatch(t *testing.T) {
	w := world{org: &teams.Org{}}
	for i := range 8 {
		w.org.People = append(w.org.People, teams.Person{ID: fmt.Sprintf("p%d", i), Scores: &teams.Scores{}})
	}
	m := newModel(w)
	for _, tt := range []struct {
		name    string
		shown   []uint64
		span    string // the span check's first problem, "" for none
		atom    int    // the smallest atom below 3
		support int    // the smallest support below 3 of a combination
		cs      []int  // of these coefficients
	}{
		{"department of 6 and team of 4", []uint64{0b111111, 0b001111}, "people p4 and p5 can be isolated", 2, 2, []int{1, -1}},
		{"one person", []uint64{0b1}, "person p0 can be isolated", 1, 1, []int{1}},
		{"A + B − C, where no two slices isolate anyone", []uint64{0b00011111, 0b11100011, 0b11111100}, "people p0 and p1 can be isolated", 2, 2, []int{1, 1, -1}},
		{"siblings of 3 and 3", []uint64{0b111111, 0b000111, 0b111000}, "", 0, 3, []int{1, -1, 0}},
	} {
		_, _, problems := checkSpan(m, tt.shown)
		if got := strings.Join(problems, "; "); !strings.HasPrefix(got, tt.span) || (tt.span == "") != (got == "") {
			t.Errorf("%s: span check found %q, want %q", tt.name, got, tt.span)
		}
		if got := smallestAtom(tt.shown, 3); got != tt.atom {
			t.Errorf("%s: smallest atom %d, want %d", tt.name, got, tt.atom)
		}
		if got := combination(tt.shown, tt.cs); got != tt.support {
			t.Errorf("%s: %v covers %d people, want %d", tt.name, tt.cs, got, tt.support)
		}
	}
}
