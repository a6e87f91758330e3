package coach_test

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/twohats/twohats/internal/coach"
)

// checkFindings asserts what every result must satisfy whatever the input:
// spans inside the text, on rune boundaries, quotes equal to the text they
// span, and a score and verdict in range.
func checkFindings(t *testing.T, text string, fs []coach.Finding) {
	t.Helper()
	onBoundary := func(i int) bool { return i == len(text) || i < len(text) && utf8.RuneStart(text[i]) }
	for _, f := range fs {
		if f.Start < 0 || f.Start > f.End || f.End > len(text) {
			t.Fatalf("%s: span %d-%d outside the input of %d bytes", f.Rule, f.Start, f.End, len(text))
		}
		if !onBoundary(f.Start) || !onBoundary(f.End) {
			t.Fatalf("%s: span %d-%d not on rune boundaries of %q", f.Rule, f.Start, f.End, text)
		}
		if f.Quote != text[f.Start:f.End] {
			t.Fatalf("%s: quote %q is not input[%d:%d]", f.Rule, f.Quote, f.Start, f.End)
		}
		if f.Rule == "" || f.Message == "" || f.Severity == "" {
			t.Fatalf("finding without rule, message or severity: %+v", f)
		}
	}
}

func checkResult(t *testing.T, text string, res *coach.Result, err error) {
	t.Helper()
	if utf8.RuneCountInString(text) > coach.MaxRunes {
		if err == nil {
			t.Fatalf("%d characters accepted", utf8.RuneCountInString(text))
		}
		return
	}
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	if res.Score < 0 || res.Score > 100 {
		t.Fatalf("score %d", res.Score)
	}
	switch res.Verdict {
	case coach.Strong, coach.OK, coach.Weak:
	default:
		t.Fatalf("verdict %q", res.Verdict)
	}
	if res.Findings == nil {
		t.Fatal("findings is nil")
	}
	checkFindings(t, text, res.Findings)
}

// trickySeeds are inputs that have broken text tools before.
func trickySeeds() []string {
	return []string{
		"", " ", "\n\n\n", `"`, `'`, `""`, `''`, `"""`, `'''`, "“", "”", "‘’", "«»",
		`He said "I'm a leader, not a manager`, `"unterminated`, `'unterminated`, `I'm a leader, not a manager"`,
		"\xff", "\xff\xfe\xfd", "I'm a leader\xff, not a manager", "\xe2\x80", "lead\xc0er", "\xed\xa0\x80", "a\x00b",
		"انا قائد ولست مديرا. I'm a leader, not a manager.", "\u200fI'm a leader, not a manager\u200f", "\u202eregnam a ton ,redael a m'I",
		"אני מנהל, לא מנהיג", "👩‍⚕️ I set up a rota 🗓️ and persuaded the team 🚀", "I’m a leader — not a manager…",
		"e.g. i.e. etc. Mr. Dr. vs.", "Is leadership better than management? Yes.", "Of course not.", "No. Yes! Why? Because.",
		"I don't.", "can't. won't. isn't.", "- - - ; ; : :", "((((", "))))", strings.Repeat("a", 300),
		"\u00a0\u2009\u202f", "caf\u0301e", "ﬁnance ﬂow", "ſ K", strings.Repeat("I'm a leader, not a manager. ", 40),
		strings.Repeat("é", coach.MaxRunes), strings.Repeat("é", coach.MaxRunes+1), strings.Repeat("x", coach.MaxRunes),
		strings.Repeat("I set up a rota because safety was at stake, but people say leaders are born. ", 130),
		strings.Repeat("\"", 500), strings.Repeat("'a' ", 300), strings.Repeat("🙂", 3000),
	}
}

func seedCorpus(f *testing.F) {
	for _, s := range trickySeeds() {
		f.Add(s)
	}
	for _, a := range loadCorpus(f, "seen") {
		f.Add(a.Text)
	}
}

// FuzzAnalyze: no input makes Analyze panic or return a span outside the
// input or off a rune boundary.
func FuzzAnalyze(f *testing.F) {
	an := mustDefault(f)
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, text string) {
		res, err := an.Analyze(text)
		checkResult(t, text, res, err)
	})
}

// kindRules holds one small rule of each kind, exercising every option, so
// each kind can be fuzzed on its own.
var kindRules = map[string]string{
	"existence": `rules:
  - id: k
    kind: existence
    signals: [claims_leader_not_manager]
    severity: error
    message: m
    source: "Avoid declaring yourself exclusively manager or leader"
    unless: ['\bworking on\b']
    patterns: ['{self_is} {hedge}leader,? not (?:a )?manager', '\b(?:i|we)\b ~3,~ \blead\w*', 'é+']
`,
	"substitution": `rules:
  - id: k
    kind: substitution
    severity: warning
    message: "'{match}' -> '{with}'"
    suggestion: "{with}"
    source: "Avoid declaring yourself exclusively manager or leader"
    skip_quoted: false
    swap:
      - {pattern: '\bbabysit\w*', with: coaching}
      - {pattern: '\bpaper\W+push\w*', with: running the process}
`,
	"occurrence": `rules:
  - id: k
    kind: occurrence
    severity: suggestion
    message: m
    source: "Avoid declaring yourself exclusively manager or leader"
    negation: ignore
    patterns: ['{lead}', '[aeiou]{2}']
    max: 2
`,
	"cooccurrence": `rules:
  - id: k
    kind: cooccurrence
    signals: [management_example]
    severity: info
    message: m
    source: "Avoid declaring yourself exclusively manager or leader"
    same_clause: true
    window: 2
    all:
      - ['{me}']
      - ['\b{mgmt_verb}\b ~7~ \b{mgmt_object}\b', '\brota\b']
`,
	"conditional": `rules:
  - id: k
    kind: conditional
    severity: suggestion
    message: m
    source: "Avoid declaring yourself exclusively manager or leader"
    negation: invert
    first: ['{tendency}', '{binary}']
    second: ['{growth}']
`,
}

func fuzzKind(f *testing.F, kind string) {
	cfg, err := os.ReadFile("data/coach.yaml")
	if err != nil {
		f.Fatal(err)
	}
	an, err := coach.Parse(cfg, map[string][]byte{kind + ".yaml": []byte(kindRules[kind])})
	if err != nil {
		f.Fatalf("%s rule: %v", kind, err)
	}
	rule := an.Rules()[0]
	if rule.Kind() != kind {
		f.Fatalf("built a %s rule, want %s", rule.Kind(), kind)
	}
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, text string) {
		checkFindings(t, text, rule.Run(text))
	})
}

// One fuzz target per rule kind: each kind alone never panics and keeps its
// spans inside the input and on rune boundaries.
func FuzzExistence(f *testing.F)    { fuzzKind(f, "existence") }
func FuzzSubstitution(f *testing.F) { fuzzKind(f, "substitution") }
func FuzzOccurrence(f *testing.F)   { fuzzKind(f, "occurrence") }
func FuzzCooccurrence(f *testing.F) { fuzzKind(f, "cooccurrence") }
func FuzzConditional(f *testing.F)  { fuzzKind(f, "conditional") }
