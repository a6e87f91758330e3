package profile

import (
	"math"
	"math/rand/v2"

	"github.com/twohats/twohats/internal/instrument"
)

// Traits are the latent levels of a simulated respondent. Management and
// Leadership are on a standard-normal scale; Tendency is the latent pull
// towards leading (positive) or managing (negative) under pressure; Judgement
// runs from 0 (rates scenarios at random) to 1 (rates them as the key does);
// Style biases scenario ratings towards leading options (positive) or
// managing ones (negative), in rating points.
type Traits struct {
	Management, Leadership float64
	Tendency               float64
	Judgement              float64
	Style                  float64
}

// RandomTraits draws a respondent from a plausible population: management and
// leadership correlate weakly, and the tendency follows the difference between
// them.
func RandomTraits(rng *rand.Rand) Traits {
	m := rng.NormFloat64()
	l := 0.3*m + math.Sqrt(1-0.09)*rng.NormFloat64()
	return Traits{
		Management: m,
		Leadership: l,
		Tendency:   0.6*(l-m) + 0.6*rng.NormFloat64(),
		Judgement:  0.3 + 0.65*rng.Float64(),
		Style:      0.4 * rng.NormFloat64(),
	}
}

// Simulate draws a complete response from a respondent with the given traits.
// Capability items follow Samejima's graded-response model with
// discriminations and thresholds fixed per item (so every simulated
// respondent answers the same "items"), plus a facet-specific component, so
// facets are related but not identical. It exists to check that scoring
// recovers known traits, and to make demo data.
func (s *Scorer) Simulate(rng *rand.Rand, t Traits) Response {
	r := make(Response, s.slots)
	nd := len(s.dims)
	// Facet-specific deviations: 85% of a facet's variance is the scale's.
	var facetTheta [2][]float64
	facetTheta[M] = make([]float64, nd)
	facetTheta[L] = make([]float64, nd)
	for fi := 0; fi < nd; fi++ {
		facetTheta[M][fi] = math.Sqrt(0.85)*t.Management + math.Sqrt(0.15)*rng.NormFloat64()
		facetTheta[L][fi] = math.Sqrt(0.85)*t.Leadership + math.Sqrt(0.15)*rng.NormFloat64()
	}
	capIndex := 0
	for i := range s.items {
		it := &s.items[i]
		switch it.section {
		case secCapability:
			a, b := itemParameters(capIndex)
			capIndex++
			keyed := gradedResponse(rng, facetTheta[it.scale][it.facet], a, b)
			if it.reverse {
				keyed = instrument.MinRating + instrument.MaxRating - keyed
			}
			r[it.offset] = uint8(keyed)
		case secTendency:
			pLead := 1 / (1 + math.Exp(-1.7*t.Tendency))
			lead := rng.Float64() < pLead
			for j, sign := range it.sign {
				if (sign > 0) == lead {
					r[it.offset] = uint8(j + 1)
				}
			}
		case secSJT:
			for j, k := range it.centredKey {
				key := k + 3 // centred around the scale midpoint
				v := t.Judgement*key + (1-t.Judgement)*(1+4*rng.Float64()) + 0.7*rng.NormFloat64()
				switch it.poles[j] {
				case poleLeadership:
					v += t.Style
				case poleManagement:
					v -= t.Style
				}
				r[it.offset+j] = uint8(clamp(math.Round(v), instrument.MinRating, instrument.MaxRating))
			}
		}
	}
	return r
}

// itemParameters gives capability item i a discrimination between 1.4 and 2.6
// and four ordered thresholds with a small item-specific shift.
func itemParameters(i int) (float64, [4]float64) {
	a := 1.4 + 1.2*frac(float64(i)*0.618033988749)
	shift := -0.6 + 1.2*frac(float64(i)*0.414213562373)
	return a, [4]float64{-1.8 + shift, -0.7 + shift, 0.4 + shift, 1.5 + shift}
}

func gradedResponse(rng *rand.Rand, theta, a float64, b [4]float64) int {
	u := rng.Float64()
	v := 1
	for _, bk := range b {
		if u < 1/(1+math.Exp(-a*(theta-bk))) {
			v++
		}
	}
	return v
}

func frac(x float64) float64 { return x - math.Floor(x) }

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }
