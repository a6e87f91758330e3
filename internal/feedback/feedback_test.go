package feedback_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/feedback"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ from the current output")

func TestMergeException(t *testing.T) {
	sc := newScorer(t)
	mgr := raters(feedback.Manager, 1, flat(sc, 5))
	tests := []struct {
		name      string
		threshold int
		ratings   []feedback.Rating
		want      map[string]feedback.Group
		columns   []string // columns with a score on every facet
		allOthers float64  // all-others facet score
	}{
		{
			name: "peer 2 + direct_report 1 at T=3: only the merge is shown", threshold: 3,
			ratings: concat(mgr, raters(feedback.Peer, 2, flat(sc, 1)), raters(feedback.DirectReport, 1, flat(sc, 3))),
			want: map[string]feedback.Group{
				feedback.Self:         {N: 0},
				feedback.Manager:      {N: 1, Shown: true},
				feedback.Peer:         {N: 2, Anonymous: true, MergedInto: feedback.Combined},
				feedback.DirectReport: {N: 1, Anonymous: true, MergedInto: feedback.Combined},
				feedback.Other:        {N: 0, Anonymous: true},
				feedback.Combined:     {N: 3, Shown: true, Anonymous: true, Merges: []string{feedback.Peer, feedback.DirectReport}},
				feedback.AllOthers:    {N: 4, Shown: true},
			},
			columns:   []string{feedback.AllOthers, feedback.Combined, feedback.Manager},
			allOthers: (100 + 0 + 0 + 50) / 4.0,
		},
		{
			name: "peer 2 + direct_report 0 at T=3: all hidden, all-others is the manager alone", threshold: 3,
			ratings: concat(mgr, raters(feedback.Peer, 2, flat(sc, 1))),
			want: map[string]feedback.Group{
				feedback.Self:         {N: 0},
				feedback.Manager:      {N: 1, Shown: true},
				feedback.Peer:         {N: 2, Anonymous: true},
				feedback.DirectReport: {N: 0, Anonymous: true},
				feedback.Other:        {N: 0, Anonymous: true},
				feedback.AllOthers:    {N: 1, Shown: true},
			},
			columns:   []string{feedback.AllOthers, feedback.Manager},
			allOthers: 100,
		},
		{
			name: "peer 4 + direct_report 2 at T=3: peers shown, the lone direct_report group hidden", threshold: 3,
			ratings: concat(mgr, raters(feedback.Peer, 4, flat(sc, 1)), raters(feedback.DirectReport, 2, flat(sc, 3))),
			want: map[string]feedback.Group{
				feedback.Self:         {N: 0},
				feedback.Manager:      {N: 1, Shown: true},
				feedback.Peer:         {N: 4, Shown: true, Anonymous: true},
				feedback.DirectReport: {N: 2, Anonymous: true},
				feedback.Other:        {N: 0, Anonymous: true},
				feedback.AllOthers:    {N: 5, Shown: true},
			},
			columns:   []string{feedback.AllOthers, feedback.Manager, feedback.Peer},
			allOthers: 100 / 5.0,
		},
		{
			name: "one rater in each anonymous group at T=3: merged", threshold: 3,
			ratings: concat(raters(feedback.Peer, 1, flat(sc, 2)), raters(feedback.DirectReport, 1, flat(sc, 3)), raters(feedback.Other, 1, flat(sc, 4))),
			want: map[string]feedback.Group{
				feedback.Self:         {N: 0},
				feedback.Manager:      {N: 0},
				feedback.Peer:         {N: 1, Anonymous: true, MergedInto: feedback.Combined},
				feedback.DirectReport: {N: 1, Anonymous: true, MergedInto: feedback.Combined},
				feedback.Other:        {N: 1, Anonymous: true, MergedInto: feedback.Combined},
				feedback.Combined:     {N: 3, Shown: true, Anonymous: true, Merges: []string{feedback.Peer, feedback.DirectReport, feedback.Other}},
				feedback.AllOthers:    {N: 3, Shown: true},
			},
			columns:   []string{feedback.AllOthers, feedback.Combined},
			allOthers: 50,
		},
		{
			name: "peer 2 + direct_report 2 at T=5: merge below the threshold hides both", threshold: 5,
			ratings: concat(raters(feedback.Peer, 2, flat(sc, 2)), raters(feedback.DirectReport, 2, flat(sc, 3))),
			want: map[string]feedback.Group{
				feedback.Self:         {N: 0},
				feedback.Manager:      {N: 0},
				feedback.Peer:         {N: 2, Anonymous: true},
				feedback.DirectReport: {N: 2, Anonymous: true},
				feedback.Other:        {N: 0, Anonymous: true},
				feedback.AllOthers:    {N: 0},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustBuild(t, sc, feedback.Input{CampaignID: "c", Threshold: tt.threshold, Ratings: tt.ratings})
			if diff := cmp.Diff(tt.want, r.Groups); diff != "" {
				t.Errorf("groups (-want +got):\n%s", diff)
			}
			for _, scale := range profile.ScaleKeys {
				for _, dim := range r.Dimensions {
					cell := r.Facets[scale][dim]
					got := slices.Sorted(maps.Keys(cell.Scores))
					if !slices.Equal(got, tt.columns) {
						t.Fatalf("%s.%s columns = %v, want %v", scale, dim, got, tt.columns)
					}
					if len(tt.columns) > 0 && cell.Scores[feedback.AllOthers] != tt.allOthers {
						t.Errorf("%s.%s all_others = %v, want %v", scale, dim, cell.Scores[feedback.AllOthers], tt.allOthers)
					}
				}
			}
		})
	}
}

func TestManagerShownAlone(t *testing.T) {
	sc := newScorer(t)
	r := mustBuild(t, sc, feedback.Input{CampaignID: "c", Threshold: 3, Ratings: concat(
		raters(feedback.Self, 1, flat(sc, 5)),
		raters(feedback.Manager, 1, flat(sc, 2)),
	)})
	if got, want := r.Groups[feedback.Manager], (feedback.Group{N: 1, Shown: true}); !cmp.Equal(got, want) {
		t.Errorf("manager group = %+v, want %+v", got, want)
	}
	cell := r.Facets["management"]["focus"]
	want := feedback.Cell{
		Scores: map[string]float64{feedback.Self: 100, feedback.Manager: 25, feedback.AllOthers: 25},
		N:      map[string]int{feedback.Self: 1, feedback.Manager: 1, feedback.AllOthers: 1},
		Spread: map[string]float64{},
	}
	if diff := cmp.Diff(want, cell); diff != "" {
		t.Errorf("management.focus (-want +got):\n%s", diff)
	}
	if got := r.Scales["leadership"].Scores[feedback.Manager]; got != 25 {
		t.Errorf("leadership manager scale = %v, want 25", got)
	}
	// Self 100 against others 25 is a gap of 75 everywhere.
	if len(r.BlindSpots) != 14 || r.BlindSpots[0] != "management" || r.BlindSpots[1] != "management.focus" {
		t.Errorf("blind spots = %v, want both scales and all 12 facets, scale first", r.BlindSpots)
	}
}

// boundary answers the items of one facet so that their keyed sum is
// 3 + above (each item 1-5 keyed) and every other item with keyed 3.
func boundary(sc *profile.Scorer, scale, facet string, above int) map[string]int {
	left := above
	return keyed(sc, func(it instrument.Item) int {
		if it.Scale != scale || it.Facet != facet {
			return 3
		}
		v := 1 + min(left, 4)
		left -= v - 1
		return v
	})
}

func TestBlindSpotBoundary(t *testing.T) {
	sc := newScorer(t)
	// With 3 items a facet scores 25 × (keyed sum − 3) / 3: a sum 8 above
	// the floor is 66.67 (shown 66.7), 4 above is 33.33 (shown 33.3), so
	// those two are exactly a third of the range apart even though the
	// rounded scores differ by 33.4.
	tests := []struct {
		name               string
		self               int
		others             []int
		blind, strength    bool
		wantSelf, wantOthr float64
	}{
		{name: "exactly a third above is not a blind spot", self: 8, others: []int{4, 4, 4}, wantSelf: 66.7, wantOthr: 33.3},
		{name: "exactly a third below is not a hidden strength", self: 4, others: []int{8, 8, 8}, wantSelf: 33.3, wantOthr: 66.7},
		{name: "more than a third above is a blind spot", self: 8, others: []int{4, 4, 4, 3}, blind: true, wantSelf: 66.7, wantOthr: 31.3},
		{name: "more than a third below is a hidden strength", self: 4, others: []int{8, 8, 8, 9}, strength: true, wantSelf: 33.3, wantOthr: 68.8},
		{name: "a small gap is neither", self: 6, others: []int{4, 4, 4}, wantSelf: 50, wantOthr: 33.3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ratings := []feedback.Rating{{RaterID: "s", Group: feedback.Self, Answers: boundary(sc, "leadership", "problem_solving", tt.self)}}
			for i, o := range tt.others {
				ratings = append(ratings, feedback.Rating{RaterID: string(rune('a' + i)), Group: feedback.Peer, Answers: boundary(sc, "leadership", "problem_solving", o)})
			}
			r := mustBuild(t, sc, feedback.Input{CampaignID: "c", Threshold: 3, Ratings: ratings})
			cell := r.Facets["leadership"]["problem_solving"]
			if cell.Scores[feedback.Self] != tt.wantSelf || cell.Scores[feedback.AllOthers] != tt.wantOthr {
				t.Errorf("self %v, all_others %v; want %v, %v", cell.Scores[feedback.Self], cell.Scores[feedback.AllOthers], tt.wantSelf, tt.wantOthr)
			}
			if got := slices.Contains(r.BlindSpots, "leadership.problem_solving"); got != tt.blind {
				t.Errorf("leadership.problem_solving in blind spots %v = %v, want %v", r.BlindSpots, got, tt.blind)
			}
			if got := slices.Contains(r.HiddenStrengths, "leadership.problem_solving"); got != tt.strength {
				t.Errorf("leadership.problem_solving in hidden strengths %v = %v, want %v", r.HiddenStrengths, got, tt.strength)
			}
			if len(r.BlindSpots)+len(r.HiddenStrengths) > 1 {
				t.Errorf("blind spots %v, hidden strengths %v: only leadership.problem_solving differs", r.BlindSpots, r.HiddenStrengths)
			}
		})
	}
}

func TestScaleBlindSpot(t *testing.T) {
	sc := newScorer(t)
	// Every management facet exactly a third apart: the scale is too, so
	// nothing is flagged; one facet further apart tips the scale over.
	mk := func(self map[string]int) *feedback.Report {
		return mustBuild(t, sc, feedback.Input{CampaignID: "c", Threshold: 3, Ratings: concat(
			[]feedback.Rating{{RaterID: "s", Group: feedback.Self, Answers: self}},
			raters(feedback.Peer, 3, keyed(sc, func(it instrument.Item) int {
				if it.Scale == "management" && !strings.HasSuffix(it.ID, ".3") {
					return 2
				}
				return 3
			})),
		)})
	}
	// Others: keyed 2,2,3 on every management facet (items .1-.3) = 33.33;
	// self: keyed 4,4,4 = 75 is 41.67 apart.
	r := mk(keyed(sc, func(it instrument.Item) int { return map[bool]int{true: 4, false: 3}[it.Scale == "management"] }))
	if !slices.Contains(r.BlindSpots, "management") {
		t.Errorf("blind spots = %v, want the management scale", r.BlindSpots)
	}
	// Self keyed 4,4,3 on every management facet = 66.67: exactly a third.
	r = mk(keyed(sc, func(it instrument.Item) int {
		if it.Scale == "management" && !strings.HasSuffix(it.ID, ".3") {
			return 4
		}
		return 3
	}))
	if len(r.BlindSpots) != 0 || len(r.HiddenStrengths) != 0 {
		t.Errorf("blind spots %v, hidden strengths %v; want none at exactly a third", r.BlindSpots, r.HiddenStrengths)
	}
	if got := r.Scales["management"]; got.Scores[feedback.Self] != 66.7 || got.Scores[feedback.AllOthers] != 33.3 {
		t.Errorf("management scale = %v", got.Scores)
	}
}

func TestComments(t *testing.T) {
	sc := newScorer(t)
	withComments := func(group string, n int, text func(i int) string) []feedback.Rating {
		rs := raters(group, n, flat(sc, 3))
		for i := range rs {
			rs[i].Comments = map[string]string{"leadership": text(i), "management": "  "}
		}
		return rs
	}
	numbered := func(group string) func(int) string {
		return func(i int) string { return group + " comment " + string(rune('A'+i)) }
	}
	tests := []struct {
		name      string
		threshold int
		comment   int
		ratings   []feedback.Rating
		want      map[string]int // group → number of comments
	}{
		{name: "4 peers below the comment threshold of 5", threshold: 3, comment: 5,
			ratings: withComments(feedback.Peer, 4, numbered("peer")), want: map[string]int{}},
		{name: "5 peers meet it; blank comments dropped", threshold: 3, comment: 5,
			ratings: withComments(feedback.Peer, 5, numbered("peer")), want: map[string]int{feedback.Peer: 5}},
		{name: "the default is 5", threshold: 3,
			ratings: withComments(feedback.Peer, 4, numbered("peer")), want: map[string]int{}},
		{name: "the default rises to the anonymity threshold", threshold: 6,
			ratings: withComments(feedback.Peer, 6, numbered("peer")), want: map[string]int{feedback.Peer: 6}},
		{name: "a lone manager's comment is withheld", threshold: 3, comment: 3,
			ratings: withComments(feedback.Manager, 1, numbered("manager")), want: map[string]int{}},
		{name: "a merged group meeting it shows its comments, hidden parts never", threshold: 3, comment: 3,
			ratings: concat(withComments(feedback.Peer, 2, numbered("peer")), withComments(feedback.Other, 1, numbered("other")), withComments(feedback.DirectReport, 3, numbered("dr"))),
			want:    map[string]int{feedback.Combined: 3, feedback.DirectReport: 3}},
		{name: "a group meeting it with no comments gets an empty list", threshold: 3, comment: 3,
			ratings: withComments(feedback.Peer, 3, func(int) string { return "" }), want: map[string]int{feedback.Peer: 0}},
		{name: "a hidden group's comments never appear", threshold: 3, comment: 3,
			ratings: concat(withComments(feedback.Peer, 2, numbered("peer")), withComments(feedback.DirectReport, 3, numbered("dr"))),
			want:    map[string]int{feedback.DirectReport: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustBuild(t, sc, feedback.Input{CampaignID: "c", Threshold: tt.threshold, CommentThreshold: tt.comment, Ratings: tt.ratings})
			got := map[string]int{}
			for g, cs := range r.Comments {
				got[g] = len(cs)
				for _, c := range cs {
					if c.Scale != "leadership" || strings.TrimSpace(c.Text) == "" {
						t.Errorf("%s: comment %+v; want only the non-blank leadership comments", g, c)
					}
					if g == feedback.Combined && strings.HasPrefix(c.Text, "dr") || g == feedback.DirectReport && !strings.HasPrefix(c.Text, "dr") {
						t.Errorf("%s: comment %q from another group", g, c.Text)
					}
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("comments per group (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCommentOrder(t *testing.T) {
	sc := newScorer(t)
	var ratings []feedback.Rating
	for i, text := range []string{"Sets direction.", "Listens well.", "Could delegate more.", "Calm in a crisis.", "Explains the why.", "Listens well."} {
		ratings = append(ratings, feedback.Rating{
			RaterID: "secret-rater-" + string(rune('a'+i)), Group: feedback.Peer, Answers: flat(sc, 3),
			Comments: map[string]string{"management": text, "leadership": "L " + text},
		})
	}
	build := func(campaign string, rs []feedback.Rating) []feedback.Comment {
		r := mustBuild(t, sc, feedback.Input{CampaignID: campaign, Threshold: 3, Ratings: rs})
		b := mustJSON(t, r)
		if bytes.Contains(b, []byte("secret-rater")) {
			t.Errorf("a rater id appears in the report: %s", b)
		}
		return r.Comments[feedback.Peer]
	}
	first := build("campaign-1", ratings)
	if len(first) != 12 {
		t.Fatalf("got %d comments, want 12 (duplicates kept): %v", len(first), first)
	}
	for i, c := range first {
		if want := map[bool]string{true: "management", false: "leadership"}[i < 6]; c.Scale != want {
			t.Errorf("comment %d is %s, want %s: management comments come first", i, c.Scale, want)
		}
	}
	reversed := slices.Clone(ratings)
	slices.Reverse(reversed)
	if diff := cmp.Diff(first, build("campaign-1", reversed)); diff != "" {
		t.Errorf("order depends on the order of the ratings (-first +reversed):\n%s", diff)
	}
	var texts []string
	for _, c := range first[:6] {
		texts = append(texts, c.Text)
	}
	if slices.IsSorted(texts) {
		t.Errorf("comments %v are in alphabetical order, want a pseudo-random one", texts)
	}
	if slices.Equal(first, build("campaign-2", ratings)) && slices.Equal(first, build("campaign-3", ratings)) {
		t.Errorf("three campaigns give the same comment order; the campaign should key it")
	}
}

func TestValidate(t *testing.T) {
	sc := newScorer(t)
	ok := flat(sc, 3)
	tendency := sc.Instrument().ItemsIn(instrument.Tendency)[0].ID
	tests := []struct {
		name string
		in   feedback.Input
		want []string // substrings of the error
	}{
		{name: "threshold below 3", in: feedback.Input{Threshold: 2}, want: []string{"threshold: 2 is below the minimum of 3"}},
		{name: "threshold unset", in: feedback.Input{}, want: []string{"threshold: 0 is below the minimum of 3"}},
		{name: "comment threshold below the threshold", in: feedback.Input{Threshold: 4, CommentThreshold: 3}, want: []string{"comment_threshold: 3 is below the anonymity threshold 4"}},
		{name: "unknown group", in: feedback.Input{Threshold: 3, Ratings: concat(raters(feedback.Peer, 2, ok), raters("boss", 1, ok))},
			want: []string{`ratings[2].group: unknown group "boss"`}},
		{name: "unknown item", in: feedback.Input{Threshold: 3, Ratings: []feedback.Rating{{RaterID: "a", Group: feedback.Peer, Answers: map[string]int{"x.nope.1": 3}}}},
			want: []string{"ratings[0].answers.x.nope.1: unknown item id"}},
		{name: "out of range", in: feedback.Input{Threshold: 3, Ratings: []feedback.Rating{{RaterID: "a", Group: feedback.Peer}, {RaterID: "b", Group: feedback.Peer, Answers: map[string]int{"m.focus.1": 6, "l.focus.1": 0}}}},
			want: []string{"ratings[1].answers.m.focus.1: 6 is out of range", "ratings[1].answers.l.focus.1: 0 is out of range"}},
		{name: "not a capability item", in: feedback.Input{Threshold: 3, Ratings: []feedback.Rating{{RaterID: "a", Group: feedback.Peer, Answers: map[string]int{tendency: 1}}}},
			want: []string{"ratings[0].answers." + tendency + ": not a capability item"}},
		{name: "a rater counted twice", in: feedback.Input{Threshold: 3, Ratings: []feedback.Rating{{RaterID: "a", Group: feedback.Peer}, {RaterID: "a", Group: feedback.Peer}}},
			want: []string{"ratings[1].rater_id: the same rater as ratings[0]"}},
		{name: "no rater id", in: feedback.Input{Threshold: 3, Ratings: []feedback.Rating{{Group: feedback.Peer}}},
			want: []string{"ratings[0].rater_id: missing"}},
		{name: "two self ratings", in: feedback.Input{Threshold: 3, Ratings: concat(raters(feedback.Self, 1, ok), []feedback.Rating{{RaterID: "x", Group: feedback.Self}})},
			want: []string{"ratings[1].group: a second self rating"}},
		{name: "unknown comment scale", in: feedback.Input{Threshold: 3, Ratings: []feedback.Rating{{RaterID: "a", Group: feedback.Peer, Comments: map[string]string{"vision": "x"}}}},
			want: []string{`ratings[0].comments.vision: unknown scale "vision"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.in.Validate(sc)
			if err == nil {
				t.Fatal("Validate accepted the input")
			}
			if fail.Code(err) != fail.Invalid {
				t.Errorf("code %q, want %q", fail.Code(err), fail.Invalid)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if _, berr := feedback.Build(sc, tt.in); berr == nil || berr.Error() != err.Error() {
				t.Errorf("Build error %v, want the Validate error", berr)
			}
		})
	}
	if err := (feedback.Input{Threshold: 3, Ratings: raters(feedback.Peer, 3, ok)}).Validate(sc); err != nil {
		t.Errorf("valid input rejected: %v", err)
	}
}

func TestSpreadAndPerFacetThreshold(t *testing.T) {
	sc := newScorer(t)
	// Four peers; one rates nothing on management.focus, so three remain
	// there (shown at T=3, hidden at T=4, when all-others drops them too).
	peers := concat(raters(feedback.Peer, 2, flat(sc, 1)), raters(feedback.Peer, 1, flat(sc, 5)))
	for i := range peers {
		peers[i].RaterID = string(rune('a' + i))
	}
	partial := flat(sc, 3)
	for _, it := range capability(sc) {
		if it.Scale == "management" && it.Facet == "focus" {
			delete(partial, it.ID)
		}
	}
	peers = append(peers, feedback.Rating{RaterID: "d", Group: feedback.Peer, Answers: partial})
	ratings := concat(peers, raters(feedback.Manager, 1, flat(sc, 4)))

	r := mustBuild(t, sc, feedback.Input{CampaignID: "c", Threshold: 3, Ratings: ratings})
	focus := r.Facets["management"]["focus"]
	want := feedback.Cell{
		Scores: map[string]float64{feedback.Peer: 33.3, feedback.Manager: 75, feedback.AllOthers: 43.8},
		N:      map[string]int{feedback.Peer: 3, feedback.Manager: 1, feedback.AllOthers: 4},
		// Population standard deviations: {0, 0, 100} and {0, 0, 100, 75}.
		Spread: map[string]float64{feedback.Peer: 47.1, feedback.AllOthers: 44.6},
	}
	if diff := cmp.Diff(want, focus); diff != "" {
		t.Errorf("management.focus at T=3 (-want +got):\n%s", diff)
	}
	if got := r.Scales["management"].N[feedback.Peer]; got != 4 {
		t.Errorf("management scale peer n = %d, want 4 distinct raters", got)
	}

	r = mustBuild(t, sc, feedback.Input{CampaignID: "c", Threshold: 4, Ratings: ratings})
	focus = r.Facets["management"]["focus"]
	want = feedback.Cell{
		Scores: map[string]float64{feedback.Manager: 75, feedback.AllOthers: 75},
		N:      map[string]int{feedback.Manager: 1, feedback.AllOthers: 1},
		Spread: map[string]float64{},
	}
	if diff := cmp.Diff(want, focus); diff != "" {
		t.Errorf("management.focus at T=4 (-want +got):\n%s", diff)
	}
	if _, ok := r.Scales["management"].Scores[feedback.Peer]; ok {
		t.Errorf("peers have a management scale score without a focus score")
	}
	if got := r.Facets["management"]["time_orientation"].N[feedback.Peer]; got != 4 {
		t.Errorf("management.time_orientation peer n = %d, want 4", got)
	}
}

func TestOthersView(t *testing.T) {
	sc := newScorer(t)
	if _, _, ok := mustBuild(t, sc, feedback.Input{CampaignID: "c", Threshold: 3, Ratings: raters(feedback.Self, 1, flat(sc, 3))}).OthersView(); ok {
		t.Errorf("OthersView ok with no others")
	}
	r := mustBuild(t, sc, feedback.Input{CampaignID: "c", Threshold: 3, Ratings: concat(
		raters(feedback.Self, 1, flat(sc, 3)), raters(feedback.Peer, 3, flat(sc, 4)), raters(feedback.Manager, 1, flat(sc, 2)),
	)})
	scales, facets, ok := r.OthersView()
	if !ok {
		t.Fatal("OthersView not ok with others on every facet")
	}
	want := (75*3 + 25) / 4.0
	if scales != [2]float64{want, want} || len(facets[profile.L]) != len(r.Dimensions) || facets[profile.M][0] != want {
		t.Errorf("OthersView = %v, %v; want %v everywhere", scales, facets, want)
	}
	// A facet nobody else rated leaves no complete others' view.
	partial := flat(sc, 4)
	for _, it := range capability(sc) {
		if it.Scale == "leadership" && it.Facet == "problem_solving" {
			delete(partial, it.ID)
		}
	}
	r = mustBuild(t, sc, feedback.Input{CampaignID: "c", Threshold: 3, Ratings: raters(feedback.Peer, 3, partial)})
	if _, _, ok := r.OthersView(); ok {
		t.Errorf("OthersView ok with leadership.problem_solving missing")
	}
}

// TestGolden pins the public JSON contract on one representative campaign.
func TestGolden(t *testing.T) {
	sc := newScorer(t)
	mixed := func(a, b int) map[string]int {
		return keyed(sc, func(it instrument.Item) int {
			if it.Scale == "management" {
				return a
			}
			return b
		})
	}
	ratings := concat(
		raters(feedback.Self, 1, mixed(5, 2)),
		raters(feedback.Manager, 1, mixed(4, 3)),
		raters(feedback.Peer, 3, mixed(3, 4)),
		raters(feedback.DirectReport, 2, mixed(2, 5)),
		raters(feedback.Other, 1, mixed(1, 5)),
	)
	for i := range ratings {
		ratings[i].Comments = map[string]string{"leadership": "Comment " + string(rune('A'+i))}
	}
	r := mustBuild(t, sc, feedback.Input{CampaignID: "golden", Threshold: 3, CommentThreshold: 3, Ratings: ratings})
	got, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "report.json")
	if *update {
		if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v; run go test ./internal/feedback -update to create it", err)
	}
	if diff := cmp.Diff(string(want), string(got)+"\n"); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s\nIf the change is intended, run go test ./internal/feedback -update and review the diff.", path, diff)
	}
	var back feedback.Report
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, &back); diff != "" {
		t.Errorf("the JSON does not round-trip (-built +decoded):\n%s", diff)
	}
}
