// Package profile turns answers to an instrument into a person's profile:
// management and leadership scores on each facet, the natural tendency under
// pressure, situational judgement, the quadrant on the management × leadership
// grid, blind-spot warnings and a development focus.
//
// Scoring is pure: it takes values and returns values, and does no I/O. A
// Scorer is compiled once per instrument and is safe for concurrent use.
package profile

import (
	"fmt"
	"math"
	"slices"

	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/instrument"
)

// Scale indexes. Management and leadership are two separate scales.
const (
	M = 0 // management
	L = 1 // leadership
)

// ScaleKeys names the scales by index.
var ScaleKeys = [2]string{framework.Management, framework.Leadership}

// Quadrants of the management × leadership grid.
const (
	Balanced       = "balanced"
	ManagerLeaning = "manager-leaning"
	LeaderLeaning  = "leader-leaning"
	Emerging       = "emerging"
)

// Profile is one person's scored assessment.
type Profile struct {
	Instrument string
	// Dimensions are the facet keys, in the order of Facets.
	Dimensions []string
	// Scales holds the management and leadership scores, 0-100.
	Scales [2]float64
	// Facets holds each scale's facet scores, 0-100, in Dimensions order.
	Facets [2][]float64
	// Tendency runs from -1 (always manages first under pressure) to +1
	// (always leads first).
	Tendency  float64
	Judgement Judgement
	Quadrant  string
	// Warnings is shared with the scorer and with other profiles: read it,
	// never write to its elements (appending is safe: it has no spare capacity).
	Warnings   []framework.Warning
	Focus      Focus
	Disclaimer framework.Disclaimer
}

// Judgement is the situational-judgement result. Accuracy (0-100) is how
// closely the pattern of ratings matches the key; Preference (-1 manage to +1
// lead) is how much the respondent favours leading options over managing ones
// regardless of the situation. The two are reported apart: a style is not a
// skill.
type Judgement struct {
	Accuracy   float64
	Preference float64
}

// Focus is what to develop next: the weaker side, its two lowest facets with
// practices for each, and the four habits.
type Focus struct {
	Side   string
	Facets [2]FacetFocus
	Habits []framework.Habit
}

// FacetFocus is one facet to develop.
type FacetFocus struct {
	Scale     string
	Facet     string
	Name      string
	Pole      string
	Score     float64
	Practices []framework.Practice
}

// Score returns the facet score for scale ("management" or "leadership") and
// facet key, and whether it exists.
func (p *Profile) Score(scale, facet string) (float64, bool) {
	si := scaleIndex(scale)
	if si < 0 {
		return 0, false
	}
	for i, d := range p.Dimensions {
		if d == facet {
			return p.Facets[si][i], true
		}
	}
	return 0, false
}

func scaleIndex(scale string) int {
	switch scale {
	case framework.Management:
		return M
	case framework.Leadership:
		return L
	}
	return -1
}

// Compiled sections and poles, so the scoring loop compares integers.
const (
	secCapability = iota
	secTendency
	secSJT
)

const (
	poleOther = iota
	poleManagement
	poleLeadership
)

// slotItem is an item compiled for scoring.
type slotItem struct {
	id      string
	section int
	offset  int
	// capability
	scale, facet int
	reverse      bool
	// tendency: pole sign of each option (-1 manage, +1 lead); sjt: pole of
	// each option.
	optionIDs []string
	sign      []float64
	poles     []int
	// sjt: key minus the scenario's mean key, per option.
	centredKey []float64
}

// maxDimensions bounds the number of dimensions a framework may have, so the
// scoring loop can keep its sums on the stack. It is a power of two.
const maxDimensions = 16

// Scorer scores responses to one instrument.
type Scorer struct {
	fw    *framework.Framework
	in    *instrument.Instrument
	items []slotItem
	byID  map[string]int
	slots int
	dims  []string
	// slotMax is the largest answer of each slot and slotItem the index in
	// items of the item it belongs to, for reading the compact answers.
	slotMax  []uint8
	slotItem []int

	perFacet  [2][]int // items per facet, for averaging
	pairs     int
	keyNorm   float64 // sqrt of the sum of squared centred keys
	leadOpts  int
	mgmtOpts  int
	habits    []framework.Habit
	practices [2][][]framework.Practice // [side][facet]
	disclaim  framework.Disclaimer

	// Precomputed so that scoring allocates only the facet scores: the
	// warnings for every combination of raised warnings, and the development
	// facets for every (side, lowest, second lowest).
	warningSets [1 << numWarnings][]framework.Warning
	focusSets   [2][][][2]FacetFocus
}

// The warnings scoring can raise, in the order a profile lists them.
var warningKeys = [...]string{"resists-change", "poor-execution", "default-manage", "default-lead", "low-judgement"}

const numWarnings = len(warningKeys)

// NewScorer compiles an instrument for scoring. The instrument must already be
// valid against fw.
func NewScorer(fw *framework.Framework, in *instrument.Instrument) (*Scorer, error) {
	s := &Scorer{fw: fw, in: in, byID: map[string]int{}, dims: fw.DimensionKeys(), habits: fw.Habits, disclaim: fw.Disclaimer}
	if len(s.dims) > maxDimensions {
		return nil, fmt.Errorf("framework: %d dimensions, more than the %d scoring supports", len(s.dims), maxDimensions)
	}
	facetIndex := map[string]int{}
	for i, d := range s.dims {
		facetIndex[d] = i
	}
	for si := range s.perFacet {
		s.perFacet[si] = make([]int, len(s.dims))
		s.practices[si] = make([][]framework.Practice, len(s.dims))
		for fi, d := range s.dims {
			s.practices[si][fi] = fw.PracticesForFacet(ScaleKeys[si], d)
		}
	}
	for _, it := range in.Items {
		c := slotItem{id: it.ID, offset: s.slots}
		for _, o := range it.Options {
			c.optionIDs = append(c.optionIDs, o.ID)
			switch o.Pole {
			case framework.Management:
				c.poles = append(c.poles, poleManagement)
			case framework.Leadership:
				c.poles = append(c.poles, poleLeadership)
			default:
				c.poles = append(c.poles, poleOther)
			}
		}
		switch it.Section {
		case instrument.Capability:
			c.section = secCapability
			c.scale, c.facet, c.reverse = scaleIndex(it.Scale), facetIndex[it.Facet], it.Reverse
			s.perFacet[c.scale][c.facet]++
			s.slots++
		case instrument.Tendency:
			c.section = secTendency
			c.optionIDs = c.optionIDs[:2]
			for _, o := range it.Options {
				if o.Pole == framework.Leadership {
					c.sign = append(c.sign, 1)
				} else {
					c.sign = append(c.sign, -1)
				}
			}
			s.pairs++
			s.slots++
		case instrument.SJT:
			c.section = secSJT
			mean := 0.0
			for _, o := range it.Options {
				mean += float64(o.Key)
			}
			mean /= float64(len(it.Options))
			for _, o := range it.Options {
				k := float64(o.Key) - mean
				c.centredKey = append(c.centredKey, k)
				s.keyNorm += k * k
				switch o.Pole {
				case framework.Leadership:
					s.leadOpts++
				case framework.Management:
					s.mgmtOpts++
				}
			}
			s.slots += len(it.Options)
		default:
			return nil, fmt.Errorf("item %q: unknown section %q", it.ID, it.Section)
		}
		s.byID[it.ID] = len(s.items)
		s.items = append(s.items, c)
		for len(s.slotMax) < s.slots {
			max := uint8(instrument.MaxRating)
			if c.section == secTendency {
				max = uint8(len(c.optionIDs))
			}
			s.slotMax = append(s.slotMax, max)
			s.slotItem = append(s.slotItem, len(s.items)-1)
		}
	}
	s.keyNorm = math.Sqrt(s.keyNorm)
	var ws [numWarnings]framework.Warning
	for i, key := range warningKeys {
		w, ok := fw.Warning(key)
		if !ok {
			return nil, fmt.Errorf("framework: warning %q is missing", key)
		}
		ws[i] = w
	}
	for mask := range s.warningSets {
		for i := range ws {
			if mask&(1<<i) != 0 {
				s.warningSets[mask] = append(s.warningSets[mask], ws[i])
			}
		}
		s.warningSets[mask] = slices.Clip(s.warningSets[mask])
	}
	nd := len(s.dims)
	for side := range s.focusSets {
		s.focusSets[side] = make([][][2]FacetFocus, nd)
		for a := 0; a < nd; a++ {
			s.focusSets[side][a] = make([][2]FacetFocus, nd)
			for b := 0; b < nd; b++ {
				if a == b {
					continue
				}
				for k, fi := range [2]int{a, b} {
					d := fw.Dimensions[fi]
					pole := d.LeaderPole
					if side == M {
						pole = d.ManagerPole
					}
					s.focusSets[side][a][b][k] = FacetFocus{
						Scale: ScaleKeys[side], Facet: d.Key, Name: d.Name, Pole: pole,
						Practices: s.practices[side][fi],
					}
				}
			}
		}
	}
	return s, nil
}

// Instrument returns the instrument the scorer was compiled for.
func (s *Scorer) Instrument() *instrument.Instrument { return s.in }

// Framework returns the framework the scorer was compiled against.
func (s *Scorer) Framework() *framework.Framework { return s.fw }

// Slots is the length of a complete Response.
func (s *Scorer) Slots() int { return s.slots }

// Score scores a complete response. The response must come from Encode (or
// be otherwise complete and in range); Score does not validate it again.
func (s *Scorer) Score(r Response) Profile {
	p := Profile{Instrument: s.in.ID, Dimensions: s.dims, Disclaimer: s.disclaim}
	nd := len(s.dims)
	facets := make([]float64, 2*nd)
	p.Facets = [2][]float64{facets[:nd:nd], facets[nd:]}

	var acc [2][maxDimensions]float64 // raw keyed sums, on the stack
	var tendency float64
	var dot, respNorm, leadSum, mgmtSum float64
	for i := range s.items {
		it := &s.items[i]
		switch it.section {
		case secCapability:
			v := float64(r[it.offset])
			if it.reverse {
				v = instrument.MinRating + instrument.MaxRating - v
			}
			acc[it.scale&1][it.facet&(maxDimensions-1)] += v
		case secTendency:
			tendency += it.sign[r[it.offset]-1]
		case secSJT:
			n := len(it.centredKey)
			var mean float64
			for j := 0; j < n; j++ {
				mean += float64(r[it.offset+j])
			}
			mean /= float64(n)
			for j := 0; j < n; j++ {
				v := float64(r[it.offset+j])
				c := v - mean
				dot += c * it.centredKey[j]
				respNorm += c * c
				switch it.poles[j] {
				case poleLeadership:
					leadSum += v
				case poleManagement:
					mgmtSum += v
				}
			}
		}
	}
	const span = instrument.MaxRating - instrument.MinRating
	for si := 0; si < 2; si++ {
		var total float64
		for fi := 0; fi < nd; fi++ {
			mean := acc[si][fi] / float64(s.perFacet[si][fi])
			p.Facets[si][fi] = round1(100 * (mean - instrument.MinRating) / span)
			total += p.Facets[si][fi]
		}
		p.Scales[si] = round1(total / float64(nd))
	}
	if s.pairs > 0 {
		p.Tendency = round2(tendency / float64(s.pairs))
	}
	// Accuracy is the correlation between the respondent's and the key's
	// ratings, each centred within its scenario: it rewards ranking the
	// options as the key does, and cannot be gamed by rating everything in
	// the middle (a flat pattern has no correlation and scores 0).
	if respNorm > 0 && s.keyNorm > 0 {
		p.Judgement.Accuracy = round1(100 * math.Max(0, dot/(math.Sqrt(respNorm)*s.keyNorm)))
	}
	if s.leadOpts > 0 && s.mgmtOpts > 0 {
		p.Judgement.Preference = round2((leadSum/float64(s.leadOpts) - mgmtSum/float64(s.mgmtOpts)) / span)
	}
	s.classify(&p)
	return p
}

func (s *Scorer) classify(p *Profile) {
	cut := s.in.Scoring
	mHigh, lHigh := p.Scales[M] >= cut.HighCut, p.Scales[L] >= cut.HighCut
	switch {
	case mHigh && lHigh:
		p.Quadrant = Balanced
	case mHigh:
		p.Quadrant = ManagerLeaning
	case lHigh:
		p.Quadrant = LeaderLeaning
	default:
		p.Quadrant = Emerging
	}

	gap := p.Scales[M] - p.Scales[L]
	var mask int
	for i, raised := range [numWarnings]bool{
		gap >= cut.ImbalanceGap,                 // resists-change
		-gap >= cut.ImbalanceGap,                // poor-execution
		p.Tendency <= -cut.StrongTendency,       // default-manage
		p.Tendency >= cut.StrongTendency,        // default-lead
		p.Judgement.Accuracy < cut.LowJudgement, // low-judgement
	} {
		if raised {
			mask |= 1 << i
		}
	}
	p.Warnings = s.warningSets[mask]

	// The weaker side is the lower scale; on a tie, the side the person does
	// not reach for under pressure; on a tie there too, leadership, which the
	// source sees promoted people lack most often.
	side := L
	switch {
	case p.Scales[M] < p.Scales[L]:
		side = M
	case p.Scales[M] == p.Scales[L] && p.Tendency > 0:
		side = M
	}
	lo1, lo2 := lowestTwo(p.Facets[side])
	p.Focus = Focus{Side: ScaleKeys[side], Habits: s.habits, Facets: s.focusSets[side][lo1][lo2]}
	p.Focus.Facets[0].Score = p.Facets[side][lo1]
	p.Focus.Facets[1].Score = p.Facets[side][lo2]
}

// lowestTwo returns the indexes of the two lowest values, earliest first on
// ties, lowest first.
func lowestTwo(xs []float64) (int, int) {
	a, b := -1, -1
	for i, x := range xs {
		switch {
		case a < 0 || x < xs[a]:
			a, b = i, a
		case b < 0 || x < xs[b]:
			b = i
		}
	}
	return a, b
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }
func round2(x float64) float64 { return math.Round(x*100) / 100 }
