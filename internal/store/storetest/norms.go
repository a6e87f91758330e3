package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
)

// normsTests are the contract of store.Norms.
var normsTests = []struct {
	name string
	test func(t *testing.T, s store.Store)
}{
	{"OrgNormGroupIsLatestPerPerson", testOrgNormGroupIsLatestPerPerson},
	{"OrgNormGroupTenantIsolation", testOrgNormGroupTenantIsolation},
	{"AllNormGroupSpansOrganisationsWithoutIDs", testAllNormGroupSpansOrganisationsWithoutIDs},
	{"EachAnswers", testEachAnswers},
	{"NormsInvalidInputs", testNormsInvalidInputs},
}

// scoredAssessment is an assessment by the person whose management score
// is m, leadership score l, and whose two facets score m/2 and l/2.
func scoredAssessment(orgID, personID, instrument string, m, l float64) *store.Assessment {
	return &store.Assessment{
		OrgID: orgID, PersonID: personID, Instrument: instrument,
		Answers:    json.RawMessage(`{"instrument": "` + instrument + `", "m": ` + jsonNumber(m) + `}`),
		Management: m, Leadership: l, Quadrant: "balanced",
		Facets: []store.FacetScore{
			{Scale: "management", Facet: "focus", Score: m / 2},
			{Scale: "leadership", Facet: "focus", Score: l / 2},
		},
	}
}

func jsonNumber(v float64) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// mustPerson adds a person to the organisation, failing the test on error.
func mustPerson(tb testing.TB, s store.Store, orgID, email string) string {
	tb.Helper()
	p, err := s.EnsurePerson(context.Background(), orgID, email, email)
	if err != nil {
		tb.Fatalf("EnsurePerson(%s): %v", email, err)
	}
	return p.ID
}

// mustOrg creates an organisation owned by a new user and returns its
// owner's membership.
func mustOrg(tb testing.TB, s store.Store, slug string) *store.Membership {
	tb.Helper()
	_, m := MustCreateOrganization(tb, s, slug, MustCreateUser(tb, s, "owner@"+slug+".example", "Owner of "+slug))
	return m
}

func mustOrgNormGroup(tb testing.TB, s store.Store, orgID, instrument string) *store.NormGroup {
	tb.Helper()
	g, err := s.OrgNormGroup(context.Background(), orgID, instrument)
	if err != nil {
		tb.Fatalf("OrgNormGroup: %v", err)
	}
	return g
}

func mustAllNormGroup(tb testing.TB, s store.Store, instrument string) *store.NormGroup {
	tb.Helper()
	g, err := s.AllNormGroup(context.Background(), instrument)
	if err != nil {
		tb.Fatalf("AllNormGroup: %v", err)
	}
	return g
}

func testOrgNormGroupIsLatestPerPerson(t *testing.T, s store.Store) {
	l := MustEnsureLocal(t, s)
	ann, bob := l.PersonID, mustPerson(t, s, l.OrgID, "bob@example.com")
	mustPerson(t, s, l.OrgID, "cat@example.com") // no assessment: not in the group

	MustCreateAssessment(t, s, scoredAssessment(l.OrgID, ann, "core-1", 10, 90))
	MustCreateAssessment(t, s, scoredAssessment(l.OrgID, bob, "core-1", 41, 60))
	MustCreateAssessment(t, s, scoredAssessment(l.OrgID, ann, "core-1", 41, 70)) // Ann's latest
	MustCreateAssessment(t, s, scoredAssessment(l.OrgID, bob, "core-2", 99, 99)) // another version

	want := &store.NormGroup{N: 2, Scores: map[string][]store.ScoreCount{
		"management":       {{Score: 41, Count: 2}},
		"management.focus": {{Score: 20.5, Count: 2}},
		"leadership":       {{Score: 60, Count: 1}, {Score: 70, Count: 1}},
		"leadership.focus": {{Score: 30, Count: 1}, {Score: 35, Count: 1}},
	}}
	if diff := cmp.Diff(want, mustOrgNormGroup(t, s, l.OrgID, "core-1")); diff != "" {
		t.Errorf("OrgNormGroup(core-1) mismatch (-want +got):\n%s", diff)
	}
	want2 := &store.NormGroup{N: 1, Scores: map[string][]store.ScoreCount{
		"management": {{Score: 99, Count: 1}}, "management.focus": {{Score: 49.5, Count: 1}},
		"leadership": {{Score: 99, Count: 1}}, "leadership.focus": {{Score: 49.5, Count: 1}},
	}}
	if diff := cmp.Diff(want2, mustOrgNormGroup(t, s, l.OrgID, "core-2")); diff != "" {
		t.Errorf("OrgNormGroup(core-2) mismatch (-want +got):\n%s", diff)
	}
	empty := mustOrgNormGroup(t, s, l.OrgID, "core-3")
	if empty.N != 0 || len(empty.Scores) != 0 {
		t.Errorf("a version nobody took: %+v, want an empty group", empty)
	}
}

func testOrgNormGroupTenantIsolation(t *testing.T, s store.Store) {
	l := MustEnsureLocal(t, s)
	b := mustOrg(t, s, "org-b")
	MustCreateAssessment(t, s, scoredAssessment(l.OrgID, l.PersonID, "core-1", 20, 30))
	MustCreateAssessment(t, s, scoredAssessment(b.OrgID, b.PersonID, "core-1", 80, 70))
	MustCreateAssessment(t, s, scoredAssessment(b.OrgID, mustPerson(t, s, b.OrgID, "b2@example.com"), "core-1", 80, 70))

	a := mustOrgNormGroup(t, s, l.OrgID, "core-1")
	if a.N != 1 || !cmp.Equal(a.Scores["management"], []store.ScoreCount{{Score: 20, Count: 1}}) {
		t.Errorf("A's group holds %+v, want only A's one person", a)
	}
	bg := mustOrgNormGroup(t, s, b.OrgID, "core-1")
	if bg.N != 2 || !cmp.Equal(bg.Scores["management"], []store.ScoreCount{{Score: 80, Count: 2}}) {
		t.Errorf("B's group holds %+v, want only B's two people", bg)
	}
	// A person id of A's asked for under another organisation finds nothing.
	if g := mustOrgNormGroup(t, s, "another-organisation", "core-1"); g.N != 0 || len(g.Scores) != 0 {
		t.Errorf("an unknown organisation's group: %+v, want empty", g)
	}
}

func testAllNormGroupSpansOrganisationsWithoutIDs(t *testing.T, s store.Store) {
	l := MustEnsureLocal(t, s)
	b := mustOrg(t, s, "org-b")
	var ids []string
	for _, a := range []*store.Assessment{
		scoredAssessment(l.OrgID, l.PersonID, "core-1", 20, 30),
		scoredAssessment(l.OrgID, l.PersonID, "core-1", 25, 30), // a retake counts too
		scoredAssessment(b.OrgID, b.PersonID, "core-1", 20, 70),
		scoredAssessment(b.OrgID, b.PersonID, "core-2", 50, 50),
	} {
		MustCreateAssessment(t, s, a)
		ids = append(ids, a.ID)
	}
	want := &store.NormGroup{N: 3, Scores: map[string][]store.ScoreCount{
		"management":       {{Score: 20, Count: 2}, {Score: 25, Count: 1}},
		"management.focus": {{Score: 10, Count: 2}, {Score: 12.5, Count: 1}},
		"leadership":       {{Score: 30, Count: 2}, {Score: 70, Count: 1}},
		"leadership.focus": {{Score: 15, Count: 2}, {Score: 35, Count: 1}},
	}}
	got := mustAllNormGroup(t, s, "core-1")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("AllNormGroup mismatch (-want +got):\n%s", diff)
	}

	// Nothing that could name an organisation, person or assessment can come
	// back: every value of the type is a number, and the only strings are
	// the keys, which are scale and facet names.
	if path := nonNumeric(reflect.TypeFor[store.NormGroup](), "NormGroup"); path != "" {
		t.Errorf("store.NormGroup can carry a non-number at %s", path)
	}
	for key := range got.Scores {
		if key != "management" && key != "leadership" && !strings.HasPrefix(key, "management.") && !strings.HasPrefix(key, "leadership.") {
			t.Errorf("AllNormGroup has the key %q, which is not a scale or facet", key)
		}
	}
	doc, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range append(ids, l.OrgID, l.PersonID, b.OrgID, b.PersonID, b.UserID, "org-b") {
		if strings.Contains(string(doc), id) {
			t.Errorf("AllNormGroup returns the identifier %q: %s", id, doc)
		}
	}
	if g := mustAllNormGroup(t, s, "core-3"); g.N != 0 || len(g.Scores) != 0 {
		t.Errorf("a version nobody took: %+v, want an empty group", g)
	}
}

// nonNumeric returns the path of the first place in t, other than a map's
// key, that can hold something other than a number, or "".
func nonNumeric(t reflect.Type, path string) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return ""
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return nonNumeric(t.Elem(), path+"[]")
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return path + " (key)"
		}
		return nonNumeric(t.Elem(), path+"[key]")
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			if p := nonNumeric(f.Type, path+"."+f.Name); p != "" {
				return p
			}
		}
		return ""
	}
	return path + " (" + t.String() + ")"
}

func testEachAnswers(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	b := mustOrg(t, s, "org-b")
	bob := mustPerson(t, s, l.OrgID, "bob@example.com")
	var want []string
	for i, a := range []*store.Assessment{
		scoredAssessment(l.OrgID, l.PersonID, "core-1", 1, 2),
		scoredAssessment(l.OrgID, bob, "core-1", 3, 4),
		scoredAssessment(l.OrgID, l.PersonID, "core-2", 5, 6),
		scoredAssessment(b.OrgID, b.PersonID, "core-1", 7, 8),
		scoredAssessment(l.OrgID, l.PersonID, "core-1", 9, 10),
	} {
		MustCreateAssessment(t, s, a)
		if i != 2 && i != 3 {
			want = append(want, string(a.Answers))
		}
	}
	var got []string
	err := s.EachAnswers(ctx, l.OrgID, "core-1", func(answers json.RawMessage) error {
		got = append(got, string(answers)) // a copy: answers is reused
		return nil
	})
	if err != nil {
		t.Fatalf("EachAnswers: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("EachAnswers (-want +got):\n%s", diff)
	}

	// An error from fn stops the iteration and comes back as it was.
	stop := errors.New("stop")
	calls := 0
	err = s.EachAnswers(ctx, l.OrgID, "core-1", func(json.RawMessage) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("fn failing: error %v after %d calls, want stop after 1", err, calls)
	}

	// Another organisation sees only its own answers.
	got = nil
	if err := s.EachAnswers(ctx, b.OrgID, "core-1", func(a json.RawMessage) error { got = append(got, string(a)); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !strings.Contains(got[0], `"m": 7`) {
		t.Errorf("B's answers: %v, want B's one assessment", got)
	}
	if err := s.EachAnswers(ctx, "another-organisation", "core-1", func(json.RawMessage) error {
		t.Error("an unknown organisation has answers")
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func testNormsInvalidInputs(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	none := func(json.RawMessage) error { return nil }
	for name, tc := range map[string]struct {
		err    error
		fields []string
	}{
		"org group without org":        {second(s.OrgNormGroup(ctx, "", "core-1")), []string{"org_id"}},
		"org group without instrument": {second(s.OrgNormGroup(ctx, l.OrgID, " ")), []string{"instrument"}},
		"all group without instrument": {second(s.AllNormGroup(ctx, "")), []string{"instrument"}},
		"answers without anything":     {s.EachAnswers(ctx, "", "", none), []string{"org_id", "instrument"}},
	} {
		t.Run(name, func(t *testing.T) {
			wantFields(t, tc.err, fail.Invalid, tc.fields...)
		})
	}
}
