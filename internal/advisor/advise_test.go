package advisor_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/twohats/twohats/internal/advisor"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/framework"
)

// TestAdviseFromTheSource checks the advisor against situations written from
// the source's own statements. Each case quotes, in because, the statement it
// follows; the test checks that the quote is really in the source.
func TestAdviseFromTheSource(t *testing.T) {
	a := mustAdvisor(t)
	src := framework.SourceText()
	for _, tc := range []struct {
		name     string
		contexts []string
		phase    string
		need     string
		want     string
		because  string
	}{
		// Management-heavy contexts in execution.
		{"compliance-critical mature operation in execution", []string{"compliance-critical", "mature"}, "execution", "", advisor.Manage,
			"This approach works effectively for routine operations requiring consistency and compliance."},
		{"mature utility running its routine", []string{"mature"}, "execution", "consistency", advisor.Manage,
			"Mature stable organizations operating in predictable environments benefit from management emphasis on operational excellence, efficiency optimization, and risk mitigation."},
		{"operational excellence with a quality-control need", []string{"operational-excellence"}, "execution", "quality-control", advisor.Manage,
			"Manage when control ensures quality, lead when influence builds commitment."},
		{"operational excellence and compliance, quality control", []string{"operational-excellence", "compliance-critical"}, "execution", "quality-control", advisor.Manage,
			"Process refinement, quality control, and cost reduction drive competitive advantage when innovation becomes less critical than execution consistency."},
		{"compliance-critical lab in execution", []string{"compliance-critical"}, "execution", "", advisor.Manage,
			"Management-heavy contexts: Mature industries, operational excellence, compliance-critical environments"},

		// Leadership-heavy contexts in launches, recoveries and change.
		{"a turnaround being launched", []string{"turnaround"}, "launch", "", advisor.Lead,
			"Inspiring teams through uncertainty, building coalitions for new directions, and energizing adaptation become more valuable than optimizing existing processes."},
		{"a turnaround in recovery", []string{"turnaround"}, "recovery", "", advisor.Lead,
			"Leadership-heavy contexts: Startups, turnarounds, disruptive innovation, culture change"},
		{"a turnaround in execution that needs change", []string{"turnaround"}, "execution", "change", advisor.Lead,
			"Assess the situation: manage during routine execution requiring consistency, lead during change requiring inspiration."},
		{"a startup launching its product", []string{"startup"}, "launch", "", advisor.Lead,
			"Organizations facing disruption, pursuing transformation, or launching new ventures require leadership emphasis on vision, innovation, and change navigation."},
		{"disruptive innovation that needs change", []string{"disruptive-innovation"}, "launch", "change", advisor.Lead,
			"Stable periods reward management discipline and operational excellence, disruptive periods require leadership to drive adaptation, and most real work cycles need a blend of both."},
		{"disruptive innovation in execution that needs change", []string{"disruptive-innovation"}, "execution", "change", advisor.Lead,
			"lead during change requiring inspiration"},
		{"culture change launched to win commitment", []string{"culture-change"}, "launch", "commitment", advisor.Lead,
			"This influence becomes essential when navigating change, building culture, or motivating discretionary effort that formal authority cannot compel."},
		{"culture change in execution that needs change", []string{"culture-change"}, "execution", "change", advisor.Lead,
			"Over-reliance on management during transformation periods creates analysis paralysis and change resistance that prevent necessary evolution."},

		// Crisis: decisive management, whatever the context.
		{"a crisis in a startup", []string{"startup"}, "crisis", "", advisor.Manage,
			"Crisis situations demand decisive management while recovery requires inspirational leadership that rebuilds confidence."},
		{"a crisis during a culture change that needs change", []string{"culture-change"}, "crisis", "change", advisor.Manage,
			"Crisis situations demand decisive management"},
		{"a crisis in a turnaround that needs commitment", []string{"turnaround", "culture-change"}, "crisis", "commitment", advisor.Manage,
			"Crisis situations demand decisive management"},
		{"a crisis in a growing organisation", []string{"growing"}, "crisis", "", advisor.Manage,
			"Crisis situations demand decisive management"},
		{"a crisis in a competitive market", []string{"competitive-market"}, "crisis", "", advisor.Manage,
			"Crisis situations demand decisive management"},
		{"a crisis in operational excellence", []string{"operational-excellence"}, "crisis", "", advisor.Manage,
			"Crisis situations demand decisive management"},

		// Recovery: inspirational leadership.
		{"recovery in a startup", []string{"startup"}, "recovery", "", advisor.Lead,
			"recovery requires inspirational leadership that rebuilds confidence"},
		{"recovery in a growing organisation that needs commitment", []string{"growing"}, "recovery", "commitment", advisor.Lead,
			"recovery requires inspirational leadership that rebuilds confidence"},
		{"recovery in disruptive innovation and a startup, for commitment", []string{"disruptive-innovation", "startup"}, "recovery", "commitment", advisor.Lead,
			"recovery requires inspirational leadership that rebuilds confidence"},

		// Project launches: leadership to align and inspire commitment.
		{"a project launch in a growing organisation, to win commitment", []string{"growing"}, "launch", "commitment", advisor.Lead,
			"Project launches need leadership to align teams and inspire commitment."},
		{"a project launch in a competitive market that needs change", []string{"competitive-market"}, "launch", "change", advisor.Lead,
			"Project launches need leadership to align teams and inspire commitment."},

		// Balanced contexts: a blend unless a need tips it.
		{"a growing organisation in a competitive market, executing", []string{"growing", "competitive-market"}, "execution", "", advisor.Blend,
			"Balanced contexts: Growing organizations, competitive markets, evolving strategies"},
		{"a growing organisation in a competitive market, launching", []string{"growing", "competitive-market"}, "launch", "", advisor.Blend,
			"Balanced contexts: Growing organizations, competitive markets, evolving strategies"},
		// Execution pulls toward management, but the strategy is still
		// evolving: the phase alone tips the blend (58) without making it
		// one-sided. The instrument's scenario key rates a balanced context in
		// execution the same way.
		{"an evolving strategy in execution", []string{"evolving-strategy"}, "execution", "", advisor.Blend,
			"Most complex situations need both."},
		{"an evolving strategy in execution that needs consistency", []string{"evolving-strategy"}, "execution", "consistency", advisor.Manage,
			"manage during routine execution requiring consistency"},
		{"a growing organisation in execution that needs quality control", []string{"growing"}, "execution", "quality-control", advisor.Manage,
			"Manage when control ensures quality"},
		{"a growing organisation in recovery", []string{"growing"}, "recovery", "", advisor.Blend,
			"Most situations benefit from balanced application of both approaches."},

		// Contexts and phases pulling different ways: a blend.
		{"a mature organisation launching a project", []string{"mature"}, "launch", "", advisor.Blend,
			"Most positions require both management and leadership in different proportions throughout cycles and situations."},
		{"a compliance-critical launch that needs commitment", []string{"compliance-critical"}, "launch", "commitment", advisor.Blend,
			"Most positions require both management and leadership in different proportions throughout cycles and situations."},
		{"a startup in execution", []string{"startup"}, "execution", "", advisor.Blend,
			"Execution phases need management to maintain schedules and quality standards."},
		{"a startup in execution that needs consistency", []string{"startup"}, "execution", "consistency", advisor.Blend,
			"Execution phases need management to maintain schedules and quality standards."},
		{"a mature organisation in recovery", []string{"mature"}, "recovery", "", advisor.Blend,
			"Most situations benefit from balanced application of both approaches."},
		{"a startup and a mature business together, executing", []string{"startup", "mature"}, "execution", "", advisor.Blend,
			"organizations require in different proportions based on lifecycle stage and competitive context"},
		{"a compliance-critical recovery that needs change", []string{"compliance-critical"}, "recovery", "change", advisor.Blend,
			"Most complex situations need both."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !framework.Cites(src, tc.because) {
				t.Fatalf("the case cites %q, which is not in the source text", tc.because)
			}
			got, err := a.Advise(advisor.Situation{Contexts: tc.contexts, Phase: tc.phase, Need: tc.need})
			if err != nil {
				t.Fatal(err)
			}
			if got.Orientation != tc.want {
				t.Errorf("orientation: got %s (share %d), want %s", got.Orientation, got.ManagementShare, tc.want)
			}
			manageFrom, leadTo := a.CutPoints()
			switch s := float64(got.ManagementShare); tc.want {
			case advisor.Manage:
				if s < manageFrom {
					t.Errorf("share %v is below the manage cut %v", s, manageFrom)
				}
			case advisor.Lead:
				if s > leadTo {
					t.Errorf("share %v is above the lead cut %v", s, leadTo)
				}
			}
			// One reason per context, one for the phase, one for the need if
			// given, and the verdict.
			want := len(tc.contexts) + 2
			if tc.need != "" {
				want++
			}
			if len(got.Reasons) != want {
				t.Errorf("reasons: got %d, want %d: %+v", len(got.Reasons), want, got.Reasons)
			}
			for _, r := range append(slices.Clone(got.Reasons), reasonsOf(got.Risks)...) {
				if r.Text == "" || !framework.Cites(src, r.Source) {
					t.Errorf("reason %q cites %q, which is not in the source text", r.Text, r.Source)
				}
			}
		})
	}
}

func reasonsOf(risks []advisor.Risk) []advisor.Reason {
	var out []advisor.Reason
	for _, r := range risks {
		out = append(out, advisor.Reason{Text: r.Text, Source: r.Source})
	}
	return out
}

// TestCrisisDominates asks about a crisis in every context, alone and with
// every need: the answer is always decisive management.
func TestCrisisDominates(t *testing.T) {
	a := mustAdvisor(t)
	for _, ctx := range a.Framework().ContextKeys() {
		for _, need := range append([]string{""}, a.NeedKeys()...) {
			got, err := a.Advise(advisor.Situation{Contexts: []string{ctx}, Phase: "crisis", Need: need})
			if err != nil {
				t.Fatal(err)
			}
			if got.Orientation != advisor.Manage {
				t.Errorf("crisis in %s with need %q: got %s (share %d), want manage", ctx, need, got.Orientation, got.ManagementShare)
			}
		}
	}
}

// TestAdviceAgreesWithTheScenarioKey checks the advisor against the
// instrument's situational-judgement key, written independently from the same
// source: for every scenario, the pole of the option keyed most appropriate
// is the advisor's orientation for the scenario's context and phase.
func TestAdviceAgreesWithTheScenarioKey(t *testing.T) {
	a := mustAdvisor(t)
	pole := map[string]string{framework.Management: advisor.Manage, framework.Leadership: advisor.Lead, "blend": advisor.Blend}
	n := 0
	for _, it := range mustScorer(t).Instrument().Items {
		if it.Context == "" {
			continue
		}
		best := it.Options[0]
		for _, o := range it.Options {
			if o.Key > best.Key {
				best = o
			}
		}
		got, err := a.Advise(advisor.Situation{Contexts: []string{it.Context}, Phase: it.Phase})
		if err != nil {
			t.Fatal(err)
		}
		n++
		if want := pole[best.Pole]; got.Orientation != want {
			t.Errorf("scenario %s (%s, %s): advisor says %s (share %d), the key's best option is %s", it.ID, it.Context, it.Phase, got.Orientation, got.ManagementShare, want)
		}
	}
	if n == 0 {
		t.Fatal("the instrument has no scenarios with a context")
	}
}

func TestAdviceRisks(t *testing.T) {
	a := mustAdvisor(t)
	disruption := "Over-indexing on leadership during stability periods creates unnecessary disruption that undermines reliable value delivery customers expect."
	paralysis := "Over-reliance on management during transformation periods creates analysis paralysis and change resistance that prevent necessary evolution."
	for _, tc := range []struct {
		s    advisor.Situation
		want []string
	}{
		{advisor.Situation{Contexts: []string{"mature"}, Phase: "execution"}, []string{disruption}},
		{advisor.Situation{Contexts: []string{"startup"}, Phase: "launch"}, []string{paralysis}},
		{advisor.Situation{Contexts: []string{"growing"}, Phase: "execution"}, []string{disruption, paralysis}},
	} {
		got, err := a.Advise(tc.s)
		if err != nil {
			t.Fatal(err)
		}
		var sources []string
		for _, r := range got.Risks {
			sources = append(sources, r.Source)
		}
		if diff := cmp.Diff(tc.want, sources); diff != "" {
			t.Errorf("%+v (%s): risks (-want +got):\n%s", tc.s, got.Orientation, diff)
		}
	}
}

// TestAdviceJSON pins the public contract: exactly four keys, reasons and
// risks as {text, source}.
func TestAdviceJSON(t *testing.T) {
	a := mustAdvisor(t)
	adv, err := a.Advise(advisor.Situation{Contexts: []string{"compliance-critical", "mature"}, Phase: "execution"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(adv)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	keys := func(m map[string]any) []string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		slices.Sort(ks)
		return ks
	}
	if diff := cmp.Diff([]string{"management_share", "orientation", "reasons", "risks"}, keys(doc)); diff != "" {
		t.Errorf("top-level keys (-want +got):\n%s", diff)
	}
	if got := doc["management_share"].(float64); got != 73 {
		t.Errorf("management_share: got %v, want 73 (50 + 15 context + 8 execution)", got)
	}
	for _, list := range []string{"reasons", "risks"} {
		items := doc[list].([]any)
		if len(items) == 0 {
			t.Errorf("%s: empty", list)
		}
		for _, it := range items {
			if diff := cmp.Diff([]string{"source", "text"}, keys(it.(map[string]any))); diff != "" {
				t.Errorf("%s item keys (-want +got):\n%s", list, diff)
			}
		}
	}
}

func TestAdviseRejectsBadInput(t *testing.T) {
	a := mustAdvisor(t)
	for _, tc := range []struct {
		name  string
		s     advisor.Situation
		field string
		want  []string
	}{
		{"no contexts", advisor.Situation{Phase: "launch"}, "contexts", []string{"at least one context", "mature", "evolving-strategy"}},
		{"unknown context", advisor.Situation{Contexts: []string{"mature", "startups"}, Phase: "launch"}, "contexts[1]", []string{`unknown context "startups"`, "startup", "culture-change"}},
		{"no phase", advisor.Situation{Contexts: []string{"mature"}}, "phase", []string{"give a phase", "launch, execution, crisis, recovery"}},
		{"unknown phase", advisor.Situation{Contexts: []string{"mature"}, Phase: "wind-down"}, "phase", []string{`unknown phase "wind-down"`, "launch, execution, crisis, recovery"}},
		{"unknown need", advisor.Situation{Contexts: []string{"mature"}, Phase: "launch", Need: "speed"}, "need", []string{`unknown need "speed"`, "consistency, quality-control, commitment, change"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := a.Advise(tc.s)
			if fail.Code(err) != fail.Invalid {
				t.Fatalf("got %v, want an invalid error", err)
			}
			msg, ok := fail.FieldsOf(err)[tc.field]
			if !ok {
				t.Fatalf("no problem reported under %q: %v", tc.field, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) || !strings.Contains(fail.Message(err), w) {
					t.Errorf("%q (message %q) does not mention %q", msg, fail.Message(err), w)
				}
			}
		})
	}
}

// TestShareArithmetic pins the documented formula, share = 50 + mean context
// pull + phase pull + need pull, with the data's weights: contexts 15, phases
// 8 (crisis 40), needs 12.
func TestShareArithmetic(t *testing.T) {
	a := mustAdvisor(t)
	for _, tc := range []struct {
		s    advisor.Situation
		want int
	}{
		{advisor.Situation{Contexts: []string{"growing"}, Phase: "execution"}, 58},                                    // 50 + 0 + 8
		{advisor.Situation{Contexts: []string{"growing"}, Phase: "launch", Need: "commitment"}, 30},                   // 50 − 8 − 12
		{advisor.Situation{Contexts: []string{"mature"}, Phase: "execution", Need: "consistency"}, 85},                // 50 + 15 + 8 + 12
		{advisor.Situation{Contexts: []string{"startup"}, Phase: "crisis"}, 75},                                       // 50 − 15 + 40
		{advisor.Situation{Contexts: []string{"culture-change"}, Phase: "crisis", Need: "change"}, 63},                // 50 − 15 + 40 − 12
		{advisor.Situation{Contexts: []string{"startup", "mature"}, Phase: "execution"}, 58},                          // 50 + (−15 + 15)/2 + 8
		{advisor.Situation{Contexts: []string{"startup", "growing"}, Phase: "recovery"}, 35},                          // 50 − 7.5 − 8 = 34.5, rounded half away from zero
		{advisor.Situation{Contexts: []string{"compliance-critical"}, Phase: "crisis", Need: "quality-control"}, 100}, // clamped
		{advisor.Situation{Contexts: []string{"startup", "startup"}, Phase: "launch"}, 27},                            // a repeated context counts once
	} {
		got, err := a.Advise(tc.s)
		if err != nil {
			t.Fatal(err)
		}
		if got.ManagementShare != tc.want {
			t.Errorf("%+v: share %d, want %d", tc.s, got.ManagementShare, tc.want)
		}
	}
}
