package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
	"github.com/twohats/twohats/internal/store/sqldb"
	"github.com/twohats/twohats/internal/store/sqlite"
)

// growthTranscript runs a scripted sequence of plan, tick, journal and role
// calls on s and records every result and every error's code, message and
// fields, in order.
func growthTranscript(t *testing.T, s store.Store) []any {
	t.Helper()
	ctx := context.Background()
	var out []any
	rec := func(step string, v any, err error) {
		if err != nil {
			out = append(out, fmt.Sprintf("%s: %s: %s %v", step, fail.Code(err), fail.Message(err), fail.FieldsOf(err)))
			return
		}
		out = append(out, v)
	}
	l, err := s.EnsureLocal(ctx)
	rec("EnsureLocal", l, err)
	other, err := s.EnsurePerson(ctx, l.OrgID, "Other@Example.com", "Other")
	rec("EnsurePerson", other, err)

	p1 := &store.Plan{OrgID: l.OrgID, PersonID: l.PersonID, Body: json.RawMessage(`{"side": "leadership", "n": 1}`)}
	rec("CreatePlan", p1, s.CreatePlan(ctx, p1))
	p2 := &store.Plan{OrgID: l.OrgID, PersonID: l.PersonID, Body: json.RawMessage(`{"n":2}`)}
	rec("CreatePlan 2", p2, s.CreatePlan(ctx, p2))
	rec("CreatePlan again", nil, s.CreatePlan(ctx, &store.Plan{OrgID: l.OrgID, ID: p1.ID, PersonID: l.PersonID, Body: json.RawMessage(`{}`)}))
	rec("CreatePlan nobody", nil, s.CreatePlan(ctx, &store.Plan{OrgID: l.OrgID, PersonID: "nobody", Body: json.RawMessage(`{}`)}))
	rec("CreatePlan invalid", nil, s.CreatePlan(ctx, &store.Plan{Body: json.RawMessage(`{`)}))
	on := time.Date(2026, 4, 2, 8, 30, 0, 0, time.UTC)
	for i, id := range []string{"d60.b", "d30.a", "d30.a"} {
		tk := &store.Tick{OrgID: l.OrgID, PlanID: p1.ID, CheckInID: id, DoneOn: on.AddDate(0, 0, i)}
		rec("TickCheckIn "+id, tk, s.TickCheckIn(ctx, tk))
	}
	rec("TickCheckIn unknown plan", nil, s.TickCheckIn(ctx, &store.Tick{OrgID: l.OrgID, PlanID: "nope", CheckInID: "x", DoneOn: on}))
	rec("UntickCheckIn", nil, s.UntickCheckIn(ctx, l.OrgID, p1.ID, "d60.b"))
	got, err := s.Plan(ctx, l.OrgID, p1.ID)
	rec("Plan", got, err)
	_, err = s.Plan(ctx, l.OrgID, "nope")
	rec("Plan unknown", nil, err)
	list, err := s.Plans(ctx, l.OrgID, l.PersonID)
	rec("Plans", list, err)

	for i, e := range []*store.JournalEntry{
		{OrgID: l.OrgID, PersonID: l.PersonID, Date: time.Date(2026, 2, 3, 23, 0, 0, 0, time.FixedZone("X", 3600)), Situation: "Audit failed",
			Contexts: []string{"compliance-critical", "mature"}, Phase: "crisis", Need: "quality-control", Approach: store.ApproachManage, Outcome: 4, Balanced: "Explain"},
		{OrgID: l.OrgID, PersonID: l.PersonID, Date: time.Date(2026, 1, 9, 0, 0, 0, 0, time.UTC), Situation: "Relaunch",
			Contexts: []string{"turnaround"}, Phase: "recovery", Approach: store.ApproachManage, Outcome: 2},
		{OrgID: l.OrgID, PersonID: "nobody", Date: on, Situation: "x", Contexts: []string{"mature"}, Phase: "crisis", Approach: store.ApproachLead, Outcome: 3},
		{OrgID: l.OrgID, PersonID: l.PersonID, Contexts: []string{""}, Approach: "boss", Outcome: 0},
	} {
		rec(fmt.Sprintf("AddJournalEntry %d", i), e, s.AddJournalEntry(ctx, e))
	}
	entries, err := s.JournalEntries(ctx, l.OrgID, l.PersonID)
	rec("JournalEntries", entries, err)

	for _, name := range []string{"Plant lead", "Founding lead", "Plant lead"} {
		r := &store.Role{OrgID: l.OrgID, Name: name, Definition: json.RawMessage(`{"contexts": ["mature"], "phases": {"execution": 1}}`)}
		rec("CreateRole "+name, r, s.CreateRole(ctx, r))
	}
	rec("CreateRole no org", nil, s.CreateRole(ctx, &store.Role{OrgID: "nope", Name: "x", Definition: json.RawMessage(`{}`)}))
	roles, err := s.Roles(ctx, l.OrgID)
	rec("Roles", roles, err)
	if len(roles) > 0 {
		r, err := s.Role(ctx, l.OrgID, roles[0].ID)
		rec("Role", r, err)
	}
	_, err = s.Role(ctx, l.OrgID, "nope")
	rec("Role unknown", nil, err)
	return out
}

// SQLite and PostgreSQL, given the same growth calls, the same clock and
// the same ids, give the same results and the same errors.
func TestGrowthSameResultsAsSQLite(t *testing.T) {
	pg := mustOpen(t, WithNow(newClock().Now), sqldb.WithNewID((&counter{}).next))
	lite, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "twohats.db"),
		sqlite.WithNow(newClock().Now), sqldb.WithNewID((&counter{}).next))
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	defer lite.Close()

	want := growthTranscript(t, lite)
	got := growthTranscript(t, pg)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("PostgreSQL differs from SQLite (-sqlite +postgres):\n%s", diff)
	}
}
