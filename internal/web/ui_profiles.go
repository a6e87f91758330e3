package web

import (
	"html/template"
	"net/http"
	"time"

	"github.com/twohats/twohats/internal/assess"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/report"
	"github.com/twohats/twohats/internal/store"
)

// historyView is the list of the assessments the principal may see, one
// group per person.
type historyView struct {
	People []personHistory
	// Others says whether anyone but the principal appears.
	Others bool
}

// personHistory is one person's assessments, newest first.
type personHistory struct {
	ID, Name string
	Self     bool
	Entries  []historyEntry
}

// historyEntry is one assessment and, for all but a person's first, how its
// facet scores changed from the one before.
type historyEntry struct {
	ID        string
	CreatedAt time.Time
	Quadrant  string
	M, L      float64
	// Since is when the previous assessment was taken; Changes are zero
	// unless HasPrevious.
	HasPrevious bool
	Since       time.Time
	DM, DL      float64
	Changes     []facetChange
}

// facetChange is the change of one dimension's two facet scores.
type facetChange struct {
	Name string
	M, L float64
}

func (u *ui) handleProfiles() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p, _ := principalFrom(ctx)
		list, err := u.s.visibleAssessments(ctx, p, "", 0)
		if err != nil {
			u.fail(w, r, err)
			return
		}
		names := map[string]string{}
		if len(list) > 0 {
			people, err := u.s.cfg.Store.People(ctx, p.Membership.OrgID)
			if err != nil {
				u.internal(w, r, err)
				return
			}
			for _, pe := range people {
				names[pe.ID] = pe.Name
			}
		}
		u.render(w, r, http.StatusOK, "profiles", &view{Title: "Your profiles", Nav: "profiles",
			Data: buildHistory(u.s.cfg.Catalog.Framework, p, list, names)})
	})
}

// buildHistory groups assessments (newest first) by person: the principal
// first, then the others by name.
func buildHistory(fw *framework.Framework, p *Principal, list []store.Assessment, names map[string]string) *historyView {
	v := &historyView{}
	index := map[string]int{}
	self := p.Membership.PersonID
	for _, a := range list {
		i, ok := index[a.PersonID]
		if !ok {
			i = len(v.People)
			index[a.PersonID] = i
			name := names[a.PersonID]
			if name == "" {
				name = "Someone"
			}
			v.People = append(v.People, personHistory{ID: a.PersonID, Name: name, Self: a.PersonID == self})
		}
		v.People[i].Entries = append(v.People[i].Entries, historyEntry{
			ID: a.ID, CreatedAt: a.CreatedAt, Quadrant: report.QuadrantName(a.Quadrant), M: a.Management, L: a.Leadership,
		})
	}
	byID := map[string]*store.Assessment{}
	for i := range list {
		byID[list[i].ID] = &list[i]
	}
	for pi := range v.People {
		es := v.People[pi].Entries
		for i := 0; i+1 < len(es); i++ {
			newer, older := byID[es[i].ID], byID[es[i+1].ID]
			es[i].HasPrevious, es[i].Since = true, older.CreatedAt
			es[i].DM, es[i].DL = newer.Management-older.Management, newer.Leadership-older.Leadership
			es[i].Changes = facetChanges(fw, newer, older)
		}
		if !v.People[pi].Self {
			v.Others = true
		}
	}
	// The principal's own profiles come first.
	for i := range v.People {
		if v.People[i].Self && i > 0 {
			v.People[0], v.People[i] = v.People[i], v.People[0]
			break
		}
	}
	return v
}

// facetChanges is, for each dimension of the framework, the change of its
// management and leadership facet scores from older to newer.
func facetChanges(fw *framework.Framework, newer, older *store.Assessment) []facetChange {
	score := func(a *store.Assessment) map[[2]string]float64 {
		m := map[[2]string]float64{}
		for _, f := range a.Facets {
			m[[2]string{f.Scale, f.Facet}] = f.Score
		}
		return m
	}
	n, o := score(newer), score(older)
	var out []facetChange
	for _, d := range fw.Dimensions {
		mk, lk := [2]string{framework.Management, d.Key}, [2]string{framework.Leadership, d.Key}
		out = append(out, facetChange{Name: d.Name, M: n[mk] - o[mk], L: n[lk] - o[lk]})
	}
	return out
}

// reportView is the report page of one assessment.
type reportView struct {
	ID         string
	Person     string
	Self       bool
	CreatedAt  time.Time
	Instrument string
	Words      report.Wording
	HighCut    float64
	Scales     []scaleRow
	Dims       []dimRow
	Radar      template.HTML
	Grid       template.HTML
	Quadrant   string
	Profile    *profile.Profile
	FocusName  string
	Focus      []focusRow
	// FocusSide is the scale the focus is on.
	FocusSide string
	// FocusFrom360 is when the 360 whose others' view the focus follows
	// was released, and FocusCampaign its id; zero when the focus is the
	// profile's own. SelfFocusName is then the side the profile alone
	// would have chosen.
	FocusFrom360  time.Time
	FocusCampaign string
	SelfFocusName string
	// Norms places the scores in their norm groups (ui_norms.go).
	Norms *normsView
}

// scaleRow is one of the two scales.
type scaleRow struct {
	Key, Name, Summary string
	Score              float64
	High               bool
}

// dimRow is one dimension with its two facet scores.
type dimRow struct {
	Name, ManagerPole, LeaderPole string
	M, L                          float64
}

// focusRow is one facet to develop, with its practices.
type focusRow struct {
	Name, Pole string
	Score      float64
	Practices  []framework.Practice
}

func (u *ui) handleReport() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p, _ := principalFrom(ctx)
		a, err := u.s.visibleAssessment(ctx, p, r.PathValue("id"))
		if err != nil {
			u.fail(w, r, err)
			return
		}
		sc, err := u.s.cfg.Catalog.Scorer(a.Instrument)
		if err != nil {
			u.internal(w, r, err)
			return
		}
		prof, err := assess.Rescore(sc, a)
		if err != nil {
			u.internal(w, r, err)
			return
		}
		words, err := report.Words(&prof)
		if err != nil {
			u.internal(w, r, err)
			return
		}
		fw := u.s.cfg.Catalog.Framework
		highCut := sc.Instrument().Scoring.HighCut
		v := &reportView{
			ID: a.ID, Self: a.PersonID == p.Membership.PersonID, CreatedAt: a.CreatedAt, Instrument: a.Instrument,
			Words: words, HighCut: highCut, Profile: &prof, Quadrant: prof.Quadrant,
			Radar: report.RadarSVG(&prof), Grid: report.GridSVG(&prof, highCut),
		}
		if !v.Self {
			person, err := u.s.cfg.Store.Person(ctx, p.Membership.OrgID, a.PersonID)
			if err != nil {
				u.fail(w, r, err)
				return
			}
			v.Person = person.Name
		}
		for si, key := range profile.ScaleKeys {
			row := scaleRow{Key: key, Name: key, Score: prof.Scales[si], High: prof.Scales[si] >= highCut}
			for _, s := range fw.Scales {
				if s.Key == key {
					row.Name, row.Summary = s.Name, s.Summary
				}
			}
			v.Scales = append(v.Scales, row)
			if key == prof.Focus.Side {
				v.FocusName = row.Name
			}
		}
		for i, key := range prof.Dimensions {
			row := dimRow{Name: key, M: prof.Facets[profile.M][i], L: prof.Facets[profile.L][i]}
			if d, ok := fw.Dimension(key); ok {
				row.Name, row.ManagerPole, row.LeaderPole = d.Name, d.ManagerPole, d.LeaderPole
			}
			v.Dims = append(v.Dims, row)
		}
		for _, f := range prof.Focus.Facets {
			score := f.Score
			if s, ok := prof.Score(f.Scale, f.Facet); ok {
				score = s
			}
			v.Focus = append(v.Focus, focusRow{Name: f.Name, Pole: f.Pole, Score: score, Practices: f.Practices})
		}
		v.FocusSide = prof.Focus.Side
		if err := u.othersFocus(ctx, p.Membership.OrgID, a.PersonID, v); err != nil {
			u.internal(w, r, err)
			return
		}
		if v.Norms, err = u.reportNorms(ctx, p.Membership.OrgID, &prof, v.Self); err != nil {
			u.internal(w, r, err)
			return
		}
		title := "Your profile"
		if !v.Self {
			title = "Profile of " + v.Person
		}
		u.render(w, r, http.StatusOK, "report", &view{Title: title, Nav: "profiles", Data: v})
	})
}
