package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
)

// teamsTests are the contract of store.Teams.
var teamsTests = []struct {
	name string
	test func(t *testing.T, s store.Store)
}{
	{"TeamsTree", testTeamsTree},
	{"TeamMembers", testTeamMembers},
	{"Mentors", testMentors},
	{"LatestScores", testLatestScores},
	{"LatestScoresFollowNewestCreate", testLatestScoresFollowNewestCreate},
	{"LatestScoresFollowNewestImport", testLatestScoresFollowNewestImport},
	{"LatestScoresGoWithPerson", testLatestScoresGoWithPerson},
	{"ImportAssessmentsIsAllOrNothingPerBatch", testImportAssessmentsAllOrNothing},
	{"ImportAssessmentsSaysWhatIsStored", testImportAssessmentsSaysWhatIsStored},
	{"ImportAssessmentsLatestAcrossBatches", testImportLatestAcrossBatches},
	{"ImportPeopleTeamsAssessments", testImports},
	{"ImportPeopleIsAllOrNothing", testImportPeopleAllOrNothing},
	{"DeletePersonData", testDeletePersonData},
	{"ExportOrg", testExportOrg},
	{"TeamsTenantIsolation", testTeamsTenantIsolation},
}

// MustSaveTeam saves a team of the organisation, failing the test on error.
func MustSaveTeam(tb testing.TB, s store.Store, orgID, id, parent, name string) *store.Team {
	tb.Helper()
	t := &store.Team{OrgID: orgID, ID: id, ParentID: parent, Name: name, Contexts: []string{"startup"}, Phase: "growth"}
	if err := s.SaveTeam(context.Background(), t); err != nil {
		tb.Fatalf("SaveTeam(%q): %v", id, err)
	}
	return t
}

// MustEnsurePerson returns the organisation's person with the email,
// failing the test on error.
func MustEnsurePerson(tb testing.TB, s store.Store, orgID, email string) *store.Person {
	tb.Helper()
	p, err := s.EnsurePerson(context.Background(), orgID, email, email)
	if err != nil {
		tb.Fatalf("EnsurePerson(%q): %v", email, err)
	}
	return p
}

func testTeamsTree(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	org := MustSaveTeam(t, s, l.OrgID, "org", "", "Company")
	eng := MustSaveTeam(t, s, l.OrgID, "eng", "org", "Engineering")
	MustSaveTeam(t, s, l.OrgID, "web", "eng", "Web")
	if org.CreatedAt.IsZero() {
		t.Error("SaveTeam did not set CreatedAt")
	}
	got, err := s.Team(ctx, l.OrgID, "eng")
	if err != nil {
		t.Fatal(err)
	}
	want := store.Team{OrgID: l.OrgID, ID: "eng", ParentID: "org", Name: "Engineering", Contexts: []string{"startup"}, Phase: "growth"}
	if diff := cmp.Diff(want, *got, cmpIgnoreCreated); diff != "" {
		t.Errorf("Team (-want +got):\n%s", diff)
	}
	// Replacing keeps the id and changes the rest.
	eng.Name, eng.Contexts, eng.Phase = "Product engineering", []string{"mature", "compliance-critical"}, ""
	if err := s.SaveTeam(ctx, eng); err != nil {
		t.Fatal(err)
	}
	list, err := s.ListTeams(ctx, l.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tm := range list {
		names = append(names, tm.Name)
	}
	if diff := cmp.Diff([]string{"Company", "Product engineering", "Web"}, names); diff != "" {
		t.Errorf("ListTeams names (-want +got):\n%s", diff)
	}
	if got, _ := s.Team(ctx, l.OrgID, "eng"); got == nil || !slices.Equal(got.Contexts, []string{"mature", "compliance-critical"}) || got.Phase != "" {
		t.Errorf("after replace: %+v", got)
	}

	// A cycle, a missing parent and a self-parent are refused.
	err = s.SaveTeam(ctx, &store.Team{OrgID: l.OrgID, ID: "org", ParentID: "web", Name: "Company"})
	wantFields(t, err, fail.Invalid, "parent_id")
	err = s.SaveTeam(ctx, &store.Team{OrgID: l.OrgID, ID: "x", ParentID: "nope", Name: "X"})
	wantFields(t, err, fail.Invalid, "parent_id")
	err = s.SaveTeam(ctx, &store.Team{OrgID: l.OrgID, ID: "x", ParentID: "x", Name: "X"})
	wantFields(t, err, fail.Invalid, "parent_id")
	err = s.SaveTeam(ctx, &store.Team{OrgID: l.OrgID, Name: " "})
	wantFields(t, err, fail.Invalid, "name")

	// Deleting a parent is refused; a leaf goes, and then its parent.
	wantCode(t, s.DeleteTeam(ctx, l.OrgID, "eng"), fail.Conflict)
	if err := s.DeleteTeam(ctx, l.OrgID, "web"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteTeam(ctx, l.OrgID, "eng"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DeleteTeam(ctx, l.OrgID, "eng"), fail.NotFound)
	_, err = s.Team(ctx, l.OrgID, "eng")
	wantCode(t, err, fail.NotFound)

	// An id left empty is made by the store.
	auto := &store.Team{OrgID: l.OrgID, Name: "Auto"}
	if err := s.SaveTeam(ctx, auto); err != nil || auto.ID == "" {
		t.Errorf("SaveTeam without id: id %q, %v", auto.ID, err)
	}
}

var cmpIgnoreCreated = cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".CreatedAt" }, cmp.Ignore())

func testTeamMembers(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	MustSaveTeam(t, s, l.OrgID, "eng", "", "Engineering")
	MustSaveTeam(t, s, l.OrgID, "ops", "", "Operations")
	ann := MustEnsurePerson(t, s, l.OrgID, "ann@example.com")
	role := MustCreateRole(t, s, l.OrgID, "Team lead", `{"contexts":["startup"]}`)

	for _, m := range []store.TeamMember{
		{OrgID: l.OrgID, TeamID: "eng", PersonID: ann.ID},
		{OrgID: l.OrgID, TeamID: "ops", PersonID: ann.ID, ProposedRole: role.ID},
		{OrgID: l.OrgID, TeamID: "eng", PersonID: l.PersonID, RoleHeld: role.ID},
	} {
		if err := s.SetTeamMember(ctx, &m); err != nil {
			t.Fatalf("SetTeamMember(%+v): %v", m, err)
		}
	}
	// Setting again updates the roles.
	if err := s.SetTeamMember(ctx, &store.TeamMember{OrgID: l.OrgID, TeamID: "eng", PersonID: ann.ID, ProposedRole: role.ID}); err != nil {
		t.Fatal(err)
	}
	got, err := s.TeamMembers(ctx, l.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.TeamMember{
		{OrgID: l.OrgID, TeamID: "eng", PersonID: ann.ID, ProposedRole: role.ID},
		{OrgID: l.OrgID, TeamID: "eng", PersonID: l.PersonID, RoleHeld: role.ID},
		{OrgID: l.OrgID, TeamID: "ops", PersonID: ann.ID, ProposedRole: role.ID},
	}
	slices.SortFunc(want, func(a, b store.TeamMember) int {
		return cmpStrings(a.TeamID+"\x00"+a.PersonID, b.TeamID+"\x00"+b.PersonID)
	})
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("TeamMembers (-want +got):\n%s", diff)
	}
	if err := s.RemoveTeamMember(ctx, l.OrgID, "ops", ann.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveTeamMember(ctx, l.OrgID, "ops", ann.ID); err != nil {
		t.Errorf("removing twice: %v", err)
	}
	if got, _ := s.TeamMembers(ctx, l.OrgID); len(got) != 2 {
		t.Errorf("after remove: %d memberships, want 2", len(got))
	}
	for _, m := range []store.TeamMember{
		{OrgID: l.OrgID, TeamID: "nope", PersonID: ann.ID},
		{OrgID: l.OrgID, TeamID: "eng", PersonID: "nobody"},
		{OrgID: l.OrgID, TeamID: "eng", PersonID: ann.ID, RoleHeld: "no-role"},
	} {
		wantCode(t, s.SetTeamMember(ctx, &m), fail.Invalid)
	}
	wantFields(t, s.SetTeamMember(ctx, &store.TeamMember{OrgID: l.OrgID}), fail.Invalid, "team_id", "person_id")
}

func cmpStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func testMentors(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	ann := MustEnsurePerson(t, s, l.OrgID, "ann@example.com")
	for _, id := range []string{ann.ID, l.PersonID, ann.ID} {
		if err := s.SetMentor(ctx, l.OrgID, id, true); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.MentorIDs(ctx, l.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{ann.ID, l.PersonID}
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("MentorIDs (-want +got):\n%s", diff)
	}
	if err := s.SetMentor(ctx, l.OrgID, ann.ID, false); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.MentorIDs(ctx, l.OrgID); !slices.Equal(got, []string{l.PersonID}) {
		t.Errorf("after opting out: %v", got)
	}
	wantCode(t, s.SetMentor(ctx, l.OrgID, "nobody", true), fail.Invalid)
}

func testLatestScores(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	ann := MustEnsurePerson(t, s, l.OrgID, "ann@example.com")
	MustEnsurePerson(t, s, l.OrgID, "never@example.com")
	old := NewAssessment(l, "core@1")
	MustCreateAssessment(t, s, old)
	newer := NewAssessment(l, "core@1")
	newer.Management, newer.Quadrant = 77.5, "balanced"
	newer.Facets = []store.FacetScore{{Scale: "management", Facet: "planning", Score: 80}, {Scale: "leadership", Facet: "vision", Score: 40}}
	MustCreateAssessment(t, s, newer)
	a := NewAssessment(store.Local{OrgID: l.OrgID, PersonID: ann.ID}, "core@1")
	MustCreateAssessment(t, s, a)

	got, err := s.LatestScores(ctx, l.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.LatestScores{
		{PersonID: l.PersonID, AssessmentID: newer.ID, Management: 77.5, Leadership: -1.5, Quadrant: "balanced",
			Facets: []store.FacetScore{{Scale: "leadership", Facet: "vision", Score: 40}, {Scale: "management", Facet: "planning", Score: 80}}},
		{PersonID: ann.ID, AssessmentID: a.ID, Management: 0.25, Leadership: -1.5, Quadrant: "leader", Facets: sortedFacets(a.Facets)},
	}
	slices.SortFunc(want, func(x, y store.LatestScores) int { return cmpStrings(x.PersonID, y.PersonID) })
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LatestScores (-want +got):\n%s", diff)
	}
}

func testImports(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	people := make([]store.Person, 30)
	for i := range people {
		people[i] = store.Person{Email: fmt.Sprintf("p%02d@example.com", i), Name: fmt.Sprintf("Person %02d", i)}
	}
	if err := s.ImportPeople(ctx, l.OrgID, people); err != nil {
		t.Fatal(err)
	}
	all, err := s.People(ctx, l.OrgID)
	if err != nil || len(all) != 31 {
		t.Fatalf("People after import: %d, %v; want 31", len(all), err)
	}
	// Children listed before their parents still import.
	teams := []store.Team{
		{ID: "web", ParentID: "eng", Name: "Web"},
		{ID: "eng", ParentID: "co", Name: "Engineering", Contexts: []string{"startup"}},
		{ID: "co", Name: "Company", Phase: "growth"},
	}
	members := []store.TeamMember{{TeamID: "web", PersonID: people[0].ID}, {TeamID: "eng", PersonID: people[1].ID}}
	if err := s.ImportTeams(ctx, l.OrgID, teams, members); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.ListTeams(ctx, l.OrgID); len(got) != 3 {
		t.Errorf("teams after import: %d, want 3", len(got))
	}
	// A bad membership rolls back the whole teams import.
	err = s.ImportTeams(ctx, l.OrgID, []store.Team{{ID: "new", Name: "New"}}, []store.TeamMember{{TeamID: "new", PersonID: "nobody"}})
	wantCode(t, err, fail.Invalid)
	if _, err := s.Team(ctx, l.OrgID, "new"); fail.Code(err) != fail.NotFound {
		t.Errorf("a failed teams import left team new: %v", err)
	}

	var list []store.Assessment
	base := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	for i, p := range people {
		a := NewAssessment(store.Local{OrgID: l.OrgID, PersonID: p.ID}, "core@1")
		a.CreatedAt = base.Add(time.Duration(i) * time.Minute)
		list = append(list, *a)
	}
	if err := s.ImportAssessments(ctx, list); err != nil {
		t.Fatal(err)
	}
	scores, err := s.LatestScores(ctx, l.OrgID)
	if err != nil || len(scores) != 30 {
		t.Fatalf("LatestScores after import: %d, %v; want 30", len(scores), err)
	}
	got, err := s.Assessment(ctx, l.OrgID, list[3].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.CreatedAt.Equal(list[3].CreatedAt) || len(got.Facets) != 3 || string(got.Answers) != string(list[3].Answers) {
		t.Errorf("imported assessment: %+v", got)
	}
	bad := *NewAssessment(store.Local{OrgID: l.OrgID, PersonID: "nobody"}, "core@1")
	if err := s.ImportAssessments(ctx, []store.Assessment{bad}); fail.Code(err) != fail.Invalid {
		t.Errorf("importing an assessment of nobody: %v, want %s", err, fail.Invalid)
	}
}

func testImportPeopleAllOrNothing(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	err := s.ImportPeople(ctx, l.OrgID, []store.Person{{Email: "new@example.com", Name: "New"}, {Email: store.LocalPersonEmail, Name: "Again"}})
	wantCode(t, err, fail.Conflict)
	if all, _ := s.People(ctx, l.OrgID); len(all) != 1 {
		t.Errorf("a failed import left %d people, want 1", len(all))
	}
}

func testDeletePersonData(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	gone := MustEnsurePerson(t, s, l.OrgID, "Gone@Example.com")
	stays := MustEnsurePerson(t, s, l.OrgID, "stays@example.com")
	as := store.Local{OrgID: l.OrgID, PersonID: gone.ID}
	MustCreateAssessment(t, s, NewAssessment(as, "core@1"))
	MustCreateAssessment(t, s, NewAssessment(store.Local{OrgID: l.OrgID, PersonID: stays.ID}, "core@1"))
	MustSaveDraft(t, s, &store.Draft{OrgID: l.OrgID, PersonID: gone.ID, Instrument: "core@1", Answers: []byte(`{}`)})
	MustCreatePlan(t, s, l.OrgID, gone.ID)
	MustAddJournalEntry(t, s, NewJournalEntry(l.OrgID, gone.ID, time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)))
	MustAddStory(t, s, NewStory(l.OrgID, gone.ID, "The audit"))
	MustSaveTeam(t, s, l.OrgID, "eng", "", "Engineering")
	for _, id := range []string{gone.ID, stays.ID} {
		if err := s.SetTeamMember(ctx, &store.TeamMember{OrgID: l.OrgID, TeamID: "eng", PersonID: id}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetMentor(ctx, l.OrgID, id, true); err != nil {
			t.Fatal(err)
		}
	}
	// A 360 about them, and a rater link they were sent about someone else,
	// with a response.
	about, _ := MustCreateCampaign(t, s, l.OrgID, gone.ID)
	MustAddRater(t, s, about, "peer@example.com", store.GroupPeer, "h-about-peer")
	other, _ := MustCreateCampaign(t, s, l.OrgID, stays.ID)
	link := MustAddRater(t, s, other, "gone@example.com", store.GroupPeer, "h-gone-link")
	MustAddRater(t, s, other, "peer2@example.com", store.GroupPeer, "h-other-peer")
	MustMoveCampaign(t, s, other, store.CampaignOpen)
	if _, err := saveResponse(s, other, link, 4, true); err != nil {
		t.Fatal(err)
	}

	before, err := s.PersonData(ctx, l.OrgID, gone.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"people", "assessments", "latest_scores", "drafts", "plans", "journal_entries",
		"team_members", "mentors", "campaigns_about", "raters_of_campaigns_about", "rater_links", "responses", "stories"} {
		if before[table] == 0 {
			t.Errorf("before deletion, %s counts 0 rows of the person", table)
		}
	}
	stayBefore, _ := s.PersonData(ctx, l.OrgID, stays.ID)

	deleted, err := s.DeletePersonData(ctx, l.OrgID, gone.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, deleted); diff != "" {
		t.Errorf("DeletePersonData reported (-counted +deleted):\n%s", diff)
	}
	after, err := s.PersonData(ctx, l.OrgID, gone.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Total() != 0 {
		t.Errorf("after deletion, rows remain: %v", after)
	}
	// Nothing of anyone else went: the other person keeps everything but
	// the deleted person's rater link and response in their campaign.
	stayAfter, _ := s.PersonData(ctx, l.OrgID, stays.ID)
	stayBefore["responses"]--
	stayBefore["raters_of_campaigns_about"]--
	if diff := cmp.Diff(stayBefore, stayAfter); diff != "" {
		t.Errorf("the other person's data changed (-want +got):\n%s", diff)
	}
	_, err = s.DeletePersonData(ctx, l.OrgID, gone.ID)
	wantCode(t, err, fail.NotFound)
	if _, err := s.Person(ctx, l.OrgID, gone.ID); fail.Code(err) != fail.NotFound {
		t.Errorf("Person after deletion: %v, want not found", err)
	}
}

func testExportOrg(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	MustCreateAssessment(t, s, NewAssessment(l, "core@1"))
	MustSaveTeam(t, s, l.OrgID, "eng", "", "Engineering")
	owner := MustCreateUser(t, s, "other@example.com", "Other")
	otherOrg, _ := MustCreateOrganization(t, s, "other", owner)
	MustSaveTeam(t, s, otherOrg.ID, "secret-team", "", "Secret team")

	rows := map[string]int{}
	err := s.ExportOrg(ctx, l.OrgID, func(table string, cols, row []string) error {
		rows[table]++
		for i, c := range cols {
			if c == "token_hash" || c == "password_hash" {
				t.Errorf("%s exports %s", table, c)
			}
			if row[i] == otherOrg.ID || row[i] == "secret-team" {
				t.Errorf("%s exports the other organisation's row: %v", table, row)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"organizations": 1, "people": 1, "assessments": 1, "latest_scores": 1, "teams": 1}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("exported rows by table (-want +got):\n%s", diff)
	}
}

func testTeamsTenantIsolation(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	owner := MustCreateUser(t, s, "b@example.com", "B")
	b, bm := MustCreateOrganization(t, s, "b-org", owner)
	MustSaveTeam(t, s, b.ID, "b-team", "", "B team")
	if err := s.SetTeamMember(ctx, &store.TeamMember{OrgID: b.ID, TeamID: "b-team", PersonID: bm.PersonID}); err != nil {
		t.Fatal(err)
	}
	_, err := s.Team(ctx, l.OrgID, "b-team")
	wantCode(t, err, fail.NotFound)
	wantCode(t, s.SaveTeam(ctx, &store.Team{OrgID: l.OrgID, ID: "a", ParentID: "b-team", Name: "A"}), fail.Invalid)
	MustSaveTeam(t, s, l.OrgID, "a", "", "A")
	wantCode(t, s.SetTeamMember(ctx, &store.TeamMember{OrgID: l.OrgID, TeamID: "a", PersonID: bm.PersonID}), fail.Invalid)
	wantCode(t, s.SetTeamMember(ctx, &store.TeamMember{OrgID: l.OrgID, TeamID: "b-team", PersonID: l.PersonID}), fail.Invalid)
	if got, _ := s.TeamMembers(ctx, l.OrgID); len(got) != 0 {
		t.Errorf("A sees memberships: %v", got)
	}
	_, err = s.DeletePersonData(ctx, l.OrgID, bm.PersonID)
	wantCode(t, err, fail.NotFound)
	wantCode(t, s.SetMentor(ctx, l.OrgID, bm.PersonID, true), fail.Invalid)
}

// latestOf returns the person's latest scores, or nil if LatestScores has none.
func latestOf(t *testing.T, s store.Store, orgID, personID string) *store.LatestScores {
	t.Helper()
	all, err := s.LatestScores(context.Background(), orgID)
	if err != nil {
		t.Fatalf("LatestScores: %v", err)
	}
	for i := range all {
		if all[i].PersonID == personID {
			return &all[i]
		}
	}
	return nil
}

// scored is an assessment of the person with management score m, one
// facet and a chosen id, so ties in created_at fall to the id.
func scored(orgID, personID, id string, m float64) store.Assessment {
	a := NewAssessment(store.Local{OrgID: orgID, PersonID: personID}, "core@1")
	a.ID, a.Management = id, m
	a.Facets = []store.FacetScore{{Scale: "management", Facet: "planning", Score: m / 2}}
	return *a
}

// CreateAssessment stamps created_at itself, so the newest is the last
// created, whatever its id.
func testLatestScoresFollowNewestCreate(t *testing.T, s store.Store) {
	l := MustEnsureLocal(t, s)
	for i, id := range []string{"0190c8f0-0000-7000-8000-000000000009", "0190c8f0-0000-7000-8000-000000000001", "0190c8f0-0000-7000-8000-000000000005"} {
		a := scored(l.OrgID, l.PersonID, id, float64(10*(i+1)))
		MustCreateAssessment(t, s, &a)
		got := latestOf(t, s, l.OrgID, l.PersonID)
		want := &store.LatestScores{PersonID: l.PersonID, AssessmentID: id, Management: a.Management, Leadership: a.Leadership,
			Quadrant: a.Quadrant, Facets: a.Facets}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("after creating %s (-want +got):\n%s", id, diff)
		}
	}
	// An import of older assessments leaves the latest alone.
	old := scored(l.OrgID, l.PersonID, "0190c8f0-0000-7000-8000-0000000000ff", 99)
	old.CreatedAt = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := s.ImportAssessments(context.Background(), []store.Assessment{old}); err != nil {
		t.Fatal(err)
	}
	if got := latestOf(t, s, l.OrgID, l.PersonID); got == nil || got.AssessmentID != "0190c8f0-0000-7000-8000-000000000005" {
		t.Errorf("an older import replaced the latest scores: %+v", got)
	}
}

// ImportAssessments takes assessments in any order, several of one person
// in one batch and across batches, and keeps each person's newest by
// created_at, then by id.
func testLatestScoresFollowNewestImport(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	ann := MustEnsurePerson(t, s, l.OrgID, "ann@example.com").ID
	bob := MustEnsurePerson(t, s, l.OrgID, "bob@example.com").ID
	day := func(d int) time.Time { return time.Date(2024, 3, d, 9, 0, 0, 0, time.UTC) }
	at := func(a store.Assessment, t time.Time) store.Assessment { a.CreatedAt = t; return a }
	id := func(n int) string { return fmt.Sprintf("0190c8f0-0000-7000-8000-%012d", n) }

	// One batch: Ann's newest comes first; Bob's two share a time, so the
	// larger id wins.
	batch := []store.Assessment{
		at(scored(l.OrgID, ann, id(1), 30), day(3)),
		at(scored(l.OrgID, bob, id(2), 40), day(2)),
		at(scored(l.OrgID, ann, id(3), 10), day(1)),
		at(scored(l.OrgID, bob, id(9), 50), day(2)),
		at(scored(l.OrgID, ann, id(4), 20), day(2)),
	}
	if err := s.ImportAssessments(ctx, batch); err != nil {
		t.Fatal(err)
	}
	for person, want := range map[string]string{ann: id(1), bob: id(9)} {
		if got := latestOf(t, s, l.OrgID, person); got == nil || got.AssessmentID != want {
			t.Errorf("after one batch, latest of %s = %+v, want assessment %s", person, got, want)
		}
	}
	// A later import: one older (changes nothing), one newer, one tie in
	// time with a smaller id (changes nothing).
	more := []store.Assessment{
		at(scored(l.OrgID, ann, id(5), 60), day(2)),
		at(scored(l.OrgID, bob, id(8), 70), day(2)),
		at(scored(l.OrgID, ann, id(6), 80), day(4)),
	}
	if err := s.ImportAssessments(ctx, more); err != nil {
		t.Fatal(err)
	}
	got, err := s.LatestScores(ctx, l.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	a6, a9 := scored(l.OrgID, ann, id(6), 80), scored(l.OrgID, bob, id(9), 50)
	want := []store.LatestScores{
		{PersonID: ann, AssessmentID: id(6), Management: 80, Leadership: a6.Leadership, Quadrant: a6.Quadrant, Facets: a6.Facets},
		{PersonID: bob, AssessmentID: id(9), Management: 50, Leadership: a9.Leadership, Quadrant: a9.Quadrant, Facets: a9.Facets},
	}
	slices.SortFunc(want, func(x, y store.LatestScores) int { return cmpStrings(x.PersonID, y.PersonID) })
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LatestScores after two imports (-want +got):\n%s", diff)
	}
	// A new assessment through CreateAssessment is newer than all of them.
	c := scored(l.OrgID, bob, "", 90)
	MustCreateAssessment(t, s, &c)
	if got := latestOf(t, s, l.OrgID, bob); got == nil || got.AssessmentID != c.ID {
		t.Errorf("after CreateAssessment, latest of Bob = %+v, want %s", got, c.ID)
	}
}

func testLatestScoresGoWithPerson(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	gone := MustEnsurePerson(t, s, l.OrgID, "gone@example.com").ID
	a := scored(l.OrgID, gone, "", 40)
	MustCreateAssessment(t, s, &a)
	b := scored(l.OrgID, l.PersonID, "", 60)
	MustCreateAssessment(t, s, &b)
	if d, err := s.PersonData(ctx, l.OrgID, gone); err != nil || d["latest_scores"] != 1 {
		t.Fatalf("PersonData before deletion: %v, %v; want 1 latest_scores row", d, err)
	}
	if _, err := s.DeletePersonData(ctx, l.OrgID, gone); err != nil {
		t.Fatal(err)
	}
	got, err := s.LatestScores(ctx, l.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].PersonID != l.PersonID {
		t.Errorf("LatestScores after deleting a person: %+v, want only the local person", got)
	}
}

// An import of more than one batch that fails keeps the batches before the
// failed one, and its error keeps the failure's code and fields and says
// which assessments are stored.
func testImportAssessmentsSaysWhatIsStored(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	ann := MustEnsurePerson(t, s, l.OrgID, "ann@example.com").ID
	list := make([]store.Assessment, store.ImportBatch+1)
	for i := range store.ImportBatch {
		list[i] = scored(l.OrgID, ann, "", float64(i%100))
		list[i].CreatedAt = time.Date(2025, 1, 1, 0, 0, i, 0, time.UTC)
	}
	list[store.ImportBatch] = scored(l.OrgID, "nobody", "", 50)
	err := s.ImportAssessments(ctx, list)
	wantFields(t, err, fail.Invalid, "person_id")
	want := fmt.Sprintf("the batch of assessments %d to %d: ", store.ImportBatch, store.ImportBatch)
	stored := fmt.Sprintf("(of this import, assessments 0 to %d are stored; no others are)", store.ImportBatch-1)
	if msg := fail.Message(err); !strings.HasPrefix(msg, want) || !strings.HasSuffix(msg, stored) {
		t.Errorf("error message %q, want it to start %q and end %q", msg, want, stored)
	}
	d, err := s.PersonData(ctx, l.OrgID, ann)
	if err != nil {
		t.Fatal(err)
	}
	if d["assessments"] != store.ImportBatch || d["latest_scores"] != 1 {
		t.Errorf("after the second batch failed, %d assessments and %d latest scores are stored, want the first batch's %d and 1",
			d["assessments"], d["latest_scores"], store.ImportBatch)
	}
	if got := latestOf(t, s, l.OrgID, ann); got == nil || got.AssessmentID != list[store.ImportBatch-1].ID {
		t.Errorf("latest scores %+v, want the first batch's newest, %s", got, list[store.ImportBatch-1].ID)
	}
}

// An import writes each person's latest scores once, from the newest of
// their assessments in the whole import, whichever batch holds it; when a
// batch fails, a person whose newest was in it but who has assessments in
// a stored batch gets the newest of those.
func testImportLatestAcrossBatches(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	ann := MustEnsurePerson(t, s, l.OrgID, "ann@example.com").ID // newest in the first batch
	bob := MustEnsurePerson(t, s, l.OrgID, "bob@example.com").ID // newest in the second
	cat := MustEnsurePerson(t, s, l.OrgID, "cat@example.com").ID // only in the second
	at := func(p string, sec int) store.Assessment {
		a := scored(l.OrgID, p, "", float64(sec%100))
		a.CreatedAt = time.Date(2025, 1, 1, 0, 0, sec, 0, time.UTC)
		return a
	}
	build := func(tail ...store.Assessment) []store.Assessment {
		list := make([]store.Assessment, 0, store.ImportBatch+len(tail))
		list = append(list, at(ann, 9000), at(bob, 10))
		for i := len(list); i < store.ImportBatch; i++ {
			list = append(list, at(ann, i%5000))
		}
		return append(list, tail...)
	}
	list := build(at(bob, 8000), at(ann, 20), at(cat, 30))
	if err := s.ImportAssessments(ctx, list); err != nil {
		t.Fatal(err)
	}
	for person, want := range map[string]string{ann: list[0].ID, bob: list[store.ImportBatch].ID, cat: list[store.ImportBatch+2].ID} {
		if got := latestOf(t, s, l.OrgID, person); got == nil || got.AssessmentID != want {
			t.Errorf("latest of %s = %+v, want assessment %s", person, got, want)
		}
	}

	// The same import for three other people, with a second batch that
	// fails: Bob's newest was in it, so his newest stored, in the first
	// batch, is his latest; Cat, with nothing stored, has none.
	ann = MustEnsurePerson(t, s, l.OrgID, "dan@example.com").ID
	bob = MustEnsurePerson(t, s, l.OrgID, "eve@example.com").ID
	cat = MustEnsurePerson(t, s, l.OrgID, "fay@example.com").ID
	list = build(at(bob, 8000), at(cat, 30), scored(l.OrgID, "nobody", "", 50))
	wantFields(t, s.ImportAssessments(ctx, list), fail.Invalid, "person_id")
	for person, want := range map[string]string{ann: list[0].ID, bob: list[1].ID, cat: ""} {
		got := latestOf(t, s, l.OrgID, person)
		switch {
		case want == "" && got != nil:
			t.Errorf("after the failed batch, latest of %s = %+v, want none", person, got)
		case want != "" && (got == nil || got.AssessmentID != want):
			t.Errorf("after the failed batch, latest of %s = %+v, want assessment %s", person, got, want)
		}
	}

	// Someone who is not a person, in the first batch with an older
	// assessment and in the second with the newest: the first batch fails
	// too, and stores nothing of theirs.
	list = build(at(bob, 8000))
	list[5] = at("nobody", 1)
	list = append(list, at("nobody", 9999))
	wantFields(t, s.ImportAssessments(ctx, list), fail.Invalid, "person_id")
	if d, err := s.PersonData(ctx, l.OrgID, "nobody"); err != nil || d["assessments"] != 0 {
		t.Errorf("assessments stored for no person: %v, %v", d, err)
	}
}

// A batch that fails stores none of its assessments and none of its
// latest scores, and says which field was wrong.
func testImportAssessmentsAllOrNothing(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	ann := MustEnsurePerson(t, s, l.OrgID, "ann@example.com").ID
	good := scored(l.OrgID, ann, "", 40)
	bad := scored(l.OrgID, "nobody", "", 50)
	err := s.ImportAssessments(ctx, []store.Assessment{good, bad})
	wantFields(t, err, fail.Invalid, "person_id")
	if err == nil || !strings.Contains(err.Error(), `"nobody"`) {
		t.Errorf("importing an assessment of nobody: %v, want the error to name the person", err)
	}
	if list, _ := s.Assessments(ctx, l.OrgID, store.AssessmentFilter{}); len(list) != 0 {
		t.Errorf("a failed batch left %d assessments", len(list))
	}
	if got := latestOf(t, s, l.OrgID, ann); got != nil {
		t.Errorf("a failed batch left latest scores %+v", got)
	}
	// A repeated id is a conflict, and again leaves nothing.
	first := scored(l.OrgID, ann, "0190c8f0-0000-7000-8000-0000000000aa", 40)
	MustCreateAssessment(t, s, &first)
	again := scored(l.OrgID, ann, first.ID, 40)
	other := scored(l.OrgID, l.PersonID, "", 60)
	wantCode(t, s.ImportAssessments(ctx, []store.Assessment{other, again}), fail.Conflict)
	if got := latestOf(t, s, l.OrgID, l.PersonID); got != nil {
		t.Errorf("a conflicting batch left latest scores %+v", got)
	}
	// A facet scored twice is invalid before anything is written.
	twice := scored(l.OrgID, ann, "", 40)
	twice.Facets = append(twice.Facets, twice.Facets[0])
	wantCode(t, s.ImportAssessments(ctx, []store.Assessment{twice}), fail.Invalid)
}

// RebuildLatestScores is the contract of Store.RebuildLatestScores on a
// store whose raw database damage can reach: damage(orgID) must delete some
// of the organisation's latest_scores rows and change the scores of others
// behind the store's back, as an import cut off by the death of its
// process can leave them behind. The rebuild puts back exactly what the
// store kept before, and leaves other organisations alone.
func RebuildLatestScores(t *testing.T, s store.Store, damage func(orgID string)) {
	t.Helper()
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	var people []string
	for _, e := range []string{"ann@example.com", "bob@example.com", "cat@example.com", "dan@example.com"} {
		people = append(people, MustEnsurePerson(t, s, l.OrgID, e).ID)
	}
	var list []store.Assessment
	for i := range 40 {
		a := scored(l.OrgID, people[i%3], "", float64(i))
		a.CreatedAt = time.Date(2025, 1, 1, 0, 0, (i*7)%40, 0, time.UTC)
		list = append(list, a)
	}
	if err := s.ImportAssessments(ctx, list); err != nil {
		t.Fatal(err)
	}
	want, err := s.LatestScores(ctx, l.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 3 {
		t.Fatalf("%d people with latest scores before the damage, want 3", len(want))
	}
	damage(l.OrgID)
	if got, _ := s.LatestScores(ctx, l.OrgID); cmp.Equal(want, got) {
		t.Fatal("the damage changed nothing the store reads")
	}
	n, err := s.RebuildLatestScores(ctx, l.OrgID)
	if err != nil || n != 3 {
		t.Fatalf("RebuildLatestScores = %d, %v; want 3 people", n, err)
	}
	got, err := s.LatestScores(ctx, l.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("after the rebuild (-before the damage +after):\n%s", diff)
	}
	if _, err := s.RebuildLatestScores(ctx, ""); fail.Code(err) != fail.Invalid {
		t.Errorf("a rebuild of no organisation: %v, want %s", err, fail.Invalid)
	}
}
