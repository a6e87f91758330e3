// Package storetest is the contract every store.Store adapter must pass:
// each adapter's tests call Run with a function that opens an empty store.
package storetest

import (
	"context"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
)

// Run runs the contract suite. open must return a new, empty store for each
// call; Run closes it when the subtest ends.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	t.Helper()
	tests := []struct {
		name string
		test func(t *testing.T, s store.Store)
	}{
		{"EnsureLocalIsIdempotent", testEnsureLocalIsIdempotent},
		{"AssessmentRoundTrips", testAssessmentRoundTrips},
		{"CallerChosenIDIsKept", testCallerChosenIDIsKept},
		{"DuplicateIDIsConflict", testDuplicateIDIsConflict},
		{"FacetsAreStored", testFacetsAreStored},
		{"AssessmentsNewestFirst", testAssessmentsNewestFirst},
		{"AssessmentsFilterByPerson", testAssessmentsFilterByPerson},
		{"AssessmentNotFound", testAssessmentNotFound},
		{"TenantIsolation", testTenantIsolation},
		{"CreateAssessmentDeletesDraft", testCreateAssessmentDeletesDraft},
		{"SaveDraftUpserts", testSaveDraftUpserts},
		{"DraftNotFound", testDraftNotFound},
		{"DeleteDraft", testDeleteDraft},
		{"DraftOfUnknownPersonIsInvalid", testDraftOfUnknownPersonIsInvalid},
		{"FailedCreateOfUnknownPersonLeavesNothing", testFailedCreateOfUnknownPersonLeavesNothing},
		{"FailedCreateOfDuplicateFacetLeavesNothing", testFailedCreateOfDuplicateFacetLeavesNothing},
		{"InvalidInputs", testInvalidInputs},

		{"UserRoundTrips", testUserRoundTrips},
		{"DuplicateEmailIsConflict", testDuplicateEmailIsConflict},
		{"UserNotFound", testUserNotFound},
		{"SessionRoundTrips", testSessionRoundTrips},
		{"SessionExpires", testSessionExpires},
		{"SessionOfUnknownUserIsInvalid", testSessionOfUnknownUserIsInvalid},
		{"CreateOrganizationMakesOwner", testCreateOrganizationMakesOwner},
		{"CreateOrganizationIsAtomic", testCreateOrganizationIsAtomic},
		{"DuplicateSlugIsConflict", testDuplicateSlugIsConflict},
		{"AddMember", testAddMember},
		{"AddMemberAdoptsPerson", testAddMemberAdoptsPerson},
		{"AddMemberFailures", testAddMemberFailures},
		{"MembershipsOldestFirst", testMembershipsOldestFirst},
		{"OrgMemberships", testOrgMemberships},
		{"CoachGrants", testCoachGrants},
		{"CoachGrantFailures", testCoachGrantFailures},
		{"APITokens", testAPITokens},
		{"APITokenFailures", testAPITokenFailures},
		{"DeleteAPITokenOfAnotherUserIsNotFound", testDeleteAPITokenOfAnotherUserIsNotFound},
		{"IdempotencyKey", testIdempotencyKey},
		{"IdempotencyKeyIsPerPerson", testIdempotencyKeyIsPerPerson},
		{"AccountsTenantIsolation", testAccountsTenantIsolation},
		{"AccountsInvalidInputs", testAccountsInvalidInputs},
		{"Ping", testPing},
		{"Principals", testPrincipals},
		{"ConcurrentCreatesFailAlone", testConcurrentCreatesFailAlone},
	}
	tests = append(tests, campaignTests...)
	tests = append(tests, growthTests...)
	tests = append(tests, normsTests...)
	tests = append(tests, teamsTests...)
	tests = append(tests, storyTests...)
	tests = append(tests, orgSlugTests...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tt.test(t, s)
		})
	}
}

// MustEnsureLocal returns the local organisation and person of s, failing the test on error.
func MustEnsureLocal(tb testing.TB, s store.Store) store.Local {
	tb.Helper()
	l, err := s.EnsureLocal(context.Background())
	if err != nil {
		tb.Fatalf("EnsureLocal: %v", err)
	}
	return l
}

// NewAssessment returns a complete, valid assessment by the local person l,
// with facets deliberately out of order. Facet scores are whole tenths, as
// the scorer rounds them; 0.1 and 3.3 have no exact float64 and must come
// back as the same float64 all the same.
func NewAssessment(l store.Local, instrument string) *store.Assessment {
	return &store.Assessment{
		OrgID:             l.OrgID,
		PersonID:          l.PersonID,
		Instrument:        instrument,
		Answers:           json.RawMessage(`{"q1": 4, "q2": [1, 2], "note": "sp\u00e4t"}`),
		Management:        0.25,
		Leadership:        -1.5,
		Tendency:          1.0 / 3.0,
		JudgementAccuracy: 0.875,
		Quadrant:          "leader",
		Facets: []store.FacetScore{
			{Scale: "management", Facet: "planning", Score: 3.3},
			{Scale: "leadership", Facet: "vision", Score: -0.5},
			{Scale: "leadership", Facet: "courage", Score: 0.1},
		},
	}
}

// MustCreateAssessment stores a, failing the test on error.
func MustCreateAssessment(tb testing.TB, s store.Store, a *store.Assessment) {
	tb.Helper()
	if err := s.CreateAssessment(context.Background(), a); err != nil {
		tb.Fatalf("CreateAssessment: %v", err)
	}
}

// MustSaveDraft stores d, failing the test on error.
func MustSaveDraft(tb testing.TB, s store.Store, d *store.Draft) {
	tb.Helper()
	if err := s.SaveDraft(context.Background(), d); err != nil {
		tb.Fatalf("SaveDraft: %v", err)
	}
}

// sortedFacets returns fs in the order a store returns facets: by scale, then facet.
func sortedFacets(fs []store.FacetScore) []store.FacetScore {
	out := slices.Clone(fs)
	slices.SortFunc(out, func(a, b store.FacetScore) int {
		if c := strings.Compare(a.Scale, b.Scale); c != 0 {
			return c
		}
		return strings.Compare(a.Facet, b.Facet)
	})
	return out
}

var opts = cmp.Options{cmpopts.EquateEmpty()}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := fail.Code(err); got != code {
		t.Fatalf("error code = %q, want %q (error: %v)", got, code, err)
	}
}

func testEnsureLocalIsIdempotent(t *testing.T, s store.Store) {
	first := MustEnsureLocal(t, s)
	if first.OrgID == "" || first.PersonID == "" {
		t.Fatalf("EnsureLocal = %+v, want both ids set", first)
	}
	if first.OrgID == first.PersonID {
		t.Errorf("EnsureLocal gave the organisation and the person the same id %q", first.OrgID)
	}
	second := MustEnsureLocal(t, s)
	if diff := cmp.Diff(first, second); diff != "" {
		t.Errorf("second EnsureLocal differs from the first (-first +second):\n%s", diff)
	}
}

func testAssessmentRoundTrips(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	a := NewAssessment(l, "core-1")
	in := *a
	MustCreateAssessment(t, s, a)
	if a.ID == "" {
		t.Fatal("CreateAssessment left ID empty")
	}
	if a.CreatedAt.IsZero() {
		t.Fatal("CreateAssessment left CreatedAt zero")
	}

	want := in
	want.ID, want.CreatedAt = a.ID, a.CreatedAt
	want.Facets = sortedFacets(in.Facets)

	got, err := s.Assessment(ctx, l.OrgID, a.ID)
	if err != nil {
		t.Fatalf("Assessment: %v", err)
	}
	if diff := cmp.Diff(&want, got, opts); diff != "" {
		t.Errorf("Assessment mismatch (-want +got):\n%s", diff)
	}
	// The JSON comes back byte for byte, not merely equivalent.
	if string(got.Answers) != string(in.Answers) {
		t.Errorf("JSON changed: answers %s", got.Answers)
	}
	if got.CreatedAt.Location().String() != "UTC" {
		t.Errorf("CreatedAt location = %v, want UTC", got.CreatedAt.Location())
	}

	list, err := s.Assessments(ctx, l.OrgID, store.AssessmentFilter{})
	if err != nil {
		t.Fatalf("Assessments: %v", err)
	}
	if diff := cmp.Diff([]store.Assessment{want}, list, opts); diff != "" {
		t.Errorf("Assessments mismatch (-want +got):\n%s", diff)
	}
}

func testCallerChosenIDIsKept(t *testing.T, s store.Store) {
	l := MustEnsureLocal(t, s)
	a := NewAssessment(l, "core-1")
	a.ID = "0190c8f0-0000-7000-8000-000000000001"
	MustCreateAssessment(t, s, a)
	if a.ID != "0190c8f0-0000-7000-8000-000000000001" {
		t.Errorf("ID = %q, want the caller's id kept", a.ID)
	}
	if _, err := s.Assessment(context.Background(), l.OrgID, a.ID); err != nil {
		t.Errorf("Assessment(%q): %v", a.ID, err)
	}
}

func testDuplicateIDIsConflict(t *testing.T, s store.Store) {
	l := MustEnsureLocal(t, s)
	a := NewAssessment(l, "core-1")
	MustCreateAssessment(t, s, a)
	b := NewAssessment(l, "core-1")
	b.ID = a.ID
	err := s.CreateAssessment(context.Background(), b)
	wantCode(t, err, fail.Conflict)
	if !strings.Contains(fail.Message(err), a.ID) {
		t.Errorf("message %q does not name the id %q", fail.Message(err), a.ID)
	}
}

func testFacetsAreStored(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	with := NewAssessment(l, "core-1")
	without := NewAssessment(l, "core-1")
	without.Facets = nil
	MustCreateAssessment(t, s, with)
	MustCreateAssessment(t, s, without)

	got, err := s.Assessment(ctx, l.OrgID, with.ID)
	if err != nil {
		t.Fatalf("Assessment: %v", err)
	}
	want := sortedFacets(with.Facets)
	if diff := cmp.Diff(want, got.Facets); diff != "" {
		t.Errorf("Facets mismatch (-want +got):\n%s", diff)
	}

	got, err = s.Assessment(ctx, l.OrgID, without.ID)
	if err != nil {
		t.Fatalf("Assessment: %v", err)
	}
	if len(got.Facets) != 0 {
		t.Errorf("assessment without facets came back with %v", got.Facets)
	}

	// Each listed assessment carries its own facets and no one else's.
	list, err := s.Assessments(ctx, l.OrgID, store.AssessmentFilter{})
	if err != nil {
		t.Fatalf("Assessments: %v", err)
	}
	byID := map[string][]store.FacetScore{}
	for _, a := range list {
		byID[a.ID] = a.Facets
	}
	if diff := cmp.Diff(want, byID[with.ID]); diff != "" {
		t.Errorf("listed facets mismatch (-want +got):\n%s", diff)
	}
	if len(byID[without.ID]) != 0 {
		t.Errorf("listed assessment without facets has %v", byID[without.ID])
	}
}

func testAssessmentsNewestFirst(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	var ids []string
	for range 5 {
		a := NewAssessment(l, "core-1")
		MustCreateAssessment(t, s, a)
		ids = append(ids, a.ID)
	}
	newestFirst := []string{ids[4], ids[3], ids[2], ids[1], ids[0]}

	for _, tt := range []struct {
		limit int
		want  []string
	}{
		{0, newestFirst},
		{2, newestFirst[:2]},
		{5, newestFirst},
		{10, newestFirst},
	} {
		list, err := s.Assessments(ctx, l.OrgID, store.AssessmentFilter{Limit: tt.limit})
		if err != nil {
			t.Fatalf("Assessments(limit %d): %v", tt.limit, err)
		}
		if diff := cmp.Diff(tt.want, idsOf(list)); diff != "" {
			t.Errorf("Assessments(limit %d) ids (-want +got):\n%s", tt.limit, diff)
		}
		for i := 1; i < len(list); i++ {
			if list[i].CreatedAt.After(list[i-1].CreatedAt) {
				t.Errorf("Assessments(limit %d): row %d is newer than row %d", tt.limit, i, i-1)
			}
		}
	}
}

func testAssessmentsFilterByPerson(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	a, b := NewAssessment(l, "core-1"), NewAssessment(l, "core-2")
	MustCreateAssessment(t, s, a)
	MustCreateAssessment(t, s, b)

	mine, err := s.Assessments(ctx, l.OrgID, store.AssessmentFilter{PersonID: l.PersonID})
	if err != nil {
		t.Fatalf("Assessments(own person): %v", err)
	}
	if diff := cmp.Diff([]string{b.ID, a.ID}, idsOf(mine)); diff != "" {
		t.Errorf("own person's ids (-want +got):\n%s", diff)
	}
	limited, err := s.Assessments(ctx, l.OrgID, store.AssessmentFilter{PersonID: l.PersonID, Limit: 1})
	if err != nil {
		t.Fatalf("Assessments(own person, limit 1): %v", err)
	}
	if diff := cmp.Diff([]string{b.ID}, idsOf(limited)); diff != "" {
		t.Errorf("own person's newest id (-want +got):\n%s", diff)
	}
	others, err := s.Assessments(ctx, l.OrgID, store.AssessmentFilter{PersonID: "someone-else"})
	if err != nil {
		t.Fatalf("Assessments(other person): %v", err)
	}
	if len(others) != 0 {
		t.Errorf("another person's list has %d assessments, want 0", len(others))
	}
}

func testAssessmentNotFound(t *testing.T, s store.Store) {
	l := MustEnsureLocal(t, s)
	_, err := s.Assessment(context.Background(), l.OrgID, "no-such-id")
	wantCode(t, err, fail.NotFound)
	if !strings.Contains(fail.Message(err), "no-such-id") {
		t.Errorf("message %q does not name the id", fail.Message(err))
	}
}

func testTenantIsolation(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	a := NewAssessment(l, "core-1")
	MustCreateAssessment(t, s, a)
	MustSaveDraft(t, s, &store.Draft{OrgID: l.OrgID, PersonID: l.PersonID, Instrument: "core-2", Answers: json.RawMessage(`{}`)})
	const other = "another-organisation"

	_, err := s.Assessment(ctx, other, a.ID)
	wantCode(t, err, fail.NotFound)

	list, err := s.Assessments(ctx, other, store.AssessmentFilter{PersonID: l.PersonID})
	if err != nil {
		t.Fatalf("Assessments(other org): %v", err)
	}
	if len(list) != 0 {
		t.Errorf("other organisation lists %d assessments, want 0", len(list))
	}

	_, err = s.Draft(ctx, other, l.PersonID, "core-2")
	wantCode(t, err, fail.NotFound)
	if err := s.DeleteDraft(ctx, other, l.PersonID, "core-2"); err != nil {
		t.Fatalf("DeleteDraft(other org): %v", err)
	}
	if _, err := s.Draft(ctx, l.OrgID, l.PersonID, "core-2"); err != nil {
		t.Errorf("deleting from another organisation removed this one's draft: %v", err)
	}

	// A person belongs to one organisation: they cannot be filed under another.
	b := NewAssessment(l, "core-1")
	b.OrgID = other
	err = s.CreateAssessment(ctx, b)
	wantCode(t, err, fail.Invalid)
	if _, ok := fail.FieldsOf(err)["person_id"]; !ok {
		t.Errorf("error fields %v do not name person_id", fail.FieldsOf(err))
	}
}

func testCreateAssessmentDeletesDraft(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	MustSaveDraft(t, s, &store.Draft{OrgID: l.OrgID, PersonID: l.PersonID, Instrument: "core-1", Answers: json.RawMessage(`{"q1":1}`), Position: 1})
	MustSaveDraft(t, s, &store.Draft{OrgID: l.OrgID, PersonID: l.PersonID, Instrument: "core-2", Answers: json.RawMessage(`{"q1":2}`), Position: 1})

	MustCreateAssessment(t, s, NewAssessment(l, "core-1"))

	_, err := s.Draft(ctx, l.OrgID, l.PersonID, "core-1")
	wantCode(t, err, fail.NotFound)
	if _, err := s.Draft(ctx, l.OrgID, l.PersonID, "core-2"); err != nil {
		t.Errorf("draft of another instrument was touched: %v", err)
	}
}

func testSaveDraftUpserts(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	first := &store.Draft{OrgID: l.OrgID, PersonID: l.PersonID, Instrument: "core-1", Answers: json.RawMessage(`{"q1":1}`), Position: 1}
	MustSaveDraft(t, s, first)
	if first.UpdatedAt.IsZero() {
		t.Fatal("SaveDraft left UpdatedAt zero")
	}
	got, err := s.Draft(ctx, l.OrgID, l.PersonID, "core-1")
	if err != nil {
		t.Fatalf("Draft: %v", err)
	}
	if diff := cmp.Diff(first, got, opts); diff != "" {
		t.Errorf("first draft mismatch (-want +got):\n%s", diff)
	}

	second := &store.Draft{OrgID: l.OrgID, PersonID: l.PersonID, Instrument: "core-1", Answers: json.RawMessage(`{"q1": 1, "q2": 5}`), Position: 2}
	MustSaveDraft(t, s, second)
	got, err = s.Draft(ctx, l.OrgID, l.PersonID, "core-1")
	if err != nil {
		t.Fatalf("Draft: %v", err)
	}
	if diff := cmp.Diff(second, got, opts); diff != "" {
		t.Errorf("second draft mismatch (-want +got):\n%s", diff)
	}
	if second.UpdatedAt.Before(first.UpdatedAt) {
		t.Errorf("UpdatedAt went back: %v then %v", first.UpdatedAt, second.UpdatedAt)
	}

	// One draft per instrument: deleting it once leaves none behind.
	if err := s.DeleteDraft(ctx, l.OrgID, l.PersonID, "core-1"); err != nil {
		t.Fatalf("DeleteDraft: %v", err)
	}
	_, err = s.Draft(ctx, l.OrgID, l.PersonID, "core-1")
	wantCode(t, err, fail.NotFound)
}

func testDraftNotFound(t *testing.T, s store.Store) {
	l := MustEnsureLocal(t, s)
	_, err := s.Draft(context.Background(), l.OrgID, l.PersonID, "core-9")
	wantCode(t, err, fail.NotFound)
	if !strings.Contains(fail.Message(err), "core-9") {
		t.Errorf("message %q does not name the instrument", fail.Message(err))
	}
}

func testDeleteDraft(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	if err := s.DeleteDraft(ctx, l.OrgID, l.PersonID, "core-1"); err != nil {
		t.Errorf("DeleteDraft of no draft: %v", err)
	}
	MustSaveDraft(t, s, &store.Draft{OrgID: l.OrgID, PersonID: l.PersonID, Instrument: "core-1", Answers: json.RawMessage(`[]`)})
	if err := s.DeleteDraft(ctx, l.OrgID, l.PersonID, "core-1"); err != nil {
		t.Fatalf("DeleteDraft: %v", err)
	}
	_, err := s.Draft(ctx, l.OrgID, l.PersonID, "core-1")
	wantCode(t, err, fail.NotFound)
}

func testDraftOfUnknownPersonIsInvalid(t *testing.T, s store.Store) {
	l := MustEnsureLocal(t, s)
	d := &store.Draft{OrgID: l.OrgID, PersonID: "nobody", Instrument: "core-1", Answers: json.RawMessage(`{}`)}
	err := s.SaveDraft(context.Background(), d)
	wantCode(t, err, fail.Invalid)
	if !strings.Contains(fail.Message(err), "nobody") {
		t.Errorf("message %q does not name the person", fail.Message(err))
	}
	if !d.UpdatedAt.IsZero() {
		t.Errorf("failed SaveDraft set UpdatedAt to %v", d.UpdatedAt)
	}
}

func testFailedCreateOfUnknownPersonLeavesNothing(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	a := NewAssessment(l, "core-1")
	a.PersonID = "nobody"
	err := s.CreateAssessment(ctx, a)
	wantCode(t, err, fail.Invalid)
	if !strings.Contains(fail.Message(err), "nobody") {
		t.Errorf("message %q does not name the person", fail.Message(err))
	}
	if a.ID != "" || !a.CreatedAt.IsZero() {
		t.Errorf("failed CreateAssessment set ID %q, CreatedAt %v", a.ID, a.CreatedAt)
	}
	wantNoAssessments(t, s, l.OrgID)
}

func testFailedCreateOfDuplicateFacetLeavesNothing(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	draft := &store.Draft{OrgID: l.OrgID, PersonID: l.PersonID, Instrument: "core-1", Answers: json.RawMessage(`{"q1":1}`), Position: 3}
	MustSaveDraft(t, s, draft)

	// The repeated facet fails as the store writes the facets, and the
	// draft stays.
	a := NewAssessment(l, "core-1")
	a.ID = "0190c8f0-0000-7000-8000-0000000000ff"
	a.Facets = append(a.Facets, a.Facets[0])
	err := s.CreateAssessment(ctx, a)
	if err == nil {
		t.Fatal("CreateAssessment with a repeated facet succeeded")
	}
	if code := fail.Code(err); code != fail.Invalid && code != fail.Conflict {
		t.Errorf("error code = %q, want %q or %q (error: %v)", code, fail.Invalid, fail.Conflict, err)
	}

	_, err = s.Assessment(ctx, l.OrgID, a.ID)
	wantCode(t, err, fail.NotFound)
	wantNoAssessments(t, s, l.OrgID)

	got, err := s.Draft(ctx, l.OrgID, l.PersonID, "core-1")
	if err != nil {
		t.Fatalf("draft gone after a failed CreateAssessment: %v", err)
	}
	if diff := cmp.Diff(draft, got, opts); diff != "" {
		t.Errorf("draft changed by a failed CreateAssessment (-want +got):\n%s", diff)
	}

	// The same assessment without the repeat can then be stored, under the
	// same id, with exactly its own facets.
	a.Facets = a.Facets[:len(a.Facets)-1]
	MustCreateAssessment(t, s, a)
	stored, err := s.Assessment(ctx, l.OrgID, a.ID)
	if err != nil {
		t.Fatalf("Assessment: %v", err)
	}
	if diff := cmp.Diff(sortedFacets(a.Facets), stored.Facets); diff != "" {
		t.Errorf("facets after retry (-want +got):\n%s", diff)
	}
}

func wantNoAssessments(t *testing.T, s store.Store, orgID string) {
	t.Helper()
	list, err := s.Assessments(context.Background(), orgID, store.AssessmentFilter{})
	if err != nil {
		t.Fatalf("Assessments: %v", err)
	}
	if len(list) != 0 {
		t.Errorf("failed CreateAssessment left %d assessments: %v", len(list), idsOf(list))
	}
}

func testInvalidInputs(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	assessment := func(change func(a *store.Assessment)) *store.Assessment {
		a := NewAssessment(l, "core-1")
		change(a)
		return a
	}
	draft := func(change func(d *store.Draft)) *store.Draft {
		d := &store.Draft{OrgID: l.OrgID, PersonID: l.PersonID, Instrument: "core-1", Answers: json.RawMessage(`{}`)}
		change(d)
		return d
	}
	tests := []struct {
		name  string
		call  func() error
		field string
	}{
		{"create nil", func() error { return s.CreateAssessment(ctx, nil) }, "assessment"},
		{"create no org", func() error { return s.CreateAssessment(ctx, assessment(func(a *store.Assessment) { a.OrgID = "" })) }, "org_id"},
		{"create no person", func() error {
			return s.CreateAssessment(ctx, assessment(func(a *store.Assessment) { a.PersonID = " " }))
		}, "person_id"},
		{"create no instrument", func() error {
			return s.CreateAssessment(ctx, assessment(func(a *store.Assessment) { a.Instrument = "" }))
		}, "instrument"},
		{"create no answers", func() error {
			return s.CreateAssessment(ctx, assessment(func(a *store.Assessment) { a.Answers = nil }))
		}, "answers"},
		{"create bad answers", func() error {
			return s.CreateAssessment(ctx, assessment(func(a *store.Assessment) { a.Answers = json.RawMessage(`{"q1":`) }))
		}, "answers"},
		{"create facet score not in tenths", func() error {
			return s.CreateAssessment(ctx, assessment(func(a *store.Assessment) { a.Facets[2].Score = 62.25 }))
		}, "facets[2]"},
		{"create NaN score", func() error {
			return s.CreateAssessment(ctx, assessment(func(a *store.Assessment) { a.Tendency = math.NaN() }))
		}, "tendency"},
		{"create facet without scale", func() error {
			return s.CreateAssessment(ctx, assessment(func(a *store.Assessment) { a.Facets[1].Scale = "" }))
		}, "facets[1]"},
		{"get no org", func() error { _, err := s.Assessment(ctx, "", "x"); return err }, "org_id"},
		{"get no id", func() error { _, err := s.Assessment(ctx, l.OrgID, ""); return err }, "id"},
		{"list no org", func() error { _, err := s.Assessments(ctx, "", store.AssessmentFilter{}); return err }, "org_id"},
		{"list negative limit", func() error {
			_, err := s.Assessments(ctx, l.OrgID, store.AssessmentFilter{Limit: -1})
			return err
		}, "limit"},
		{"save nil draft", func() error { return s.SaveDraft(ctx, nil) }, "draft"},
		{"save draft no org", func() error { return s.SaveDraft(ctx, draft(func(d *store.Draft) { d.OrgID = "" })) }, "org_id"},
		{"save draft no person", func() error { return s.SaveDraft(ctx, draft(func(d *store.Draft) { d.PersonID = "" })) }, "person_id"},
		{"save draft no instrument", func() error { return s.SaveDraft(ctx, draft(func(d *store.Draft) { d.Instrument = "" })) }, "instrument"},
		{"save draft bad answers", func() error {
			return s.SaveDraft(ctx, draft(func(d *store.Draft) { d.Answers = json.RawMessage(`{`) }))
		}, "answers"},
		{"save draft negative position", func() error { return s.SaveDraft(ctx, draft(func(d *store.Draft) { d.Position = -1 })) }, "position"},
		{"get draft no org", func() error { _, err := s.Draft(ctx, "", l.PersonID, "core-1"); return err }, "org_id"},
		{"get draft no person", func() error { _, err := s.Draft(ctx, l.OrgID, "", "core-1"); return err }, "person_id"},
		{"get draft no instrument", func() error { _, err := s.Draft(ctx, l.OrgID, l.PersonID, ""); return err }, "instrument"},
		{"delete draft no instrument", func() error { return s.DeleteDraft(ctx, l.OrgID, l.PersonID, "") }, "instrument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			wantCode(t, err, fail.Invalid)
			if _, ok := fail.FieldsOf(err)[tt.field]; !ok {
				t.Errorf("error fields %v do not name %q", fail.FieldsOf(err), tt.field)
			}
			if !strings.Contains(fail.Message(err), tt.field) {
				t.Errorf("message %q does not name %q", fail.Message(err), tt.field)
			}
		})
	}
	wantNoAssessments(t, s, l.OrgID)
}

func idsOf(list []store.Assessment) []string {
	ids := make([]string, 0, len(list))
	for _, a := range list {
		ids = append(ids, a.ID)
	}
	return ids
}
