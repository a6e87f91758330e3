package main

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/twohats/twohats/internal/advisor"
	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

// visionRole is a leadership-heavy role file.
const visionRole = `name: Founding product lead
contexts: [startup, disruptive-innovation]
phases: {launch: 0.7, execution: 0.3}
need: change
`

// writeFile writes data to a new file in a temporary directory.
func writeFile(t *testing.T, name, data string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// managerAnswersFile writes the answers of a simulated strong manager who
// is a weak leader.
func managerAnswersFile(t *testing.T) string {
	t.Helper()
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := cat.Scorer(instrument.Default)
	if err != nil {
		t.Fatal(err)
	}
	r := sc.Simulate(rand.New(rand.NewPCG(11, 12)), profile.Traits{Management: 1.8, Leadership: -1.6, Tendency: -1, Judgement: 0.6})
	if p := sc.Score(r); p.Quadrant != profile.ManagerLeaning {
		t.Fatalf("the simulated manager is %s (scales %v)", p.Quadrant, p.Scales)
	}
	b, err := json.Marshal(sc.Decode(r))
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, "answers.json", string(b))
}

func TestAdviseTextAndJSON(t *testing.T) {
	c := newCLI(t)
	code, out, errOut := c.run("", "advise", "--context", "compliance-critical", "--context", "mature", "--phase", "execution", "--need", "consistency")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Recommendation: MANAGE", "Why:", "Source: \"Execution phases need management to maintain schedules and quality standards.\"",
		"Risks of over-indexing on the other side:", "unnecessary disruption"} {
		if !strings.Contains(out, want) {
			t.Errorf("the text advice lacks %q:\n%s", want, out)
		}
	}
	code, out, errOut = c.run("", "advise", "--context", "turnaround", "--phase", "recovery", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	var keys []string
	for k := range raw {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if !slices.Equal(keys, []string{"management_share", "orientation", "reasons", "risks"}) {
		t.Errorf("the JSON has keys %v, want the advisor contract's", keys)
	}
	var adv advisor.Advice
	if err := json.Unmarshal([]byte(out), &adv); err != nil || adv.Orientation != advisor.Lead || len(adv.Reasons) == 0 || adv.Reasons[0].Source == "" {
		t.Errorf("a turnaround in recovery: %+v, %v", adv, err)
	}
}

func TestAdviseUnknownNamesExit2(t *testing.T) {
	c := newCLI(t)
	code, _, errOut := c.run("", "advise", "--context", "moonshot", "--phase", "lunch")
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	for _, want := range []string{`unknown context "moonshot"`, "compliance-critical", "evolving-strategy", `unknown phase "lunch"`, "launch, execution, crisis, recovery"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q: %s", want, errOut)
		}
	}
	if code, _, errOut = c.run("", "advise", "--phase", "execution"); code != 2 || !strings.Contains(errOut, "give at least one context") {
		t.Errorf("no context: exit %d, %s", code, errOut)
	}
	if code, _, _ = c.run("", "advise", "--context", "mature", "--phase", "execution", "--format", "xml"); code != 2 {
		t.Errorf("a bad --format: exit %d, want 2", code)
	}
}

func TestFitRoleFileAndStoredProfile(t *testing.T) {
	c := newCLI(t)
	answers := managerAnswersFile(t)
	if code, _, errOut := c.run("", "assess", "--answers", answers, "--format", "json"); code != 0 {
		t.Fatalf("assess: %s", errOut)
	}
	_, out, _ := c.run("", "profile", "list", "--format", "json")
	var rows []listedProfile
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 {
		t.Fatalf("profile list: %v\n%s", err, out)
	}
	role := writeFile(t, "vision.yaml", visionRole)

	code, out, errOut := c.run("", "fit", "--role", role, "--profile", rows[0].ID, "--format", "json")
	if code != 0 {
		t.Fatalf("fit exited %d: %s", code, errOut)
	}
	var f advisor.Fit
	if err := json.Unmarshal([]byte(out), &f); err != nil {
		t.Fatalf("not the fit JSON: %v\n%s", err, out)
	}
	if f.Role != "Founding product lead" || f.View != advisor.ViewSelf || len(f.Gaps) != 12 || !f.PromotionRisk.Flag ||
		f.PromotionRisk.Direction != advisor.ManagerIntoLeadership || !strings.Contains(f.Disclaimer.Text, "never the decision") {
		t.Errorf("a strong manager against a vision-heavy role: %+v", f)
	}

	code, out, errOut = c.run("", "fit", "--role", role, "--profile", rows[0].ID)
	if code != 0 {
		t.Fatalf("fit text exited %d: %s", code, errOut)
	}
	for _, want := range []string{"Role: Founding product lead — lead", "Scores: self-assessment " + rows[0].ID, "Fit: ", "short by", "PROMOTION RISK (manager-into-leadership)",
		"Organizations fail when they promote task managers", "Please note: Fit is one input to a decision, never the decision."} {
		if !strings.Contains(out, want) {
			t.Errorf("the text fit lacks %q:\n%s", want, out)
		}
	}

	// The same person from files: the answers, and the profile JSON.
	_, fromAnswers, _ := c.run("", "fit", "--role", role, "--profile", answers, "--format", "json")
	_, profileJSON, _ := c.run("", "assess", "--answers", answers, "--format", "json", "--no-save")
	_, fromProfile, errOut := c.run("", "fit", "--role", role, "--profile", writeFile(t, "profile.json", profileJSON), "--format", "json")
	if fromAnswers != out0(t, c, role, rows[0].ID) || fromProfile != fromAnswers {
		t.Errorf("the fit differs by where the profile comes from:\nstored %s\nanswers %s\nprofile %s %s", out0(t, c, role, rows[0].ID), fromAnswers, fromProfile, errOut)
	}

	// A compliance-heavy role, given as JSON on standard input, fits.
	ops := `{"name":"Head of plant quality","contexts":["compliance-critical","mature"],"phases":{"execution":0.8,"crisis":0.2},"need":"quality-control"}`
	code, out, errOut = c.run(ops, "fit", "--role", "-", "--profile", rows[0].ID, "--format", "json")
	if code != 0 {
		t.Fatalf("fit from stdin: %s", errOut)
	}
	f = advisor.Fit{}
	if err := json.Unmarshal([]byte(out), &f); err != nil || f.PromotionRisk.Flag || f.Fit < 80 {
		t.Errorf("the operations role: %+v, %v", f, err)
	}

	if code, _, errOut = c.run("", "fit", "--role", role, "--profile", "no-such-assessment"); code != 2 || !strings.Contains(errOut, "neither a file nor a stored assessment") {
		t.Errorf("an unknown profile: exit %d, %s", code, errOut)
	}
	bad := writeFile(t, "bad.json", `{"instrument":"core@1"}`)
	if code, _, errOut = c.run("", "fit", "--role", role, "--profile", bad); code != 2 || !strings.Contains(errOut, "neither an answers JSON") {
		t.Errorf("a file that is no profile: exit %d, %s", code, errOut)
	}
	partial := writeFile(t, "partial.json", `{"scales":{"management":{"score":80},"leadership":{"score":20}},"facets":{"management":{"focus":80}}}`)
	if code, _, errOut = c.run("", "fit", "--role", role, "--profile", partial); code != 2 || !strings.Contains(errOut, "facets.leadership.focus: missing") {
		t.Errorf("a profile without facets: exit %d, %s", code, errOut)
	}
}

// out0 is the JSON fit of the stored assessment.
func out0(t *testing.T, c *cli, role, id string) string {
	t.Helper()
	_, out, _ := c.run("", "fit", "--role", role, "--profile", id, "--format", "json")
	return out
}

func TestFitBadRoleFileExit2(t *testing.T) {
	c := newCLI(t)
	answers := managerAnswersFile(t)
	for name, tc := range map[string]struct {
		file  string
		wants []string
	}{
		"unknown context and phase": {"contexts: [startup, moonshot]\nphases: {launch: 1, lunch: 2}\n",
			[]string{"line 1", `unknown context "moonshot"`, "mature, operational-excellence, compliance-critical, startup, turnaround, disruptive-innovation, culture-change, growing, competitive-market, evolving-strategy",
				"line 2", `unknown phase "lunch"`, "launch, execution, crisis, recovery"}},
		"unknown field": {"name: x\nsalary: 3\n", []string{"salary", "valid fields: name, contexts, phases, need, facets"}},
		"unknown facet": {`{"facets":{"management":{"charisma":50}}}`, []string{`unknown facet "charisma"`, "power_source"}},
		"empty":         {"", []string{"the role file is empty"}},
	} {
		t.Run(name, func(t *testing.T) {
			role := writeFile(t, "role.yaml", tc.file)
			code, out, errOut := c.run("", "fit", "--role", role, "--profile", answers)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if out != "" {
				t.Errorf("stdout: %s", out)
			}
			for _, w := range tc.wants {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q: %s", w, errOut)
				}
			}
		})
	}
	if code, _, errOut := c.run("", "fit", "--role", "/no/such/role.yaml", "--profile", answers); code != 2 || !strings.Contains(errOut, "cannot read the role file") {
		t.Errorf("a missing role file: exit %d, %s", code, errOut)
	}
	if code, _, _ := c.run("", "fit", "--profile", answers); code != 2 {
		t.Errorf("no --role: exit %d, want 2", code)
	}
}

func TestPlanCLI(t *testing.T) {
	c := newCLI(t)
	if code, _, errOut := c.run("", "plan", "create"); code != 2 || !strings.Contains(errOut, "twohats assess") {
		t.Errorf("a plan before any assessment: exit %d, %s", code, errOut)
	}
	if code, _, errOut := c.run("", "plan", "show"); code != 3 || !strings.Contains(errOut, "plan create") {
		t.Errorf("show without a plan: exit %d, %s", code, errOut)
	}
	if code, _, errOut := c.run("", "assess", "--answers", managerAnswersFile(t)); code != 0 {
		t.Fatal(errOut)
	}
	code, out, errOut := c.run("", "plan", "create")
	if code != 0 {
		t.Fatalf("plan create: %s", errOut)
	}
	for _, want := range []string{"develop your leadership", "Targets:", "Days 1-30", "[ ] d30.ask-feedback", "0 of 7 check-ins done", "take the assessment again"} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan lacks %q:\n%s", want, out)
		}
	}
	code, out, errOut = c.run("", "plan", "tick", "d30.ask-feedback", "--on", "2025-01-05")
	if code != 0 || !strings.Contains(out, "1 of 7 check-ins done") {
		t.Errorf("tick: exit %d, %s %s", code, out, errOut)
	}
	code, out, _ = c.run("", "plan", "show", "--format", "json")
	var st struct {
		ID       string            `json:"id"`
		CheckIns []advisor.CheckIn `json:"check_ins"`
		Progress advisor.Progress  `json:"progress"`
		Trend    *advisor.Trend    `json:"trend"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil || code != 0 {
		t.Fatalf("plan show --format json: %v\n%s", err, out)
	}
	if st.Progress.Done != 1 || !st.CheckIns[0].Done || st.CheckIns[0].DoneOn.Format("2006-01-02") != "2025-01-05" || st.Trend == nil {
		t.Errorf("the plan after a tick: %+v", st)
	}
	if code, out, _ = c.run("", "plan", "tick", "d30.ask-feedback", "--undo"); code != 0 || !strings.Contains(out, "0 of 7") {
		t.Errorf("undo: %d %s", code, out)
	}
	code, _, errOut = c.run("", "plan", "tick", "d30.nap")
	if code != 2 || !strings.Contains(errOut, `unknown check-in "d30.nap"`) || !strings.Contains(errOut, "d90.reassess") {
		t.Errorf("an unknown check-in: exit %d, %s", code, errOut)
	}
	if code, _, _ = c.run("", "plan", "tick", "d30.ask-feedback", "--on", "soon"); code != 2 {
		t.Errorf("a bad --on: exit %d, want 2", code)
	}
	if code, out, _ = c.run("", "plan", "list"); code != 0 || !strings.Contains(out, st.ID) {
		t.Errorf("plan list: %d %s", code, out)
	}
}

func TestJournalCLI(t *testing.T) {
	c := newCLI(t)
	code, out, _ := c.run("", "journal", "report")
	if code != 0 || !strings.Contains(out, "No entries yet") {
		t.Errorf("an empty journal: %d %s", code, out)
	}
	// Ten entries that all manage in leadership-heavy contexts.
	for i := range 10 {
		ctx := []string{"turnaround", "startup", "culture-change", "disruptive-innovation", "turnaround"}[i%5]
		phase := []string{"recovery", "launch"}[i%2]
		code, out, errOut := c.run("", "journal", "add", "--situation", "We had to change course.", "--context", ctx, "--phase", phase,
			"--approach", "manage", "--outcome", "2", "--balanced", "Set the direction first.", "--date", "2025-02-1"+string(rune('0'+i)))
		if code != 0 {
			t.Fatalf("journal add: %s", errOut)
		}
		if i == 0 && !strings.Contains(out, "the advisor recommends lead here") {
			t.Errorf("the first entry's review: %s", out)
		}
	}
	code, out, _ = c.run("", "journal", "report")
	for _, want := range []string{"Entries: 10", "Your default across your entries is to manage: 10 of 10 entries.", "Situational accuracy: 0%",
		"Where you mismatch most:", "  - Turnaround: 4 of 4 entries", "Warning:"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	_, out, _ = c.run("", "journal", "report", "--format", "json")
	var rep advisor.JournalReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Default.Approach != advisor.Manage || rep.Mismatches[0].Context != "turnaround" {
		t.Errorf("the JSON report: %+v, %v", rep, err)
	}
	_, out, _ = c.run("", "journal", "list", "--format", "json")
	var rows []listedEntry
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 10 || rows[0].ID == "" || rows[0].Date.Format("2006-01-02") != "2025-02-10" {
		t.Errorf("journal list: %v, %d rows", err, len(rows))
	}
	code, _, errOut := c.run("", "journal", "add", "--situation", "x", "--context", "moonshot", "--phase", "execution", "--approach", "boss", "--outcome", "9")
	if code != 2 {
		t.Errorf("a bad entry: exit %d, want 2", code)
	}
	for _, want := range []string{`unknown context "moonshot"`, "approach", "manage, lead, blend", "outcome"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q: %s", want, errOut)
		}
	}
}
