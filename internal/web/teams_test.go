package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/twohats/twohats/internal/store"
)

// mustTeam gives the owner's organisation a team with the member on it,
// for the tenant test to ask for; it returns its id.
func (e *apiEnv) mustTeam(owner, member *apiAccount) string {
	e.t.Helper()
	ctx := context.Background()
	t := &store.Team{OrgID: owner.m.OrgID, Name: "Team of " + owner.m.OrgName, Contexts: []string{"startup"}, Phase: "launch"}
	if err := e.st.SaveTeam(ctx, t); err != nil {
		e.t.Fatal(err)
	}
	if err := e.st.SetTeamMember(ctx, &store.TeamMember{OrgID: owner.m.OrgID, TeamID: t.ID, PersonID: member.m.PersonID}); err != nil {
		e.t.Fatal(err)
	}
	e.srv.dropBoard(owner.m.OrgID)
	return t.ID
}

// nestedOrg makes a department of 6 assessed people whose squad has 4 of
// them: the squad must never be shown beside the department.
func (e *apiEnv) nestedOrg(owner *apiAccount) {
	e.t.Helper()
	ctx := context.Background()
	org := owner.m.OrgID
	for _, t := range []store.Team{
		{OrgID: org, ID: "dept", Name: "Department", Contexts: []string{"mature", "compliance-critical"}, Phase: "execution"},
		{OrgID: org, ID: "squad", ParentID: "dept", Name: "Squad", Contexts: []string{"startup"}, Phase: "launch"},
	} {
		if err := e.st.SaveTeam(ctx, &t); err != nil {
			e.t.Fatal(err)
		}
	}
	for i := range 6 {
		p, err := e.st.EnsurePerson(ctx, org, fmt.Sprintf("p%d@example.com", i), fmt.Sprintf("Person %d", i))
		if err != nil {
			e.t.Fatal(err)
		}
		e.submit(owner, p.ID)
		team := "dept"
		if i < 4 {
			team = "squad"
		}
		if err := e.st.SetTeamMember(ctx, &store.TeamMember{OrgID: org, TeamID: team, PersonID: p.ID}); err != nil {
			e.t.Fatal(err)
		}
	}
	e.srv.dropBoard(org)
}

func TestTeamDashboardsHonourAnonymity(t *testing.T) {
	e := newAPIEnv(t)
	owner := e.mustOwner("nest")
	member := e.mustMember(owner, "plain", store.RoleMember)
	e.nestedOrg(owner)

	var dept, squad TeamDashboard
	res := e.do(apiReq{method: http.MethodGet, path: "/api/v1/teams/dept/dashboard", token: owner.token})
	res.wantStatus(t, http.StatusOK)
	res.decode(t, &dept)
	if !dept.Aggregate.Shown || dept.Aggregate.N != 6 {
		t.Errorf("department: shown %v, n %d; want shown with 6", dept.Aggregate.Shown, dept.Aggregate.N)
	}
	if len(dept.Grid.Points) != 6 {
		t.Errorf("the owner sees %d people on the grid, want 6", len(dept.Grid.Points))
	}
	if dept.Balance.Risk == nil && dept.Balance.OverIndexed != "none" {
		t.Errorf("department balance names no risk: %+v", dept.Balance)
	}
	res = e.do(apiReq{method: http.MethodGet, path: "/api/v1/teams/squad/dashboard", token: owner.token})
	res.wantStatus(t, http.StatusOK)
	res.decode(t, &squad)
	if squad.Aggregate.Shown || squad.Aggregate.N != 0 || squad.Aggregate.Scales != nil {
		t.Errorf("squad of 4 inside a department of 6 is shown: %+v", squad.Aggregate)
	}
	if squad.Balance.ManagementShare != nil {
		t.Errorf("squad balance shows a share: %+v", squad.Balance)
	}
	for _, row := range squad.Heatmap.Rows {
		if row.Shown && row.Team == "squad" {
			t.Errorf("the squad's heatmap row is shown")
		}
	}
	// The pages render the same plan.
	for _, path := range []string{"/org/teams", "/org/teams/dept", "/org/teams/squad", "/mentors"} {
		req, _ := http.NewRequest(http.MethodGet, e.ts.URL+path, nil)
		got := e.send(owner.web, req)
		if got.status != http.StatusOK {
			t.Errorf("GET %s: status %d\n%s", path, got.status, got.body)
		}
		if path == "/org/teams/dept" && !strings.Contains(string(got.body), "Person 5") {
			t.Errorf("the department page does not show its people")
		}
	}
	// A member sees no dashboards.
	for _, path := range []string{"/api/v1/teams/dept/dashboard", "/api/v1/dashboard"} {
		e.do(apiReq{method: http.MethodGet, path: path, token: member.token}).wantStatus(t, http.StatusNotFound)
	}
	var org OrgDashboard
	res = e.do(apiReq{method: http.MethodGet, path: "/api/v1/dashboard", token: owner.token})
	res.wantStatus(t, http.StatusOK)
	res.decode(t, &org)
	if len(org.Teams) != 2 || len(org.Balances) != 2 {
		t.Errorf("org dashboard: %d teams, %d balances; want 2 and 2", len(org.Teams), len(org.Balances))
	}
}
