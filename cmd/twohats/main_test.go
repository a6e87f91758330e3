package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

// cli runs the program in process against its own database file.
type cli struct {
	t  *testing.T
	db string
}

func newCLI(t *testing.T) *cli {
	return &cli{t: t, db: filepath.Join(t.TempDir(), "twohats.db")}
}

func (c *cli) run(stdin string, args ...string) (code int, stdout, stderr string) {
	c.t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(k string) string {
		if k == "TWOHATS_DB" {
			return c.db
		}
		return ""
	}
	code = run(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// answersFile writes a valid, simulated answers file and returns its path.
func answersFile(t *testing.T, seed uint64) (string, profile.Answers) {
	t.Helper()
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := cat.Scorer(instrument.Default)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, seed))
	a := sc.Decode(sc.Simulate(rng, profile.RandomTraits(rng)))
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "answers.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, a
}

func TestAssessAnswersStoresAndShows(t *testing.T) {
	c := newCLI(t)
	path, _ := answersFile(t, 1)

	code, out, errOut := c.run("", "assess", "--answers", path, "--format", "json")
	if code != 0 {
		t.Fatalf("assess exited %d: %s", code, errOut)
	}
	var doc profile.Document
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("assess --format json printed invalid JSON: %v\n%s", err, out)
	}
	if doc.Instrument != "core@1" || doc.Quadrant == "" || len(doc.Facets["management"]) != 6 {
		t.Errorf("unexpected profile: %+v", doc)
	}

	code, out, errOut = c.run("", "profile", "list", "--format", "json")
	if code != 0 {
		t.Fatalf("profile list exited %d: %s", code, errOut)
	}
	var rows []listedProfile
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 {
		t.Fatalf("profile list: %v, %d rows, want 1:\n%s", err, len(rows), out)
	}
	if rows[0].Quadrant != doc.Quadrant || rows[0].Management != doc.Scales["management"].Score {
		t.Errorf("listed %+v does not match the assessed profile", rows[0])
	}

	code, shown, errOut := c.run("", "profile", "show", rows[0].ID, "--format", "json")
	if code != 0 {
		t.Fatalf("profile show exited %d: %s", code, errOut)
	}
	_, again, _ := c.run("", "assess", "--answers", path, "--format", "json", "--no-save")
	// profile show adds the norms after the profile's fields (profiles_norms.go).
	if i := strings.LastIndex(shown, ",\n  \"norms\": "); i < 0 || shown[:i]+"\n}\n" != again {
		t.Errorf("profile show differs from scoring the same answers, norms aside:\n%s\n---\n%s", shown, again)
	}

	code, _, errOut = c.run("", "profile", "show", "no-such-id")
	if code == 0 || !strings.Contains(errOut, "no-such-id") {
		t.Errorf("show of an unknown id: exit %d, stderr %q; want non-zero naming the id", code, errOut)
	}
}

func TestAssessBadAnswersNamesEveryItemAndStoresNothing(t *testing.T) {
	c := newCLI(t)
	_, a := answersFile(t, 2)
	delete(a.Answers, "m.focus.1")
	a.Answers["l.focus.1"] = json.RawMessage(`9`)
	a.Answers["t.1"] = json.RawMessage(`"z"`)
	a.Answers["x.unknown"] = json.RawMessage(`1`)
	b, _ := json.Marshal(a)

	code, out, errOut := c.run(string(b), "assess", "--answers", "-", "--format", "json")
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	if out != "" {
		t.Errorf("printed a report for bad answers: %s", out)
	}
	for _, id := range []string{"m.focus.1", "l.focus.1", "t.1", "x.unknown"} {
		if !strings.Contains(errOut, id) {
			t.Errorf("error does not name %s:\n%s", id, errOut)
		}
	}
	_, list, _ := c.run("", "profile", "list", "--format", "json")
	if strings.TrimSpace(list) != "[]" {
		t.Errorf("bad answers were stored: %s", list)
	}

	for _, bad := range []string{`{"instrument":"core@1","answers":`, `{"instrument":"core@1","answers":{},"extra":1}`, `[]`} {
		if code, _, errOut := c.run(bad, "assess", "--answers", "-"); code != 2 || errOut == "" {
			t.Errorf("malformed %q: exit %d, stderr %q; want 2 with a message", bad, code, errOut)
		}
	}
}

func TestAssessWithoutTerminalNeverPrompts(t *testing.T) {
	c := newCLI(t)
	code, out, errOut := c.run("3\n3\n", "assess")
	if code != 2 || !strings.Contains(errOut, "--answers") {
		t.Errorf("exit %d, stderr %q; want 2 pointing to --answers", code, errOut)
	}
	if out != "" {
		t.Errorf("prompted without a terminal: %q", out)
	}
}

func TestAssessFormatsAndOut(t *testing.T) {
	c := newCLI(t)
	path, _ := answersFile(t, 3)
	dir := t.TempDir()
	for _, format := range []string{"text", "json", "html"} {
		file := filepath.Join(dir, "report."+format)
		code, out, errOut := c.run("", "assess", "--answers", path, "--format", format, "--out", file, "--no-save")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", format, code, errOut)
		}
		if out != "" {
			t.Errorf("%s: --out still printed to stdout", format)
		}
		b, err := os.ReadFile(file)
		if err != nil || len(b) == 0 {
			t.Fatalf("%s: no file written: %v", format, err)
		}
		if format == "html" && !bytes.Contains(b, []byte(`id="radar"`)) {
			t.Errorf("html report has no radar chart")
		}
		if format == "text" && bytes.Contains(b, []byte("\x1b[")) {
			t.Errorf("text written to a file carries colour codes")
		}
	}
	if code, _, errOut := c.run("", "assess", "--answers", path, "--format", "pdf"); code != 2 || !strings.Contains(errOut, "pdf") {
		t.Errorf("unknown format: exit %d, stderr %q", code, errOut)
	}
}

func TestInstrumentCommand(t *testing.T) {
	c := newCLI(t)
	code, out, errOut := c.run("", "instrument", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		ID         string           `json:"id"`
		Dimensions []map[string]any `json:"dimensions"`
		Items      []map[string]any `json:"items"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.ID != "core@1" || len(doc.Dimensions) != 6 || len(doc.Items) == 0 {
		t.Errorf("instrument JSON: id %q, %d dimensions, %d items", doc.ID, len(doc.Dimensions), len(doc.Items))
	}
	for _, d := range doc.Dimensions {
		for _, k := range []string{"key", "manager_pole", "leader_pole"} {
			if d[k] == nil {
				t.Errorf("dimension lacks %s: %v", k, d)
			}
		}
	}
	code, y, errOut := c.run("", "instrument", "--format", "yaml")
	if code != 0 || !strings.Contains(y, "id: core@1") || !strings.Contains(y, "observer_text:") {
		t.Errorf("yaml: exit %d, %s, output starts %.200q", code, errOut, y)
	}
}
