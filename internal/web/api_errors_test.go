package web

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/twohats/twohats/internal/instrument"
)

// TestAPIBadInput sends every kind of bad body to both operations that take
// answers: each gets a 4xx problem naming what is wrong, and nothing is
// stored.
func TestAPIBadInput(t *testing.T) {
	e := newAPIEnv(t, func(c *Config) { c.MaxBodyBytes = 64 << 10 })
	owner := e.mustOwner("acme")
	ans, _ := e.answers()
	sc, err := e.cat.Scorer(instrument.Default)
	if err != nil {
		t.Fatal(err)
	}
	var capID, tendID, sjtID string
	var sjtOptions []string
	for _, it := range sc.Instrument().Items {
		switch {
		case it.Section == instrument.Capability && capID == "":
			capID = it.ID
		case it.Section == instrument.Tendency && tendID == "":
			tendID = it.ID
		case it.Section == instrument.SJT && sjtID == "":
			sjtID = it.ID
			for _, o := range it.Options {
				sjtOptions = append(sjtOptions, o.ID)
			}
		}
	}
	// with returns the valid answers changed by edit, as a request body.
	with := func(edit func(a map[string]any)) string {
		var body map[string]any
		if err := json.Unmarshal([]byte(mustJSON(t, ans)), &body); err != nil {
			t.Fatal(err)
		}
		edit(body)
		return mustJSON(t, body)
	}
	answersOf := func(b map[string]any) map[string]any { return b["answers"].(map[string]any) }
	valid := mustJSON(t, ans)

	cases := []struct {
		name        string
		body        string
		contentType string
		chunked     bool
		status      int
		// locations are the field errors the problem must name, all of them
		// and no others; nil means "any".
		locations []string
	}{
		{name: "malformed JSON", body: `{"instrument": "core@1", "answers": {`, status: http.StatusBadRequest},
		{name: "not JSON at all", body: `instrument=core@1`, status: http.StatusBadRequest},
		{name: "trailing data", body: valid + `{}`, status: http.StatusBadRequest},
		{name: "empty body", body: "", status: http.StatusBadRequest},
		{name: "text/plain", body: valid, contentType: "text/plain", status: http.StatusUnsupportedMediaType},
		{name: "form", body: valid, contentType: "application/x-www-form-urlencoded", status: http.StatusUnsupportedMediaType},
		{name: "oversized", body: valid + strings.Repeat(" ", 64<<10), status: http.StatusRequestEntityTooLarge},
		{name: "oversized chunked", body: valid + strings.Repeat(" ", 64<<10), chunked: true, status: http.StatusRequestEntityTooLarge},
		{name: "unknown instrument", body: with(func(b map[string]any) { b["instrument"] = "core@99" }),
			status: http.StatusUnprocessableEntity, locations: []string{"body.instrument"}},
		{name: "instrument not a string", body: with(func(b map[string]any) { b["instrument"] = 1 }),
			status: http.StatusUnprocessableEntity, locations: []string{"body.instrument"}},
		{name: "no answers", body: `{"instrument":"core@1"}`, status: http.StatusUnprocessableEntity, locations: []string{"body.answers"}},
		{name: "answers not an object", body: `{"instrument":"core@1","answers":[1,2]}`, status: http.StatusUnprocessableEntity, locations: []string{"body.answers"}},
		{name: "unexpected field", body: with(func(b map[string]any) { b["extra"] = true }),
			status: http.StatusUnprocessableEntity, locations: []string{"body.extra"}},
		{name: "every bad item named", body: with(func(b map[string]any) {
			a := answersOf(b)
			a[capID] = 6                           // out of range
			a[tendID] = "z"                        // unknown option
			a[sjtID] = map[string]any{"zz": 3}     // unknown option, and every real one unrated
			a["m.nonsense.9"] = 3                  // unknown item
			delete(a, sc.Instrument().Items[1].ID) // missing
		}), status: http.StatusUnprocessableEntity, locations: []string{
			"body.answers." + capID, "body.answers." + tendID, "body.answers." + sjtID,
			"body.answers.m.nonsense.9", "body.answers." + sc.Instrument().Items[1].ID,
		}},
		{name: "wrong types", body: with(func(b map[string]any) {
			a := answersOf(b)
			a[capID] = "often"
			a[tendID] = 1
			a[sjtID] = 4
		}), status: http.StatusUnprocessableEntity, locations: []string{"body.answers." + capID, "body.answers." + tendID, "body.answers." + sjtID}},
		{name: "no answers at all", body: `{"instrument":"core@1","answers":{}}`, status: http.StatusUnprocessableEntity},
	}
	for _, path := range []string{"/api/v1/score", "/api/v1/assessments"} {
		for _, tc := range cases {
			t.Run(strings.TrimPrefix(path, "/api/v1/")+"/"+tc.name, func(t *testing.T) {
				before := e.count(owner.m.OrgID)
				ct := tc.contentType
				if ct == "" {
					ct = "application/json"
				}
				var body io.Reader = strings.NewReader(tc.body)
				if tc.chunked {
					// No Content-Length: the limit must hold while reading.
					body = io.MultiReader(strings.NewReader(tc.body))
				}
				req, err := http.NewRequest(http.MethodPost, e.ts.URL+path, body)
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Content-Type", ct)
				req.Header.Set("Authorization", "Bearer "+owner.token)
				req.Header.Set("Idempotency-Key", "bad-input-"+tc.name)
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				r := apiResp{status: res.StatusCode, header: res.Header, body: b}
				p := r.wantProblem(t, tc.status, path)
				if tc.locations != nil {
					got := locations(p)
					want := slices.Clone(tc.locations)
					slices.Sort(want)
					slices.Sort(got)
					if !slices.Equal(got, want) {
						t.Errorf("field errors at %s, want %s; problem: %s", fmtLocations(got), fmtLocations(want), b)
					}
				}
				if tc.name == "no answers at all" && len(p.Errors) != len(sc.Instrument().Items) {
					t.Errorf("%d field errors, want one per item (%d)", len(p.Errors), len(sc.Instrument().Items))
				}
				if after := e.count(owner.m.OrgID); after != before {
					t.Errorf("%d assessments stored by a bad request", after-before)
				}
			})
		}
	}
}

// TestAPIBadParameters covers the bad input that is not a body.
func TestAPIBadParameters(t *testing.T) {
	e := newAPIEnv(t)
	owner := e.mustOwner("acme")
	for _, tc := range []struct {
		name      string
		req       apiReq
		status    int
		locations []string
	}{
		{"unknown instrument id", apiReq{method: http.MethodGet, path: "/api/v1/instrument?id=nope@1"}, http.StatusUnprocessableEntity, []string{"query.id"}},
		{"limit not a number", apiReq{method: http.MethodGet, path: "/api/v1/assessments?limit=many", token: owner.token}, http.StatusUnprocessableEntity, []string{"query.limit"}},
		{"limit too big", apiReq{method: http.MethodGet, path: "/api/v1/assessments?limit=100000", token: owner.token}, http.StatusUnprocessableEntity, []string{"query.limit"}},
		{"limit zero", apiReq{method: http.MethodGet, path: "/api/v1/assessments?limit=0", token: owner.token}, http.StatusUnprocessableEntity, []string{"query.limit"}},
		{"unknown person", apiReq{method: http.MethodGet, path: "/api/v1/assessments?person_id=nobody", token: owner.token}, http.StatusNotFound, []string{"query.person_id"}},
		{"idempotency key too long", apiReq{method: http.MethodPost, path: "/api/v1/assessments", token: owner.token,
			body: `{"instrument":"core@1","answers":{}}`, header: map[string]string{"Idempotency-Key": strings.Repeat("k", 300)}},
			http.StatusUnprocessableEntity, []string{"header.Idempotency-Key"}},
		{"blank token name", apiReq{method: http.MethodPost, path: "/api/v1/tokens", client: owner.web, body: `{"name":"   "}`}, http.StatusUnprocessableEntity, []string{"body.name"}},
		{"no token name", apiReq{method: http.MethodPost, path: "/api/v1/tokens", client: owner.web, body: `{}`}, http.StatusUnprocessableEntity, []string{"body.name"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path, _, _ := strings.Cut(tc.req.path, "?")
			p := e.do(tc.req).wantProblem(t, tc.status, path)
			if tc.locations != nil && !slices.Equal(locations(p), tc.locations) {
				t.Errorf("field errors at %s, want %s", fmtLocations(locations(p)), fmtLocations(tc.locations))
			}
			if tc.locations == nil && len(p.Errors) == 0 {
				t.Errorf("no field errors")
			}
		})
	}
	if n := e.count(owner.m.OrgID); n != 0 {
		t.Errorf("%d assessments stored by bad requests", n)
	}
}

// TestAPIBodyAtTheLimit checks that the limit is inclusive: a body of
// exactly MaxBodyBytes is read whole, one byte more is refused.
func TestAPIBodyAtTheLimit(t *testing.T) {
	const limit = 32 << 10
	e := newAPIEnv(t, func(c *Config) { c.MaxBodyBytes = limit })
	ans, _ := e.answers()
	body := mustJSON(t, ans)
	exact := body + strings.Repeat(" ", limit-len(body))
	e.do(apiReq{method: http.MethodPost, path: "/api/v1/score", body: exact}).wantStatus(t, http.StatusOK)
	e.do(apiReq{method: http.MethodPost, path: "/api/v1/score", body: exact + " "}).
		wantProblem(t, http.StatusRequestEntityTooLarge, "/api/v1/score")
}
