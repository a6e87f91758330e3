package growth_test

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/twohats/twohats/internal/advisor"
	"github.com/twohats/twohats/internal/assess"
	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/growth"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/store"
	"github.com/twohats/twohats/internal/store/sqlite"
)

// newService returns a service on a fresh SQLite store with a fixed clock,
// and the store's local organisation and person.
func newService(t *testing.T, now time.Time) (*growth.Service, store.Local) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "twohats.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	a, err := advisor.New(cat.Framework)
	if err != nil {
		t.Fatal(err)
	}
	me, err := st.EnsureLocal(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return &growth.Service{Store: st, Catalog: cat, Advisor: a, Now: func() time.Time { return now }}, me
}

// mustAssess stores a simulated assessment with the traits.
func mustAssess(t *testing.T, g *growth.Service, me store.Local, seed uint64, tr profile.Traits) *store.Assessment {
	t.Helper()
	sc, err := g.Catalog.Scorer(instrument.Default)
	if err != nil {
		t.Fatal(err)
	}
	r := sc.Simulate(rand.New(rand.NewPCG(seed, seed)), tr)
	a, _, _, err := assess.Submit(context.Background(), g.Store, sc, me.OrgID, me.PersonID, r, "")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

var manager = profile.Traits{Management: 1.6, Leadership: -1.4, Tendency: -1, Judgement: 0.6}

func TestScoresAndPlans(t *testing.T) {
	ctx := context.Background()
	start := time.Date(2025, 3, 10, 15, 4, 5, 0, time.UTC)
	g, me := newService(t, start)

	_, err := g.LatestScores(ctx, me.OrgID, me.PersonID)
	if fail.Code(err) != fail.Invalid {
		t.Fatalf("scores before any assessment: %v, want invalid", err)
	}
	if _, err := g.CreatePlan(ctx, me.OrgID, me.PersonID); fail.Code(err) != fail.Invalid {
		t.Fatalf("a plan before any assessment: %v, want invalid", err)
	}
	first := mustAssess(t, g, me, 1, manager)
	sc, err := g.LatestScores(ctx, me.OrgID, me.PersonID)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Basis.View != advisor.ViewSelf || sc.Basis.AssessmentID != first.ID || sc.Person.View != advisor.ViewSelf || sc.Profile == nil {
		t.Errorf("scores = %+v", sc.Basis)
	}
	if got, err := g.ScoresOfAssessment(ctx, me.OrgID, first.ID); err != nil || got.Person.Scales != sc.Person.Scales {
		t.Errorf("ScoresOfAssessment = %+v, %v", got, err)
	}

	p, err := g.CreatePlan(ctx, me.OrgID, me.PersonID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Side != "leadership" || !p.Start.Equal(time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC)) || p.Basis.AssessmentID != first.ID {
		t.Errorf("plan = side %s, start %v, basis %+v", p.Side, p.Start, p.Basis)
	}
	id := p.CheckIns[0].ID
	if _, err := g.Tick(ctx, me.OrgID, p.ID, "d30.nap", true, start); fail.Code(err) != fail.Invalid {
		t.Errorf("an unknown check-in: %v, want invalid", err)
	}
	ticked, err := g.Tick(ctx, me.OrgID, p.ID, id, true, start.AddDate(0, 0, 2))
	if err != nil {
		t.Fatal(err)
	}
	if !ticked.CheckIns[0].Done || !ticked.CheckIns[0].DoneOn.Equal(start.AddDate(0, 0, 2)) {
		t.Errorf("after a tick: %+v", ticked.CheckIns[0])
	}
	again, err := g.GetPlan(ctx, me.OrgID, p.ID)
	if err != nil || !again.CheckIns[0].Done {
		t.Errorf("the tick was not kept: %+v, %v", again, err)
	}

	// A reassessment after the start shows up as change.
	st, err := g.Status(ctx, me.OrgID, again, start)
	if err != nil || st.Trend == nil || len(st.Trend.Facets[0].Points) != 1 || st.Progress.Done != 1 {
		t.Fatalf("status before a reassessment: %+v, %v", st, err)
	}
	g.Now = func() time.Time { return start.AddDate(0, 3, 0) }
	later := mustAssess(t, g, me, 2, profile.Traits{Management: 1.2, Leadership: 0.8, Judgement: 0.7})
	st, err = g.Status(ctx, me.OrgID, again, start.AddDate(0, 3, 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Trend.Scales[1].Points) != 2 || st.Trend.Scales[1].Change <= 0 {
		t.Errorf("leadership change after reassessment %s: %+v", later.ID, st.Trend.Scales[1])
	}
	targets := 0
	for _, f := range st.Trend.Facets {
		if f.Target {
			targets++
		}
	}
	if targets != 2 {
		t.Errorf("%d target facets in the trend, want 2", targets)
	}
	list, err := g.Plans(ctx, me.OrgID, me.PersonID)
	if err != nil || len(list) != 1 || list[0].ID != p.ID {
		t.Errorf("plans = %v, %v", list, err)
	}
}

func TestJournal(t *testing.T) {
	ctx := context.Background()
	g, me := newService(t, time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC))
	bad := advisor.Entry{Date: time.Now(), Situation: "x", Contexts: []string{"moonshot"}, Phase: "execution", Approach: "boss", Outcome: 3}
	_, err := g.AddEntry(ctx, me.OrgID, me.PersonID, bad)
	if fail.Code(err) != fail.Invalid || fail.FieldsOf(err)["contexts[0]"] == "" || fail.FieldsOf(err)["approach"] == "" {
		t.Errorf("a bad entry: %v", err)
	}
	for i := range 10 {
		e := advisor.Entry{Date: time.Date(2025, 3, 1+i, 0, 0, 0, 0, time.UTC), Situation: "We changed course.",
			Contexts: []string{"turnaround"}, Phase: "recovery", Approach: advisor.Manage, Outcome: 2}
		if _, err := g.AddEntry(ctx, me.OrgID, me.PersonID, e); err != nil {
			t.Fatal(err)
		}
	}
	list, rep, err := g.Journal(ctx, me.OrgID, me.PersonID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 10 || rep.Entries != 10 || rep.Default.Approach != advisor.Manage || rep.Accuracy != 0 ||
		len(rep.Mismatches) != 1 || rep.Mismatches[0].Context != "turnaround" {
		t.Errorf("report = %+v", rep)
	}
	if got := growth.EntryOf(list[0]); got.Approach != advisor.Manage || got.Phase != "recovery" {
		t.Errorf("EntryOf = %+v", got)
	}
}
