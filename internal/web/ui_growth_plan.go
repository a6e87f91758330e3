package web

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/twohats/twohats/internal/advisor"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/growth"
)

// plansView is the list of the principal's plans.
type plansView struct {
	Plans []planRow
	// Error says why no plan could be made.
	Error string
}

// planRow is one plan in the list.
type planRow struct {
	ID        string
	Side      string
	Start     time.Time
	Done      int
	Total     int
	Next      string
	Overdue   int
	FromOther bool
}

func (u *ui) renderPlans(w http.ResponseWriter, r *http.Request, status int, errMsg string) {
	ctx := r.Context()
	p, _ := principalFrom(ctx)
	list, err := u.s.mustGrowth().Plans(ctx, p.Membership.OrgID, p.Membership.PersonID)
	if err != nil {
		u.internal(w, r, err)
		return
	}
	v := &plansView{Error: errMsg}
	now := u.s.cfg.Now()
	for _, pl := range list {
		pr := pl.Progress(now)
		v.Plans = append(v.Plans, planRow{ID: pl.ID, Side: pl.Side, Start: pl.Start, Done: pr.Done, Total: pr.Total, Next: pr.Next,
			Overdue: len(pr.Overdue), FromOther: pl.Basis.View == advisor.ViewOthers})
	}
	title := "Development plans"
	if errMsg != "" {
		title = "Error: " + title
	}
	u.render(w, r, status, "plans", &view{Title: title, Nav: "plan", Data: v})
}

func (u *ui) handlePlans() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.renderPlans(w, r, http.StatusOK, "")
	})
}

func (u *ui) handlePlanCreate() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p, _ := principalFrom(ctx)
		plan, err := u.s.mustGrowth().CreatePlan(ctx, p.Membership.OrgID, p.Membership.PersonID)
		if fail.Code(err) == fail.Invalid {
			u.renderPlans(w, r, http.StatusUnprocessableEntity, "You have no scores to plan from yet. Take the assessment first: the plan targets the facets it shows you underuse.")
			return
		}
		if err != nil {
			u.internal(w, r, err)
			return
		}
		http.Redirect(w, r, "/plan/"+plan.ID+"?created=1", http.StatusSeeOther)
	})
}

// planView is one plan's page.
type planView struct {
	*growth.PlanStatus
	// Own says whether the principal may tick the check-ins: only the
	// person whose plan it is does.
	Own  bool
	Name string
	// End is the day the last check-in is due.
	End     time.Time
	Windows []windowView
	Trend   *trendView
}

// windowView is one period of the schedule with its check-ins.
type windowView struct {
	Title    string
	CheckIns []checkInView
}

// checkInView is a check-in with whether it is overdue.
type checkInView struct {
	advisor.CheckIn
	Overdue bool
}

func (u *ui) handlePlan() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p, _ := principalFrom(ctx)
		plan, err := u.s.visiblePlan(ctx, p, r.PathValue("id"))
		if err != nil {
			u.fail(w, r, err)
			return
		}
		g := u.s.mustGrowth()
		st, err := g.Status(ctx, p.Membership.OrgID, plan, u.s.cfg.Now())
		if err != nil {
			u.internal(w, r, err)
			return
		}
		v := &planView{PlanStatus: st, Own: plan.PersonID == p.Membership.PersonID}
		for _, c := range st.CheckIns {
			if c.Due.After(v.End) {
				v.End = c.Due
			}
		}
		if !v.Own {
			if pe, err := u.s.cfg.Store.Person(ctx, p.Membership.OrgID, plan.PersonID); err == nil {
				v.Name = pe.Name
			}
		}
		byID := map[string]advisor.CheckIn{}
		for _, c := range st.CheckIns {
			byID[c.ID] = c
		}
		for _, win := range st.Schedule {
			wv := windowView{Title: win.Title}
			for _, id := range win.CheckIns {
				wv.CheckIns = append(wv.CheckIns, checkInView{CheckIn: byID[id], Overdue: slices.Contains(st.Progress.Overdue, id)})
			}
			v.Windows = append(v.Windows, wv)
		}
		if st.Trend != nil {
			v.Trend = newTrendView(g.Advisor.Framework(), st.Trend)
		}
		notice := ""
		switch {
		case r.URL.Query().Has("created"):
			notice = "Your plan is ready. Tick off each check-in as you do it."
		case r.URL.Query().Has("saved"):
			notice = "Your check-ins are saved."
		}
		title := "Your development plan"
		if !v.Own {
			title = "Development plan of " + v.Name
		}
		u.render(w, r, http.StatusOK, "plan", &view{Title: title, Nav: "plan", Notice: notice, Data: v})
	})
}

func (u *ui) handlePlanCheckIns() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p, _ := principalFrom(ctx)
		plan, err := u.s.ownPlan(ctx, p, r.PathValue("id"))
		if err != nil {
			u.fail(w, r, err)
			return
		}
		if err := r.ParseForm(); err != nil {
			u.badForm(w, r, err)
			return
		}
		done := r.PostForm["done"]
		g := u.s.mustGrowth()
		now := u.s.cfg.Now().UTC()
		for _, c := range plan.CheckIns {
			want := slices.Contains(done, c.ID)
			if want == c.Done {
				continue
			}
			if _, err := g.Tick(ctx, p.Membership.OrgID, plan.ID, c.ID, want, now); err != nil {
				u.fail(w, r, err)
				return
			}
		}
		http.Redirect(w, r, "/plan/"+plan.ID+"?saved=1", http.StatusSeeOther)
	})
}

// Chart geometry, in SVG user units.
const (
	chartW, chartH         = 640, 260
	chartLeft, chartRight  = 52, 150
	chartTop, chartBottom  = 16, 40
	chartMinRange          = 10
	chartTargetStroke      = 3.5
	chartOtherStroke       = 1.75
	chartOtherColour       = "#5f6875"
	chartManagementColour  = "#1f5fa8"
	chartLeadershipColour  = "#a8441c"
	chartEndLabelMinSpread = 14
)

// trendView is the change per facet since a plan started: a chart for each
// scale and one table with every number.
type trendView struct {
	Baseline, Latest time.Time
	// Points is how many assessments the trend has, the baseline included.
	Points int
	Charts []trendChart
	Rows   []trendRow
}

// trendChart is one scale's facets as lines over time.
type trendChart struct {
	ID, Title, Desc string
	Width, Height   int
	Lines           []chartLine
	YTicks, XTicks  []chartTick
	// Plot is the plotting area: left, top, right, bottom.
	Left, Top, Right, Bottom float64
	ZeroY                    float64
}

// chartLine is one facet's change over time.
type chartLine struct {
	Label   string
	Points  string
	Colour  string
	Width   float64
	Target  bool
	LabelX  float64
	LabelY  float64
	Markers []chartTick
}

// chartTick is a position on an axis and where its label goes; a line's
// markers use only the label's position.
type chartTick struct {
	Pos            float64
	LabelX, LabelY float64
	Label          string
}

// trendRow is one facet's numbers.
type trendRow struct {
	Scale, Facet     string
	Baseline, Latest float64
	Change           float64
	Target           bool
}

func newTrendView(fw *framework.Framework, t *advisor.Trend) *trendView {
	if len(t.Facets) == 0 || len(t.Facets[0].Points) == 0 {
		return nil
	}
	pts := t.Facets[0].Points
	v := &trendView{Baseline: t.Baseline, Latest: pts[len(pts)-1].Date, Points: len(pts)}
	for _, f := range t.Facets {
		d, _ := fw.Dimension(f.Facet)
		v.Rows = append(v.Rows, trendRow{Scale: f.Scale, Facet: d.Name, Baseline: f.Points[0].Score,
			Latest: f.Points[len(f.Points)-1].Score, Change: f.Change, Target: f.Target})
	}
	if len(pts) < 2 {
		return v
	}
	for _, scale := range []string{framework.Management, framework.Leadership} {
		var facets []advisor.FacetTrend
		for _, f := range t.Facets {
			if f.Scale == scale {
				facets = append(facets, f)
			}
		}
		v.Charts = append(v.Charts, trendChartOf(fw, scale, facets))
	}
	return v
}

// trendChartOf draws one scale's facets: the change since the baseline on
// the y axis, symmetric around 0, and the assessments evenly along x.
func trendChartOf(fw *framework.Framework, scale string, facets []advisor.FacetTrend) trendChart {
	name := strings.ToUpper(scale[:1]) + scale[1:]
	c := trendChart{ID: "trend-" + scale, Title: name + ": change per facet since the plan started",
		Width: chartW, Height: chartH, Left: chartLeft, Top: chartTop, Right: chartW - chartRight, Bottom: chartH - chartBottom}
	span := float64(chartMinRange)
	for _, f := range facets {
		for _, p := range f.Points {
			span = math.Max(span, math.Abs(p.Change))
		}
	}
	span = math.Ceil(span/10) * 10
	y := func(change float64) float64 { return c.Top + (span-change)/(2*span)*(c.Bottom-c.Top) }
	n := len(facets[0].Points)
	x := func(i int) float64 { return c.Left + float64(i)/float64(max(1, n-1))*(c.Right-c.Left) }
	c.ZeroY = y(0)
	for _, v := range []float64{-span, -span / 2, 0, span / 2, span} {
		c.YTicks = append(c.YTicks, chartTick{Pos: y(v), LabelX: c.Left - 6, LabelY: y(v) + 4, Label: delta(v)})
	}
	for i, p := range facets[0].Points {
		label := p.Date.Format("2 Jan")
		if i == 0 {
			label = "Start " + label
		}
		c.XTicks = append(c.XTicks, chartTick{Pos: x(i), LabelX: x(i), LabelY: c.Bottom + 22, Label: label})
	}
	colour := chartManagementColour
	if scale == framework.Leadership {
		colour = chartLeadershipColour
	}
	var targets, others []string
	for _, f := range facets {
		d, _ := fw.Dimension(f.Facet)
		l := chartLine{Label: d.Name, Colour: chartOtherColour, Width: chartOtherStroke, Target: f.Target}
		if f.Target {
			l.Colour, l.Width = colour, chartTargetStroke
			targets = append(targets, d.Name)
		} else {
			others = append(others, d.Name)
		}
		var b strings.Builder
		for i, p := range f.Points {
			fmt.Fprintf(&b, "%.1f,%.1f ", x(i), y(p.Change))
			l.Markers = append(l.Markers, chartTick{LabelX: x(i), LabelY: y(p.Change)})
		}
		l.Points = strings.TrimSpace(b.String())
		l.LabelX, l.LabelY = c.Right+8, y(f.Change)+4
		c.Lines = append(c.Lines, l)
	}
	// Targets are drawn last, on top; end labels are spread apart so none
	// overlaps another.
	slices.SortStableFunc(c.Lines, func(a, b chartLine) int {
		switch {
		case a.Target == b.Target:
			return 0
		case a.Target:
			return 1
		}
		return -1
	})
	order := make([]int, len(c.Lines))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int { return int(math.Round(c.Lines[i].LabelY - c.Lines[j].LabelY)) })
	for k := 1; k < len(order); k++ {
		prev, cur := &c.Lines[order[k-1]], &c.Lines[order[k]]
		if cur.LabelY-prev.LabelY < chartEndLabelMinSpread {
			cur.LabelY = prev.LabelY + chartEndLabelMinSpread
		}
	}
	ceiling := c.Bottom + 4
	for k := len(order) - 1; k >= 0; k-- {
		l := &c.Lines[order[k]]
		l.LabelY = math.Min(l.LabelY, ceiling)
		ceiling = l.LabelY - chartEndLabelMinSpread
	}
	c.Desc = fmt.Sprintf("%d assessments from %s. Thick lines are the plan's targets (%s); thin grey lines the other facets (%s). The table below gives every number.",
		n, facets[0].Points[0].Date.Format("2 Jan 2006"), strings.Join(targets, ", "), strings.Join(others, ", "))
	if len(targets) == 0 {
		c.Desc = fmt.Sprintf("%d assessments from %s, one line per facet. The table below gives every number.", n, facets[0].Points[0].Date.Format("2 Jan 2006"))
	}
	return c
}
