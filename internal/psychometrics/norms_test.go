package psychometrics

import (
	"math"
	"slices"
	"testing"
)

func TestPercentile(t *testing.T) {
	sorted := []float64{10, 20, 20, 30, 40}
	for _, tc := range []struct {
		x, want float64
	}{
		{5, 0},    // below everyone
		{10, 10},  // half of the one tie: 0.5/5
		{15, 20},  // above one of five
		{20, 40},  // 1 below + half of 2 equal = 2/5
		{40, 90},  // 4 below + half of 1
		{50, 100}, // above everyone
		{25, 60},  // between: 3 below
	} {
		if got := Percentile(sorted, tc.x); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("Percentile(%v) = %v, want %v", tc.x, got, tc.want)
		}
	}
	if got := Percentile(nil, 1); !math.IsNaN(got) {
		t.Errorf("Percentile of an empty group = %v, want NaN", got)
	}
}

func TestNormsNeedThirtyPeople(t *testing.T) {
	group := func(n int) []float64 {
		s := make([]float64, n)
		for i := range s {
			s[i] = float64(n - i) // unsorted on purpose
		}
		return s
	}
	scores := map[string][]float64{
		"management":       group(MinNormGroup),
		"management.focus": group(MinNormGroup - 1),
		"leadership":       append(group(MinNormGroup-1), math.NaN()),
	}
	n := NewNorms(scores)
	if p, ok := n.Percentile("management", 15.5); !ok || p != 50 {
		t.Errorf("management: %v, %v; want the 50th percentile of 30 people", p, ok)
	}
	for _, key := range []string{"management.focus", "leadership", "unknown"} {
		if p, ok := n.Percentile(key, 10); ok {
			t.Errorf("%s: percentile %v of a group of %d, want none below %d", key, p, n.Size(key), MinNormGroup)
		}
	}
	if n.Size("leadership") != MinNormGroup-1 {
		t.Errorf("a NaN score counted as a person: size %d", n.Size("leadership"))
	}
	if scores["management"][0] != MinNormGroup {
		t.Error("NewNorms sorted the caller's slice")
	}
}

// TestNormsFromTalliesEqualScores checks that a group given as tallies, in
// any order and with repeats, places every score exactly as the same group
// written out score by score.
func TestNormsFromTalliesEqualScores(t *testing.T) {
	var scores []float64
	tallies := []Tally{{Score: math.NaN(), Count: 3}, {Score: 50, Count: 0}}
	for i := range 400 {
		s := math.Round(float64((i*37)%1001)) / 10 // 0.0 .. 100.0 on the 0.1 grid
		scores = append(scores, s)
		tallies = append(tallies, Tally{Score: s, Count: 1})
	}
	// The same group again, folded into counts and reversed.
	folded := map[float64]int64{}
	for _, s := range scores {
		folded[s]++
	}
	var counts []Tally
	for s, c := range folded {
		counts = append(counts, Tally{Score: s, Count: c})
	}
	a := NewNorms(map[string][]float64{"k": scores})
	b := NewNormsFromTallies(map[string][]Tally{"k": tallies})
	c := NewNormsFromTallies(map[string][]Tally{"k": counts})
	sorted := append([]float64(nil), scores...)
	slices.Sort(sorted)
	for x := -0.5; x <= 100.5; x += 0.05 {
		x = math.Round(x*100) / 100
		want := Percentile(sorted, x)
		for name, n := range map[string]*Norms{"scores": a, "tallies": b, "counts": c} {
			got, ok := n.Percentile("k", x)
			if !ok || got != want {
				t.Fatalf("%s: percentile of %v = %v, %v; want exactly %v", name, x, got, ok, want)
			}
		}
	}
	if a.Size("k") != 400 || b.Size("k") != 400 || c.Size("k") != 400 {
		t.Errorf("sizes %d, %d, %d; want 400", a.Size("k"), b.Size("k"), c.Size("k"))
	}
}
