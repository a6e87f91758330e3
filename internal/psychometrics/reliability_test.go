package psychometrics

import (
	"math"
	"math/rand/v2"
	"testing"
)

// mustAccumulate adds rows (0 for missing) to a new accumulator of items
// analysed as one group.
func mustAccumulate(t *testing.T, items []Item, rows [][]uint8) *Accumulator {
	t.Helper()
	all := Group{Name: "all", Kind: KindScale}
	for i := range items {
		all.Items = append(all.Items, i)
	}
	acc, err := NewAccumulator(items, []Group{all}, 5)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		acc.Add(r)
	}
	return acc
}

// naiveCov is R's pairwise-complete covariance, two-pass, for checking the
// accumulator's one-pass exact sums.
func naiveCov(rows [][]uint8, i, j int) float64 {
	var xs, ys []float64
	for _, r := range rows {
		if r[i] != Missing && r[j] != Missing {
			xs, ys = append(xs, float64(r[i])), append(ys, float64(r[j]))
		}
	}
	n := float64(len(xs))
	var mx, my float64
	for k := range xs {
		mx += xs[k] / n
		my += ys[k] / n
	}
	var s float64
	for k := range xs {
		s += (xs[k] - mx) * (ys[k] - my)
	}
	return s / (n - 1)
}

func TestPairwiseCovarianceOverManyFolds(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	items := []Item{{ID: "a"}, {ID: "b"}, {ID: "c", Reverse: true}, {ID: "d"}}
	// More rows than one fold holds, so the 16-bit lanes are folded
	// several times; some items often missing.
	rows := make([][]uint8, 20000)
	for r := range rows {
		rows[r] = make([]uint8, len(items))
		for i := range items {
			if rng.Float64() > 0.1*float64(i) {
				rows[r][i] = uint8(1 + rng.IntN(5))
			}
		}
	}
	acc := mustAccumulate(t, items, rows)
	acc.fold()
	for i := range items {
		for j := i + 1; j < len(items); j++ {
			got, want := acc.pairCov(i, j), naiveCov(rows, i, j)
			if math.Abs(got-want) > 1e-12 {
				t.Errorf("cov(%s, %s) = %.15g, want %.15g", items[i].ID, items[j].ID, got, want)
			}
		}
	}
	if acc.N() != int64(len(rows)) {
		t.Errorf("N = %d, want %d", acc.N(), len(rows))
	}
}

func TestReliabilityOfCompleteDataIsCronbachsAlpha(t *testing.T) {
	items := []Item{{ID: "a"}, {ID: "b", Reverse: true}, {ID: "c"}}
	rows := [][]uint8{{1, 5, 2}, {2, 4, 2}, {3, 2, 4}, {5, 1, 5}, {4, 3, 3}}
	var keyed [][]float64
	for _, r := range rows {
		keyed = append(keyed, []float64{float64(r[0]), float64(6 - r[1]), float64(r[2])})
	}
	rel := mustAccumulate(t, items, rows).Reliability(0)
	if want := Alpha(keyed); math.Abs(rel.Alpha-want) > 1e-12 {
		t.Errorf("alpha = %v, want %v", rel.Alpha, want)
	}
	if got := rel.Items[1].Mean; math.Abs(got-(6-3.0)) > 1e-12 {
		t.Errorf("mean of the reversed item = %v, want 6 − 3", got)
	}
	// Dropping an item of 3 leaves 2: alpha of those two.
	if want := Alpha([][]float64{{1, 2}, {2, 2}, {4, 4}, {5, 5}, {3, 3}}); math.Abs(rel.Items[0].AlphaIfDeleted-want) > 1e-12 {
		t.Errorf("alpha without a = %v, want %v", rel.Items[0].AlphaIfDeleted, want)
	}
	if rel.N != 5 || rel.Items[0].N != 5 || len(rel.Dropped) != 0 {
		t.Errorf("N %d, item N %d, dropped %v", rel.N, rel.Items[0].N, rel.Dropped)
	}
}

func TestReliabilityEdges(t *testing.T) {
	items := []Item{{ID: "a"}, {ID: "b"}, {ID: "flat"}}
	t.Run("an item that does not vary is dropped, as psych drops it", func(t *testing.T) {
		rel := mustAccumulate(t, items, [][]uint8{{1, 2, 3}, {2, 2, 3}, {3, 5, 3}, {4, 4, 3}}).Reliability(0)
		if len(rel.Dropped) != 1 || rel.Dropped[0] != "flat" || len(rel.Items) != 2 {
			t.Fatalf("dropped %v, items %d", rel.Dropped, len(rel.Items))
		}
		if math.IsNaN(rel.Alpha) || math.IsNaN(rel.Items[0].AlphaIfDeleted) {
			t.Errorf("2 varying items still have an alpha: %+v", rel)
		}
	})
	t.Run("fewer than 2 usable items has no alpha", func(t *testing.T) {
		rel := mustAccumulate(t, items, [][]uint8{{1, 0, 3}, {2, 4, 3}, {3, 0, 3}}).Reliability(0)
		if len(rel.Items) != 1 || !math.IsNaN(rel.Alpha) || !math.IsNaN(rel.G6) || !math.IsNaN(rel.Items[0].RDrop) {
			t.Errorf("got %+v", rel)
		}
		if rel.Items[0].Mean != 2 || math.Abs(rel.Items[0].SD-1) > 1e-15 {
			t.Errorf("item a: mean %v sd %v, want 2 and 1", rel.Items[0].Mean, rel.Items[0].SD)
		}
	})
	t.Run("a pair nobody answered together makes alpha NaN", func(t *testing.T) {
		rel := mustAccumulate(t, items[:2], [][]uint8{{1, 0}, {2, 0}, {0, 4}, {0, 5}}).Reliability(0)
		if !math.IsNaN(rel.Alpha) || !math.IsNaN(rel.AverageR) {
			t.Errorf("got %+v", rel)
		}
	})
}

func TestSMCAsPsych(t *testing.T) {
	for _, v := range smc([]float64{1, 0, 0, 0, 1, 0, 0, 0, 1}, 3) {
		if math.Abs(v) > 1e-15 {
			t.Errorf("smc of uncorrelated items = %v, want 0", v)
		}
	}
	// Two identical items: R is singular. psych's Pinv drops the null
	// singular value, which yields smc < 0, clamped to 0: psych prints 0 0.
	for _, v := range smc([]float64{1, 1, 1, 1}, 2) {
		if v != 0 {
			t.Errorf("smc of identical items = %v, want 0 as psych gives", v)
		}
	}
	// Three items correlating .5: psych gives 1/3 each.
	for _, v := range smc([]float64{1, .5, .5, .5, 1, .5, .5, .5, 1}, 3) {
		if math.Abs(v-1.0/3) > 1e-12 {
			t.Errorf("smc = %v, want 1/3", v)
		}
	}
}
