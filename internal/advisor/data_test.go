package advisor_test

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/twohats/twohats/internal/advisor"
	"github.com/twohats/twohats/internal/framework"
)

func TestEmbeddedDataIsValid(t *testing.T) {
	a := mustAdvisor(t)
	if got, want := len(a.Rules()), len(a.Framework().ContextKeys())+len(a.Framework().PhaseKeys())+len(a.NeedKeys()); got != want {
		t.Errorf("rules: got %d, want one per context, phase and need (%d)", got, want)
	}
}

// TestBrokenDataFails breaks one entry of a data file at a time: each must
// stop the advisor from loading with a message naming the file and the entry.
func TestBrokenDataFails(t *testing.T) {
	fw, err := framework.Default()
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		b, err := fs.ReadFile(embedded, name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	adv, roles, plan, journal, quiz, faq := read(advisor.AdvisorFile), read(advisor.RolesFile), read(advisor.PlanFile), read(advisor.JournalFile), read(advisor.QuizFile), read(advisor.FAQFile)
	for _, tc := range []struct {
		name string
		file string
		data string
		want []string
	}{
		{"unknown context in a rule", advisor.AdvisorFile,
			mustReplace(t, adv, "context: turnaround\n", "context: turnarounds\n"),
			[]string{"advisor.yaml", `rule "context-turnaround"`, `unknown context "turnarounds"`, "valid: mature,", `context "turnaround": has no rule`}},
		{"missing citation", advisor.AdvisorFile,
			mustReplace(t, adv, `    source: "Project launches need leadership to align teams and inspire commitment."`+"\n", ""),
			[]string{"advisor.yaml", `rule "phase-launch": has no source citation`}},
		{"uncited quote", advisor.AdvisorFile,
			mustReplace(t, adv, `source: "Execution phases need management to maintain schedules and quality standards."`, `source: "Execution phases need management to maintain schedules."`),
			[]string{"advisor.yaml", `rule "phase-execution": cites "Execution phases need management to maintain schedules."`, "not in the source text"}},
		{"weight out of range", advisor.AdvisorFile,
			mustReplace(t, adv, "    weight: 40\n", "    weight: 75\n"),
			[]string{"advisor.yaml", `rule "phase-crisis": weight 75 is out of range`, "at most 50"}},
		{"negative weight", advisor.AdvisorFile,
			mustReplace(t, adv, "    need: change\n    toward: leadership\n    weight: 12\n", "    need: change\n    toward: leadership\n    weight: -12\n"),
			[]string{"advisor.yaml", `rule "need-change": weight -12 is out of range`}},
		{"a balanced context given a weight", advisor.AdvisorFile,
			mustReplace(t, adv, "    context: growing\n    toward: both\n    weight: 0\n", "    context: growing\n    toward: both\n    weight: 5\n"),
			[]string{"advisor.yaml", `rule "context-growing": weight 5 is out of range`, "must be 0"}},
		{"a pull against the framework's emphasis", advisor.AdvisorFile,
			mustReplace(t, adv, "    context: startup\n    toward: leadership\n", "    context: startup\n    toward: management\n"),
			[]string{"advisor.yaml", `rule "context-startup": pulls toward management`, "leadership-heavy"}},
		{"a crisis that no longer dominates", advisor.AdvisorFile,
			mustReplace(t, adv, "    weight: 40\n", "    weight: 20\n"),
			[]string{"advisor.yaml", `rule "phase-crisis": is dominant`, "below manage_from 60"}},
		{"unknown field", advisor.AdvisorFile,
			mustReplace(t, adv, "    weight: 40\n", "    weight: 40\n    wieght: 40\n"),
			[]string{"advisor.yaml", `unknown field "wieght"`}},
		{"cut points crossed", advisor.AdvisorFile,
			mustReplace(t, adv, "  lead_to: 40\n", "  lead_to: 70\n"),
			[]string{"advisor.yaml", "lead_to < manage_from"}},
		{"risk for an unknown orientation", advisor.AdvisorFile,
			mustReplace(t, adv, "when: [lead, blend]", "when: [lead, balance]"),
			[]string{"advisor.yaml", `risk "management-over-reliance": unknown orientation "balance"`}},
		{"adjustment on an unknown facet", advisor.RolesFile,
			mustReplace(t, roles, "facets: [focus, problem_solving]", "facets: [focus, problem-solving]"),
			[]string{"roles.yaml", `adjustment "quality-standardisation": unknown facet "problem-solving"`}},
		{"adjustment out of range", advisor.RolesFile,
			mustReplace(t, roles, "    facets: [change_approach, problem_solving]\n    add: 10\n", "    facets: [change_approach, problem_solving]\n    add: 60\n"),
			[]string{"roles.yaml", `adjustment "change-approach": add 60 is out of range`}},
		{"uncited promotion risk", advisor.RolesFile,
			mustReplace(t, roles, `source: "Pure leaders inspire transformation while neglecting operational excellence that sustains momentum."`, `source: "Pure leaders neglect operations."`),
			[]string{"roles.yaml", `promotion_risk "leader_into_management": cites "Pure leaders neglect operations."`}},
		{"plan step outside its window", advisor.PlanFile,
			mustReplace(t, plan, "due: 40\n", "due: 70\n"),
			[]string{"plan.yaml", `step "d60.study-colleague": is due on day 70, outside its window (days 31-60)`}},
		{"plan without a habit", advisor.PlanFile,
			mustReplace(t, plan, "        habit: reflect\n", ""),
			[]string{"plan.yaml", `habit "reflect": no step puts this habit to work`}},
		{"plan with an unknown placeholder", advisor.PlanFile,
			mustReplace(t, plan, "{stronger} approach", "{strong} approach"),
			[]string{"plan.yaml", `step "d30.ask-feedback": unknown placeholder {strong}`}},
		{"journal with an unknown pressure phase", advisor.JournalFile,
			mustReplace(t, journal, "pressure_phases: [crisis]", "pressure_phases: [crises]"),
			[]string{"journal.yaml", `unknown phase "crises"`}},
		{"quiz truth with an uncited source", advisor.QuizFile,
			mustReplace(t, quiz, `source: "Yes, leadership relies on influence and earned credibility rather than position authority."`, `source: "Leadership needs no authority."`),
			[]string{"quiz.yaml", `truth "lead-without-authority": cites "Leadership needs no authority."`}},
		{"quiz order missing a myth", advisor.QuizFile,
			mustReplace(t, quiz, "  - title\n", ""),
			[]string{"quiz.yaml", `order "title": missing`}},
		{"faq answer not verbatim", advisor.FAQFile,
			mustReplace(t, faq, "Most complex situations need both.", "Most situations need both."),
			[]string{"faq.yaml", `faq "when": cites`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := advisor.Load(fw, dataFS(t, map[string]string{tc.file: tc.data}))
			if err == nil {
				t.Fatal("loaded without error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
		})
	}
}
