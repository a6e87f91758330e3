package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/report"
)

func TestAPIInstrumentIsTheCLIJSON(t *testing.T) {
	e := newAPIEnv(t)
	sc, err := e.cat.Scorer(instrument.Default)
	if err != nil {
		t.Fatal(err)
	}
	// What `twohats instrument --format json` prints, compact.
	pretty, err := json.MarshalIndent(sc.Instrument(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, pretty); err != nil {
		t.Fatal(err)
	}
	want := append(buf.Bytes(), '\n')
	for _, path := range []string{"/api/v1/instrument", "/api/v1/instrument?id=core@1"} {
		res := e.do(apiReq{method: http.MethodGet, path: path})
		res.wantStatus(t, http.StatusOK)
		if ct := res.header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("%s: Content-Type = %q, want application/json", path, ct)
		}
		if !bytes.Equal(res.body, want) {
			t.Errorf("%s: the body differs from the CLI's instrument JSON", path)
		}
		if bytes.Contains(res.body, []byte(`"$schema"`)) {
			t.Errorf("%s: the body has a $schema field", path)
		}
		var doc struct {
			Items []struct {
				Options []map[string]any `json:"options"`
			} `json:"items"`
		}
		res.decode(t, &doc)
		for _, it := range doc.Items {
			for _, o := range it.Options {
				if _, ok := o["key"]; ok {
					t.Fatalf("%s: the body leaks the answer key", path)
				}
			}
		}
	}
}

func TestAPIScoreIsTheReportJSON(t *testing.T) {
	e := newAPIEnv(t)
	for range 3 {
		ans, p := e.answers()
		res := e.do(apiReq{method: http.MethodPost, path: "/api/v1/score", body: mustJSON(t, ans)})
		res.wantStatus(t, http.StatusOK)
		if ct := res.header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type = %q, want application/json", ct)
		}
		var pretty, want bytes.Buffer
		if err := report.JSON(&pretty, &p); err != nil {
			t.Fatal(err)
		}
		// The same document the CLI prints, compact, with a newline.
		if err := json.Compact(&want, pretty.Bytes()); err != nil {
			t.Fatal(err)
		}
		want.WriteByte('\n')
		if !bytes.Equal(res.body, want.Bytes()) {
			t.Errorf("POST /api/v1/score differs from report.JSON:\n%s", cmp.Diff(want.String(), string(res.body)))
		}
		// And, whitespace aside, json.Marshal of the document.
		doc, err := json.Marshal(p.Document())
		if err != nil {
			t.Fatal(err)
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, res.body); err != nil {
			t.Fatal(err)
		}
		var wantCompact bytes.Buffer
		if err := json.Compact(&wantCompact, doc); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(unescapeHTML(compact.Bytes()), unescapeHTML(wantCompact.Bytes())) {
			t.Errorf("POST /api/v1/score differs from json.Marshal(profile.Document)")
		}
	}
}

// unescapeHTML undoes json.Marshal's escaping of <, > and &, which the API,
// like report.JSON, leaves readable.
func unescapeHTML(b []byte) []byte {
	r := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&")
	return []byte(r.Replace(string(b)))
}

func TestAPIScoreStoresNothing(t *testing.T) {
	e := newAPIEnv(t)
	owner := e.mustOwner("acme")
	ans, _ := e.answers()
	// Even signed in, scoring stores nothing.
	res := e.do(apiReq{method: http.MethodPost, path: "/api/v1/score", body: mustJSON(t, ans), token: owner.token})
	res.wantStatus(t, http.StatusOK)
	if n := e.count(owner.m.OrgID); n != 0 {
		t.Errorf("%d assessments stored after POST /api/v1/score, want 0", n)
	}
}

func TestAPIAssessmentsRoundTrip(t *testing.T) {
	e := newAPIEnv(t)
	owner := e.mustOwner("acme")
	member := e.mustMember(owner, "mia", "member")

	ans, p := e.answers()
	before := time.Now().Add(-time.Second)
	res := e.do(apiReq{method: http.MethodPost, path: "/api/v1/assessments", body: mustJSON(t, ans), token: member.token})
	res.wantStatus(t, http.StatusCreated)
	var created apiAssessment
	res.decode(t, &created)
	if created.ID == "" || created.PersonID != member.m.PersonID || created.Instrument != instrument.Default {
		t.Errorf("created = %+v, want an id, the member's person and %s", created, instrument.Default)
	}
	if created.CreatedAt.Before(before) || created.CreatedAt.Location() != time.UTC {
		t.Errorf("created_at = %v, want a UTC time after %v", created.CreatedAt, before)
	}
	if diff := cmp.Diff(p.Document(), created.Profile); diff != "" {
		t.Errorf("profile (-want +got):\n%s", diff)
	}
	var fields map[string]json.RawMessage
	res.decode(t, &fields)
	if got := sortedKeysOf(fields); !cmp.Equal(got, []string{"created_at", "id", "instrument", "person_id", "profile"}) {
		t.Errorf("fields = %v", got)
	}

	// GET returns the same document, byte for byte, and places it in its
	// norm groups after the other fields (api_norms.go).
	one := e.do(apiReq{method: http.MethodGet, path: "/api/v1/assessments/" + created.ID, token: member.token})
	one.wantStatus(t, http.StatusOK)
	if i := bytes.LastIndex(one.body, []byte(`,"norms":`)); i < 0 || !bytes.Equal(append(one.body[:i:i], "}\n"...), res.body) {
		t.Errorf("GET differs from the POST's answer:\n%s", cmp.Diff(string(res.body), string(one.body)))
	}
	if cc := one.header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", cc)
	}

	// The owner submits for the member too, and lists both, newest first.
	second := e.submit(owner, member.m.PersonID)
	ownOnly := e.submit(owner, "")
	list := e.do(apiReq{method: http.MethodGet, path: "/api/v1/assessments?person_id=" + member.m.PersonID, token: owner.token})
	list.wantStatus(t, http.StatusOK)
	var summaries []apiAssessmentSummary
	list.decode(t, &summaries)
	if len(summaries) != 2 || summaries[0].ID != second || summaries[1].ID != created.ID {
		t.Fatalf("list = %+v, want %s then %s", summaries, second, created.ID)
	}
	s := summaries[1]
	if s.PersonID != member.m.PersonID || s.Quadrant != p.Quadrant || s.Management != p.Scales[0] || s.Leadership != p.Scales[1] ||
		s.Tendency != p.Tendency || s.JudgementAccuracy != p.Judgement.Accuracy || s.Instrument != instrument.Default || !s.CreatedAt.Equal(created.CreatedAt) {
		t.Errorf("summary = %+v, want the scores of %+v", s, created)
	}
	var rows []map[string]json.RawMessage
	list.decode(t, &rows)
	want := []string{"created_at", "id", "instrument", "judgement_accuracy", "leadership", "management", "person_id", "quadrant", "tendency"}
	if got := sortedKeysOf(rows[0]); !cmp.Equal(got, want) {
		t.Errorf("summary fields = %v, want %v", got, want)
	}

	// Without person_id: the owner sees all three, the member their one.
	all := e.do(apiReq{method: http.MethodGet, path: "/api/v1/assessments", token: owner.token})
	all.decode(t, &summaries)
	if len(summaries) != 3 || summaries[0].ID != ownOnly {
		t.Errorf("owner's list = %+v, want 3, newest %s", summaries, ownOnly)
	}
	limited := e.do(apiReq{method: http.MethodGet, path: "/api/v1/assessments?limit=1", token: owner.token})
	limited.decode(t, &summaries)
	if len(summaries) != 1 || summaries[0].ID != ownOnly {
		t.Errorf("limit=1 gives %+v, want only %s", summaries, ownOnly)
	}
	mine := e.do(apiReq{method: http.MethodGet, path: "/api/v1/assessments", token: member.token})
	mine.decode(t, &summaries)
	if len(summaries) != 2 {
		t.Errorf("member's list has %d, want their 2", len(summaries))
	}
	for _, s := range summaries {
		if s.PersonID != member.m.PersonID {
			t.Errorf("member sees %s's assessment %s", s.PersonID, s.ID)
		}
	}

	// An empty list is [], not null.
	lone := e.mustOwner("lonely")
	empty := e.do(apiReq{method: http.MethodGet, path: "/api/v1/assessments", token: lone.token})
	empty.wantStatus(t, http.StatusOK)
	if got := strings.TrimSpace(string(empty.body)); got != "[]" {
		t.Errorf("empty list = %s, want []", got)
	}
}

func TestAPIMe(t *testing.T) {
	e := newAPIEnv(t)
	owner := e.mustOwner("acme")
	coach := e.mustMember(owner, "cora", "coach")
	for _, tc := range []struct {
		name string
		req  apiReq
		who  *apiAccount
	}{
		{"owner by token", apiReq{token: owner.token}, owner},
		{"owner by session", apiReq{client: owner.web}, owner},
		{"coach by token", apiReq{token: coach.token}, coach},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.req.method, tc.req.path = http.MethodGet, "/api/v1/me"
			res := e.do(tc.req)
			res.wantStatus(t, http.StatusOK)
			var got apiMe
			res.decode(t, &got)
			want := apiMe{User: apiUser{ID: tc.who.user.ID, Email: tc.who.user.Email, Name: tc.who.user.Name},
				OrgID: tc.who.m.OrgID, OrgName: "Org acme", Role: tc.who.m.Role, PersonID: tc.who.m.PersonID}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("me (-want +got):\n%s", diff)
			}
			if bytes.Contains(res.body, []byte("unused")) || bytes.Contains(res.body, []byte("password")) {
				t.Errorf("me leaks the password hash: %s", res.body)
			}
		})
	}
}

func sortedKeysOf(m map[string]json.RawMessage) []string { return apiSortedKeys(m) }
