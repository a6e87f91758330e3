package framework_test

import (
	"strings"
	"testing"

	"github.com/twohats/twohats/internal/framework"
)

func TestDefaultIsValid(t *testing.T) {
	f, err := framework.Default()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(f.Dimensions), 6; got != want {
		t.Errorf("dimensions: got %d, want %d", got, want)
	}
	if got, want := strings.Join(f.DimensionKeys(), ","), "focus,time_orientation,change_approach,power_source,success_metric,problem_solving"; got != want {
		t.Errorf("dimension keys: got %s, want %s", got, want)
	}
	if got, want := strings.Join(f.PhaseKeys(), ","), "launch,execution,crisis,recovery"; got != want {
		t.Errorf("phases: got %s, want %s", got, want)
	}
	if got, want := len(f.Habits), 4; got != want {
		t.Errorf("habits: got %d, want %d", got, want)
	}
	wantFamilies := map[string]string{
		"mature": "management-heavy", "operational-excellence": "management-heavy", "compliance-critical": "management-heavy",
		"startup": "leadership-heavy", "turnaround": "leadership-heavy", "disruptive-innovation": "leadership-heavy", "culture-change": "leadership-heavy",
		"growing": "balanced", "competitive-market": "balanced", "evolving-strategy": "balanced",
	}
	for ctx, fam := range wantFamilies {
		_, got, ok := f.Context(ctx)
		if !ok || got.Key != fam {
			t.Errorf("context %s: got family %q (found %v), want %s", ctx, got.Key, ok, fam)
		}
	}
	if got := len(f.ContextKeys()); got != len(wantFamilies) {
		t.Errorf("contexts: got %d, want %d", got, len(wantFamilies))
	}
}

func TestCites(t *testing.T) {
	src := "Don’t claim “I’m a leader, not a manager” during   interviews."
	for _, tc := range []struct {
		quote string
		want  bool
	}{
		{`Don't claim "I'm a leader, not a manager" during interviews.`, true},
		{"during\ninterviews", true},
		{"a leader, not a boss", false},
		{"   ", false},
	} {
		if got := framework.Cites(src, tc.quote); got != tc.want {
			t.Errorf("Cites(%q) = %v, want %v", tc.quote, got, tc.want)
		}
	}
}

const minimal = `
version: 1
scales:
  - {key: management, name: M, summary: s, source: "Managers plan."}
  - {key: leadership, name: L, summary: s, source: "Leaders inspire."}
dimensions:
  - {key: focus, name: Focus, manager_pole: tasks, leader_pole: people, source: "Managers plan."}
context_families:
  - key: fam
    name: Fam
    emphasis: both
    source: "Leaders inspire."
    members:
      - {key: ctx, name: Ctx, source: "Leaders inspire."}
phases:
  - {key: launch, name: Launch, emphasis: leadership, need: n, source: "Leaders inspire."}
myths:
  - {key: m1, myth: a, reality: b, source: "Leaders inspire."}
practices:
  - {key: p1, for: leadership, facets: [focus], text: t, source: "Leaders inspire."}
  - {key: p2, for: management, facets: [focus], text: t, source: "Managers plan."}
habits:
  - {key: h1, text: t, source: "Managers plan."}
warnings:
  - {key: w1, side: management, text: t, source: "Managers plan."}
disclaimer: {text: t, source: "Managers plan."}
`

const minimalSource = "Managers plan. Leaders inspire."

func TestParseRejectsBrokenFiles(t *testing.T) {
	if _, err := framework.Parse("min.yaml", []byte(minimal), minimalSource); err != nil {
		t.Fatalf("the minimal valid file was refused: %v", err)
	}
	for _, tc := range []struct {
		name, from, to string
		want           []string
	}{
		{"uncited", `{key: m1, myth: a, reality: b, source: "Leaders inspire."}`, `{key: m1, myth: a, reality: b, source: "Leaders are born."}`,
			[]string{"broken.yaml", `myth "m1"`, "not in the source text"}},
		{"duplicate", `{key: p2, for: management`, `{key: p1, for: management`,
			[]string{"broken.yaml", `practice "p1": duplicate key`}},
		{"bad side", `{key: p2, for: management`, `{key: p2, for: managers`,
			[]string{"broken.yaml", `practice "p2"`, `unknown side "managers"`}},
		{"no citation", `{key: h1, text: t, source: "Managers plan."}`, `{key: h1, text: t}`,
			[]string{"broken.yaml", `habit "h1": has no source citation`}},
		{"unknown field", `{key: w1, side: management`, `{key: w1, colour: red, side: management`,
			[]string{"broken.yaml", "colour"}},
		{"practice on unknown facet", `{key: p2, for: management, facets: [focus]`, `{key: p2, for: management, facets: [focal]`,
			[]string{"broken.yaml", `practice "p2"`, `unknown facet "focal"`, "none develops management on the focus facet"}},
		{"bad emphasis", `emphasis: both`, `emphasis: neither`,
			[]string{"broken.yaml", `context family "fam"`, `unknown emphasis "neither"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := strings.Replace(minimal, tc.from, tc.to, 1)
			if data == minimal {
				t.Fatalf("test case did not change the file")
			}
			_, err := framework.Parse("broken.yaml", []byte(data), minimalSource)
			if err == nil {
				t.Fatal("broken file accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}
