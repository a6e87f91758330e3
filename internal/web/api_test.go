package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/store"
	"github.com/twohats/twohats/internal/store/sqlite"
)

// apiCatalog is loaded once: it is immutable and safe to share.
var apiCatalog = sync.OnceValues(catalog.Load)

// apiEnv is a real server on a real SQLite store, driven over HTTP.
type apiEnv struct {
	t     *testing.T
	st    store.Store
	cat   *catalog.Catalog
	srv   *Server
	ts    *httptest.Server
	seeds uint64
}

// newAPIEnv starts a server on a fresh SQLite file; edit may change its
// configuration.
func newAPIEnv(t *testing.T, edit ...func(*Config)) *apiEnv {
	t.Helper()
	cat, err := apiCatalog()
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "twohats.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	cfg := Config{Store: st, Catalog: cat, RateBurst: 1000, RateLimit: 1000}
	for _, f := range edit {
		f(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &apiEnv{t: t, st: st, cat: cat, srv: srv, ts: ts}
}

// apiAccount is a user in one organisation with ways to call the API as
// them.
type apiAccount struct {
	user  *store.User
	m     *store.Membership
	token string       // a bearer API token
	web   *http.Client // a client whose cookie jar holds a session
}

// mustOwner creates a user who owns a new organisation.
func (e *apiEnv) mustOwner(slug string) *apiAccount {
	e.t.Helper()
	ctx := context.Background()
	u := &store.User{Email: "owner@" + slug + ".example", Name: "Owner of " + slug, PasswordHash: "unused"}
	if err := e.st.CreateUser(ctx, u); err != nil {
		e.t.Fatal(err)
	}
	m, err := e.st.CreateOrganization(ctx, &store.Organization{Slug: slug, Name: "Org " + slug}, u)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.mustCredentials(u, m)
}

// mustMember adds a user with the role to the owner's organisation.
func (e *apiEnv) mustMember(owner *apiAccount, name, role string) *apiAccount {
	e.t.Helper()
	ctx := context.Background()
	u := &store.User{Email: name + "@" + owner.m.OrgID + ".example", Name: name, PasswordHash: "unused"}
	if err := e.st.CreateUser(ctx, u); err != nil {
		e.t.Fatal(err)
	}
	m, err := e.st.AddMember(ctx, owner.m.OrgID, u, role)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.mustCredentials(u, m)
}

// mustCredentials makes an API token and a signed-in session for the user,
// straight through the store, as the sign-in page and the token page would.
func (e *apiEnv) mustCredentials(u *store.User, m *store.Membership) *apiAccount {
	e.t.Helper()
	ctx := context.Background()
	token, hash, err := newAPIToken(m.OrgID)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.st.CreateAPIToken(ctx, &store.APIToken{OrgID: m.OrgID, UserID: u.ID, Name: "test", TokenHash: hash}); err != nil {
		e.t.Fatal(err)
	}
	secret, err := newSecret()
	if err != nil {
		e.t.Fatal(err)
	}
	now := time.Now()
	sess := &store.Session{TokenHash: hashSecret(secret), UserID: u.ID, OrgID: m.OrgID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
	if err := e.st.CreateSession(ctx, sess); err != nil {
		e.t.Fatal(err)
	}
	jar, err := cookiejar.New(nil)
	if err != nil {
		e.t.Fatal(err)
	}
	base, _ := url.Parse(e.ts.URL)
	jar.SetCookies(base, []*http.Cookie{{Name: sessionCookie, Value: secret, Path: "/"}})
	return &apiAccount{user: u, m: m, token: token, web: &http.Client{Jar: jar}}
}

// apiReq is one request to the API.
type apiReq struct {
	method, path string
	body         string
	contentType  string // "application/json" when empty and body is set
	header       map[string]string
	token        string       // sent as a bearer token when set
	client       *http.Client // the session client, when set
}

// apiResp is a whole response.
type apiResp struct {
	status int
	header http.Header
	body   []byte
}

func (e *apiEnv) do(r apiReq) apiResp {
	e.t.Helper()
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	req, err := http.NewRequest(r.method, e.ts.URL+r.path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if r.body != "" {
		ct := r.contentType
		if ct == "" {
			ct = "application/json"
		}
		req.Header.Set("Content-Type", ct)
	}
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	if r.token != "" {
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	client := r.client
	if client == nil {
		client = http.DefaultClient
	}
	res, err := client.Do(req)
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

// decode decodes a JSON body into v, failing the test on any error.
func (r apiResp) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// wantStatus fails the test unless the response has the status.
func (r apiResp) wantStatus(t *testing.T, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body: %s", r.status, status, r.body)
	}
}

// wantProblem checks that the response is a problem document with the
// status, in exactly the Problem shape, and returns it.
func (r apiResp) wantProblem(t *testing.T, status int, path string) Problem {
	t.Helper()
	r.wantStatus(t, status)
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type = %q, want application/problem+json; body: %s", ct, r.body)
	}
	var p Problem
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("the problem is not in the Problem shape: %v; body: %s", err, r.body)
	}
	if p.Status != status || p.Title != http.StatusText(status) || p.Detail == "" {
		t.Errorf("problem = %+v, want status %d, its title, and a detail", p, status)
	}
	if path != "" && p.Instance != path {
		t.Errorf("problem instance = %q, want %q", p.Instance, path)
	}
	return p
}

// locations lists the locations of a problem's field errors.
func locations(p Problem) []string {
	var out []string
	for _, f := range p.Errors {
		if f.Message == "" {
			out = append(out, f.Location+" (no message)")
			continue
		}
		out = append(out, f.Location)
	}
	return out
}

// answers returns a complete, valid answers JSON of a simulated respondent;
// each call gives a different one.
func (e *apiEnv) answers() (profile.Answers, profile.Profile) {
	e.t.Helper()
	sc, err := e.cat.Scorer(instrument.Default)
	if err != nil {
		e.t.Fatal(err)
	}
	e.seeds++
	rng := rand.New(rand.NewPCG(e.seeds, 42))
	r := sc.Simulate(rng, profile.RandomTraits(rng))
	return sc.Decode(r), sc.Score(r)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// count is how many assessments the organisation holds.
func (e *apiEnv) count(orgID string) int {
	e.t.Helper()
	list, err := e.st.Assessments(context.Background(), orgID, store.AssessmentFilter{})
	if err != nil {
		e.t.Fatal(err)
	}
	return len(list)
}

// submit stores an assessment for the account over the API and returns
// its id.
func (e *apiEnv) submit(a *apiAccount, personID string) string {
	e.t.Helper()
	ans, _ := e.answers()
	body := map[string]any{"instrument": ans.Instrument, "answers": ans.Answers}
	if personID != "" {
		body["person_id"] = personID
	}
	res := e.do(apiReq{method: http.MethodPost, path: "/api/v1/assessments", body: mustJSON(e.t, body), token: a.token})
	res.wantStatus(e.t, http.StatusCreated)
	var got struct{ ID string }
	res.decode(e.t, &got)
	return got.ID
}

func fmtLocations(locs []string) string { return fmt.Sprintf("%q", locs) }
