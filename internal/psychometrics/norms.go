package psychometrics

import (
	"math"
	"slices"
	"sort"
)

// MinNormGroup is the fewest people a norm group must have before a score's
// percentile within it is reported: below that, one person moves a
// percentile by more than 3 points and the group may be identifiable.
const MinNormGroup = 30

// Percentile returns the percentile rank of x within sorted (ascending): the
// percentage of scores below x plus half of those equal to it, so that the
// middle of a group is the 50th percentile and ties share one rank. It
// returns NaN for an empty group.
func Percentile(sorted []float64, x float64) float64 {
	n := len(sorted)
	if n == 0 || math.IsNaN(x) {
		return math.NaN()
	}
	below := sort.SearchFloat64s(sorted, x)
	upTo := sort.Search(n, func(i int) bool { return sorted[i] > x })
	return 100 * (float64(below) + 0.5*float64(upTo-below)) / float64(n)
}

// Norms holds a norm group's scores per scale or facet ("management",
// "management.focus", ...), for placing a score among them.
type Norms struct {
	scores map[string][]float64
}

// NewNorms builds norms from the group's scores per scale or facet. It keeps
// its own sorted copies; NaN scores (not answered) are left out.
func NewNorms(scores map[string][]float64) *Norms {
	n := &Norms{scores: make(map[string][]float64, len(scores))}
	for key, s := range scores {
		c := make([]float64, 0, len(s))
		for _, v := range s {
			if !math.IsNaN(v) {
				c = append(c, v)
			}
		}
		slices.Sort(c)
		n.scores[key] = c
	}
	return n
}

// Size is how many people of the group have a score on key.
func (n *Norms) Size(key string) int { return len(n.scores[key]) }

// Percentile returns the percentile rank of x on key within the group, and
// false, with no percentile, when fewer than MinNormGroup people of the
// group have a score on key.
func (n *Norms) Percentile(key string, x float64) (float64, bool) {
	s := n.scores[key]
	if len(s) < MinNormGroup || math.IsNaN(x) {
		return 0, false
	}
	return Percentile(s, x), true
}
