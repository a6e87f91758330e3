package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/twohats/twohats/internal/store"
)

// ratingsJSON is a rater's answers over the API: every capability item
// rated so that management facets score 25 × (m − 1) and leadership ones
// 25 × (l − 1).
func (e *apiEnv) ratingsJSON(m, l int, submit bool) string {
	e.t.Helper()
	answers := map[string]int{}
	for _, it := range capabilityItems(e.t, e.cat) {
		answers[it.ID] = keyedRating(it, m, l)
	}
	return mustJSON(e.t, map[string]any{"answers": answers, "comments": map[string]string{"leadership": "Gives direction"}, "submit": submit})
}

// mustClosedCampaign runs a campaign about the subject through the service,
// run by owner: a manager and three peers answer, and it is closed. It
// returns the campaign's id.
func (e *apiEnv) mustClosedCampaign(owner, subject *apiAccount) string {
	e.t.Helper()
	ctx := context.Background()
	svc := e.srv.campaigns()
	c, err := svc.Create(ctx, owner.m.OrgID, subject.m.PersonID, owner.user.ID, 0, 0)
	if err != nil {
		e.t.Fatal(err)
	}
	var tokens []string
	for i, g := range []string{store.GroupManager, store.GroupPeer, store.GroupPeer, store.GroupPeer} {
		_, tok, err := svc.AddRater(ctx, owner.m.OrgID, c.ID, fmt.Sprintf("rater%d@%s.example", i, owner.m.OrgID), g)
		if err != nil {
			e.t.Fatal(err)
		}
		tokens = append(tokens, tok)
	}
	if _, err := svc.Move(ctx, owner.m.OrgID, c.ID, store.CampaignOpen); err != nil {
		e.t.Fatal(err)
	}
	for _, tok := range tokens {
		e.do(apiReq{method: http.MethodPost, path: "/api/v1/r/" + tok, body: e.ratingsJSON(2, 4, true)}).wantStatus(e.t, http.StatusOK)
	}
	if _, err := svc.Move(ctx, owner.m.OrgID, c.ID, store.CampaignClosed); err != nil {
		e.t.Fatal(err)
	}
	return c.ID
}

// TestAPI360Flow runs a campaign over the API: an admin runs it about a
// member; raters answer with their tokens; who sees what follows the rules,
// and another organisation sees nothing.
func TestAPI360Flow(t *testing.T) {
	e := newAPIEnv(t)
	ctx := context.Background()
	owner := e.mustOwner("acme")
	admin := e.mustMember(owner, "adam", store.RoleAdmin)
	mo := e.mustMember(owner, "mo", store.RoleMember)
	colleague := e.mustMember(owner, "col", store.RoleMember)
	coach := e.mustMember(owner, "cy", store.RoleCoach)
	outsider := e.mustOwner("elsewhere")
	if err := e.st.GrantCoach(ctx, owner.m.OrgID, mo.m.PersonID, coach.user.ID); err != nil {
		t.Fatal(err)
	}

	// Who may start a campaign about whom.
	e.do(apiReq{method: http.MethodPost, path: "/api/v1/campaigns", token: colleague.token, body: mustJSON(t, map[string]any{"subject_person_id": mo.m.PersonID})}).
		wantProblem(t, http.StatusNotFound, "/api/v1/campaigns")
	e.do(apiReq{method: http.MethodPost, path: "/api/v1/campaigns", token: outsider.token, body: mustJSON(t, map[string]any{"subject_person_id": mo.m.PersonID})}).
		wantProblem(t, http.StatusNotFound, "/api/v1/campaigns")
	p := e.do(apiReq{method: http.MethodPost, path: "/api/v1/campaigns", token: admin.token, body: mustJSON(t, map[string]any{"subject_person_id": mo.m.PersonID, "threshold": 2})}).
		wantProblem(t, http.StatusUnprocessableEntity, "/api/v1/campaigns")
	if !slices.Contains(locations(p), "body.threshold") {
		t.Errorf("threshold 2: errors %v", locations(p))
	}
	res := e.do(apiReq{method: http.MethodPost, path: "/api/v1/campaigns", token: admin.token, body: mustJSON(t, map[string]any{"subject_person_id": mo.m.PersonID})})
	res.wantStatus(t, http.StatusCreated)
	var c apiCampaign
	res.decode(t, &c)
	if c.State != "draft" || c.Threshold != 3 || c.CommentThreshold != 5 || !c.CanManage || c.ReportAvailable {
		t.Fatalf("created %+v", c)
	}
	base := "/api/v1/campaigns/" + c.ID

	// Raters: a bad group and a repeated email are refused, each naming
	// the field.
	p = e.do(apiReq{method: http.MethodPost, path: base + "/raters", token: admin.token, body: `{"email":"x@example.com","group":"boss"}`}).
		wantProblem(t, http.StatusUnprocessableEntity, base+"/raters")
	if !slices.Contains(locations(p), "body.group") || !strings.Contains(p.Detail, "manager, peer, direct_report, other") {
		t.Errorf("bad group: %+v", p)
	}
	var added []apiRaterAdded
	for _, r := range []struct{ email, group string }{{"mia@example.com", "manager"}, {"pat@example.com", "peer"}, {"pia@example.com", "peer"}, {"pol@example.com", "peer"}, {"dan@example.com", "direct_report"}} {
		res := e.do(apiReq{method: http.MethodPost, path: base + "/raters", token: admin.token, body: mustJSON(t, map[string]string{"email": r.email, "group": r.group})})
		res.wantStatus(t, http.StatusCreated)
		var a apiRaterAdded
		res.decode(t, &a)
		if !strings.HasSuffix(a.Link.URL, "/r/"+a.Link.Token) || !strings.HasPrefix(a.Link.URL, e.ts.URL) {
			t.Errorf("link %+v, want one under %s", a.Link, e.ts.URL)
		}
		added = append(added, a)
	}
	e.do(apiReq{method: http.MethodPost, path: base + "/raters", token: admin.token, body: `{"email":"MIA@example.com","group":"peer"}`}).
		wantProblem(t, http.StatusConflict, base+"/raters")
	// Only the campaign's managers manage it: not the subject, not a coach.
	for _, who := range []*apiAccount{mo, coach} {
		e.do(apiReq{method: http.MethodPost, path: base + "/raters", token: who.token, body: `{"email":"z@example.com","group":"peer"}`}).
			wantProblem(t, http.StatusNotFound, base+"/raters")
		e.do(apiReq{method: http.MethodPost, path: base + "/state", token: who.token, body: `{"state":"open"}`}).
			wantProblem(t, http.StatusNotFound, base+"/state")
	}
	p = e.do(apiReq{method: http.MethodPost, path: base + "/state", token: admin.token, body: `{"state":"closed"}`}).wantProblem(t, http.StatusConflict, base+"/state")
	if !strings.Contains(p.Detail, "is draft") {
		t.Errorf("closing a draft: %q does not name the state", p.Detail)
	}
	e.do(apiReq{method: http.MethodPost, path: base + "/state", token: admin.token, body: `{"state":"open"}`}).wantStatus(t, http.StatusOK)

	res = e.do(apiReq{method: http.MethodPost, path: base + "/links", token: admin.token, body: `{}`})
	res.wantStatus(t, http.StatusOK)
	var links []apiLink
	res.decode(t, &links)
	if len(links) != 6 || links[0].Group != "self" {
		t.Fatalf("links %+v", links)
	}
	// The links made at add time were replaced.
	e.do(apiReq{method: http.MethodPost, path: "/api/v1/r/" + added[0].Link.Token, body: e.ratingsJSON(3, 3, true)}).wantProblem(t, http.StatusNotFound, "")

	// Raters answer: a draft, a bad rating, then submits.
	respond := func(token, body string) apiResp {
		return e.do(apiReq{method: http.MethodPost, path: "/api/v1/r/" + token, body: body})
	}
	res = respond(links[1].Token, e.ratingsJSON(2, 4, false))
	res.wantStatus(t, http.StatusOK)
	var receipt apiReceipt
	res.decode(t, &receipt)
	if receipt.Status != "saved" || receipt.Answered != 36 || receipt.Items != 36 {
		t.Errorf("receipt %+v", receipt)
	}
	p = respond(links[1].Token, `{"answers":{"m.focus.1":7,"m.focus.2":"often","t.1":3},"submit":true}`).wantProblem(t, http.StatusUnprocessableEntity, "")
	for _, want := range []string{"body.answers.m.focus.2"} {
		if !slices.Contains(locations(p), want) {
			t.Errorf("bad answers: errors %v lack %s", locations(p), want)
		}
	}
	p = respond(links[1].Token, `{"answers":{"m.focus.1":7,"t.1":3},"submit":true}`).wantProblem(t, http.StatusUnprocessableEntity, "")
	for _, want := range []string{"body.answers.m.focus.1", "body.answers.t.1"} {
		if !slices.Contains(locations(p), want) {
			t.Errorf("bad answers: errors %v lack %s", locations(p), want)
		}
	}
	for i, l := range links {
		m, lead := 2, 4
		if l.Group == "self" {
			m, lead = 5, 2
		}
		res := respond(l.Token, e.ratingsJSON(m, lead, true))
		res.wantStatus(t, http.StatusOK)
		if i == 1 {
			respond(l.Token, e.ratingsJSON(m, lead, true)).wantStatus(t, http.StatusOK) // twice
		}
	}
	res = e.do(apiReq{method: http.MethodGet, path: base, token: admin.token})
	res.wantStatus(t, http.StatusOK)
	var got apiCampaign
	res.decode(t, &got)
	if got.Submitted == nil || *got.Submitted != 6 || len(got.Raters) != 6 || !got.ThresholdsLocked {
		t.Errorf("campaign %+v, want 6 raters all submitted, thresholds locked", got)
	}
	res = e.do(apiReq{method: http.MethodGet, path: base, token: mo.token})
	res.wantStatus(t, http.StatusOK)
	if strings.Contains(string(res.body), "pat@example.com") || strings.Contains(string(res.body), `"submitted"`) {
		t.Errorf("the subject sees who rated them: %s", res.body)
	}
	p = e.do(apiReq{method: http.MethodGet, path: base + "/report", token: admin.token}).wantProblem(t, http.StatusConflict, base+"/report")
	if !strings.Contains(p.Detail, "is open") {
		t.Errorf("report of an open campaign: %q", p.Detail)
	}

	e.do(apiReq{method: http.MethodPost, path: base + "/state", token: admin.token, body: `{"state":"closed"}`}).wantStatus(t, http.StatusOK)
	respond(links[2].Token, e.ratingsJSON(1, 1, true)).wantProblem(t, http.StatusGone, "")

	// Closed: its managers and the subject's coach see the report; the
	// subject, a colleague and another organisation do not.
	for _, tc := range []struct {
		name   string
		who    *apiAccount
		status int
	}{{"admin", admin, 200}, {"owner", owner, 200}, {"coach", coach, 200}, {"subject", mo, 404}, {"colleague", colleague, 404}, {"outsider", outsider, 404}} {
		res := e.do(apiReq{method: http.MethodGet, path: base + "/report", token: tc.who.token})
		if res.status != tc.status {
			t.Errorf("%s: report status %d, want %d: %s", tc.name, res.status, tc.status, res.body)
		}
		if tc.status == 404 && strings.Contains(string(res.body), "blind_spots") {
			t.Errorf("%s: a 404 carries the report", tc.name)
		}
	}
	e.do(apiReq{method: http.MethodPost, path: base + "/state", token: admin.token, body: `{"state":"released"}`}).wantStatus(t, http.StatusOK)
	res = e.do(apiReq{method: http.MethodGet, path: base + "/report", token: mo.token})
	res.wantStatus(t, http.StatusOK)
	var rep struct {
		Groups map[string]struct {
			N     int  `json:"n"`
			Shown bool `json:"shown"`
		} `json:"groups"`
		BlindSpots      []string          `json:"blind_spots"`
		HiddenStrengths []string          `json:"hidden_strengths"`
		Development     []json.RawMessage `json:"development"`
		Facets          map[string]map[string]map[string]json.RawMessage
	}
	res.decode(t, &rep)
	if g := rep.Groups["peer"]; g.N != 3 || !g.Shown {
		t.Errorf("peers %+v", g)
	}
	if g := rep.Groups["direct_report"]; g.N != 1 || g.Shown {
		t.Errorf("direct reports %+v", g)
	}
	if !slices.Contains(rep.BlindSpots, "management.focus") || !slices.Contains(rep.HiddenStrengths, "leadership.focus") || len(rep.Development) != 2 {
		t.Errorf("blind spots %v, hidden strengths %v, development %d", rep.BlindSpots, rep.HiddenStrengths, len(rep.Development))
	}
	if _, ok := rep.Facets["management"]["focus"]["direct_report"]; ok {
		t.Error("a hidden group has a score")
	}
	p = e.do(apiReq{method: http.MethodPost, path: base + "/state", token: admin.token, body: `{"state":"open"}`}).wantProblem(t, http.StatusGone, base+"/state")
	if !strings.Contains(p.Detail, "new campaign") {
		t.Errorf("reopening: %q", p.Detail)
	}

	// Another organisation gets 404 on everything about the campaign.
	for _, r := range []apiReq{
		{method: http.MethodGet, path: base},
		{method: http.MethodGet, path: base + "/report"},
		{method: http.MethodPost, path: base + "/raters", body: `{"email":"x@example.com","group":"peer"}`},
		{method: http.MethodPost, path: base + "/state", body: `{"state":"closed"}`},
		{method: http.MethodPost, path: base + "/links", body: `{}`},
	} {
		r.token = outsider.token
		e.do(r).wantProblem(t, http.StatusNotFound, r.path)
	}
	res = e.do(apiReq{method: http.MethodGet, path: "/api/v1/campaigns", token: outsider.token})
	if strings.Contains(string(res.body), c.ID) {
		t.Error("another organisation lists the campaign")
	}
	res = e.do(apiReq{method: http.MethodGet, path: "/api/v1/campaigns", token: colleague.token})
	if strings.Contains(string(res.body), c.ID) {
		t.Error("a colleague lists the campaign")
	}
	res = e.do(apiReq{method: http.MethodGet, path: "/api/v1/campaigns", token: mo.token})
	if !strings.Contains(string(res.body), c.ID) {
		t.Error("the subject does not see their campaign listed")
	}
}

// TestAPI360DocumentedReportExample: the documented report is what the
// report builder writes, with every field the contract names.
func TestAPI360DocumentedReportExample(t *testing.T) {
	e := newAPIEnv(t)
	var spec apiSpec
	e.do(apiReq{method: http.MethodGet, path: "/api/v1/openapi.json"}).decode(t, &spec)
	op := spec.Paths["/api/v1/campaigns/{id}/report"]["get"]
	var ok struct {
		Content map[string]struct {
			Example map[string]json.RawMessage `json:"example"`
		} `json:"content"`
	}
	if err := json.Unmarshal(op.Responses["200"], &ok); err != nil {
		t.Fatal(err)
	}
	ex := ok.Content["application/json"].Example
	for _, k := range []string{"campaign", "groups", "facets", "scales", "blind_spots", "hidden_strengths", "comments", "development", "thresholds"} {
		if _, has := ex[k]; !has {
			t.Errorf("the documented report lacks %q", k)
		}
	}
	// The documented rater answers are accepted.
	owner := e.mustOwner("acme")
	svc := e.srv.campaigns()
	c, err := svc.Create(context.Background(), owner.m.OrgID, owner.m.PersonID, owner.user.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, token, _ := svc.AddRater(context.Background(), owner.m.OrgID, c.ID, "pat@example.com", store.GroupPeer)
	svc.Move(context.Background(), owner.m.OrgID, c.ID, store.CampaignOpen)
	req := spec.Paths["/api/v1/r/{token}"]["post"].RequestBody.Content["application/json"].Example
	e.do(apiReq{method: http.MethodPost, path: "/api/v1/r/" + token, body: string(req)}).wantStatus(t, http.StatusOK)
}
