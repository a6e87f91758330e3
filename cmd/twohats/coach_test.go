package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twohats/twohats/internal/coach"
)

const weakAnswer = "I'm a leader, not a manager. Managers just push paper.\n"

func TestCoachJSONIsTheContract(t *testing.T) {
	c := newCLI(t)
	code, out, errOut := c.run(weakAnswer, "coach", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	for _, k := range []string{"score", "verdict", "signals", "findings", "star"} {
		if _, ok := got[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	if len(got) != 5 {
		t.Errorf("JSON has %d keys, want the 5 of the contract: %v", len(got), got)
	}
	sig := got["signals"].(map[string]any)
	if len(sig) != len(coach.SignalNames) || sig["claims_leader_not_manager"] != true {
		t.Errorf("signals = %v", sig)
	}
	// The same as the library's answer, byte for byte.
	a, err := coach.Default()
	if err != nil {
		t.Fatal(err)
	}
	res, err := a.Analyze(weakAnswer)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(res); err != nil {
		t.Fatal(err)
	}
	if out != want.String() {
		t.Errorf("CLI JSON differs from coach.Analyze:\n got %s\nwant %s", out, want.String())
	}
	for _, f := range res.Findings {
		if !f.Whole() && weakAnswer[f.Start:f.End] != f.Quote {
			t.Errorf("finding %s: span %d-%d is not its quote", f.Rule, f.Start, f.End)
		}
	}
}

func TestCoachTextMarksSpansFromFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "answer.txt")
	if err := os.WriteFile(path, []byte(weakAnswer), 0o600); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t)
	code, out, errOut := c.run("", "coach", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"[[I'm a leader, not a manager]](1)", "Findings:", "Suggestion:", "Score: ", "Verdict: weak", "STAR: situation no"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Errorf("colour codes written to a pipe:\n%q", out)
	}
}

func TestCoachTextColour(t *testing.T) {
	a, err := coach.Default()
	if err != nil {
		t.Fatal(err)
	}
	res, err := a.Analyze(weakAnswer)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	writeCoach(&b, weakAnswer, res, true)
	if !strings.Contains(b.String(), "\x1b[4;31mI'm a leader, not a manager\x1b[0m") {
		t.Errorf("an error span is not underlined in red:\n%q", b.String())
	}
	if strings.Contains(b.String(), "[[") {
		t.Errorf("brackets written on a terminal:\n%q", b.String())
	}
}

func TestCoachErrors(t *testing.T) {
	c := newCLI(t)
	long := strings.Repeat("é", coach.MaxRunes+1)
	code, _, errOut := c.run(long, "coach", "-")
	if code != 2 || !strings.Contains(errOut, "10001 characters") || !strings.Contains(errOut, "at most 10000") {
		t.Errorf("too long: exit %d, stderr %q; want 2 naming the length and the limit", code, errOut)
	}
	// Exactly the limit is fine.
	if code, _, errOut := c.run(strings.Repeat("é", coach.MaxRunes), "coach", "--format", "json"); code != 0 {
		t.Errorf("at the limit: exit %d: %s", code, errOut)
	}
	if code, _, _ := c.run("x", "coach", "--format", "xml"); code != 2 {
		t.Errorf("bad format: exit %d, want 2", code)
	}
	if code, _, errOut := c.run("", "coach", filepath.Join(t.TempDir(), "missing.txt")); code != 2 || !strings.Contains(errOut, "answer") {
		t.Errorf("missing file: exit %d, stderr %q", code, errOut)
	}
}
