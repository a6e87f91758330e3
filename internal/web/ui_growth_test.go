package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/store"
)

// postMultipart posts a multipart form, as the comparison page's form is
// sent, with one file field if file is not empty.
func (c *uiClient) postMultipart(t *testing.T, path string, form url.Values, fileField, fileName, file string) uiResponse {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, vs := range form {
		for _, v := range vs {
			if err := w.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if fileField != "" {
		fw, err := w.CreateFormFile(fileField, fileName)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(file))
	}
	w.Close()
	req, err := http.NewRequest(http.MethodPost, c.env.ts.URL+path, &b)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(t, req, false)
}

func TestUIAdvisorPage(t *testing.T) {
	e := newUIEnv(t)
	c := e.client()
	r := c.get(t, "/advise")
	wantStatus(t, "advisor", r, http.StatusOK)
	wantContains(t, "advisor", r.Body, `name="context" value="compliance-critical"`, `name="phase" value="crisis"`, `<select class="input" id="need" name="need">`, `href="/advise" aria-current="page"`)
	if strings.Contains(r.Body, `id="advice"`) {
		t.Error("the empty form shows advice")
	}
	r = c.get(t, "/advise?context=compliance-critical&context=mature&phase=execution&need=consistency")
	wantStatus(t, "compliance", r, http.StatusOK)
	wantContains(t, "compliance", r.Body, `<span class="orientation orientation-manage">manage</span>`, `id="share">85<`,
		"Execution phases need management to maintain schedules and quality standards.", "Source:", "Risks of over-indexing", "unnecessary disruption",
		`value="compliance-critical" checked`, `value="consistency" selected`)
	r = c.get(t, "/advise?context=turnaround&phase=recovery")
	wantContains(t, "turnaround", r.Body, `orientation-lead">lead<`, "analysis paralysis")

	r = c.get(t, "/advise?need=change")
	wantStatus(t, "nothing chosen", r, http.StatusUnprocessableEntity)
	wantContains(t, "nothing chosen", r.Body, "There is a problem", `href="#context-mature"`, "Choose at least one context", `href="#phase-launch"`, "<title>Error: ")
	r = c.get(t, "/advise?context=moonshot&phase=execution")
	wantStatus(t, "unknown context", r, http.StatusUnprocessableEntity)
	wantContains(t, "unknown context", r.Body, "moonshot", "evolving-strategy")
}

func TestUIMythsAndFAQ(t *testing.T) {
	e := newUIEnv(t)
	c := e.client()
	r := c.get(t, "/myths")
	wantStatus(t, "quiz", r, http.StatusOK)
	wantContains(t, "quiz", r.Body, "Statement 1 of 12", "Leaders are born, managers are made", `name="answer" value="true"`)
	r = c.post(t, "/myths", url.Values{"q": {"0"}}, false)
	wantStatus(t, "no answer", r, http.StatusUnprocessableEntity)
	wantContains(t, "no answer", r.Body, "Choose true or false", `href="#answer-true"`)
	r = c.post(t, "/myths", url.Values{"q": {"0"}, "right": {"0"}, "answer": {"false"}}, false)
	wantStatus(t, "answered", r, http.StatusOK)
	wantContains(t, "answered", r.Body, "Right", "it is false", "Both skillsets develop through practice and feedback", "Source:", `href="/myths?q=1&amp;right=1"`)
	r = c.post(t, "/myths", url.Values{"q": {"1"}, "right": {"1"}, "answer": {"false"}}, false)
	wantContains(t, "wrong", r.Body, "Not quite", "it is true")
	r = c.post(t, "/myths", url.Values{"q": {"11"}, "right": {"7"}, "answer": {"true"}}, false)
	wantContains(t, "last", r.Body, "You got 8 of 12 right", "Start again")
	// A forged score is clamped to what is possible.
	r = c.get(t, "/myths?q=99&right=500")
	wantContains(t, "clamped", r.Body, "Statement 12 of 12", "11 right so far")

	r = c.get(t, "/faq")
	wantStatus(t, "faq", r, http.StatusOK)
	wantContains(t, "faq", r.Body, "Can someone be both a manager and a leader?", "Which should I develop first?", `aria-current="page">FAQ`)
}

// uiGrowthOrg signs up an owner and adds a strong manager and a strong
// leader, each with an assessment scored from constructed answers.
func (e *uiEnv) uiGrowthOrg(c *uiClient, email string) (m *store.Membership, manager, leader string) {
	e.t.Helper()
	wantRedirect(e.t, "sign-up", c.signUp(e.t, email, "Pat Panel", "Panel Co"), "/?welcome=1")
	m = mustMember(e.t, e, email)
	ctx := context.Background()
	mp, err := e.st.EnsurePerson(ctx, m.OrgID, "morgan@example.com", "Morgan Manager")
	if err != nil {
		e.t.Fatal(err)
	}
	lp, err := e.st.EnsurePerson(ctx, m.OrgID, "lee@example.com", "Lee Leader")
	if err != nil {
		e.t.Fatal(err)
	}
	mustScoredAssessment(e.t, e.st, e.cat, m.OrgID, mp.ID, strongManager, framework.Management)
	mustScoredAssessment(e.t, e.st, e.cat, m.OrgID, lp.ID, strongLeader, framework.Leadership)
	return m, mp.ID, lp.ID
}

// candidateFlagged reports whether the comparison shows a promotion-risk
// flag in the person's section.
func candidateFlagged(t *testing.T, body, personID string) bool {
	t.Helper()
	secs := findAll(t, body, func(n *html.Node) bool { return n.Data == "section" && attr(n, "data-person") == personID })
	if len(secs) != 1 {
		t.Fatalf("%d sections for candidate %s", len(secs), personID)
	}
	for n := range secs[0].Descendants() {
		if n.Type == html.ElementNode && hasClass(n, "risk-flag") {
			return true
		}
	}
	return false
}

func TestUIFitPage(t *testing.T) {
	e := newUIEnv(t)
	c := e.client()
	_, manager, leader := e.uiGrowthOrg(c, "pat@example.com")

	r := c.get(t, "/fit")
	wantStatus(t, "form", r, http.StatusOK)
	wantContains(t, "form", r.Body, "Fit is one input to a decision, never the decision.", "Hiring decisions are subjective", "Morgan Manager", "Lee Leader",
		`enctype="multipart/form-data"`, `id="share-launch"`)

	build := url.Values{"source": {"build"}, "role-name": {"Head of product"}, "context": {"startup", "disruptive-innovation"},
		"share-launch": {"70"}, "share-execution": {"30"}, "need": {"change"}, "person": {manager, leader}}
	r = c.postMultipart(t, "/fit", build, "", "", "")
	wantStatus(t, "built role", r, http.StatusOK)
	wantContains(t, "built role", r.Body, "Head of product: side by side", "Promotion risk", "strong manager into a leadership-heavy role",
		"never the decision", "short by", `orientation-lead">lead<`)
	if !candidateFlagged(t, r.Body, manager) || candidateFlagged(t, r.Body, leader) {
		t.Errorf("flags: manager %v, leader %v; want the manager's only", candidateFlagged(t, r.Body, manager), candidateFlagged(t, r.Body, leader))
	}

	// Pasted, with the role saved; then picked again from the saved roles.
	paste := url.Values{"source": {"paste"}, "role_text": {"name: Plant lead\ncontexts: [compliance-critical, mature]\nphases: {execution: 0.8, crisis: 0.2}\n"},
		"save-as": {"Plant lead"}, "person": {manager}}
	r = c.postMultipart(t, "/fit", paste, "", "", "")
	wantStatus(t, "pasted role", r, http.StatusOK)
	wantContains(t, "pasted role", r.Body, "The role is saved as “Plant lead”", "No promotion risk flagged")
	roles, err := e.st.Roles(context.Background(), mustMember(t, e, "pat@example.com").OrgID)
	if err != nil || len(roles) != 1 {
		t.Fatalf("saved roles: %v, %v", roles, err)
	}
	r = c.postMultipart(t, "/fit", url.Values{"source": {"saved"}, "role_id": {roles[0].ID}, "person": {leader}}, "", "", "")
	wantStatus(t, "saved role", r, http.StatusOK)
	if !candidateFlagged(t, r.Body, leader) {
		t.Error("the strong leader into the plant role is not flagged")
	}
	r = c.postMultipart(t, "/fit", url.Values{"source": {"upload"}, "person": {leader}}, "role_file", "role.json", visionRoleJSON)
	wantStatus(t, "uploaded role", r, http.StatusOK)
	wantContains(t, "uploaded role", r.Body, "Founding product lead: side by side")

	// Bad roles and no candidates name what to fix.
	r = c.postMultipart(t, "/fit", url.Values{"source": {"paste"}, "role_text": {"contexts: [startup, moonshot]\nphases: {lunch: 1}\n"}}, "", "", "")
	wantStatus(t, "bad paste", r, http.StatusUnprocessableEntity)
	wantContains(t, "bad paste", r.Body, `href="#role-text"`, "moonshot", "evolving-strategy", "line 2", `href="#person-`, "Choose the candidates")
	r = c.postMultipart(t, "/fit", url.Values{"source": {"build"}, "person": {manager}}, "", "", "")
	wantStatus(t, "empty build", r, http.StatusUnprocessableEntity)
	wantContains(t, "empty build", r.Body, "Choose at least one context the role works in", `href="#share-launch"`)
	r = c.postMultipart(t, "/fit", url.Values{"source": {"paste"}, "role_text": {"name: Plant lead\ncontexts: [mature]\nphases: {execution: 1}\n"}, "save-as": {"Plant lead"}, "person": {manager}}, "", "", "")
	wantStatus(t, "name taken", r, http.StatusUnprocessableEntity)
	wantContains(t, "name taken", r.Body, "already has a role named")

	// Someone of another organisation is not a candidate here.
	other := e.client()
	_, otherManager, _ := e.uiGrowthOrg(other, "quinn@example.com")
	r = c.postMultipart(t, "/fit", url.Values{"source": {"build"}, "context": {"startup"}, "share-launch": {"100"}, "person": {otherManager}}, "", "", "")
	wantStatus(t, "another organisation's person", r, http.StatusNotFound)
	if strings.Contains(r.Body, "Morgan Manager") && strings.Contains(r.Body, otherManager) {
		t.Error("the 404 shows the other organisation's person")
	}
}

func TestUIPlanPages(t *testing.T) {
	e := newUIEnv(t)
	c := e.client()
	wantRedirect(t, "sign-up", c.signUp(t, "sam@example.com", "Sam", "Sam Co"), "/?welcome=1")
	m := mustMember(t, e, "sam@example.com")

	r := c.get(t, "/plan")
	wantStatus(t, "no plans", r, http.StatusOK)
	wantContains(t, "no plans", r.Body, "You have no plan yet", "Make my plan")
	r = c.post(t, "/plan", url.Values{}, false)
	wantStatus(t, "no scores", r, http.StatusUnprocessableEntity)
	wantContains(t, "no scores", r.Body, "Take the assessment first")

	mustScoredAssessment(t, e.st, e.cat, m.OrgID, m.PersonID, strongManager, framework.Management)
	r = c.post(t, "/plan", url.Values{}, false)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/plan/") {
		t.Fatalf("make a plan: %d to %q", r.StatusCode, r.Header.Get("Location"))
	}
	planPath := strings.TrimSuffix(r.Header.Get("Location"), "?created=1")
	r = c.get(t, planPath+"?created=1")
	wantStatus(t, "plan", r, http.StatusOK)
	wantContains(t, "plan", r.Body, "Your plan is ready", "Your development plan", "Days 1-30", "Days 61-90", `name="done" value="d30.ask-feedback"`,
		"0 of 7 check-ins done", "So far there is one assessment", `class="data-table trend-table"`)

	r = c.post(t, planPath+"/check-ins", url.Values{"done": {"d30.ask-feedback", "d30.first-practice"}}, false)
	wantRedirect(t, "tick", r, planPath+"?saved=1")
	r = c.get(t, planPath)
	wantContains(t, "ticked", r.Body, "2 of 7 check-ins done", `value="d30.ask-feedback" checked`, "done ")
	r = c.post(t, planPath+"/check-ins", url.Values{"done": {"d30.first-practice"}}, false)
	wantRedirect(t, "untick", r, planPath+"?saved=1")
	wantContains(t, "unticked", c.get(t, planPath).Body, "1 of 7 check-ins done")

	// A second assessment: the chart of change per facet appears.
	mustScoredAssessment(t, e.st, e.cat, m.OrgID, m.PersonID, strongLeader, framework.Leadership)
	r = c.get(t, planPath)
	wantContains(t, "trend", r.Body, `<svg class="chart trend" id="trend-management"`, `id="trend-leadership"`, `role="img"`, "<title id=\"trend-leadership-title\">", "<polyline", "target")
	r = c.get(t, "/plan")
	wantContains(t, "plans", r.Body, planPath, "1 of 7")

	// Another account sees nothing of it.
	other := e.client()
	wantRedirect(t, "sign-up", other.signUp(t, "kim@example.com", "Kim", "Kim Co"), "/?welcome=1")
	wantStatus(t, "another's plan", other.get(t, planPath), http.StatusNotFound)
	wantStatus(t, "tick another's plan", other.post(t, planPath+"/check-ins", url.Values{"done": {"d30.ask-feedback"}}, false), http.StatusNotFound)
}

func TestUIJournalPage(t *testing.T) {
	e := newUIEnv(t)
	c := e.client()
	wantRedirect(t, "sign-up", c.signUp(t, "jo@example.com", "Jo", "Jo Co"), "/?welcome=1")
	r := c.get(t, "/journal")
	wantStatus(t, "journal", r, http.StatusOK)
	wantContains(t, "journal", r.Body, "Reflect on situations where balanced approach would have generated better outcomes", `type="date"`, `name="approach" value="blend"`)
	if strings.Contains(r.Body, `id="report"`) {
		t.Error("an empty journal shows a report")
	}
	r = c.post(t, "/journal", url.Values{"date": {"2025-05-01"}}, false)
	wantStatus(t, "empty entry", r, http.StatusUnprocessableEntity)
	wantContains(t, "empty entry", r.Body, `href="#situation"`, `href="#context-mature"`, `href="#phase-launch"`, `href="#approach-manage"`, `href="#outcome-1"`)
	for i := range 4 {
		r = c.post(t, "/journal", url.Values{"date": {"2025-05-0" + string(rune('1'+i))}, "situation": {"The relaunch stalled."},
			"context": {"turnaround"}, "phase": {"recovery"}, "approach": {"manage"}, "outcome": {"2"}, "balanced": {"Say where we are going first."}}, false)
		wantRedirect(t, "add", r, "/journal?added=1")
	}
	r = c.get(t, "/journal?added=1")
	wantContains(t, "report", r.Body, "Your entry is added", `id="journal-default">Your default across your entries is to manage: 4 of 4 entries.`,
		"<strong>Turnaround</strong>: 4 of 4 entries", "0% of your 4 entries", "mismatch", "The relaunch stalled.")
}
