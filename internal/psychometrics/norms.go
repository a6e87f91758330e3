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
	return rank(below, upTo, n)
}

// rank is the percentile rank of a score that below people of n are under
// and upTo people are at or under; Percentile and Norms share it so that
// they agree to the last bit.
func rank(below, upTo, n int) float64 {
	return 100 * (float64(below) + 0.5*float64(upTo-below)) / float64(n)
}

// Tally is how many people of a norm group have one score: the form a
// database aggregates a group in.
type Tally struct {
	Score float64
	Count int64
}

// Norms holds a norm group's scores per scale or facet ("management",
// "management.focus", ...), for placing a score among them.
type Norms struct {
	dists map[string]distribution
}

// distribution is one scale's or facet's scores in a group: its distinct
// scores, ascending, and how many people have each score or a lower one.
// Profile scores are rounded to one decimal, so it has at most 1,001
// entries however large the group.
type distribution struct {
	scores []float64
	upTo   []int64
}

func (d distribution) size() int {
	if len(d.upTo) == 0 {
		return 0
	}
	return int(d.upTo[len(d.upTo)-1])
}

// NewNorms builds norms from the group's scores per scale or facet. It keeps
// its own sorted copies; NaN scores (not answered) are left out.
func NewNorms(scores map[string][]float64) *Norms {
	tallies := make(map[string][]Tally, len(scores))
	for key, s := range scores {
		t := make([]Tally, 0, len(s))
		for _, v := range s {
			t = append(t, Tally{Score: v, Count: 1})
		}
		tallies[key] = t
	}
	return NewNormsFromTallies(tallies)
}

// NewNormsFromTallies builds norms from how many people of the group have
// each score on each scale or facet, so that a group of millions takes no
// more memory than its distinct scores. The tallies may come in any order
// and name a score more than once; NaN scores and counts below 1 are left
// out. Its percentiles equal those of NewNorms on the scores written out.
func NewNormsFromTallies(tallies map[string][]Tally) *Norms {
	n := &Norms{dists: make(map[string]distribution, len(tallies))}
	for key, ts := range tallies {
		c := make([]Tally, 0, len(ts))
		for _, t := range ts {
			if !math.IsNaN(t.Score) && t.Count > 0 {
				c = append(c, t)
			}
		}
		slices.SortFunc(c, func(a, b Tally) int {
			switch {
			case a.Score < b.Score:
				return -1
			case a.Score > b.Score:
				return 1
			}
			return 0
		})
		var d distribution
		var total int64
		for _, t := range c {
			total += t.Count
			if k := len(d.scores); k > 0 && d.scores[k-1] == t.Score {
				d.upTo[k-1] = total
				continue
			}
			d.scores = append(d.scores, t.Score)
			d.upTo = append(d.upTo, total)
		}
		n.dists[key] = d
	}
	return n
}

// Size is how many people of the group have a score on key.
func (n *Norms) Size(key string) int { return n.dists[key].size() }

// Percentile returns the percentile rank of x on key within the group, and
// false, with no percentile, when fewer than MinNormGroup people of the
// group have a score on key.
func (n *Norms) Percentile(key string, x float64) (float64, bool) {
	d := n.dists[key]
	size := d.size()
	if size < MinNormGroup || math.IsNaN(x) {
		return 0, false
	}
	i := sort.SearchFloat64s(d.scores, x) // the first distinct score ≥ x
	below := 0
	if i > 0 {
		below = int(d.upTo[i-1])
	}
	upTo := below
	if i < len(d.scores) && d.scores[i] == x {
		upTo = int(d.upTo[i])
	}
	return rank(below, upTo, size), true
}
