package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestCoachInBrowser practises an answer in headless Chromium the way a
// candidate would: answer, see the highlights, rewrite, and see the score
// change, each page scanned by axe-core. The page works without scripts.
func TestCoachInBrowser(t *testing.T) {
	e := newUIEnv(t)
	b := newBrowserPage(t, e.ts.URL)

	b.do("practice page", chromedp.Navigate(b.base+"/coach"), chromedp.WaitVisible(chromedp.ID(`text`)))
	b.look("coach-form")
	b.do("choose the question", chromedp.SetValue(chromedp.ID(`question`), "manager-or-leader"))
	b.do("answer", chromedp.SendKeys(chromedp.ID(`text`), coachWeak))
	b.submit("check the answer", `form.coach-form button[type=submit]`)

	first := b.text(`#coach-score`)
	if !strings.Contains(first, "weak") {
		t.Errorf("the first answer: %q, want weak", first)
	}
	var marks []struct{ Text, Described, Message string }
	b.eval("highlights", `[...document.querySelectorAll('#marked-answer mark')].map(m => ({Text: m.textContent,
		Described: m.getAttribute('aria-describedby'),
		Message: m.getAttribute('aria-describedby').split(' ').map(id => document.getElementById(id).textContent).join(' ')}))`, &marks)
	if len(marks) == 0 || marks[0].Text != "I'm a leader, not a manager" || !strings.Contains(marks[0].Message, "never to use in an interview") {
		t.Fatalf("highlights = %+v; want the claim marked and described by its finding", marks)
	}
	var kept string
	b.eval("textarea", `document.getElementById('text').value`, &kept)
	if kept != coachWeak {
		t.Errorf("the textarea holds %q, want the answer", kept)
	}
	b.look("coach-weak")

	// Rewrite in place and check again.
	b.do("rewrite", chromedp.SetValue(chromedp.ID(`text`), coachStrong))
	b.submit("check the rewrite", `form.coach-form button[type=submit]`)
	second := b.text(`#coach-score`)
	if !strings.Contains(second, "strong") || second == first {
		t.Errorf("after the rewrite: %q (before: %q), want a strong, higher score", second, first)
	}
	var rows []string
	b.eval("attempts", `[...document.querySelectorAll('#attempts tbody tr')].map(r => r.textContent.replace(/\s+/g, ' ').trim())`, &rows)
	if len(rows) != 2 || !strings.HasPrefix(rows[1], "2") || !strings.Contains(rows[1], "+") {
		t.Errorf("attempts table = %q; want two attempts, the second up", rows)
	}
	var aria string
	b.eval("spark", `document.getElementById('score-spark').getAttribute('aria-label')`, &aria)
	if !strings.Contains(aria, "oldest first") {
		t.Errorf("sparkline label = %q, want the scores named", aria)
	}
	b.look("coach-strong")
}

// TestStoryBankInBrowser adds a story to the story bank in headless
// Chromium, sees the coverage change, and scans each page with axe-core.
func TestStoryBankInBrowser(t *testing.T) {
	e := newUIEnv(t)
	b := newBrowserPage(t, e.ts.URL)
	b.signUp("sam@example.com", "Sam Story")
	b.do("story bank", chromedp.Navigate(b.base+"/coach/stories"), chromedp.WaitVisible(chromedp.ID(`title`)))
	b.look("stories-empty")
	b.submit("add nothing", `form.story-form button[type=submit]`)
	if got := b.text(`.error-summary`); !strings.Contains(got, "Title") {
		t.Errorf("an empty story: %q, want the title named", got)
	}
	b.look("stories-error")
	b.do("fill the story",
		chromedp.SendKeys(chromedp.ID(`title`), "The audit"),
		chromedp.Click(chromedp.ID(`side-management`)),
		chromedp.Click(chromedp.ID(`context-compliance-critical`)),
		chromedp.SendKeys(chromedp.ID(`situation`), "An audit was due in six weeks."),
		chromedp.SendKeys(chromedp.ID(`action`), "I ran a weekly control check."),
		chromedp.SendKeys(chromedp.ID(`result`), "We passed with no findings."),
		chromedp.SendKeys(chromedp.ID(`why-context`), "A compliance-critical operation needs control."),
	)
	b.submit("add the story", `form.story-form button[type=submit]`)
	if got := b.text(`#coverage-management`); !strings.HasSuffix(got, "yes") {
		t.Errorf("management coverage after a management story: %q", got)
	}
	if got := b.text(`#stories`); !strings.Contains(got, "The audit") {
		t.Errorf("stories: %q", got)
	}
	b.look("stories-one")
}
