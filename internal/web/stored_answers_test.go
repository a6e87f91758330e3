package web

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"testing"

	"github.com/twohats/twohats/internal/assess"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/store"
)

// TestStoredAnswersInBothForms stores assessments with answers in the
// compact form assess.Record writes and in the answers JSON that older
// assessments hold, and reads every one through each reader: Rescore, the
// API (the profile, and an idempotent retry's comparison of answers) and
// the instrument's statistics.
func TestStoredAnswersInBothForms(t *testing.T) {
	e := newAPIEnv(t)
	owner := e.mustOwner("acme")
	ctx := context.Background()
	sc, err := e.cat.Scorer(instrument.Default)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(11, 12))
	type stored struct {
		a    *store.Assessment
		r    profile.Response
		form string
	}
	var all []stored
	for i := range 20 {
		person, err := e.st.EnsurePerson(ctx, owner.m.OrgID, fmt.Sprintf("p%d@acme.example", i), fmt.Sprint("P ", i))
		if err != nil {
			t.Fatal(err)
		}
		if i < 2 { // the owner's own, for the API's idempotent retry below
			person.ID = owner.m.PersonID
		}
		r := sc.Simulate(rng, profile.RandomTraits(rng))
		p := sc.Score(r)
		a, err := assess.Record(sc, r, &p)
		if err != nil {
			t.Fatal(err)
		}
		form := "compact"
		if !profile.IsCompact(a.Answers) {
			t.Fatalf("assess.Record stored %.20s..., not the compact form", a.Answers)
		}
		if i%2 == 1 {
			form, a.Answers = "json", sc.AppendAnswers(nil, r)
		}
		a.OrgID, a.PersonID, a.IdempotencyKey = owner.m.OrgID, person.ID, fmt.Sprint("key-", i)
		if err := e.st.CreateAssessment(ctx, a); err != nil {
			t.Fatalf("%s: %v", form, err)
		}
		all = append(all, stored{a, r, form})
	}
	for _, s := range all {
		a, err := e.st.Assessment(ctx, owner.m.OrgID, s.a.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := sc.Score(s.r)
		got, err := assess.Rescore(sc, a)
		if err != nil || got.Scales != want.Scales {
			t.Errorf("%s: Rescore = %v, %v; want scales %v", s.form, got.Scales, err, want.Scales)
		}
		var doc struct {
			ID      string
			Profile json.RawMessage
		}
		res := e.do(apiReq{method: http.MethodGet, path: "/api/v1/assessments/" + a.ID, token: owner.token})
		res.wantStatus(t, http.StatusOK)
		res.decode(t, &doc)
		wantDoc, _ := json.Marshal(want.Document())
		if !jsonEqual(t, wantDoc, doc.Profile) {
			t.Errorf("%s: GET /api/v1/assessments/%s gives another profile than the answers score to", s.form, a.ID)
		}
	}
	// A retry with the same key and answers finds the stored assessment,
	// whichever form it holds, and compares its answers as equal.
	for _, s := range all[:2] {
		body := string(sc.AppendAnswers(nil, s.r))
		res := e.do(apiReq{method: http.MethodPost, path: "/api/v1/assessments", body: body, token: owner.token,
			header: map[string]string{"Idempotency-Key": s.a.IdempotencyKey}})
		res.wantStatus(t, http.StatusOK)
		var doc struct{ ID string }
		if res.decode(t, &doc); doc.ID != s.a.ID {
			t.Errorf("%s: the retry answered with assessment %s, want the stored %s", s.form, doc.ID, s.a.ID)
		}
	}
	// The statistics count and analyse both forms.
	var stats struct {
		Scales map[string]struct{ N int64 }
	}
	res := e.do(apiReq{method: http.MethodGet, path: "/api/v1/instruments/core@1/statistics", token: owner.token})
	res.wantStatus(t, http.StatusOK)
	want, err := json.Marshal(analyseStored(t, e.st, e.cat, owner.m.OrgID))
	if err != nil {
		t.Fatal(err)
	}
	if !jsonEqual(t, want, res.body) {
		t.Errorf("the statistics of mixed forms differ from psychometrics.Analyse of the same answers:\n got %s\nwant %s", res.body, want)
	}
	res.decode(t, &stats)
	if n := stats.Scales["management"].N; n != int64(len(all)) {
		t.Errorf("the statistics count %d assessments, want %d", n, len(all))
	}
}
