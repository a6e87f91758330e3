package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPersonDeleteLeavesNothing(t *testing.T) {
	c := newCLI(t)
	if code, _, errOut := c.run("", "demo", "generate", "--people", "12", "--raters", "3"); code != 0 {
		t.Fatalf("demo generate exited %d: %s", code, errOut)
	}
	e := c.env()
	ctx := context.Background()
	db, me, err := e.openLocal(ctx)
	if err != nil {
		t.Fatal(err)
	}
	people, err := db.People(ctx, me.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	var victim string
	var victimID string
	for _, p := range people {
		if strings.HasPrefix(p.Email, "p000001.") {
			victim, victimID = p.Email, p.ID
		}
	}
	before, err := db.PersonData(ctx, me.OrgID, victimID)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	// The first person is the subject of a campaign, a manager rater of
	// their team, and on a team.
	for _, table := range []string{"people", "assessments", "campaigns_about", "rater_links", "team_members"} {
		if before[table] == 0 {
			t.Errorf("before: no %s rows for the person, so the test proves little: %v", table, before)
		}
	}

	// Without --yes, a "no" deletes nothing.
	code, out, errOut := c.run("n\n", "person", "delete", victim)
	if code != 0 || !strings.Contains(out, "Nothing was deleted") {
		t.Fatalf("got exit %d, %s %s", code, out, errOut)
	}
	code, out, errOut = c.run("", "person", "delete", victim, "--yes")
	if code != 0 {
		t.Fatalf("person delete exited %d: %s", code, errOut)
	}
	if !strings.Contains(out, "total                        0") {
		t.Errorf("the output does not show a zero total after:\n%s", out)
	}

	db, _, err = e.openLocal(ctx)
	if err != nil {
		t.Fatal(err)
	}
	after, err := db.PersonData(ctx, me.OrgID, victimID)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	if after.Total() != 0 {
		t.Errorf("rows remain: %v", after)
	}
	// Nor does any exported row name them.
	dir := t.TempDir()
	if code, _, errOut := c.run("", "export", "--out", dir); code != 0 {
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
	for name, tb := range tables {
		for _, row := range tb.Rows {
			for _, v := range row {
				if v == victimID || strings.EqualFold(v, victim) {
					t.Errorf("%s still holds a row naming the person: %v", name, row)
				}
			}
		}
	}

	if code, _, _ := c.run("", "person", "delete", victim, "--yes"); code != 3 {
		t.Errorf("deleting again: got exit %d, want 3 (not found)", code)
	}
}
