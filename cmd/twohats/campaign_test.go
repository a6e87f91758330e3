package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/instrument"
)

// loadCLICatalog loads the catalog once for the campaign tests.
var loadCLICatalog = sync.OnceValues(catalog.Load)

// capabilityAnswers writes an answers file that rates every capability item
// so that management facets score 25 × (m − 1) and leadership ones
// 25 × (l − 1), and returns its path.
func capabilityAnswers(t *testing.T, m, l int) string {
	t.Helper()
	cat, err := loadCLICatalog()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := cat.Scorer(instrument.Default)
	if err != nil {
		t.Fatal(err)
	}
	answers := map[string]int{}
	for _, it := range sc.Instrument().ItemsIn(instrument.Capability) {
		v := m
		if it.Scale == framework.Leadership {
			v = l
		}
		if it.Reverse {
			v = 6 - v
		}
		answers[it.ID] = v
	}
	b, err := json.Marshal(map[string]any{"instrument": instrument.Default, "answers": answers})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), fmt.Sprintf("answers-%d-%d.json", m, l))
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// must runs the CLI and fails the test unless it exits 0.
func (c *cli) must(args ...string) string {
	c.t.Helper()
	code, out, errOut := c.run("", args...)
	if code != 0 {
		c.t.Fatalf("twohats %s exited %d:\n%s", strings.Join(args, " "), code, errOut)
	}
	return out
}

// wantFail runs the CLI and checks it exits with code and says each of msgs.
func (c *cli) wantFail(code int, msgs []string, args ...string) {
	c.t.Helper()
	got, out, errOut := c.run("", args...)
	if got != code {
		c.t.Errorf("twohats %s exited %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), got, code, out, errOut)
	}
	for _, m := range msgs {
		if !strings.Contains(errOut, m) {
			c.t.Errorf("twohats %s: stderr %q does not say %q", strings.Join(args, " "), errOut, m)
		}
	}
}

// TestCampaignScriptedEndToEnd drives a whole 360 campaign from the command
// line as a script would: create, five raters, open, links, six responses
// from files (the five and the subject's own), close, and the JSON report;
// and the wrong uses the issue names.
func TestCampaignScriptedEndToEnd(t *testing.T) {
	c := newCLI(t)
	var created struct{ ID string }
	if err := json.Unmarshal([]byte(c.must("campaign", "create", "--subject", "dee@example.com", "--name", "Dee Example", "--format", "json")), &created); err != nil || created.ID == "" {
		t.Fatalf("create printed no id: %v", err)
	}
	id := created.ID
	raters := []struct{ email, group string }{
		{"mia@example.com", "manager"}, {"pat@example.com", "peer"}, {"pia@example.com", "peer"},
		{"pol@example.com", "peer"}, {"dan@example.com", "direct_report"},
	}
	for _, r := range raters {
		c.must("campaign", "add-rater", id, "--email", r.email, "--group", r.group)
	}
	// Wrong use: an unknown group, exit 2, naming the groups.
	c.wantFail(2, []string{`unknown group "boss"`, "manager, peer, direct_report, other"}, "campaign", "add-rater", id, "--email", "x@example.com", "--group", "boss")

	c.must("campaign", "open", id)
	var links []struct{ Email, Group, URL, Token string }
	if err := json.Unmarshal([]byte(c.must("campaign", "links", id, "--format", "json")), &links); err != nil {
		t.Fatal(err)
	}
	if len(links) != 6 || links[0].Group != "self" || links[0].Email != "dee@example.com" {
		t.Fatalf("links %+v, want the subject's own and five raters'", links)
	}
	for _, l := range links {
		if l.URL != "http://127.0.0.1:8080/r/"+l.Token || !strings.HasPrefix(l.Token, "rt_") {
			t.Errorf("link %+v", l)
		}
	}

	// Wrong use: reporting on an open campaign, exit 3, naming the state.
	c.wantFail(3, []string{"is open", "until it is closed"}, "campaign", "report", id, "--format", "json")

	self := capabilityAnswers(t, 5, 2)   // management 100, leadership 25
	others := capabilityAnswers(t, 2, 4) // management 25, leadership 75
	for _, l := range links {
		path := others
		if l.Group == "self" {
			path = self
		}
		out := c.must("campaign", "respond", "--token", l.Token, "--answers", path, "--comment", "leadership=Good at setting direction")
		if !strings.Contains(out, "submitted") || strings.Contains(out, l.Token) {
			t.Errorf("respond printed %q", out)
		}
	}
	// Responding twice updates; it never counts twice.
	c.must("campaign", "respond", "--token", links[2].Token, "--answers", others)
	var list []struct {
		ID                string
		State             string
		Raters, Submitted int
	}
	if err := json.Unmarshal([]byte(c.must("campaign", "list", "--format", "json")), &list); err != nil || len(list) != 1 || list[0].Submitted != 6 || list[0].Raters != 6 {
		t.Errorf("list %+v, %v; want 6 raters and 6 submitted", list, err)
	}

	c.must("campaign", "close", id)
	// Wrong use: responding to a closed campaign, exit 3.
	c.wantFail(3, []string{"has closed"}, "campaign", "respond", "--token", links[1].Token, "--answers", others)

	out := c.must("campaign", "report", id, "--format", "json")
	var rep struct {
		Campaign string `json:"campaign"`
		Groups   map[string]struct {
			N     *int  `json:"n"`
			Shown *bool `json:"shown"`
		} `json:"groups"`
		Facets          map[string]map[string]map[string]json.RawMessage `json:"facets"`
		BlindSpots      []string                                         `json:"blind_spots"`
		HiddenStrengths []string                                         `json:"hidden_strengths"`
		Development     []struct{ Scale, Facet string }                  `json:"development"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("report --format json: %v\n%s", err, out)
	}
	for g, want := range map[string]struct {
		n     int
		shown bool
	}{"self": {1, true}, "manager": {1, true}, "peer": {3, true}, "direct_report": {1, false}, "other": {0, false}} {
		got := rep.Groups[g]
		if got.N == nil || got.Shown == nil || *got.N != want.n || *got.Shown != want.shown {
			t.Errorf("groups.%s = n %v shown %v, want %d %v", g, got.N, got.Shown, want.n, want.shown)
		}
	}
	focus := rep.Facets["management"]["focus"]
	for _, col := range []string{"self", "manager", "peer", "all_others"} {
		if _, ok := focus[col]; !ok {
			t.Errorf("facets.management.focus has no %s score: %v", col, focus)
		}
	}
	if _, ok := focus["direct_report"]; ok {
		t.Error("a hidden group's score is in the report")
	}
	if !slices.Contains(rep.BlindSpots, "management.focus") || !slices.Contains(rep.HiddenStrengths, "leadership.focus") {
		t.Errorf("blind spots %v, hidden strengths %v; want management.focus and leadership.focus", rep.BlindSpots, rep.HiddenStrengths)
	}
	if len(rep.Development) != 2 || rep.Development[0].Scale != "management" {
		t.Errorf("development %+v, want management's facets from the others' view", rep.Development)
	}
	if strings.Contains(out, "Good at setting direction") {
		t.Error("comments of a group below the comment threshold (5) are in the report")
	}

	text := c.must("campaign", "report", id)
	for _, want := range []string{"360-degree feedback for Dee Example", "Blind spots", "Management · Primary focus"} {
		if !strings.Contains(text, want) {
			t.Errorf("the text report lacks %q", want)
		}
	}
	htmlPath := filepath.Join(t.TempDir(), "report.html")
	c.must("campaign", "report", id, "--format", "html", "--out", htmlPath)
	page, err := os.ReadFile(htmlPath)
	if err != nil || !strings.Contains(string(page), `id="gap-chart"`) {
		t.Errorf("the HTML report has no gap chart: %v", err)
	}

	c.must("campaign", "release", id)
	c.wantFail(3, []string{"released", "new campaign"}, "campaign", "open", id)
	c.wantFail(3, []string{"not found"}, "campaign", "report", "no-such-campaign")
	c.wantFail(3, []string{"does not work"}, "campaign", "respond", "--token", "rt_nope_"+strings.Repeat("x", 43), "--answers", others)
	c.wantFail(2, []string{"--format"}, "campaign", "report", id, "--format", "pdf")
	c.wantFail(2, []string{"subject"}, "campaign", "create")
}

// TestProfileFollowsReleased360: once a 360 about the local person is
// released, `profile show` develops what others see, and says so.
func TestProfileFollowsReleased360(t *testing.T) {
	c := newCLI(t)
	answers, _ := answersFile(t, 3)
	c.must("assess", "--answers", answers, "--format", "json")
	var list []struct{ ID string }
	if err := json.Unmarshal([]byte(c.must("profile", "list", "--format", "json")), &list); err != nil || len(list) != 1 {
		t.Fatalf("profile list: %v", err)
	}
	profileID := list[0].ID

	var created struct{ ID string }
	json.Unmarshal([]byte(c.must("campaign", "create", "--subject", "me@localhost", "--format", "json")), &created)
	for _, email := range []string{"a@example.com", "b@example.com", "c@example.com"} {
		c.must("campaign", "add-rater", created.ID, "--email", email, "--group", "peer")
	}
	c.must("campaign", "open", created.ID)
	var links []struct{ Group, Token string }
	json.Unmarshal([]byte(c.must("campaign", "links", created.ID, "--format", "json")), &links)
	others := capabilityAnswers(t, 2, 5) // management 25, leadership 100
	for _, l := range links {
		c.must("campaign", "respond", "--token", l.Token, "--answers", others)
	}
	c.must("campaign", "close", created.ID)

	show := func() (doc struct {
		Development []struct {
			Scale string
			Score float64
		}
	}, stderr string) {
		t.Helper()
		code, out, errOut := c.run("", "profile", "show", profileID, "--format", "json")
		if code != 0 {
			t.Fatalf("profile show: %s", errOut)
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		return doc, errOut
	}
	if _, errOut := show(); strings.Contains(errOut, "others' view") {
		t.Errorf("a closed, unreleased 360 changed the plan: %s", errOut)
	}
	c.must("campaign", "release", created.ID)
	doc, errOut := show()
	if !strings.Contains(errOut, "follows others' view") || len(doc.Development) != 2 ||
		doc.Development[0].Scale != "management" || doc.Development[0].Score != 25 || doc.Development[1].Score != 25 {
		t.Errorf("after release: development %+v, stderr %q; want management at 25 from others' view", doc.Development, errOut)
	}
}
