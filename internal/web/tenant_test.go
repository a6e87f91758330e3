package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/twohats/twohats/internal/store"
)

// tenantObjects are organisation B's objects, which A must never reach.
type tenantObjects struct {
	orgID, personID, assessmentID, tokenID, coachUserID string
	campaignID                                          string
	planID, roleID                                      string
	teamID                                              string
	// markers are strings that appear only in B's data: if any shows up in
	// a response to A, B's data leaked.
	markers []string
}

// routeParam says what a path parameter of a route stands for. Every
// parameter of every route must be listed, so a new route cannot join the
// router without the tenant test knowing what to put in it.
var routeParams = map[string]map[string]string{
	"/profiles/{id}":                  {"id": "assessment"},
	"/api/v1/assessments/{id}":        {"id": "assessment"},
	"/settings/tokens/{id}/delete":    {"id": "token"},
	"/api/v1/tokens/{id}":             {"id": "token"},
	"/settings/access/{coach}/revoke": {"coach": "coach"},
	"/settings/orgs/{org}/switch":     {"org": "organization"},
	"/assess/{page}":                  {"page": "not-an-object:1"},
	"/static/{file}":                  {"file": "not-an-object:app.css"},
	"/api/v1/openapi.{ext}":           {"ext": "not-an-object:json"},
	"/api/v1/schemas/{schema}":        {"schema": "not-an-object:Profile"},

	"/campaigns/{id}":               {"id": "campaign"},
	"/campaigns/{id}/raters":        {"id": "campaign"},
	"/campaigns/{id}/state":         {"id": "campaign"},
	"/campaigns/{id}/thresholds":    {"id": "campaign"},
	"/campaigns/{id}/links":         {"id": "campaign"},
	"/campaigns/{id}/remind":        {"id": "campaign"},
	"/campaigns/{id}/report":        {"id": "campaign"},
	"/campaigns/{id}/report.html":   {"id": "campaign"},
	"/api/v1/campaigns/{id}":        {"id": "campaign"},
	"/api/v1/campaigns/{id}/raters": {"id": "campaign"},
	"/api/v1/campaigns/{id}/state":  {"id": "campaign"},
	"/api/v1/campaigns/{id}/links":  {"id": "campaign"},
	"/api/v1/campaigns/{id}/report": {"id": "campaign"},
	"/r/{token}":                    {"token": "rater-token"},
	"/api/v1/r/{token}":             {"token": "rater-token"},

	"/plan/{id}":               {"id": "plan"},
	"/plan/{id}/check-ins":     {"id": "plan"},
	"/api/v1/plans/{id}":       {"id": "plan"},
	"/api/v1/plans/{id}/ticks": {"id": "plan"},
	"/api/v1/roles/{id}":       {"id": "role"},

	"/admin/instruments/{id}":             {"id": "not-an-object:core@1"},
	"/api/v1/instruments/{id}/statistics": {"id": "not-an-object:core@1"},
	"/api/v1/instruments/{id}/norms":      {"id": "not-an-object:core@1"},

	"/org/teams/{id}":              {"id": "team"},
	"/api/v1/teams/{id}/dashboard": {"id": "team"},
}

var paramPattern = regexp.MustCompile(`\{([a-zA-Z_]+)(\.\.\.)?\}`)

// TestTenantIsolation signs in as the owner of organisation A, the most
// powerful role, and asks every route the router knows for organisation B's
// objects: each answers 404, and no response to A, on any route, carries
// B's data. The routes come from the router itself.
func TestTenantIsolation(t *testing.T) {
	e := newAPIEnv(t)
	a := e.mustOwner("aaa")
	b := e.mustOwner("bbb")
	bCoach := e.mustMember(b, "bcoach", store.RoleCoach)
	bMember := e.mustMember(b, "bmember", store.RoleMember)
	e.submit(a, "")
	bAssessment := e.submit(b, "")
	e.submit(bMember, "")
	tokens, err := e.st.APITokens(context.Background(), b.m.OrgID, b.user.ID)
	if err != nil || len(tokens) == 0 {
		t.Fatalf("B's tokens: %v", err)
	}
	if err := e.st.GrantCoach(context.Background(), b.m.OrgID, bMember.m.PersonID, bCoach.user.ID); err != nil {
		t.Fatal(err)
	}
	bCampaign := e.mustClosedCampaign(b, bMember)
	bPlan, bRole := e.mustGrowthObjects(b, bMember)
	bTeam := e.mustTeam(b, bMember)
	objs := tenantObjects{
		orgID: b.m.OrgID, personID: bMember.m.PersonID, assessmentID: bAssessment,
		tokenID: tokens[0].ID, coachUserID: bCoach.user.ID, campaignID: bCampaign, planID: bPlan, roleID: bRole, teamID: bTeam,
		markers: []string{"Org bbb", "Owner of bbb", b.user.Email, bCoach.user.Email, bMember.user.Email,
			bAssessment, tokens[0].ID, bMember.m.PersonID, bCoach.user.ID, bCampaign, bPlan, bRole, growthRoleMarker, bTeam},
	}

	routes := e.srv.Routes()
	if len(routes) < 20 {
		t.Fatalf("the router lists only %d routes", len(routes))
	}
	checked := 0
	for _, rt := range routes {
		params := paramPattern.FindAllStringSubmatch(rt.Pattern, -1)
		path := rt.Pattern
		objectRoute := false
		for _, p := range params {
			kinds, ok := routeParams[rt.Pattern]
			if !ok || kinds[p[1]] == "" {
				t.Errorf("route %s %s has the parameter {%s}, which this test does not know; add it to routeParams", rt.Method, rt.Pattern, p[1])
				continue
			}
			value := ""
			switch kind := kinds[p[1]]; kind {
			case "assessment":
				value, objectRoute = objs.assessmentID, true
			case "token":
				value, objectRoute = objs.tokenID, true
			case "coach":
				value, objectRoute = objs.coachUserID, true
			case "organization":
				value, objectRoute = objs.orgID, true
			case "campaign":
				value, objectRoute = objs.campaignID, true
			case "plan":
				value, objectRoute = objs.planID, true
			case "role":
				value, objectRoute = objs.roleID, true
			case "team":
				value, objectRoute = objs.teamID, true
			case "rater-token":
				// A token is its own credential, whoever holds it: what
				// must fail is a guess in B's organisation.
				value, objectRoute = "rt_"+objs.orgID+"_"+strings.Repeat("G", 43), true
			default:
				v, ok := strings.CutPrefix(kind, "not-an-object:")
				if !ok {
					t.Fatalf("route %s: unknown kind %q", rt.Pattern, kind)
				}
				value = v
			}
			path = strings.Replace(path, p[0], url.PathEscape(value), 1)
		}
		path = strings.TrimSuffix(path, "{$}")
		res := e.tenantRequest(a, rt, path)
		checked++
		if objectRoute && res.status != http.StatusNotFound {
			t.Errorf("%s %s with organisation B's object: status %d, want 404", rt.Method, path, res.status)
		}
		for _, m := range objs.markers {
			// A's own request may be echoed (a problem's "instance"); that
			// tells A nothing it did not send.
			if !strings.Contains(path, m) && strings.Contains(string(res.body), m) {
				t.Errorf("%s %s: the response to organisation A contains B's %q", rt.Method, path, m)
			}
		}
	}
	t.Logf("%d routes asked for organisation B's objects", checked)
	// POST /signout ended A's session on the way: sign A in again.
	a = e.mustCredentials(a.user, a.m)

	// Objects named in queries and bodies, not paths.
	for _, r := range []apiReq{
		{method: http.MethodGet, path: "/api/v1/assessments?person_id=" + objs.personID, token: a.token},
		{method: http.MethodPost, path: "/api/v1/assessments", token: a.token, body: e.submissionFor(objs.personID)},
	} {
		res := e.do(r)
		if res.status != http.StatusNotFound {
			t.Errorf("%s %s naming B's person: status %d, want 404", r.method, r.path, res.status)
		}
	}
	// A coach is chosen from a list of A's coaches; naming B's is refused
	// as a bad choice, and grants nothing.
	res := e.postForm(a, "/settings/access", url.Values{"coach": {objs.coachUserID}})
	if res.status != http.StatusNotFound && res.status != http.StatusUnprocessableEntity {
		t.Errorf("granting access to B's coach: status %d, want 404 or 422", res.status)
	}
	if grants, err := e.st.CoachGrants(context.Background(), a.m.OrgID, a.m.PersonID); err != nil || len(grants) != 0 {
		t.Errorf("A's grants after naming B's coach: %v, %v; want none", grants, err)
	}
	if got := e.count(objs.orgID); got != 2 {
		t.Errorf("organisation B has %d assessments after A's requests, want its 2", got)
	}
}

// tenantRequest calls a route as the account: pages with its session,
// the API with its token (or session for the routes tokens may not use).
func (e *apiEnv) tenantRequest(acct *apiAccount, rt Route, path string) apiResp {
	e.t.Helper()
	if strings.HasPrefix(path, "/api/") {
		r := apiReq{method: rt.Method, path: path, token: acct.token}
		if strings.HasPrefix(path, "/api/v1/tokens") {
			r.token, r.client = "", acct.web
		}
		if rt.Method == http.MethodPost || rt.Method == http.MethodPut || rt.Method == http.MethodPatch {
			r.body = "{}"
		}
		return e.do(r)
	}
	if rt.Method == http.MethodGet {
		req, _ := http.NewRequest(http.MethodGet, e.ts.URL+path, nil)
		return e.send(acct.web, req)
	}
	return e.postForm(acct, path, url.Values{})
}

// postForm posts a form with the account's session, without following
// redirects.
func (e *apiEnv) postForm(acct *apiAccount, path string, form url.Values) apiResp {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return e.send(acct.web, req)
}

// submissionFor is a valid submission naming a person.
func (e *apiEnv) submissionFor(personID string) string {
	e.t.Helper()
	ans, _ := e.answers()
	return mustJSON(e.t, map[string]any{"instrument": ans.Instrument, "answers": ans.Answers, "person_id": personID})
}

// send makes a request with the client's cookies, without following
// redirects, and reads the whole response.
func (e *apiEnv) send(c *http.Client, req *http.Request) apiResp {
	e.t.Helper()
	nc := *c
	nc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := nc.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return apiResp{status: res.StatusCode, header: res.Header, body: b}
}
