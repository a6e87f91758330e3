package web

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"time"

	"github.com/twohats/twohats/internal/advisor"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/store"
	"github.com/twohats/twohats/internal/teams"
)

// boardTTL is how long an organisation's planned dashboards are current.
// Assessments and writes through other servers show within this time.
const boardTTL = 30 * time.Second

// syncBuild is the longest a board build may have taken for a stale board to
// be rebuilt while the viewer waits. Small organisations plan in
// milliseconds and always see current figures; a large one is served its
// last board, marked with its time, while the next is built in the
// background, so that no viewer waits for the whole organisation to be read
// and planned.
const syncBuild = 200 * time.Millisecond

// board is one organisation's dashboards, planned once over the whole
// family of slices every viewer and page can show, so that no two shown
// aggregates come from different plans.
type board struct {
	org   *teams.Org
	dash  *teams.Dashboard
	teams map[string]store.Team
	// tree is every team depth first, siblings by name: the order of the
	// organisation's pages.
	tree     []store.Team
	children map[string][]string // team id → its sub-teams, by name
	names    map[string]string
	members  []store.TeamMember
	size     map[string]int   // team id → its own members
	roster   map[string][]int // team id → indexes into members of its own
	person   map[string]int   // person id → index into org.People
	roles    map[string]store.Role
	// recs and advice are each team's recommendation, for teams that
	// declare a situation the advisor can read.
	recs   map[string]teams.Recommendation
	advice map[string]*advisor.Advice
}

// dropBoard marks an organisation's dashboards out of date after a write
// that changes it: the next view rebuilds them. Writes through other servers
// show within boardTTL.
func (s *Server) dropBoard(orgID string) { s.boards.drop(orgID) }

// board returns the organisation's planned dashboards and when they were
// read: current, or, for an organisation whose last build took more than
// syncBuild, possibly the last ones while the next are built in the
// background (see swr).
func (s *Server) board(ctx context.Context, orgID string) (*board, time.Time, error) {
	return s.boards.get(ctx, orgID, func(ctx context.Context) (*board, error) { return s.buildBoard(ctx, orgID) })
}

// buildBoard reads the organisation from the store in a handful of queries
// (every person's latest scores in one) and plans its whole family of
// slices.
func (s *Server) buildBoard(ctx context.Context, orgID string) (*board, error) {
	start := time.Now()
	st := s.cfg.Store
	people, err := st.People(ctx, orgID)
	if err != nil {
		return nil, err
	}
	scores, err := st.LatestScores(ctx, orgID)
	if err != nil {
		return nil, err
	}
	list, err := st.ListTeams(ctx, orgID)
	if err != nil {
		return nil, err
	}
	members, err := st.TeamMembers(ctx, orgID)
	if err != nil {
		return nil, err
	}
	mentors, err := st.MentorIDs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	roles, err := st.Roles(ctx, orgID)
	if err != nil {
		return nil, err
	}
	b := &board{teams: make(map[string]store.Team, len(list)), children: map[string][]string{}, names: make(map[string]string, len(people)),
		members: members, size: make(map[string]int, len(list)), roster: make(map[string][]int, len(list)), person: make(map[string]int, len(people)), roles: map[string]store.Role{},
		recs: map[string]teams.Recommendation{}, advice: map[string]*advisor.Advice{}}
	for _, r := range roles {
		b.roles[r.ID] = r
	}
	dims := s.cfg.Catalog.Framework.DimensionKeys()
	org := &teams.Org{Dimensions: dims, People: make([]teams.Person, 0, len(people))}
	byPerson := make(map[string]*store.LatestScores, len(scores))
	for i := range scores {
		byPerson[scores[i].PersonID] = &scores[i]
	}
	isMentor := make(map[string]bool, len(mentors))
	for _, id := range mentors {
		isMentor[id] = true
	}
	for _, p := range people {
		b.names[p.ID] = p.Name
		b.person[p.ID] = len(org.People)
		org.People = append(org.People, teams.Person{ID: p.ID, Scores: scoresOf(byPerson[p.ID], dims), Mentor: isMentor[p.ID]})
	}
	idx := make(map[string]int, len(list))
	// list is by name, so each team's children come by name too.
	for _, t := range list {
		b.teams[t.ID] = t
		b.children[t.ParentID] = append(b.children[t.ParentID], t.ID)
		idx[t.ID] = len(org.Teams)
		org.Teams = append(org.Teams, teams.Team{ID: t.ID, Parent: t.ParentID, Name: t.Name, Contexts: t.Contexts, Phase: t.Phase})
	}
	var walk func(id string)
	walk = func(id string) {
		for _, c := range b.children[id] {
			b.tree = append(b.tree, b.teams[c])
			walk(c)
		}
	}
	walk("")
	for j, m := range members {
		if i, ok := idx[m.TeamID]; ok {
			org.Teams[i].Members = append(org.Teams[i].Members, m.PersonID)
			b.size[m.TeamID]++
			b.roster[m.TeamID] = append(b.roster[m.TeamID], j)
		}
	}
	// One advisor reading per distinct situation, not per team.
	type reading struct {
		rec teams.Recommendation
		adv *advisor.Advice
		ok  bool
	}
	seen := map[string]reading{}
	for _, t := range list {
		k := strings.Join(t.Contexts, ",") + "|" + t.Phase
		r, done := seen[k]
		if !done {
			r.rec, r.adv, r.ok = s.recommendation(t)
			seen[k] = r
		}
		if r.ok {
			b.recs[t.ID], b.advice[t.ID] = r.rec, r.adv
		}
	}
	if b.dash, err = teams.PlanFamily(org, teams.FamilyOptions{Quadrants: true}, 0); err != nil {
		return nil, err
	}
	b.org = org
	s.log.LogAttrs(ctx, slog.LevelDebug, "team dashboards planned", slog.String("org", orgID),
		slog.Int("people", len(people)), slog.Int("teams", len(list)), slog.Duration("took", time.Since(start)))
	return b, nil
}

// scoresOf turns a person's stored latest scores into the dashboard's, or
// nil when they are missing a facet (an assessment of another framework).
func scoresOf(l *store.LatestScores, dims []string) *teams.Scores {
	if l == nil {
		return nil
	}
	sc := &teams.Scores{Scales: [2]float64{l.Management, l.Leadership}, Quadrant: l.Quadrant,
		Facets: [2][]float64{make([]float64, len(dims)), make([]float64, len(dims))}}
	seen := 0
	for _, f := range l.Facets {
		si := slices.Index(profile.ScaleKeys[:], f.Scale)
		fi := slices.Index(dims, f.Facet)
		if si < 0 || fi < 0 {
			continue
		}
		sc.Facets[si][fi] = f.Score
		seen++
	}
	if seen != 2*len(dims) || !slices.Contains(teams.Quadrants(), l.Quadrant) {
		return nil
	}
	return sc
}

// canSeeFunc is the grid's canSee for a principal: owners and admins see
// everyone one by one, a coach the people who granted access and
// themselves, anyone else only themselves.
func (s *Server) canSeeFunc(ctx context.Context, p *Principal) (func(string) bool, error) {
	m := p.Membership
	if canSeeAll(m.Role) {
		return func(string) bool { return true }, nil
	}
	ok := map[string]bool{m.PersonID: true}
	if m.Role == store.RoleCoach {
		ids, err := s.cfg.Store.CoachedPeople(ctx, m.OrgID, p.User.ID)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			ok[id] = true
		}
	}
	return func(id string) bool { return ok[id] }, nil
}

// canViewDashboards reports whether a role may see the team dashboards.
func canViewDashboards(role string) bool { return canSeeAll(role) || role == store.RoleCoach }

// TeamDashboard is one team's dashboard, a public JSON contract.
type TeamDashboard struct {
	Team TeamInfo `json:"team"`
	// AsOf is when the figures were read.
	AsOf      time.Time       `json:"as_of"`
	Threshold int             `json:"threshold"`
	Aggregate teams.Aggregate `json:"aggregate"`
	Balance   teams.Balance   `json:"balance"`
	Grid      teams.Grid      `json:"grid"`
	Heatmap   teams.Heatmap   `json:"heatmap"`
	Fits      []PersonFit     `json:"fits"`
	// Advice is the advisor's reasoning for the team's declared situation;
	// nil when the team declares no context.
	Advice *advisor.Advice `json:"advice,omitempty"`
}

// TeamInfo names a team and its declared situation.
type TeamInfo struct {
	ID       string   `json:"id"`
	Parent   string   `json:"parent,omitempty"`
	Name     string   `json:"name"`
	Contexts []string `json:"contexts"`
	Phase    string   `json:"phase,omitempty"`
	Members  int      `json:"members"`
}

// PersonFit is a visible team member's fit to a role they hold or are
// proposed for.
type PersonFit struct {
	Person   string `json:"person"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	Relation string `json:"relation"`
	Fit      int    `json:"fit"`
	// PromotionRisk reports the advisor's promotion-risk flag.
	PromotionRisk bool `json:"promotion_risk"`
}

// OrgDashboard is the organisation-wide view, a public JSON contract.
type OrgDashboard struct {
	Threshold int `json:"threshold"`
	// AsOf is when the figures were read: the dashboards of a large
	// organisation are rebuilt in the background, at most every 30 s.
	AsOf time.Time `json:"as_of"`
	// Page, PerPage and Pages place Teams, Balances and the heatmap's rows:
	// the organisation's teams in tree order, depth first, siblings by name.
	Page       int             `json:"page"`
	PerPage    int             `json:"per_page"`
	Pages      int             `json:"pages"`
	TotalTeams int             `json:"total_teams"`
	Aggregate  teams.Aggregate `json:"aggregate"`
	Grid       teams.Grid      `json:"grid"`
	Heatmap    teams.Heatmap   `json:"heatmap"`
	Balances   []teams.Balance `json:"balances"`
	Teams      []TeamInfo      `json:"teams"`
}

// recommendation asks the advisor about a team's declared situation.
func (s *Server) recommendation(t store.Team) (teams.Recommendation, *advisor.Advice, bool) {
	if len(t.Contexts) == 0 {
		return teams.Recommendation{}, nil, false
	}
	adv, err := s.mustGrowth().Advisor.Advise(advisor.Situation{Contexts: t.Contexts, Phase: t.Phase})
	if err != nil {
		return teams.Recommendation{}, nil, false
	}
	or := teams.Both
	switch adv.Orientation {
	case advisor.Manage:
		or = framework.Management
	case advisor.Lead:
		or = framework.Leadership
	}
	return teams.Recommendation{ManagementShare: float64(adv.ManagementShare), Orientation: or}, &adv, true
}

func (b *board) info(t store.Team) TeamInfo {
	return TeamInfo{ID: t.ID, Parent: t.ParentID, Name: t.Name, Contexts: nonNilStrings(t.Contexts), Phase: t.Phase, Members: b.size[t.ID]}
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// subtree lists the team and its descendants, depth first, by name.
func (b *board) subtree(id string) []string {
	out := []string{id}
	for _, c := range b.children[id] {
		out = append(out, b.subtree(c)...)
	}
	return out
}

// teamDashboard builds one team's dashboard for a principal.
// It returns the board the dashboard was read from, for pages that show more
// of it.
func (s *Server) teamDashboard(ctx context.Context, p *Principal, teamID string) (*TeamDashboard, *board, error) {
	if !canViewDashboards(p.Membership.Role) {
		return nil, nil, fail.Errorf(fail.NotFound, "no team %q", teamID)
	}
	b, asOf, err := s.board(ctx, p.Membership.OrgID)
	if err != nil {
		return nil, nil, err
	}
	t, ok := b.teams[teamID]
	if !ok {
		return nil, nil, fail.Errorf(fail.NotFound, "no team %q", teamID)
	}
	canSee, err := s.canSeeFunc(ctx, p)
	if err != nil {
		return nil, nil, err
	}
	key := teams.TeamSlice(teamID).Key()
	d := &TeamDashboard{Team: b.info(t), AsOf: asOf.UTC(), Threshold: b.dash.Threshold(), Fits: []PersonFit{}}
	d.Aggregate, _ = b.dash.Aggregate(key)
	rec, ok := b.recs[teamID]
	if ok {
		adv := b.advice[teamID]
		if d.Balance, err = b.dash.Balance(key, rec); err != nil {
			return nil, nil, err
		}
		d.Advice = adv
	} else {
		d.Balance = teams.Balance{Slice: key, Team: teamID, Shown: d.Aggregate.Shown, Reason: d.Aggregate.Reason}
	}
	if d.Grid, err = b.dash.Grid(key, canSee); err != nil {
		return nil, nil, err
	}
	var keys []string
	for _, id := range b.subtree(teamID) {
		keys = append(keys, teams.TeamSlice(id).Key())
	}
	if d.Heatmap, err = b.dash.Heatmap(keys...); err != nil {
		return nil, nil, err
	}
	d.Fits = s.fits(b, teamID, canSee)
	return d, b, nil
}

// fits compares each visible member of the team with the roles they hold or
// are proposed for; an individual's fit is shown only to who may see them.
func (s *Server) fits(b *board, teamID string, canSee func(string) bool) []PersonFit {
	out := []PersonFit{}
	adv := s.mustGrowth().Advisor
	for _, i := range b.roster[teamID] {
		m := b.members[i]
		if !canSee(m.PersonID) {
			continue
		}
		i, ok := b.person[m.PersonID]
		if !ok || b.org.People[i].Scores == nil {
			continue
		}
		pe := &b.org.People[i]
		person := advisor.Person{View: advisor.ViewSelf, Dimensions: b.org.Dimensions, Scales: pe.Scores.Scales, Facets: pe.Scores.Facets}
		for _, rr := range []struct{ id, relation string }{{m.RoleHeld, "holds"}, {m.ProposedRole, "proposed for"}} {
			role, ok := b.roles[rr.id]
			if rr.id == "" || !ok {
				continue
			}
			parsed, err := adv.ParseRole(role.Name, role.Definition)
			if err != nil {
				continue
			}
			req, err := adv.Requirement(parsed)
			if err != nil {
				continue
			}
			f, err := adv.Fit(person, req)
			if err != nil {
				continue
			}
			out = append(out, PersonFit{Person: m.PersonID, Name: b.names[m.PersonID], Role: role.Name, Relation: rr.relation,
				Fit: f.Fit, PromotionRisk: f.PromotionRisk.Flag})
		}
	}
	slices.SortFunc(out, func(a, c PersonFit) int { return cmp.Or(cmp.Compare(a.Name, c.Name), cmp.Compare(a.Role, c.Role)) })
	return out
}

// orgPageSize is how many teams one page of the organisation's dashboard
// shows, and the most a caller may ask for.
const (
	orgPageSize    = 50
	orgPageSizeMax = 500
)

// orgDashboard builds one page of the organisation-wide view for a
// principal: the organisation's aggregate and grid, and the page's teams in
// tree order, each with its heatmap row and its balance. page counts from 1;
// perPage 0 is orgPageSize.
func (s *Server) orgDashboard(ctx context.Context, p *Principal, page, perPage int) (*OrgDashboard, error) {
	if !canViewDashboards(p.Membership.Role) {
		return nil, fail.Errorf(fail.NotFound, "no dashboards")
	}
	if perPage == 0 {
		perPage = orgPageSize
	}
	if page < 1 || perPage < 1 || perPage > orgPageSizeMax {
		return nil, &fail.Error{Code: fail.Invalid, Message: "bad page of the organisation's dashboard",
			Fields: map[string]string{"page": fmt.Sprintf("%d: pages count from 1", page), "per_page": fmt.Sprintf("%d: want 1 to %d", perPage, orgPageSizeMax)}}
	}
	b, asOf, err := s.board(ctx, p.Membership.OrgID)
	if err != nil {
		return nil, err
	}
	d := &OrgDashboard{Threshold: b.dash.Threshold(), AsOf: asOf.UTC(), Balances: []teams.Balance{}, Teams: []TeamInfo{},
		Page: page, PerPage: perPage, TotalTeams: len(b.tree), Pages: max(1, (len(b.tree)+perPage-1)/perPage)}
	if page > d.Pages {
		return nil, fail.Errorf(fail.NotFound, "no page %d of the organisation's dashboard: it has %d", page, d.Pages)
	}
	d.Aggregate, _ = b.dash.Aggregate(teams.OrgKey)
	// The organisation's grid shows counts only: thousands of points would
	// help no one.
	if d.Grid, err = b.dash.Grid(teams.OrgKey, nil); err != nil {
		return nil, err
	}
	onPage := b.tree[min((page-1)*perPage, len(b.tree)):min(page*perPage, len(b.tree))]
	keys := make([]string, 0, len(onPage))
	for _, t := range onPage {
		key := teams.TeamSlice(t.ID).Key()
		keys = append(keys, key)
		d.Teams = append(d.Teams, b.info(t))
		if rec, ok := b.recs[t.ID]; ok {
			bal, err := b.dash.Balance(key, rec)
			if err != nil {
				return nil, err
			}
			d.Balances = append(d.Balances, bal)
		}
	}
	if len(keys) == 0 {
		d.Heatmap, err = b.dash.Heatmap(teams.OrgKey)
		d.Heatmap.Rows = d.Heatmap.Rows[:0]
	} else {
		d.Heatmap, err = b.dash.Heatmap(keys...)
	}
	if err != nil {
		return nil, err
	}
	return d, nil
}
