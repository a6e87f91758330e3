package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"github.com/twohats/twohats/internal/campaign"
	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/store"
	"github.com/twohats/twohats/internal/store/sqlite"
)

// capabilityItems lists the default instrument's capability items.
func capabilityItems(t testing.TB, cat *catalog.Catalog) []instrument.Item {
	t.Helper()
	sc, err := cat.Scorer(instrument.Default)
	if err != nil {
		t.Fatal(err)
	}
	return sc.Instrument().ItemsIn(instrument.Capability)
}

// keyedRating is the rating of an item that makes its facet score
// 25 × (v − 1) on its scale: m on management, l on leadership.
func keyedRating(it instrument.Item, m, l int) int {
	v := m
	if it.Scale == framework.Leadership {
		v = l
	}
	if it.Reverse {
		v = 6 - v
	}
	return v
}

// raterForm is a rater's form filled in: every item rated, or "dk" where
// skip says so.
func raterFormValues(items []instrument.Item, m, l int, action string, skip func(i int) bool) url.Values {
	form := url.Values{"action": {action}}
	for i, it := range items {
		if skip != nil && skip(i) {
			form.Set(it.ID, dontKnow)
			continue
		}
		form.Set(it.ID, strconv.Itoa(keyedRating(it, m, l)))
	}
	return form
}

// linksFromPage reads the rater links a campaign page shows, by group.
func linksFromPage(t *testing.T, body string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, n := range findAll(t, body, func(n *html.Node) bool { return n.Data == "input" && hasClass(n, "rater-link") }) {
		out[attr(n, "data-group")] = append(out[attr(n, "data-group")], attr(n, "value"))
	}
	return out
}

// pathOf is the path of a link.
func pathOf(t *testing.T, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return u.Path
}

// TestUI360OwnerAndRaters runs a campaign through the pages: the owner
// starts it, adds raters, opens it and copies the links; raters answer with
// no account, saving and coming back; the owner closes and releases it; the
// subject sees the report. Every page passes the CSP hygiene check.
func TestUI360OwnerAndRaters(t *testing.T) {
	e := newUIEnv(t)
	owner := e.client()
	if r := owner.signUp(t, "dee@example.com", "Dee Example", "Acme"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign up: %d", r.StatusCode)
	}
	wantContains(t, "nav", owner.get(t, "/").Body, `href="/campaigns"`)

	r := owner.get(t, "/campaigns")
	wantStatus(t, "campaigns", r, http.StatusOK)
	wantContains(t, "campaigns", r.Body, "There are no campaigns yet", `<select class="input" id="subject" name="subject"`)
	subject := attr(findAll(t, r.Body, func(n *html.Node) bool { return n.Data == "option" })[0], "value")

	r = owner.post(t, "/campaigns", url.Values{"subject": {subject}, "threshold": {"2"}, "comment_threshold": {"5"}}, false)
	wantStatus(t, "threshold 2", r, http.StatusUnprocessableEntity)
	wantContains(t, "threshold 2", r.Body, "The anonymity threshold must be at least 3", `href="#threshold"`)
	r = owner.post(t, "/campaigns", url.Values{"subject": {"someone-else"}}, false)
	wantStatus(t, "unknown subject", r, http.StatusNotFound)

	r = owner.post(t, "/campaigns", url.Values{"subject": {subject}, "threshold": {"3"}, "comment_threshold": {"5"}}, false)
	loc := r.Header.Get("Location")
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/campaigns/") {
		t.Fatalf("create: %d %q\n%s", r.StatusCode, loc, excerpt(r.Body))
	}
	page := strings.TrimSuffix(loc, "?created=1")
	r = owner.get(t, loc)
	wantContains(t, "campaign", r.Body, "Your 360-degree feedback", "Draft: adding raters", "Open for answers", "Links to send")

	for _, rt := range []struct{ email, group string }{{"mia@example.com", "manager"}, {"pat@example.com", "peer"}, {"pia@example.com", "peer"}, {"pol@example.com", "peer"}} {
		wantRedirect(t, "add "+rt.email, owner.post(t, page+"/raters", url.Values{"email": {rt.email}, "group": {rt.group}}, false), page+"?added=1#raters")
	}
	r = owner.post(t, page+"/raters", url.Values{"email": {"PAT@example.com"}, "group": {"peer"}}, false)
	wantStatus(t, "add twice", r, http.StatusConflict)
	wantContains(t, "add twice", r.Body, "already a rater", `value="PAT@example.com"`)
	r = owner.post(t, page+"/raters", url.Values{"email": {"zed@example.com"}, "group": {"boss"}}, false)
	wantStatus(t, "bad group", r, http.StatusUnprocessableEntity)
	wantContains(t, "bad group", r.Body, "manager, peer, direct_report, other")

	r = owner.post(t, page+"/state", url.Values{"state": {"closed"}}, false)
	wantStatus(t, "close a draft", r, http.StatusConflict)
	wantContains(t, "close a draft", r.Body, "is draft", "only move to open")
	wantRedirect(t, "open", owner.post(t, page+"/state", url.Values{"state": {"open"}}, false), page+"?moved=open")

	r = owner.post(t, page+"/links", nil, false)
	wantStatus(t, "links", r, http.StatusOK)
	links := linksFromPage(t, r.Body)
	if len(links["self"]) != 1 || len(links["peer"]) != 3 || len(links["manager"]) != 1 {
		t.Fatalf("links %v", links)
	}
	if r.Header.Get("Cache-Control") != "no-store" {
		t.Error("the links page may be cached")
	}
	items := capabilityItems(t, e.cat)

	// A rater with no account: the form, a partial save, coming back, a submit.
	rater := e.client()
	peerPath := pathOf(t, links["peer"][0])
	r = rater.get(t, peerPath)
	wantStatus(t, "rater form", r, http.StatusOK)
	wantContains(t, "rater form", r.Body, "Feedback for Dee Example", items[0].ObserverText, "Don&#39;t know", "Save and come back later", "Your answers are anonymous")
	if got := r.Header.Get("Referrer-Policy"); got != "no-referrer" {
		t.Errorf("rater form Referrer-Policy %q", got)
	}
	if n := len(findAll(t, r.Body, func(n *html.Node) bool { return n.Data == "fieldset" })); n != len(items) || n > campaign.MaxItems {
		t.Errorf("%d items on the form, want %d (at most %d)", n, len(items), campaign.MaxItems)
	}
	form := raterFormValues(items, 2, 4, "save", func(i int) bool { return i >= 10 })
	form.Set("comment-leadership", "Sets a clear direction.")
	wantRedirect(t, "save", rater.post(t, peerPath, form, false), peerPath+"?saved=1")
	r = rater.get(t, peerPath+"?saved=1")
	wantContains(t, "back", r.Body, "Your answers are saved", "10 of 36 answered", "Sets a clear direction.")
	checked := findAll(t, r.Body, func(n *html.Node) bool { return n.Data == "input" && hasAttr(n, "checked") })
	if len(checked) != 10 {
		t.Errorf("%d answers checked on coming back, want 10", len(checked))
	}
	bad := raterFormValues(items, 2, 4, "submit", nil)
	bad.Set(items[3].ID, "9")
	r = rater.post(t, peerPath, bad, false)
	wantStatus(t, "bad rating", r, http.StatusUnprocessableEntity)
	wantContains(t, "bad rating", r.Body, "Item 4:", "out of range")
	wantRedirect(t, "submit", rater.post(t, peerPath, raterFormValues(items, 2, 4, "submit", nil), false), peerPath+"?submitted=1")
	wantRedirect(t, "submit again", rater.post(t, peerPath, raterFormValues(items, 2, 4, "submit", nil), false), peerPath+"?submitted=1")
	wantContains(t, "thanks", rater.get(t, peerPath+"?submitted=1").Body, "Thank you: your answers are submitted")

	for _, l := range []string{links["peer"][1], links["peer"][2], links["manager"][0]} {
		p := pathOf(t, l)
		wantRedirect(t, "submit "+p[:12], e.client().post(t, p, raterFormValues(items, 2, 4, "submit", nil), false), p+"?submitted=1")
	}
	self := pathOf(t, links["self"][0])
	r = owner.get(t, self)
	wantContains(t, "self form", r.Body, "Rate yourself", items[0].Text)
	wantRedirect(t, "self", owner.post(t, self, raterFormValues(items, 5, 2, "submit", nil), false), self+"?submitted=1")

	r = owner.get(t, page)
	wantContains(t, "progress", r.Body, "5 have submitted")
	// The subject, even as the campaign's owner, sees no report before it
	// is released.
	wantStatus(t, "report while open", owner.get(t, page+"/report"), http.StatusNotFound)
	wantRedirect(t, "close", owner.post(t, page+"/state", url.Values{"state": {"closed"}}, false), page+"?moved=closed")
	wantStatus(t, "report while closed, as the subject", owner.get(t, page+"/report"), http.StatusNotFound)
	r = rater.get(t, peerPath)
	wantStatus(t, "a closed campaign's link", r, http.StatusGone)
	wantContains(t, "gone", r.Body, "This feedback has closed")
	// The development plan of the subject's own profile follows others'
	// view once, and only once, the 360 is released.
	profilePage := owner.takeAssessment(t, func(i int) int { return 1 + i%5 })
	if strings.Contains(owner.get(t, profilePage).Body, "This plan follows how others see you") {
		t.Error("the profile follows a 360 that is not released")
	}
	wantRedirect(t, "release", owner.post(t, page+"/state", url.Values{"state": {"released"}}, false), page+"?moved=released")
	r = owner.get(t, profilePage)
	wantContains(t, "profile after release", r.Body, "This plan follows how others see you", `The weaker side is <strong class="is-management">management</strong>`)
	r = owner.post(t, page+"/state", url.Values{"state": {"open"}}, false)
	wantStatus(t, "reopen", r, http.StatusGone)
	wantContains(t, "reopen", r.Body, "never changes again")

	r = owner.get(t, page+"/report")
	wantStatus(t, "report", r, http.StatusOK)
	wantContains(t, "report", r.Body, `id="gap-chart"`, "Self versus others", "Blind spots", `class="flag-blind" data-key="management"`,
		`data-group="peer" data-shown="true"`, "What to develop, in others’ view: Management")
	if bars := strings.Count(r.Body, `class="gap-bar"`); bars != 14 {
		t.Errorf("%d gap bars, want 14", bars)
	}
	if strings.Contains(r.Body, "Sets a clear direction.") {
		t.Error("a comment from a group of 3 (threshold 5) is on the report")
	}
	req, _ := http.NewRequest(http.MethodGet, e.ts.URL+page+"/report.html", nil)
	res, err := owner.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") || !bytes.Contains(body, []byte(`id="gap-chart"`)) {
		t.Errorf("report.html: %d %q", res.StatusCode, res.Header.Get("Content-Disposition"))
	}

	// Another organisation's owner finds nothing.
	other := e.client()
	other.signUp(t, "otto@example.com", "Otto", "Elsewhere")
	for _, p := range []string{page, page + "/report", page + "/report.html"} {
		wantStatus(t, "other org "+p, other.get(t, p), http.StatusNotFound)
	}
	wantStatus(t, "other org links", other.post(t, page+"/links", nil, false), http.StatusNotFound)
	if strings.Contains(other.get(t, "/campaigns").Body, strings.TrimPrefix(page, "/campaigns/")) {
		t.Error("another organisation lists the campaign")
	}
}

// TestUI360BadTokens: a wrong token gets a clear 404 page and the token of
// a closed campaign a clear 410 page; neither shows an item or a name.
func TestUI360BadTokens(t *testing.T) {
	e := newUIEnv(t)
	ctx := context.Background()
	svc := e.srv.campaigns()
	u := &store.User{Email: "sam@example.com", Name: "Samira Subject", PasswordHash: "x"}
	if err := e.st.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	m, err := e.st.CreateOrganization(ctx, &store.Organization{Slug: "acme", Name: "Acme"}, u)
	if err != nil {
		t.Fatal(err)
	}
	c, err := svc.Create(ctx, m.OrgID, m.PersonID, u.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, draftToken, err := svc.AddRater(ctx, m.OrgID, c.ID, "pat@example.com", store.GroupPeer)
	if err != nil {
		t.Fatal(err)
	}
	items := capabilityItems(t, e.cat)
	secrets := []string{"Samira", "Subject", "sam@example.com", "pat@example.com", "Acme", items[0].ObserverText, items[0].Text, "They ", c.ID}
	noData := func(what string, r uiResponse) {
		t.Helper()
		for _, s := range secrets {
			if strings.Contains(r.Body, s) {
				t.Errorf("%s: the page shows %q", what, s)
			}
		}
		if n := len(findAll(t, r.Body, func(n *html.Node) bool { return n.Data == "form" || n.Data == "fieldset" })); n != 0 {
			t.Errorf("%s: the page has %d forms", what, n)
		}
	}
	anon := e.client()
	check := func(what, token string, status int, heading string) {
		t.Helper()
		r := anon.get(t, "/r/"+token)
		wantStatus(t, what, r, status)
		wantContains(t, what, r.Body, heading)
		noData(what, r)
		r = anon.post(t, "/r/"+token, raterFormValues(items, 3, 3, "submit", nil), false)
		wantStatus(t, what+" (post)", r, status)
		noData(what+" (post)", r)
		api := e.ts.URL + "/api/v1/r/" + token
		res, err := http.Post(api, "application/json", strings.NewReader(`{"answers":{"m.focus.1":3},"submit":true}`))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != status || res.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s (api): %d %s, want %d and a problem", what, res.StatusCode, res.Header.Get("Content-Type"), status)
		}
		noData(what+" (api)", uiResponse{Body: string(b)})
	}
	check("not yet open", draftToken, http.StatusConflict, "This feedback has not started yet")
	for _, bad := range []string{"nonsense", "rt_" + m.OrgID + "_" + strings.Repeat("A", 43), draftToken[:len(draftToken)-1] + "x", "rt_other-org_" + draftToken[len(draftToken)-43:]} {
		check("wrong token", bad, http.StatusNotFound, "This link does not work")
	}
	if _, err := svc.Move(ctx, m.OrgID, c.ID, store.CampaignOpen); err != nil {
		t.Fatal(err)
	}
	if r := anon.get(t, "/r/"+draftToken); r.StatusCode != http.StatusOK {
		t.Fatalf("the open campaign's link: %d", r.StatusCode)
	}
	if _, err := svc.Move(ctx, m.OrgID, c.ID, store.CampaignClosed); err != nil {
		t.Fatal(err)
	}
	check("closed", draftToken, http.StatusGone, "This feedback has closed")
	if _, err := svc.Move(ctx, m.OrgID, c.ID, store.CampaignReleased); err != nil {
		t.Fatal(err)
	}
	check("released", draftToken, http.StatusGone, "This feedback has closed")
}

// TestUI360TokensNeverLogged runs a rater's requests, good and bad, through
// a server whose log goes to a buffer: the token never appears in it.
func TestUI360TokensNeverLogged(t *testing.T) {
	var logs bytes.Buffer
	var mu sync.Mutex
	e := newAPIEnv(t, func(c *Config) {
		c.Logger = slog.New(slog.NewJSONHandler(&lockedWriter{w: &logs, mu: &mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	owner := e.mustOwner("acme")
	ctx := context.Background()
	svc := e.srv.campaigns()
	c, err := svc.Create(ctx, owner.m.OrgID, owner.m.PersonID, owner.user.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, token, err := svc.AddRater(ctx, owner.m.OrgID, c.ID, "pat@example.com", store.GroupPeer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Move(ctx, owner.m.OrgID, c.ID, store.CampaignOpen); err != nil {
		t.Fatal(err)
	}
	secret := token[len(token)-43:]
	items := capabilityItems(t, e.cat)
	form := raterFormValues(items, 3, 3, "save", nil)
	for _, r := range []apiReq{
		{method: http.MethodGet, path: "/r/" + token},
		{method: http.MethodPost, path: "/r/" + token, body: form.Encode(), contentType: "application/x-www-form-urlencoded"},
		{method: http.MethodPost, path: "/r/" + token, body: "m.focus.1=9&action=submit", contentType: "application/x-www-form-urlencoded"},
		{method: http.MethodPost, path: "/api/v1/r/" + token, body: `{"answers":{"m.focus.1":4},"submit":true}`},
		{method: http.MethodPost, path: "/api/v1/r/" + token, body: `{"answers":{"m.focus.1":"x"},"submit":true}`},
		{method: http.MethodPost, path: "/api/v1/r/" + token, body: `{not json`},
		{method: http.MethodGet, path: "/r/" + token + "x"},
		{method: http.MethodGet, path: "/r/" + token + "/more"},
	} {
		e.do(r)
	}
	// A link made for the owner, and the page that shows links.
	res := e.do(apiReq{method: http.MethodPost, path: "/api/v1/campaigns/" + c.ID + "/links", body: `{}`, token: owner.token})
	res.wantStatus(t, http.StatusOK)
	var links []apiLink
	res.decode(t, &links)
	for _, l := range links {
		e.do(apiReq{method: http.MethodGet, path: "/r/" + l.Token})
	}
	if _, err := svc.Move(ctx, owner.m.OrgID, c.ID, store.CampaignClosed); err != nil {
		t.Fatal(err)
	}
	e.do(apiReq{method: http.MethodGet, path: "/r/" + token})

	mu.Lock()
	defer mu.Unlock()
	out := logs.String()
	if !strings.Contains(out, `"path":"/r/…"`) || !strings.Contains(out, `"path":"/api/v1/r/…"`) {
		t.Fatalf("the rater requests were not logged at all:\n%s", out)
	}
	for _, s := range append([]string{secret, token}, tokensOf(links)...) {
		if strings.Contains(out, s) {
			t.Errorf("a token is in the log:\n%s", out)
		}
	}
	if strings.Contains(out, strings.TrimPrefix(hashOf(secret), "")) {
		t.Error("a token's hash is in the log")
	}
}

func tokensOf(links []apiLink) []string {
	var out []string
	for _, l := range links {
		out = append(out, l.Token, l.Token[len(l.Token)-43:])
	}
	return out
}

// hashOf is the stored hash of a token's secret.
func hashOf(secret string) string {
	_, hash, _ := campaign.ParseToken("rt_x_" + secret)
	return hash
}

// lockedWriter serialises writes from concurrent requests.
type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

// Write writes p whole, one request's log line at a time.
func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// newLoadStore opens a SQLite file store for the load test.
func newLoadStore(t *testing.T) store.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "load.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
