package report

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/twohats/twohats/internal/feedback"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

// feedbackFixture builds a report in which the subject rates every item 5,
// a manager and three peers rate management low and leadership high, two
// direct reports (below the threshold) rate everything 1, and five others
// comment.
func feedbackFixture(t *testing.T) (*feedback.Report, *profile.Scorer) {
	t.Helper()
	fw, err := framework.Default()
	if err != nil {
		t.Fatal(err)
	}
	in, err := instrument.Load(fw, instrument.Default)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := profile.NewScorer(fw, in)
	if err != nil {
		t.Fatal(err)
	}
	rate := func(m, l int) map[string]int {
		a := map[string]int{}
		for _, it := range in.ItemsIn(instrument.Capability) {
			v := m
			if it.Scale == framework.Leadership {
				v = l
			}
			if it.Reverse {
				v = 6 - v
			}
			a[it.ID] = v
		}
		return a
	}
	var ratings []feedback.Rating
	add := func(group string, n int, a map[string]int, comment string) {
		for i := range n {
			r := feedback.Rating{RaterID: fmt.Sprintf("%s-%d", group, i), Group: group, Answers: a}
			if comment != "" {
				r.Comments = map[string]string{"leadership": fmt.Sprintf("%s %d", comment, i)}
			}
			ratings = append(ratings, r)
		}
	}
	add(feedback.Self, 1, rate(5, 3), "")
	add(feedback.Manager, 1, rate(2, 5), "")
	add(feedback.Peer, 3, rate(2, 5), "")
	add(feedback.DirectReport, 2, rate(1, 1), "secret of a direct report")
	add(feedback.Other, 5, rate(2, 5), "Inspires the team")
	r, err := feedback.Build(sc, feedback.Input{CampaignID: "c-1", Threshold: 3, Ratings: ratings})
	if err != nil {
		t.Fatal(err)
	}
	return r, sc
}

func TestFeedbackView(t *testing.T) {
	r, sc := feedbackFixture(t)
	scales, facets, ok := r.OthersView()
	if !ok {
		t.Fatal("no others' view")
	}
	focus, err := sc.FocusFor(scales, facets)
	if err != nil {
		t.Fatal(err)
	}
	v, err := Feedback(r, FeedbackOptions{Subject: "Dee", Development: focus.Development()})
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	for _, c := range v.Columns {
		cols = append(cols, c.Key)
	}
	if got := strings.Join(cols, ","); got != "self,manager,peer,other,all_others" {
		t.Errorf("columns %s; the direct reports (2 of 3) must not have one", got)
	}
	if len(v.BlindSpots) == 0 || v.BlindSpots[0].Key != "management" || v.BlindSpots[0].Name != "Management" {
		t.Errorf("blind spots %+v", v.BlindSpots)
	}
	if len(v.HiddenStrengths) == 0 || !strings.HasPrefix(v.HiddenStrengths[0].Key, "leadership") {
		t.Errorf("hidden strengths %+v", v.HiddenStrengths)
	}
	if v.DevelopmentSide != "Management" || !v.HasSelf {
		t.Errorf("development side %q, has self %v", v.DevelopmentSide, v.HasSelf)
	}
	for _, g := range v.Groups {
		if g.Key == feedback.DirectReport && (g.Shown || !strings.Contains(g.Note, "left out")) {
			t.Errorf("direct reports: %+v", g)
		}
	}
	if len(v.Comments) != 1 || v.Comments[0].Key != feedback.Other || len(v.Comments[0].Comments) != 5 {
		t.Errorf("comments %+v, want the five others' only", v.Comments)
	}
}

func TestGapSVG(t *testing.T) {
	r, _ := feedbackFixture(t)
	v, err := Feedback(r, FeedbackOptions{Subject: "Dee"})
	if err != nil {
		t.Fatal(err)
	}
	svg := html.UnescapeString(string(v.Chart))
	doc, err := html.Parse(strings.NewReader(svg))
	if err != nil {
		t.Fatal(err)
	}
	var bars, selfs, others, rows int
	var colours []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch class := attrOf(n, "class"); {
			case class == "gap-bar":
				bars++
				colours = append(colours, attrOf(n, "data-key")+"="+attrOf(n, "fill"))
			case class == "gap-self":
				selfs++
			case class == "gap-others":
				others++
			case strings.HasPrefix(class, "gap-row"):
				rows++
			}
			if attrOf(n, "style") != "" {
				t.Errorf("an inline style= in the chart: the app's CSP forbids it")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if rows != 14 || bars != 14 || selfs != 14 || others != 14 {
		t.Errorf("rows %d, bars %d, self markers %d, others markers %d; want 14 of each (2 scales × (1 + 6 facets))", rows, bars, selfs, others)
	}
	joined := strings.Join(colours, " ")
	if !strings.Contains(joined, "management="+colorBlind) || !strings.Contains(joined, "leadership="+colorHidden) {
		t.Errorf("bar colours %s: want management a blind spot and leadership a hidden strength", joined)
	}
	for _, want := range []string{`role="img"`, `aria-labelledby="gap-title gap-desc"`, "<title id=\"gap-title\">", "Management, self 100, all others 25, gap +75, blind spot"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the chart lacks %q", want)
		}
	}

	// Without a self-rating there is nothing to compare: markers for
	// others, no bars.
	var noSelf []feedback.Rating
	fixture, sc := feedbackFixture(t)
	_ = fixture
	for i := range 3 {
		noSelf = append(noSelf, feedback.Rating{RaterID: fmt.Sprint(i), Group: feedback.Peer, Answers: map[string]int{"m.focus.1": 3}})
	}
	r2, err := feedback.Build(sc, feedback.Input{CampaignID: "c-2", Threshold: 3, Ratings: noSelf})
	if err != nil {
		t.Fatal(err)
	}
	v2, _ := Feedback(r2, FeedbackOptions{})
	if n := strings.Count(string(v2.Chart), `class="gap-bar"`); n != 0 || v2.HasSelf {
		t.Errorf("%d gap bars without a self-rating", n)
	}
	if n := strings.Count(string(v2.Chart), `class="gap-others"`); n != 1 {
		t.Errorf("%d others markers, want 1 (one facet rated)", n)
	}
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func TestFeedbackTextAndHTML(t *testing.T) {
	r, _ := feedbackFixture(t)
	var text bytes.Buffer
	if err := FeedbackText(&text, r, FeedbackOptions{Subject: "Dee"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"360-degree feedback for Dee", "Direct reports    2  fewer than 3: left out", "Blind spots", "Hidden strengths", "Management · Primary focus", " blind\n", "Inspires the team", "Agreement among others"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("the text report lacks %q:\n%s", want, text.String())
		}
	}
	for i, line := range strings.Split(text.String(), "\n") {
		if n := len([]rune(line)); n > Width {
			t.Errorf("line %d is %d columns wide: %q", i+1, n, line)
		}
	}
	var page bytes.Buffer
	if err := FeedbackHTML(&page, r, FeedbackOptions{Subject: "Dee <script>"}); err != nil {
		t.Fatal(err)
	}
	out := page.String()
	for _, want := range []string{"<!DOCTYPE html>", `id="gap-chart"`, "Dee &lt;script&gt;", `data-group="direct_report" data-shown="false"`, "Inspires the team 4"} {
		if !strings.Contains(out, want) {
			t.Errorf("the HTML report lacks %q", want)
		}
	}
	for _, banned := range []string{"secret of a direct report", "<script>", `src="http`, `href="http`, "@import"} {
		if strings.Contains(out, banned) || strings.Contains(text.String(), banned) {
			t.Errorf("a report contains %q", banned)
		}
	}
	if !regexp.MustCompile(`<tr data-key="management"><th scope="row">Overall <span class="blind">blind spot</span>`).MatchString(out) {
		t.Error("the management row is not marked a blind spot")
	}
}
