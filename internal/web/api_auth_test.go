package web

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// apiCallPath fills a route's path parameters with id.
func apiCallPath(pattern, id string) string {
	return strings.NewReplacer("{id}", id).Replace(pattern)
}

func TestAPINeedsCredentials(t *testing.T) {
	e := newAPIEnv(t)
	owner := e.mustOwner("acme")
	id := e.submit(owner, "")
	n := 0
	for _, rt := range e.srv.Routes() {
		if rt.Kind != "api" || !rt.Auth {
			continue
		}
		n++
		path := apiCallPath(rt.Pattern, id)
		for _, tc := range []struct {
			name string
			auth string
		}{
			{"none", ""},
			{"not bearer", "Basic b3duZXI6c2VjcmV0"},
			{"unknown token", "Bearer th_" + owner.m.OrgID + "_not-a-real-secret"},
			{"malformed token", "Bearer hello"},
		} {
			t.Run(rt.Method+" "+rt.Pattern+"/"+tc.name, func(t *testing.T) {
				req := apiReq{method: rt.Method, path: path, header: map[string]string{}}
				if tc.auth != "" {
					req.header["Authorization"] = tc.auth
				}
				if rt.Method == http.MethodPost {
					req.body = `{}`
				}
				res := e.do(req)
				res.wantProblem(t, http.StatusUnauthorized, path)
				if bytes.Contains(res.body, []byte(id)) && !strings.Contains(path, id) {
					t.Errorf("401 leaks data: %s", res.body)
				}
			})
		}
	}
	if n < 7 {
		t.Errorf("only %d API routes need credentials; the registry is missing some", n)
	}
	if got := e.count(owner.m.OrgID); got != 1 {
		t.Errorf("%d assessments after unauthenticated requests, want 1", got)
	}
}

// TestAPIVisibility checks who sees which assessment: another
// organisation's token and a member looking at a colleague get 404, never
// data; an admin, the owner and a coach with a grant get 200.
func TestAPIVisibility(t *testing.T) {
	e := newAPIEnv(t)
	ctx := context.Background()
	ownerA := e.mustOwner("org-a")
	ownerB := e.mustOwner("org-b")
	admin := e.mustMember(ownerA, "adam", "admin")
	alice := e.mustMember(ownerA, "alice", "member")
	bob := e.mustMember(ownerA, "bob", "member")
	coach := e.mustMember(ownerA, "cora", "coach")
	otherCoach := e.mustMember(ownerA, "carl", "coach")
	if err := e.st.GrantCoach(ctx, ownerA.m.OrgID, alice.m.PersonID, coach.user.ID); err != nil {
		t.Fatal(err)
	}
	aliceID := e.submit(alice, "")
	bID := e.submit(ownerB, "")

	for _, tc := range []struct {
		name   string
		who    *apiAccount
		id     string
		status int
	}{
		{"org B reads org A", ownerB, aliceID, http.StatusNotFound},
		{"org A reads org B", ownerA, bID, http.StatusNotFound},
		{"alice reads org B", alice, bID, http.StatusNotFound},
		{"member reads a colleague", bob, aliceID, http.StatusNotFound},
		{"coach without a grant", otherCoach, aliceID, http.StatusNotFound},
		{"coach with a grant", coach, aliceID, http.StatusOK},
		{"admin", admin, aliceID, http.StatusOK},
		{"owner", ownerA, aliceID, http.StatusOK},
		{"herself", alice, aliceID, http.StatusOK},
		{"unknown id", ownerA, "no-such-id", http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, via := range []string{"token", "session"} {
				req := apiReq{method: http.MethodGet, path: "/api/v1/assessments/" + tc.id}
				if via == "token" {
					req.token = tc.who.token
				} else {
					req.client = tc.who.web
				}
				res := e.do(req)
				if tc.status == http.StatusOK {
					res.wantStatus(t, http.StatusOK)
					continue
				}
				res.wantProblem(t, tc.status, req.path)
				if bytes.Contains(res.body, []byte(`"profile"`)) || bytes.Contains(res.body, []byte(`"management"`)) {
					t.Errorf("%s: a 404 carries data: %s", via, res.body)
				}
			}
		})
	}

	// Lists and submits name people the same way.
	for _, tc := range []struct {
		name   string
		who    *apiAccount
		person string
		status int
	}{
		{"list another org's person", ownerB, alice.m.PersonID, http.StatusNotFound},
		{"list a colleague", bob, alice.m.PersonID, http.StatusNotFound},
		{"list as coach without a grant", otherCoach, alice.m.PersonID, http.StatusNotFound},
		{"list as coach with a grant", coach, alice.m.PersonID, http.StatusOK},
		{"list as admin", admin, alice.m.PersonID, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := e.do(apiReq{method: http.MethodGet, path: "/api/v1/assessments?person_id=" + tc.person, token: tc.who.token})
			if tc.status != http.StatusOK {
				res.wantProblem(t, tc.status, "/api/v1/assessments")
				return
			}
			res.wantStatus(t, http.StatusOK)
			if !bytes.Contains(res.body, []byte(aliceID)) {
				t.Errorf("the list lacks alice's assessment: %s", res.body)
			}
		})
	}
	coachList := e.do(apiReq{method: http.MethodGet, path: "/api/v1/assessments", token: coach.token})
	if !bytes.Contains(coachList.body, []byte(aliceID)) || bytes.Contains(coachList.body, []byte(bID)) {
		t.Errorf("the coach's list = %s, want alice's and nothing of org B", coachList.body)
	}
	bList := e.do(apiReq{method: http.MethodGet, path: "/api/v1/assessments", token: ownerB.token})
	if bytes.Contains(bList.body, []byte(aliceID)) {
		t.Errorf("org B's list shows org A's assessment")
	}

	before := e.count(ownerA.m.OrgID)
	ans, _ := e.answers()
	for _, tc := range []struct {
		name   string
		who    *apiAccount
		person string
		status int
	}{
		{"submit for a colleague", bob, alice.m.PersonID, http.StatusNotFound},
		{"submit for another org's person", ownerB, alice.m.PersonID, http.StatusNotFound},
		{"submit for nobody", admin, "nobody", http.StatusNotFound},
		{"coach without a grant submits", otherCoach, alice.m.PersonID, http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := mustJSON(t, map[string]any{"instrument": ans.Instrument, "answers": ans.Answers, "person_id": tc.person})
			p := e.do(apiReq{method: http.MethodPost, path: "/api/v1/assessments", body: body, token: tc.who.token}).
				wantProblem(t, tc.status, "/api/v1/assessments")
			if got := locations(p); len(got) != 1 || got[0] != "body.person_id" {
				t.Errorf("field errors at %v, want body.person_id", got)
			}
		})
	}
	if after := e.count(ownerA.m.OrgID); after != before {
		t.Errorf("%d assessments stored by refused submits", after-before)
	}
	if id := e.submit(admin, alice.m.PersonID); id == "" {
		t.Errorf("an admin could not submit for a member")
	}
}

func TestAPIIdempotency(t *testing.T) {
	e := newAPIEnv(t)
	owner := e.mustOwner("acme")
	ans, _ := e.answers()
	body := mustJSON(t, ans)
	post := func(key, body string) apiResp {
		return e.do(apiReq{method: http.MethodPost, path: "/api/v1/assessments", body: body, token: owner.token,
			header: map[string]string{"Idempotency-Key": key}})
	}

	first := post("key-1", body)
	first.wantStatus(t, http.StatusCreated)
	again := post("key-1", body)
	again.wantStatus(t, http.StatusOK)
	if !bytes.Equal(first.body, again.body) {
		t.Errorf("a retry answers differently:\n%s\n%s", first.body, again.body)
	}
	if n := e.count(owner.m.OrgID); n != 1 {
		t.Fatalf("%d assessments after a retry, want 1", n)
	}

	post("key-2", body).wantStatus(t, http.StatusCreated)
	if n := e.count(owner.m.OrgID); n != 2 {
		t.Fatalf("%d assessments after a second key, want 2", n)
	}

	// The same key with other answers is refused, not silently answered
	// with the first assessment.
	other, _ := e.answers()
	p := post("key-1", mustJSON(t, other)).wantProblem(t, http.StatusUnprocessableEntity, "/api/v1/assessments")
	if got := locations(p); len(got) != 1 || got[0] != "header.Idempotency-Key" {
		t.Errorf("field errors at %v, want header.Idempotency-Key", got)
	}
	if n := e.count(owner.m.OrgID); n != 2 {
		t.Fatalf("%d assessments after a reused key, want 2", n)
	}

	// Twenty clients racing with one key store exactly one assessment.
	const racers = 20
	race, _ := e.answers()
	raceBody := mustJSON(t, race)
	var wg sync.WaitGroup
	results := make([]apiResp, racers)
	start := make(chan struct{})
	for i := range racers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			req, _ := http.NewRequest(http.MethodPost, e.ts.URL+"/api/v1/assessments", strings.NewReader(raceBody))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+owner.token)
			req.Header.Set("Idempotency-Key", "race")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer res.Body.Close()
			var buf bytes.Buffer
			_, _ = buf.ReadFrom(res.Body)
			results[i] = apiResp{status: res.StatusCode, body: buf.Bytes()}
		}()
	}
	close(start)
	wg.Wait()
	created := 0
	for i, r := range results {
		switch r.status {
		case http.StatusCreated:
			created++
		case http.StatusOK:
		default:
			t.Fatalf("racer %d: status %d: %s", i, r.status, r.body)
		}
		if !bytes.Equal(r.body, results[0].body) {
			t.Errorf("racer %d got another answer:\n%s", i, r.body)
		}
	}
	if created != 1 {
		t.Errorf("%d racers got 201, want exactly 1", created)
	}
	if n := e.count(owner.m.OrgID); n != 3 {
		t.Errorf("%d assessments after the race, want 3", n)
	}
}

func TestAPITokens(t *testing.T) {
	e := newAPIEnv(t)
	owner := e.mustOwner("acme")
	member := e.mustMember(owner, "mia", "member")

	res := e.do(apiReq{method: http.MethodPost, path: "/api/v1/tokens", body: `{"name":"HR system"}`, client: owner.web})
	res.wantStatus(t, http.StatusCreated)
	if cc := res.header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", cc)
	}
	var created apiNewToken
	res.decode(t, &created)
	if created.ID == "" || created.Name != "HR system" || !strings.HasPrefix(created.Token, apiTokenPrefix+owner.m.OrgID+"_") {
		t.Fatalf("created = %+v", created)
	}

	// The new token works; only its hash is stored.
	me := e.do(apiReq{method: http.MethodGet, path: "/api/v1/me", token: created.Token})
	me.wantStatus(t, http.StatusOK)
	_, hash, _ := parseAPIToken(created.Token)
	stored, err := e.st.APIToken(context.Background(), owner.m.OrgID, hash)
	if err != nil || stored.ID != created.ID {
		t.Fatalf("stored token = %+v, %v", stored, err)
	}
	if stored.TokenHash == created.Token || strings.Contains(stored.TokenHash, created.Token[len(created.Token)-20:]) {
		t.Errorf("the store holds the token itself")
	}

	list := e.do(apiReq{method: http.MethodGet, path: "/api/v1/tokens", client: owner.web})
	list.wantStatus(t, http.StatusOK)
	var tokens []map[string]any
	list.decode(t, &tokens)
	if len(tokens) != 2 || tokens[0]["id"] != created.ID {
		t.Fatalf("tokens = %v, want the new one first, then the test's", tokens)
	}
	for _, tok := range tokens {
		if len(tok) != 3 || tok["name"] == nil || tok["created_at"] == nil {
			t.Errorf("listed token = %v, want only id, name and created_at", tok)
		}
	}
	if bytes.Contains(list.body, []byte(created.Token)) || bytes.Contains(list.body, []byte(hash)) {
		t.Errorf("the list shows a token or its hash")
	}

	// A token may not manage tokens.
	for _, req := range []apiReq{
		{method: http.MethodPost, path: "/api/v1/tokens", body: `{"name":"more"}`, token: created.Token},
		{method: http.MethodGet, path: "/api/v1/tokens", token: created.Token},
		{method: http.MethodDelete, path: "/api/v1/tokens/" + created.ID, token: created.Token},
	} {
		e.do(req).wantProblem(t, http.StatusUnauthorized, req.path)
	}

	// Someone else's token is not found, and stays usable.
	e.do(apiReq{method: http.MethodDelete, path: "/api/v1/tokens/" + created.ID, client: member.web}).
		wantProblem(t, http.StatusNotFound, "/api/v1/tokens/"+created.ID)
	e.do(apiReq{method: http.MethodGet, path: "/api/v1/me", token: created.Token}).wantStatus(t, http.StatusOK)

	// Revoked, it stops working at once.
	del := e.do(apiReq{method: http.MethodDelete, path: "/api/v1/tokens/" + created.ID, client: owner.web})
	del.wantStatus(t, http.StatusNoContent)
	e.do(apiReq{method: http.MethodGet, path: "/api/v1/me", token: created.Token}).wantProblem(t, http.StatusUnauthorized, "/api/v1/me")
	e.do(apiReq{method: http.MethodDelete, path: "/api/v1/tokens/" + created.ID, client: owner.web}).
		wantProblem(t, http.StatusNotFound, "/api/v1/tokens/"+created.ID)
}

func TestAPIRateLimit(t *testing.T) {
	const burst = 5
	now := time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)
	e := newAPIEnv(t, func(c *Config) {
		c.RateLimit, c.RateBurst = 1, burst
		c.Now = func() time.Time { return now } // no tokens come back during the test
	})
	ans, _ := e.answers()
	body := mustJSON(t, ans)
	for i := range burst {
		req := apiReq{method: http.MethodGet, path: "/api/v1/instrument"}
		if i%2 == 1 {
			req = apiReq{method: http.MethodPost, path: "/api/v1/score", body: body}
		}
		e.do(req).wantStatus(t, http.StatusOK)
	}
	for _, req := range []apiReq{
		{method: http.MethodGet, path: "/api/v1/instrument"},
		{method: http.MethodPost, path: "/api/v1/score", body: body},
	} {
		res := e.do(req)
		res.wantProblem(t, http.StatusTooManyRequests, req.path)
		if res.header.Get("Retry-After") == "" {
			t.Errorf("%s: 429 without Retry-After", req.path)
		}
	}
	// Signed-in operations are not limited per client: the benchmark's
	// stream of submits comes from one address.
	owner := e.mustOwner("acme")
	e.do(apiReq{method: http.MethodGet, path: "/api/v1/me", token: owner.token}).wantStatus(t, http.StatusOK)
}
