package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twohats/twohats/internal/coach"
)

func TestAPICoachAnswersTheContract(t *testing.T) {
	e := newAPIEnv(t)
	text := "I'm a leader, not a manager. Managers just push paper. 👍 Both sides matter, though."
	res := e.do(apiReq{method: http.MethodPost, path: "/api/v1/coach", body: mustJSON(t, map[string]string{"text": text})})
	res.wantStatus(t, http.StatusOK)

	a, err := coach.Default()
	if err != nil {
		t.Fatal(err)
	}
	want, err := a.Analyze(text)
	if err != nil {
		t.Fatal(err)
	}
	var got coach.Result
	res.decode(t, &got)
	got.Breakdown = want.Breakdown
	wantJSON, _ := json.Marshal(want)
	gotJSON, _ := json.Marshal(got)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("API answer differs from coach.Analyze:\n got %s\nwant %s", gotJSON, wantJSON)
	}
	var raw map[string]json.RawMessage
	res.decode(t, &raw)
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if !slices.Equal(keys, []string{"findings", "score", "signals", "star", "verdict"}) {
		t.Errorf("keys = %v, want exactly the contract's", keys)
	}
	for _, f := range got.Findings {
		if !f.Whole() && text[f.Start:f.End] != f.Quote {
			t.Errorf("%s: bytes %d-%d are not the quote %q", f.Rule, f.Start, f.End, f.Quote)
		}
	}
}

func TestAPICoachRefusesBadText(t *testing.T) {
	e := newAPIEnv(t)
	for _, tc := range []struct {
		name, body string
		status     int
	}{
		{"empty", `{"text":""}`, http.StatusUnprocessableEntity},
		{"blank", `{"text":"  \n "}`, http.StatusUnprocessableEntity},
		{"missing", `{}`, http.StatusUnprocessableEntity},
		{"number", `{"text":42}`, http.StatusUnprocessableEntity},
		{"too long", mustJSON(t, map[string]string{"text": strings.Repeat("é", coach.MaxRunes+1)}), http.StatusUnprocessableEntity},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := e.do(apiReq{method: http.MethodPost, path: "/api/v1/coach", body: tc.body})
			p := res.wantProblem(t, tc.status, "/api/v1/coach")
			if locs := locations(p); !slices.Contains(locs, "body.text") {
				t.Errorf("locations = %s, want body.text; problem %+v", fmtLocations(locs), p)
			}
		})
	}
	// Exactly the limit is analysed.
	res := e.do(apiReq{method: http.MethodPost, path: "/api/v1/coach", body: mustJSON(t, map[string]string{"text": strings.Repeat("é", coach.MaxRunes)})})
	res.wantStatus(t, http.StatusOK)
	// Not JSON at all.
	res = e.do(apiReq{method: http.MethodPost, path: "/api/v1/coach", body: `{"text":`})
	if res.status != http.StatusBadRequest && res.status != http.StatusUnprocessableEntity {
		t.Errorf("broken JSON: status %d, want 400 or 422", res.status)
	}
}

func TestAPICoachIsRateLimited(t *testing.T) {
	const burst = 3
	now := time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)
	e := newAPIEnv(t, func(c *Config) {
		c.RateLimit, c.RateBurst = 1, burst
		c.Now = func() time.Time { return now }
	})
	req := apiReq{method: http.MethodPost, path: "/api/v1/coach", body: `{"text":"I manage and I lead."}`}
	for range burst {
		e.do(req).wantStatus(t, http.StatusOK)
	}
	res := e.do(req)
	res.wantProblem(t, http.StatusTooManyRequests, req.path)
	if res.header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
}
