package web

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twohats/twohats/internal/advisor"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/growth"
	"github.com/twohats/twohats/internal/store"
)

// wantField checks that a problem names the field, and that its message
// says each of the words.
func wantField(t *testing.T, p Problem, location string, words ...string) {
	t.Helper()
	for _, f := range p.Errors {
		if f.Location != location {
			continue
		}
		for _, w := range words {
			if !strings.Contains(f.Message+" "+p.Detail, w) {
				t.Errorf("%s: %q does not say %q", location, f.Message, w)
			}
		}
		return
	}
	t.Errorf("the problem names %v, not %s: %+v", locations(p), location, p)
}

func TestAPIAdvise(t *testing.T) {
	e := newAPIEnv(t)
	path := "/api/v1/advise"
	res := e.do(apiReq{method: http.MethodPost, path: path,
		body: `{"contexts":["compliance-critical","mature"],"phase":"execution","need":"consistency"}`})
	res.wantStatus(t, http.StatusOK)
	// The body is the advisor's contract exactly: these keys and no others.
	var raw map[string]json.RawMessage
	res.decode(t, &raw)
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if !slices.Equal(keys, []string{"management_share", "orientation", "reasons", "risks"}) {
		t.Errorf("advice keys = %v", keys)
	}
	var adv advisor.Advice
	res.decode(t, &adv)
	if adv.Orientation != advisor.Manage || adv.ManagementShare < 70 || len(adv.Reasons) == 0 || len(adv.Risks) == 0 {
		t.Errorf("advice = %+v, want manage with reasons and risks", adv)
	}
	for _, r := range adv.Reasons {
		if r.Text == "" || r.Source == "" {
			t.Errorf("a reason lacks its text or source: %+v", r)
		}
	}
	for _, r := range adv.Risks {
		if r.Text == "" || r.Source == "" {
			t.Errorf("a risk lacks its text or source: %+v", r)
		}
	}
	var lead advisor.Advice
	e.do(apiReq{method: http.MethodPost, path: path, body: `{"contexts":["turnaround"],"phase":"recovery"}`}).decode(t, &lead)
	if lead.Orientation != advisor.Lead {
		t.Errorf("a turnaround in recovery: %s, want lead", lead.Orientation)
	}

	p := e.do(apiReq{method: http.MethodPost, path: path, body: `{"contexts":["mature","moonshot"],"phase":"lunch","need":"speed"}`}).
		wantProblem(t, http.StatusUnprocessableEntity, path)
	wantField(t, p, "body.contexts[1]", "moonshot", "compliance-critical", "evolving-strategy")
	wantField(t, p, "body.phase", "lunch", "launch", "recovery")
	wantField(t, p, "body.need", "speed", "quality-control")
	p = e.do(apiReq{method: http.MethodPost, path: path, body: `{}`}).wantProblem(t, http.StatusUnprocessableEntity, path)
	wantField(t, p, "body.contexts", "turnaround")
	wantField(t, p, "body.phase", "execution")
	e.do(apiReq{method: http.MethodPost, path: path, body: `{"contexts":"mature"}`}).wantProblem(t, http.StatusUnprocessableEntity, path)
	e.do(apiReq{method: http.MethodPost, path: path, body: `{"contexts":`}).wantProblem(t, http.StatusBadRequest, path)
}

// growthOrg is an organisation with an owner, a strong manager and a strong
// leader, each with an assessment scored from constructed answers, and a
// member who has none.
type growthOrg struct {
	owner, manager, leader, fresh *apiAccount
	managerAssessment             string
}

func (e *apiEnv) mustGrowthOrg(slug string) *growthOrg {
	e.t.Helper()
	o := &growthOrg{owner: e.mustOwner(slug)}
	o.manager = e.mustMember(o.owner, "morgan", store.RoleMember)
	o.leader = e.mustMember(o.owner, "lee", store.RoleMember)
	o.fresh = e.mustMember(o.owner, "newcomer", store.RoleMember)
	o.managerAssessment, _ = mustScoredAssessment(e.t, e.st, e.cat, o.owner.m.OrgID, o.manager.m.PersonID, strongManager, framework.Management)
	mustScoredAssessment(e.t, e.st, e.cat, o.owner.m.OrgID, o.leader.m.PersonID, strongLeader, framework.Leadership)
	return o
}

// fitResult is the body of a fit, as the tests read it.
type fitResultBody struct {
	Requirement advisor.Requirement `json:"requirement"`
	Candidates  []struct {
		PersonID string       `json:"person_id"`
		Name     string       `json:"name"`
		Basis    growth.Basis `json:"basis"`
		Fit      advisor.Fit  `json:"fit"`
	} `json:"candidates"`
	Disclaimer advisor.Cited `json:"disclaimer"`
}

func TestAPIFit(t *testing.T) {
	e := newAPIEnv(t)
	o := e.mustGrowthOrg("acme")
	other := e.mustGrowthOrg("bbb")
	path := "/api/v1/fit"
	body := func(v map[string]any) string { return mustJSON(t, v) }

	res := e.do(apiReq{method: http.MethodPost, path: path, token: o.owner.token,
		body: body(map[string]any{"role": json.RawMessage(visionRoleJSON), "person_ids": []string{o.manager.m.PersonID, o.leader.m.PersonID}})})
	res.wantStatus(t, http.StatusOK)
	var got fitResultBody
	res.decode(t, &got)
	if got.Requirement.Orientation != advisor.Lead || len(got.Candidates) != 2 {
		t.Fatalf("fit = %+v", got)
	}
	m, l := got.Candidates[0], got.Candidates[1]
	if !m.Fit.PromotionRisk.Flag || m.Fit.PromotionRisk.Direction != advisor.ManagerIntoLeadership || m.Name != "morgan" {
		t.Errorf("the strong manager into a vision-heavy role: %+v", m.Fit.PromotionRisk)
	}
	if l.Fit.PromotionRisk.Flag || l.Fit.Fit <= m.Fit.Fit {
		t.Errorf("the strong leader: fit %d (manager %d), risk %+v", l.Fit.Fit, m.Fit.Fit, l.Fit.PromotionRisk)
	}
	if m.Basis.View != advisor.ViewSelf || m.Basis.AssessmentID != o.managerAssessment || len(m.Fit.Gaps) != 12 {
		t.Errorf("manager basis %+v, %d gaps", m.Basis, len(m.Fit.Gaps))
	}
	if !strings.Contains(got.Disclaimer.Text, "never the decision") {
		t.Errorf("disclaimer = %q", got.Disclaimer.Text)
	}

	// By stored role and by assessment id: the same manager fits the
	// operations role without the flag.
	role := e.do(apiReq{method: http.MethodPost, path: "/api/v1/roles", token: o.owner.token,
		body: body(map[string]any{"name": "Plant quality", "definition": json.RawMessage(opsRoleJSON)})})
	role.wantStatus(t, http.StatusCreated)
	var stored struct{ ID string }
	role.decode(t, &stored)
	res = e.do(apiReq{method: http.MethodPost, path: path, token: o.owner.token,
		body: body(map[string]any{"role_id": stored.ID, "assessment_ids": []string{o.managerAssessment}})})
	res.wantStatus(t, http.StatusOK)
	got = fitResultBody{}
	res.decode(t, &got)
	if len(got.Candidates) != 1 || got.Candidates[0].Fit.PromotionRisk.Flag || got.Candidates[0].Fit.Fit < 85 {
		t.Errorf("the manager against the operations role: %+v", got.Candidates)
	}

	// Bad input names the field.
	for _, tc := range []struct {
		name, body, field string
		status            int
		words             []string
	}{
		{"bad role", body(map[string]any{"role": map[string]any{"contexts": []string{"startup", "moonshot"}, "phases": map[string]float64{"launch": 1}}, "person_ids": []string{o.manager.m.PersonID}}),
			"body.role.contexts[1]", http.StatusUnprocessableEntity, []string{"moonshot", "turnaround"}},
		{"unknown role field", body(map[string]any{"role": map[string]any{"contexts": []string{"startup"}, "phases": map[string]float64{"launch": 1}, "salary": 3}, "person_ids": []string{o.manager.m.PersonID}}),
			"body.role", http.StatusUnprocessableEntity, []string{"salary"}},
		{"no role", body(map[string]any{"person_ids": []string{o.manager.m.PersonID}}), "body.role", http.StatusUnprocessableEntity, nil},
		{"no people", body(map[string]any{"role": json.RawMessage(visionRoleJSON)}), "body.person_ids", http.StatusUnprocessableEntity, nil},
		{"no scores", body(map[string]any{"role": json.RawMessage(visionRoleJSON), "person_ids": []string{o.fresh.m.PersonID}}),
			"body.person_ids[0]", http.StatusUnprocessableEntity, []string{"no assessment"}},
		{"another organisation's person", body(map[string]any{"role": json.RawMessage(visionRoleJSON), "person_ids": []string{o.leader.m.PersonID, other.manager.m.PersonID}}),
			"body.person_ids[1]", http.StatusNotFound, nil},
		{"another organisation's assessment", body(map[string]any{"role": json.RawMessage(visionRoleJSON), "assessment_ids": []string{other.managerAssessment}}),
			"body.assessment_ids[0]", http.StatusNotFound, nil},
		{"another organisation's role", body(map[string]any{"role_id": e.mustRole(other.owner, "Other role"), "person_ids": []string{o.leader.m.PersonID}}),
			"body.role_id", http.StatusNotFound, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := e.do(apiReq{method: http.MethodPost, path: path, token: o.owner.token, body: tc.body})
			p := res.wantProblem(t, tc.status, path)
			if tc.status == http.StatusNotFound {
				if strings.Contains(string(res.body), other.manager.m.PersonID+"\"") && tc.field != "body.person_ids[1]" {
					t.Errorf("the 404 echoes the other organisation's object: %s", res.body)
				}
			}
			wantField(t, p, tc.field, tc.words...)
		})
	}

	// A member sees only themselves: another member is as absent as another
	// organisation's.
	p := e.do(apiReq{method: http.MethodPost, path: path, token: o.manager.token,
		body: body(map[string]any{"role": json.RawMessage(visionRoleJSON), "person_ids": []string{o.leader.m.PersonID}})}).
		wantProblem(t, http.StatusNotFound, path)
	wantField(t, p, "body.person_ids[0]")
	e.do(apiReq{method: http.MethodPost, path: path, body: body(map[string]any{"role": json.RawMessage(visionRoleJSON)})}).
		wantProblem(t, http.StatusUnauthorized, path)
}

// mustRole stores a role in the account's organisation and returns its id.
func (e *apiEnv) mustRole(owner *apiAccount, name string) string {
	e.t.Helper()
	r := &store.Role{OrgID: owner.m.OrgID, Name: name, Definition: json.RawMessage(visionRoleJSON)}
	if err := e.st.CreateRole(context.Background(), r); err != nil {
		e.t.Fatal(err)
	}
	return r.ID
}

// TestAPIFitPrefersReleased360 shows the others' view of a released 360
// taking precedence over a self-assessment that says the opposite.
func TestAPIFitPrefersReleased360(t *testing.T) {
	e := newAPIEnv(t)
	o := e.mustGrowthOrg("acme")
	// The self-assessment says strong manager; the raters rate leadership
	// high and management low.
	c := e.mustClosedCampaign(o.owner, o.manager)
	req := func() fitResultBody {
		res := e.do(apiReq{method: http.MethodPost, path: "/api/v1/fit", token: o.owner.token,
			body: mustJSON(t, map[string]any{"role": json.RawMessage(visionRoleJSON), "person_ids": []string{o.manager.m.PersonID}})})
		res.wantStatus(t, http.StatusOK)
		var got fitResultBody
		res.decode(t, &got)
		return got
	}
	if got := req(); got.Candidates[0].Basis.View != advisor.ViewSelf || !got.Candidates[0].Fit.PromotionRisk.Flag {
		t.Errorf("before release: %+v, want the self view and the flag", got.Candidates[0].Basis)
	}
	if _, err := e.srv.campaigns().Move(context.Background(), o.owner.m.OrgID, c, store.CampaignReleased); err != nil {
		t.Fatal(err)
	}
	got := req()
	cand := got.Candidates[0]
	if cand.Basis.View != advisor.ViewOthers || cand.Basis.CampaignID != c || cand.Fit.View != advisor.ViewOthers {
		t.Errorf("after release: basis %+v, fit view %q; want the others' view of %s", cand.Basis, cand.Fit.View, c)
	}
	if cand.Fit.PromotionRisk.Flag {
		t.Errorf("others see a leader, yet the flag is up: %+v", cand.Fit.PromotionRisk)
	}
}

func TestAPIRoles(t *testing.T) {
	e := newAPIEnv(t)
	a := e.mustOwner("acme")
	b := e.mustOwner("bbb")
	path := "/api/v1/roles"
	res := e.do(apiReq{method: http.MethodPost, path: path, token: a.token,
		body: mustJSON(t, map[string]any{"name": " Founding product lead ", "definition": json.RawMessage(visionRoleJSON)})})
	res.wantStatus(t, http.StatusCreated)
	var r struct {
		ID          string              `json:"id"`
		Name        string              `json:"name"`
		Definition  json.RawMessage     `json:"definition"`
		Requirement advisor.Requirement `json:"requirement"`
	}
	res.decode(t, &r)
	if r.ID == "" || r.Name != "Founding product lead" || r.Requirement.Orientation != advisor.Lead || len(r.Requirement.Levels["leadership"]) != 6 {
		t.Fatalf("stored role = %+v", r)
	}
	if !jsonEqual(t, r.Definition, []byte(visionRoleJSON)) {
		t.Errorf("definition = %s", r.Definition)
	}
	e.do(apiReq{method: http.MethodPost, path: path, token: a.token,
		body: mustJSON(t, map[string]any{"name": "Founding product lead", "definition": json.RawMessage(opsRoleJSON)})}).
		wantProblem(t, http.StatusConflict, path)
	p := e.do(apiReq{method: http.MethodPost, path: path, token: a.token,
		body: `{"name":"Bad","definition":{"contexts":["startup"],"phases":{"lunch":1}}}`}).wantProblem(t, http.StatusUnprocessableEntity, path)
	wantField(t, p, "body.definition.phases.lunch", "lunch", "launch")
	p = e.do(apiReq{method: http.MethodPost, path: path, token: a.token, body: `{"name":" ","definition":{"contexts":["startup"],"phases":{"launch":1}}}`}).
		wantProblem(t, http.StatusUnprocessableEntity, path)
	wantField(t, p, "body.name")
	p = e.do(apiReq{method: http.MethodPost, path: path, token: a.token, body: `{"name":"No definition"}`}).wantProblem(t, http.StatusUnprocessableEntity, path)
	wantField(t, p, "body.definition")

	var list []struct{ ID, Name string }
	e.do(apiReq{method: http.MethodGet, path: path, token: a.token}).decode(t, &list)
	if len(list) != 1 || list[0].ID != r.ID {
		t.Errorf("roles = %+v", list)
	}
	e.do(apiReq{method: http.MethodGet, path: path + "/" + r.ID, token: a.token}).wantStatus(t, http.StatusOK)
	e.do(apiReq{method: http.MethodGet, path: path + "/" + r.ID, token: b.token}).wantProblem(t, http.StatusNotFound, path+"/"+r.ID)
	var bList []struct{ ID string }
	e.do(apiReq{method: http.MethodGet, path: path, token: b.token}).decode(t, &bList)
	if len(bList) != 0 {
		t.Errorf("B lists A's roles: %+v", bList)
	}
}

// planBody is a plan as the tests read it.
type planBody struct {
	ID       string            `json:"id"`
	PersonID string            `json:"person_id"`
	Side     string            `json:"side"`
	CheckIns []advisor.CheckIn `json:"check_ins"`
	Progress advisor.Progress  `json:"progress"`
	Trend    *advisor.Trend    `json:"trend"`
	Basis    growth.Basis      `json:"basis"`
}

func TestAPIPlans(t *testing.T) {
	e := newAPIEnv(t)
	o := e.mustGrowthOrg("acme")
	other := e.mustGrowthOrg("bbb")
	path := "/api/v1/plans"

	p := e.do(apiReq{method: http.MethodPost, path: path, token: o.fresh.token, body: `{}`}).wantProblem(t, http.StatusUnprocessableEntity, path)
	if !strings.Contains(p.Detail, "take the assessment") {
		t.Errorf("a plan without scores: %q", p.Detail)
	}
	res := e.do(apiReq{method: http.MethodPost, path: path, token: o.manager.token, body: `{}`})
	res.wantStatus(t, http.StatusCreated)
	var plan planBody
	res.decode(t, &plan)
	if plan.ID == "" || plan.PersonID != o.manager.m.PersonID || plan.Side != framework.Leadership || len(plan.CheckIns) == 0 || plan.Progress.Done != 0 {
		t.Fatalf("plan = %+v", plan)
	}
	if plan.Trend == nil || len(plan.Trend.Facets) != 12 || plan.Basis.AssessmentID != o.managerAssessment {
		t.Errorf("trend %+v, basis %+v", plan.Trend, plan.Basis)
	}
	// Without a body, too.
	e.do(apiReq{method: http.MethodPost, path: path, token: o.leader.token}).wantStatus(t, http.StatusCreated)

	tick := path + "/" + plan.ID + "/ticks"
	first := plan.CheckIns[0].ID
	res = e.do(apiReq{method: http.MethodPost, path: tick, token: o.manager.token, body: mustJSON(t, map[string]any{"check_in": first, "done_on": "2025-01-02"})})
	res.wantStatus(t, http.StatusOK)
	var ticked planBody
	res.decode(t, &ticked)
	if ticked.Progress.Done != 1 || !ticked.CheckIns[0].Done || ticked.CheckIns[0].DoneOn.Format("2006-01-02") != "2025-01-02" {
		t.Errorf("after a tick: %+v", ticked.CheckIns[0])
	}
	res = e.do(apiReq{method: http.MethodPost, path: tick, token: o.manager.token, body: mustJSON(t, map[string]any{"check_in": first, "done": false})})
	res.wantStatus(t, http.StatusOK)
	res.decode(t, &ticked)
	if ticked.Progress.Done != 0 {
		t.Errorf("after taking the tick back: %+v", ticked.Progress)
	}
	p = e.do(apiReq{method: http.MethodPost, path: tick, token: o.manager.token, body: `{"check_in":"d30.nap"}`}).wantProblem(t, http.StatusUnprocessableEntity, tick)
	wantField(t, p, "body.check_in")
	if !strings.Contains(p.Detail, first) {
		t.Errorf("an unknown check-in: %q does not list %s", p.Detail, first)
	}
	p = e.do(apiReq{method: http.MethodPost, path: tick, token: o.manager.token, body: mustJSON(t, map[string]any{"check_in": first, "done_on": "yesterday"})}).
		wantProblem(t, http.StatusUnprocessableEntity, tick)
	wantField(t, p, "body.done_on")
	p = e.do(apiReq{method: http.MethodPost, path: tick, token: o.manager.token, body: `{}`}).wantProblem(t, http.StatusUnprocessableEntity, tick)
	wantField(t, p, "body.check_in")

	// Reading: the person, and the owner, who sees everyone; only the
	// person ticks.
	get := path + "/" + plan.ID
	e.do(apiReq{method: http.MethodGet, path: get, token: o.manager.token}).wantStatus(t, http.StatusOK)
	e.do(apiReq{method: http.MethodGet, path: get, token: o.owner.token}).wantStatus(t, http.StatusOK)
	e.do(apiReq{method: http.MethodGet, path: get, token: o.leader.token}).wantProblem(t, http.StatusNotFound, get)
	e.do(apiReq{method: http.MethodPost, path: tick, token: o.owner.token, body: mustJSON(t, map[string]any{"check_in": first})}).wantProblem(t, http.StatusNotFound, tick)
	e.do(apiReq{method: http.MethodGet, path: get, token: other.owner.token}).wantProblem(t, http.StatusNotFound, get)
	e.do(apiReq{method: http.MethodPost, path: tick, token: other.manager.token, body: mustJSON(t, map[string]any{"check_in": first})}).wantProblem(t, http.StatusNotFound, tick)

	var list []struct {
		ID       string           `json:"id"`
		Progress advisor.Progress `json:"progress"`
	}
	e.do(apiReq{method: http.MethodGet, path: path, token: o.manager.token}).decode(t, &list)
	if len(list) != 1 || list[0].ID != plan.ID {
		t.Errorf("the manager's plans: %+v", list)
	}
	list = nil
	e.do(apiReq{method: http.MethodGet, path: path + "?person_id=" + o.manager.m.PersonID, token: o.owner.token}).decode(t, &list)
	if len(list) != 1 {
		t.Errorf("the owner lists the manager's plans: %+v", list)
	}
	q := path + "?person_id=" + other.manager.m.PersonID
	p = e.do(apiReq{method: http.MethodGet, path: q, token: o.owner.token}).wantProblem(t, http.StatusNotFound, path)
	wantField(t, p, "query.person_id")
	e.do(apiReq{method: http.MethodGet, path: path + "?person_id=" + o.leader.m.PersonID, token: o.manager.token}).wantProblem(t, http.StatusNotFound, path)
}

func TestAPIJournal(t *testing.T) {
	e := newAPIEnv(t)
	a := e.mustOwner("acme")
	member := e.mustMember(a, "member", store.RoleMember)
	b := e.mustOwner("bbb")
	path := "/api/v1/journal"

	// Ten entries that all manage in leadership-heavy contexts.
	contexts := [][]string{{"turnaround"}, {"startup"}, {"culture-change"}, {"disruptive-innovation"}, {"turnaround", "culture-change"}}
	phases := []string{"recovery", "launch", "recovery", "launch", "recovery"}
	for i := range 10 {
		res := e.do(apiReq{method: http.MethodPost, path: path, token: a.token, body: mustJSON(t, map[string]any{
			"date": "2025-03-1" + string(rune('0'+i)), "situation": "We had to change course.", "contexts": contexts[i%5], "phase": phases[i%5],
			"approach": "manage", "outcome": 2 + i%2, "balanced": "Set the direction first."})})
		res.wantStatus(t, http.StatusCreated)
		if i == 0 {
			var got struct {
				ID     string         `json:"id"`
				Review advisor.Review `json:"review"`
			}
			res.decode(t, &got)
			if got.ID == "" || got.Review.Recommended != advisor.Lead || got.Review.Match {
				t.Errorf("the first entry's review: %+v", got)
			}
		}
	}
	var rep advisor.JournalReport
	e.do(apiReq{method: http.MethodGet, path: path + "/report", token: a.token}).decode(t, &rep)
	if rep.Entries != 10 || rep.Default.Approach != advisor.Manage || rep.Accuracy != 0 || len(rep.Mismatches) == 0 || rep.Mismatches[0].Context != "turnaround" {
		t.Errorf("report = %+v", rep)
	}
	var entries []struct {
		ID    string        `json:"id"`
		Entry advisor.Entry `json:"entry"`
	}
	e.do(apiReq{method: http.MethodGet, path: path, token: a.token}).decode(t, &entries)
	if len(entries) != 10 || entries[0].Entry.Date.Format("2006-01-02") != "2025-03-10" {
		t.Errorf("entries: %d, first %+v", len(entries), entries)
	}

	p := e.do(apiReq{method: http.MethodPost, path: path, token: a.token,
		body: `{"situation":" ","contexts":["moonshot"],"phase":"lunch","approach":"boss","outcome":9,"date":"soon"}`}).
		wantProblem(t, http.StatusUnprocessableEntity, path)
	wantField(t, p, "body.date")
	p = e.do(apiReq{method: http.MethodPost, path: path, token: a.token,
		body: `{"situation":" ","contexts":["moonshot"],"phase":"lunch","approach":"boss","outcome":9}`}).
		wantProblem(t, http.StatusUnprocessableEntity, path)
	for _, f := range []string{"body.situation", "body.contexts[0]", "body.phase", "body.approach", "body.outcome"} {
		wantField(t, p, f)
	}
	wantField(t, p, "body.approach", "manage, lead, blend")

	// Others' journals: the owner may read a member's; another organisation
	// may not, nor a member the owner's.
	e.do(apiReq{method: http.MethodGet, path: path + "?person_id=" + member.m.PersonID, token: a.token}).wantStatus(t, http.StatusOK)
	for _, q := range []string{path + "?person_id=" + a.m.PersonID, path + "/report?person_id=" + a.m.PersonID} {
		e.do(apiReq{method: http.MethodGet, path: q, token: b.token}).wantProblem(t, http.StatusNotFound, "")
		e.do(apiReq{method: http.MethodGet, path: q, token: member.token}).wantProblem(t, http.StatusNotFound, "")
	}
	var none []any
	e.do(apiReq{method: http.MethodGet, path: path, token: b.token}).decode(t, &none)
	if len(none) != 0 {
		t.Errorf("B's journal has %d entries", len(none))
	}
}

func TestAPIQuiz(t *testing.T) {
	e := newAPIEnv(t)
	path := "/api/v1/quiz"
	res := e.do(apiReq{method: http.MethodGet, path: path})
	res.wantStatus(t, http.StatusOK)
	if strings.Contains(string(res.body), "reality") || strings.Contains(string(res.body), `"answer"`) {
		t.Errorf("the questions give the answers away: %s", res.body)
	}
	var quiz struct{ Questions []advisor.Question }
	res.decode(t, &quiz)
	if len(quiz.Questions) < 10 {
		t.Fatalf("%d questions", len(quiz.Questions))
	}
	// Every myth is false: answer them all false and the rest true.
	a, err := advisor.Default()
	if err != nil {
		t.Fatal(err)
	}
	answers := map[string]bool{}
	for _, q := range quiz.Questions {
		m, err := a.Answer(q.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		answers[q.ID] = m.Answer
	}
	var result advisor.QuizResult
	e.do(apiReq{method: http.MethodPost, path: path, body: mustJSON(t, map[string]any{"answers": answers})}).decode(t, &result)
	if result.Correct != len(quiz.Questions) || result.Percent != 100 || result.Results[0].Reality == "" || result.Results[0].Source == "" {
		t.Errorf("all right: %+v", result)
	}
	p := e.do(apiReq{method: http.MethodPost, path: path, body: `{"answers":{"flat-earth":true}}`}).wantProblem(t, http.StatusUnprocessableEntity, path)
	wantField(t, p, "body.answers.flat-earth")
	e.do(apiReq{method: http.MethodPost, path: path, body: `{"answers":{"either-or":"yes"}}`}).wantProblem(t, http.StatusUnprocessableEntity, path)
}

// The stateless advisor and the quiz are limited per client, like the
// other operations that need no account.
func TestAPIAdviseIsRateLimited(t *testing.T) {
	const burst = 3
	now := time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)
	e := newAPIEnv(t, func(c *Config) {
		c.RateLimit, c.RateBurst = 1, burst
		c.Now = func() time.Time { return now } // no tokens come back during the test
	})
	advise := apiReq{method: http.MethodPost, path: "/api/v1/advise", body: `{"contexts":["mature"],"phase":"execution"}`}
	for range burst {
		e.do(advise).wantStatus(t, http.StatusOK)
	}
	for _, req := range []apiReq{advise, {method: http.MethodGet, path: "/api/v1/quiz"}} {
		res := e.do(req)
		res.wantProblem(t, http.StatusTooManyRequests, req.path)
		if res.header.Get("Retry-After") == "" {
			t.Errorf("%s: 429 without Retry-After", req.path)
		}
	}
}
