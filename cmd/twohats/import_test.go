package main

import (
	"context"
	"encoding/csv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twohats/twohats/internal/bulk"
	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/store"
)

// csvFile writes text to a file in a temporary directory and returns its path.
func csvFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// counts opens the CLI's database and counts the local organisation's
// people, teams, memberships and assessments.
func (c *cli) counts() (people, teams, members, assessments int) {
	c.t.Helper()
	ctx := context.Background()
	db, me, err := c.env().openLocal(ctx)
	if err != nil {
		c.t.Fatal(err)
	}
	defer db.Close()
	ps, err := db.People(ctx, me.OrgID)
	if err != nil {
		c.t.Fatal(err)
	}
	ts, err := db.ListTeams(ctx, me.OrgID)
	if err != nil {
		c.t.Fatal(err)
	}
	ms, err := db.TeamMembers(ctx, me.OrgID)
	if err != nil {
		c.t.Fatal(err)
	}
	as, err := db.Assessments(ctx, me.OrgID, store.AssessmentFilter{})
	if err != nil {
		c.t.Fatal(err)
	}
	// The local person is always there.
	return len(ps) - 1, len(ts), len(ms), len(as)
}

func wantLines(t *testing.T, stderr string, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if !strings.Contains(stderr, l) {
			t.Errorf("the error does not name %q:\n%s", l, stderr)
		}
	}
}

const teamsCSV = `id,parent_id,name,contexts,phase
org,,Acme,,
eng,org,Engineering,,
ops,org,Operations,,
`

func TestImportTeamsAndPeople(t *testing.T) {
	c := newCLI(t)
	if code, _, errOut := c.run("", "import", "teams", csvFile(t, "teams.csv", teamsCSV)); code != 0 {
		t.Fatalf("import teams exited %d: %s", code, errOut)
	}
	people := "email,name,team_id\nana@x.example,Ana,eng\nbo@x.example,Bo,ops\ncy@x.example,Cy,\n"
	code, out, errOut := c.run("", "import", "people", csvFile(t, "people.csv", people))
	if code != 0 {
		t.Fatalf("import people exited %d: %s", code, errOut)
	}
	if !strings.Contains(out, "imported 3 rows") {
		t.Errorf("got %q, want it to say 3 rows were imported", out)
	}
	p, tm, m, _ := c.counts()
	if p != 3 || tm != 3 || m != 2 {
		t.Errorf("got %d people, %d teams, %d memberships; want 3, 3, 2", p, tm, m)
	}
}

func TestImportPeopleBadRowsImportNothing(t *testing.T) {
	c := newCLI(t)
	if code, _, errOut := c.run("", "import", "teams", csvFile(t, "teams.csv", teamsCSV)); code != 0 {
		t.Fatalf("import teams exited %d: %s", code, errOut)
	}
	people := strings.Join([]string{
		"email,name,team_id",
		"ana@x.example,Ana,eng",    // 2 good
		"not-an-email,Bad,",        // 3 bad email
		"bo@x.example,,ops",        // 4 no name
		"ana@x.example,Ana Again,", // 5 repeated email
		"cy@x.example,Cy,nowhere",  // 6 unknown team
		"di@x.example,Di,",         // 7 good
		"me@localhost,Me Again,",   // 8 already a person
		`"broken,Quote,`,           // 9 malformed
	}, "\n") + "\n"
	path := csvFile(t, "people.csv", people)
	code, _, errOut := c.run("", "import", "people", path)
	if code != 2 {
		t.Fatalf("got exit %d, want 2: %s", code, errOut)
	}
	wantLines(t, errOut, "line 3, column email", "line 4, column name", "line 5, column email", "line 6, column team_id",
		"line 8, column email", "line 9", "nothing was imported")
	if strings.Contains(errOut, "  line 2") || strings.Contains(errOut, "  line 7") {
		t.Errorf("a good line is reported as bad:\n%s", errOut)
	}
	if p, _, _, _ := c.counts(); p != 0 {
		t.Errorf("got %d people imported, want none", p)
	}

	code, out, errOut := c.run("", "import", "people", "--valid-only", path)
	if code != 0 {
		t.Fatalf("--valid-only exited %d: %s", code, errOut)
	}
	if !strings.Contains(out, "imported 2 rows") || !strings.Contains(errOut, "skipped") {
		t.Errorf("got stdout %q stderr %q, want 2 rows imported and the rest skipped", out, errOut)
	}
	if p, _, m, _ := c.counts(); p != 2 || m != 1 {
		t.Errorf("got %d people and %d memberships, want 2 and 1", p, m)
	}
}

func TestImportTeamsBadRows(t *testing.T) {
	c := newCLI(t)
	teams := strings.Join([]string{
		"id,parent_id,name,contexts,phase",
		"org,,Acme,,",               // 2 good
		"eng,org,Engineering,nope,", // 3 unknown context
		"web,eng,Web,,",             // 4 parent on a bad line
		"ops,org,Operations,,never", // 5 unknown phase
		"hr,ghost,HR,,",             // 6 unknown parent
		",org,No id,,",              // 7 no id
	}, "\n") + "\n"
	path := csvFile(t, "teams.csv", teams)
	code, _, errOut := c.run("", "import", "teams", path)
	if code != 2 {
		t.Fatalf("got exit %d, want 2: %s", code, errOut)
	}
	wantLines(t, errOut, "line 3, column contexts", "line 4, column parent_id", "line 5, column phase", "line 6, column parent_id", "line 7, column id")
	if _, tm, _, _ := c.counts(); tm != 0 {
		t.Errorf("got %d teams, want none", tm)
	}
	if code, out, errOut := c.run("", "import", "teams", "--valid-only", path); code != 0 || !strings.Contains(out, "imported 1 rows") {
		t.Fatalf("--valid-only exited %d: %s %s", code, out, errOut)
	}
}

// responsesCSV writes n simulated complete responses of the given emails.
func responsesCSV(t *testing.T, emails []string) (string, *profile.Scorer) {
	t.Helper()
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := cat.Scorer(instrument.Default)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write(bulk.ResponseHeader(sc))
	rng := rand.New(rand.NewPCG(7, 7))
	for _, email := range emails {
		_ = w.Write(bulk.ResponseRecord(sc, email, sc.Decode(sc.Simulate(rng, profile.RandomTraits(rng)))))
	}
	w.Flush()
	return b.String(), sc
}

func importResponses(t *testing.T, c *cli) {
	t.Helper()
	people := "email,name\nana@x.example,Ana\nbo@x.example,Bo\ncy@x.example,Cy\n"
	if code, _, errOut := c.run("", "import", "people", csvFile(t, "people.csv", people)); code != 0 {
		t.Fatalf("import people exited %d: %s", code, errOut)
	}
	text, _ := responsesCSV(t, []string{"ana@x.example", "bo@x.example", "cy@x.example", "zed@x.example", "ana@x.example"})
	lines := strings.Split(text, "\n")
	// Line 4 (bo) gets an out-of-range rating, line 3 (ana) stays good.
	cells := strings.Split(lines[2], ",")
	cells[1] = "9"
	lines[2] = strings.Join(cells, ",")
	path := csvFile(t, "responses.csv", strings.Join(lines, "\n"))

	code, _, errOut := c.run("", "import", "responses", path)
	if code != 2 {
		t.Fatalf("got exit %d, want 2: %s", code, errOut)
	}
	header := strings.Split(lines[0], ",")
	wantLines(t, errOut, "line 3, column "+header[1], "line 5, column respondent", "line 6, column respondent")
	if _, _, _, a := c.counts(); a != 0 {
		t.Fatalf("got %d assessments, want none", a)
	}
	code, out, errOut := c.run("", "import", "responses", "--valid-only", path)
	if code != 0 || !strings.Contains(out, "imported 2 rows") {
		t.Fatalf("--valid-only exited %d: %s %s", code, out, errOut)
	}
	if _, _, _, a := c.counts(); a != 2 {
		t.Errorf("got %d assessments, want 2", a)
	}
	// repair recomputes the latest scores of the two people assessed.
	code, out, errOut = c.run("", "import", "repair")
	if code != 0 || !strings.Contains(out, "latest scores recomputed for 2 people") {
		t.Errorf("import repair exited %d: %s %s", code, out, errOut)
	}
}

func TestImportResponses(t *testing.T) {
	importResponses(t, newCLI(t))
}

// TestImportResponsesPostgres runs the import on PostgreSQL, whose
// assessments go through COPY.
func TestImportResponsesPostgres(t *testing.T) {
	c := &cli{t: t, db: postgresURL(t)}
	importResponses(t, c)
}

func TestImportResponsesCapabilityOnlyIsRefused(t *testing.T) {
	c := newCLI(t)
	path := csvFile(t, "r.csv", "respondent,m.focus.1,m.focus.2\nana@x.example,3,4\n")
	code, _, errOut := c.run("", "import", "responses", path)
	if code != 2 || !strings.Contains(errOut, "columns of core@1 are missing") {
		t.Errorf("got exit %d, %s; want 2 and the missing columns named", code, errOut)
	}
}
