package psychometrics

import (
	"math"
	"testing"
)

func TestAlpha(t *testing.T) {
	for _, tc := range []struct {
		name string
		rows [][]float64
		want float64
	}{
		// Identical items: alpha is exactly 1.
		{"parallel", [][]float64{{1, 1, 1}, {2, 2, 2}, {4, 4, 4}, {5, 5, 5}}, 1},
		// Item variances 1, 4/3, 4/3; totals 4, 7, 10 have variance 9:
		// 3/2 × (1 − (11/3)/9) = 8/9.
		{"by hand", [][]float64{{1, 2, 1}, {2, 2, 3}, {3, 4, 3}}, 8.0 / 9},
		// The totals do not vary: alpha is undefined and reported as 0.
		{"constant total", [][]float64{{1, 2}, {2, 1}, {1, 2}, {2, 1}}, 0},
		{"one respondent", [][]float64{{1, 2, 3}}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Alpha(tc.rows); math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("Alpha = %v, want %v", got, tc.want)
			}
		})
	}
}
