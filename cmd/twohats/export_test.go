package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

// env is an environment for the CLI's database, to read it from a test.
func (c *cli) env() *env {
	return &env{getenv: func(k string) string {
		if k == "TWOHATS_DB" {
			return c.db
		}
		return ""
	}}
}

// exportCounts exports as JSON and returns the number of rows by table.
func (c *cli) exportCounts() map[string]int {
	c.t.Helper()
	dir := c.t.TempDir()
	if code, _, errOut := c.run("", "export", "--format", "json", "--out", dir); code != 0 {
		c.t.Fatalf("export exited %d: %s", code, errOut)
	}
	b, err := os.ReadFile(filepath.Join(dir, exportFile))
	if err != nil {
		c.t.Fatal(err)
	}
	var tables map[string]exportTable
	if err := json.Unmarshal(b, &tables); err != nil {
		c.t.Fatal(err)
	}
	out := map[string]int{}
	for name, t := range tables {
		out[name] = len(t.Rows)
	}
	return out
}

func TestExportJSONAndCSVAgree(t *testing.T) {
	c := newCLI(t)
	if code, _, errOut := c.run("", "demo", "generate", "--people", "20", "--raters", "2"); code != 0 {
		t.Fatalf("demo generate exited %d: %s", code, errOut)
	}
	dir := t.TempDir()
	if code, _, errOut := c.run("", "export", "--format", "json", "--out", dir); code != 0 {
		t.Fatalf("export exited %d: %s", code, errOut)
	}
	b, err := os.ReadFile(filepath.Join(dir, exportFile))
	if err != nil {
		t.Fatal(err)
	}
	var tables map[string]exportTable
	if err := json.Unmarshal(b, &tables); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"organizations": 1, "people": 21, "assessments": 20, "latest_scores": 20,
		"campaigns": 20, "raters": 60, "team_members": 20}
	for name, n := range want {
		if got := len(tables[name].Rows); got != n {
			t.Errorf("%s: got %d rows, want %d", name, got, n)
		}
	}
	for name, tb := range tables {
		if slices.Contains(tb.Columns, "password_hash") || slices.Contains(tb.Columns, "token_hash") {
			t.Errorf("%s exports a secret's hash: %v", name, tb.Columns)
		}
	}
	// Answers are stored compact, and exported as the answers JSON that
	// twohats assess --answers reads.
	as := tables["assessments"]
	col := slices.Index(as.Columns, "answers")
	for _, row := range as.Rows {
		a, err := profile.ParseAnswers([]byte(row[col]))
		if err != nil || a.Instrument != instrument.Default || len(a.Answers) == 0 {
			t.Fatalf("exported answers %.40q... are not the answers JSON: %v", row[col], err)
		}
	}

	csvDir := t.TempDir()
	if code, _, errOut := c.run("", "export", "--format", "csv", "--out", csvDir); code != 0 {
		t.Fatalf("export --format csv exited %d: %s", code, errOut)
	}
	files, _ := filepath.Glob(filepath.Join(csvDir, "*.csv"))
	if len(files) != len(tables) {
		t.Errorf("got %d CSV files, want one per table with rows: %d", len(files), len(tables))
	}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(fh).ReadAll()
		fh.Close()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		name := strings.TrimSuffix(filepath.Base(f), ".csv")
		if got, want := len(recs)-1, len(tables[name].Rows); got != want {
			t.Errorf("%s: got %d CSV rows, want the JSON's %d", name, got, want)
		}
		if !slices.Equal(recs[0], tables[name].Columns) {
			t.Errorf("%s: got header %v, want %v", name, recs[0], tables[name].Columns)
		}
	}
}

func TestExportNeedsOut(t *testing.T) {
	if code, _, _ := newCLI(t).run("", "export"); code != 2 {
		t.Errorf("got exit %d, want 2", code)
	}
}
