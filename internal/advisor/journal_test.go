package advisor_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/twohats/twohats/internal/advisor"
	"github.com/twohats/twohats/internal/fail"
)

func entry(day int, contexts []string, phase, need, approach string, outcome int) advisor.Entry {
	return advisor.Entry{
		Date: start.AddDate(0, 0, day), Situation: fmt.Sprint("situation on day ", day),
		Contexts: contexts, Phase: phase, Need: need, Approach: approach, Outcome: outcome,
		Balanced: "set the direction with the team, then agree the few controls that matter",
	}
}

// TestJournalOfAHabitualManager: ten entries that all "manage" in
// leadership-heavy contexts name "manage" as the default, find no match, and
// rank the leadership-heavy contexts as the top mismatches.
func TestJournalOfAHabitualManager(t *testing.T) {
	a := mustAdvisor(t)
	s := []string{"startup"}
	entries := []advisor.Entry{
		entry(1, s, "launch", "", advisor.Manage, 2),
		entry(2, s, "recovery", "", advisor.Manage, 2),
		entry(3, s, "launch", "commitment", advisor.Manage, 1),
		entry(4, s, "execution", "change", advisor.Manage, 3),
		entry(5, []string{"turnaround"}, "launch", "", advisor.Manage, 2),
		entry(6, []string{"turnaround"}, "recovery", "", advisor.Manage, 3),
		entry(7, []string{"turnaround"}, "execution", "change", advisor.Manage, 2),
		entry(8, []string{"culture-change"}, "launch", "commitment", advisor.Manage, 1),
		entry(9, []string{"culture-change"}, "recovery", "commitment", advisor.Manage, 2),
		entry(10, []string{"disruptive-innovation"}, "launch", "change", advisor.Manage, 2),
	}
	r, err := a.Journal(entries)
	if err != nil {
		t.Fatal(err)
	}
	if r.Default.Approach != advisor.Manage || r.Default.Count != 10 || r.Default.Of != 10 || r.Default.Basis != "all" {
		t.Errorf("default: %+v; want manage, 10 of 10, over all entries", r.Default)
	}
	if r.Accuracy != 0 {
		t.Errorf("accuracy %v, want 0", r.Accuracy)
	}
	for _, rv := range r.Reviews {
		if rv.Match || rv.Recommended != advisor.Lead {
			t.Errorf("entry %d: recommended %s, match %v; want lead and a mismatch", rv.Index, rv.Recommended, rv.Match)
		}
	}
	var ranked []string
	for _, m := range r.Mismatches {
		ranked = append(ranked, m.Context)
		if m.Rate != 100 {
			t.Errorf("%s: mismatch rate %v, want 100", m.Context, m.Rate)
		}
	}
	if diff := cmp.Diff([]string{"startup", "turnaround", "culture-change", "disruptive-innovation"}, ranked); diff != "" {
		t.Errorf("mismatches ranked (-want +got):\n%s", diff)
	}
	if r.Outcomes.Match.N != 0 || r.Outcomes.Match.Mean != nil || r.Outcomes.Mismatch.N != 10 || *r.Outcomes.Mismatch.Mean != 2 {
		t.Errorf("outcomes: %+v", r.Outcomes)
	}
	var warnings []string
	for _, w := range r.Warnings {
		warnings = append(warnings, w.ID)
	}
	if diff := cmp.Diff([]string{"default-manage", "low-judgement"}, warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

// TestJournalUnderPressure: with enough crisis entries the default is drawn
// from them, and outcomes are compared by match.
func TestJournalUnderPressure(t *testing.T) {
	a := mustAdvisor(t)
	g := []string{"growing"}
	entries := []advisor.Entry{
		entry(1, g, "crisis", "", advisor.Lead, 1),   // recommended manage
		entry(2, g, "crisis", "", advisor.Lead, 2),   // manage
		entry(3, g, "crisis", "", advisor.Manage, 5), // manage: match
		entry(4, g, "execution", "", advisor.Blend, 4),
		entry(5, []string{"mature"}, "execution", "", advisor.Manage, 4),
		entry(6, []string{"startup"}, "launch", "", advisor.Manage, 2),
	}
	r, err := a.Journal(entries)
	if err != nil {
		t.Fatal(err)
	}
	want := advisor.PressureDefault{Approach: advisor.Lead, Basis: "pressure", Count: 2, Of: 3,
		Counts: map[string]int{advisor.Manage: 1, advisor.Lead: 2, advisor.Blend: 0}, Source: r.Default.Source}
	if diff := cmp.Diff(want, r.Default); diff != "" {
		t.Errorf("default (-want +got):\n%s", diff)
	}
	if r.Accuracy != 50 {
		t.Errorf("accuracy %v, want 50 (3 of 6)", r.Accuracy)
	}
	if got := r.Mismatches[0]; got.Context != "growing" || got.Mismatches != 2 || got.Entries != 4 || got.Rate != 50 {
		t.Errorf("top mismatch: %+v; want growing, 2 of 4", got)
	}
	if m, mm := *r.Outcomes.Match.Mean, *r.Outcomes.Mismatch.Mean; m != 4.33 || mm != 1.67 {
		t.Errorf("outcomes: match %v, mismatch %v; want 4.33 and 1.67", m, mm)
	}
	if len(r.Warnings) != 0 {
		t.Errorf("warnings %v; want none (lead in 2 of 3 is below the strong share, accuracy 50 is not low)", r.Warnings)
	}
}

func TestJournalRejectsBadEntries(t *testing.T) {
	a := mustAdvisor(t)
	bad := entry(1, []string{"startups"}, "launch", "", "delegate", 7)
	bad.Situation = ""
	_, err := a.Journal([]advisor.Entry{entry(0, []string{"mature"}, "execution", "", advisor.Manage, 3), bad})
	if fail.Code(err) != fail.Invalid {
		t.Fatalf("got %v, want an invalid error", err)
	}
	fields := fail.FieldsOf(err)
	for field, want := range map[string]string{
		"entries[1].contexts[0]": `unknown context "startups"`,
		"entries[1].approach":    "manage, lead, blend",
		"entries[1].outcome":     "want 1-5",
		"entries[1].situation":   "describe the situation",
	} {
		if !strings.Contains(fields[field], want) {
			t.Errorf("%s: got %q, want it to mention %q", field, fields[field], want)
		}
	}
	if len(fields) != 4 {
		t.Errorf("fields %v; want exactly the four problems of entry 1", fields)
	}
}

func TestReviewEntry(t *testing.T) {
	a := mustAdvisor(t)
	rv, err := a.ReviewEntry(advisor.Entry{Date: time.Now(), Situation: "audit in three weeks", Contexts: []string{"compliance-critical"}, Phase: "execution", Approach: advisor.Manage, Outcome: 4})
	if err != nil {
		t.Fatal(err)
	}
	if !rv.Match || rv.Recommended != advisor.Manage {
		t.Errorf("review: %+v; want a match with manage", rv)
	}
}
