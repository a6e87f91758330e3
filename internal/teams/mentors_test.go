package teams_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/teams"
)

// withFacets returns scores at (m, l) with the given facets on one side.
func withFacets(m, l float64, side int, facets ...float64) *teams.Scores {
	s := scores(m, l)
	s.Facets[side] = facets
	return s
}

func mentorOrg(t *testing.T) *teams.Org {
	const L = 1
	return &teams.Org{Dimensions: dims(t), People: []teams.Person{
		// Weakest leadership facets: time_orientation 30, then power_source 35.
		{ID: "me", Mentor: true, Scores: withFacets(70, 43.3, L, 40, 30, 50, 35, 60, 45)},
		// Weakest: time_orientation 52, then power_source 55.
		{ID: "me2", Scores: withFacets(70, 63.7, L, 60, 52, 70, 55, 80, 65)},
		{ID: "strong", Mentor: true, Scores: withFacets(50, 80, L, 80, 80, 80, 80, 80, 80)},
		{ID: "optout", Scores: withFacets(90, 90, L, 90, 90, 90, 90, 90, 90)},
		{ID: "bar", Mentor: true, Scores: withFacets(50, 60, L, 50, 69.9, 50, 70, 50, 50)},
		{ID: "lead", Mentor: true, Scores: withFacets(50, 60, L, 50, 71.9, 50, 75, 50, 50)},
		{ID: "unassessed", Mentor: true},
		// Weaker on management: its focus is the management side.
		{ID: "mgr", Scores: withFacets(30, 70, 0, 30, 30, 30, 20, 30, 30)},
		{ID: "ops", Mentor: true, Scores: withFacets(90, 50, 0, 90, 90, 90, 90, 90, 90)},
	}}
}

func TestMentors(t *testing.T) {
	tests := []struct {
		name   string
		person string
		opts   teams.MentorOptions
		want   []teams.Suggestion
	}{
		{"strong, opted in, and far enough ahead", "me", teams.MentorOptions{}, []teams.Suggestion{
			// The order is a hash of mentee, facet and mentor: it differs from
			// facet to facet, spreading the asks, and is not by score.
			{Scale: framework.Leadership, Facet: "time_orientation", Mentors: []string{"strong", "lead"}},
			{Scale: framework.Leadership, Facet: "power_source", Mentors: []string{"lead", "bar", "strong"}},
		}},
		{"a lead of 19.9 is not enough; 20 is", "me2", teams.MentorOptions{}, []teams.Suggestion{
			{Scale: framework.Leadership, Facet: "time_orientation", Mentors: []string{"strong"}},
			{Scale: framework.Leadership, Facet: "power_source", Mentors: []string{"strong", "lead"}},
		}},
		{"at most PerFacet each", "me", teams.MentorOptions{PerFacet: 1}, []teams.Suggestion{
			{Scale: framework.Leadership, Facet: "time_orientation", Mentors: []string{"strong"}},
			{Scale: framework.Leadership, Facet: "power_source", Mentors: []string{"lead"}},
		}},
		{"three facets, the third with no one", "me", teams.MentorOptions{Facets: 3, MinScore: 75}, []teams.Suggestion{
			{Scale: framework.Leadership, Facet: "time_orientation", Mentors: []string{"strong"}},
			{Scale: framework.Leadership, Facet: "power_source", Mentors: []string{"lead", "strong"}},
			{Scale: framework.Leadership, Facet: "focus", Mentors: []string{"strong"}},
		}},
		{"the weaker side is management", "mgr", teams.MentorOptions{Facets: 1}, []teams.Suggestion{
			{Scale: framework.Management, Facet: "power_source", Mentors: []string{"ops", "me"}},
		}},
		{"a tie goes to the earlier facet", "strong", teams.MentorOptions{Facets: 1}, []teams.Suggestion{
			{Scale: framework.Management, Facet: "focus", Mentors: []string{"me", "ops"}},
		}},
		{"no one qualifies", "optout", teams.MentorOptions{}, []teams.Suggestion{
			{Scale: framework.Leadership, Facet: "focus", Mentors: []string{}},
			{Scale: framework.Leadership, Facet: "time_orientation", Mentors: []string{}},
		}},
	}
	o := mentorOrg(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := teams.Mentors(o, tt.person, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("suggestions (-want +got):\n%s", diff)
			}
		})
	}
}

// Whoever asks, the opted-out and the unassessed are never suggested, nor the
// person themselves; and the answer does not depend on the order of people.
func TestMentorsNeverSuggest(t *testing.T) {
	o := mentorOrg(t)
	reversed := &teams.Org{Dimensions: o.Dimensions, People: slices.Clone(o.People)}
	slices.Reverse(reversed.People)
	for _, p := range o.People {
		if p.Scores == nil {
			continue
		}
		got, err := teams.Mentors(o, p.ID, teams.MentorOptions{Facets: 6, PerFacet: 10, MinScore: 1, MinLead: 0.1})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range got {
			for _, m := range s.Mentors {
				if m == p.ID || m == "optout" || m == "unassessed" || m == "me2" || m == "mgr" {
					t.Errorf("%s: %s suggested for %s", p.ID, m, s.Facet)
				}
			}
		}
		again, _ := teams.Mentors(reversed, p.ID, teams.MentorOptions{Facets: 6, PerFacet: 10, MinScore: 1, MinLead: 0.1})
		if diff := cmp.Diff(got, again); diff != "" {
			t.Errorf("%s: order of people changed the suggestions (-first +reversed):\n%s", p.ID, diff)
		}
	}
}

// A suggestion carries no number at all: not in its type, not in its JSON.
func TestMentorsShowNoScores(t *testing.T) {
	var check func(reflect.Type, string)
	check = func(ty reflect.Type, at string) {
		switch ty.Kind() {
		case reflect.Slice, reflect.Array, reflect.Pointer:
			check(ty.Elem(), at+"[]")
		case reflect.Map:
			check(ty.Key(), at+".key")
			check(ty.Elem(), at+".value")
		case reflect.Struct:
			for f := range ty.Fields() {
				check(f.Type, at+"."+f.Name)
			}
		case reflect.String, reflect.Bool:
		default:
			t.Errorf("%s is a %s: a suggestion must hold no number", at, ty.Kind())
		}
	}
	check(reflect.TypeFor[[]teams.Suggestion](), "Suggestion")

	got, err := teams.Mentors(mentorOrg(t), "me", teams.MentorOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal([]byte(mustJSON(t, got)), &doc); err != nil {
		t.Fatal(err)
	}
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			for _, e := range v {
				walk(e)
			}
		case string:
		default:
			t.Errorf("the suggestions' JSON holds %v (%T)", v, v)
		}
	}
	walk(doc)
}

func TestMentorsErrors(t *testing.T) {
	o := mentorOrg(t)
	for _, tt := range []struct {
		person string
		opts   teams.MentorOptions
		code   string
	}{
		{"nobody", teams.MentorOptions{}, fail.NotFound},
		{"unassessed", teams.MentorOptions{}, fail.Conflict},
		{"me", teams.MentorOptions{Facets: 7}, fail.Invalid},
		{"me", teams.MentorOptions{PerFacet: -1}, fail.Invalid},
		{"me", teams.MentorOptions{MinScore: 101}, fail.Invalid},
	} {
		if _, err := teams.Mentors(o, tt.person, tt.opts); fail.Code(err) != tt.code {
			t.Errorf("Mentors(%s, %+v) = %v, want %s", tt.person, tt.opts, err, tt.code)
		}
	}
}
