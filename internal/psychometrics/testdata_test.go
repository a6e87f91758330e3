package psychometrics

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/instrument"
)

// mustDesign returns the design of the default instrument.
func mustDesign(tb testing.TB) Design {
	tb.Helper()
	fw, err := framework.Default()
	if err != nil {
		tb.Fatal(err)
	}
	in, err := instrument.Load(fw, instrument.Default)
	if err != nil {
		tb.Fatal(err)
	}
	return DesignFor(in)
}

// dataset describes a generated responses file.
type dataset struct {
	name        string
	seed        uint64
	respondents int
	// columns are the item ids in file order; nil means every item of the
	// design in design order.
	columns []string
	// missing is the chance that a cell is left empty; heavy lists items
	// left empty far more often.
	missing float64
	heavy   map[string]float64
	// emptyRows is the chance that a respondent answers nothing at all.
	emptyRows float64
	// lo and hi clamp the ratings, to make files that never use an end of
	// the scale.
	lo, hi int
}

// generate writes the data set as CSV. Ratings follow a two-trait model (a
// management and a leadership trait, plus a facet trait) so that items of a
// scale correlate the way real ones do, reverse-keyed items negatively.
func (ds dataset) generate(d Design) []byte {
	rng := rand.New(rand.NewPCG(ds.seed, ds.seed^0x9e3779b97f4a7c15))
	cols := ds.columns
	if cols == nil {
		for _, it := range d.Items {
			cols = append(cols, it.ID)
		}
	}
	byID := map[string]Item{}
	facetOf := map[string]string{}
	scaleOf := map[string]string{}
	for _, g := range d.Groups {
		for _, i := range g.Items {
			id := d.Items[i].ID
			byID[id] = d.Items[i]
			if g.Kind == KindFacet {
				facetOf[id] = g.Name
			} else {
				scaleOf[id] = g.Name
			}
		}
	}
	lo, hi := ds.lo, ds.hi
	if lo == 0 {
		lo, hi = d.Min, d.Max
	}
	var b bytes.Buffer
	b.WriteString(RespondentColumn)
	for _, c := range cols {
		b.WriteString("," + c)
	}
	b.WriteByte('\n')
	for r := 0; r < ds.respondents; r++ {
		fmt.Fprintf(&b, "p%05d", r+1)
		empty := rng.Float64() < ds.emptyRows
		trait := map[string]float64{}
		for _, c := range cols {
			for _, k := range []string{scaleOf[c], facetOf[c]} {
				if _, ok := trait[k]; !ok {
					trait[k] = rng.NormFloat64()
				}
			}
		}
		for _, c := range cols {
			b.WriteByte(',')
			p := ds.missing
			if h, ok := ds.heavy[c]; ok {
				p = h
			}
			if empty || rng.Float64() < p {
				continue
			}
			x := 3 + 0.9*trait[scaleOf[c]] + 0.6*trait[facetOf[c]] + 0.9*rng.NormFloat64()
			if byID[c].Reverse {
				x = 6 - x
			}
			v := min(max(int(math.Round(x)), lo), hi)
			b.WriteString(strconv.Itoa(v))
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// datasets are the generated files on which twohats must equal psych.
var datasets = []dataset{
	// Missing at random, one item mostly unanswered, some people who
	// answered nothing: psych's pairwise-complete handling and its n.
	{name: "missing", seed: 1, respondents: 400, missing: 0.15, emptyRows: 0.03,
		heavy: map[string]float64{"m.focus.2": 0.6, "l.success_metric.3": 0.45}},
	// Complete answers: every facet has one reverse-keyed item.
	{name: "reverse-keyed", seed: 2, respondents: 300},
	// A facet of only 3 items (management.focus), one of 2
	// (management.time_orientation), a scale of 5, columns out of order,
	// with missing answers.
	{name: "three-item facet", seed: 3, respondents: 250, missing: 0.08, columns: []string{
		"m.time_orientation.3", "m.focus.2", "m.focus.1", "m.focus.3", "m.time_orientation.1",
		"l.focus.3", "l.focus.1", "l.focus.2",
	}},
	// Nobody answers 1: psych flips reverse-keyed items as (2+5) − x, not
	// 6 − x, which moves their means.
	{name: "no ones", seed: 4, respondents: 200, missing: 0.05, lo: 2, hi: 5},
	// A small, patchy sample: pairwise counts differ a lot between pairs.
	{name: "small and patchy", seed: 5, respondents: 45, missing: 0.3},
}

// mustAnalyse runs twohats's analysis of a generated file.
func mustAnalyse(tb testing.TB, d Design, data []byte) *Report {
	tb.Helper()
	rep, err := Analyse(context.Background(), bytes.NewReader(data), d)
	if err != nil {
		tb.Fatal(err)
	}
	return rep
}
