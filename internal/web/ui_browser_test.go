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

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/twohats/twohats/internal/browsertest"
)

// uiWidths are the viewport widths every page is looked at: a desktop and a
// small phone. 320 is only checked for horizontal scrolling.
var uiWidths = []int64{1280, 360, 320}

// overflowJS reports how far the page is wider than the viewport, and which
// element sticks out furthest.
const overflowJS = `(() => {
  const vw = document.documentElement.clientWidth;
  const clipped = el => { for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) { const o = getComputedStyle(a).overflowX; if (o !== 'visible') return true; } return false; };
  let worst = '', right = 0;
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > right && !clipped(el)) { right = r.right; worst = el.tagName + (el.id ? '#' + el.id : '') + '.' + el.className + ' right=' + Math.round(r.right); }
  }
  return {Over: document.documentElement.scrollWidth - vw, Worst: worst};
})()`

// axeRunJS runs axe-core on the page and lists its serious and critical
// violations.
const axeRunJS = `axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => ({ID: v.id, Impact: v.impact, Help: v.help, Nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))})))`

type axeViolation struct {
	ID, Impact, Help string
	Nodes            []string
}

// readAxe returns axe-core's source, which scripts/test.sh installs. Without
// it the scans fail under CI and are left out elsewhere.
func readAxe(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "tools", "axe", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("axe-core is not installed (%v); scripts/test.sh installs it", err)
		}
		t.Logf("no accessibility scans: axe-core is not installed (%v); run scripts/test.sh", err)
		return ""
	}
	return string(b)
}

type overflow struct {
	Over  float64
	Worst string
}

// TestUIInBrowser drives the web app in headless Chromium as a person would:
// sign up, take the whole assessment (one answer by keyboard), see the
// report with both charts, print it, and sign out. At every page it checks
// that nothing scrolls sideways at phone widths, and it saves screenshots
// into $TWOHATS_SCREENSHOTS when that names a directory.
func TestUIInBrowser(t *testing.T) {
	e := newUIEnv(t)
	bctx, cancel := browsertest.Context(t)
	defer cancel()
	// Start the browser on a context without a deadline (see chromedp.Run).
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	ctx, cancelTimeout := context.WithTimeout(bctx, 3*time.Minute)
	defer cancelTimeout()
	shots := os.Getenv("TWOHATS_SCREENSHOTS") // a directory, to look at the pages
	base := e.ts.URL

	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	eval := func(what, js string, out any) {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[json.RawMessage](js, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if out != nil {
			if err := json.Unmarshal(v, out); err != nil {
				t.Fatalf("%s: %v in %s", what, err, v)
			}
		}
	}
	width := func(w int64) chromedp.Action[chromedp.Void] {
		if w < 600 {
			return chromedp.EmulateViewport(w, 800, chromedp.EmulateMobile)
		}
		return chromedp.EmulateViewport(w, 900)
	}
	screenshot := func(name string) {
		t.Helper()
		if shots == "" {
			return
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, "ui-"+name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	axeSource := readAxe(t)
	// look checks the current page at each width and saves its screenshots,
	// after an axe-core scan for serious and critical violations.
	look := func(name string) {
		t.Helper()
		if axeSource != "" {
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[json.RawMessage](axeSource)); err != nil {
				t.Fatalf("injecting axe-core: %v", err)
			}
			var found []axeViolation
			eval("axe "+name, axeRunJS, &found)
			for _, v := range found {
				t.Errorf("%s: axe %s violation %s (%s) at %v", name, v.Impact, v.ID, v.Help, v.Nodes)
			}
		}
		for _, w := range uiWidths {
			do(fmt.Sprintf("%s at %dpx", name, w), width(w), chromedp.Sleep(100*time.Millisecond))
			var o overflow
			eval("overflow", overflowJS, &o)
			if o.Over > 0 {
				t.Errorf("%s at %dpx: the page scrolls sideways by %.0fpx (widest: %s)", name, w, o.Over, o.Worst)
			}
			if w != 320 {
				screenshot(fmt.Sprintf("%s-%d", name, w))
			}
		}
		do("reset width", width(1280))
	}
	location := func() string {
		t.Helper()
		loc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}

	do("landing", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`h1`)))
	look("landing")
	do("sign-in page", chromedp.Navigate(base+"/signin"), chromedp.WaitVisible(chromedp.ID(`email`)))
	look("signin")

	do("sign-up errors", chromedp.Navigate(base+"/signup"), chromedp.SendKeys(chromedp.ID(`email`), "not an email"),
		chromedp.Click(chromedp.CSS(`form.form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`.error-summary`)))
	look("signup-errors")
	do("sign up",
		chromedp.Navigate(base+"/signup"),
		chromedp.SendKeys(chromedp.ID(`email`), "dee@example.com"),
		chromedp.SendKeys(chromedp.ID(`name`), "Dee Example"),
		chromedp.SendKeys(chromedp.ID(`password`), "a long enough password"),
		chromedp.Click(chromedp.CSS(`form.form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.who-name`)),
	)
	do("start", chromedp.Navigate(base+"/assess"), chromedp.WaitVisible(chromedp.ID(`progress`)))
	if got := location(); got != "/assess/1" {
		t.Fatalf("/assess went to %s, want /assess/1", got)
	}
	look("assess-1")

	// The first answer by keyboard alone: on a focused radio, an arrow key
	// picks the next rating of the group.
	do("keyboard",
		chromedp.Focus(chromedp.CSS(`input[type=radio]`)),
		chromedp.KeyEvent(kb.ArrowRight),
	)
	var checked bool
	eval("keyboard", `(() => { const r = [...document.querySelectorAll('fieldset')[0].querySelectorAll('input')].find(i => i.checked); return !!r && r === document.activeElement && r.value === "2"; })()`, &checked)
	if !checked {
		t.Error("an arrow key on the first radio group did not check its second rating")
	}

	// Fill a page the quick way: a rating near the top of every group that
	// is not answered yet.
	const fill = `(() => {
	  const groups = {};
	  for (const i of document.querySelectorAll('form.questions input[type=radio]')) (groups[i.name] ||= []).push(i);
	  for (const [name, radios] of Object.entries(groups)) {
	    if (radios.some(r => r.checked)) continue;
	    radios[Math.min(radios.length - 1, 3 + name.length % 2)].checked = true;
	  }
	  return Object.keys(groups).length;
	})()`
	for p := 1; p <= 7; p++ {
		var groups int
		do(fmt.Sprintf("page %d", p), chromedp.WaitVisible(chromedp.ID(`progress`)))
		eval("fill", fill, &groups)
		if groups == 0 {
			t.Fatalf("page %d has no radio groups", p)
		}
		if p == 5 {
			look("assess-5")
		}
		button := `button[value=next]`
		if p == 7 {
			button = `button[value=finish]`
		}
		do(fmt.Sprintf("submit page %d", p), chromedp.Click(chromedp.CSS(button)), chromedp.Sleep(150*time.Millisecond), chromedp.WaitReady(chromedp.CSS(`footer`)))
	}
	if got := location(); !strings.HasPrefix(got, "/profiles/") {
		main, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main`)))
		t.Fatalf("finishing went to %s, want a report\n%s", got, main)
	}

	do("report", chromedp.WaitVisible(chromedp.CSS(`svg#radar`)), chromedp.WaitVisible(chromedp.CSS(`svg#grid`)))
	var charts struct{ Radar, Grid struct{ W, H float64 } }
	eval("charts", `(() => { const b = s => { const r = document.querySelector(s).getBoundingClientRect(); return {W: r.width, H: r.height}; }; return {Radar: b('svg#radar'), Grid: b('svg#grid')}; })()`, &charts)
	if charts.Radar.W < 200 || charts.Grid.W < 200 {
		t.Errorf("the charts are too small: %+v", charts)
	}
	look("report")

	// Printing hides the site's chrome and keeps the report.
	media := func(m string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m})
			return err
		})
	}
	do("print media", media("print"))
	var printed struct{ Header, Button, Radar bool }
	eval("print", `(() => { const shown = s => { const el = document.querySelector(s); return !!el && getComputedStyle(el).display !== 'none'; }; return {Header: shown('.site-header'), Button: shown('.signout button'), Radar: shown('svg#radar')}; })()`, &printed)
	if printed.Header || printed.Button || !printed.Radar {
		t.Errorf("in print, header shown %v, sign-out button shown %v, radar shown %v", printed.Header, printed.Button, printed.Radar)
	}
	if shots != "" {
		do("A4 width", chromedp.EmulateViewport(794, 1123))
		screenshot("report-print")
		pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
		if err != nil {
			t.Fatalf("printing to PDF: %v", err)
		}
		_ = os.WriteFile(filepath.Join(shots, "ui-report.pdf"), pdf, 0o644)
	}
	do("screen media", media(""), width(1280))

	// A second assessment, so that the history shows what changed.
	do("again", chromedp.Navigate(base+"/assess"), chromedp.WaitVisible(chromedp.ID(`progress`)))
	for p := 1; p <= 7; p++ {
		do(fmt.Sprintf("again page %d", p), chromedp.WaitVisible(chromedp.ID(`progress`)))
		eval("fill", strings.Replace(fill, "3 + name.length % 2", "1 + name.length % 3", 1), nil)
		button := `button[value=next]`
		if p == 7 {
			button = `button[value=finish]`
		}
		do(fmt.Sprintf("again submit page %d", p), chromedp.Click(chromedp.CSS(button)), chromedp.Sleep(150*time.Millisecond), chromedp.WaitReady(chromedp.CSS(`footer`)))
	}
	do("history", chromedp.Navigate(base+"/profiles"), chromedp.WaitVisible(chromedp.CSS(`table.changes`)))
	look("profiles")
	do("welcome back", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`.welcome`)))
	look("home")
	do("tokens", chromedp.Navigate(base+"/settings/tokens"), chromedp.SendKeys(chromedp.ID(`name`), "HR platform"),
		chromedp.Click(chromedp.CSS(`form.inline-form button[type=submit]`)), chromedp.WaitVisible(chromedp.ID(`new-token`)))
	look("tokens")
	do("org", chromedp.Navigate(base+"/org"), chromedp.WaitVisible(chromedp.ID(`email`)))
	look("org")

	// Sign out with the keyboard: focus the button and press Enter.
	do("sign out",
		chromedp.Focus(chromedp.CSS(`.signout button`)),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/signin"]`)),
		chromedp.Navigate(base+"/profiles"), chromedp.WaitVisible(chromedp.ID(`email`)))
	if got := location(); got != "/signin" {
		t.Errorf("after signing out, /profiles went to %s, want /signin", got)
	}
}
