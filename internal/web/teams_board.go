package web

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/twohats/twohats/internal/advisor"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/store"
	"github.com/twohats/twohats/internal/teams"
)

// boardTTL is how long an organisation's planned dashboards are reused.
// Team writes through this server drop the cache at once; assessments and
// writes through other servers show within this time.
const boardTTL = 30 * time.Second

// board is one organisation's dashboards, planned once over the whole
// family of slices every viewer and page can show, so that no two shown
// aggregates come from different plans.
type board struct {
	org     *teams.Org
	dash    *teams.Dashboard
	teams   map[string]store.Team
	order   []store.Team // by name
	names   map[string]string
	members []store.TeamMember
	roles   map[string]store.Role
	built   time.Time
}

// boards caches each organisation's board.
var boards sync.Map // org id → *board

// dropBoard forgets an organisation's board after a write that changes it.
func dropBoard(orgID string) { boards.Delete(orgID) }

// board returns the organisation's planned dashboards, reading the store
// in a handful of queries (every person's latest scores in one) when the
// cached plan is missing or stale.
func (s *Server) board(ctx context.Context, orgID string) (*board, error) {
	if v, ok := boards.Load(orgID); ok {
		if b := v.(*board); s.cfg.Now().Sub(b.built) < boardTTL {
			return b, nil
		}
	}
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
	b := &board{teams: map[string]store.Team{}, order: list, names: map[string]string{}, members: members,
		roles: map[string]store.Role{}, built: s.cfg.Now()}
	for _, r := range roles {
		b.roles[r.ID] = r
	}
	dims := s.cfg.Catalog.Framework.DimensionKeys()
	org := &teams.Org{Dimensions: dims, People: make([]teams.Person, 0, len(people))}
	byPerson := make(map[string]*store.LatestScores, len(scores))
	for i := range scores {
		byPerson[scores[i].PersonID] = &scores[i]
	}
	isMentor := map[string]bool{}
	for _, id := range mentors {
		isMentor[id] = true
	}
	for _, p := range people {
		b.names[p.ID] = p.Name
		org.People = append(org.People, teams.Person{ID: p.ID, Scores: scoresOf(byPerson[p.ID], dims), Mentor: isMentor[p.ID]})
	}
	idx := map[string]int{}
	for _, t := range list {
		b.teams[t.ID] = t
		idx[t.ID] = len(org.Teams)
		org.Teams = append(org.Teams, teams.Team{ID: t.ID, Parent: t.ParentID, Name: t.Name, Contexts: t.Contexts, Phase: t.Phase})
	}
	for _, m := range members {
		if i, ok := idx[m.TeamID]; ok {
			org.Teams[i].Members = append(org.Teams[i].Members, m.PersonID)
		}
	}
	family, err := teams.Family(org, teams.FamilyOptions{Quadrants: true})
	if err != nil {
		return nil, err
	}
	if b.dash, err = teams.Plan(org, family, 0); err != nil {
		return nil, err
	}
	b.org = org
	boards.Store(orgID, b)
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
	Team      TeamInfo        `json:"team"`
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
	Threshold int             `json:"threshold"`
	Aggregate teams.Aggregate `json:"aggregate"`
	Grid      teams.Grid      `json:"grid"`
	Heatmap   teams.Heatmap   `json:"heatmap"`
	Balances  []teams.Balance `json:"balances"`
	Teams     []TeamInfo      `json:"teams"`
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
	n := 0
	for _, m := range b.members {
		if m.TeamID == t.ID {
			n++
		}
	}
	return TeamInfo{ID: t.ID, Parent: t.ParentID, Name: t.Name, Contexts: nonNilStrings(t.Contexts), Phase: t.Phase, Members: n}
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
	for _, t := range b.order {
		if t.ParentID == id {
			out = append(out, b.subtree(t.ID)...)
		}
	}
	return out
}

// teamDashboard builds one team's dashboard for a principal.
func (s *Server) teamDashboard(ctx context.Context, p *Principal, teamID string) (*TeamDashboard, error) {
	if !canViewDashboards(p.Membership.Role) {
		return nil, fail.Errorf(fail.NotFound, "no team %q", teamID)
	}
	b, err := s.board(ctx, p.Membership.OrgID)
	if err != nil {
		return nil, err
	}
	t, ok := b.teams[teamID]
	if !ok {
		return nil, fail.Errorf(fail.NotFound, "no team %q", teamID)
	}
	canSee, err := s.canSeeFunc(ctx, p)
	if err != nil {
		return nil, err
	}
	key := teams.TeamSlice(teamID).Key()
	d := &TeamDashboard{Team: b.info(t), Threshold: b.dash.Threshold(), Fits: []PersonFit{}}
	d.Aggregate, _ = b.dash.Aggregate(key)
	rec, adv, ok := s.recommendation(t)
	if ok {
		if d.Balance, err = b.dash.Balance(key, rec); err != nil {
			return nil, err
		}
		d.Advice = adv
	} else {
		d.Balance = teams.Balance{Slice: key, Team: teamID, Shown: d.Aggregate.Shown, Reason: d.Aggregate.Reason}
	}
	if d.Grid, err = b.dash.Grid(key, canSee); err != nil {
		return nil, err
	}
	var keys []string
	for _, id := range b.subtree(teamID) {
		keys = append(keys, teams.TeamSlice(id).Key())
	}
	if d.Heatmap, err = b.dash.Heatmap(keys...); err != nil {
		return nil, err
	}
	d.Fits = s.fits(b, teamID, canSee)
	return d, nil
}

// fits compares each visible member of the team with the roles they hold or
// are proposed for; an individual's fit is shown only to who may see them.
func (s *Server) fits(b *board, teamID string, canSee func(string) bool) []PersonFit {
	out := []PersonFit{}
	adv := s.mustGrowth().Advisor
	byID := map[string]*teams.Person{}
	for i := range b.org.People {
		byID[b.org.People[i].ID] = &b.org.People[i]
	}
	for _, m := range b.members {
		if m.TeamID != teamID || !canSee(m.PersonID) {
			continue
		}
		pe := byID[m.PersonID]
		if pe == nil || pe.Scores == nil {
			continue
		}
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

// orgDashboard builds the organisation-wide view for a principal.
func (s *Server) orgDashboard(ctx context.Context, p *Principal) (*OrgDashboard, error) {
	if !canViewDashboards(p.Membership.Role) {
		return nil, fail.Errorf(fail.NotFound, "no dashboards")
	}
	b, err := s.board(ctx, p.Membership.OrgID)
	if err != nil {
		return nil, err
	}
	d := &OrgDashboard{Threshold: b.dash.Threshold(), Balances: []teams.Balance{}, Teams: []TeamInfo{}}
	d.Aggregate, _ = b.dash.Aggregate(teams.OrgKey)
	grid, err := b.dash.Grid(teams.OrgKey, nil)
	if err != nil {
		return nil, err
	}
	// The organisation's grid shows counts only: thousands of points would
	// help no one.
	d.Grid = grid
	if d.Heatmap, err = b.dash.Heatmap(); err != nil {
		return nil, err
	}
	for _, t := range b.order {
		d.Teams = append(d.Teams, b.info(t))
		if rec, _, ok := s.recommendation(t); ok {
			bal, err := b.dash.Balance(teams.TeamSlice(t.ID).Key(), rec)
			if err != nil {
				return nil, err
			}
			d.Balances = append(d.Balances, bal)
		}
	}
	return d, nil
}
