package coach

import "testing"

// TestSplitRangeMask checks that a split pattern's mask, when it has one,
// answers as nextBit does whether any of its parts is a candidate.
func TestSplitRangeMask(t *testing.T) {
	ps := loadedPatterns(t)
	masked := 0
	for _, c := range ps.splits {
		if c.mask == 0 {
			continue
		}
		masked++
		cand := make([]uint64, len(ps.ungated))
		for id := c.from; id < c.to; id++ {
			clear(cand)
			setBit(cand, id)
			if cand[c.word]&c.mask == 0 {
				t.Fatalf("split %d: part %d not in its mask", c.id, id)
			}
		}
		for _, id := range []int32{c.from - 1, c.to} {
			if id < 0 || int(id) >= len(ps.pats) {
				continue
			}
			clear(cand)
			setBit(cand, id)
			if cand[c.word]&c.mask != 0 {
				t.Fatalf("split %d: pattern %d outside its parts in its mask", c.id, id)
			}
		}
	}
	if masked == 0 {
		t.Fatal("no split pattern has a mask")
	}
}
