package storetest

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
)

// MustCreateUser stores a user with the email and name, failing the test on error.
func MustCreateUser(tb testing.TB, s store.Store, email, name string) *store.User {
	tb.Helper()
	u := &store.User{Email: email, Name: name, PasswordHash: "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"}
	if err := s.CreateUser(context.Background(), u); err != nil {
		tb.Fatalf("CreateUser(%q): %v", email, err)
	}
	return u
}

// MustCreateOrganization creates an organisation with the slug, owned by
// owner, failing the test on error.
func MustCreateOrganization(tb testing.TB, s store.Store, slug string, owner *store.User) (*store.Organization, *store.Membership) {
	tb.Helper()
	o := &store.Organization{Slug: slug, Name: "Org " + slug}
	m, err := s.CreateOrganization(context.Background(), o, owner)
	if err != nil {
		tb.Fatalf("CreateOrganization(%q): %v", slug, err)
	}
	return o, m
}

// MustAddMember makes u a member of the organisation with the role,
// failing the test on error.
func MustAddMember(tb testing.TB, s store.Store, orgID string, u *store.User, role string) *store.Membership {
	tb.Helper()
	m, err := s.AddMember(context.Background(), orgID, u, role)
	if err != nil {
		tb.Fatalf("AddMember(%q, %q): %v", orgID, u.Email, err)
	}
	return m
}

// MustCreateAPIToken stores a token of the user in the organisation with
// the hash, failing the test on error.
func MustCreateAPIToken(tb testing.TB, s store.Store, orgID, userID, hash string) *store.APIToken {
	tb.Helper()
	t := &store.APIToken{OrgID: orgID, UserID: userID, Name: "token " + hash, TokenHash: hash}
	if err := s.CreateAPIToken(context.Background(), t); err != nil {
		tb.Fatalf("CreateAPIToken(%q): %v", hash, err)
	}
	return t
}

func wantFields(t *testing.T, err error, code string, fields ...string) {
	t.Helper()
	wantCode(t, err, code)
	for _, f := range fields {
		if _, ok := fail.FieldsOf(err)[f]; !ok {
			t.Errorf("error fields %v do not name %q (error: %v)", fail.FieldsOf(err), f, err)
		}
	}
}

func testUserRoundTrips(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := &store.User{Email: "  Ann@Example.com ", Name: " Ann Analyst ", PasswordHash: "$argon2id$v=19$hash"}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	if u.ID == "" || u.CreatedAt.IsZero() {
		t.Fatalf("CreateUser left ID %q, CreatedAt %v", u.ID, u.CreatedAt)
	}
	if u.Email != "Ann@Example.com" || u.Name != "Ann Analyst" {
		t.Errorf("CreateUser set email %q, name %q, want them trimmed", u.Email, u.Name)
	}
	got, err := s.User(ctx, u.ID)
	if err != nil {
		t.Fatalf("User: %v", err)
	}
	if diff := cmp.Diff(u, got); diff != "" {
		t.Errorf("User mismatch (-want +got):\n%s", diff)
	}
	for _, email := range []string{"Ann@Example.com", "ann@example.com", " ANN@EXAMPLE.COM\t"} {
		got, err := s.UserByEmail(ctx, email)
		if err != nil {
			t.Fatalf("UserByEmail(%q): %v", email, err)
		}
		if diff := cmp.Diff(u, got); diff != "" {
			t.Errorf("UserByEmail(%q) mismatch (-want +got):\n%s", email, diff)
		}
	}

	chosen := &store.User{ID: "0190c8f0-0000-7000-8000-0000000000a1", Email: "bo@example.com"}
	if err := s.CreateUser(ctx, chosen); err != nil {
		t.Fatalf("CreateUser with an id: %v", err)
	}
	if got, err := s.User(ctx, "0190c8f0-0000-7000-8000-0000000000a1"); err != nil || got.Email != "bo@example.com" {
		t.Errorf("User(caller's id) = %+v, %v; want bo@example.com", got, err)
	}
}

func testDuplicateEmailIsConflict(t *testing.T, s store.Store) {
	ctx := context.Background()
	first := MustCreateUser(t, s, "ann@example.com", "Ann")
	second := &store.User{Email: " ANN@Example.COM", Name: "Another Ann"}
	err := s.CreateUser(ctx, second)
	wantFields(t, err, fail.Conflict, "email")
	if second.ID != "" || !second.CreatedAt.IsZero() {
		t.Errorf("failed CreateUser set ID %q, CreatedAt %v", second.ID, second.CreatedAt)
	}
	got, err := s.UserByEmail(ctx, "Ann@example.com")
	if err != nil {
		t.Fatalf("UserByEmail: %v", err)
	}
	if got.ID != first.ID || got.Name != "Ann" {
		t.Errorf("UserByEmail = %+v, want the first user %q", got, first.ID)
	}

	sameID := &store.User{ID: first.ID, Email: "other@example.com"}
	wantCode(t, s.CreateUser(ctx, sameID), fail.Conflict)
	_, err = s.UserByEmail(ctx, "other@example.com")
	wantCode(t, err, fail.NotFound)
}

func testUserNotFound(t *testing.T, s store.Store) {
	ctx := context.Background()
	MustCreateUser(t, s, "ann@example.com", "Ann")
	_, err := s.User(ctx, "no-such-user")
	wantCode(t, err, fail.NotFound)
	_, err = s.UserByEmail(ctx, "nobody@example.com")
	wantCode(t, err, fail.NotFound)
}

// at is a fixed instant the session tests count from.
var at = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func testSessionRoundTrips(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := MustCreateUser(t, s, "ann@example.com", "Ann")
	_, m := MustCreateOrganization(t, s, "acme", u)

	sess := &store.Session{TokenHash: "hash-1", UserID: u.ID, OrgID: m.OrgID, CreatedAt: at, ExpiresAt: at.Add(time.Hour)}
	if err := s.CreateSession(ctx, sess); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	if !sess.CreatedAt.Equal(at) {
		t.Errorf("CreateSession changed CreatedAt to %v, want the caller's %v", sess.CreatedAt, at)
	}
	got, err := s.Session(ctx, "hash-1", at.Add(time.Minute))
	if err != nil {
		t.Fatalf("Session: %v", err)
	}
	if diff := cmp.Diff(sess, got); diff != "" {
		t.Errorf("Session mismatch (-want +got):\n%s", diff)
	}

	// A session need not be in an organisation yet, and gets a CreatedAt.
	bare := &store.Session{TokenHash: "hash-2", UserID: u.ID, ExpiresAt: time.Now().Add(time.Hour)}
	if err := s.CreateSession(ctx, bare); err != nil {
		t.Fatalf("CreateSession without an organisation: %v", err)
	}
	if bare.CreatedAt.IsZero() {
		t.Error("CreateSession left a zero CreatedAt zero")
	}
	got, err = s.Session(ctx, "hash-2", time.Now())
	if err != nil {
		t.Fatalf("Session: %v", err)
	}
	if diff := cmp.Diff(bare, got); diff != "" {
		t.Errorf("Session without an organisation mismatch (-want +got):\n%s", diff)
	}

	dup := &store.Session{TokenHash: "hash-1", UserID: u.ID, ExpiresAt: at.Add(2 * time.Hour)}
	wantCode(t, s.CreateSession(ctx, dup), fail.Conflict)

	if err := s.DeleteSession(ctx, "hash-1"); err != nil {
		t.Fatalf("DeleteSession: %v", err)
	}
	_, err = s.Session(ctx, "hash-1", at)
	wantCode(t, err, fail.NotFound)
	if err := s.DeleteSession(ctx, "hash-1"); err != nil {
		t.Errorf("DeleteSession of an ended session: %v", err)
	}
	if _, err := s.Session(ctx, "hash-2", time.Now()); err != nil {
		t.Errorf("DeleteSession ended another session: %v", err)
	}
}

func testSessionExpires(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := MustCreateUser(t, s, "ann@example.com", "Ann")
	expires := at.Add(time.Hour)
	if err := s.CreateSession(ctx, &store.Session{TokenHash: "h", UserID: u.ID, CreatedAt: at, ExpiresAt: expires}); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	cet := time.FixedZone("CET", 3600)
	for _, tt := range []struct {
		now   time.Time
		alive bool
	}{
		{at, true},
		{expires.Add(-time.Nanosecond), true},
		{expires.Add(-time.Nanosecond).In(cet), true},
		{expires, false},
		{expires.In(cet), false},
		{expires.Add(time.Nanosecond), false},
		{expires.Add(24 * time.Hour), false},
	} {
		_, err := s.Session(ctx, "h", tt.now)
		if tt.alive && err != nil {
			t.Errorf("Session at %v (expiry %v): %v, want it alive", tt.now, expires, err)
		}
		if !tt.alive && fail.Code(err) != fail.NotFound {
			t.Errorf("Session at %v (expiry %v): error %v, want %s", tt.now, expires, err, fail.NotFound)
		}
	}
}

func testSessionOfUnknownUserIsInvalid(t *testing.T, s store.Store) {
	err := s.CreateSession(context.Background(), &store.Session{TokenHash: "h", UserID: "nobody", ExpiresAt: at})
	wantFields(t, err, fail.Invalid, "user_id")
}

func testCreateOrganizationMakesOwner(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := MustCreateUser(t, s, "Olive@Example.com", "Olive Owner")
	o := &store.Organization{Slug: "acme-coaching", Name: " Acme Coaching "}
	m, err := s.CreateOrganization(ctx, o, u)
	if err != nil {
		t.Fatalf("CreateOrganization: %v", err)
	}
	if o.ID == "" || o.CreatedAt.IsZero() || o.Name != "Acme Coaching" {
		t.Errorf("CreateOrganization left %+v, want an id, a time and the name trimmed", o)
	}
	if m.PersonID == "" || m.CreatedAt.IsZero() {
		t.Fatalf("membership %+v lacks a person or a time", m)
	}
	want := &store.Membership{OrgID: o.ID, OrgName: "Acme Coaching", UserID: u.ID, PersonID: m.PersonID, Role: store.RoleOwner, CreatedAt: m.CreatedAt}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("returned membership (-want +got):\n%s", diff)
	}

	got, err := s.Membership(ctx, o.ID, u.ID)
	if err != nil {
		t.Fatalf("Membership: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Membership (-want +got):\n%s", diff)
	}
	list, err := s.Memberships(ctx, u.ID)
	if err != nil {
		t.Fatalf("Memberships: %v", err)
	}
	if diff := cmp.Diff([]store.Membership{*want}, list); diff != "" {
		t.Errorf("Memberships (-want +got):\n%s", diff)
	}

	p, err := s.Person(ctx, o.ID, m.PersonID)
	if err != nil {
		t.Fatalf("Person: %v", err)
	}
	wantP := &store.Person{OrgID: o.ID, ID: m.PersonID, Email: "Olive@Example.com", Name: "Olive Owner", CreatedAt: p.CreatedAt}
	if diff := cmp.Diff(wantP, p); diff != "" {
		t.Errorf("owner's person (-want +got):\n%s", diff)
	}
	people, err := s.People(ctx, o.ID)
	if err != nil {
		t.Fatalf("People: %v", err)
	}
	if diff := cmp.Diff([]store.Person{*wantP}, people); diff != "" {
		t.Errorf("People (-want +got):\n%s", diff)
	}
}

// The organisation row is written before the owner's membership fails on
// its foreign key, so only a rollback leaves no organisation behind.
func testCreateOrganizationIsAtomic(t *testing.T, s store.Store) {
	ctx := context.Background()
	const orgID = "0190c8f0-0000-7000-8000-0000000000b1"
	ghost := &store.User{ID: "no-such-user", Email: "ghost@example.com", Name: "Ghost"}
	o := &store.Organization{ID: orgID, Slug: "atomic", Name: "Atomic"}
	m, err := s.CreateOrganization(ctx, o, ghost)
	wantFields(t, err, fail.Invalid, "owner_id")
	if m != nil || !o.CreatedAt.IsZero() {
		t.Errorf("failed CreateOrganization returned %+v and set CreatedAt %v", m, o.CreatedAt)
	}
	people, err := s.People(ctx, orgID)
	if err != nil {
		t.Fatalf("People: %v", err)
	}
	if len(people) != 0 {
		t.Errorf("failed CreateOrganization left people %+v", people)
	}

	// Neither the id nor the slug was left taken.
	u := MustCreateUser(t, s, "owner@example.com", "Owner")
	again := &store.Organization{ID: orgID, Slug: "atomic", Name: "Atomic"}
	if _, err := s.CreateOrganization(ctx, again, u); err != nil {
		t.Fatalf("CreateOrganization after a failed one: %v", err)
	}
	if people, err := s.People(ctx, orgID); err != nil || len(people) != 1 {
		t.Errorf("People = %+v, %v; want the owner alone", people, err)
	}
}

func testDuplicateSlugIsConflict(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := MustCreateUser(t, s, "a@example.com", "A")
	b := MustCreateUser(t, s, "b@example.com", "B")
	first, _ := MustCreateOrganization(t, s, "acme", a)

	_, err := s.CreateOrganization(ctx, &store.Organization{Slug: "acme", Name: "Acme Two"}, b)
	wantFields(t, err, fail.Conflict, "slug")
	_, err = s.CreateOrganization(ctx, &store.Organization{ID: first.ID, Slug: "acme-two", Name: "Acme Two"}, b)
	wantCode(t, err, fail.Conflict)

	list, err := s.Memberships(ctx, b.ID)
	if err != nil {
		t.Fatalf("Memberships: %v", err)
	}
	if len(list) != 0 {
		t.Errorf("failed CreateOrganization left memberships %+v", list)
	}
}

func testAddMember(t *testing.T, s store.Store) {
	ctx := context.Background()
	owner := MustCreateUser(t, s, "olive@example.com", "Olive Owner")
	o, om := MustCreateOrganization(t, s, "acme", owner)
	u := MustCreateUser(t, s, "Mia@Example.com", "Mia Member")

	m := MustAddMember(t, s, o.ID, u, store.RoleMember)
	if m.PersonID == "" || m.PersonID == om.PersonID || m.CreatedAt.IsZero() {
		t.Fatalf("AddMember = %+v, want a new person and a time", m)
	}
	want := &store.Membership{OrgID: o.ID, OrgName: o.Name, UserID: u.ID, PersonID: m.PersonID, Role: store.RoleMember, CreatedAt: m.CreatedAt}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("AddMember (-want +got):\n%s", diff)
	}
	got, err := s.Membership(ctx, o.ID, u.ID)
	if err != nil {
		t.Fatalf("Membership: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Membership (-want +got):\n%s", diff)
	}
	people, err := s.People(ctx, o.ID)
	if err != nil {
		t.Fatalf("People: %v", err)
	}
	var names, emails []string
	for _, p := range people {
		names, emails = append(names, p.Name), append(emails, p.Email)
	}
	if diff := cmp.Diff([]string{"Mia Member", "Olive Owner"}, names); diff != "" {
		t.Errorf("People names, by name (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Mia@Example.com", "olive@example.com"}, emails); diff != "" {
		t.Errorf("People emails (-want +got):\n%s", diff)
	}
}

func testAddMemberAdoptsPerson(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	u := MustCreateUser(t, s, "ME@localhost", "Me Myself")
	m := MustAddMember(t, s, l.OrgID, u, store.RoleCoach)
	if m.PersonID != l.PersonID {
		t.Errorf("AddMember made person %q, want the existing person %q with the email adopted", m.PersonID, l.PersonID)
	}
	if m.OrgName != store.LocalOrgName {
		t.Errorf("OrgName = %q, want %q", m.OrgName, store.LocalOrgName)
	}
	people, err := s.People(ctx, l.OrgID)
	if err != nil {
		t.Fatalf("People: %v", err)
	}
	if len(people) != 1 {
		t.Errorf("People = %+v, want the local person alone", people)
	}
}

func testAddMemberFailures(t *testing.T, s store.Store) {
	ctx := context.Background()
	owner := MustCreateUser(t, s, "owner@example.com", "Owner")
	o, _ := MustCreateOrganization(t, s, "acme", owner)
	u := MustCreateUser(t, s, "mia@example.com", "Mia")
	MustAddMember(t, s, o.ID, u, store.RoleMember)

	_, err := s.AddMember(ctx, o.ID, u, store.RoleAdmin)
	wantCode(t, err, fail.Conflict)
	if got, err := s.Membership(ctx, o.ID, u.ID); err != nil || got.Role != store.RoleMember {
		t.Errorf("Membership after a second AddMember = %+v, %v; want the first role kept", got, err)
	}

	_, err = s.AddMember(ctx, "no-such-org", MustCreateUser(t, s, "x@example.com", "X"), store.RoleMember)
	wantCode(t, err, fail.NotFound)

	// The person record is written before the membership fails on its
	// foreign key to users, so only a rollback leaves it out.
	_, err = s.AddMember(ctx, o.ID, &store.User{ID: "no-such-user", Email: "ghost@example.com"}, store.RoleMember)
	wantFields(t, err, fail.Invalid, "user_id")

	_, err = s.AddMember(ctx, o.ID, MustCreateUser(t, s, "bo@example.com", "Bo"), "boss")
	wantFields(t, err, fail.Invalid, "role")

	// A person record belongs to one member: a user given (wrongly) with
	// the owner's email cannot take the owner's person over.
	impostor := MustCreateUser(t, s, "imp@example.com", "Imp")
	impostor.Email = "OWNER@example.com"
	_, err = s.AddMember(ctx, o.ID, impostor, store.RoleMember)
	wantCode(t, err, fail.Conflict)

	people, err := s.People(ctx, o.ID)
	if err != nil {
		t.Fatalf("People: %v", err)
	}
	if len(people) != 2 {
		t.Errorf("People = %+v, want the owner and Mia alone", people)
	}
}

func testMembershipsOldestFirst(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := MustCreateUser(t, s, "ann@example.com", "Ann")
	other := MustCreateUser(t, s, "bo@example.com", "Bo")
	a, _ := MustCreateOrganization(t, s, "first", u)
	b, _ := MustCreateOrganization(t, s, "second", other)
	MustAddMember(t, s, b.ID, u, store.RoleAdmin)
	c, _ := MustCreateOrganization(t, s, "third", u)

	list, err := s.Memberships(ctx, u.ID)
	if err != nil {
		t.Fatalf("Memberships: %v", err)
	}
	var got []string
	for _, m := range list {
		got = append(got, m.OrgName+"/"+m.Role)
	}
	want := []string{a.Name + "/owner", b.Name + "/admin", c.Name + "/owner"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Memberships oldest first (-want +got):\n%s", diff)
	}
	none, err := s.Memberships(ctx, MustCreateUser(t, s, "cy@example.com", "Cy").ID)
	if err != nil || none == nil || len(none) != 0 {
		t.Errorf("Memberships of a user in none = %#v, %v; want an empty list", none, err)
	}
}

func testCoachGrants(t *testing.T, s store.Store) {
	ctx := context.Background()
	owner := MustCreateUser(t, s, "owner@example.com", "Owner")
	o, om := MustCreateOrganization(t, s, "acme", owner)
	coach := MustCreateUser(t, s, "coach@example.com", "Coach")
	MustAddMember(t, s, o.ID, coach, store.RoleCoach)
	mm := MustAddMember(t, s, o.ID, MustCreateUser(t, s, "mia@example.com", "Mia"), store.RoleMember)

	grants := func(personID string) []string {
		t.Helper()
		ids, err := s.CoachGrants(ctx, o.ID, personID)
		if err != nil {
			t.Fatalf("CoachGrants: %v", err)
		}
		return ids
	}
	coached := func() []string {
		t.Helper()
		ids, err := s.CoachedPeople(ctx, o.ID, coach.ID)
		if err != nil {
			t.Fatalf("CoachedPeople: %v", err)
		}
		return ids
	}
	if g := grants(mm.PersonID); g == nil || len(g) != 0 {
		t.Errorf("CoachGrants before any = %#v, want an empty list", g)
	}

	for range 2 {
		if err := s.GrantCoach(ctx, o.ID, mm.PersonID, coach.ID); err != nil {
			t.Fatalf("GrantCoach: %v", err)
		}
	}
	if err := s.GrantCoach(ctx, o.ID, om.PersonID, coach.ID); err != nil {
		t.Fatalf("GrantCoach: %v", err)
	}
	if err := s.GrantCoach(ctx, o.ID, mm.PersonID, owner.ID); err != nil {
		t.Fatalf("GrantCoach to the owner: %v", err)
	}
	if diff := cmp.Diff([]string{coach.ID, owner.ID}, grants(mm.PersonID)); diff != "" {
		t.Errorf("CoachGrants (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{mm.PersonID, om.PersonID}, coached()); diff != "" {
		t.Errorf("CoachedPeople (-want +got):\n%s", diff)
	}

	for range 2 {
		if err := s.RevokeCoach(ctx, o.ID, mm.PersonID, coach.ID); err != nil {
			t.Fatalf("RevokeCoach: %v", err)
		}
	}
	if diff := cmp.Diff([]string{owner.ID}, grants(mm.PersonID)); diff != "" {
		t.Errorf("CoachGrants after revoking (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{om.PersonID}, coached()); diff != "" {
		t.Errorf("CoachedPeople after revoking (-want +got):\n%s", diff)
	}
}

func testCoachGrantFailures(t *testing.T, s store.Store) {
	ctx := context.Background()
	owner := MustCreateUser(t, s, "owner@example.com", "Owner")
	o, om := MustCreateOrganization(t, s, "acme", owner)
	outsider := MustCreateUser(t, s, "out@example.com", "Outsider")

	wantFields(t, s.GrantCoach(ctx, o.ID, "nobody", owner.ID), fail.Invalid, "person_id")
	wantFields(t, s.GrantCoach(ctx, o.ID, om.PersonID, outsider.ID), fail.Invalid, "coach_user_id")
	wantFields(t, s.GrantCoach(ctx, o.ID, om.PersonID, "no-such-user"), fail.Invalid, "coach_user_id")
	ids, err := s.CoachGrants(ctx, o.ID, om.PersonID)
	if err != nil {
		t.Fatalf("CoachGrants: %v", err)
	}
	if len(ids) != 0 {
		t.Errorf("failed grants left %v", ids)
	}
}

func testAPITokens(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := MustCreateUser(t, s, "owner@example.com", "Owner")
	o, _ := MustCreateOrganization(t, s, "acme", u)

	first := &store.APIToken{OrgID: o.ID, UserID: u.ID, Name: "CI", TokenHash: "hash-1"}
	if err := s.CreateAPIToken(ctx, first); err != nil {
		t.Fatalf("CreateAPIToken: %v", err)
	}
	if first.ID == "" || first.CreatedAt.IsZero() {
		t.Fatalf("CreateAPIToken left ID %q, CreatedAt %v", first.ID, first.CreatedAt)
	}
	second := MustCreateAPIToken(t, s, o.ID, u.ID, "hash-2")

	got, err := s.APIToken(ctx, o.ID, "hash-1")
	if err != nil {
		t.Fatalf("APIToken: %v", err)
	}
	if diff := cmp.Diff(first, got); diff != "" {
		t.Errorf("APIToken (-want +got):\n%s", diff)
	}
	list, err := s.APITokens(ctx, o.ID, u.ID)
	if err != nil {
		t.Fatalf("APITokens: %v", err)
	}
	if diff := cmp.Diff([]store.APIToken{*second, *first}, list); diff != "" {
		t.Errorf("APITokens newest first (-want +got):\n%s", diff)
	}

	if err := s.DeleteAPIToken(ctx, o.ID, u.ID, first.ID); err != nil {
		t.Fatalf("DeleteAPIToken: %v", err)
	}
	_, err = s.APIToken(ctx, o.ID, "hash-1")
	wantCode(t, err, fail.NotFound)
	wantCode(t, s.DeleteAPIToken(ctx, o.ID, u.ID, first.ID), fail.NotFound)
	list, err = s.APITokens(ctx, o.ID, u.ID)
	if err != nil {
		t.Fatalf("APITokens: %v", err)
	}
	if diff := cmp.Diff([]store.APIToken{*second}, list); diff != "" {
		t.Errorf("APITokens after deleting (-want +got):\n%s", diff)
	}
}

func testAPITokenFailures(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := MustCreateUser(t, s, "owner@example.com", "Owner")
	o, _ := MustCreateOrganization(t, s, "acme", u)
	MustCreateAPIToken(t, s, o.ID, u.ID, "hash-1")

	dup := &store.APIToken{OrgID: o.ID, UserID: u.ID, Name: "again", TokenHash: "hash-1"}
	wantCode(t, s.CreateAPIToken(ctx, dup), fail.Conflict)
	if dup.ID != "" {
		t.Errorf("failed CreateAPIToken set ID %q", dup.ID)
	}
	outsider := MustCreateUser(t, s, "out@example.com", "Outsider")
	err := s.CreateAPIToken(ctx, &store.APIToken{OrgID: o.ID, UserID: outsider.ID, Name: "x", TokenHash: "hash-x"})
	wantFields(t, err, fail.Invalid, "user_id")
	err = s.CreateAPIToken(ctx, &store.APIToken{OrgID: "no-such-org", UserID: u.ID, Name: "x", TokenHash: "hash-y"})
	wantFields(t, err, fail.Invalid, "user_id")

	list, err := s.APITokens(ctx, o.ID, u.ID)
	if err != nil {
		t.Fatalf("APITokens: %v", err)
	}
	if len(list) != 1 {
		t.Errorf("APITokens = %+v, want the first token alone", list)
	}
}

func testDeleteAPITokenOfAnotherUserIsNotFound(t *testing.T, s store.Store) {
	ctx := context.Background()
	owner := MustCreateUser(t, s, "owner@example.com", "Owner")
	o, _ := MustCreateOrganization(t, s, "acme", owner)
	mia := MustCreateUser(t, s, "mia@example.com", "Mia")
	MustAddMember(t, s, o.ID, mia, store.RoleMember)
	tok := MustCreateAPIToken(t, s, o.ID, mia.ID, "hash-mia")

	err := s.DeleteAPIToken(ctx, o.ID, owner.ID, tok.ID)
	wantCode(t, err, fail.NotFound)
	missing := s.DeleteAPIToken(ctx, o.ID, owner.ID, "no-such-token")
	wantCode(t, missing, fail.NotFound)
	if got, err := s.APIToken(ctx, o.ID, "hash-mia"); err != nil || got.ID != tok.ID {
		t.Errorf("APIToken after another user's delete = %+v, %v; want it still there", got, err)
	}
}

func testIdempotencyKey(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	first := NewAssessment(l, "core-1")
	first.IdempotencyKey = "submit-1"
	in := *first
	MustCreateAssessment(t, s, first)

	// A draft saved since: a repeated submit must leave it, and everything else, alone.
	draft := &store.Draft{OrgID: l.OrgID, PersonID: l.PersonID, Instrument: "core-1", Answers: []byte(`{"q1":1}`), Position: 1}
	MustSaveDraft(t, s, draft)

	retry := NewAssessment(l, "core-1")
	retry.IdempotencyKey = "submit-1"
	retry.Management = 9
	err := s.CreateAssessment(ctx, retry)
	wantCode(t, err, fail.Conflict)
	if retry.ID != "" || !retry.CreatedAt.IsZero() {
		t.Errorf("failed CreateAssessment set ID %q, CreatedAt %v", retry.ID, retry.CreatedAt)
	}
	chosen := NewAssessment(l, "core-1")
	chosen.ID = "0190c8f0-0000-7000-8000-0000000000c1"
	chosen.IdempotencyKey = "submit-1"
	wantCode(t, s.CreateAssessment(ctx, chosen), fail.Conflict)
	_, err = s.Assessment(ctx, l.OrgID, chosen.ID)
	wantCode(t, err, fail.NotFound)

	list, err := s.Assessments(ctx, l.OrgID, store.AssessmentFilter{})
	if err != nil {
		t.Fatalf("Assessments: %v", err)
	}
	if diff := cmp.Diff([]string{first.ID}, idsOf(list)); diff != "" {
		t.Errorf("assessments after a repeated key (-want +got):\n%s", diff)
	}
	if got, err := s.Draft(ctx, l.OrgID, l.PersonID, "core-1"); err != nil {
		t.Errorf("a repeated key removed the draft: %v", err)
	} else if diff := cmp.Diff(draft, got, opts); diff != "" {
		t.Errorf("a repeated key changed the draft (-want +got):\n%s", diff)
	}

	want := in
	want.ID, want.CreatedAt = first.ID, first.CreatedAt
	want.Facets = sortedFacets(in.Facets)
	got, err := s.AssessmentByIdempotencyKey(ctx, l.OrgID, l.PersonID, "submit-1")
	if err != nil {
		t.Fatalf("AssessmentByIdempotencyKey: %v", err)
	}
	if diff := cmp.Diff(&want, got, opts); diff != "" {
		t.Errorf("AssessmentByIdempotencyKey (-want +got):\n%s", diff)
	}
	if got, err := s.Assessment(ctx, l.OrgID, first.ID); err != nil || got.IdempotencyKey != "submit-1" {
		t.Errorf("Assessment = %+v, %v; want its idempotency key kept", got, err)
	}
	_, err = s.AssessmentByIdempotencyKey(ctx, l.OrgID, l.PersonID, "submit-2")
	wantCode(t, err, fail.NotFound)

	// No key is no constraint: any number of assessments may have none.
	MustCreateAssessment(t, s, NewAssessment(l, "core-1"))
	MustCreateAssessment(t, s, NewAssessment(l, "core-1"))
	list, err = s.Assessments(ctx, l.OrgID, store.AssessmentFilter{})
	if err != nil {
		t.Fatalf("Assessments: %v", err)
	}
	if len(list) != 3 || list[0].IdempotencyKey != "" {
		t.Errorf("Assessments = %d, newest with key %q; want 3, newest with none", len(list), list[0].IdempotencyKey)
	}
}

func testIdempotencyKeyIsPerPerson(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	m := MustAddMember(t, s, l.OrgID, MustCreateUser(t, s, "mia@example.com", "Mia"), store.RoleMember)
	mine := NewAssessment(l, "core-1")
	mine.IdempotencyKey = "k"
	MustCreateAssessment(t, s, mine)
	hers := NewAssessment(store.Local{OrgID: l.OrgID, PersonID: m.PersonID}, "core-1")
	hers.IdempotencyKey = "k"
	MustCreateAssessment(t, s, hers)

	for person, want := range map[string]string{l.PersonID: mine.ID, m.PersonID: hers.ID} {
		got, err := s.AssessmentByIdempotencyKey(ctx, l.OrgID, person, "k")
		if err != nil {
			t.Fatalf("AssessmentByIdempotencyKey(%q): %v", person, err)
		}
		if got.ID != want {
			t.Errorf("AssessmentByIdempotencyKey(%q) = %q, want %q", person, got.ID, want)
		}
	}
}

// Everything of organisation A, asked for with organisation B's id, is not
// found, and nothing B lists is A's.
func testAccountsTenantIsolation(t *testing.T, s store.Store) {
	ctx := context.Background()
	ownerA := MustCreateUser(t, s, "a@example.com", "Ann A")
	orgA, mA := MustCreateOrganization(t, s, "org-a", ownerA)
	coachA := MustCreateUser(t, s, "coach-a@example.com", "Coach A")
	MustAddMember(t, s, orgA.ID, coachA, store.RoleCoach)
	if err := s.GrantCoach(ctx, orgA.ID, mA.PersonID, coachA.ID); err != nil {
		t.Fatalf("GrantCoach: %v", err)
	}
	tokA := MustCreateAPIToken(t, s, orgA.ID, ownerA.ID, "hash-a")
	aA := NewAssessment(store.Local{OrgID: orgA.ID, PersonID: mA.PersonID}, "core-1")
	aA.IdempotencyKey = "k"
	MustCreateAssessment(t, s, aA)
	MustSaveDraft(t, s, &store.Draft{OrgID: orgA.ID, PersonID: mA.PersonID, Instrument: "core-2", Answers: []byte(`{}`)})

	ownerB := MustCreateUser(t, s, "b@example.com", "Bo B")
	orgB, mB := MustCreateOrganization(t, s, "org-b", ownerB)
	tokB := MustCreateAPIToken(t, s, orgB.ID, ownerB.ID, "hash-b")
	B := orgB.ID

	notFound := map[string]func() error{
		"Membership":   func() error { return errOf(s.Membership(ctx, B, ownerA.ID)) },
		"Person":       func() error { return errOf(s.Person(ctx, B, mA.PersonID)) },
		"APIToken":     func() error { return errOf(s.APIToken(ctx, B, "hash-a")) },
		"Assessment":   func() error { return errOf(s.Assessment(ctx, B, aA.ID)) },
		"Draft":        func() error { return errOf(s.Draft(ctx, B, mA.PersonID, "core-2")) },
		"ByKey":        func() error { return errOf(s.AssessmentByIdempotencyKey(ctx, B, mA.PersonID, "k")) },
		"DeleteToken":  func() error { return s.DeleteAPIToken(ctx, B, ownerA.ID, tokA.ID) },
		"DeleteTokenB": func() error { return s.DeleteAPIToken(ctx, B, ownerB.ID, tokA.ID) },
	}
	for name, call := range notFound {
		if err := call(); fail.Code(err) != fail.NotFound {
			t.Errorf("%s of organisation A's object with B's id: error %v, want %s", name, err, fail.NotFound)
		}
	}

	people, err := s.People(ctx, B)
	if err != nil {
		t.Fatalf("People: %v", err)
	}
	if len(people) != 1 || people[0].ID != mB.PersonID {
		t.Errorf("People(B) = %+v, want B's owner alone", people)
	}
	for name, list := range map[string]func() ([]string, error){
		"CoachGrants":   func() ([]string, error) { return s.CoachGrants(ctx, B, mA.PersonID) },
		"CoachedPeople": func() ([]string, error) { return s.CoachedPeople(ctx, B, coachA.ID) },
	} {
		if ids, err := list(); err != nil || len(ids) != 0 {
			t.Errorf("%s(B, A's id) = %v, %v; want none", name, ids, err)
		}
	}
	if toks, err := s.APITokens(ctx, B, ownerA.ID); err != nil || len(toks) != 0 {
		t.Errorf("APITokens(B, A's owner) = %+v, %v; want none", toks, err)
	}
	if toks, err := s.APITokens(ctx, B, ownerB.ID); err != nil || len(toks) != 1 || toks[0].ID != tokB.ID {
		t.Errorf("APITokens(B, B's owner) = %+v, %v; want B's token alone", toks, err)
	}
	for _, f := range []store.AssessmentFilter{{}, {PersonID: mA.PersonID}} {
		if list, err := s.Assessments(ctx, B, f); err != nil || len(list) != 0 {
			t.Errorf("Assessments(B, %+v) = %v, %v; want none", f, idsOf(list), err)
		}
	}
	if ms, err := s.Memberships(ctx, ownerA.ID); err != nil || len(ms) != 1 || ms[0].OrgID != orgA.ID {
		t.Errorf("Memberships(A's owner) = %+v, %v; want A's alone", ms, err)
	}

	// Writes with B's id cannot reach or tie to A's rows.
	if err := s.RevokeCoach(ctx, B, mA.PersonID, coachA.ID); err != nil {
		t.Fatalf("RevokeCoach(B): %v", err)
	}
	wantFields(t, s.GrantCoach(ctx, B, mA.PersonID, ownerB.ID), fail.Invalid, "person_id")
	wantFields(t, s.GrantCoach(ctx, B, mB.PersonID, coachA.ID), fail.Invalid, "coach_user_id")
	wantFields(t, s.CreateAPIToken(ctx, &store.APIToken{OrgID: B, UserID: ownerA.ID, Name: "x", TokenHash: "hash-x"}), fail.Invalid, "user_id")

	// And A's rows are all still there.
	if ids, err := s.CoachGrants(ctx, orgA.ID, mA.PersonID); err != nil || !slices.Equal(ids, []string{coachA.ID}) {
		t.Errorf("CoachGrants(A) = %v, %v; want A's coach", ids, err)
	}
	if got, err := s.APIToken(ctx, orgA.ID, "hash-a"); err != nil || got.ID != tokA.ID {
		t.Errorf("APIToken(A) = %+v, %v; want A's token", got, err)
	}
	if got, err := s.AssessmentByIdempotencyKey(ctx, orgA.ID, mA.PersonID, "k"); err != nil || got.ID != aA.ID {
		t.Errorf("AssessmentByIdempotencyKey(A) = %+v, %v; want A's assessment", got, err)
	}
}

func errOf[T any](_ T, err error) error { return err }

func testAccountsInvalidInputs(t *testing.T, s store.Store) {
	ctx := context.Background()
	user := func(change func(u *store.User)) *store.User {
		u := &store.User{ID: "u", Email: "ann@example.com", Name: "Ann"}
		change(u)
		return u
	}
	session := func(change func(x *store.Session)) *store.Session {
		x := &store.Session{TokenHash: "h", UserID: "u", ExpiresAt: at}
		change(x)
		return x
	}
	org := func(change func(o *store.Organization)) *store.Organization {
		o := &store.Organization{Slug: "acme", Name: "Acme"}
		change(o)
		return o
	}
	token := func(change func(x *store.APIToken)) *store.APIToken {
		x := &store.APIToken{OrgID: "o", UserID: "u", Name: "n", TokenHash: "h"}
		change(x)
		return x
	}
	owner := user(func(*store.User) {})
	tests := []struct {
		name  string
		call  func() error
		field string
	}{
		{"create nil user", func() error { return s.CreateUser(ctx, nil) }, "user"},
		{"create user no email", func() error { return s.CreateUser(ctx, user(func(u *store.User) { u.Email = " " })) }, "email"},
		{"create user bad email", func() error { return s.CreateUser(ctx, user(func(u *store.User) { u.Email = "ann.example.com" })) }, "email"},
		{"user no id", func() error { return errOf(s.User(ctx, "")) }, "id"},
		{"user by no email", func() error { return errOf(s.UserByEmail(ctx, " ")) }, "email"},

		{"create nil session", func() error { return s.CreateSession(ctx, nil) }, "session"},
		{"create session no hash", func() error { return s.CreateSession(ctx, session(func(x *store.Session) { x.TokenHash = "" })) }, "token_hash"},
		{"create session no user", func() error { return s.CreateSession(ctx, session(func(x *store.Session) { x.UserID = "" })) }, "user_id"},
		{"create session no expiry", func() error {
			return s.CreateSession(ctx, session(func(x *store.Session) { x.ExpiresAt = time.Time{} }))
		}, "expires_at"},
		{"session no hash", func() error { return errOf(s.Session(ctx, "", at)) }, "token_hash"},
		{"delete session no hash", func() error { return s.DeleteSession(ctx, "") }, "token_hash"},

		{"create nil organisation", func() error { return errOf(s.CreateOrganization(ctx, nil, owner)) }, "organization"},
		{"create organisation no slug", func() error {
			return errOf(s.CreateOrganization(ctx, org(func(o *store.Organization) { o.Slug = "" }), owner))
		}, "slug"},
		{"create organisation bad slug", func() error {
			return errOf(s.CreateOrganization(ctx, org(func(o *store.Organization) { o.Slug = "Acme Corp" }), owner))
		}, "slug"},
		{"create organisation no name", func() error {
			return errOf(s.CreateOrganization(ctx, org(func(o *store.Organization) { o.Name = " " }), owner))
		}, "name"},
		{"create organisation nil owner", func() error { return errOf(s.CreateOrganization(ctx, org(func(*store.Organization) {}), nil)) }, "owner"},
		{"create organisation owner no id", func() error {
			return errOf(s.CreateOrganization(ctx, org(func(*store.Organization) {}), user(func(u *store.User) { u.ID = "" })))
		}, "owner_id"},
		{"create organisation owner bad email", func() error {
			return errOf(s.CreateOrganization(ctx, org(func(*store.Organization) {}), user(func(u *store.User) { u.Email = "ann" })))
		}, "owner_email"},

		{"add member no org", func() error { return errOf(s.AddMember(ctx, "", owner, store.RoleMember)) }, "org_id"},
		{"add nil member", func() error { return errOf(s.AddMember(ctx, "o", nil, store.RoleMember)) }, "user"},
		{"add member no id", func() error {
			return errOf(s.AddMember(ctx, "o", user(func(u *store.User) { u.ID = "" }), store.RoleMember))
		}, "user_id"},
		{"add member bad email", func() error {
			return errOf(s.AddMember(ctx, "o", user(func(u *store.User) { u.Email = "" }), store.RoleMember))
		}, "email"},
		{"add member bad role", func() error { return errOf(s.AddMember(ctx, "o", owner, "Owner")) }, "role"},
		{"add member no role", func() error { return errOf(s.AddMember(ctx, "o", owner, "")) }, "role"},
		{"memberships no user", func() error { return errOf(s.Memberships(ctx, "")) }, "user_id"},
		{"membership no org", func() error { return errOf(s.Membership(ctx, "", "u")) }, "org_id"},
		{"membership no user", func() error { return errOf(s.Membership(ctx, "o", "")) }, "user_id"},
		{"people no org", func() error { return errOf(s.People(ctx, "")) }, "org_id"},
		{"person no org", func() error { return errOf(s.Person(ctx, "", "p")) }, "org_id"},
		{"person no id", func() error { return errOf(s.Person(ctx, "o", "")) }, "id"},

		{"grant no org", func() error { return s.GrantCoach(ctx, "", "p", "c") }, "org_id"},
		{"grant no person", func() error { return s.GrantCoach(ctx, "o", "", "c") }, "person_id"},
		{"grant no coach", func() error { return s.GrantCoach(ctx, "o", "p", "") }, "coach_user_id"},
		{"revoke no coach", func() error { return s.RevokeCoach(ctx, "o", "p", " ") }, "coach_user_id"},
		{"coach grants no org", func() error { return errOf(s.CoachGrants(ctx, "", "p")) }, "org_id"},
		{"coach grants no person", func() error { return errOf(s.CoachGrants(ctx, "o", "")) }, "person_id"},
		{"coached people no coach", func() error { return errOf(s.CoachedPeople(ctx, "o", "")) }, "coach_user_id"},

		{"create nil token", func() error { return s.CreateAPIToken(ctx, nil) }, "api_token"},
		{"create token no org", func() error { return s.CreateAPIToken(ctx, token(func(x *store.APIToken) { x.OrgID = "" })) }, "org_id"},
		{"create token no user", func() error { return s.CreateAPIToken(ctx, token(func(x *store.APIToken) { x.UserID = "" })) }, "user_id"},
		{"create token no name", func() error { return s.CreateAPIToken(ctx, token(func(x *store.APIToken) { x.Name = "" })) }, "name"},
		{"create token no hash", func() error { return s.CreateAPIToken(ctx, token(func(x *store.APIToken) { x.TokenHash = "" })) }, "token_hash"},
		{"token no org", func() error { return errOf(s.APIToken(ctx, "", "h")) }, "org_id"},
		{"token no hash", func() error { return errOf(s.APIToken(ctx, "o", "")) }, "token_hash"},
		{"tokens no user", func() error { return errOf(s.APITokens(ctx, "o", "")) }, "user_id"},
		{"delete token no id", func() error { return s.DeleteAPIToken(ctx, "o", "u", "") }, "id"},
		{"delete token no user", func() error { return s.DeleteAPIToken(ctx, "o", "", "t") }, "user_id"},

		{"by key no org", func() error { return errOf(s.AssessmentByIdempotencyKey(ctx, "", "p", "k")) }, "org_id"},
		{"by key no person", func() error { return errOf(s.AssessmentByIdempotencyKey(ctx, "o", "", "k")) }, "person_id"},
		{"by key no key", func() error { return errOf(s.AssessmentByIdempotencyKey(ctx, "o", "p", "")) }, "idempotency_key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			wantFields(t, err, fail.Invalid, tt.field)
			if msg := fail.Message(err); !containsWord(msg, tt.field) {
				t.Errorf("message %q does not name %q", msg, tt.field)
			}
		})
	}
}

// containsWord reports whether the message names field as a whole word of
// its field list, so "id" is not found inside "user_id".
func containsWord(msg, field string) bool {
	for _, w := range splitFields(msg) {
		if w == field {
			return true
		}
	}
	return false
}

func splitFields(msg string) []string {
	var words []string
	start := -1
	for i, r := range msg + " " {
		word := r == '_' || r == '[' || r == ']' || (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9')
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			words = append(words, msg[start:i])
			start = -1
		}
	}
	return words
}

func testPing(t *testing.T, s store.Store) {
	if err := s.Ping(context.Background()); err != nil {
		t.Errorf("Ping: %v", err)
	}
}

// testPrincipals checks the one-read principal lookups against the separate
// reads they stand for, and that they find nothing they should not.
func testPrincipals(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := MustCreateUser(t, s, "ann@example.com", "Ann")
	_, m := MustCreateOrganization(t, s, "acme", u)
	other := MustCreateUser(t, s, "bob@example.com", "Bob")
	_, om := MustCreateOrganization(t, s, "other", other)
	MustCreateAPIToken(t, s, m.OrgID, u.ID, "tok-hash")

	wantUser, err := s.User(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantMember, err := s.Membership(ctx, m.OrgID, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	gotUser, gotMember, err := s.TokenPrincipal(ctx, m.OrgID, "tok-hash")
	if err != nil {
		t.Fatalf("TokenPrincipal: %v", err)
	}
	if diff := cmp.Diff(wantUser, gotUser); diff != "" {
		t.Errorf("TokenPrincipal user (-User +TokenPrincipal):\n%s", diff)
	}
	if diff := cmp.Diff(wantMember, gotMember); diff != "" {
		t.Errorf("TokenPrincipal membership (-Membership +TokenPrincipal):\n%s", diff)
	}
	_, _, err = s.TokenPrincipal(ctx, om.OrgID, "tok-hash")
	wantCode(t, err, fail.NotFound)
	_, _, err = s.TokenPrincipal(ctx, m.OrgID, "no-such-hash")
	wantCode(t, err, fail.NotFound)

	sess := &store.Session{TokenHash: "sess-hash", UserID: u.ID, OrgID: m.OrgID, CreatedAt: at, ExpiresAt: at.Add(time.Hour)}
	if err := s.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	wantSess, err := s.Session(ctx, "sess-hash", at)
	if err != nil {
		t.Fatal(err)
	}
	gotSess, gotUser, gotMember, err := s.SessionPrincipal(ctx, "sess-hash", at)
	if err != nil {
		t.Fatalf("SessionPrincipal: %v", err)
	}
	if diff := cmp.Diff(wantSess, gotSess); diff != "" {
		t.Errorf("SessionPrincipal session (-Session +SessionPrincipal):\n%s", diff)
	}
	if diff := cmp.Diff(wantUser, gotUser); diff != "" {
		t.Errorf("SessionPrincipal user:\n%s", diff)
	}
	if diff := cmp.Diff(wantMember, gotMember); diff != "" {
		t.Errorf("SessionPrincipal membership:\n%s", diff)
	}
	_, _, _, err = s.SessionPrincipal(ctx, "sess-hash", at.Add(time.Hour))
	wantCode(t, err, fail.NotFound) // expired
	// A session in no organisation acts as nobody yet.
	if err := s.CreateSession(ctx, &store.Session{TokenHash: "bare", UserID: u.ID, ExpiresAt: at.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	_, _, _, err = s.SessionPrincipal(ctx, "bare", at)
	wantCode(t, err, fail.NotFound)
}

// testConcurrentCreatesFailAlone submits many assessments at once, some of
// them bound to fail (an unknown person, a repeated idempotency key). A
// store that writes concurrent submits together (group commit) must fail
// each bad one alone: every good one is stored, no bad one is, and each
// caller hears its own outcome.
func testConcurrentCreatesFailAlone(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	const n = 96
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			a := NewAssessment(l, "core@1")
			switch i % 4 {
			case 1:
				a.PersonID = "nobody"
			case 2:
				a.IdempotencyKey = "shared-key"
			}
			errs[i] = s.CreateAssessment(ctx, a)
		}(i)
	}
	wg.Wait()
	ok, keyed := 0, 0
	for i, err := range errs {
		switch i % 4 {
		case 1:
			wantCode(t, err, fail.Invalid)
		case 2:
			if err == nil {
				keyed++
			} else {
				wantCode(t, err, fail.Conflict)
			}
		default:
			if err != nil {
				t.Errorf("submit %d failed alongside bad ones: %v", i, err)
			} else {
				ok++
			}
		}
	}
	if keyed != 1 {
		t.Errorf("%d submits with one idempotency key were stored, want exactly 1", keyed)
	}
	list, err := s.Assessments(ctx, l.OrgID, store.AssessmentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(list), ok+keyed; got != want {
		t.Errorf("%d assessments stored, want %d (the acknowledged ones)", got, want)
	}
	for _, a := range list {
		if len(a.Facets) != 3 {
			t.Errorf("assessment %s has %d facet rows, want 3", a.ID, len(a.Facets))
		}
	}
}

// testOrgMemberships: one read lists exactly the organisation's memberships,
// with each member's person and role, and none of another organisation's.
func testOrgMemberships(t *testing.T, s store.Store) {
	ctx := context.Background()
	owner := MustCreateUser(t, s, "own@example.com", "Own")
	other := MustCreateUser(t, s, "oth@example.com", "Oth")
	org, om := MustCreateOrganization(t, s, "members", owner)
	otherOrg, _ := MustCreateOrganization(t, s, "elsewhere", other)
	coach := MustCreateUser(t, s, "coach@example.com", "Coach")
	cm, err := s.AddMember(ctx, org.ID, coach, store.RoleCoach)
	if err != nil {
		t.Fatal(err)
	}
	// A person without an account is no membership.
	if _, err := s.EnsurePerson(ctx, org.ID, "plain@example.com", "Plain"); err != nil {
		t.Fatal(err)
	}
	list, err := s.OrgMemberships(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 {
		t.Fatalf("OrgMemberships = %+v, want the owner and the coach", list)
	}
	want := map[string]store.Membership{om.UserID: *om, cm.UserID: *cm}
	for _, m := range list {
		w, ok := want[m.UserID]
		if !ok || m.OrgID != org.ID || m.PersonID != w.PersonID || m.Role != w.Role || m.OrgName != org.Name {
			t.Errorf("membership %+v, want %+v", m, w)
		}
	}
	if list[0].UserID != owner.ID {
		t.Errorf("oldest first: the first is %s, want the owner", list[0].UserID)
	}
	if got, err := s.OrgMemberships(ctx, otherOrg.ID); err != nil || len(got) != 1 || got[0].UserID != other.ID {
		t.Errorf("the other organisation: %+v, %v", got, err)
	}
	_, err = s.OrgMemberships(ctx, "")
	wantCode(t, err, fail.Invalid)
}
