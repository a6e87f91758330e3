package report

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/twohats/twohats/internal/browsertest"
	"github.com/twohats/twohats/internal/profile"
)

// pageFacts is what the browser test reads back from a rendered report.
type pageFacts struct {
	Radar, Grid struct{ W, H float64 }
	Polygons    []struct {
		Scale  string
		Points int
		Area   float64
	}
	Plot struct{ Left, Top, Right, Bottom float64 }
	You  struct{ X, Y float64 }
}

// factsJS measures the charts as the browser laid them out.
const factsJS = `(() => {
  const box = el => { const r = el.getBoundingClientRect(); return {W: r.width, H: r.height}; };
  const radar = document.querySelector('svg#radar'), grid = document.querySelector('svg#grid');
  if (!radar || !grid) return null;
  const polygons = [...radar.querySelectorAll('polygon[data-scale]')].map(p => {
    const pts = [...p.points];
    let s = 0;
    pts.forEach((a, i) => { const b = pts[(i + 1) % pts.length]; s += a.x * b.y - b.x * a.y; });
    return {Scale: p.dataset.scale, Points: pts.length, Area: Math.abs(s) / 2};
  });
  const plot = grid.querySelector('rect.plot').getBoundingClientRect();
  const you = grid.querySelector('circle#you').getBoundingClientRect();
  return {
    Radar: box(radar), Grid: box(grid), Polygons: polygons,
    Plot: {Left: plot.left, Top: plot.top, Right: plot.right, Bottom: plot.bottom},
    You: {X: you.left + you.width / 2, Y: you.top + you.height / 2},
  };
})()`

func TestReportInBrowser(t *testing.T) {
	ctx, cancel := browsertest.Context(t)
	defer cancel()
	// Start the browser on a context without a deadline (see chromedp.Run).
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	dir := t.TempDir()
	shots := os.Getenv("TWOHATS_SCREENSHOTS") // a directory, to look at the pages

	const highCut = 60
	areas := map[string]map[string]float64{}
	for _, f := range fixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			path := filepath.Join(dir, f.name+".html")
			out, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := HTML(out, f.p, HTMLOptions{HighCut: highCut}); err != nil {
				t.Fatal(err)
			}
			if err := out.Close(); err != nil {
				t.Fatal(err)
			}
			fileURL := (&url.URL{Scheme: "file", Path: path}).String()

			tab, closeTab := chromedp.NewContext(ctx)
			defer closeTab()
			var mu sync.Mutex
			var requests []string
			if err := chromedp.Listen(tab, func(ev any) {
				if e, ok := ev.(*network.EventRequestWillBeSent); ok {
					mu.Lock()
					requests = append(requests, e.Request.URL)
					mu.Unlock()
				}
			}); err != nil {
				t.Fatal(err)
			}
			tctx, stop := context.WithTimeout(tab, 30*time.Second)
			defer stop()
			if err := chromedp.Do(tctx, chromedp.Navigate(fileURL)); err != nil {
				t.Fatalf("opening %s: %v", fileURL, err)
			}
			facts, err := chromedp.Run(tctx, chromedp.Evaluate[*pageFacts](factsJS))
			if err != nil {
				t.Fatalf("measuring the page: %v", err)
			}
			if facts == nil {
				t.Fatal("the page has no svg#radar or no svg#grid")
			}
			if shots != "" {
				png, err := chromedp.Run(tctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(shots, "report-"+f.name+".png"), png, 0o644); err != nil {
					t.Fatal(err)
				}
			}

			if facts.Radar.W <= 0 || facts.Radar.H <= 0 || facts.Grid.W <= 0 || facts.Grid.H <= 0 {
				t.Errorf("chart sizes: radar %v, grid %v; want both non-zero", facts.Radar, facts.Grid)
			}
			if len(facts.Polygons) != 2 {
				t.Fatalf("radar has %d polygons with data-scale, want 2", len(facts.Polygons))
			}
			areas[f.name] = map[string]float64{}
			for _, p := range facts.Polygons {
				if p.Points != 6 {
					t.Errorf("radar %s polygon has %d points, want 6", p.Scale, p.Points)
				}
				areas[f.name][p.Scale] = p.Area
			}
			if !slices.Equal([]string{facts.Polygons[0].Scale, facts.Polygons[1].Scale}, []string{"management", "leadership"}) {
				t.Errorf("radar polygons are %q and %q, want management and leadership", facts.Polygons[0].Scale, facts.Polygons[1].Scale)
			}

			// Where the dot is, as scores read off the plot.
			// A score of 0 or 100 puts the dot on the edge; allow for rounding.
			const slack = 1
			pl, y := facts.Plot, facts.You
			if y.X < pl.Left-slack || y.X > pl.Right+slack || y.Y < pl.Top-slack || y.Y > pl.Bottom+slack {
				t.Fatalf("circle#you at (%.1f, %.1f) lies outside the plot %+v", y.X, y.Y, pl)
			}
			m := (y.X - pl.Left) / (pl.Right - pl.Left) * 100
			l := (pl.Bottom - y.Y) / (pl.Bottom - pl.Top) * 100
			quadrant := map[[2]bool]string{
				{true, true}: profile.Balanced, {true, false}: profile.ManagerLeaning,
				{false, true}: profile.LeaderLeaning, {false, false}: profile.Emerging,
			}[[2]bool{m >= highCut, l >= highCut}]
			want := map[string]string{"manager": profile.ManagerLeaning, "leader": profile.LeaderLeaning, "balanced": profile.Balanced}[f.name]
			if quadrant != want {
				t.Errorf("circle#you reads as management %.1f, leadership %.1f: the %s quadrant, want %s", m, l, quadrant, want)
			}

			mu.Lock()
			defer mu.Unlock()
			for _, r := range requests {
				if r != fileURL {
					t.Errorf("the page requested %s; it may load nothing but itself", r)
				}
			}
			if !slices.Contains(requests, fileURL) {
				t.Errorf("saw no request for the page itself (%s) among %q, so the request listener is not working", fileURL, requests)
			}
		})
	}
	if a := areas["manager"]; a != nil && a["management"] <= a["leadership"] {
		t.Errorf("manager: management polygon area %.0f is not larger than leadership %.0f", a["management"], a["leadership"])
	}
	if a := areas["leader"]; a != nil && a["leadership"] <= a["management"] {
		t.Errorf("leader: leadership polygon area %.0f is not larger than management %.0f", a["leadership"], a["management"])
	}
	if m, l := areas["manager"], areas["leader"]; m != nil && l != nil {
		if m["management"] <= l["management"] || l["leadership"] <= m["leadership"] {
			t.Errorf("polygon areas do not move with the profile: manager %v, leader %v", m, l)
		}
	}
}
