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
	"github.com/chromedp/chromedp"

	"github.com/twohats/twohats/internal/browsertest"
	"github.com/twohats/twohats/internal/instrument"
)

// TestUI360InBrowser runs a 360 campaign in headless Chromium, as people
// would: the owner signs up, starts a campaign about themselves, adds four
// raters and opens it; each rater answers through their link in a browser
// context of their own, with no account; the owner rates themselves, closes
// the campaign and releases it; and the subject sees the report with its
// self-versus-others gap chart. The rater form and the report pass axe-core
// with no serious or critical violation, and neither scrolls sideways on a
// phone.
func TestUI360InBrowser(t *testing.T) {
	e := newUIEnv(t)
	bctx, cancel := browsertest.Context(t)
	defer cancel()
	// Start the browser on a context without a deadline (see chromedp.Run).
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	ctx, cancelTimeout := context.WithTimeout(bctx, 4*time.Minute)
	defer cancelTimeout()
	base := e.ts.URL
	axeSource := readAxe(t)
	shots := os.Getenv("TWOHATS_SCREENSHOTS")

	do := func(ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	// submit clicks a button that submits a form and waits for the page
	// the browser lands on.
	submit := func(ctx context.Context, what string, sel string) {
		t.Helper()
		res, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if res.Status >= 400 {
			main, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main`)))
			t.Fatalf("%s: status %d\n%s", what, res.Status, main)
		}
	}
	eval := func(ctx context.Context, what, js string, out any) {
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
	location := func(ctx context.Context) string {
		t.Helper()
		loc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + location.search`))
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	// check scans the page with axe-core and checks it does not scroll
	// sideways on a phone.
	check := func(ctx context.Context, name string) {
		t.Helper()
		if axeSource != "" {
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[json.RawMessage](axeSource)); err != nil {
				t.Fatalf("injecting axe-core: %v", err)
			}
			var found []axeViolation
			eval(ctx, "axe "+name, axeRunJS, &found)
			for _, v := range found {
				t.Errorf("%s: axe %s violation %s (%s) at %v", name, v.Impact, v.ID, v.Help, v.Nodes)
			}
		}
		for _, w := range []int64{360, 320} {
			do(ctx, fmt.Sprintf("%s at %dpx", name, w), chromedp.EmulateViewport(w, 800, chromedp.EmulateMobile), chromedp.Sleep(100*time.Millisecond))
			var o overflow
			eval(ctx, "overflow", overflowJS, &o)
			if o.Over > 0 {
				t.Errorf("%s at %dpx: the page scrolls sideways by %.0fpx (widest: %s)", name, w, o.Over, o.Worst)
			}
			if shots != "" && w == 360 {
				png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				if err == nil {
					_ = os.WriteFile(filepath.Join(shots, "ui-360-"+name+"-360.png"), png, 0o644)
				}
			}
		}
		do(ctx, "reset width", chromedp.EmulateViewport(1280, 900))
		if shots != "" {
			if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
				_ = os.WriteFile(filepath.Join(shots, "ui-360-"+name+"-1280.png"), png, 0o644)
			}
		}
	}

	// The answers each rater gives, item by item: others see management
	// low and leadership high; the subject the reverse.
	sc, err := e.cat.Scorer(instrument.Default)
	if err != nil {
		t.Fatal(err)
	}
	items := sc.Instrument().ItemsIn(instrument.Capability)
	sheet := func(m, l int, dontKnow ...int) string {
		want := map[string]string{}
		for i, it := range items {
			want[it.ID] = fmt.Sprint(keyedRating(it, m, l))
			for _, d := range dontKnow {
				if d == i {
					want[it.ID] = "dk"
				}
			}
		}
		b, _ := json.Marshal(want)
		return fmt.Sprintf(`(() => {
		  const want = %s; let n = 0;
		  for (const [name, v] of Object.entries(want)) {
		    const r = document.querySelector('input[type=radio][name="' + name + '"][value="' + v + '"]');
		    if (r) { r.click(); n++; }
		  }
		  return n;
		})()`, b)
	}

	// 1. The owner signs up and starts a campaign about themselves.
	do(ctx, "sign up",
		chromedp.Navigate(base+"/signup"),
		chromedp.SendKeys(chromedp.ID(`email`), "dee@example.com"),
		chromedp.SendKeys(chromedp.ID(`name`), "Dee Example"),
		chromedp.SendKeys(chromedp.ID(`password`), "a long enough password"),
		chromedp.Click(chromedp.CSS(`form.form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.who-name`)),
	)
	do(ctx, "campaigns", chromedp.Navigate(base+"/campaigns"), chromedp.WaitVisible(chromedp.ID(`subject`)))
	submit(ctx, "start", `form.form button[type=submit]`)
	campaignPath := strings.TrimSuffix(location(ctx), "?created=1")
	if !strings.HasPrefix(campaignPath, "/campaigns/") {
		t.Fatalf("starting went to %s", campaignPath)
	}

	// 2. Four raters, then open.
	for _, r := range []struct{ email, group string }{{"mia@example.com", "manager"}, {"pat@example.com", "peer"}, {"pia@example.com", "peer"}, {"pol@example.com", "peer"}} {
		do(ctx, "rater "+r.email, chromedp.WaitVisible(chromedp.ID(`add-rater`)),
			chromedp.SendKeys(chromedp.ID(`email`), r.email), chromedp.SetValue(chromedp.ID(`group`), r.group))
		submit(ctx, "add "+r.email, `#add-rater`)
	}
	var counts string
	eval(ctx, "rater table", `[...document.querySelectorAll('table.raters tbody tr')].map(r => r.innerText.replace(/\s+/g, ' ')).join('; ')`, &counts)
	if !strings.Contains(counts, "Manager 1") || !strings.Contains(counts, "Peers 3") || !strings.Contains(counts, "Self 1") {
		t.Errorf("the rater table reads %q", counts)
	}
	submit(ctx, "open", `#move`)
	if got := location(ctx); !strings.HasSuffix(got, "?moved=open") {
		t.Fatalf("opening went to %s", got)
	}
	submit(ctx, "links", `#make-links`)
	var links []struct{ Group, URL string }
	eval(ctx, "links", `[...document.querySelectorAll('input.rater-link')].map(i => ({Group: i.dataset.group, URL: i.value}))`, &links)
	if len(links) != 5 {
		t.Fatalf("%d links on the page, want 5", len(links))
	}

	// 3. Four raters answer, each in a browser context of their own: no
	// cookie, no session, no storage shared with the owner or each other.
	ownerBC := chromedp.FromContext(ctx).BrowserContextID
	seen := map[cdp.BrowserContextID]bool{}
	answered := 0
	for _, l := range links {
		if l.Group == "self" {
			continue
		}
		rbase, rcancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
		if err := chromedp.Do(rbase); err != nil {
			t.Fatalf("a new browser context: %v", err)
		}
		bc := chromedp.FromContext(rbase).BrowserContextID
		if bc == "" || bc == ownerBC || seen[bc] {
			t.Errorf("rater %d shares a browser context (%q)", answered+1, bc)
		}
		seen[bc] = true
		rctx, rtimeout := context.WithTimeout(rbase, 90*time.Second)
		do(rctx, "rater form", chromedp.Navigate(l.URL), chromedp.WaitVisible(chromedp.ID(`submit`)))
		var signedIn bool
		eval(rctx, "signed in?", `!!document.querySelector('.who-name')`, &signedIn)
		if signedIn {
			t.Errorf("rater %d's browser context is signed in as the owner", answered+1)
		}
		if answered == 0 {
			check(rctx, "rater-form")
		}
		var n int
		eval(rctx, "answer", sheet(2, 4, answered, answered+1), &n)
		if n != len(items) {
			t.Fatalf("rater %d checked %d answers, want %d", answered+1, n, len(items))
		}
		do(rctx, "comment", chromedp.SendKeys(chromedp.ID(`comment-leadership`), fmt.Sprintf("Comment %d", answered)))
		submit(rctx, "submit", `#submit`)
		var notice string
		eval(rctx, "thanks", `(document.querySelector('.notice') || {}).textContent || ''`, &notice)
		if !strings.Contains(notice, "Thank you") {
			t.Errorf("rater %d: after submitting, the notice reads %q", answered+1, notice)
		}
		rtimeout()
		rcancel()
		answered++
	}
	if answered != 4 {
		t.Fatalf("%d raters answered, want 4", answered)
	}

	// 4. The owner rates themselves, closes the campaign and releases it.
	for _, l := range links {
		if l.Group == "self" {
			do(ctx, "self form", chromedp.Navigate(l.URL), chromedp.WaitVisible(chromedp.ID(`submit`)))
			eval(ctx, "self answers", sheet(5, 2), nil)
			submit(ctx, "self submit", `#submit`)
		}
	}
	do(ctx, "campaign", chromedp.Navigate(base+campaignPath), chromedp.WaitVisible(chromedp.ID(`move`)))
	submit(ctx, "close", `#move`)
	if got := location(ctx); !strings.HasSuffix(got, "?moved=closed") {
		t.Fatalf("closing went to %s", got)
	}
	submit(ctx, "release", `#move`)
	if got := location(ctx); !strings.HasSuffix(got, "?moved=released") {
		t.Fatalf("releasing went to %s", got)
	}

	// 5. The subject sees the report and its gap chart.
	do(ctx, "report", chromedp.Navigate(base+campaignPath+"/report"), chromedp.WaitVisible(chromedp.CSS(`svg#gap-chart`)))
	var chart struct {
		W, H float64
		Bars []struct {
			Key, Fill string
			W, H      float64
		}
		Self       int
		Others     int
		BlindSpots []string
	}
	eval(ctx, "chart", `(() => {
	  const svg = document.querySelector('svg#gap-chart'), r = svg.getBoundingClientRect();
	  const bars = [...svg.querySelectorAll('rect.gap-bar')].map(b => { const x = b.getBoundingClientRect(); return {Key: b.dataset.key, Fill: b.getAttribute('fill'), W: x.width, H: x.height}; });
	  return {W: r.width, H: r.height, Bars: bars,
	    Self: svg.querySelectorAll('circle.gap-self').length, Others: svg.querySelectorAll('polygon.gap-others').length,
	    BlindSpots: [...document.querySelectorAll('li.flag-blind')].map(l => l.dataset.key)};
	})()`, &chart)
	if chart.W < 300 || chart.H < 300 {
		t.Errorf("the gap chart is drawn %.0f × %.0f", chart.W, chart.H)
	}
	if len(chart.Bars) != 14 || chart.Self != 14 || chart.Others != 14 {
		t.Errorf("%d gap bars, %d self and %d others markers; want 14 each (two scales and their six facets)", len(chart.Bars), chart.Self, chart.Others)
	}
	bars := map[string]struct {
		Fill string
		W, H float64
	}{}
	for _, b := range chart.Bars {
		bars[b.Key] = struct {
			Fill string
			W, H float64
		}{b.Fill, b.W, b.H}
		if b.W <= 0 || b.H <= 0 {
			t.Errorf("gap bar %s is drawn %.1f × %.1f", b.Key, b.W, b.H)
		}
	}
	// Self 100 against others 25 on management: a blind spot, drawn wide
	// and red; self 25 against others 75 on leadership: a hidden strength.
	if b := bars["management"]; b.Fill != "#a3261b" || b.W < chart.W/3 {
		t.Errorf("the management bar is %+v, want a wide blind-spot bar", b)
	}
	if b := bars["leadership.focus"]; b.Fill != "#1d6b3a" {
		t.Errorf("the leadership focus bar is %+v, want a hidden-strength bar", b)
	}
	if len(chart.BlindSpots) == 0 || chart.BlindSpots[0] != "management" {
		t.Errorf("blind spots listed: %v", chart.BlindSpots)
	}
	check(ctx, "report")
}
