package teams

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/profile"
)

// MentorOptions tunes peer-mentor suggestions; a zero field takes its default.
type MentorOptions struct {
	// Facets is how many of the person's weakest facets to find mentors for
	// (default 2, as a profile's development focus has).
	Facets int
	// PerFacet is the most mentors suggested for one facet (default 3).
	PerFacet int
	// MinScore is the least facet score, 0-100, of a mentor (default 70).
	MinScore float64
	// MinLead is how far, in points, a mentor's facet score must exceed the
	// person's (default 20).
	MinLead float64
}

// Suggestion is the peer mentors for one of a person's weak facets. It holds
// no number on purpose: whom to ask and about what, never anyone's score.
type Suggestion struct {
	// Scale is the person's weaker side, "management" or "leadership".
	Scale string `json:"scale"`
	// Facet is the facet key the mentors can help with.
	Facet string `json:"facet"`
	// Mentors are the ids of the people suggested, possibly none.
	Mentors []string `json:"mentors"`
}

// Mentors suggests peer mentors for the source's "study how colleagues who
// excel in your weaker area approach similar challenges": for each of the
// person's weakest facets on their weaker side, weakest first, the people who
// opted in and are strong where the person is weak. The order of mentors is a
// hash of the person, the facet and the mentor: it spreads requests across
// mentors, is the same every time, and says nothing about who scores higher.
// Opting in discloses only that a mentor clears the bar on that facet.
func Mentors(org *Org, personID string, opts MentorOptions) ([]Suggestion, error) {
	bad := map[string]string{}
	opts.Facets = cmp.Or(opts.Facets, 2)
	opts.PerFacet = cmp.Or(opts.PerFacet, 3)
	opts.MinScore = cmp.Or(opts.MinScore, 70)
	opts.MinLead = cmp.Or(opts.MinLead, 20)
	if opts.Facets < 0 || opts.Facets > len(org.Dimensions) {
		bad["facets"] = fmt.Sprintf("%d facets; want 1 to %d", opts.Facets, len(org.Dimensions))
	}
	if opts.PerFacet < 0 {
		bad["per_facet"] = fmt.Sprintf("%d mentors per facet; want at least 1", opts.PerFacet)
	}
	if !(opts.MinScore >= 0 && opts.MinScore <= 100) {
		bad["min_score"] = fmt.Sprintf("%v is not a score 0-100", opts.MinScore)
	}
	if !(opts.MinLead >= 0 && opts.MinLead <= 100) {
		bad["min_lead"] = fmt.Sprintf("%v is not a lead of 0-100 points", opts.MinLead)
	}
	if err := problems("mentor request", bad); err != nil {
		return nil, err
	}
	ix, err := newIndex(org)
	if err != nil {
		return nil, err
	}
	me, ok := ix.byID[personID]
	if !ok {
		if slices.ContainsFunc(org.People, func(p Person) bool { return p.ID == personID }) {
			return nil, fail.Errorf(fail.Conflict, "person %q has no scores yet: mentors are suggested from a person's latest scores", personID)
		}
		return nil, fail.Errorf(fail.NotFound, "person %q is not a person of the organisation", personID)
	}
	p := &ix.people[me]
	// The weaker side as a profile's focus has it; a tie goes to leadership,
	// which the source sees promoted people lack most often.
	side := profile.L
	if p.scales[profile.M] < p.scales[profile.L] {
		side = profile.M
	}
	order := make([]int, len(ix.dims))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(p.facets[side][a], p.facets[side][b]) })
	minScore, minLead := int64(math.Round(opts.MinScore*10)), int64(math.Round(opts.MinLead*10))

	out := []Suggestion{}
	for _, fi := range order[:opts.Facets] {
		s := Suggestion{Scale: profile.ScaleKeys[side], Facet: ix.dims[fi], Mentors: []string{}}
		type ranked struct {
			id  string
			key [sha256.Size]byte
		}
		var rs []ranked
		for i := range ix.people {
			c := &ix.people[i]
			if i == me || !c.mentor {
				continue
			}
			if v := c.facets[side][fi]; v >= minScore && v-p.facets[side][fi] >= minLead {
				rs = append(rs, ranked{c.id, sha256.Sum256([]byte(strings.Join([]string{p.id, s.Scale, s.Facet, c.id}, "\x00")))})
			}
		}
		slices.SortFunc(rs, func(a, b ranked) int { return cmp.Or(bytes.Compare(a.key[:], b.key[:]), strings.Compare(a.id, b.id)) })
		for _, r := range rs[:min(len(rs), opts.PerFacet)] {
			s.Mentors = append(s.Mentors, r.id)
		}
		out = append(out, s)
	}
	return out, nil
}
