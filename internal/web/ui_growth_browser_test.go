package web

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/twohats/twohats/internal/browsertest"
	"github.com/twohats/twohats/internal/framework"
)

// browserPage drives one headless Chromium tab through the web app, as
// TestUIInBrowser does: every page it looks at is scanned by axe-core for
// serious and critical violations and checked for sideways scrolling at
// phone widths.
type browserPage struct {
	t     *testing.T
	ctx   context.Context
	base  string
	axe   string
	shots string
}

func newBrowserPage(t *testing.T, base string) *browserPage {
	t.Helper()
	bctx, cancel := browsertest.Context(t)
	t.Cleanup(cancel)
	// Start the browser on a context without a deadline (see chromedp.Run).
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	ctx, cancelTimeout := context.WithTimeout(bctx, 3*time.Minute)
	t.Cleanup(cancelTimeout)
	return &browserPage{t: t, ctx: ctx, base: base, axe: readAxe(t), shots: os.Getenv("TWOHATS_SCREENSHOTS")}
}

func (b *browserPage) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		main, _ := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(`main`)))
		b.t.Fatalf("%s: %v\n%s", what, err, main)
	}
}

func (b *browserPage) eval(what, js string, out any) {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[json.RawMessage](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	if out != nil {
		if err := json.Unmarshal(v, out); err != nil {
			b.t.Fatalf("%s: %v in %s", what, err, v)
		}
	}
}

// submit clicks the submit button sel and waits for the next page to load:
// an element the old page had may be on the new one too, so waiting for
// one proves nothing.
func (b *browserPage) submit(what, sel string) {
	b.t.Helper()
	b.eval("mark "+what, `window.__growthOld = true`, nil)
	b.do(what, chromedp.Click(chromedp.CSS(sel)))
	deadline := time.Now().Add(20 * time.Second)
	for {
		// While the page changes, evaluating may fail: try again.
		loaded, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`window.__growthOld === undefined && document.readyState === 'complete'`))
		if err == nil && loaded {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("%s: the next page did not load", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// text is the text of the first element the CSS selector finds.
func (b *browserPage) text(sel string) string {
	b.t.Helper()
	var s string
	b.eval("text of "+sel, fmt.Sprintf(`(() => { const el = document.querySelector(%q); return el ? el.textContent.replace(/\s+/g, " ").trim() : ""; })()`, sel), &s)
	return s
}

// look scans the page with axe-core and checks it at each width.
func (b *browserPage) look(name string) {
	b.t.Helper()
	if b.axe != "" {
		if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[json.RawMessage](b.axe)); err != nil {
			b.t.Fatalf("injecting axe-core: %v", err)
		}
		var found []axeViolation
		b.eval("axe "+name, axeRunJS, &found)
		for _, v := range found {
			b.t.Errorf("%s: axe %s violation %s (%s) at %v", name, v.Impact, v.ID, v.Help, v.Nodes)
		}
	}
	for _, w := range uiWidths {
		vp := chromedp.EmulateViewport(w, 900)
		if w < 600 {
			vp = chromedp.EmulateViewport(w, 800, chromedp.EmulateMobile)
		}
		b.do(fmt.Sprintf("%s at %dpx", name, w), vp, chromedp.Sleep(100*time.Millisecond))
		var o overflow
		b.eval("overflow", overflowJS, &o)
		if o.Over > 0 {
			b.t.Errorf("%s at %dpx: the page scrolls sideways by %.0fpx (widest: %s)", name, w, o.Over, o.Worst)
		}
		if b.shots != "" && w != 320 {
			png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
			if err == nil {
				_ = os.WriteFile(filepath.Join(b.shots, fmt.Sprintf("growth-%s-%d.png", name, w)), png, 0o644)
			}
		}
	}
	b.do("reset width", chromedp.EmulateViewport(1280, 900))
}

// signUp creates an account through the sign-up form.
func (b *browserPage) signUp(email, name string) {
	b.t.Helper()
	b.do("sign up",
		chromedp.Navigate(b.base+"/signup"),
		chromedp.SendKeys(chromedp.ID(`email`), email),
		chromedp.SendKeys(chromedp.ID(`name`), name),
		chromedp.SendKeys(chromedp.ID(`password`), "a long enough password"),
		chromedp.Click(chromedp.CSS(`form.form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.who-name`)),
	)
}

// TestGrowthInBrowser drives the advisor, the candidate comparison, the
// development plan, the reflection journal, the myths quiz and the FAQ in
// headless Chromium, the way a person would, scanning each page with
// axe-core.
func TestGrowthInBrowser(t *testing.T) {
	e := newUIEnv(t)
	b := newBrowserPage(t, e.ts.URL)

	t.Run("advisor", func(t *testing.T) {
		b.t = t
		b.do("advisor", chromedp.Navigate(b.base+"/advise"), chromedp.WaitVisible(chromedp.ID(`context-compliance-critical`)))
		b.look("advise-form")
		// A compliance-critical, mature operation in execution that needs
		// consistency: manage.
		b.do("compliance situation",
			chromedp.Click(chromedp.ID(`context-compliance-critical`)),
			chromedp.Click(chromedp.ID(`context-mature`)),
			chromedp.Click(chromedp.ID(`phase-execution`)),
			chromedp.SetValue(chromedp.ID(`need`), "consistency"),
		)
		b.submit("advise", `form.advise-form button[type=submit]`)
		heading := b.text(`#advice-title`)
		if !strings.Contains(heading, "manage") {
			t.Errorf("a compliance-critical mature operation in execution: %q, want manage", heading)
		}
		var shown struct{ Reasons, Sources, Risks int }
		b.eval("reasons", `({Reasons: document.querySelectorAll('#advice .reasons li').length,
			Sources: [...document.querySelectorAll('#advice .reasons .source q')].filter(q => q.innerText.length > 20).length,
			Risks: document.querySelectorAll('#advice .risks li').length})`, &shown)
		if shown.Reasons < 3 || shown.Sources != shown.Reasons || shown.Risks == 0 {
			t.Errorf("the advice shows %+v; want reasons, each with its source, and risks", shown)
		}
		if !strings.Contains(b.text(`#advice .reasons`), "Execution phases need management to maintain schedules and quality standards.") {
			t.Errorf("the reasons do not cite the execution phase: %s", b.text(`#advice .reasons`))
		}
		b.look("advise-manage")

		// A turnaround: lead.
		b.do("turnaround",
			chromedp.Navigate(b.base+"/advise"),
			chromedp.Click(chromedp.ID(`context-turnaround`)),
			chromedp.Click(chromedp.ID(`phase-recovery`)),
		)
		b.submit("advise", `form.advise-form button[type=submit]`)
		if heading := b.text(`#advice-title`); !strings.Contains(heading, "lead") {
			t.Errorf("a turnaround: %q, want lead", heading)
		}
		if risks := b.text(`#advice .risks`); !strings.Contains(risks, "analysis paralysis") {
			t.Errorf("the turnaround's risks: %q", risks)
		}
	})

	t.Run("myths and FAQ", func(t *testing.T) {
		b.t = t
		b.do("myths", chromedp.Navigate(b.base+"/myths"), chromedp.WaitVisible(chromedp.ID(`answer-false`)))
		b.look("myths-question")
		b.do("answer", chromedp.Click(chromedp.ID(`answer-false`)))
		b.submit("check the answer", `form.form button[type=submit]`)
		if got := b.text(`#marked-title`); !strings.Contains(got, "Right") {
			t.Errorf("answering the first myth false: %q", got)
		}
		b.look("myths-reality")
		b.do("next", chromedp.Click(chromedp.ID(`next`)), chromedp.WaitVisible(chromedp.ID(`answer-true`)))
		if got := b.text(`#quiz-progress`); !strings.Contains(got, "Statement 2 of") || !strings.Contains(got, "1 right") {
			t.Errorf("after one right answer: %q", got)
		}
		b.do("faq", chromedp.Navigate(b.base+"/faq"), chromedp.WaitVisible(chromedp.CSS(`dl.faq`)))
		b.look("faq")
	})

	b.signUp("pat@example.com", "Pat Panel")
	m := mustMember(t, e, "pat@example.com")
	ctx := context.Background()
	morgan, err := e.st.EnsurePerson(ctx, m.OrgID, "morgan@example.com", "Morgan Manager")
	if err != nil {
		t.Fatal(err)
	}
	lee, err := e.st.EnsurePerson(ctx, m.OrgID, "lee@example.com", "Lee Leader")
	if err != nil {
		t.Fatal(err)
	}
	mustScoredAssessment(t, e.st, e.cat, m.OrgID, morgan.ID, strongManager, framework.Management)
	mustScoredAssessment(t, e.st, e.cat, m.OrgID, lee.ID, strongLeader, framework.Leadership)

	t.Run("candidate comparison", func(t *testing.T) {
		b.t = t
		b.do("comparison", chromedp.Navigate(b.base+"/fit"), chromedp.WaitVisible(chromedp.ID(`source-build`)))
		if got := b.text(`main .panel-note`); !strings.Contains(got, "Fit is one input to a decision, never the decision.") {
			t.Errorf("the page does not say fit is one input: %q", got)
		}
		b.look("fit-form")
		// A vision-heavy role, built from its contexts and phases.
		b.do("build the role",
			chromedp.SendKeys(chromedp.ID(`role-name`), "Founding product lead"),
			chromedp.Click(chromedp.ID(`context-startup`)),
			chromedp.Click(chromedp.ID(`context-disruptive-innovation`)),
			chromedp.SendKeys(chromedp.ID(`share-launch`), "70"),
			chromedp.SendKeys(chromedp.ID(`share-execution`), "30"),
			chromedp.SetValue(chromedp.ID(`need`), "change"),
			chromedp.Click(chromedp.ID(`person-`+morgan.ID)),
			chromedp.Click(chromedp.ID(`person-`+lee.ID)),
		)
		b.submit("compare", `form.fit-form button[type=submit]`)
		var flags map[string]bool
		b.eval("flags", `Object.fromEntries([...document.querySelectorAll('section.candidate')].map(s => [s.dataset.person, !!s.querySelector('.risk-flag')]))`, &flags)
		if len(flags) != 2 {
			t.Fatalf("candidates shown: %v", flags)
		}
		if !flags[morgan.ID] {
			t.Error("the strong manager's promotion-risk flag is not shown")
		}
		if flags[lee.ID] {
			t.Error("the strong leader is flagged")
		}
		if got := b.text(`#candidate-` + morgan.ID + ` .risk-flag`); !strings.Contains(got, "Organizations fail when they promote task managers") {
			t.Errorf("the flag does not cite the source: %q", got)
		}
		if got := b.text(`#result`); !strings.Contains(got, "short by") || !strings.Contains(b.text(`main .panel-note`), "never the decision") {
			t.Errorf("the comparison lacks the gaps or the disclaimer")
		}
		b.look("fit-result")
	})

	t.Run("plan", func(t *testing.T) {
		b.t = t
		mustScoredAssessment(t, e.st, e.cat, m.OrgID, m.PersonID, strongManager, framework.Management)
		b.do("plans", chromedp.Navigate(b.base+"/plan"), chromedp.WaitVisible(chromedp.ID(`make-plan`)))
		b.look("plans")
		b.submit("make a plan", `#make-plan`)
		b.do("tick", chromedp.Click(chromedp.CSS(`input[value="d30.ask-feedback"]`)))
		b.submit("save the check-ins", `form.checkins button[type=submit]`)
		if got := b.text(`#plan-progress`); !strings.HasPrefix(got, "1 of") {
			t.Errorf("after ticking one check-in: %q", got)
		}
		mustScoredAssessment(t, e.st, e.cat, m.OrgID, m.PersonID, strongLeader, framework.Leadership)
		b.do("plan with a trend", chromedp.Navigate(b.base+"/plan"), chromedp.Click(chromedp.CSS(`table.list a`)), chromedp.WaitVisible(chromedp.ID(`trend-leadership`)))
		var chart struct{ W, Lines int }
		b.eval("chart", `({W: document.querySelector('#trend-leadership').getBoundingClientRect().width, Lines: document.querySelectorAll('#trend-leadership polyline').length})`, &chart)
		if chart.W < 250 || chart.Lines != 6 {
			t.Errorf("the leadership chart: %+v", chart)
		}
		b.look("plan")
	})

	t.Run("journal", func(t *testing.T) {
		b.t = t
		b.do("journal", chromedp.Navigate(b.base+"/journal"), chromedp.WaitVisible(chromedp.ID(`situation`)))
		b.look("journal-empty")
		for i, s := range []string{"The relaunch stalled and I added weekly status reviews.", "Morale dropped after the reorganisation; I tightened the rota.", "The new venture missed a milestone; I wrote a stricter process."} {
			ctxKey := []string{"turnaround", "turnaround", "startup"}[i]
			b.do(fmt.Sprintf("entry %d", i+1),
				chromedp.SendKeys(chromedp.ID(`situation`), s),
				chromedp.Click(chromedp.ID(`context-`+ctxKey)),
				chromedp.Click(chromedp.ID(`phase-recovery`)),
				chromedp.Click(chromedp.ID(`approach-manage`)),
				chromedp.Click(chromedp.ID(`outcome-2`)),
				chromedp.SendKeys(chromedp.ID(`balanced`), "Say where we are going before how we track it."),
			)
			b.submit(fmt.Sprintf("add entry %d", i+1), `form.journal-form button[type=submit]`)
		}
		if got := b.text(`#journal-default`); !strings.Contains(got, "to manage") || !strings.Contains(got, "3 of 3") {
			t.Errorf("the report's default: %q, want manage, 3 of 3", got)
		}
		if got := b.text(`#journal-mismatch`); !strings.Contains(got, "Turnaround") || !strings.Contains(got, "2 of 2") {
			t.Errorf("the report's mismatch: %q, want Turnaround first", got)
		}
		if got := b.text(`#journal-accuracy`); !strings.HasPrefix(got, "0%") {
			t.Errorf("accuracy: %q", got)
		}
		b.look("journal")
	})
}
