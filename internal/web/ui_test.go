package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"

	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/store"
	"github.com/twohats/twohats/internal/store/sqlite"
)

// uiEnv is a real server on a real SQLite store, reached over loopback.
type uiEnv struct {
	t   *testing.T
	srv *Server
	ts  *httptest.Server
	st  store.Store
	cat *catalog.Catalog
}

func newUIEnv(t *testing.T) *uiEnv {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "twohats.db"))
	if err != nil {
		t.Fatalf("sqlite.Open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	cat, err := catalog.Load()
	if err != nil {
		t.Fatalf("catalog.Load: %v", err)
	}
	srv, err := New(Config{Store: st, Catalog: cat, RateLimit: 1000, RateBurst: 1000})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &uiEnv{t: t, srv: srv, ts: ts, st: st, cat: cat}
}

// uiClient is a browser stand-in: a cookie jar, and redirects followed
// unless asked not to.
type uiClient struct {
	env *uiEnv
	c   *http.Client
}

func (e *uiEnv) client() *uiClient {
	jar, err := cookiejar.New(nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return &uiClient{env: e, c: &http.Client{Jar: jar}}
}

// uiResponse is a response with its body read.
type uiResponse struct {
	*http.Response
	Body string
}

func (c *uiClient) do(t *testing.T, req *http.Request, follow bool) uiResponse {
	t.Helper()
	cl := *c.c
	if !follow {
		cl.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	}
	resp, err := cl.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := uiResponse{Response: resp, Body: string(b)}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") && (resp.StatusCode < 300 || resp.StatusCode >= 400) {
		checkPageHygiene(t, req.Method+" "+resp.Request.URL.Path, r)
	}
	return r
}

func (c *uiClient) get(t *testing.T, path string) uiResponse {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.env.ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c.do(t, req, true)
}

func (c *uiClient) getNoFollow(t *testing.T, path string) uiResponse {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.env.ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c.do(t, req, false)
}

func (c *uiClient) post(t *testing.T, path string, form url.Values, follow bool) uiResponse {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.env.ts.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(t, req, follow)
}

// checkPageHygiene holds every HTML page to the CSP: the header is sent, and
// there is no inline script, no <style> element and no style= attribute.
func checkPageHygiene(t *testing.T, what string, r uiResponse) {
	t.Helper()
	if got := r.Header.Get("Content-Security-Policy"); !strings.Contains(got, "script-src 'self'") || !strings.Contains(got, "style-src 'self'") {
		t.Errorf("%s: Content-Security-Policy = %q", what, got)
	}
	doc, err := html.Parse(strings.NewReader(r.Body))
	if err != nil {
		t.Fatalf("%s: parsing HTML: %v", what, err)
	}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		if n.Data == "style" {
			t.Errorf("%s: has a <style> element", what)
		}
		if n.Data == "script" && (attr(n, "src") == "" || n.FirstChild != nil) {
			t.Errorf("%s: has an inline <script>", what)
		}
		for _, a := range n.Attr {
			if a.Key == "style" {
				t.Errorf("%s: <%s> has a style attribute", what, n.Data)
			}
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("%s: <%s> has an inline event handler %s", what, n.Data, a.Key)
			}
		}
	}
	if !strings.Contains(r.Body, `<html lang="en">`) {
		t.Errorf("%s: no <html lang=\"en\">", what)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// findAll returns the elements of the page that match the predicate.
func findAll(t *testing.T, body string, match func(*html.Node) bool) []*html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var out []*html.Node
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
	}
	return out
}

func byID(id string) func(*html.Node) bool {
	return func(n *html.Node) bool { return attr(n, "id") == id }
}

func wantStatus(t *testing.T, what string, r uiResponse, want int) {
	t.Helper()
	if r.StatusCode != want {
		t.Fatalf("%s: status %d, want %d\n%s", what, r.StatusCode, want, excerpt(r.Body))
	}
}

func wantContains(t *testing.T, what, body string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(body, s) {
			t.Errorf("%s: the page does not contain %q\n%s", what, s, excerpt(body))
		}
	}
}

// excerpt is the page's <main>, to keep failure messages short.
func excerpt(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if len(body) > 3000 {
		body = body[:3000] + "…"
	}
	return body
}

func (c *uiClient) signUp(t *testing.T, email, name, org string) uiResponse {
	t.Helper()
	return c.post(t, "/signup", url.Values{"email": {email}, "name": {name}, "password": {"correct horse battery"}, "organization": {org}}, false)
}

func (c *uiClient) signIn(t *testing.T, email, password string) uiResponse {
	t.Helper()
	return c.post(t, "/signin", url.Values{"email": {email}, "password": {password}}, false)
}

// answersFor fills the form of a page the way a person would: every radio
// group of the page answered, by the instrument's items. rating picks the
// capability rating of the nth item.
func (e *uiEnv) pageAnswers(page int, rating func(i int) int, skip map[string]bool) url.Values {
	sc, err := e.cat.Scorer(instrument.Default)
	if err != nil {
		e.t.Fatal(err)
	}
	plan := formPlan(sc.Instrument())
	form := url.Values{}
	for i, it := range plan[page-1].items {
		if skip[it.ID] {
			continue
		}
		switch it.Section {
		case instrument.Capability:
			form.Set(it.ID, strconv.Itoa(rating(i)))
		case instrument.Tendency:
			form.Set(it.ID, it.Options[i%2].ID)
		case instrument.SJT:
			for _, o := range it.Options {
				form.Set(it.ID+":"+o.ID, strconv.Itoa(o.Key))
			}
		}
	}
	return form
}

func (c *uiClient) savePage(t *testing.T, page int, form url.Values, action string) uiResponse {
	t.Helper()
	form.Set("action", action)
	if form.Get("attempt") == "" {
		form.Set("attempt", "test-attempt-"+strconv.Itoa(page)+"-"+action+"-xxxxxxxx")
	}
	return c.post(t, fmt.Sprintf("/assess/%d", page), form, false)
}

func wantRedirect(t *testing.T, what string, r uiResponse, want string) {
	t.Helper()
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("%s: status %d, want 303 to %s\n%s", what, r.StatusCode, want, excerpt(r.Body))
	}
	if got := r.Header.Get("Location"); got != want {
		t.Fatalf("%s: redirected to %q, want %q", what, got, want)
	}
}

// takeAssessment answers every page in order and finishes; it returns the
// new assessment's report path.
func (c *uiClient) takeAssessment(t *testing.T, rating func(i int) int) string {
	t.Helper()
	for page := 1; page <= 7; page++ {
		action := "next"
		if page == 7 {
			action = "finish"
		}
		r := c.savePage(t, page, c.env.pageAnswers(page, rating, nil), action)
		if page < 7 {
			wantRedirect(t, fmt.Sprintf("page %d", page), r, fmt.Sprintf("/assess/%d", page+1))
			continue
		}
		if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/profiles/") {
			t.Fatalf("finish: status %d, location %q\n%s", r.StatusCode, r.Header.Get("Location"), excerpt(r.Body))
		}
		return r.Header.Get("Location")
	}
	return ""
}

func TestUITemplatesAllParseAtNew(t *testing.T) {
	pages, err := parseTemplates(templateFiles)
	if err != nil {
		t.Fatalf("parseTemplates: %v", err)
	}
	for _, want := range []string{"landing", "signin", "signup", "assess", "profiles", "report", "tokens", "access", "org", "orgs", "error"} {
		if pages[want] == nil {
			t.Errorf("no page %q", want)
		}
	}
	layout, err := templateFiles.ReadFile("templates/_layout.html")
	if err != nil {
		t.Fatal(err)
	}
	parts, err := templateFiles.ReadFile("templates/_parts.html")
	if err != nil {
		t.Fatal(err)
	}
	for name, page := range map[string]string{
		"syntax error":     `{{define "content"}}{{if}}{{end}}`,
		"unknown function": `{{define "content"}}{{nosuchfunc .}}{{end}}`,
		"unknown template": `{{define "content"}}{{template "nosuch" .}}{{end}}`,
		"no content":       `{{define "other"}}hi{{end}}`,
		"broken escaping":  `{{define "content"}}<a href="{{.Title}}{{end}}`,
	} {
		fsys := fstest.MapFS{
			"templates/_layout.html": {Data: layout},
			"templates/_parts.html":  {Data: parts},
			"templates/error.html":   {Data: []byte(`{{define "content"}}error{{end}}`)},
			"templates/broken.html":  {Data: []byte(page)},
		}
		if _, err := parseTemplates(fsys); err == nil {
			t.Errorf("%s: parseTemplates accepted a broken template", name)
		}
	}
}

func TestUIRoutesAreRegistered(t *testing.T) {
	e := newUIEnv(t)
	got := map[string]Route{}
	for _, r := range e.srv.Routes() {
		got[r.Method+" "+r.Pattern] = r
	}
	for _, want := range []Route{
		{"GET", "/{$}", "page", false},
		{"GET", "/static/{file}", "asset", false},
		{"GET", "/signin", "page", false},
		{"POST", "/signin", "page", false},
		{"POST", "/signup", "page", false},
		{"POST", "/signout", "page", false},
		{"GET", "/assess/{page}", "page", true},
		{"POST", "/assess/{page}", "page", true},
		{"GET", "/profiles/{id}", "page", true},
		{"POST", "/settings/tokens/{id}/delete", "page", true},
		{"POST", "/settings/access/{coach}/revoke", "page", true},
		{"GET", "/org", "page", true},
	} {
		if r, ok := got[want.Method+" "+want.Pattern]; !ok || r != want {
			t.Errorf("route %s %s = %+v, want %+v", want.Method, want.Pattern, r, want)
		}
	}
}

func TestUISignUpAssessAndReport(t *testing.T) {
	e := newUIEnv(t)
	c := e.client()

	r := c.get(t, "/")
	wantStatus(t, "landing", r, http.StatusOK)
	wantContains(t, "landing", r.Body, `href="/signup"`, `href="/signin"`, "Primary focus", "Leadership-heavy", "Skip to main content")

	// A bad sign-up keeps what was typed, except the password.
	r = c.post(t, "/signup", url.Values{"email": {"ann@example.com"}, "name": {"Ann"}, "password": {"short"}}, false)
	wantStatus(t, "short password", r, http.StatusUnprocessableEntity)
	wantContains(t, "short password", r.Body, "at least 10 characters", `value="ann@example.com"`, `value="Ann"`)
	if strings.Contains(r.Body, `value="short"`) {
		t.Error("the form echoes the password")
	}

	r = c.signUp(t, "ann@example.com", "Ann Example", "Acme")
	wantRedirect(t, "sign-up", r, "/?welcome=1")
	var session *http.Cookie
	for _, ck := range r.Cookies() {
		if ck.Name == sessionCookie {
			session = ck
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Path != "/" {
		t.Fatalf("session cookie = %+v, want HttpOnly, SameSite=Lax, Path=/", session)
	}
	r = c.get(t, "/?welcome=1")
	wantContains(t, "signed-in landing", r.Body, "Signed in as </span><strong>Ann Example</strong>", `action="/signout"`, "Acme")

	// Start: the first page.
	r = c.getNoFollow(t, "/assess")
	wantRedirect(t, "start", r, "/assess/1")
	r = c.get(t, "/assess/1")
	wantStatus(t, "page 1", r, http.StatusOK)
	wantContains(t, "page 1", r.Body, "Page 1 of 7 · 0 of 58 answered", "<progress", "<fieldset", "<legend>", "Almost always", "Save and continue", "Save and finish later")
	if strings.Contains(r.Body, `value="back"`) {
		t.Error("page 1 has a Back button")
	}
	// Every radio has a label bound to it.
	for _, in := range findAll(t, r.Body, func(n *html.Node) bool { return n.Data == "input" && attr(n, "type") == "radio" }) {
		id := attr(in, "id")
		if id == "" || len(findAll(t, r.Body, func(n *html.Node) bool { return n.Data == "label" && attr(n, "for") == id })) != 1 {
			t.Fatalf("radio %q has no label", id)
		}
	}

	four := func(int) int { return 4 }
	// Page 1 with one item left out, to be caught at the end.
	r = c.savePage(t, 1, e.pageAnswers(1, four, map[string]bool{"m.focus.1": true}), "next")
	wantRedirect(t, "page 1", r, "/assess/2")
	r = c.savePage(t, 2, e.pageAnswers(2, four, nil), "next")
	wantRedirect(t, "page 2", r, "/assess/3")
	// Back from page 3 saves page 3 and shows page 2 as it was answered.
	r = c.savePage(t, 3, e.pageAnswers(3, func(int) int { return 2 }, nil), "back")
	wantRedirect(t, "back", r, "/assess/2")
	r = c.get(t, "/assess/2")
	wantContains(t, "page 2 again", r.Body, "Page 2 of 7 · 35 of 58 answered", "Back")
	checked := findAll(t, r.Body, func(n *html.Node) bool {
		return n.Data == "input" && attr(n, "type") == "radio" && hasAttr(n, "checked")
	})
	if len(checked) != 12 {
		t.Errorf("page 2 again: %d radios checked, want 12", len(checked))
	}
	r = c.savePage(t, 2, url.Values{}, "next")
	wantRedirect(t, "page 2 again", r, "/assess/3")
	r = c.savePage(t, 3, e.pageAnswers(3, four, nil), "next")
	wantRedirect(t, "page 3", r, "/assess/4")

	// Save and finish later, then resume in a fresh browser.
	r = c.savePage(t, 4, url.Values{}, "later")
	wantRedirect(t, "later", r, "/?saved=1")
	r = c.get(t, "/?saved=1")
	wantContains(t, "saved", r.Body, "Your answers are saved", "35 of 58", "Continue the assessment")

	c2 := e.client()
	r = c2.getNoFollow(t, "/assess")
	wantRedirect(t, "signed out /assess", r, "/signin?next=%2Fassess")
	r = c2.post(t, "/signin", url.Values{"email": {"ann@example.com"}, "password": {"correct horse battery"}, "next": {"/assess"}}, false)
	wantRedirect(t, "sign-in", r, "/assess")
	r = c2.getNoFollow(t, "/assess")
	wantRedirect(t, "resume", r, "/assess/1") // m.focus.1 is still unanswered
	r = c2.get(t, "/assess/4")
	wantContains(t, "page 4", r.Body, "Page 4 of 7 · 35 of 58 answered", "Under pressure")

	// Invalid answers are refused, named, and nothing is saved.
	bad := e.pageAnswers(4, four, nil)
	bad.Set("t.1", "z")
	bad.Set("no.such.item", "3")
	r = c2.savePage(t, 4, bad, "next")
	wantStatus(t, "bad answers", r, http.StatusUnprocessableEntity)
	wantContains(t, "bad answers", r.Body, "no.such.item", "unknown item id", "t.1", `unknown option`)
	if d, err := e.st.Draft(context.Background(), mustMember(t, e, "ann@example.com").OrgID, mustMember(t, e, "ann@example.com").PersonID, instrument.Default); err != nil || strings.Contains(string(d.Answers), `"t.2"`) {
		t.Errorf("a refused page was saved: %v %s", err, d.Answers)
	}
	r = c2.savePage(t, 5, url.Values{"s.1:a": {"9"}}, "next")
	wantStatus(t, "out of range", r, http.StatusUnprocessableEntity)
	wantContains(t, "out of range", r.Body, "s.1", "out of range")

	for page := 4; page <= 6; page++ {
		r = c2.savePage(t, page, e.pageAnswers(page, four, nil), "next")
		wantRedirect(t, fmt.Sprintf("page %d", page), r, fmt.Sprintf("/assess/%d", page+1))
	}
	// Finishing with a question unanswered lists it, with a link.
	r = c2.savePage(t, 7, e.pageAnswers(7, four, nil), "finish")
	wantStatus(t, "finish with a gap", r, http.StatusUnprocessableEntity)
	wantContains(t, "finish with a gap", r.Body, "still unanswered", `href="/assess/1#q-m.focus.1"`, "Question 1")

	r = c2.savePage(t, 1, url.Values{"m.focus.1": {"2"}}, "next")
	wantRedirect(t, "the gap", r, "/assess/2")
	r = c2.savePage(t, 7, url.Values{"attempt": {"finish-attempt-0123456789"}}, "finish")
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/profiles/") {
		t.Fatalf("finish: status %d, location %q\n%s", r.StatusCode, r.Header.Get("Location"), excerpt(r.Body))
	}
	reportPath := r.Header.Get("Location")
	// A second click on Finish shows the same assessment, not a new one.
	r = c2.savePage(t, 7, url.Values{"attempt": {"finish-attempt-0123456789"}}, "finish")
	wantRedirect(t, "double finish", r, reportPath)

	r = c2.get(t, reportPath)
	wantStatus(t, "report", r, http.StatusOK)
	for _, id := range []string{"radar", "grid"} {
		if svgs := findAll(t, r.Body, func(n *html.Node) bool { return n.Data == "svg" && attr(n, "id") == id }); len(svgs) != 1 {
			t.Errorf("report: %d svg#%s, want 1", len(svgs), id)
		}
	}
	wantContains(t, "report", r.Body, "Quadrant", "The numbers behind the radar chart", "Under pressure", "Situational judgement",
		"Accuracy", "Style preference", "Blind spots to watch", "What to develop next", "Four habits", "data-quadrant=")

	r = c2.get(t, "/profiles")
	wantStatus(t, "profiles", r, http.StatusOK)
	wantContains(t, "profiles", r.Body, `href="`+reportPath+`"`, "nothing to compare with yet")

	// A second assessment: the history shows the change per facet.
	second := c2.takeAssessment(t, func(i int) int { return 1 + i%5 })
	r = c2.get(t, "/profiles")
	wantContains(t, "history", r.Body, `href="`+second+`"`, `href="`+reportPath+`"`, "Change since", "Primary focus", "Problem solving")
	if n := len(findAll(t, r.Body, func(n *html.Node) bool { return n.Data == "table" && hasClass(n, "changes") })); n != 1 {
		t.Errorf("history: %d change tables, want 1", n)
	}
	if !regexp.MustCompile(`<td class="n (up|down)">[+−]\d`).MatchString(r.Body) {
		t.Errorf("history: no signed facet change\n%s", excerpt(r.Body))
	}

	// Sign out: the pages are closed again.
	r = c2.post(t, "/signout", nil, false)
	wantRedirect(t, "sign-out", r, "/?signedout=1")
	r = c2.getNoFollow(t, "/profiles")
	wantRedirect(t, "signed out", r, "/signin?next=%2Fprofiles")
	r = c2.getNoFollow(t, reportPath)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/signin") {
		t.Errorf("signed-out report: status %d, location %q", r.StatusCode, r.Header.Get("Location"))
	}
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func hasClass(n *html.Node, class string) bool {
	return strings.Contains(" "+attr(n, "class")+" ", " "+class+" ")
}

func mustMember(t *testing.T, e *uiEnv, email string) *store.Membership {
	t.Helper()
	ctx := context.Background()
	u, err := e.st.UserByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := e.st.Memberships(ctx, u.ID)
	if err != nil || len(ms) == 0 {
		t.Fatalf("memberships of %s: %v %v", email, ms, err)
	}
	return &ms[0]
}

func TestUISignInErrors(t *testing.T) {
	e := newUIEnv(t)
	c := e.client()
	wantRedirect(t, "sign-up", c.signUp(t, "bob@example.com", "Bob", ""), "/?welcome=1")

	other := e.client()
	for _, tt := range []struct{ email, password string }{
		{"bob@example.com", "not the password"},
		{"nobody@example.com", "correct horse battery"},
	} {
		r := other.signIn(t, tt.email, tt.password)
		wantStatus(t, "wrong sign-in", r, http.StatusUnauthorized)
		wantContains(t, "wrong sign-in", r.Body, "Wrong email or password", `value="`+tt.email+`"`)
		if len(r.Cookies()) != 0 {
			t.Errorf("a failed sign-in set cookies %v", r.Cookies())
		}
	}
	r := other.getNoFollow(t, "/profiles")
	wantRedirect(t, "no session", r, "/signin?next=%2Fprofiles")

	// A duplicate email is a form error on the same page.
	r = other.signUp(t, "BOB@example.com", "Another Bob", "")
	wantStatus(t, "duplicate", r, http.StatusUnprocessableEntity)
	wantContains(t, "duplicate", r.Body, "already exists", `href="#email"`, "Create your account")
	if len(r.Cookies()) != 0 {
		t.Errorf("a refused sign-up set cookies %v", r.Cookies())
	}

	// ?next= only takes local paths.
	for next, want := range map[string]string{
		"/profiles":            "/profiles",
		"//evil.example/x":     "/",
		"https://evil.example": "/",
		"/\\evil.example":      "/",
	} {
		r := e.client().post(t, "/signin", url.Values{"email": {"bob@example.com"}, "password": {"correct horse battery"}, "next": {next}}, false)
		wantRedirect(t, "next="+next, r, want)
	}

	// A cross-origin POST is refused before it is read.
	req, _ := http.NewRequest(http.MethodPost, e.ts.URL+"/signin", strings.NewReader("email=bob%40example.com&password=correct+horse+battery"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	r = e.client().do(t, req, false)
	wantStatus(t, "cross-origin", r, http.StatusForbidden)
	if len(r.Cookies()) != 0 {
		t.Errorf("a cross-origin sign-in set cookies %v", r.Cookies())
	}
}

func TestUISignInIsRateLimited(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "twohats.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(Config{Store: st, Catalog: cat, RateLimit: 0.001, RateBurst: 2})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	var codes []int
	var last *http.Response
	for range 3 {
		resp, err := http.PostForm(ts.URL+"/signin", url.Values{"email": {"x@example.com"}, "password": {"whatever123"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		codes = append(codes, resp.StatusCode)
		last = resp
	}
	if codes[2] != http.StatusTooManyRequests {
		t.Errorf("sign-in statuses %v, want the third refused with 429", codes)
	}
	// A person at a browser is told so on a page, not in JSON.
	if ct := last.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("the refused sign-in answered %q, want an HTML page", ct)
	}
}

// TestUIExpiredSessionFormPostGoesToSignIn posts a form with no valid
// session: the browser is sent to sign in, then back to the form's page.
func TestUIExpiredSessionFormPostGoesToSignIn(t *testing.T) {
	e := newUIEnv(t)
	c := e.client()
	req, _ := http.NewRequest(http.MethodPost, e.ts.URL+"/settings/tokens", strings.NewReader("name=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Referer", e.ts.URL+"/settings/tokens")
	r := c.do(t, req, false)
	wantRedirect(t, "form post without a session", r, "/signin?next=%2Fsettings%2Ftokens")
}

func TestUIPagesAndErrors(t *testing.T) {
	e := newUIEnv(t)
	anon := e.client()
	for _, path := range []string{"/", "/signin", "/signup", "/signin?next=/profiles"} {
		wantStatus(t, path, anon.get(t, path), http.StatusOK)
	}
	r := anon.get(t, "/no/such/page")
	wantStatus(t, "unknown path", r, http.StatusNotFound)
	wantContains(t, "unknown path", r.Body, "Page not found", "Skip to main content")

	c := e.client()
	c.signUp(t, "cara@example.com", "Cara", "")
	for _, path := range []string{"/assess/0", "/assess/8", "/assess/x", "/assess/01", "/profiles/nope"} {
		r := c.get(t, path)
		wantStatus(t, path, r, http.StatusNotFound)
		wantContains(t, path, r.Body, "Page not found")
	}
	for _, path := range []string{"/profiles", "/settings/tokens", "/settings/access", "/settings/orgs", "/org", "/assess/5", "/assess/7"} {
		wantStatus(t, path, c.get(t, path), http.StatusOK)
	}

	// The stylesheet is served with a version that may be cached for good.
	r = anon.get(t, "/")
	link := findAll(t, r.Body, func(n *html.Node) bool { return n.Data == "link" && attr(n, "rel") == "stylesheet" })
	if len(link) != 1 {
		t.Fatalf("%d stylesheets, want 1", len(link))
	}
	css := anon.get(t, attr(link[0], "href"))
	wantStatus(t, "css", css, http.StatusOK)
	if ct := css.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("css Content-Type %q", ct)
	}
	if cc := css.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("versioned css Cache-Control %q", cc)
	}
	req, _ := http.NewRequest(http.MethodGet, e.ts.URL+"/static/app.css", nil)
	req.Header.Set("If-None-Match", css.Header.Get("ETag"))
	if r := anon.do(t, req, false); r.StatusCode != http.StatusNotModified {
		t.Errorf("revalidated css: status %d, want 304", r.StatusCode)
	}
	wantStatus(t, "missing asset", anon.get(t, "/static/nope.css"), http.StatusNotFound)
	if !strings.Contains(css.Body, "@media print") || !strings.Contains(css.Body, "size: A4") {
		t.Error("the stylesheet has no print rules for A4")
	}
}

func TestUIProfileAccessAndCoaches(t *testing.T) {
	e := newUIEnv(t)
	owner, member, colleague, coach, outsider := e.client(), e.client(), e.client(), e.client(), e.client()
	owner.signUp(t, "olive@example.com", "Olive Owner", "Acme")
	member.signUp(t, "mo@example.com", "Mo Member", "")
	colleague.signUp(t, "col@example.com", "Col League", "")
	coach.signUp(t, "cy@example.com", "Cy Coach", "")
	outsider.signUp(t, "otto@example.com", "Otto Outsider", "Elsewhere")

	// Only owners and admins see the organisation page.
	wantStatus(t, "member /org", member.get(t, "/org"), http.StatusOK) // their own organisation
	r := owner.get(t, "/org")
	wantContains(t, "org", r.Body, "Olive Owner", "owner", `action="/org/members"`)
	r = owner.post(t, "/org/members", url.Values{"email": {"nobody@example.com"}, "role": {"member"}}, false)
	wantStatus(t, "unknown user", r, http.StatusUnprocessableEntity)
	wantContains(t, "unknown user", r.Body, "No one has a twohats account", `value="nobody@example.com"`)
	for email, role := range map[string]string{"mo@example.com": "member", "col@example.com": "member", "cy@example.com": "coach"} {
		r = owner.post(t, "/org/members", url.Values{"email": {email}, "role": {role}}, false)
		wantRedirect(t, "add "+email, r, "/org?added=1")
	}
	r = owner.post(t, "/org/members", url.Values{"email": {"mo@example.com"}, "role": {"member"}}, false)
	wantStatus(t, "add twice", r, http.StatusUnprocessableEntity)
	wantContains(t, "add twice", r.Body, "already a member")
	r = owner.get(t, "/org")
	wantContains(t, "org", r.Body, "Mo Member", "Cy Coach", "coach")

	acme := mustMember(t, e, "olive@example.com").OrgID
	for _, c := range []*uiClient{member, colleague, coach} {
		r := c.post(t, "/settings/orgs/"+acme+"/switch", nil, false)
		wantRedirect(t, "switch", r, "/?switched=1")
		wantContains(t, "switched", c.get(t, "/?switched=1").Body, "You are now working in Acme")
	}
	// Nobody can switch into an organisation they do not belong to.
	wantStatus(t, "outsider switch", outsider.post(t, "/settings/orgs/"+acme+"/switch", nil, false), http.StatusNotFound)
	wantStatus(t, "member /org in acme", member.get(t, "/org"), http.StatusNotFound)

	report := member.takeAssessment(t, func(i int) int { return 1 + i%5 })
	wantStatus(t, "own report", member.get(t, report), http.StatusOK)
	wantStatus(t, "owner sees it", owner.get(t, report), http.StatusOK)
	wantStatus(t, "colleague", colleague.get(t, report), http.StatusNotFound)
	wantStatus(t, "coach before grant", coach.get(t, report), http.StatusNotFound)
	wantStatus(t, "outsider", outsider.get(t, report), http.StatusNotFound)
	if strings.Contains(colleague.get(t, "/profiles").Body, report) {
		t.Error("a colleague's history lists the member's profile")
	}

	// The member grants the coach access.
	r = member.get(t, "/settings/access")
	wantContains(t, "access", r.Body, "Cy Coach", "no access")
	coachID := ""
	for _, o := range findAll(t, r.Body, func(n *html.Node) bool { return n.Data == "option" }) {
		coachID = attr(o, "value")
	}
	if coachID == "" {
		t.Fatalf("no coach to choose\n%s", excerpt(r.Body))
	}
	wantStatus(t, "grant a non-coach", member.post(t, "/settings/access", url.Values{"coach": {mustUser(t, e, "col@example.com")}}, false), http.StatusUnprocessableEntity)
	wantRedirect(t, "grant", member.post(t, "/settings/access", url.Values{"coach": {coachID}}, false), "/settings/access?granted=1")
	r = coach.get(t, report)
	wantStatus(t, "coach after grant", r, http.StatusOK)
	wantContains(t, "coach report", r.Body, "Mo Member", `id="radar"`)
	wantContains(t, "coach history", coach.get(t, "/profiles").Body, "Mo Member", report)
	wantStatus(t, "colleague after grant", colleague.get(t, report), http.StatusNotFound)

	wantStatus(t, "revoke unknown", member.post(t, "/settings/access/nope/revoke", nil, false), http.StatusNotFound)
	wantRedirect(t, "revoke", member.post(t, "/settings/access/"+coachID+"/revoke", nil, false), "/settings/access?revoked=1")
	wantStatus(t, "coach after revoke", coach.get(t, report), http.StatusNotFound)
}

func mustUser(t *testing.T, e *uiEnv, email string) string {
	t.Helper()
	u, err := e.st.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func TestUISettingsTokens(t *testing.T) {
	e := newUIEnv(t)
	c := e.client()
	c.signUp(t, "tia@example.com", "Tia", "")
	r := c.post(t, "/settings/tokens", url.Values{"name": {""}}, false)
	wantStatus(t, "no name", r, http.StatusUnprocessableEntity)
	r = c.post(t, "/settings/tokens", url.Values{"name": {"HR platform"}}, false)
	wantStatus(t, "create", r, http.StatusOK)
	inputs := findAll(t, r.Body, byID("new-token"))
	if len(inputs) != 1 || !strings.HasPrefix(attr(inputs[0], "value"), apiTokenPrefix) {
		t.Fatalf("the new token is not shown\n%s", excerpt(r.Body))
	}
	token := attr(inputs[0], "value")
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("token page Cache-Control %q, want no-store", cc)
	}
	// It works as a bearer token, and is never shown again.
	req, _ := http.NewRequest(http.MethodGet, e.ts.URL+"/profiles", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	if got := (&uiClient{env: e, c: &http.Client{}}).do(t, req, false); got.StatusCode != http.StatusOK {
		t.Errorf("the token does not authenticate: %d", got.StatusCode)
	}
	r = c.get(t, "/settings/tokens")
	wantContains(t, "list", r.Body, "<td>HR platform</td>")
	if strings.Contains(r.Body, token) {
		t.Error("the token is shown a second time")
	}
	forms := findAll(t, r.Body, func(n *html.Node) bool {
		return n.Data == "form" && strings.HasSuffix(attr(n, "action"), "/delete")
	})
	if len(forms) != 1 {
		t.Fatalf("%d revoke forms, want 1", len(forms))
	}
	other := e.client()
	other.signUp(t, "uma@example.com", "Uma", "")
	wantStatus(t, "someone else's token", other.post(t, attr(forms[0], "action"), nil, false), http.StatusNotFound)
	wantRedirect(t, "revoke", c.post(t, attr(forms[0], "action"), nil, false), "/settings/tokens?deleted=1")
	r = c.get(t, "/settings/tokens")
	if strings.Contains(r.Body, "<td>HR platform</td>") || strings.Contains(r.Body, "/delete") {
		t.Error("the revoked token is still listed")
	}
}
