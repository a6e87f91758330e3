// Package confusion counts a binary judgement against labels: the
// precision, recall and F1 the coach's corpus test and its training program
// report per signal.
package confusion

// Matrix counts judgements against labels.
type Matrix struct{ TP, FP, FN, TN int }

// Add counts one judgement, got, against its label, want.
func (m *Matrix) Add(got, want bool) {
	switch {
	case got && want:
		m.TP++
	case got:
		m.FP++
	case want:
		m.FN++
	default:
		m.TN++
	}
}

// Precision is TP / (TP + FP), or 1 when nothing was judged positive.
func (m Matrix) Precision() float64 { return ratio(m.TP, m.TP+m.FP) }

// Recall is TP / (TP + FN), or 1 when nothing is labelled positive.
func (m Matrix) Recall() float64 { return ratio(m.TP, m.TP+m.FN) }

// F1 is the harmonic mean of precision and recall, or 0 when both are 0.
func (m Matrix) F1() float64 {
	p, r := m.Precision(), m.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}
