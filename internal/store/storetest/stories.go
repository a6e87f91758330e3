package storetest

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
)

// storyTests are the contract of store.Stories.
var storyTests = []struct {
	name string
	test func(t *testing.T, s store.Store)
}{
	{"StoryBank", testStoryBank},
	{"StoriesTenantIsolation", testStoriesTenantIsolation},
	{"StoriesInvalidInputs", testStoriesInvalidInputs},
}

// NewStory returns a whole management story of the person, ready to add.
func NewStory(orgID, personID, title string) *store.Story {
	return &store.Story{OrgID: orgID, PersonID: personID, Title: title, Side: store.SideManagement,
		Contexts: []string{"compliance-critical", "mature"}, Phase: "execution",
		Situation: "An audit was due in six weeks.", Task: "Pass it with no findings.",
		Action: "I set up a weekly control check.", Result: "We passed with no findings.",
		WhyContext: "A compliance-critical operation needs control before inspiration."}
}

// MustAddStory adds a story or fails the test.
func MustAddStory(tb testing.TB, s store.Store, st *store.Story) {
	tb.Helper()
	if err := s.AddStory(context.Background(), st); err != nil {
		tb.Fatalf("AddStory: %v", err)
	}
}

func testStoryBank(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	first := NewStory(l.OrgID, l.PersonID, "The audit")
	MustAddStory(t, s, first)
	if first.ID == "" || first.CreatedAt.IsZero() {
		t.Fatalf("AddStory set %+v", first)
	}
	second := NewStory(l.OrgID, l.PersonID, "The reorganisation")
	second.Side, second.Contexts, second.Phase, second.WhyContext = store.SideLeadership, nil, "", ""
	MustAddStory(t, s, second)
	if second.Contexts == nil {
		t.Error("AddStory left nil contexts; want an empty list, as read back")
	}
	list, err := s.StoryBank(ctx, l.OrgID, l.PersonID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]store.Story{*first, *second}, list, opts); diff != "" {
		t.Errorf("StoryBank (-want +got):\n%s", diff)
	}
	if err := s.DeleteStory(ctx, l.OrgID, l.PersonID, first.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DeleteStory(ctx, l.OrgID, l.PersonID, first.ID), fail.NotFound)
	list, err = s.StoryBank(ctx, l.OrgID, l.PersonID)
	if err != nil || len(list) != 1 || list[0].ID != second.ID {
		t.Errorf("after the delete: %v, %v; want the second story only", list, err)
	}
	err = s.AddStory(ctx, NewStory(l.OrgID, "nobody", "x"))
	wantCode(t, err, fail.Invalid)
	if _, ok := fail.FieldsOf(err)["person_id"]; !ok {
		t.Errorf("a story of an unknown person: fields %v, want person_id", fail.FieldsOf(err))
	}
}

func testStoriesTenantIsolation(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, b := mustOrg(t, s, "stories-a"), mustOrg(t, s, "stories-b")
	pa := mustPerson(t, s, a.OrgID, "pat@a.example")
	st := NewStory(a.OrgID, pa, "A's story")
	MustAddStory(t, s, st)
	// Another organisation sees nothing and deletes nothing.
	if list, err := s.StoryBank(ctx, b.OrgID, pa); err != nil || len(list) != 0 {
		t.Errorf("org B sees %v, %v", list, err)
	}
	wantCode(t, s.DeleteStory(ctx, b.OrgID, pa, st.ID), fail.NotFound)
	// Nor does another person of the same organisation.
	other := mustPerson(t, s, a.OrgID, "lee@a.example")
	wantCode(t, s.DeleteStory(ctx, a.OrgID, other, st.ID), fail.NotFound)
	// A person of another organisation cannot own a story here.
	wantCode(t, s.AddStory(ctx, NewStory(b.OrgID, pa, "x")), fail.Invalid)
	if list, _ := s.StoryBank(ctx, a.OrgID, pa); len(list) != 1 {
		t.Errorf("A's bank after B's attempts: %v", list)
	}
}

func testStoriesInvalidInputs(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	err := s.AddStory(ctx, &store.Story{OrgID: l.OrgID, PersonID: l.PersonID, Side: "both", Contexts: []string{" "}})
	wantCode(t, err, fail.Invalid)
	for _, f := range []string{"title", "side", "situation", "action", "result", "contexts[0]"} {
		if _, ok := fail.FieldsOf(err)[f]; !ok {
			t.Errorf("fields %v lack %s", fail.FieldsOf(err), f)
		}
	}
	wantCode(t, s.AddStory(ctx, nil), fail.Invalid)
	_, err = s.StoryBank(ctx, "", l.PersonID)
	wantCode(t, err, fail.Invalid)
	wantCode(t, s.DeleteStory(ctx, l.OrgID, l.PersonID, ""), fail.Invalid)
}
