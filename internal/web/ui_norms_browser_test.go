package web

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/twohats/twohats/internal/assess"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

// TestInstrumentStatisticsInBrowser opens the admin statistics page of an
// organisation with a flagged item, and a profile report with its norms, in
// headless Chromium: axe-core finds no serious or critical violation, and
// nothing scrolls sideways at phone widths.
func TestInstrumentStatisticsInBrowser(t *testing.T) {
	e := newUIEnv(t)
	b := newBrowserPage(t, e.ts.URL)
	b.signUp("olu@example.com", "Olu Owner")
	m := mustMember(t, e, "olu@example.com")
	mustSimulatedPeople(t, e.st, e.cat, m.OrgID, "p", 34, 5, "m.focus.2")
	sc, err := e.cat.Scorer(instrument.Default)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 5))
	own, _, _, err := assess.Submit(context.Background(), e.st, sc, m.OrgID, m.PersonID, sc.Simulate(rng, profile.RandomTraits(rng)), "")
	if err != nil {
		t.Fatal(err)
	}

	b.do("instruments", chromedp.Navigate(b.base+"/admin/instruments"), chromedp.WaitVisible(chromedp.CSS(`main a[href="/admin/instruments/core@1"]`)))
	b.look("instruments")
	b.do("statistics", chromedp.Click(chromedp.CSS(`main a[href="/admin/instruments/core@1"]`)), chromedp.WaitVisible(chromedp.ID(`reliability`)))
	if got := b.text(`#stats-n`); got != "35" {
		t.Errorf("the page counts %q assessments, want 35", got)
	}
	var flagged int
	b.eval("flags", `document.querySelectorAll('tr[data-weak="true"] .badge').length`, &flagged)
	if flagged == 0 {
		t.Error("the randomly answered item is not flagged")
	}
	b.look("instrument-statistics")

	b.do("report", chromedp.Navigate(b.base+"/profiles/"+own.ID), chromedp.WaitVisible(chromedp.ID(`norms`)))
	if got := b.text(`#norms-org`); !strings.Contains(got, "(n=35)") {
		t.Errorf("the norms column: %q", got)
	}
	b.look("report-norms")
}
