package storetest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
)

// growthTests are the contract of store.Growth.
var growthTests = []struct {
	name string
	test func(t *testing.T, s store.Store)
}{
	{"PlanRoundTrips", testPlanRoundTrips},
	{"PlansNewestFirstWithTicks", testPlansNewestFirstWithTicks},
	{"PlanTicks", testPlanTicks},
	{"JournalEntries", testJournalEntries},
	{"Roles", testRoles},
	{"GrowthTenantIsolation", testGrowthTenantIsolation},
	{"GrowthInvalidInputs", testGrowthInvalidInputs},
}

// planBody is a plan JSON for tests, with spacing a re-encoding would lose.
const planBody = `{"side": "leadership", "check_ins": [{"id": "d30.ask-feedback"}, {"id": "d60.study-colleague"}], "note": "sp\u00e4t"}`

// MustCreatePlan stores a plan for the person, failing the test on error.
func MustCreatePlan(tb testing.TB, s store.Store, orgID, personID string) *store.Plan {
	tb.Helper()
	p := &store.Plan{OrgID: orgID, PersonID: personID, Body: json.RawMessage(planBody)}
	if err := s.CreatePlan(context.Background(), p); err != nil {
		tb.Fatalf("CreatePlan: %v", err)
	}
	return p
}

// NewJournalEntry returns a valid journal entry of the person on the day.
func NewJournalEntry(orgID, personID string, day time.Time) *store.JournalEntry {
	return &store.JournalEntry{
		OrgID: orgID, PersonID: personID, Date: day,
		Situation: "The supplier failed an audit the week before launch.",
		Contexts:  []string{"compliance-critical", "mature"}, Phase: "crisis", Need: "quality-control",
		Approach: store.ApproachManage, Outcome: 4, Balanced: "Explain the why to the team, not only the new checks.",
	}
}

// MustAddJournalEntry stores e, failing the test on error.
func MustAddJournalEntry(tb testing.TB, s store.Store, e *store.JournalEntry) {
	tb.Helper()
	if err := s.AddJournalEntry(context.Background(), e); err != nil {
		tb.Fatalf("AddJournalEntry: %v", err)
	}
}

// MustCreateRole stores a role with the name and definition, failing the
// test on error.
func MustCreateRole(tb testing.TB, s store.Store, orgID, name, definition string) *store.Role {
	tb.Helper()
	r := &store.Role{OrgID: orgID, Name: name, Definition: json.RawMessage(definition)}
	if err := s.CreateRole(context.Background(), r); err != nil {
		tb.Fatalf("CreateRole(%q): %v", name, err)
	}
	return r
}

func testPlanRoundTrips(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	p := MustCreatePlan(t, s, l.OrgID, l.PersonID)
	if p.ID == "" || p.CreatedAt.IsZero() {
		t.Fatalf("CreatePlan left ID %q, CreatedAt %v", p.ID, p.CreatedAt)
	}
	got, err := s.Plan(ctx, l.OrgID, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := *p
	if diff := cmp.Diff(&want, got, opts); diff != "" {
		t.Errorf("Plan mismatch (-want +got):\n%s", diff)
	}
	if string(got.Body) != planBody {
		t.Errorf("the plan JSON changed: %s", got.Body)
	}
	if got.CreatedAt.Location().String() != "UTC" {
		t.Errorf("CreatedAt location = %v, want UTC", got.CreatedAt.Location())
	}
	chosen := &store.Plan{OrgID: l.OrgID, ID: "plan-chosen", PersonID: l.PersonID, Body: json.RawMessage(`{}`)}
	if err := s.CreatePlan(ctx, chosen); err != nil || chosen.ID != "plan-chosen" {
		t.Fatalf("CreatePlan with an id: %v, id %q", err, chosen.ID)
	}
	again := &store.Plan{OrgID: l.OrgID, ID: "plan-chosen", PersonID: l.PersonID, Body: json.RawMessage(`{}`)}
	wantCode(t, s.CreatePlan(ctx, again), fail.Conflict)
	_, err = s.Plan(ctx, l.OrgID, "no-such-plan")
	wantCode(t, err, fail.NotFound)
	err = s.CreatePlan(ctx, &store.Plan{OrgID: l.OrgID, PersonID: "nobody", Body: json.RawMessage(`{}`)})
	wantCode(t, err, fail.Invalid)
	if _, ok := fail.FieldsOf(err)["person_id"]; !ok {
		t.Errorf("a plan of an unknown person: fields %v, want person_id", fail.FieldsOf(err))
	}
}

func testPlansNewestFirstWithTicks(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	other, err := s.EnsurePerson(ctx, l.OrgID, "other@example.com", "Other")
	if err != nil {
		t.Fatal(err)
	}
	first := MustCreatePlan(t, s, l.OrgID, l.PersonID)
	second := MustCreatePlan(t, s, l.OrgID, l.PersonID)
	theirs := MustCreatePlan(t, s, l.OrgID, other.ID)
	on := time.Date(2025, 3, 4, 9, 30, 0, 0, time.UTC)
	for _, tk := range []store.Tick{
		{OrgID: l.OrgID, PlanID: first.ID, CheckInID: "d60.study-colleague", DoneOn: on},
		{OrgID: l.OrgID, PlanID: first.ID, CheckInID: "d30.ask-feedback", DoneOn: on.Add(-time.Hour)},
		{OrgID: l.OrgID, PlanID: theirs.ID, CheckInID: "d30.ask-feedback", DoneOn: on},
	} {
		if err := s.TickCheckIn(ctx, &tk); err != nil {
			t.Fatal(err)
		}
	}
	list, err := s.Plans(ctx, l.OrgID, l.PersonID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != second.ID || list[1].ID != first.ID {
		t.Fatalf("Plans = %v, want the second plan then the first", planIDs(list))
	}
	if len(list[0].Ticks) != 0 {
		t.Errorf("the second plan has ticks %+v, want none", list[0].Ticks)
	}
	want := []store.Tick{
		{OrgID: l.OrgID, PlanID: first.ID, CheckInID: "d30.ask-feedback", DoneOn: on.Add(-time.Hour)},
		{OrgID: l.OrgID, PlanID: first.ID, CheckInID: "d60.study-colleague", DoneOn: on},
	}
	if diff := cmp.Diff(want, list[1].Ticks, opts); diff != "" {
		t.Errorf("ticks of the first plan (-want +got):\n%s", diff)
	}
	one, err := s.Plan(ctx, l.OrgID, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(list[1], *one, opts); diff != "" {
		t.Errorf("Plan and Plans disagree (-Plans +Plan):\n%s", diff)
	}
	none, err := s.Plans(ctx, l.OrgID, "nobody")
	if err != nil || len(none) != 0 {
		t.Errorf("Plans of an unknown person = %v, %v; want none", none, err)
	}
}

func planIDs(list []store.Plan) []string {
	out := make([]string, len(list))
	for i, p := range list {
		out[i] = p.ID
	}
	return out
}

func testPlanTicks(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	p := MustCreatePlan(t, s, l.OrgID, l.PersonID)
	on := time.Date(2025, 5, 6, 7, 8, 9, 0, time.UTC)
	tick := func(id string, when time.Time) error {
		return s.TickCheckIn(ctx, &store.Tick{OrgID: l.OrgID, PlanID: p.ID, CheckInID: id, DoneOn: when})
	}
	if err := tick("d30.ask-feedback", on); err != nil {
		t.Fatal(err)
	}
	// A second tick keeps the first date.
	if err := tick("d30.ask-feedback", on.AddDate(0, 0, 3)); err != nil {
		t.Fatalf("ticking twice: %v", err)
	}
	got, err := s.Plan(ctx, l.OrgID, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Ticks) != 1 || !got.Ticks[0].DoneOn.Equal(on) {
		t.Errorf("ticks = %+v, want one done on %v", got.Ticks, on)
	}
	if err := s.UntickCheckIn(ctx, l.OrgID, p.ID, "d30.ask-feedback"); err != nil {
		t.Fatal(err)
	}
	if err := s.UntickCheckIn(ctx, l.OrgID, p.ID, "d30.ask-feedback"); err != nil {
		t.Errorf("taking back a tick that is not there: %v", err)
	}
	if got, _ := s.Plan(ctx, l.OrgID, p.ID); len(got.Ticks) != 0 {
		t.Errorf("after untick: %+v", got.Ticks)
	}
	wantCode(t, s.TickCheckIn(ctx, &store.Tick{OrgID: l.OrgID, PlanID: "no-such-plan", CheckInID: "x", DoneOn: on}), fail.NotFound)
	wantCode(t, s.UntickCheckIn(ctx, l.OrgID, "no-such-plan", "x"), fail.NotFound)
}

func testJournalEntries(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		paris = time.FixedZone("CET", 3600)
	}
	// Late in the evening in Paris is the next day in UTC: the day written
	// is the day the caller meant.
	late := time.Date(2025, 2, 10, 23, 30, 0, 0, paris)
	e1 := NewJournalEntry(l.OrgID, l.PersonID, late)
	MustAddJournalEntry(t, s, e1)
	if e1.ID == "" || e1.CreatedAt.IsZero() || !e1.Date.Equal(time.Date(2025, 2, 10, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("AddJournalEntry set %+v", e1)
	}
	earlier := NewJournalEntry(l.OrgID, l.PersonID, time.Date(2025, 1, 2, 12, 0, 0, 0, time.UTC))
	earlier.Contexts, earlier.Phase, earlier.Need, earlier.Approach, earlier.Outcome = []string{"turnaround"}, "recovery", "", store.ApproachLead, 5
	earlier.Balanced = ""
	MustAddJournalEntry(t, s, earlier)
	sameDay := NewJournalEntry(l.OrgID, l.PersonID, time.Date(2025, 2, 10, 8, 0, 0, 0, time.UTC))
	sameDay.Approach = store.ApproachBlend
	MustAddJournalEntry(t, s, sameDay)

	list, err := s.JournalEntries(ctx, l.OrgID, l.PersonID)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.JournalEntry{*earlier, *e1, *sameDay}
	if diff := cmp.Diff(want, list, opts); diff != "" {
		t.Errorf("JournalEntries (-want +got):\n%s", diff)
	}

	bad := NewJournalEntry(l.OrgID, "nobody", late)
	err = s.AddJournalEntry(ctx, bad)
	wantCode(t, err, fail.Invalid)
	if _, ok := fail.FieldsOf(err)["person_id"]; !ok {
		t.Errorf("an entry of an unknown person: fields %v, want person_id", fail.FieldsOf(err))
	}
	none, err := s.JournalEntries(ctx, l.OrgID, "nobody")
	if err != nil || len(none) != 0 {
		t.Errorf("entries of an unknown person = %v, %v; want none", none, err)
	}
}

func testRoles(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	def := `{"name": "Plant lead", "contexts": ["mature"], "phases": {"execution": 1}}`
	plant := MustCreateRole(t, s, l.OrgID, "  Plant lead ", def)
	if plant.ID == "" || plant.Name != "Plant lead" || plant.CreatedAt.IsZero() {
		t.Fatalf("CreateRole set %+v", plant)
	}
	founder := MustCreateRole(t, s, l.OrgID, "Founding product lead", `{"contexts":["startup"],"phases":{"launch":1}}`)
	got, err := s.Role(ctx, l.OrgID, plant.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(plant, got, opts); diff != "" {
		t.Errorf("Role (-want +got):\n%s", diff)
	}
	if string(got.Definition) != def {
		t.Errorf("the role JSON changed: %s", got.Definition)
	}
	list, err := s.Roles(ctx, l.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]store.Role{*founder, *plant}, list, opts); diff != "" {
		t.Errorf("Roles by name (-want +got):\n%s", diff)
	}
	err = s.CreateRole(ctx, &store.Role{OrgID: l.OrgID, Name: "Plant lead", Definition: json.RawMessage(def)})
	wantCode(t, err, fail.Conflict)
	if _, ok := fail.FieldsOf(err)["name"]; !ok {
		t.Errorf("a second role of the same name: fields %v, want name", fail.FieldsOf(err))
	}
	_, err = s.Role(ctx, l.OrgID, "no-such-role")
	wantCode(t, err, fail.NotFound)
	wantCode(t, s.CreateRole(ctx, &store.Role{OrgID: "no-such-org", Name: "x", Definition: json.RawMessage(`{}`)}), fail.Invalid)
}

func testGrowthTenantIsolation(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := MustEnsureLocal(t, s)
	bUser := &store.User{Email: "b-owner@example.com", Name: "B", PasswordHash: "x"}
	if err := s.CreateUser(ctx, bUser); err != nil {
		t.Fatal(err)
	}
	bm, err := s.CreateOrganization(ctx, &store.Organization{Slug: "org-b", Name: "B"}, bUser)
	if err != nil {
		t.Fatal(err)
	}
	plan := MustCreatePlan(t, s, a.OrgID, a.PersonID)
	MustAddJournalEntry(t, s, NewJournalEntry(a.OrgID, a.PersonID, time.Now()))
	role := MustCreateRole(t, s, a.OrgID, "Plant lead", `{}`)

	_, err = s.Plan(ctx, bm.OrgID, plan.ID)
	wantCode(t, err, fail.NotFound)
	wantCode(t, s.TickCheckIn(ctx, &store.Tick{OrgID: bm.OrgID, PlanID: plan.ID, CheckInID: "d30.ask-feedback", DoneOn: time.Now()}), fail.NotFound)
	wantCode(t, s.UntickCheckIn(ctx, bm.OrgID, plan.ID, "d30.ask-feedback"), fail.NotFound)
	if list, err := s.Plans(ctx, bm.OrgID, a.PersonID); err != nil || len(list) != 0 {
		t.Errorf("B lists A's person's plans: %v, %v", list, err)
	}
	if list, err := s.JournalEntries(ctx, bm.OrgID, a.PersonID); err != nil || len(list) != 0 {
		t.Errorf("B lists A's person's journal: %v, %v", list, err)
	}
	_, err = s.Role(ctx, bm.OrgID, role.ID)
	wantCode(t, err, fail.NotFound)
	if list, err := s.Roles(ctx, bm.OrgID); err != nil || len(list) != 0 {
		t.Errorf("B lists A's roles: %v, %v", list, err)
	}
	// Writing for A's person under B's organisation is refused, and the same
	// role name is B's to use.
	wantCode(t, s.CreatePlan(ctx, &store.Plan{OrgID: bm.OrgID, PersonID: a.PersonID, Body: json.RawMessage(`{}`)}), fail.Invalid)
	wantCode(t, s.AddJournalEntry(ctx, NewJournalEntry(bm.OrgID, a.PersonID, time.Now())), fail.Invalid)
	MustCreateRole(t, s, bm.OrgID, "Plant lead", `{}`)
	if got, err := s.Plan(ctx, a.OrgID, plan.ID); err != nil || len(got.Ticks) != 0 {
		t.Errorf("A's plan after B's attempts: %+v, %v", got, err)
	}
}

func testGrowthInvalidInputs(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	p := MustCreatePlan(t, s, l.OrgID, l.PersonID)
	for name, tc := range map[string]struct {
		err    error
		fields []string
	}{
		"nil plan":        {s.CreatePlan(ctx, nil), []string{"plan"}},
		"empty plan":      {s.CreatePlan(ctx, &store.Plan{}), []string{"org_id", "person_id", "body"}},
		"plan bad JSON":   {s.CreatePlan(ctx, &store.Plan{OrgID: l.OrgID, PersonID: l.PersonID, Body: json.RawMessage(`{`)}), []string{"body"}},
		"plan lookup":     {second(s.Plan(ctx, "", "")), []string{"org_id", "id"}},
		"plans":           {second(s.Plans(ctx, l.OrgID, "")), []string{"person_id"}},
		"empty tick":      {s.TickCheckIn(ctx, &store.Tick{}), []string{"org_id", "plan_id", "check_in_id", "done_on"}},
		"nil tick":        {s.TickCheckIn(ctx, nil), []string{"tick"}},
		"untick":          {s.UntickCheckIn(ctx, l.OrgID, p.ID, " "), []string{"check_in_id"}},
		"nil entry":       {s.AddJournalEntry(ctx, nil), []string{"entry"}},
		"empty entry":     {s.AddJournalEntry(ctx, &store.JournalEntry{}), []string{"org_id", "person_id", "situation", "phase", "date", "contexts", "approach", "outcome"}},
		"entry contexts":  {s.AddJournalEntry(ctx, withEntry(l, func(e *store.JournalEntry) { e.Contexts = []string{"mature", ""} })), []string{"contexts[1]"}},
		"entry approach":  {s.AddJournalEntry(ctx, withEntry(l, func(e *store.JournalEntry) { e.Approach = "boss" })), []string{"approach"}},
		"entry outcome":   {s.AddJournalEntry(ctx, withEntry(l, func(e *store.JournalEntry) { e.Outcome = 6 })), []string{"outcome"}},
		"journal":         {second(s.JournalEntries(ctx, "", l.PersonID)), []string{"org_id"}},
		"nil role":        {s.CreateRole(ctx, nil), []string{"role"}},
		"empty role":      {s.CreateRole(ctx, &store.Role{Definition: json.RawMessage(`x`)}), []string{"org_id", "name", "definition"}},
		"role lookup":     {second(s.Role(ctx, l.OrgID, "")), []string{"id"}},
		"roles":           {second(s.Roles(ctx, "")), []string{"org_id"}},
		"entry zero date": {s.AddJournalEntry(ctx, withEntry(l, func(e *store.JournalEntry) { e.Date = time.Time{} })), []string{"date"}},
	} {
		t.Run(name, func(t *testing.T) {
			wantCode(t, tc.err, fail.Invalid)
			got := fail.FieldsOf(tc.err)
			for _, f := range tc.fields {
				if _, ok := got[f]; !ok {
					t.Errorf("fields %v, want %s", got, f)
				}
			}
			if len(got) != len(tc.fields) {
				t.Errorf("fields %v, want exactly %v", got, tc.fields)
			}
		})
	}
	if list, err := s.JournalEntries(ctx, l.OrgID, l.PersonID); err != nil || len(list) != 0 {
		t.Errorf("invalid entries were stored: %v, %v", list, err)
	}
}

// withEntry is a valid journal entry of the local person, changed by edit.
func withEntry(l store.Local, edit func(*store.JournalEntry)) *store.JournalEntry {
	e := NewJournalEntry(l.OrgID, l.PersonID, time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC))
	edit(e)
	return e
}

// second returns the error of a call that returns a value and an error.
func second[T any](_ T, err error) error { return err }
