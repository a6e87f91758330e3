// Package feedback builds the anonymity-safe 360-degree feedback report: the
// subject's self-view set against the view of their manager, peers, direct
// reports and others, facet by facet on both capabilities, with blind spots,
// hidden strengths, agreement and comments.
//
// Anonymity is the point of the package. An anonymous group with fewer raters
// than the threshold is left out of every number, list and comment of the
// report, so that no rater of such a group can change a single byte of it; the
// only exception is a merge of all the groups below the threshold that
// together reach it, shown as one group and never as its parts.
//
// The package is pure: it takes values and returns values.
package feedback

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

// Self is the group of the subject rating themselves.
const Self = "self"

// Manager is the identified group: it is shown whatever its size, and its
// raters are told so.
const Manager = "manager"

// Peer is an anonymous group of the subject's peers.
const Peer = "peer"

// DirectReport is an anonymous group of the people who report to the subject.
const DirectReport = "direct_report"

// Other is an anonymous group of anyone else who works with the subject.
const Other = "other"

// Combined is the report's key for the merge of the anonymous groups that are
// each below the threshold but together reach it.
const Combined = "combined"

// AllOthers is the report's key for everyone but the subject whose ratings are
// shown: the manager, the shown anonymous groups and the shown merged group.
const AllOthers = "all_others"

// MinThreshold is the lowest anonymity threshold allowed: with two raters in a
// group, each could work out the other's answers from the group mean.
const MinThreshold = 3

// DefaultThreshold is the anonymity threshold a campaign starts with.
const DefaultThreshold = 3

// DefaultCommentThreshold is the comment threshold a campaign starts with:
// free text gives more of its author away than a number does.
const DefaultCommentThreshold = 5

// maxFacetItems bounds the items of one facet so that exact sums fit an int64
// (lcm(1..22) < 2^32); an instrument holds at most 60 items in all.
const maxFacetItems = 22

// RaterGroups lists the groups a rating may belong to, in report order.
func RaterGroups() []string { return []string{Self, Manager, Peer, DirectReport, Other} }

// anonymousGroups are the groups subject to the threshold, in report order.
var anonymousGroups = []string{Peer, DirectReport, Other}

// Rating is one rater's submitted answers. Submitting at all makes a rater
// count towards their group's n, whatever they answered.
type Rating struct {
	// RaterID is opaque and never appears in the report; it must be unique so
	// that no rater is counted twice towards a threshold.
	RaterID string
	// Group is one of RaterGroups.
	Group string
	// Answers maps a capability item id to a rating 1-5; an absent item means
	// "don't know".
	Answers map[string]int
	// Comments maps a scale ("management" or "leadership") to free text.
	Comments map[string]string
}

// Input is everything a report is built from.
type Input struct {
	// CampaignID keys the pseudo-random, deterministic order of comments.
	CampaignID string
	// Threshold is the anonymity threshold, at least MinThreshold.
	Threshold int
	// CommentThreshold is at least Threshold; 0 means DefaultCommentThreshold
	// (or Threshold, if that is higher).
	CommentThreshold int
	// Ratings are the submitted ratings, in any order: the order changes
	// nothing in the report.
	Ratings []Rating
}

// Thresholds are the thresholds a report was built with.
type Thresholds struct {
	// Anonymity is the least n an anonymous aggregate is shown with.
	Anonymity int `json:"anonymity"`
	// Comments is the least n a group's comments are shown with.
	Comments int `json:"comments"`
}

// Group describes one group of raters in the report.
type Group struct {
	// N is the number of raters who submitted. It depends only on who
	// submitted, never on what they answered.
	N int `json:"n"`
	// Shown reports whether the group's ratings appear in the report.
	Shown bool `json:"shown"`
	// Anonymous reports whether the group is subject to the threshold.
	Anonymous bool `json:"anonymous"`
	// Merges lists the groups a shown merged group is made of.
	Merges []string `json:"merges,omitempty"`
	// MergedInto names the merged group a hidden group is shown within.
	MergedInto string `json:"merged_into,omitempty"`
}

// Cell holds the scores of one facet or scale by column ("self", "manager",
// each shown anonymous group, "combined", "all_others"), with each shown
// column's number of raters and, where two or more raters contribute, their
// spread. A column absent from Scores is hidden or has no ratings there.
type Cell struct {
	// Scores maps a column to its score, 0-100 to one decimal.
	Scores map[string]float64
	// N maps a column to the number of raters behind its score: on a facet,
	// those who rated at least one of its items.
	N map[string]int
	// Spread maps a column to the population standard deviation of its
	// raters' facet scores, to one decimal; scales have none.
	Spread map[string]float64
}

// Comment is one free-text comment, stripped of everything but its scale and
// its text.
type Comment struct {
	// Scale is "management" or "leadership".
	Scale string `json:"scale"`
	// Text is the comment with surrounding white space trimmed.
	Text string `json:"text"`
}

// Report is the 360 report of one campaign. Its JSON is a public contract and
// is deterministic: the same input, in any order, gives the same bytes.
type Report struct {
	// Campaign is the campaign id the comment order is keyed by.
	Campaign string `json:"campaign"`
	// Instrument is the id of the instrument the raters answered.
	Instrument string `json:"instrument"`
	// Dimensions are the facet keys in framework order.
	Dimensions []string `json:"dimensions"`
	// Thresholds are the thresholds the report was built with.
	Thresholds Thresholds `json:"thresholds"`
	// Groups holds every rater group, the merged group when it is shown, and
	// AllOthers.
	Groups map[string]Group `json:"groups"`
	// Facets maps scale → facet → scores, each 0-100 to one decimal.
	Facets map[string]map[string]Cell `json:"facets"`
	// Scales maps scale → scores: a column's scale score is the mean of its
	// facet scores, given only when it has all of them.
	Scales map[string]Cell `json:"scales"`
	// BlindSpots lists "<scale>" and "<scale>.<facet>" where the self score
	// exceeds the all-others score by more than a third of the range.
	BlindSpots []string `json:"blind_spots"`
	// HiddenStrengths lists them where the self score falls short of the
	// all-others score by more than a third of the range.
	HiddenStrengths []string `json:"hidden_strengths"`
	// Comments maps each group that meets the comment threshold to its
	// comments, in an order keyed by the campaign and the text alone.
	Comments map[string][]Comment `json:"comments"`
}

// rater is one validated rating.
type rater struct {
	group    string
	obs      profile.Observation
	comments [2]string
}

// Validate checks the input against the instrument the scorer was compiled
// for, reporting every problem under its field, such as
// "ratings[3].answers.m.focus.1", in one *fail.Error with code fail.Invalid.
func (in Input) Validate(sc *profile.Scorer) error {
	_, _, err := in.check(sc)
	return err
}

func (in Input) check(sc *profile.Scorer) ([]rater, Thresholds, error) {
	bad := map[string]string{}
	th := Thresholds{Anonymity: in.Threshold, Comments: in.CommentThreshold}
	if in.Threshold < MinThreshold {
		bad["threshold"] = fmt.Sprintf("%d is below the minimum of %d: smaller groups could work out each other's answers", in.Threshold, MinThreshold)
	}
	switch {
	case th.Comments == 0:
		th.Comments = max(DefaultCommentThreshold, in.Threshold)
	case th.Comments < in.Threshold:
		bad["comment_threshold"] = fmt.Sprintf("%d is below the anonymity threshold %d; want at least %d", th.Comments, in.Threshold, in.Threshold)
	}
	raters := make([]rater, len(in.Ratings))
	ids := map[string]int{}
	self := -1
	for i, r := range in.Ratings {
		at := fmt.Sprintf("ratings[%d]", i)
		raters[i].group = r.Group
		switch r.Group {
		case Self:
			if self >= 0 {
				bad[at+".group"] = fmt.Sprintf("a second self rating (the first is ratings[%d]); the subject rates themselves once", self)
			}
			self = i
		case Manager, Peer, DirectReport, Other:
		default:
			bad[at+".group"] = fmt.Sprintf("unknown group %q; want one of %s", r.Group, strings.Join(RaterGroups(), ", "))
		}
		if r.RaterID == "" {
			bad[at+".rater_id"] = "missing: every rating needs an opaque rater id, so that no rater counts twice towards a threshold"
		} else if j, dup := ids[r.RaterID]; dup {
			bad[at+".rater_id"] = fmt.Sprintf("the same rater as ratings[%d]: a rater counts once", j)
		} else {
			ids[r.RaterID] = i
		}
		obs, err := sc.Observe(r.Answers)
		if err != nil {
			fields := fail.FieldsOf(err)
			if len(fields) == 0 {
				bad[at+".answers"] = err.Error()
			}
			for id, msg := range fields {
				bad[at+".answers."+id] = msg
			}
		}
		raters[i].obs = obs
		for scale, text := range r.Comments {
			si := scaleIndex(scale)
			if si < 0 {
				bad[at+".comments."+scale] = fmt.Sprintf("unknown scale %q; want %s or %s", scale, framework.Management, framework.Leadership)
				continue
			}
			raters[i].comments[si] = strings.TrimSpace(text)
		}
	}
	if len(bad) > 0 {
		keys := slices.Sorted(maps.Keys(bad))
		msg := fmt.Sprintf("the 360 input has %d problem(s): %s", len(bad), strings.Join(keys[:min(len(keys), 8)], ", "))
		if len(keys) > 8 {
			msg += fmt.Sprintf(" and %d more", len(keys)-8)
		}
		return nil, th, &fail.Error{Code: fail.Invalid, Message: msg, Fields: bad}
	}
	return raters, th, nil
}

func scaleIndex(scale string) int {
	for i, k := range profile.ScaleKeys {
		if k == scale {
			return i
		}
	}
	return -1
}

// column is one shown set of raters: a group, the merged group or AllOthers.
type column struct {
	key       string
	anonymous bool
	members   []int // rater indexes
}

// Build validates the input and builds its report. Ratings of hidden groups
// are validated, then ignored.
func Build(sc *profile.Scorer, in Input) (*Report, error) {
	raters, th, err := in.check(sc)
	if err != nil {
		return nil, err
	}
	dims := sc.Dimensions()
	nd := len(dims)
	items := sc.FacetItems()
	var unit [2][]int64 // lcm(1..items), so every rater's keyed mean is a whole number of 1/unit
	for si := range items {
		unit[si] = make([]int64, nd)
		for fi, k := range items[si] {
			if k > maxFacetItems {
				return nil, fmt.Errorf("facet %s.%s has %d items, more than the %d a 360 report supports", profile.ScaleKeys[si], dims[fi], k, maxFacetItems)
			}
			unit[si][fi] = lcmUpTo(k)
		}
	}

	r := &Report{
		Campaign:        in.CampaignID,
		Instrument:      sc.Instrument().ID,
		Dimensions:      dims,
		Thresholds:      th,
		Groups:          map[string]Group{},
		Facets:          map[string]map[string]Cell{},
		Scales:          map[string]Cell{},
		BlindSpots:      []string{},
		HiddenStrengths: []string{},
		Comments:        map[string][]Comment{},
	}

	// Which groups are shown depends only on how many raters submitted.
	byGroup := map[string][]int{}
	for i, rt := range raters {
		byGroup[rt.group] = append(byGroup[rt.group], i)
	}
	var cols []column
	for _, g := range []string{Self, Manager} {
		n := len(byGroup[g])
		r.Groups[g] = Group{N: n, Shown: n > 0}
		if n > 0 {
			cols = append(cols, column{key: g, members: byGroup[g]})
		}
	}
	var below []string
	var belowMembers []int
	for _, g := range anonymousGroups {
		n := len(byGroup[g])
		r.Groups[g] = Group{N: n, Shown: n >= th.Anonymity, Anonymous: true}
		switch {
		case n >= th.Anonymity:
			cols = append(cols, column{key: g, anonymous: true, members: byGroup[g]})
		case n > 0:
			below = append(below, g)
			belowMembers = append(belowMembers, byGroup[g]...)
		}
	}
	if len(belowMembers) >= th.Anonymity {
		r.Groups[Combined] = Group{N: len(belowMembers), Shown: true, Anonymous: true, Merges: below}
		for _, g := range below {
			grp := r.Groups[g]
			grp.MergedInto = Combined
			r.Groups[g] = grp
		}
		cols = append(cols, column{key: Combined, anonymous: true, members: belowMembers})
	}
	others := 0
	for _, c := range cols {
		if c.key != Self {
			others += len(c.members)
		}
	}
	r.Groups[AllOthers] = Group{N: others, Shown: others > 0}

	// exact[si][column][fi] is a shown column's exact facet score, kept for the
	// scale scores and the blind spots so that rounding decides nothing.
	var exact [2]map[string][]*big.Rat
	var scaleExact [2]map[string]*big.Rat
	var contributors [2]map[string]map[int]bool
	for si, scale := range profile.ScaleKeys {
		exact[si] = map[string][]*big.Rat{}
		contributors[si] = map[string]map[int]bool{}
		r.Facets[scale] = map[string]Cell{}
		for fi, dim := range dims {
			cell := newCell()
			var all []int64
			var allMembers []int
			for _, c := range cols {
				vals, who := values(raters, c.members, si, fi, unit[si][fi])
				if len(vals) == 0 || c.anonymous && len(vals) < th.Anonymity {
					// Too few raters of an anonymous group rated this facet:
					// it is hidden here and left out of all-others too.
					continue
				}
				if c.key != Self {
					all = append(all, vals...)
					allMembers = append(allMembers, who...)
				}
				record(cell, exact[si], contributors[si], c.key, fi, nd, vals, who, unit[si][fi])
			}
			if len(all) > 0 {
				record(cell, exact[si], contributors[si], AllOthers, fi, nd, all, allMembers, unit[si][fi])
			}
			r.Facets[scale][dim] = cell
		}

		// A column's scale score is the mean of its facet scores, when it has
		// every one of them.
		cell := newCell()
		scaleExact[si] = map[string]*big.Rat{}
		for key, fs := range exact[si] {
			if slices.Contains(fs, nil) {
				continue
			}
			sum := new(big.Rat)
			for _, f := range fs {
				sum.Add(sum, f)
			}
			mean := sum.Quo(sum, big.NewRat(int64(nd), 1))
			scaleExact[si][key] = mean
			cell.Scores[key] = tenths(mean)
			cell.N[key] = len(contributors[si][key])
		}
		r.Scales[scale] = cell
	}

	// Blind spots and hidden strengths compare exact scores, so that a gap of
	// exactly a third of the range is never flagged because of rounding.
	third := big.NewRat(100, 3)
	for si, scale := range profile.ScaleKeys {
		gap := func(name string, self, others *big.Rat) {
			if self == nil || others == nil {
				return
			}
			d := new(big.Rat).Sub(self, others)
			switch {
			case d.Cmp(third) > 0:
				r.BlindSpots = append(r.BlindSpots, name)
			case new(big.Rat).Neg(d).Cmp(third) > 0:
				r.HiddenStrengths = append(r.HiddenStrengths, name)
			}
		}
		gap(scale, scaleExact[si][Self], scaleExact[si][AllOthers])
		for fi, dim := range dims {
			gap(scale+"."+dim, at(exact[si][Self], fi), at(exact[si][AllOthers], fi))
		}
	}

	for _, c := range cols {
		if len(c.members) < th.Comments {
			continue
		}
		r.Comments[c.key] = comments(in.CampaignID, raters, c.members)
	}
	return r, nil
}

// at returns xs[i], or nil when xs is nil.
func at(xs []*big.Rat, i int) *big.Rat {
	if xs == nil {
		return nil
	}
	return xs[i]
}

// lcmUpTo returns the least common multiple of 1..k (1 for k < 1).
func lcmUpTo(k int) int64 {
	l := int64(1)
	for i := int64(2); i <= int64(k); i++ {
		a, b := l, i
		for b != 0 {
			a, b = b, a%b
		}
		l = l / a * i
	}
	return l
}

// values returns the exact facet scores of the members who rated the facet,
// as whole numbers of 1/unit rating points above the scale minimum, with the
// raters they come from.
func values(raters []rater, members []int, si, fi int, unit int64) ([]int64, []int) {
	var vals []int64
	var who []int
	for _, i := range members {
		k := raters[i].obs.Rated[si][fi]
		if k == 0 {
			continue
		}
		s := int64(raters[i].obs.Sums[si][fi] - k*instrument.MinRating)
		vals = append(vals, s*(unit/int64(k)))
		who = append(who, i)
	}
	return vals, who
}

func newCell() Cell {
	return Cell{Scores: map[string]float64{}, N: map[string]int{}, Spread: map[string]float64{}}
}

// record puts one column's facet score, n and spread into cell, and keeps the
// exact score and the raters who contributed.
func record(cell Cell, exact map[string][]*big.Rat, contributors map[string]map[int]bool, key string, fi, nd int, vals []int64, who []int, unit int64) {
	const span = instrument.MaxRating - instrument.MinRating
	var sum int64
	for _, v := range vals {
		sum += v
	}
	n := int64(len(vals))
	// Percent is 100 × (keyed mean − minimum) / span, as in profile.Score.
	score := new(big.Rat).SetFrac(big.NewInt(100*sum), big.NewInt(n*unit*span))
	if exact[key] == nil {
		exact[key] = make([]*big.Rat, nd)
	}
	exact[key][fi] = score
	if contributors[key] == nil {
		contributors[key] = map[int]bool{}
	}
	for _, i := range who {
		contributors[key][i] = true
	}
	cell.Scores[key] = tenths(score)
	cell.N[key] = len(vals)
	if len(vals) >= 2 {
		// Sorted first, so that the floating-point sums do not depend on the
		// order of the ratings.
		sorted := slices.Sorted(slices.Values(vals))
		scale := 100 / float64(unit*span)
		mean := float64(sum) / float64(n) * scale
		var ss float64
		for _, v := range sorted {
			d := float64(v)*scale - mean
			ss += d * d
		}
		cell.Spread[key] = math.Round(math.Sqrt(ss/float64(n))*10) / 10
	}
}

// tenths rounds a non-negative exact score to one decimal, halves up.
func tenths(x *big.Rat) float64 {
	num := new(big.Int).Mul(x.Num(), big.NewInt(20))
	num.Add(num, x.Denom())
	den := new(big.Int).Mul(x.Denom(), big.NewInt(2))
	q := new(big.Int).Quo(num, den)
	return float64(q.Int64()) / 10
}

// comments collects the members' non-empty comments, ordered by scale and then
// by an HMAC of the text keyed by the campaign: pseudo-random, but the same
// for the same comments whoever wrote them and in whatever order they came.
func comments(campaign string, raters []rater, members []int) []Comment {
	type keyed struct {
		c   Comment
		si  int
		mac []byte
	}
	var ks []keyed
	for _, i := range members {
		for si, text := range raters[i].comments {
			if text == "" {
				continue
			}
			m := hmac.New(sha256.New, []byte(campaign))
			m.Write([]byte(profile.ScaleKeys[si]))
			m.Write([]byte{0})
			m.Write([]byte(text))
			ks = append(ks, keyed{Comment{Scale: profile.ScaleKeys[si], Text: text}, si, m.Sum(nil)})
		}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if a.si != b.si {
			return a.si - b.si
		}
		if c := strings.Compare(string(a.mac), string(b.mac)); c != 0 {
			return c
		}
		return strings.Compare(a.c.Text, b.c.Text)
	})
	out := make([]Comment, len(ks))
	for i, k := range ks {
		out[i] = k.c
	}
	return out
}

// OthersView returns the all-others scores in the shape of a profile (scales
// and facets indexed by profile.M and profile.L, facets in Dimensions order),
// for a development plan to use instead of the self-view; ok is false unless
// all-others has a score on every facet of both scales.
func (r *Report) OthersView() (scales [2]float64, facets [2][]float64, ok bool) {
	for si, scale := range profile.ScaleKeys {
		s, has := r.Scales[scale].Scores[AllOthers]
		if !has {
			return [2]float64{}, [2][]float64{}, false
		}
		scales[si] = s
		facets[si] = make([]float64, len(r.Dimensions))
		for fi, dim := range r.Dimensions {
			f, has := r.Facets[scale][dim].Scores[AllOthers]
			if !has {
				return [2]float64{}, [2][]float64{}, false
			}
			facets[si][fi] = f
		}
	}
	return scales, facets, true
}

// MarshalJSON writes a cell as its column scores side by side with "n" and
// "spread", keys sorted: {"all_others":70.8,"n":{...},"self":62.5,"spread":{...}}.
func (c Cell) MarshalJSON() ([]byte, error) {
	keys := slices.AppendSeq(make([]string, 0, len(c.Scores)+2), maps.Keys(c.Scores))
	keys = append(keys, "n", "spread")
	slices.Sort(keys)
	b := make([]byte, 0, 64*len(keys))
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, k)
		b = append(b, ':')
		switch k {
		case "n":
			b = appendObject(b, c.N, func(b []byte, v int) []byte { return strconv.AppendInt(b, int64(v), 10) })
		case "spread":
			b = appendObject(b, c.Spread, appendFloat)
		default:
			b = appendFloat(b, c.Scores[k])
		}
	}
	return append(b, '}'), nil
}

func appendObject[V any](b []byte, m map[string]V, value func([]byte, V) []byte) []byte {
	b = append(b, '{')
	for i, k := range slices.Sorted(maps.Keys(m)) {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, k)
		b = append(b, ':')
		b = value(b, m[k])
	}
	return append(b, '}')
}

// appendFloat writes a score as encoding/json would: scores lie in 0-100, far
// from the exponent notation it switches to.
func appendFloat(b []byte, v float64) []byte { return strconv.AppendFloat(b, v, 'f', -1, 64) }

// UnmarshalJSON reads a cell written by MarshalJSON.
func (c *Cell) UnmarshalJSON(data []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	*c = newCell()
	for k, raw := range m {
		var err error
		switch k {
		case "n":
			err = json.Unmarshal(raw, &c.N)
		case "spread":
			err = json.Unmarshal(raw, &c.Spread)
		default:
			var v float64
			err = json.Unmarshal(raw, &v)
			c.Scores[k] = v
		}
		if err != nil {
			return fmt.Errorf("cell %q: %w", k, err)
		}
	}
	return nil
}
