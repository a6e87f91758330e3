package coach

import (
	"bytes"
	"strings"
	"testing"
)

func story(side, why string) Story {
	return Story{Title: "A " + side + " story", Side: side, Contexts: []string{"compliance-critical"}, Phase: "execution",
		Situation: "An audit was due.", Task: "Pass it.", Action: "I ran a weekly control check.", Result: "We passed with no findings.", WhyContext: why}
}

func TestCheckCoverage(t *testing.T) {
	for _, tc := range []struct {
		name          string
		stories       []Story
		mgmt, lead    bool
		missing       int
		missingPhrase string
	}{
		{"empty", nil, false, false, 2, "Add a management-excellence story"},
		{"both explained", []Story{story(SideManagement, "An audit needs control."), story(SideLeadership, "People feared the change.")}, true, true, 0, ""},
		{"context missing", []Story{story(SideManagement, ""), story(SideLeadership, "People feared the change.")}, false, true, 1, "Explain the context of a management-excellence story"},
		{"invalid story ignored", []Story{{Side: SideLeadership, WhyContext: "x"}, story(SideManagement, "why")}, true, false, 1, "Add a leadership-impact story"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := CheckCoverage(tc.stories)
			if c.ManagementExcellence != tc.mgmt || c.LeadershipImpact != tc.lead || len(c.Missing) != tc.missing {
				t.Fatalf("got %+v, want management %v, leadership %v, %d missing", c, tc.mgmt, tc.lead, tc.missing)
			}
			if tc.missingPhrase != "" && !strings.Contains(strings.Join(c.Missing, " "), tc.missingPhrase) {
				t.Errorf("missing = %q, want %q", c.Missing, tc.missingPhrase)
			}
			if c.Covered() != (tc.mgmt && tc.lead) {
				t.Error("Covered disagrees")
			}
		})
	}
}

func TestStoryProblems(t *testing.T) {
	p := Story{Side: "both"}.Problems()
	for _, k := range []string{"title", "side", "situation", "action", "result"} {
		if p[k] == "" {
			t.Errorf("no problem named for %s: %v", k, p)
		}
	}
	if p := story(SideManagement, "").Problems(); len(p) != 0 {
		t.Errorf("a whole story has problems: %v", p)
	}
}

func TestPrepSheets(t *testing.T) {
	stories := []Story{story(SideManagement, "An audit needs <control>."), story(SideLeadership, "People *feared* the change.")}
	var md bytes.Buffer
	if err := PrepSheetMarkdown(&md, "Pat", stories); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# Interview prep sheet: Pat", "- Management excellence: yes", "## Leadership stories", "**Result:** We passed", `\*feared\*`, "&lt;control&gt;"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md.String())
		}
	}
	var h bytes.Buffer
	if err := PrepSheetHTML(&h, "Pat", stories[:1]); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<h1>Interview prep sheet: Pat</h1>", "Leadership impact: missing", "&lt;control&gt;", "<p>None yet.</p>"} {
		if !strings.Contains(h.String(), want) {
			t.Errorf("HTML lacks %q:\n%s", want, h.String())
		}
	}
	if strings.Contains(h.String(), "<script") || strings.Contains(h.String(), "style=") {
		t.Error("the prep sheet has script or inline style")
	}
}
