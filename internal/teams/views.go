package teams

import (
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/profile"
)

// Column is one column of the heatmap: a facet of one scale.
type Column struct {
	// Scale is "management" or "leadership".
	Scale string `json:"scale"`
	// Facet is the facet key.
	Facet string `json:"facet"`
}

// Row is one slice of the heatmap.
type Row struct {
	// Slice is the slice's key.
	Slice string `json:"slice"`
	// Team is the slice's team id, "" for the organisation.
	Team string `json:"team,omitempty"`
	// Name is the team's name.
	Name string `json:"name,omitempty"`
	// Shown reports whether the row's cells are shown.
	Shown bool `json:"shown"`
	// Reason says why a row is suppressed.
	Reason string `json:"reason,omitempty"`
	// N is the number of people behind a shown row.
	N int `json:"n,omitempty"`
	// Cells holds one cell per column, nil (JSON null) where suppressed.
	Cells []*Stat `json:"cells"`
}

// Heatmap is slices × facets, both scales side by side.
type Heatmap struct {
	// Columns are management's facets, then leadership's, in framework order.
	Columns []Column `json:"columns"`
	// Rows are the slices asked for, in the order asked.
	Rows []Row `json:"rows"`
}

// Heatmap returns the rows of the given slice keys, in the given order; with
// no keys, the rows of every requested team slice without filters, depth
// first, siblings by id. Every cell comes from the plan: a suppressed slice
// has only suppressed cells.
func (d *Dashboard) Heatmap(keys ...string) (Heatmap, error) {
	if len(keys) == 0 {
		for _, id := range d.ix.order {
			if _, ok := d.slices[TeamSlice(id).Key()]; ok {
				keys = append(keys, TeamSlice(id).Key())
			}
		}
	}
	h := Heatmap{Columns: []Column{}, Rows: []Row{}}
	for _, scale := range profile.ScaleKeys {
		for _, dim := range d.ix.dims {
			h.Columns = append(h.Columns, Column{Scale: scale, Facet: dim})
		}
	}
	for _, k := range keys {
		p, ok := d.slices[k]
		if !ok {
			return Heatmap{}, notPlanned(k)
		}
		d.fill(p)
		r := Row{Slice: k, Team: p.slice.Team, Name: d.ix.teams[p.slice.Team].Name, Shown: p.agg.Shown, Reason: p.agg.Reason, N: p.agg.N,
			Cells: make([]*Stat, len(h.Columns))}
		if p.agg.Shown {
			for i, c := range h.Columns {
				s := p.agg.Facets[c.Scale][c.Facet]
				r.Cells[i] = &s
			}
		}
		h.Rows = append(h.Rows, r)
	}
	return h, nil
}

func notPlanned(key string) error {
	return fail.Errorf(fail.NotFound, "slice %s was not planned: plan the whole family of slices the dashboards show, then read views from that plan", key)
}

// Point is one person on the management × leadership grid.
type Point struct {
	// Person is the person's id.
	Person string `json:"person"`
	// Management is the person's management score, 0-100.
	Management float64 `json:"management"`
	// Leadership is the person's leadership score, 0-100.
	Leadership float64 `json:"leadership"`
	// Quadrant is the person's quadrant.
	Quadrant string `json:"quadrant"`
}

// Grid is a slice on the management × leadership grid: the people the viewer
// may see one by one, and how many of the slice fall in each quadrant.
type Grid struct {
	// Slice is the slice's key.
	Slice string `json:"slice"`
	// Shown reports whether the slice's own aggregate is shown.
	Shown bool `json:"shown"`
	// N is the number of people in a shown slice.
	N int `json:"n,omitempty"`
	// Points are the slice's people the viewer may see one by one, by id.
	Points []Point `json:"points"`
	// Quadrants maps each quadrant to how many of the slice's people fall in
	// it, everyone counted, visible or not; null where the plan suppresses
	// the slice narrowed to that quadrant, or never planned it.
	Quadrants map[string]*int `json:"quadrants"`
}

// Grid returns the slice on the grid for a viewer. A point is an individual's
// scores, not an aggregate, so it appears only when canSee(person id) says the
// viewer may see that person one by one; everyone else counts only towards the
// quadrant counts, which are the plan's slices narrowed by QuadrantAttribute
// and are suppressed by the same rule as any other aggregate. A nil canSee
// sees no one.
func (d *Dashboard) Grid(key string, canSee func(personID string) bool) (Grid, error) {
	p, ok := d.slices[key]
	if !ok {
		return Grid{}, notPlanned(key)
	}
	g := Grid{Slice: key, Shown: p.agg.Shown, N: p.agg.N, Points: []Point{}, Quadrants: map[string]*int{}}
	for _, m := range p.members {
		pe := &d.ix.people[m]
		if canSee != nil && canSee(pe.id) {
			g.Points = append(g.Points, Point{Person: pe.id, Management: float64(pe.scales[profile.M]) / 10,
				Leadership: float64(pe.scales[profile.L]) / 10, Quadrant: pe.quadrant})
		}
	}
	for _, q := range Quadrants() {
		g.Quadrants[q] = nil
		if slices.ContainsFunc(p.slice.Filters, func(f Filter) bool { return f.Attribute == QuadrantAttribute }) {
			continue
		}
		if c, ok := d.slices[p.slice.With(QuadrantAttribute, q).Key()]; ok && c.agg.Shown {
			n := c.agg.N
			g.Quadrants[q] = &n
		}
	}
	return g, nil
}

// Both is the orientation of a balanced recommendation, the framework's
// emphasis "both".
const Both = "both"

// DefaultTolerance is how far, in percentage points, a team's management
// share may sit from the recommended share and still count as aligned.
const DefaultTolerance = 10

// Recommendation is the advisor's recommendation for a team's declared
// context and phase, taken as a value so that the two packages stay apart.
type Recommendation struct {
	// ManagementShare is the recommended management share, 0-100: management
	// / (management + leadership) × 100.
	ManagementShare float64 `json:"management_share"`
	// Orientation is the recommended emphasis: framework.Management,
	// framework.Leadership or Both.
	Orientation string `json:"orientation"`
	// Tolerance is the aligned band either side of ManagementShare, in
	// percentage points; 0 means DefaultTolerance.
	Tolerance float64 `json:"tolerance,omitempty"`
}

// Risk is the risk of over-indexing on one side, in the source's words.
type Risk struct {
	// ID is stable, for styling and tests.
	ID string `json:"id"`
	// Name is the risk as the source names it.
	Name string `json:"name"`
	// Source is the sentence of the source the risk comes from.
	Source string `json:"source"`
}

// The risks, chosen by the side a team over-indexes on and the recommended
// emphasis: the source names over-indexing on leadership in stable,
// management-heavy situations and on management in transformations, and what
// each side does without the other anywhere else.
var (
	riskDisruption = Risk{ID: "unnecessary-disruption", Name: "unnecessary disruption",
		Source: "Over-indexing on leadership during stability periods creates unnecessary disruption that undermines reliable value delivery customers expect."}
	riskParalysis = Risk{ID: "analysis-paralysis", Name: "analysis paralysis and change resistance",
		Source: "Over-reliance on management during transformation periods creates analysis paralysis and change resistance that prevent necessary evolution."}
	riskPoorExecution = Risk{ID: "poor-execution", Name: "inspiring visions that fail through poor execution",
		Source: "Leadership without management creates inspiring visions that fail through poor execution."}
	riskWrongStrategies = Risk{ID: "wrong-strategies", Name: "efficient execution of wrong strategies",
		Source: "Management without leadership creates efficient execution of wrong strategies."}
)

// Risks lists every risk Balance can name.
func Risks() []Risk {
	return []Risk{riskDisruption, riskParalysis, riskPoorExecution, riskWrongStrategies}
}

// CheckCitations reports every risk whose source sentence is not in source;
// call it at start-up with framework.SourceText().
func CheckCitations(source string) error {
	var errs []error
	for _, r := range Risks() {
		if !framework.Cites(source, r.Source) {
			errs = append(errs, fmt.Errorf("risk %q cites %q, which is not in the source text", r.ID, r.Source))
		}
	}
	return errors.Join(errs...)
}

// riskOf names the risk of over-indexing on side where orientation is
// recommended.
func riskOf(side, orientation string) Risk {
	switch {
	case side == framework.Leadership && orientation == framework.Management:
		return riskDisruption
	case side == framework.Management && orientation == framework.Leadership:
		return riskParalysis
	case side == framework.Leadership:
		return riskPoorExecution
	default:
		return riskWrongStrategies
	}
}

// Aligned is the OverIndexed value of a team within the tolerance.
const Aligned = "none"

// Balance is a slice's blend of management and leadership against the
// advisor's recommendation.
type Balance struct {
	// Slice is the slice's key.
	Slice string `json:"slice"`
	// Team is the slice's team id, "" for the organisation.
	Team string `json:"team,omitempty"`
	// Contexts are the team's declared contexts.
	Contexts []string `json:"contexts,omitempty"`
	// Phase is the team's declared phase.
	Phase string `json:"phase,omitempty"`
	// Recommendation is what the advisor recommends for that situation.
	Recommendation Recommendation `json:"recommendation"`
	// Shown reports whether the slice's aggregate is shown; nothing below it
	// is given otherwise.
	Shown bool `json:"shown"`
	// Reason says why a slice is suppressed.
	Reason string `json:"reason,omitempty"`
	// ManagementShare is management / (management + leadership) × 100 of
	// the slice's aggregate scale scores, to one decimal; nil when both are 0.
	ManagementShare *float64 `json:"management_share,omitempty"`
	// Gap is ManagementShare minus the recommended share: above 0 the slice
	// leans further towards management than recommended.
	Gap *float64 `json:"gap,omitempty"`
	// OverIndexed is the side the slice leans on beyond the tolerance,
	// framework.Management or framework.Leadership, or Aligned.
	OverIndexed string `json:"over_indexed,omitempty"`
	// Risk is the risk of that over-indexing, in the source's words.
	Risk *Risk `json:"risk,omitempty"`
}

// Balance compares a slice's aggregate with the advisor's recommendation for
// its team's declared context and phase. The share comes from the exact sums
// behind the shown aggregate, so it reveals nothing the aggregate does not.
func (d *Dashboard) Balance(key string, rec Recommendation) (Balance, error) {
	p, ok := d.slices[key]
	if !ok {
		return Balance{}, notPlanned(key)
	}
	d.fill(p)
	bad := map[string]string{}
	if !(rec.ManagementShare >= 0 && rec.ManagementShare <= 100) {
		bad["management_share"] = fmt.Sprintf("%v is not a share 0-100", rec.ManagementShare)
	}
	if !slices.Contains([]string{framework.Management, framework.Leadership, Both}, rec.Orientation) {
		bad["orientation"] = fmt.Sprintf("unknown orientation %q; want %s, %s or %s", rec.Orientation, framework.Management, framework.Leadership, Both)
	}
	if !(rec.Tolerance >= 0 && rec.Tolerance <= 100) {
		bad["tolerance"] = fmt.Sprintf("%v is not a tolerance 0-100", rec.Tolerance)
	}
	if err := problems("recommendation", bad); err != nil {
		return Balance{}, err
	}
	if rec.Tolerance == 0 {
		rec.Tolerance = DefaultTolerance
	}
	t := d.ix.teams[p.slice.Team]
	b := Balance{Slice: key, Team: p.slice.Team, Contexts: slices.Clone(t.Contexts), Phase: t.Phase, Recommendation: rec,
		Shown: p.agg.Shown, Reason: p.agg.Reason}
	total := p.sums[profile.M] + p.sums[profile.L]
	if !p.agg.Shown || total == 0 {
		return b, nil
	}
	share := big.NewRat(100*p.sums[profile.M], total)
	gap := new(big.Rat).Sub(share, new(big.Rat).SetFloat64(rec.ManagementShare))
	s, g := roundTenths(share), roundTenths(gap)
	b.ManagementShare, b.Gap = &s, &g
	tol := new(big.Rat).SetFloat64(rec.Tolerance)
	b.OverIndexed = Aligned
	switch {
	case gap.Cmp(tol) > 0:
		b.OverIndexed = framework.Management
	case new(big.Rat).Neg(gap).Cmp(tol) > 0:
		b.OverIndexed = framework.Leadership
	}
	if b.OverIndexed != Aligned {
		r := riskOf(b.OverIndexed, rec.Orientation)
		b.Risk = &r
	}
	return b, nil
}

// roundTenths rounds an exact number to one decimal, halves away from zero, so
// that a gap and its opposite round alike.
func roundTenths(x *big.Rat) float64 {
	a := new(big.Rat).Abs(x)
	num := new(big.Int).Mul(a.Num(), big.NewInt(20))
	num.Add(num, a.Denom())
	q := num.Quo(num, new(big.Int).Mul(a.Denom(), big.NewInt(2)))
	v := float64(q.Int64()) / 10
	if x.Sign() < 0 && v != 0 {
		return -v
	}
	return v
}

// String names the over-indexing in words, for logs and the CLI.
func (b Balance) String() string {
	switch {
	case !b.Shown:
		return fmt.Sprintf("%s: suppressed (%s)", b.Slice, b.Reason)
	case b.ManagementShare == nil:
		return fmt.Sprintf("%s: no scores to compare", b.Slice)
	case b.OverIndexed == Aligned:
		return fmt.Sprintf("%s: management share %.1f, aligned with %.1f", b.Slice, *b.ManagementShare, b.Recommendation.ManagementShare)
	}
	return fmt.Sprintf("%s: management share %.1f against %.1f, over-indexed on %s: risk of %s",
		b.Slice, *b.ManagementShare, b.Recommendation.ManagementShare, b.OverIndexed, strings.ToLower(b.Risk.Name))
}
