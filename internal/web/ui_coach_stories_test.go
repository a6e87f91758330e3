package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func storyValues(title, side, why string) url.Values {
	return url.Values{"title": {title}, "side": {side}, "context": {"compliance-critical"}, "phase": {"execution"},
		"situation": {"An audit was due in six weeks."}, "task": {"Pass it."}, "action": {"I ran a weekly control check."},
		"result": {"We passed with no findings."}, "why_context": {why}}
}

func TestUIStoryBank(t *testing.T) {
	e := newUIEnv(t)
	c := e.client()
	c.signUp(t, "sam@example.com", "Sam Story", "Story Org")

	res := c.get(t, "/coach/stories")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Not covered yet") || !strings.Contains(res.Body, "No stories yet.") {
		t.Fatalf("empty bank: %d\n%s", res.StatusCode, res.Body)
	}

	// A story with problems is refused, naming each field, and kept.
	bad := storyValues("", "both", "")
	bad.Set("situation", "Kept text")
	res = c.post(t, "/coach/stories", bad, true)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `href="#title"`) || !strings.Contains(res.Body, `href="#side-management"`) || !strings.Contains(res.Body, ">Kept text</textarea>") {
		t.Errorf("bad story: %d\n%s", res.StatusCode, res.Body)
	}

	// Management with its context, leadership without: half covered.
	c.post(t, "/coach/stories", storyValues("The audit", "management", "A compliance-critical operation needs control."), true)
	res = c.post(t, "/coach/stories", storyValues("The reorganisation", "leadership", ""), true)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Story added.") {
		t.Fatalf("add: %d", res.StatusCode)
	}
	if !strings.Contains(res.Body, `id="coverage-management">Management excellence, with its context explained: yes`) ||
		!strings.Contains(res.Body, `id="coverage-leadership">Leadership impact, with its context explained: missing`) ||
		!strings.Contains(res.Body, "Explain the context of a leadership-impact story") {
		t.Errorf("coverage after two stories:\n%s", res.Body)
	}
	c.post(t, "/coach/stories", storyValues("The new strategy", "leadership", "People feared the change, so it needed commitment, not control."), true)
	res = c.get(t, "/coach/stories")
	if !strings.Contains(res.Body, "Both sides covered") {
		t.Errorf("three stories do not cover both sides")
	}

	md := c.get(t, "/coach/stories/prep.md")
	if ct := md.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/markdown") || !strings.Contains(md.Body, "# Interview prep sheet: Sam Story") ||
		!strings.Contains(md.Body, "### The audit") || !strings.Contains(md.Body, "- Leadership impact: yes") {
		t.Errorf("Markdown prep sheet (%s):\n%s", ct, md.Body)
	}
	h := c.get(t, "/coach/stories/prep.html")
	if !strings.Contains(h.Body, "<h3>The new strategy</h3>") || !strings.Contains(h.Header.Get("Content-Disposition"), "prep-sheet.html") {
		t.Errorf("HTML prep sheet:\n%s", h.Body)
	}

	// Someone else, in another organisation, cannot delete Sam's story.
	ids := regexp.MustCompile(`name="id" value="([^"]+)"`).FindAllStringSubmatch(res.Body, -1)
	if len(ids) != 3 {
		t.Fatalf("found %d delete forms, want 3", len(ids))
	}
	other := e.client()
	other.signUp(t, "olga@example.com", "Olga Other", "Other Org")
	if res := other.post(t, "/coach/stories/delete", url.Values{"id": {ids[0][1]}}, true); res.StatusCode != http.StatusNotFound {
		t.Errorf("another organisation deleting Sam's story: %d, want 404", res.StatusCode)
	}
	if res := other.get(t, "/coach/stories"); strings.Contains(res.Body, "The audit") {
		t.Error("another organisation sees Sam's story")
	}
	m := mustMember(t, e, "sam@example.com")
	if list, err := e.st.StoryBank(context.Background(), m.OrgID, m.PersonID); err != nil || len(list) != 3 {
		t.Fatalf("Sam's bank: %d stories, %v", len(list), err)
	}

	res = c.post(t, "/coach/stories/delete", url.Values{"id": {ids[0][1]}}, true)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Story deleted.") || strings.Contains(res.Body, "<h3>The audit") {
		t.Errorf("delete: %d", res.StatusCode)
	}
	if !strings.Contains(res.Body, "Add a management-excellence story") {
		t.Errorf("coverage after deleting the management story")
	}

	// Signed out, the bank asks to sign in.
	if res := e.client().getNoFollow(t, "/coach/stories"); res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusFound {
		t.Errorf("signed out: %d, want a redirect to sign in", res.StatusCode)
	}
}
