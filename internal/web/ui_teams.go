package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/teams"
)

// pageParam reads a page's ?page, 1 when absent; anything but a whole
// number from 1 is fail.Invalid naming the field.
func pageParam(r *http.Request) (int, error) {
	q := r.URL.Query().Get("page")
	if q == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(q)
	if err != nil || n < 1 {
		return 0, &fail.Error{Code: fail.Invalid, Message: "bad page number", Fields: map[string]string{"page": fmt.Sprintf("%q is not a page number from 1", q)}}
	}
	return n, nil
}

// gridSize is the side of the grid's SVG, in its own units.
const gridSize = 300

// heatRow is one heatmap row as the pages show it.
type heatRow struct {
	Team   string
	Name   string
	Shown  bool
	Reason string
	N      int
	Cells  []*teams.Stat
	// Span is the columns a suppressed row's reason spans.
	Span int
}

// gridPoint is a visible person on the grid's SVG.
type gridPoint struct {
	Name                   string
	Management, Leadership float64
	Quadrant               string
	X, Y                   float64
}

// quadrantCount is one quadrant's count, nil where suppressed.
type quadrantCount struct {
	Quadrant string
	N        *int
}

// teamPage is what team.html shows.
type teamPage struct {
	D         *TeamDashboard
	Columns   []teams.Column
	Rows      []heatRow
	Points    []gridPoint
	Quadrants []quadrantCount
	Reason    string
	Balance   orgBalance
	Size      int
}

// orgPage is what org_dashboard.html shows.
type orgPage struct {
	D *OrgDashboard
	// Prev and Next are the neighbouring pages, 0 for none.
	Prev, Next int
	Columns    []teams.Column
	Rows       []heatRow
	Quadrants  []quadrantCount
	Balances   []orgBalance
}

// orgBalance is one team's balance as the page shows it.
type orgBalance struct {
	Name, Team              string
	Shown                   bool
	Share, Recommended, Gap float64
	Over, Risk, Reason      string
}

func toOrgBalance(name string, b teams.Balance) orgBalance {
	o := orgBalance{Name: name, Team: b.Team, Recommended: b.Recommendation.ManagementShare, Over: b.OverIndexed, Reason: reasonText(b.Reason)}
	if b.Shown && b.ManagementShare != nil {
		o.Shown, o.Share, o.Gap = true, *b.ManagementShare, *b.Gap
	} else if o.Reason == "" {
		o.Reason = "no scores to compare yet"
	}
	if b.Risk != nil {
		o.Risk = b.Risk.Name
	}
	return o
}

// reasonText says in words why a slice is suppressed.
func reasonText(r string) string {
	switch r {
	case teams.TooFew:
		return "hidden: fewer people than the anonymity threshold"
	case teams.Differencing:
		return "hidden: shown beside the larger teams, it would reveal a smaller group by difference"
	}
	return ""
}

func heatRows(h teams.Heatmap) []heatRow {
	out := make([]heatRow, len(h.Rows))
	for i, r := range h.Rows {
		out[i] = heatRow{Team: r.Team, Name: r.Name, Shown: r.Shown, Reason: reasonText(r.Reason), N: r.N, Cells: r.Cells, Span: len(r.Cells) + 1}
	}
	return out
}

func quadrantCounts(g teams.Grid) []quadrantCount {
	var out []quadrantCount
	for _, q := range teams.Quadrants() {
		out = append(out, quadrantCount{Quadrant: q, N: g.Quadrants[q]})
	}
	return out
}

func (u *ui) handleOrgDashboard() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p, _ := principalFrom(ctx)
		page, err := pageParam(r)
		if err != nil {
			u.fail(w, r, err)
			return
		}
		d, err := u.s.orgDashboard(ctx, p, page, 0)
		if err != nil {
			u.fail(w, r, err)
			return
		}
		v := &orgPage{D: d, Columns: d.Heatmap.Columns, Rows: heatRows(d.Heatmap), Quadrants: quadrantCounts(d.Grid)}
		if d.Page > 1 {
			v.Prev = d.Page - 1
		}
		if d.Page < d.Pages {
			v.Next = d.Page + 1
		}
		names := map[string]string{}
		for _, t := range d.Teams {
			names[t.ID] = t.Name
		}
		for _, b := range d.Balances {
			v.Balances = append(v.Balances, toOrgBalance(names[b.Team], b))
		}
		u.render(w, r, http.StatusOK, "org_dashboard", &view{Title: "Teams", Nav: "teams", Data: v})
	})
}

func (u *ui) handleTeamDashboard() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p, _ := principalFrom(ctx)
		d, b, err := u.s.teamDashboard(ctx, p, r.PathValue("id"))
		if err != nil {
			u.fail(w, r, err)
			return
		}
		v := &teamPage{D: d, Columns: d.Heatmap.Columns, Rows: heatRows(d.Heatmap), Quadrants: quadrantCounts(d.Grid),
			Reason: reasonText(d.Aggregate.Reason), Balance: toOrgBalance(d.Team.Name, d.Balance), Size: gridSize}
		for _, pt := range d.Grid.Points {
			v.Points = append(v.Points, gridPoint{Name: b.names[pt.Person], Management: pt.Management, Leadership: pt.Leadership,
				Quadrant: pt.Quadrant, X: pt.Management / 100 * gridSize, Y: gridSize - pt.Leadership/100*gridSize})
		}
		slices.SortFunc(v.Points, func(a, c gridPoint) int {
			if a.Name < c.Name {
				return -1
			}
			if a.Name > c.Name {
				return 1
			}
			return 0
		})
		u.render(w, r, http.StatusOK, "team", &view{Title: d.Team.Name, Nav: "teams", Data: v})
	})
}

// mentorsPage is what team_mentors.html shows.
type mentorsPage struct {
	OptedIn     bool
	Assessed    bool
	Suggestions []mentorSuggestion
}

// mentorSuggestion is one weak facet with the names of the mentors for it.
type mentorSuggestion struct {
	Scale, Facet string
	Mentors      []string
}

func (u *ui) handleMentors() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.renderMentors(w, r, "")
	})
}

func (u *ui) renderMentors(w http.ResponseWriter, r *http.Request, notice string) {
	ctx := r.Context()
	p, _ := principalFrom(ctx)
	b, _, err := u.s.board(ctx, p.Membership.OrgID)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	ids, err := u.s.cfg.Store.MentorIDs(ctx, p.Membership.OrgID)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	v := &mentorsPage{OptedIn: slices.Contains(ids, p.Membership.PersonID), Assessed: true}
	sugg, err := teams.Mentors(b.org, p.Membership.PersonID, teams.MentorOptions{})
	switch {
	case fail.Code(err) == fail.Conflict || fail.Code(err) == fail.NotFound:
		v.Assessed = false
	case err != nil:
		u.fail(w, r, err)
		return
	}
	for _, s := range sugg {
		ms := mentorSuggestion{Scale: s.Scale, Facet: s.Facet}
		for _, id := range s.Mentors {
			ms.Mentors = append(ms.Mentors, b.names[id])
		}
		v.Suggestions = append(v.Suggestions, ms)
	}
	u.render(w, r, http.StatusOK, "team_mentors", &view{Title: "Peer mentors", Nav: "mentors", Notice: notice, Data: v})
}

func (u *ui) handleMentorOptIn() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			u.badForm(w, r, err)
			return
		}
		ctx := r.Context()
		p, _ := principalFrom(ctx)
		on := r.PostForm.Get("mentor") == "on"
		if err := u.s.cfg.Store.SetMentor(ctx, p.Membership.OrgID, p.Membership.PersonID, on); err != nil {
			u.fail(w, r, err)
			return
		}
		u.s.dropBoard(p.Membership.OrgID)
		http.Redirect(w, r, "/mentors", http.StatusSeeOther)
	})
}
