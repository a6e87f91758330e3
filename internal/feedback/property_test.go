package feedback_test

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sort"
	"sync/atomic"
	"testing"

	"github.com/twohats/twohats/internal/feedback"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

// The must-show property test of the 360 report: for 10,000 random campaigns,
// (1) every anonymous aggregate shown has n ≥ threshold, (2) the whole report
// is byte-identical when any one rater of a hidden group changes answers and
// comments (each hidden rater in turn gets fresh random ones), and (3) every shown aggregate is the mean of exactly the raters of
// the shown groups, so nothing hidden can be differenced out.

const (
	propertyCampaigns = 10_000
	propertyShards    = 8
)

var commentPool = []string{"", "   ", "Sets clear priorities.", "Listens before deciding.", "Could delegate more.",
	"Calm in a crisis.", "Explains the why.", "Sets clear priorities."}

func randomAnswers(rng *rand.Rand, items []instrument.Item) map[string]int {
	missing := []float64{0, 0.1, 0.3, 0.7, 1}[rng.IntN(5)]
	a := map[string]int{}
	for _, it := range items {
		if rng.Float64() >= missing {
			a[it.ID] = 1 + rng.IntN(5)
		}
	}
	return a
}

func randomComments(rng *rand.Rand) map[string]string {
	c := map[string]string{}
	for _, scale := range profile.ScaleKeys {
		switch rng.IntN(3) {
		case 0:
		case 1:
			c[scale] = commentPool[rng.IntN(len(commentPool))]
		default:
			c[scale] = fmt.Sprintf("note %d", rng.IntN(1000))
		}
	}
	return c
}

func randomInput(rng *rand.Rand, items []instrument.Item, id int) feedback.Input {
	t := 3 + rng.IntN(3)
	in := feedback.Input{CampaignID: fmt.Sprintf("campaign-%d", id), Threshold: t, CommentThreshold: t + rng.IntN(4)}
	sizes := map[string]int{feedback.Self: rng.IntN(2)}
	for _, g := range []string{feedback.Manager, feedback.Peer, feedback.DirectReport, feedback.Other} {
		sizes[g] = rng.IntN(7)
	}
	for _, g := range feedback.RaterGroups() {
		for range sizes[g] {
			in.Ratings = append(in.Ratings, feedback.Rating{
				RaterID: fmt.Sprintf("rater-%d", len(in.Ratings)), Group: g,
				Answers: randomAnswers(rng, items), Comments: randomComments(rng),
			})
		}
	}
	rng.Shuffle(len(in.Ratings), func(i, j int) { in.Ratings[i], in.Ratings[j] = in.Ratings[j], in.Ratings[i] })
	return in
}

// shownColumns re-derives, independently of the package, which raters each
// shown column holds at the group level; hidden lists the raters of groups
// that are not shown at all.
func shownColumns(in feedback.Input) (cols map[string][]int, anonymous map[string]bool, hidden []int) {
	by := map[string][]int{}
	for i, r := range in.Ratings {
		by[r.Group] = append(by[r.Group], i)
	}
	cols, anonymous = map[string][]int{}, map[string]bool{}
	for _, g := range []string{feedback.Self, feedback.Manager} {
		if len(by[g]) > 0 {
			cols[g] = by[g]
		}
	}
	var below []int
	for _, g := range []string{feedback.Peer, feedback.DirectReport, feedback.Other} {
		if len(by[g]) >= in.Threshold {
			cols[g], anonymous[g] = by[g], true
		} else {
			below = append(below, by[g]...)
		}
	}
	if len(below) >= in.Threshold {
		cols[feedback.Combined], anonymous[feedback.Combined] = below, true
	} else {
		hidden = below
	}
	return cols, anonymous, hidden
}

type tally struct {
	campaigns, withHidden, perturbed, combined, suppressedFacets, aggregates, blind, hiddenStrength, commentGroups atomic.Int64
}

func TestPropertyAnonymity(t *testing.T) {
	sc := newScorer(t)
	items := capability(sc)
	var n tally
	t.Cleanup(func() {
		t.Logf("%d campaigns; %d with a hidden rater, every hidden rater perturbed in turn and compared byte for byte (%d perturbations); %d with a merged group shown; "+
			"%d aggregates checked against their raters; %d facet aggregates suppressed inside shown groups; %d blind spots, %d hidden strengths; %d comment lists",
			n.campaigns.Load(), n.withHidden.Load(), n.perturbed.Load(), n.combined.Load(), n.aggregates.Load(),
			n.suppressedFacets.Load(), n.blind.Load(), n.hiddenStrength.Load(), n.commentGroups.Load())
		if got := n.campaigns.Load(); got < propertyCampaigns {
			t.Errorf("checked %d campaigns, want at least %d", got, propertyCampaigns)
		}
	})
	for shard := range propertyShards {
		t.Run(fmt.Sprintf("shard%d", shard), func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(360, uint64(shard)))
			for i := range propertyCampaigns / propertyShards {
				id := shard*propertyCampaigns/propertyShards + i
				in := randomInput(rng, items, id)
				checkCampaign(t, sc, rng, items, in, &n)
				if t.Failed() {
					t.Fatalf("campaign %d failed; reproduce with seed (360, %d), campaign index %d", id, shard, i)
				}
			}
		})
	}
}

func checkCampaign(t *testing.T, sc *profile.Scorer, rng *rand.Rand, items []instrument.Item, in feedback.Input, n *tally) {
	t.Helper()
	n.campaigns.Add(1)
	r := mustBuild(t, sc, in)
	got := mustJSON(t, r)
	cols, anonymous, hidden := shownColumns(in)
	if _, ok := cols[feedback.Combined]; ok {
		n.combined.Add(1)
	}
	n.blind.Add(int64(len(r.BlindSpots)))
	n.hiddenStrength.Add(int64(len(r.HiddenStrengths)))
	T := in.Threshold
	facets := make([]map[string]float64, len(in.Ratings))
	for i, rt := range in.Ratings {
		facets[i] = raterFacets(items, rt.Answers)
	}

	// (1) Every anonymous aggregate shown has n ≥ threshold, in the groups,
	// facet by facet, scale by scale, in all-others' anonymous part and in
	// the comments.
	for g, grp := range r.Groups {
		if !grp.Shown {
			continue
		}
		if _, ok := cols[g]; !ok && g != feedback.AllOthers {
			t.Errorf("%s: group %q shown, but the rules hide it", in.CampaignID, g)
		}
		if grp.Anonymous && grp.N < T {
			t.Errorf("%s: anonymous group %q shown with n=%d < %d", in.CampaignID, g, grp.N, T)
		}
	}
	checkCell := func(where string, c feedback.Cell) {
		for key := range c.Scores {
			if anonymous[key] && c.N[key] < T {
				t.Errorf("%s %s: %q shown with n=%d < %d", in.CampaignID, where, key, c.N[key], T)
			}
			if _, ok := cols[key]; !ok && key != feedback.AllOthers {
				t.Errorf("%s %s: hidden column %q has a score", in.CampaignID, where, key)
			}
		}
		for key := range c.Spread {
			if _, ok := c.Scores[key]; !ok {
				t.Errorf("%s %s: spread of %q without a score", in.CampaignID, where, key)
			}
		}
		if _, ok := c.Scores[feedback.AllOthers]; ok {
			if anon := c.N[feedback.AllOthers] - c.N[feedback.Manager]; anon != 0 && anon < T {
				t.Errorf("%s %s: all-others holds %d anonymous raters, fewer than %d", in.CampaignID, where, anon, T)
			}
		}
	}
	for _, scale := range profile.ScaleKeys {
		checkCell(scale, r.Scales[scale])
		for _, dim := range r.Dimensions {
			checkCell(scale+"."+dim, r.Facets[scale][dim])
		}
	}
	for g := range r.Comments {
		n.commentGroups.Add(1)
		if !r.Groups[g].Shown || len(cols[g]) < in.CommentThreshold {
			t.Errorf("%s: comments of %q shown with n=%d, comment threshold %d", in.CampaignID, g, len(cols[g]), in.CommentThreshold)
		}
	}

	// (3) Differencing: every shown aggregate is the mean of exactly the
	// raters of the shown groups who rated the facet, and all-others is
	// exactly the union of the shown non-self aggregates.
	for _, scale := range profile.ScaleKeys {
		for _, dim := range r.Dimensions {
			cell := r.Facets[scale][dim]
			var all []float64
			for _, key := range slices.Sorted(maps.Keys(cols)) {
				var vals []float64
				for _, i := range cols[key] {
					if v, ok := facets[i][scale+"."+dim]; ok {
						vals = append(vals, v)
					}
				}
				score, shown := cell.Scores[key]
				if len(vals) == 0 || anonymous[key] && len(vals) < T {
					if shown {
						t.Errorf("%s %s.%s: %q shown from %d raters", in.CampaignID, scale, dim, key, len(vals))
					}
					if len(vals) > 0 {
						n.suppressedFacets.Add(1)
					}
					continue
				}
				n.aggregates.Add(1)
				if !shown || !near(score, mean(vals)) || cell.N[key] != len(vals) {
					t.Errorf("%s %s.%s: %q = %v (n=%d, shown %v), want the mean %.4f of exactly its %d raters",
						in.CampaignID, scale, dim, key, score, cell.N[key], shown, mean(vals), len(vals))
				}
				if key != feedback.Self {
					all = append(all, vals...)
				}
			}
			score, shown := cell.Scores[feedback.AllOthers]
			if shown != (len(all) > 0) || shown && (!near(score, mean(all)) || cell.N[feedback.AllOthers] != len(all)) {
				t.Errorf("%s %s.%s: all_others = %v (n=%d, shown %v), want the mean %.4f of exactly the %d shown raters",
					in.CampaignID, scale, dim, score, cell.N[feedback.AllOthers], shown, mean(all), len(all))
			}
		}
	}

	// Determinism: the input in another order gives the same bytes.
	shuffled := in
	shuffled.Ratings = slices.Clone(in.Ratings)
	rng.Shuffle(len(shuffled.Ratings), func(i, j int) {
		shuffled.Ratings[i], shuffled.Ratings[j] = shuffled.Ratings[j], shuffled.Ratings[i]
	})
	if again := mustJSON(t, mustBuild(t, sc, shuffled)); !bytes.Equal(got, again) {
		t.Errorf("%s: the report depends on the order of the ratings:\n%s\n%s", in.CampaignID, got, again)
	}

	// (2) A hidden rater changing answers and comments changes no byte.
	if len(hidden) == 0 {
		return
	}
	n.withHidden.Add(1)
	sort.Ints(hidden)
	for _, i := range hidden {
		changed := in
		changed.Ratings = slices.Clone(in.Ratings)
		changed.Ratings[i].Answers = randomAnswers(rng, items)
		changed.Ratings[i].Comments = randomComments(rng)
		n.perturbed.Add(1)
		if again := mustJSON(t, mustBuild(t, sc, changed)); !bytes.Equal(got, again) {
			t.Errorf("%s: changing hidden rater %d (%s) changed the report:\n%s\n%s", in.CampaignID, i, in.Ratings[i].Group, got, again)
		}
	}
}

func mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}
