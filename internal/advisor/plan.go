package advisor

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/feedback"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/profile"
)

type planFile struct {
	Version int          `yaml:"version"`
	Windows []windowData `yaml:"windows"`
}

type windowData struct {
	Key   string     `yaml:"key"`
	From  int        `yaml:"from"`
	To    int        `yaml:"to"`
	Title string     `yaml:"title"`
	Steps []stepData `yaml:"steps"`
}

type stepData struct {
	Key      string `yaml:"key"`
	Due      int    `yaml:"due"`
	Habit    string `yaml:"habit,omitempty"`
	Practice int    `yaml:"practice,omitempty"`
	Text     string `yaml:"text"`
	Source   string `yaml:"source"`
}

// placeholders are the names a step's text may use.
var placeholders = []string{"weaker", "stronger", "facet1", "pole1", "practice1", "facet2", "pole2", "practice2"}

var placeholderRE = regexp.MustCompile(`\{([^{}]*)\}`)

func (a *Advisor) validatePlan(c *checker) {
	p := &a.plan
	c.version(p.Version)
	if len(p.Windows) == 0 {
		c.addf("windows", "windows", "none defined")
	}
	habits := map[string]bool{}
	practices := map[int]bool{}
	next := 1
	for _, w := range p.Windows {
		c.unique("window", w.Key)
		if w.From != next || w.To < w.From {
			c.addf("window", w.Key, "runs from day %d to %d; want it to start on day %d and end on or after its start", w.From, w.To, next)
		}
		next = w.To + 1
		c.text("window", w.Key, "title", w.Title)
		if len(w.Steps) == 0 {
			c.addf("window", w.Key, "has no steps")
		}
		for _, s := range w.Steps {
			id := w.Key + "." + s.Key
			c.unique("step", id)
			if s.Due < w.From || s.Due > w.To {
				c.addf("step", id, "is due on day %d, outside its window (days %d-%d)", s.Due, w.From, w.To)
			}
			if s.Habit != "" {
				if !slices.ContainsFunc(a.fw.Habits, func(h framework.Habit) bool { return h.Key == s.Habit }) {
					c.addf("step", id, "unknown habit %q (valid: %s)", s.Habit, strings.Join(habitKeys(a.fw), ", "))
				}
				habits[s.Habit] = true
			}
			if s.Practice < 0 || s.Practice > 2 {
				c.addf("step", id, "practice %d is out of range: want 1 or 2 (the first or second target), or none", s.Practice)
			}
			practices[s.Practice] = true
			c.text("step", id, "text", s.Text)
			for _, m := range placeholderRE.FindAllStringSubmatch(s.Text, -1) {
				if !slices.Contains(placeholders, m[1]) {
					c.addf("step", id, "unknown placeholder {%s} (valid: {%s})", m[1], strings.Join(placeholders, "}, {"))
				}
			}
			c.cite("step", id, s.Source)
		}
	}
	for _, h := range habitKeys(a.fw) {
		if !habits[h] {
			c.addf("habit", h, "no step puts this habit to work; a plan uses all four")
		}
	}
	for _, n := range []int{1, 2} {
		if !practices[n] {
			c.addf("practice", fmt.Sprint(n), "no step uses the practice of target %d", n)
		}
	}
}

func habitKeys(fw *framework.Framework) []string {
	keys := make([]string, len(fw.Habits))
	for i, h := range fw.Habits {
		keys[i] = h.Key
	}
	return keys
}

// Plan is a 30/60/90-day development plan for the side a person underuses.
type Plan struct {
	// View is the view the plan was built from, ViewSelf or ViewOthers.
	View string `json:"view"`
	// Side is the side the plan develops, "management" or "leadership".
	Side  string    `json:"side"`
	Start time.Time `json:"start"`
	// Targets are the two weakest facets of Side, with their practices.
	Targets []profile.DevelopmentDoc `json:"targets"`
	// Habits are the four development habits.
	Habits   []profile.CitedDoc `json:"habits"`
	Schedule []Window           `json:"schedule"`
	CheckIns []CheckIn          `json:"check_ins"`
}

// Window is one period of a plan, such as days 1-30, with the ids of its
// check-ins.
type Window struct {
	Key      string   `json:"key"`
	FromDay  int      `json:"from_day"`
	ToDay    int      `json:"to_day"`
	Title    string   `json:"title"`
	CheckIns []string `json:"check_ins"`
}

// CheckIn is one step of a plan that the person ticks off when done.
type CheckIn struct {
	// ID is "<window>.<step>", stable across plans, such as "d30.ask-feedback".
	ID     string `json:"id"`
	Window string `json:"window"`
	// DueDay counts from the plan's start, day 1 being the start itself.
	DueDay int       `json:"due_day"`
	Due    time.Time `json:"due"`
	Text   string    `json:"text"`
	Source string    `json:"source"`
	// Habit and Practice name the habit and the practice the step uses, if any.
	Habit    string     `json:"habit,omitempty"`
	Practice string     `json:"practice,omitempty"`
	Done     bool       `json:"done"`
	DoneOn   *time.Time `json:"done_on,omitempty"`
}

// PlanFromProfile builds a plan from a self profile's development focus.
func (a *Advisor) PlanFromProfile(p *profile.Profile, start time.Time) (Plan, error) {
	return a.Plan(ViewSelf, p.Focus, start)
}

// PlanFromOthers builds a plan from the others' view of a 360 report, by the
// same focus rules as a profile; sc is the scorer of the report's instrument.
func (a *Advisor) PlanFromOthers(sc *profile.Scorer, r *feedback.Report, start time.Time) (Plan, error) {
	scales, facets, ok := r.OthersView()
	if !ok {
		return Plan{}, &fail.Error{Code: fail.Invalid, Message: "the 360 report has no others' score on every facet, so it cannot be the basis of a plan; use the self profile"}
	}
	f, err := sc.FocusFor(scales, facets)
	if err != nil {
		return Plan{}, err
	}
	return a.Plan(ViewOthers, f, start)
}

// Plan builds a plan from a development focus: its two facets become the
// targets and the data's schedule becomes the check-ins, due counting from
// start.
func (a *Advisor) Plan(view string, f profile.Focus, start time.Time) (Plan, error) {
	if scaleIndex(f.Side) < 0 {
		return Plan{}, fmt.Errorf("advisor: the focus has no side to develop")
	}
	var chosen [2]framework.Practice
	for i, ff := range f.Facets {
		if len(ff.Practices) == 0 {
			return Plan{}, fmt.Errorf("advisor: the %s focus on %s has no practices", ff.Scale, ff.Facet)
		}
		chosen[i] = ff.Practices[0]
		// A practice can serve both targets; give the second target one of
		// its own when there is one, so the plan has two different actions.
		if i == 1 {
			for _, pr := range ff.Practices {
				if pr.Key != chosen[0].Key {
					chosen[1] = pr
					break
				}
			}
		}
	}
	lower := func(s string) string { return strings.ToLower(s) }
	fill := strings.NewReplacer(
		"{weaker}", f.Side,
		"{stronger}", framework.Other(f.Side),
		"{facet1}", lower(f.Facets[0].Name), "{pole1}", lower(f.Facets[0].Pole), "{practice1}", chosen[0].Text,
		"{facet2}", lower(f.Facets[1].Name), "{pole2}", lower(f.Facets[1].Pole), "{practice2}", chosen[1].Text,
	)
	p := Plan{View: view, Side: f.Side, Start: start, Targets: f.Development(), Habits: []profile.CitedDoc{}, Schedule: []Window{}, CheckIns: []CheckIn{}}
	for _, h := range f.Habits {
		p.Habits = append(p.Habits, profile.CitedDoc{ID: h.Key, Text: h.Text, Source: h.Source})
	}
	for _, w := range a.plan.Windows {
		win := Window{Key: w.Key, FromDay: w.From, ToDay: w.To, Title: w.Title, CheckIns: []string{}}
		for _, s := range w.Steps {
			ci := CheckIn{ID: w.Key + "." + s.Key, Window: w.Key, DueDay: s.Due, Due: start.AddDate(0, 0, s.Due-1),
				Text: strings.Join(strings.Fields(fill.Replace(s.Text)), " "), Source: s.Source, Habit: s.Habit}
			if s.Practice > 0 {
				ci.Practice = chosen[s.Practice-1].Key
			}
			win.CheckIns = append(win.CheckIns, ci.ID)
			p.CheckIns = append(p.CheckIns, ci)
		}
		p.Schedule = append(p.Schedule, win)
	}
	sort.SliceStable(p.CheckIns, func(i, j int) bool { return p.CheckIns[i].DueDay < p.CheckIns[j].DueDay })
	return p, nil
}

// Tick marks a check-in done on a date; an unknown id is a fail.Invalid error
// listing the plan's ids.
func (p *Plan) Tick(id string, on time.Time) error {
	for i := range p.CheckIns {
		if p.CheckIns[i].ID == id {
			p.CheckIns[i].Done = true
			p.CheckIns[i].DoneOn = &on
			return nil
		}
	}
	ids := make([]string, len(p.CheckIns))
	for i, c := range p.CheckIns {
		ids[i] = c.ID
	}
	return &fail.Error{Code: fail.Invalid, Message: fmt.Sprintf("unknown check-in %q (valid: %s)", id, strings.Join(ids, ", ")),
		Fields: map[string]string{"check_in": "unknown"}}
}

// Progress is where a person stands on their plan on a given day.
type Progress struct {
	Done  int `json:"done"`
	Total int `json:"total"`
	// Overdue lists the ids of the check-ins due before today and not done.
	Overdue []string `json:"overdue"`
	// Next is the id of the earliest open check-in, or "" when all are done.
	Next string `json:"next"`
}

// Progress reports the plan's progress on the day today.
func (p *Plan) Progress(today time.Time) Progress {
	pr := Progress{Total: len(p.CheckIns), Overdue: []string{}}
	y, m, d := today.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, today.Location())
	for _, c := range p.CheckIns {
		switch {
		case c.Done:
			pr.Done++
		default:
			if pr.Next == "" {
				pr.Next = c.ID
			}
			if c.Due.Before(day) {
				pr.Overdue = append(pr.Overdue, c.ID)
			}
		}
	}
	return pr
}

// Snapshot is a person's scores on one date, such as a reassessment.
type Snapshot struct {
	Date   time.Time `json:"date"`
	Person Person    `json:"person"`
}

// SnapshotOf returns the self view of a profile taken on a date.
func SnapshotOf(date time.Time, p *profile.Profile) Snapshot {
	return Snapshot{Date: date, Person: PersonFromProfile(p)}
}

// Trend is the change of every facet and scale since a plan started, for a
// chart over time.
type Trend struct {
	Start time.Time `json:"start"`
	// Baseline is the date of the snapshot changes are measured from: the
	// last one on or before Start, or the first one if none is.
	Baseline time.Time    `json:"baseline"`
	Scales   []FacetTrend `json:"scales"`
	Facets   []FacetTrend `json:"facets"`
}

// FacetTrend is one facet's (or, with Facet empty, one scale's) scores over
// time, from the baseline on.
type FacetTrend struct {
	Scale string `json:"scale"`
	Facet string `json:"facet,omitempty"`
	// Target reports whether the plan targets this facet.
	Target bool    `json:"target"`
	Points []Point `json:"points"`
	// Change is the latest score minus the baseline score.
	Change float64 `json:"change"`
}

// Point is one score in a trend, with its change since the baseline.
type Point struct {
	Date   time.Time `json:"date"`
	Score  float64   `json:"score"`
	Change float64   `json:"change"`
}

// Trend returns the change per facet since the plan started, marking the
// plan's targets.
func (p *Plan) Trend(snaps []Snapshot) (Trend, error) {
	t, err := TrendSince(p.Start, snaps)
	if err != nil {
		return t, err
	}
	for i := range t.Facets {
		for _, tg := range p.Targets {
			if t.Facets[i].Scale == tg.Scale && t.Facets[i].Facet == tg.Facet {
				t.Facets[i].Target = true
			}
		}
	}
	return t, nil
}

// TrendSince returns the change per facet and scale from the baseline (the
// last snapshot on or before start, or the first one) to each later snapshot.
// Snapshots may come in any order; those before the baseline are left out.
func TrendSince(start time.Time, snaps []Snapshot) (Trend, error) {
	if len(snaps) == 0 {
		return Trend{}, &fail.Error{Code: fail.Invalid, Message: "no snapshots: a trend needs at least one assessment"}
	}
	sorted := slices.Clone(snaps)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Date.Before(sorted[j].Date) })
	base := 0
	for i, s := range sorted {
		if !s.Date.After(start) {
			base = i
		}
	}
	sorted = sorted[base:]
	dims := sorted[0].Person.Dimensions
	for _, s := range sorted {
		if !slices.Equal(s.Person.Dimensions, dims) || len(s.Person.Facets[0]) != len(dims) || len(s.Person.Facets[1]) != len(dims) {
			return Trend{}, &fail.Error{Code: fail.Invalid, Message: fmt.Sprintf("the snapshot of %s has different facets from the baseline; compare assessments of the same instrument", s.Date.Format(time.DateOnly))}
		}
	}
	t := Trend{Start: start, Baseline: sorted[0].Date, Scales: []FacetTrend{}, Facets: []FacetTrend{}}
	series := func(scale, facet string, at func(Person) float64) FacetTrend {
		ft := FacetTrend{Scale: scale, Facet: facet, Points: make([]Point, 0, len(sorted))}
		b := at(sorted[0].Person)
		for _, s := range sorted {
			v := at(s.Person)
			ft.Points = append(ft.Points, Point{Date: s.Date, Score: v, Change: round1(v - b)})
		}
		ft.Change = ft.Points[len(ft.Points)-1].Change
		return ft
	}
	for si, scale := range profile.ScaleKeys {
		t.Scales = append(t.Scales, series(scale, "", func(p Person) float64 { return p.Scales[si] }))
		for fi, d := range dims {
			t.Facets = append(t.Facets, series(scale, d, func(p Person) float64 { return p.Facets[si][fi] }))
		}
	}
	return t, nil
}
