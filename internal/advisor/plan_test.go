package advisor_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/twohats/twohats/internal/advisor"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/feedback"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/instrument"
)

var start = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

func TestPlanFromProfile(t *testing.T) {
	a := mustAdvisor(t)
	sc := mustScorer(t)
	src := framework.SourceText()
	p := mustProfile(t, sc, strongManager, framework.Management)
	plan, err := a.PlanFromProfile(p, start)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Side != framework.Leadership || plan.View != advisor.ViewSelf {
		t.Errorf("plan develops %s from the %s view; want leadership from self", plan.Side, plan.View)
	}
	// The targets are the profile's own development focus: the two lowest
	// leadership facets.
	if diff := cmp.Diff(p.Focus.Development(), plan.Targets); diff != "" {
		t.Errorf("targets (-profile focus +plan):\n%s", diff)
	}
	for _, tg := range plan.Targets {
		if tg.Scale != framework.Leadership {
			t.Errorf("target %s.%s is not on the weaker side", tg.Scale, tg.Facet)
		}
	}
	wantIDs := []string{"d30.ask-feedback", "d30.first-practice", "d60.study-colleague", "d60.second-practice", "d60.raise-stakes", "d90.reflect", "d90.reassess"}
	var ids []string
	habits := map[string]bool{}
	for _, c := range plan.CheckIns {
		ids = append(ids, c.ID)
		if c.Habit != "" {
			habits[c.Habit] = true
		}
		if want := start.AddDate(0, 0, c.DueDay-1); !c.Due.Equal(want) {
			t.Errorf("%s: due %s, want %s (day %d)", c.ID, c.Due.Format(time.DateOnly), want.Format(time.DateOnly), c.DueDay)
		}
		if strings.ContainsAny(c.Text, "{}") {
			t.Errorf("%s: unfilled placeholder in %q", c.ID, c.Text)
		}
		if !framework.Cites(src, c.Source) {
			t.Errorf("%s cites %q, which is not in the source", c.ID, c.Source)
		}
	}
	if diff := cmp.Diff(wantIDs, ids); diff != "" {
		t.Errorf("check-in ids (-want +got):\n%s", diff)
	}
	if len(habits) != 4 {
		t.Errorf("the plan uses habits %v; want all four", habits)
	}
	// The first practice lands in days 1-30 in a low-stakes situation, and it
	// is a leadership practice for the first target.
	first := plan.CheckIns[1]
	if first.Practice != plan.Targets[0].Practices[0].ID || !strings.Contains(first.Text, "low-stakes") || !strings.Contains(first.Text, plan.Targets[0].Practices[0].Text) {
		t.Errorf("first practice: %+v", first)
	}
	if second := plan.CheckIns[3]; second.Practice == first.Practice && len(plan.Targets[1].Practices) > 1 {
		t.Errorf("the second target reuses the first practice %q though it has others", first.Practice)
	}
	if got := plan.Schedule[1]; got.FromDay != 31 || got.ToDay != 60 || len(got.CheckIns) != 3 {
		t.Errorf("window 2: %+v", got)
	}

	// Ticking off.
	if err := plan.Tick("d30.ask-feedback", start.AddDate(0, 0, 5)); err != nil {
		t.Fatal(err)
	}
	err = plan.Tick("d30.nope", start)
	if fail.Code(err) != fail.Invalid || !strings.Contains(err.Error(), "d90.reassess") {
		t.Errorf("unknown check-in: got %v, want an invalid error listing the ids", err)
	}
	got := plan.Progress(start.AddDate(0, 0, 45))
	want := advisor.Progress{Done: 1, Total: 7, Overdue: []string{"d30.first-practice", "d60.study-colleague"}, Next: "d30.first-practice"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("progress on day 46 (-want +got):\n%s", diff)
	}
}

func TestPlanFromOthers(t *testing.T) {
	a := mustAdvisor(t)
	sc := mustScorer(t)
	answers := map[string]int{}
	for _, it := range sc.Instrument().ItemsIn(instrument.Capability) {
		v := strongLeader(it.Scale, it.Facet)
		if it.Reverse {
			v = instrument.MinRating + instrument.MaxRating - v
		}
		answers[it.ID] = v
	}
	in := feedback.Input{CampaignID: "c", Threshold: 3}
	for i := range 3 {
		in.Ratings = append(in.Ratings, feedback.Rating{RaterID: fmt.Sprint("d", i), Group: feedback.DirectReport, Answers: answers})
	}
	rep, err := feedback.Build(sc, in)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := a.PlanFromOthers(sc, rep, start)
	if err != nil {
		t.Fatal(err)
	}
	if plan.View != advisor.ViewOthers || plan.Side != framework.Management {
		t.Errorf("plan from others develops %s from %s; want management from others", plan.Side, plan.View)
	}
	if _, err := a.PlanFromOthers(sc, &feedback.Report{}, start); fail.Code(err) != fail.Invalid {
		t.Errorf("a report without others' scores: got %v, want an invalid error", err)
	}
}

func TestTrend(t *testing.T) {
	a := mustAdvisor(t)
	sc := mustScorer(t)
	before := mustProfile(t, sc, flat(5, 1), framework.Management)
	atStart := mustProfile(t, sc, flat(5, 2), framework.Management)
	// After 45 days leadership has grown on the facets the plan targets.
	plan, err := a.PlanFromProfile(atStart, start)
	if err != nil {
		t.Fatal(err)
	}
	targeted := map[string]bool{plan.Targets[0].Facet: true, plan.Targets[1].Facet: true}
	grown := func(scale, facet string) int {
		if scale == framework.Management {
			return 5
		}
		if targeted[facet] {
			return 4
		}
		return 2
	}
	later := mustProfile(t, sc, grown, framework.Management)
	snaps := []advisor.Snapshot{
		advisor.SnapshotOf(start.AddDate(0, 0, 45), later),
		advisor.SnapshotOf(start.AddDate(0, 0, -60), before),
		advisor.SnapshotOf(start, atStart),
	}
	tr, err := plan.Trend(snaps)
	if err != nil {
		t.Fatal(err)
	}
	if !tr.Baseline.Equal(start) {
		t.Errorf("baseline %s, want the snapshot taken at the start", tr.Baseline.Format(time.DateOnly))
	}
	for _, f := range tr.Facets {
		want := 0.0
		if f.Scale == framework.Leadership && targeted[f.Facet] {
			want = 50 // keyed 2 → 4: 25 → 75
		}
		if f.Change != want || f.Target != (f.Scale == framework.Leadership && targeted[f.Facet]) || len(f.Points) != 2 {
			t.Errorf("%s.%s: change %v target %v points %d; want change %v", f.Scale, f.Facet, f.Change, f.Target, len(f.Points), want)
		}
	}
	if got := tr.Scales[1].Change; got != 16.7 {
		t.Errorf("leadership scale change %v, want 16.7 (two facets of six up 50)", got)
	}
	// With no snapshot on or before the start, the first is the baseline.
	tr, err = plan.Trend(snaps[:1])
	if err != nil || !tr.Baseline.Equal(start.AddDate(0, 0, 45)) {
		t.Errorf("single later snapshot: baseline %v, err %v", tr.Baseline, err)
	}
	if _, err := plan.Trend(nil); fail.Code(err) != fail.Invalid {
		t.Errorf("no snapshots: got %v, want an invalid error", err)
	}
}
