package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/twohats/twohats/internal/store"
)

// manyTeams gives the owner's organisation n top teams named T000, T001, …
// with one sub-team each (n×2 teams in all), and returns their ids in tree
// order.
func (e *apiEnv) manyTeams(owner *apiAccount, n int) []string {
	e.t.Helper()
	ctx := context.Background()
	var order []string
	for i := range n {
		top := &store.Team{OrgID: owner.m.OrgID, ID: fmt.Sprintf("top%03d", i), Name: fmt.Sprintf("T%03d", i), Contexts: []string{"startup"}}
		sub := &store.Team{OrgID: owner.m.OrgID, ID: fmt.Sprintf("sub%03d", i), ParentID: top.ID, Name: fmt.Sprintf("T%03d sub", i)}
		for _, t := range []*store.Team{top, sub} {
			if err := e.st.SaveTeam(ctx, t); err != nil {
				e.t.Fatal(err)
			}
		}
		order = append(order, top.ID, sub.ID)
	}
	e.srv.dropBoard(owner.m.OrgID)
	return order
}

func TestOrgDashboardPagesTeamsInTreeOrder(t *testing.T) {
	e := newAPIEnv(t)
	owner := e.mustOwner("pages")
	order := e.manyTeams(owner, 30) // 60 teams

	var got []string
	for page := 1; ; page++ {
		var d OrgDashboard
		res := e.do(apiReq{method: http.MethodGet, path: fmt.Sprintf("/api/v1/dashboard?page=%d&per_page=25", page), token: owner.token})
		res.wantStatus(t, http.StatusOK)
		res.decode(t, &d)
		if d.TotalTeams != 60 || d.Pages != 3 || d.Page != page || d.PerPage != 25 {
			t.Fatalf("page %d: total %d, pages %d, page %d, per page %d; want 60, 3, %d, 25", page, d.TotalTeams, d.Pages, d.Page, d.PerPage, page)
		}
		if len(d.Heatmap.Rows) != len(d.Teams) {
			t.Errorf("page %d: %d heatmap rows for %d teams", page, len(d.Heatmap.Rows), len(d.Teams))
		}
		for i, ti := range d.Teams {
			got = append(got, ti.ID)
			if d.Heatmap.Rows[i].Team != ti.ID {
				t.Errorf("page %d: heatmap row %d is %s, team %s", page, i, d.Heatmap.Rows[i].Team, ti.ID)
			}
		}
		// Only the top teams declare a context the advisor reads.
		for _, b := range d.Balances {
			if !strings.HasPrefix(b.Team, "top") {
				t.Errorf("page %d: a balance for %s, which declares no context", page, b.Team)
			}
		}
		if d.AsOf.IsZero() {
			t.Errorf("page %d: no as_of", page)
		}
		if page == d.Pages {
			break
		}
	}
	if strings.Join(got, " ") != strings.Join(order, " ") {
		t.Errorf("teams across the pages:\n got %v\nwant %v", got, order)
	}

	e.do(apiReq{method: http.MethodGet, path: "/api/v1/dashboard?page=4&per_page=25", token: owner.token}).wantStatus(t, http.StatusNotFound)
	for _, q := range []string{"page=0", "per_page=501", "per_page=0", "page=x"} {
		res := e.do(apiReq{method: http.MethodGet, path: "/api/v1/dashboard?" + q, token: owner.token})
		if res.status != http.StatusUnprocessableEntity && res.status != http.StatusBadRequest {
			t.Errorf("GET /api/v1/dashboard?%s: status %d, want 400 or 422\n%s", q, res.status, res.body)
		}
		if !strings.Contains(string(res.body), strings.Split(q, "=")[0]) {
			t.Errorf("GET /api/v1/dashboard?%s: the problem does not name the field:\n%s", q, res.body)
		}
	}

	// The page shows 50 teams, in the same order, and links to the next.
	req, _ := http.NewRequest(http.MethodGet, e.ts.URL+"/org/teams?page=2", nil)
	page := e.send(owner.web, req)
	if page.status != http.StatusOK {
		t.Fatalf("GET /org/teams?page=2: %d\n%s", page.status, page.body)
	}
	body := string(page.body)
	if !strings.Contains(body, `rel="prev" href="/org/teams?page=1"`) || strings.Contains(body, `rel="next"`) {
		t.Errorf("page 2 of 2 should link back to page 1 and nowhere further")
	}
	if !strings.Contains(body, `href="/org/teams/`+order[50]+`"`) || strings.Contains(body, `href="/org/teams/`+order[49]+`"`) {
		t.Errorf("page 2 should hold the teams from the 51st on")
	}
	req, _ = http.NewRequest(http.MethodGet, e.ts.URL+"/org/teams?page=-1", nil)
	if res := e.send(owner.web, req); res.status != http.StatusBadRequest && res.status != http.StatusUnprocessableEntity {
		t.Errorf("GET /org/teams?page=-1: status %d, want 400 or 422", res.status)
	}
}

// TestSlowBoardIsServedWhileRebuilt: an organisation whose dashboards take
// long to plan is served its last board, with its time, while one rebuild
// runs in the background; the rebuilt board then shows the change. A quick
// one is rebuilt while the viewer waits.
func TestSlowBoardIsServedWhileRebuilt(t *testing.T) {
	e := newAPIEnv(t)
	owner := e.mustOwner("slow")
	e.nestedOrg(owner)
	ctx := context.Background()
	org := owner.m.OrgID

	dept := func() TeamDashboard {
		t.Helper()
		var d TeamDashboard
		res := e.do(apiReq{method: http.MethodGet, path: "/api/v1/teams/dept/dashboard", token: owner.token})
		res.wantStatus(t, http.StatusOK)
		res.decode(t, &d)
		return d
	}
	first := dept()
	if first.Aggregate.N != 6 {
		t.Fatalf("department covers %d, want 6", first.Aggregate.N)
	}
	addPerson := func(i int) {
		t.Helper()
		p, err := e.st.EnsurePerson(ctx, org, fmt.Sprintf("late%d@example.com", i), fmt.Sprintf("Late %d", i))
		if err != nil {
			t.Fatal(err)
		}
		e.submit(owner, p.ID)
		if err := e.st.SetTeamMember(ctx, &store.TeamMember{OrgID: org, TeamID: "dept", PersonID: p.ID}); err != nil {
			t.Fatal(err)
		}
		e.srv.dropBoard(org)
	}

	// Quick: the change shows on the next view.
	addPerson(1)
	if d := dept(); d.Aggregate.N != 7 {
		t.Fatalf("after a change to a quick organisation, the department covers %d, want 7 at once", d.Aggregate.N)
	}

	// Slow: pretend the last build took a second.
	e.srv.boards.mu.Lock()
	entry := e.srv.boards.entries[org]
	entry.took = time.Second
	builtAt := entry.built
	e.srv.boards.mu.Unlock()
	addPerson(2)
	stale := dept()
	if stale.Aggregate.N != 7 || !stale.AsOf.Equal(builtAt.UTC()) {
		t.Fatalf("a slow organisation's stale board: covers %d as of %v, want the last board's 7 as of %v", stale.Aggregate.N, stale.AsOf, builtAt.UTC())
	}
	// Exactly one rebuild runs; wait for it.
	var done chan struct{}
	e.srv.boards.mu.Lock()
	done = e.srv.boards.entries[org].build
	e.srv.boards.mu.Unlock()
	if done != nil {
		<-done
	}
	if d := dept(); d.Aggregate.N != 8 {
		t.Fatalf("after the background rebuild, the department covers %d, want 8", d.Aggregate.N)
	}
}
