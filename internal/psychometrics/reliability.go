package psychometrics

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Reliability is the reliability and item analysis of one group, computed as
// R's psych::alpha computes it (pairwise-complete covariances, reverse-keyed
// items flipped with keys). A statistic that is undefined for the data, such
// as alpha of fewer than 2 items, is NaN.
type Reliability struct {
	// Name and Kind are the group's (see Group).
	Name string
	Kind string
	// N is the number of respondents, answered or not, as psych counts rows
	// (its nsub).
	N int64
	// Alpha is Cronbach's raw alpha (psych's raw_alpha).
	Alpha float64
	// StdAlpha is alpha of the standardised items (std.alpha).
	StdAlpha float64
	// G6 is Guttman's lambda 6 from squared multiple correlations (G6(smc)).
	G6 float64
	// AverageR is the mean inter-item correlation (average_r).
	AverageR float64
	// Items are the analysed items, in group order.
	Items []ItemStats
	// Dropped lists the items psych leaves out because their answers do not
	// vary (or fewer than 2 people answered them).
	Dropped []string
}

// ItemStats is the analysis of one item within its group.
type ItemStats struct {
	// ID is the item's id; Reverse marks a reverse-keyed item.
	ID      string
	Reverse bool
	// N is how many respondents answered the item.
	N int64
	// Mean and SD are of the keyed answers: a reverse-keyed item is flipped
	// first, as psych flips it (see Reliability).
	Mean float64
	SD   float64
	// RDrop is the correlation of the item with the sum of the group's other
	// items (psych's r.drop).
	RDrop float64
	// AlphaIfDeleted is the group's raw alpha without the item.
	AlphaIfDeleted float64
}

// Reliability analyses group g (an index into Groups) from what has been
// added so far.
//
// It follows psych::alpha(x, keys = <reverse-keyed ids>) step by step:
//   - an item whose answers do not vary, or that fewer than 2 people
//     answered, is dropped;
//   - C is the pairwise-complete covariance matrix (each pair's means over
//     the people who answered both), its rows and columns of reverse-keyed
//     items negated; R is cov2cor(C);
//   - reverse-keyed answers x become (lo + hi) − x, where lo and hi are the
//     lowest and highest answers seen in any of the group's items, which is
//     what psych does and equals the instrument's 6 − x whenever someone used
//     both ends of the scale;
//   - alpha = (1 − tr C / ΣC)·k/(k−1), std alpha = (1 − k/ΣR)·k/(k−1),
//     G6 = 1 − (k − Σ smc)/ΣR with smc from the pseudo-inverse of R (psych's
//     smc and Pinv), average r = (ΣR − k)/(k(k−1));
//   - r.drop and alpha-if-deleted come from C without the item; for 2 items
//     alpha-if-deleted is psych's C12/C22 and C12/C11.
func (a *Accumulator) Reliability(g int) Reliability {
	a.fold()
	grp := a.groups[g]
	nan := math.NaN()
	r := Reliability{Name: grp.Name, Kind: grp.Kind, N: a.n, Alpha: nan, StdAlpha: nan, G6: nan, AverageR: nan}

	var kept []int
	var ms []moments
	for _, i := range grp.Items {
		m := a.item(i)
		if m.n < 2 || m.n*m.sumSq == m.sum*m.sum {
			r.Dropped = append(r.Dropped, a.items[i].ID)
			continue
		}
		kept = append(kept, i)
		ms = append(ms, m)
	}
	k := len(kept)
	adjust, lo, hi := 0, math.MaxInt, math.MinInt
	for x, i := range kept {
		lo, hi = min(lo, ms[x].min), max(hi, ms[x].max)
		if a.items[i].Reverse {
			adjust = 1
		}
	}
	if adjust == 1 {
		adjust = lo + hi
	}

	C := make([]float64, k*k)
	for x, i := range kept {
		C[x*k+x] = variance(ms[x])
		for y := x + 1; y < k; y++ {
			j := kept[y]
			c := a.pairCov(min(i, j), max(i, j))
			if a.items[i].Reverse != a.items[j].Reverse {
				c = -c
			}
			C[x*k+y], C[y*k+x] = c, c
		}
	}
	for x, i := range kept {
		m := ms[x]
		mean := float64(m.sum) / float64(m.n)
		if a.items[i].Reverse {
			mean = float64(adjust) - mean
		}
		r.Items = append(r.Items, ItemStats{ID: a.items[i].ID, Reverse: a.items[i].Reverse, N: m.n,
			Mean: mean, SD: math.Sqrt(C[x*k+x]), RDrop: nan, AlphaIfDeleted: nan})
	}
	if k < 2 {
		return r
	}

	R := cov2cor(C, k)
	r.Alpha, r.StdAlpha, r.G6, r.AverageR = alpha1(C, R, k)
	sub := make([]float64, 0, (k-1)*(k-1))
	for x := range kept {
		var col float64
		for y := 0; y < k; y++ {
			col += C[y*k+x]
		}
		sub = without(sub[:0], C, k, x)
		r.Items[x].RDrop = (col - C[x*k+x]) / math.Sqrt(C[x*k+x]*sum(sub))
		switch k {
		case 2:
			r.Items[x].AlphaIfDeleted = C[1] / C[(1-x)*k+(1-x)]
		default:
			r.Items[x].AlphaIfDeleted = rawAlpha(sub, k-1)
		}
	}
	return r
}

// variance is the sample variance of an item's answers, exact until the
// final division.
func variance(m moments) float64 {
	return diff128(uint64(m.n), uint64(m.sumSq), uint64(m.sum), uint64(m.sum)) / (float64(m.n) * float64(m.n-1))
}

// cov2cor scales a covariance matrix to correlations with R's cov2cor
// arithmetic: r_ij = s_i·c_ij·s_j with s_i = sqrt(1/c_ii), diagonal 1.
func cov2cor(C []float64, k int) []float64 {
	s := make([]float64, k)
	for i := range s {
		s[i] = math.Sqrt(1 / C[i*k+i])
	}
	R := make([]float64, k*k)
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			R[i*k+j] = s[i] * C[i*k+j] * s[j]
		}
		R[i*k+i] = 1
	}
	return R
}

// alpha1 is psych's internal alpha.1: raw and standardised alpha, G6 and the
// average inter-item correlation of k items with covariances C and
// correlations R.
func alpha1(C, R []float64, k int) (raw, std, g6, avr float64) {
	fk := float64(k)
	sumR := sum(R)
	raw = rawAlpha(C, k)
	std = (1 - fk/sumR) * (fk / (fk - 1))
	avr = (sumR - fk) / (fk * (fk - 1))
	g6 = math.NaN()
	if !math.IsNaN(sumR) {
		var s float64
		for _, v := range smc(R, k) {
			s += v
		}
		g6 = 1 - (fk-s)/sumR
	}
	return raw, std, g6, avr
}

func rawAlpha(C []float64, k int) float64 {
	var tr float64
	for i := 0; i < k; i++ {
		tr += C[i*k+i]
	}
	fk := float64(k)
	return (1 - tr/sum(C)) * (fk / (fk - 1))
}

// smc returns the squared multiple correlation of each variable with the
// others, 1 − 1/diag(R⁺), where R⁺ is the Moore–Penrose inverse of R that
// psych's Pinv computes (singular values at most sqrt(machine eps) times the
// largest are treated as 0). Like psych, it clamps the results to [0, 1].
func smc(R []float64, k int) []float64 {
	out := make([]float64, k)
	var svd mat.SVD
	if !svd.Factorize(mat.NewDense(k, k, append([]float64(nil), R...)), mat.SVDThin) {
		// psych sets every smc to 1 when it cannot find any.
		for i := range out {
			out[i] = 1
		}
		return out
	}
	d := svd.Values(nil)
	var U, V mat.Dense
	svd.UTo(&U)
	svd.VTo(&V)
	tol := math.Max(math.Sqrt(2.220446049250313e-16)*d[0], 0)
	for i := range out {
		var p float64
		for t, dt := range d {
			if dt > tol {
				p += V.At(i, t) * U.At(i, t) / dt
			}
		}
		out[i] = min(max(1-1/p, 0), 1)
	}
	return out
}

func sum(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s
}

// without appends to dst the k×k matrix C less row and column x.
func without(dst, C []float64, k, x int) []float64 {
	for i := 0; i < k; i++ {
		if i == x {
			continue
		}
		for j := 0; j < k; j++ {
			if j != x {
				dst = append(dst, C[i*k+j])
			}
		}
	}
	return dst
}
