package coach_test

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/twohats/twohats/internal/coach"
)

// validRules is a rule file with one rule; each test case breaks one line.
const validRules = `rules:
  - id: demo
    kind: existence
    signals: [claims_leader_not_manager]
    severity: error
    message: A claim.
    suggestion: Drop it.
    source: "Avoid declaring yourself exclusively manager or leader"
    patterns:
      - '\bleader, not a manager\b'
`

func config(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("data/coach.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBrokenRuleFiles: every kind of mistake in a rule file fails loading
// with an error that names the file and the line of the mistake.
func TestBrokenRuleFiles(t *testing.T) {
	cfg := config(t)
	if _, err := coach.Parse(cfg, map[string][]byte{"demo.yaml": []byte(validRules)}); err != nil {
		t.Fatalf("the valid rule file was refused: %v", err)
	}
	for _, tc := range []struct {
		name, from, to string
		line           int
		want           string
	}{
		{"unknown kind", "kind: existence", "kind: existance", 3, `unknown kind "existance"`},
		{"missing message", "    message: A claim.\n", "", 2, "has no message"},
		{"bad regex", `'\bleader, not a manager\b'`, `'\bleader, (not a manager\b'`, 10, "bad regular expression"},
		{"unknown signal", "signals: [claims_leader_not_manager]", "signals: [claims_leader]", 4, `unknown signal "claims_leader"`},
		{"uncited source", "exclusively manager or leader", "exclusively a boss", 8, "not in the source text"},
		{"no source", `    source: "Avoid declaring yourself exclusively manager or leader"` + "\n", "", 2, "has no source citation"},
		{"unknown severity", "severity: error", "severity: fatal", 5, `unknown severity "fatal"`},
		{"unknown field", "    suggestion: Drop it.\n", "    suggestoin: Drop it.\n", 7, "suggestoin"},
		{"unknown vocabulary", `'\bleader, not a manager\b'`, `'{leaderish}'`, 10, "unknown vocabulary entry {leaderish}"},
		{"empty-matching pattern", `'\bleader, not a manager\b'`, `'(?:x)?'`, 10, "matches the empty string"},
		{"bad negation", "    patterns:\n", "    negation: sometimes\n    patterns:\n", 9, `unknown negation "sometimes"`},
		{"yaml syntax", "    kind: existence\n", "    kind: [existence\n", 0, "demo.yaml"},
		{"waits on an unknown signal", "    severity: error\n", "    when: [binary]\n    severity: error\n", 5, `waits on unknown signal "binary"`},
		{"waits on its own signal", "    severity: error\n", "    when: [claims_leader_not_manager]\n    severity: error\n", 5, "a signal it sets itself"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := strings.Replace(validRules, tc.from, tc.to, 1)
			if data == validRules {
				t.Fatal("test case did not change the file")
			}
			_, err := coach.Parse(cfg, map[string][]byte{"demo.yaml": []byte(data)})
			if err == nil {
				t.Fatal("broken file accepted")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
			prefix := "demo.yaml:"
			if tc.line > 0 {
				prefix = fmt.Sprintf("demo.yaml:%d:", tc.line)
			}
			if !strings.Contains(err.Error(), prefix) {
				t.Errorf("error %q does not name %s", err, prefix)
			}
			var le *coach.LoadError
			if !errors.As(err, &le) {
				t.Errorf("error %T is not a *LoadError", err)
			}
		})
	}
}

// TestBrokenConfig: a bad vocabulary entry or signal in coach.yaml names
// coach.yaml and its line.
func TestBrokenConfig(t *testing.T) {
	cfg := string(config(t))
	for _, tc := range []struct{ name, from, to, want string }{
		{"vocabulary regex", `  me: "`, `  me: "(`, "coach.yaml:"},
		{"backspace for a word boundary", `  mgmt: "\\b(?:`, `  mgmt: "\b(?:`, "control character"},
		{"signal name", "  - name: binary_thinking", "  - name: binary", `unknown signal "binary"`},
		{"signal citation", "binary thinking cannot convey.", "binary thinking is bad.", "not in the source text"},
		{"verdict cut points", "    strong: 80", "    strong: 20", "verdict cut points"},
		{"verdict half of no group", "      evidence: 45", "      evidense: 45", `unknown score group "evidense"`},
		{"verdict half marked 0", "      evidence: 45", "      evidence: 0", `group "evidence": the mark must be above 0`},
		{"verdict without halves", "    halves:\n      evidence: 45\n      understanding: 15\n", "", "verdict needs halves"},
		{"warned-against signal", "    warned_against:\n      - claims_leader_not_manager", "    warned_against:\n      - claims_leader", `unknown signal "claims_leader"`},
		{"implied signal", "implies: [myth_statement]", "implies: [myth]", `implies unknown signal "myth"`},
		{"signal implies itself", "implies: [myth_statement]", "implies: [binary_thinking]", "implies itself"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := strings.Replace(cfg, tc.from, tc.to, 1)
			if data == cfg {
				t.Fatal("test case did not change the file")
			}
			_, err := coach.Parse([]byte(data), map[string][]byte{"demo.yaml": []byte(validRules)})
			if err == nil {
				t.Fatal("broken config accepted")
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "coach.yaml:") {
				t.Errorf("error %q does not mention %q with coach.yaml and a line", err, tc.want)
			}
		})
	}
}

// TestLoadFS: Load reads coach.yaml and every other *.yaml at the root of any
// file system.
func TestLoadFS(t *testing.T) {
	fsys := fstest.MapFS{
		"coach.yaml": {Data: config(t)},
		"demo.yaml":  {Data: []byte(validRules)},
		"notes.txt":  {Data: []byte("ignored")},
	}
	an, err := coach.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	res, err := an.Analyze("Honestly, I'm a leader, not a manager.")
	if err != nil {
		t.Fatal(err)
	}
	if !res.Signals.ClaimsLeaderNotManager || len(an.Rules()) != 1 {
		t.Errorf("got %+v with %d rules", res.Signals, len(an.Rules()))
	}
	delete(fsys, "coach.yaml")
	if _, err := coach.Load(fsys); err == nil || !strings.Contains(err.Error(), "coach.yaml") {
		t.Errorf("missing coach.yaml: got %v", err)
	}
}

// demoBinaryRule is a rule that finds binary thinking in "grape people and
// melon people", for the tests of what other signals do with it.
const demoBinaryRule = `  - id: demo-binary
    kind: existence
    signals: [binary_thinking]
    severity: error
    message: Sorting people.
    suggestion: Do not.
    source: "This nuanced perspective demonstrates maturity that binary thinking cannot convey."
    patterns:
      - '\bgrape people and melon people\b'
`

// TestImpliedSignals: a signal that coach.yaml says implies another raises
// it, however it was raised itself. A rule that sets only binary_thinking
// must bring myth_statement with it; without the implies line it does not.
func TestImpliedSignals(t *testing.T) {
	const binaryOnly = "rules:\n" + demoBinaryRule
	cfg := string(config(t))
	without := strings.Replace(cfg, "    implies: [myth_statement]\n", "", 1)
	if without == cfg {
		t.Fatal("coach.yaml has no implies line for binary_thinking")
	}
	for _, tc := range []struct {
		cfg  string
		myth bool
	}{{cfg, true}, {without, false}} {
		an, err := coach.Parse([]byte(tc.cfg), map[string][]byte{"demo.yaml": []byte(binaryOnly)})
		if err != nil {
			t.Fatal(err)
		}
		if err := an.SetModel(nil); err != nil {
			t.Fatal(err)
		}
		res, err := an.Analyze("There are grape people and melon people in every office.")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := res.Signals.Get("binary_thinking")
		m, _ := res.Signals.Get("myth_statement")
		if !b || m != tc.myth {
			t.Errorf("binary %v myth %v, want binary true and myth %v", b, m, tc.myth)
		}
	}
}

// TestWhenRules checks a rule that waits on another signal (`when`): it runs
// only where that signal holds, whether the rules raised it or the learned
// layer did, and where it fires its finding replaces the learned layer's for
// the signal it sets.
func TestWhenRules(t *testing.T) {
	const rules = "rules:\n" + demoBinaryRule + `  - id: demo-placed
    kind: existence
    when: [binary_thinking]
    signals: [claims_leader_not_manager]
    severity: error
    message: Placing yourself.
    suggestion: Do not.
    source: "Avoid declaring yourself exclusively manager or leader - this signals limited understanding."
    patterns:
      - '\bi''m a grape\b'
`
	an, err := coach.Parse(config(t), map[string][]byte{"demo.yaml": []byte(rules)})
	if err != nil {
		t.Fatal(err)
	}
	// a learned layer that finds binary thinking in any answer with "kiwi"
	// and claims in any answer with "grape"
	var sigs []string
	for _, n := range coach.SignalNames {
		w := `{}`
		switch n {
		case "binary_thinking":
			w = `{"kiwi": 10}`
		case "claims_leader_not_manager":
			w = `{"grape": 10}`
		}
		sigs = append(sigs, fmt.Sprintf(`{"name": %q, "bias": -5, "threshold": 0.5, "weights": %s}`, n, w))
	}
	model := []byte(`{"version": 1, "signals": [` + strings.Join(sigs, ",") + `]}`)
	for _, tc := range []struct {
		text, model string
		claims, bin bool
		rule        string // the finding that carries the claim
	}{
		{"There are grape people and melon people. I'm a grape.", "", true, true, "demo-placed"},
		{"I'm a grape.", "", false, false, ""},
		{"There are grape people and melon people. I'm not a grape.", "", false, true, ""},
		// binary from the learned layer alone lets the rule run
		{"Kiwi folk sort everyone. I'm a grape.", "model", true, true, "demo-placed"},
		// the learned layer raises claims without binary: its own finding
		{"I'm a grape.", "model", true, false, "model:claims_leader_not_manager"},
	} {
		m := model
		if tc.model == "" {
			m = nil
		}
		if err := an.SetModel(m); err != nil {
			t.Fatal(err)
		}
		res, err := an.Analyze(tc.text)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := res.Signals.Get("claims_leader_not_manager")
		b, _ := res.Signals.Get("binary_thinking")
		if c != tc.claims || b != tc.bin {
			t.Errorf("%q (model %v): claims %v binary %v, want %v %v", tc.text, tc.model != "", c, b, tc.claims, tc.bin)
		}
		var claimRules []string
		for _, f := range res.Findings {
			if f.Rule == "demo-placed" || f.Rule == "model:claims_leader_not_manager" {
				claimRules = append(claimRules, f.Rule)
			}
		}
		if want := []string{tc.rule}; tc.rule == "" && len(claimRules) > 0 || tc.rule != "" && !slices.Equal(claimRules, want) {
			t.Errorf("%q (model %v): claim findings %v, want %q", tc.text, tc.model != "", claimRules, tc.rule)
		}
		if tc.rule == "demo-placed" {
			f := res.Findings[slices.IndexFunc(res.Findings, func(f coach.Finding) bool { return f.Rule == "demo-placed" })]
			if f.Quote != "I'm a grape" {
				t.Errorf("%q: demo-placed quotes %q, want %q", tc.text, f.Quote, "I'm a grape")
			}
		}
	}
}
