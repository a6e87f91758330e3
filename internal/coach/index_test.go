package coach

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestPatternSetIndexes checks the compact per-document indexes of the
// embedded pattern set against the patterns they are built from: the sets
// of the literals ending in each state of the automaton, once each, with
// the patterns each set gates first (stateSets, decoded by markUsers), and
// each pattern's leaf entry (leafNeeds).
func TestPatternSetIndexes(t *testing.T) {
	ps := loadedPatterns(t)
	m := ps.acm
	words := (len(ps.pats) + 63) / 64
	setsOf := make([][]int32, len(ps.literals))
	for set, lits := range ps.sets {
		for _, lit := range lits {
			setsOf[lit] = append(setsOf[lit], int32(set))
		}
	}
	for s := range len(m.outStart) - 1 {
		var want []int32
		for _, lit := range m.outLits[m.outStart[s]:m.outStart[s+1]] {
			for _, set := range setsOf[lit] {
				if !slices.Contains(want, set) {
					want = append(want, set)
				}
			}
		}
		var got []int32
		for _, ls := range ps.stateSets[ps.stateSetStart[s]:ps.stateSetStart[s+1]] {
			got = append(got, ls.set)
			// the patterns marked are those whose first set it is
			wantUsers := make([]uint64, words)
			for _, p := range ps.pats {
				if len(p.needSets) > 0 && p.needSets[0] == ls.set {
					wantUsers[p.id/64] |= 1 << (p.id % 64)
				}
			}
			gotUsers := make([]uint64, words)
			ps.markUsers(gotUsers, ls.users)
			if !slices.Equal(gotUsers, wantUsers) {
				t.Fatalf("state %d, set %d: markUsers marks other patterns than those the set gates first", s, ls.set)
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("state %d: sets %v, want %v", s, got, want)
		}
	}
	for _, p := range ps.pats {
		ln := &ps.leafNeeds[p.id]
		if leaf := p.parts == nil && p.near == nil; leaf != (ln.n != notLeaf) {
			t.Fatalf("%q: leaf %v, entry says %v", p.src, leaf, ln.n != notLeaf)
		}
		if ln.n != notLeaf && !slices.Equal(ln.list(ps, int32(p.id)), p.needSets) {
			t.Fatalf("%q: sets %v, want %v", p.src, ln.list(ps, int32(p.id)), p.needSets)
		}
	}
}

// TestMarkUsers checks the encodings of litSet.users one by one.
func TestMarkUsers(t *testing.T) {
	ps := &patternSet{userLists: []int32{3, 70, -1, 5, 64, 127, -1}}
	for _, c := range []struct {
		users int32
		want  []int
	}{
		{noUsers, nil},
		{0, []int{0}},
		{65, []int{65}},
		{-2, []int{3, 70}},
		{-5, []int{5, 64, 127}},
	} {
		got := make([]uint64, 2)
		ps.markUsers(got, c.users)
		want := make([]uint64, 2)
		for _, id := range c.want {
			want[id/64] |= 1 << (id % 64)
		}
		if !slices.Equal(got, want) {
			t.Errorf("users %d: marked %b, want %b", c.users, got, want)
		}
	}
}

// TestBitsets checks hasBit, setBit and nextBit against a plain slice of
// booleans, on random bitsets.
func TestBitsets(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for n := 0; n < 200; n++ {
		size := 1 + rng.IntN(300)
		set := make([]uint64, (size+63)/64)
		want := make([]bool, size)
		for range rng.IntN(size) {
			i := rng.IntN(size)
			setBit(set, int32(i))
			want[i] = true
		}
		for i := range size {
			if hasBit(set, int32(i)) != want[i] {
				t.Fatalf("bit %d: hasBit %v, want %v", i, !want[i], want[i])
			}
		}
		for range 50 {
			from := rng.IntN(size + 1)
			hi := from + rng.IntN(size+1-from)
			first := -1
			for i := from; i < hi; i++ {
				if want[i] {
					first = i
					break
				}
			}
			if got := nextBit(set, from, hi); got != first {
				t.Fatalf("nextBit(%d, %d) = %d, want %d", from, hi, got, first)
			}
		}
	}
}
