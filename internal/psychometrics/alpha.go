// Package psychometrics computes reliability and item statistics of response
// matrices, equal to R's psych::alpha, in one streaming pass over any number of
// respondents; and places scores within a norm group. It is pure: values in,
// values out.
package psychometrics

// Alpha returns Cronbach's raw alpha of a complete respondents × items matrix
// of keyed scores (reverse-keyed items already reversed): k/(k-1) times one
// minus the sum of the item variances over the variance of the total. It
// returns 0 when there are fewer than 2 items or 2 respondents, or when the
// total has no variance.
func Alpha(rows [][]float64) float64 {
	n := len(rows)
	if n < 2 || len(rows[0]) < 2 {
		return 0
	}
	k := len(rows[0])
	sum := make([]float64, k)
	sumSq := make([]float64, k)
	var tSum, tSumSq float64
	for _, row := range rows {
		var total float64
		for j, v := range row {
			sum[j] += v
			sumSq[j] += v * v
			total += v
		}
		tSum += total
		tSumSq += total * total
	}
	fn := float64(n)
	variance := func(s, sq float64) float64 { return (sq - s*s/fn) / (fn - 1) }
	var itemVar float64
	for j := 0; j < k; j++ {
		itemVar += variance(sum[j], sumSq[j])
	}
	totalVar := variance(tSum, tSumSq)
	if totalVar == 0 {
		return 0
	}
	fk := float64(k)
	return fk / (fk - 1) * (1 - itemVar/totalVar)
}
