package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/twohats/twohats/internal/campaign"
	"github.com/twohats/twohats/internal/feedback"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/store"
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
	if !strings.Contains(out, "200 released campaigns with 600 raters") {
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
	if code, _, errOut := c.run("", "demo", "generate", "--people", "40", "--raters", "3", "--seed", "3"); code != 0 {
		t.Fatalf("demo generate exited %d: %s", code, errOut)
	}
	p, tm, m, a := c.counts()
	if p != 40 || tm != 1+1+5 || m != 40 || a != 40 {
		t.Errorf("got %d people, %d teams, %d memberships, %d assessments; want 40, 7, 40, 40", p, tm, m, a)
	}
	counts := c.exportCounts()
	if counts["campaigns"] != 40 || counts["raters"] != 160 {
		t.Errorf("got %d campaigns and %d raters, want 40 and 160", counts["campaigns"], counts["raters"])
	}
	// The answers come from each campaign's own streams, so the several
	// connections write the same responses as one would.
	want := 40
	for i := range 40 {
		want += responders(3, i, 3)
	}
	if counts["responses"] != want {
		t.Errorf("got %d responses, want %d (the subjects' and the raters' who respond)", counts["responses"], want)
	}
	db, me, err := c.env().openLocal(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	list, err := db.ListCampaigns(context.Background(), me.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	for _, cp := range list {
		if cp.State != store.CampaignReleased {
			t.Errorf("campaign %s is %s, want released", cp.ID, cp.State)
		}
	}
}

// generatedLine matches the line demo generate ends with.
var generatedLine = regexp.MustCompile(`^generated (\d+) teams, (\d+) people, (\d+) assessments, (\d+) released campaigns with (\d+) raters \((\d+) responded\) and (\d+) self-ratings in \S+\n$`)

// generatedCounts parses the line demo generate prints into teams, people,
// assessments, campaigns, raters, raters who responded and self-ratings.
func generatedCounts(t *testing.T, out string) [7]int {
	t.Helper()
	m := generatedLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("demo generate printed %q, want a line like %s", out, generatedLine)
	}
	var got [7]int
	for i := range got {
		got[i], _ = strconv.Atoi(m[i+1])
	}
	return got
}

// TestDemoGenerate360s checks the generated 360s as an HR user would meet
// them: every campaign released, the responses stored exactly those of the
// raters who responded, reports that show others' views, and groups below
// the anonymity threshold left out of every number.
func TestDemoGenerate360s(t *testing.T) {
	const n, k, seed = 30, 4, 7
	ctx := context.Background()
	c := newCLI(t)
	out := c.must("demo", "generate", "--people", strconv.Itoa(n), "--raters", strconv.Itoa(k), "--seed", strconv.Itoa(seed))
	line := generatedCounts(t, out)

	db, me, err := c.env().openLocal(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cat, err := loadCLICatalog()
	if err != nil {
		t.Fatal(err)
	}
	svc := &campaign.Service{Store: db, Catalog: cat}
	sc, err := cat.Scorer(instrument.Default)
	if err != nil {
		t.Fatal(err)
	}
	capItems := len(sc.Instrument().ItemsIn(instrument.Capability))

	// Generated people are p000001... in the order generate made them.
	people, err := db.People(ctx, me.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	index, email := map[string]int{}, map[int]string{}
	for _, p := range people {
		var i int
		if _, err := fmt.Sscanf(p.Email, "p%06d.", &i); err == nil {
			index[p.ID], email[i-1] = i-1, p.Email
		}
	}
	if len(index) != n {
		t.Fatalf("found %d generated people, want %d", len(index), n)
	}
	leaves := (n + teamSize - 1) / teamSize
	teamOf := func(i int) int { return i * leaves / n }

	list, err := db.ListCampaigns(ctx, me.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != n {
		t.Fatalf("got %d campaigns, want %d", len(list), n)
	}
	var raters, responded, selfRatings, silent, dontKnow, withOthers, short int
	for _, cp := range list {
		if cp.State != store.CampaignReleased || cp.OpenedAt.IsZero() || cp.ClosedAt.IsZero() || cp.ReleasedAt.IsZero() {
			t.Errorf("campaign %s is %s (opened %v, closed %v, released %v), want released after being opened and closed",
				cp.ID, cp.State, cp.OpenedAt, cp.ClosedAt, cp.ReleasedAt)
		}
		i, ok := index[cp.SubjectPersonID]
		if !ok {
			t.Fatalf("campaign %s is about someone generate did not make", cp.ID)
		}

		// The self rater, then the manager and the peers in the order
		// generate picked them; of those, exactly the ones the campaign's
		// stream says respond have a submitted response.
		rs, err := db.Raters(ctx, me.OrgID, cp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) != 1+k || rs[0].Group != store.GroupSelf || rs[0].Email != email[i] {
			t.Fatalf("campaign about p%06d has raters %v, want the subject and %d more", i+1, rs, k)
		}
		wantIDs := []string{rs[0].ID}
		mask := respondMask(seed, i, k)
		for j, who := range raterIndexes(i, n, k, teamOf) {
			r := rs[1+j]
			group := store.GroupPeer
			if j == 0 {
				group = store.GroupManager
			}
			if r.Email != email[who] || r.Group != group {
				t.Errorf("campaign about p%06d: rater %d is %s (%s), want %s (%s)", i+1, j+1, r.Email, r.Group, email[who], group)
			}
			if mask[j] {
				wantIDs = append(wantIDs, r.ID)
			} else {
				silent++
			}
		}
		raters += k
		_, responses, err := db.ReportInput(ctx, me.OrgID, cp.ID)
		if err != nil {
			t.Fatal(err)
		}
		var gotIDs []string
		for _, resp := range responses {
			gotIDs = append(gotIDs, resp.RaterID)
			var a map[string]int
			if err := json.Unmarshal(resp.Answers, &a); err != nil {
				t.Fatalf("response of rater %s: %v", resp.RaterID, err)
			}
			if _, err := sc.Observe(a); err != nil {
				t.Errorf("response of rater %s does not validate: %v", resp.RaterID, err)
			}
			switch {
			case !resp.Submitted:
				t.Errorf("response of rater %s is a draft, want submitted", resp.RaterID)
			case resp.Group == store.GroupSelf:
				selfRatings++
				if len(a) != capItems {
					t.Errorf("the subject rated %d items, want all %d", len(a), capItems)
				}
			default:
				responded++
				if len(a) < capItems-maxDontKnow || len(a) > capItems {
					t.Errorf("rater %s rated %d items, want %d less at most %d", resp.RaterID, len(a), capItems, maxDontKnow)
				}
				if len(a) < capItems {
					dontKnow++
				}
			}
		}
		slices.Sort(gotIDs)
		slices.Sort(wantIDs)
		if !slices.Equal(gotIDs, wantIDs) {
			t.Errorf("campaign about p%06d: got responses from %v, want from %v", i+1, gotIDs, wantIDs)
		}

		rep, err := svc.Report(ctx, me.OrgID, cp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := rep.Scales["leadership"].Scores[feedback.AllOthers]; ok && rep.Groups[feedback.AllOthers].Shown {
			withOthers++
		}
		if g := rep.Groups[feedback.Peer]; g.N > 0 && g.N < rep.Thresholds.Anonymity {
			short++
		}
		checkHidden(t, rep.Report)
	}

	// The line counts what was made, and the realism shows.
	if want := [7]int{1 + 1 + leaves, n, n, n, raters, responded, selfRatings}; line != want {
		t.Errorf("demo generate said %v (teams, people, assessments, campaigns, raters, responded, self-ratings), want %v", line, want)
	}
	if selfRatings != n || responded+silent != n*k {
		t.Errorf("got %d self-ratings and %d+%d raters who did and did not respond, want %d and %d in all", selfRatings, responded, silent, n, n*k)
	}
	if silent == 0 || dontKnow == 0 {
		t.Errorf("got %d raters who did not respond and %d who answered don't know, want some of each", silent, dontKnow)
	}
	if withOthers == 0 {
		t.Error("no report shows an all-others view")
	}
	if short == 0 {
		t.Error("no campaign ended with its peers below the anonymity threshold")
	}

	// A campaign left short on purpose: the manager and two peers answer.
	// The peers stay out of every number, and all-others is the manager.
	subject := people[0]
	cp, err := svc.Create(ctx, me.OrgID, subject.ID, "", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var tokens []string
	for j, group := range []string{store.GroupManager, store.GroupPeer, store.GroupPeer, store.GroupPeer} {
		_, token, err := svc.AddRater(ctx, me.OrgID, cp.ID, fmt.Sprintf("short%d@example.com", j), group)
		if err != nil {
			t.Fatal(err)
		}
		tokens = append(tokens, token)
	}
	if _, err := svc.Move(ctx, me.OrgID, cp.ID, store.CampaignOpen); err != nil {
		t.Fatal(err)
	}
	sim := newObserverSim(sc)
	rng := rand.New(rand.NewPCG(1, 2))
	for j, seen := range []profile.Traits{{Management: 1, Leadership: 1}, {Management: -1, Leadership: -1}, {Management: -1, Leadership: 1}} {
		a := sim.answers(rng, seen, 0)
		if _, err := svc.Respond(ctx, tokens[j], campaign.Answers{Answers: a}, true); err != nil {
			t.Fatal(err)
		}
	}
	for _, state := range []string{store.CampaignClosed, store.CampaignReleased} {
		if _, err := svc.Move(ctx, me.OrgID, cp.ID, state); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := svc.Report(ctx, me.OrgID, cp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if g := rep.Groups[feedback.Peer]; g.N != 2 || g.Shown {
		t.Errorf("got peers %+v, want 2 hidden", g)
	}
	if g := rep.Groups[feedback.AllOthers]; g.N != 1 || !g.Shown {
		t.Errorf("got all-others %+v, want the manager alone", g)
	}
	checkHidden(t, rep.Report)
	for scale, facets := range rep.Facets {
		for facet, cell := range facets {
			if cell.Scores[feedback.AllOthers] != cell.Scores[feedback.Manager] {
				t.Errorf("%s.%s: all-others scores %v, the manager %v: the hidden peers count", scale, facet, cell.Scores[feedback.AllOthers], cell.Scores[feedback.Manager])
			}
		}
	}
}

// checkHidden fails when an anonymous group below the report's threshold
// shows anywhere in it: its own column, its comments, or all-others' n.
func checkHidden(t *testing.T, rep *feedback.Report) {
	t.Helper()
	shownN := 0
	for key, g := range rep.Groups {
		if key == feedback.AllOthers || key == feedback.Self {
			continue
		}
		if g.Shown {
			shownN += g.N
			continue
		}
		if g.MergedInto != "" {
			continue
		}
		cells := []feedback.Cell{rep.Scales["management"], rep.Scales["leadership"]}
		for _, facets := range rep.Facets {
			for _, cell := range facets {
				cells = append(cells, cell)
			}
		}
		for _, cell := range cells {
			if _, ok := cell.Scores[key]; ok {
				t.Errorf("campaign %s: the hidden group %s (n=%d) has a score", rep.Campaign, key, g.N)
				return
			}
		}
		if _, ok := rep.Comments[key]; ok {
			t.Errorf("campaign %s: the hidden group %s has comments", rep.Campaign, key)
		}
	}
	if got := rep.Groups[feedback.AllOthers].N; got != shownN {
		t.Errorf("campaign %s: all-others counts %d raters, want the %d of the shown groups", rep.Campaign, got, shownN)
	}
}

// TestDemoGenerateSameSeed checks that a seed makes the same 360 answers.
func TestDemoGenerateSameSeed(t *testing.T) {
	answers := func() map[string][]string {
		c := newCLI(t)
		c.must("demo", "generate", "--people", "12", "--raters", "3", "--seed", "11")
		ctx := context.Background()
		db, me, err := c.env().openLocal(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		people, err := db.People(ctx, me.OrgID)
		if err != nil {
			t.Fatal(err)
		}
		who := map[string]string{}
		for _, p := range people {
			who[p.ID], _, _ = strings.Cut(p.Email, ".")
		}
		list, err := db.ListCampaigns(ctx, me.OrgID)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][]string{}
		for _, cp := range list {
			_, responses, err := db.ReportInput(ctx, me.OrgID, cp.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range responses {
				out[who[cp.SubjectPersonID]] = append(out[who[cp.SubjectPersonID]], r.Group+" "+string(r.Answers))
			}
			slices.Sort(out[who[cp.SubjectPersonID]])
		}
		return out
	}
	first, second := answers(), answers()
	if len(first) != 12 {
		t.Fatalf("got responses about %d people, want 12", len(first))
	}
	for p, a := range first {
		if !slices.Equal(a, second[p]) {
			t.Errorf("%s: the same seed made different answers:\n%v\n%v", p, a, second[p])
		}
	}
}

// TestDemoGenerateNoRaters checks that --raters 0 makes no 360s.
func TestDemoGenerateNoRaters(t *testing.T) {
	c := newCLI(t)
	line := generatedCounts(t, c.must("demo", "generate", "--people", "5", "--raters", "0"))
	if want := [7]int{3, 5, 5, 0, 0, 0, 0}; line != want {
		t.Errorf("got %v, want %v", line, want)
	}
	if counts := c.exportCounts(); counts["campaigns"] != 0 || counts["people"] != 6 {
		t.Errorf("got %d campaigns and %d people, want none and 6 (the 5 and the local person)", counts["campaigns"], counts["people"])
	}
}
