package main

import (
	"context"
	"strings"
	"testing"
)

func TestDemoGenerate(t *testing.T) {
	c := newCLI(t)
	code, out, errOut := c.run("", "demo", "generate", "--people", "200", "--raters", "3", "--seed", "1")
	if code != 0 {
		t.Fatalf("demo generate exited %d: %s", code, errOut)
	}
	if errOut != "" {
		t.Errorf("off a terminal, want nothing on standard error (no progress bar), got %q", errOut)
	}
	// 200 people make 25 teams of 8 in 5 departments under 1 organisation.
	p, tm, m, a := c.counts()
	if p != 200 || tm != 31 || m != 200 || a != 200 {
		t.Errorf("got %d people, %d teams, %d memberships, %d assessments; want 200, 31, 200, 200", p, tm, m, a)
	}
	counts := c.exportCounts()
	if counts["campaigns"] != 200 || counts["raters"] != 200*4 {
		t.Errorf("got %d campaigns and %d raters, want 200 and 800 (3 raters and the subject each)", counts["campaigns"], counts["raters"])
	}
	if !strings.Contains(out, "200 campaigns with 600 raters") {
		t.Errorf("got %q", out)
	}

	// Teams nest three deep, and carry the framework's contexts and phases.
	e := c.env()
	db, me, err := e.openLocal(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	teams, err := db.ListTeams(context.Background(), me.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	parent := map[string]string{}
	for _, tm := range teams {
		parent[tm.ID] = tm.ParentID
		if len(tm.Contexts) == 0 || tm.Phase == "" {
			t.Errorf("team %s has no context or phase", tm.ID)
		}
	}
	depth := map[int]int{}
	for id := range parent {
		d := 1
		for p := parent[id]; p != ""; p = parent[p] {
			d++
		}
		depth[d]++
	}
	if depth[1] != 1 || depth[2] != 5 || depth[3] != 25 {
		t.Errorf("got teams by depth %v, want 1, 5 and 25", depth)
	}

	// A second run adds another organisation's worth, with new emails.
	if code, _, errOut := c.run("", "demo", "generate", "--people", "10", "--raters", "2"); code != 0 {
		t.Fatalf("a second demo generate exited %d: %s", code, errOut)
	}
}

func TestDemoGenerateRejectsTooManyRaters(t *testing.T) {
	c := newCLI(t)
	if code, _, _ := c.run("", "demo", "generate", "--people", "3", "--raters", "3"); code != 2 {
		t.Errorf("got exit %d, want 2", code)
	}
}

// TestDemoGeneratePostgres runs the generator on PostgreSQL, where the
// assessments go through COPY and the campaigns come from several
// connections at once.
func TestDemoGeneratePostgres(t *testing.T) {
	c := &cli{t: t, db: postgresURL(t)}
	if code, _, errOut := c.run("", "demo", "generate", "--people", "40", "--raters", "3"); code != 0 {
		t.Fatalf("demo generate exited %d: %s", code, errOut)
	}
	p, tm, m, a := c.counts()
	if p != 40 || tm != 1+1+5 || m != 40 || a != 40 {
		t.Errorf("got %d people, %d teams, %d memberships, %d assessments; want 40, 7, 40, 40", p, tm, m, a)
	}
	if counts := c.exportCounts(); counts["campaigns"] != 40 || counts["raters"] != 160 {
		t.Errorf("got %d campaigns and %d raters, want 40 and 160", counts["campaigns"], counts["raters"])
	}
}
