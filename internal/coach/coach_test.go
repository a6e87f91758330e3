package coach_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/twohats/twohats/internal/coach"
)

func mustDefault(t testing.TB) *coach.Analyzer {
	t.Helper()
	an, err := coach.Default()
	if err != nil {
		t.Fatalf("the embedded rules do not load: %v", err)
	}
	return an
}

// TestLanguage checks the general mechanisms (quotation, reported speech,
// negation, questions, endorsement) across rule kinds: the same statement
// counts when asserted and does not when quoted, reported or negated.
func TestLanguage(t *testing.T) {
	an := mustDefault(t)
	for _, tc := range []struct {
		text   string
		signal string
		want   bool
	}{
		// the three examples
		{"People say 'I'm a leader, not a manager', but I disagree.", "claims_leader_not_manager", false},
		{"I would never say leadership is better than management.", "disparages_management", false},
		{"I would never say leadership is better than management.", "myth_statement", false},
		{"Some think you're either a manager or a leader; I don't.", "binary_thinking", false},
		// the same statements asserted
		{"I'm a leader, not a manager.", "claims_leader_not_manager", true},
		{"Leadership is better than management.", "disparages_management", true},
		{"You're either a manager or a leader.", "binary_thinking", true},
		// quotation, straight and curly, double and single
		{`My boss wrote "I'm a leader, not a manager" on a slide.`, "claims_leader_not_manager", false},
		{"The poster said “I’m a leader, not a manager.” I took it down.", "claims_leader_not_manager", false},
		{"The poster said ‘I’m a leader, not a manager’ in big letters.", "claims_leader_not_manager", false},
		{`An unterminated "quote: I'm a leader, not a manager.`, "claims_leader_not_manager", true},
		// a quotation the speaker takes as their own
		{`There's a line I like: "Leaders are born, not made."`, "myth_statement", true},
		{`"Leaders are born, not made." I agree.`, "myth_statement", true},
		// reported speech, with and without endorsement
		{"My mentor said leaders are born.", "myth_statement", false},
		{"My mentor said leaders are born, and he was right.", "myth_statement", true},
		{"My mentor said leaders are born. He was right.", "myth_statement", true},
		{"My mentor said leaders are born. He was wrong.", "myth_statement", false},
		{"It's a myth that leadership only matters at the top.", "myth_statement", false},
		// a question is not asserted; a statement with a question tag is
		{"Isn't leadership better than management?", "disparages_management", false},
		{"Leadership is better than management, right?", "disparages_management", true},
		{"Leadership is better than management, you know?", "disparages_management", true},
		// others' view of something is theirs ("saw it as")
		{"The crews saw the checks as box-ticking until the audit.", "disparages_management", false},
		{"The idea that managers just execute and leaders think strategically is outdated.", "myth_statement", false},
		{"Many assume leadership sits above management.", "disparages_management", false},
		{"I used to think leadership was more important than management.", "disparages_management", false},
		{"Interviewers often ask whether you're a manager or a leader.", "binary_thinking", false},
		// reported scope ends at a contrast or a first-person clause
		{"People say anyone can be both, but you're either a leader or a manager.", "binary_thinking", true},
		// negation within the clause, and only within it
		{"Leaders aren't born.", "myth_statement", false},
		{"Nobody is simply a leader or a manager.", "binary_thinking", false},
		{"I don't think management is boring.", "disparages_management", false},
		{"I'm not saying much, but management is boring.", "disparages_management", true},
		{"It's not either/or.", "binary_thinking", false},
		{"It's not either/or.", "acknowledges_both", true},
		// questions count only when answered yes
		{"Is leadership always better than management? No.", "myth_statement", false},
		{"Is leadership always better than management? Yes, it is.", "myth_statement", true},
		// a denied red flag is a positive signal (negation: invert)
		{"I'd never call myself a leader rather than a manager.", "acknowledges_both", true},
		{"I'd never call myself a leader rather than a manager.", "claims_leader_not_manager", false},
		// negated examples are not examples
		{"I never set up a rota or a checklist.", "management_example", false},
		{"Last year I set up a rota and a checklist for the night shift.", "management_example", true},
		{"I didn't persuade anyone.", "leadership_example", false},
		{"I persuaded three teams to adopt one release calendar.", "leadership_example", true},
		// tendency alone is not tendency-and-growth
		{"I'm naturally a planner.", "names_tendency_and_growth", false},
		{"I'm naturally a planner, so I've been deliberately practising leadership at our all-hands.", "names_tendency_and_growth", true},
	} {
		res, err := an.Analyze(tc.text)
		if err != nil {
			t.Fatalf("%q: %v", tc.text, err)
		}
		got, ok := res.Signals.Get(tc.signal)
		if !ok {
			t.Fatalf("unknown signal %s", tc.signal)
		}
		if got != tc.want {
			t.Errorf("%q: %s = %v, want %v (findings %+v)", tc.text, tc.signal, got, tc.want, res.Findings)
		}
	}
}

// TestJSONContract checks the exact shape of the public JSON.
func TestJSONContract(t *testing.T) {
	an := mustDefault(t)
	text := "I’m a leader, not a manager — I leave the rotas to others."
	res, err := an.Analyze(text)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	keys := func(v any) []string {
		var out []string
		for k := range v.(map[string]any) {
			out = append(out, k)
		}
		return sorted(out)
	}
	if got, want := keys(m), []string{"findings", "score", "signals", "star", "verdict"}; !reflect.DeepEqual(got, want) {
		t.Errorf("top-level keys %v, want %v", got, want)
	}
	if got, want := keys(m["signals"]), sorted(coach.SignalNames); !reflect.DeepEqual(got, want) {
		t.Errorf("signal keys %v, want %v", got, want)
	}
	if got, want := keys(m["star"]), []string{"action", "result", "situation", "task"}; !reflect.DeepEqual(got, want) {
		t.Errorf("star keys %v, want %v", got, want)
	}
	fs := m["findings"].([]any)
	if len(fs) == 0 {
		t.Fatal("no findings")
	}
	for _, f := range fs {
		if got, want := keys(f), []string{"end", "message", "quote", "rule", "severity", "start", "suggestion"}; !reflect.DeepEqual(got, want) {
			t.Errorf("finding keys %v, want %v", got, want)
		}
	}
	if v := m["verdict"]; v != "weak" {
		t.Errorf("verdict %v, want weak", v)
	}
	if s := m["score"].(float64); s < 0 || s > 100 {
		t.Errorf("score %v out of range", s)
	}
	// spans are byte offsets into the input and quote is the input between them
	claim := false
	for _, f := range res.Findings {
		if f.Quote != text[f.Start:f.End] {
			t.Errorf("%s: quote %q, input[%d:%d] = %q", f.Rule, f.Quote, f.Start, f.End, text[f.Start:f.End])
		}
		if f.Rule == "leader-not-manager" {
			claim = true
			if !strings.HasPrefix(f.Quote, "I’m a leader, not a manager") {
				t.Errorf("claim quote %q", f.Quote)
			}
		}
	}
	if !claim {
		t.Errorf("no leader-not-manager finding in %+v", res.Findings)
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// TestEmptyAnswer: no text is a weak answer with every missing-signal
// suggestion, each without a span, and findings is an empty-safe list.
func TestEmptyAnswer(t *testing.T) {
	an := mustDefault(t)
	for _, text := range []string{"", "   ", "\n\n", "…"} {
		res, err := an.Analyze(text)
		if err != nil {
			t.Fatal(err)
		}
		if res.Verdict != coach.Weak {
			t.Errorf("%q: verdict %s, want weak", text, res.Verdict)
		}
		if res.Findings == nil {
			t.Errorf("%q: findings is nil; the JSON contract wants a list", text)
		}
		for _, f := range res.Findings {
			if !f.Whole() || f.Start != 0 || f.Quote != "" {
				t.Errorf("%q: finding %+v has a span", text, f)
			}
		}
	}
}

// TestTooLong: more than MaxRunes characters is an error; exactly MaxRunes is
// not, whatever the byte length.
func TestTooLong(t *testing.T) {
	an := mustDefault(t)
	if _, err := an.Analyze(strings.Repeat("é", coach.MaxRunes)); err != nil {
		t.Errorf("MaxRunes characters refused: %v", err)
	}
	_, err := an.Analyze(strings.Repeat("a", coach.MaxRunes+1))
	if !errors.Is(err, coach.ErrTooLong) {
		t.Errorf("got %v, want ErrTooLong", err)
	}
}

// TestScoreExplained: the breakdown adds up to the score (before clamping)
// and a strong answer beats the same answer with a claim added.
func TestScoreExplained(t *testing.T) {
	an := mustDefault(t)
	strong := "Both matter. During our audit I set up a daily checklist because patient safety was at stake. " +
		"When we moved to the new system, I persuaded the two most sceptical nurses to pilot it with me."
	a, _ := an.Analyze(strong)
	b, _ := an.Analyze(strong + " But honestly, I'm a leader, not a manager.")
	sum := 0
	for _, term := range a.Breakdown {
		sum += term.Points
	}
	if sum != a.Score {
		t.Errorf("breakdown %v sums to %d, score is %d", a.Breakdown, sum, a.Score)
	}
	if a.Verdict != coach.Strong {
		t.Errorf("verdict %s (score %d, breakdown %v), want strong", a.Verdict, a.Score, a.Breakdown)
	}
	if b.Score >= a.Score || b.Verdict == coach.Strong {
		t.Errorf("adding a claim: score %d -> %d, verdict %s -> %s", a.Score, b.Score, a.Verdict, b.Verdict)
	}
}

// TestRulesCiteTheSource: every rule names its source sentence, kind and id.
func TestRulesCiteTheSource(t *testing.T) {
	an := mustDefault(t)
	kinds := map[string]int{}
	for _, r := range an.Rules() {
		if r.ID() == "" || r.Source() == "" {
			t.Errorf("rule %q has no id or source", r.ID())
		}
		kinds[r.Kind()]++
	}
	for _, k := range []string{"existence", "substitution", "occurrence", "cooccurrence", "conditional"} {
		if kinds[k] == 0 {
			t.Errorf("no rule of kind %s in the embedded rules", k)
		}
	}
	if !utf8.ValidString(an.Rules()[0].Source()) {
		t.Error("source is not UTF-8")
	}
}

// TestConcurrent: one Analyzer serves many goroutines (run with -race).
func TestConcurrent(t *testing.T) {
	an := mustDefault(t)
	texts := []string{
		"I'm a leader, not a manager.",
		"Both matter. I set up a rota because safety was at stake, and I persuaded the team to pilot the new system.",
		"People say 'leaders are born', but I disagree.",
	}
	want := make([]*coach.Result, len(texts))
	for i, s := range texts {
		want[i], _ = an.Analyze(s)
	}
	done := make(chan bool)
	for g := 0; g < 8; g++ {
		go func(g int) {
			defer func() { done <- true }()
			for i := 0; i < 50; i++ {
				k := (g + i) % len(texts)
				got, err := an.Analyze(texts[k])
				if err != nil || !reflect.DeepEqual(got, want[k]) {
					t.Errorf("goroutine %d: result for %q differs", g, texts[k])
					return
				}
			}
		}(g)
	}
	for g := 0; g < 8; g++ {
		<-done
	}
}
