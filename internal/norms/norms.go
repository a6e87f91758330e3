// Package norms is the one way twohats places a profile among others and
// analyses an organisation's stored answers, shared by the web app, the API
// and the CLI so that they agree. It reads the store and hands the numbers
// to the pure psychometrics package; it decides nothing itself.
//
// A profile has two norm groups for its instrument version: the people of
// its organisation (each one's latest assessment), and every stored
// assessment of the version in every organisation, of which the store
// gives only counts. A percentile within a group is shown once the group
// has psychometrics.MinNormGroup members.
package norms

import (
	"context"
	"math"

	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/psychometrics"
	"github.com/twohats/twohats/internal/store"
)

// MinGroup is the fewest members a norm group needs before percentiles
// within it are shown.
const MinGroup = psychometrics.MinNormGroup

// Groups are the two norm groups of one instrument version, as one
// organisation sees them.
type Groups struct {
	Instrument string
	// Organisation is the organisation's people, each with their latest
	// assessment of the instrument.
	Organisation *Group
	// All is every stored assessment of the instrument, in every
	// organisation.
	All *Group
}

// Group is one norm group: its size, its score distribution, and the
// norms that place a score within it.
type Group struct {
	// N is how many the group has: people for an organisation, assessments
	// for all of twohats.
	N int64
	// Scores is the distribution per scale and facet, as the store gave it.
	Scores map[string][]store.ScoreCount
	norms  *psychometrics.Norms
}

// Load reads both norm groups of the instrument for the organisation.
func Load(ctx context.Context, st store.Norms, orgID, instrument string) (*Groups, error) {
	org, err := st.OrgNormGroup(ctx, orgID, instrument)
	if err != nil {
		return nil, err
	}
	all, err := st.AllNormGroup(ctx, instrument)
	if err != nil {
		return nil, err
	}
	return &Groups{Instrument: instrument, Organisation: NewGroup(org), All: NewGroup(all)}, nil
}

// NewGroup makes a norm group of a distribution the store returned.
func NewGroup(g *store.NormGroup) *Group {
	tallies := make(map[string][]psychometrics.Tally, len(g.Scores))
	for key, counts := range g.Scores {
		t := make([]psychometrics.Tally, len(counts))
		for i, c := range counts {
			t[i] = psychometrics.Tally{Score: c.Score, Count: c.Count}
		}
		tallies[key] = t
	}
	return &Group{N: g.N, Scores: g.Scores, norms: psychometrics.NewNormsFromTallies(tallies)}
}

// Ready reports whether the group is large enough for percentiles.
func (g *Group) Ready() bool { return g.N >= MinGroup }

// Needed is how many more members the group needs before its percentiles
// are shown; 0 once it has enough.
func (g *Group) Needed() int64 { return max(0, MinGroup-g.N) }

// Percentile is the percentile rank of score on key ("management",
// "management.focus") within the group, and false when the group is too
// small for one.
func (g *Group) Percentile(key string, score float64) (float64, bool) {
	if !g.Ready() {
		return 0, false
	}
	return g.norms.Percentile(key, score)
}

// Entry is one scale or facet score of a profile.
type Entry struct {
	// Key is "management" for a scale, "management.focus" for a facet.
	Key string
	// Scale is the scale's key; Facet is the dimension's key, "" for a
	// whole scale.
	Scale, Facet string
	Score        float64
}

// Entries lists every scale score of the profile, then every facet score,
// scale by scale in the profile's dimension order: the keys norm groups
// are kept under.
func Entries(p *profile.Profile) []Entry {
	var out []Entry
	for si, scale := range profile.ScaleKeys {
		out = append(out, Entry{Key: scale, Scale: scale, Score: p.Scales[si]})
	}
	for si, scale := range profile.ScaleKeys {
		for fi, dim := range p.Dimensions {
			out = append(out, Entry{Key: scale + "." + dim, Scale: scale, Facet: dim, Score: p.Facets[si][fi]})
		}
	}
	return out
}

// Row is one scale or facet score of a profile, placed in both groups.
type Row struct {
	Entry
	// Organisation and All are the percentiles within each group, valid
	// when InOrganisation and InAll.
	Organisation, All     float64
	InOrganisation, InAll bool
}

// Rows places every score of the profile, in the order of Entries.
func (gs *Groups) Rows(p *profile.Profile) []Row {
	var rows []Row
	for _, e := range Entries(p) {
		r := Row{Entry: e}
		r.Organisation, r.InOrganisation = gs.Organisation.Percentile(e.Key, e.Score)
		r.All, r.InAll = gs.All.Percentile(e.Key, e.Score)
		rows = append(rows, r)
	}
	return rows
}

// Placement is where one profile's scores stand, a public contract shared
// by `twohats profile show --format json` and the API:
//
//	{"organisation":{"n":..,"scales":{"management":..},"facets":{"management.focus":..}},
//	 "all":{...}}
//
// A group too small for percentiles is null.
type Placement struct {
	Organisation *Standing `json:"organisation" doc:"Percentiles among the people of the caller's organisation (each one's latest assessment of the instrument); null while it has fewer than 30."`
	All          *Standing `json:"all" doc:"Percentiles among every stored assessment of the instrument, in every organisation; null while there are fewer than 30."`
}

// Standing is one profile's percentiles within one norm group.
type Standing struct {
	N      int64              `json:"n" doc:"How many the group has: people in an organisation, assessments among all of twohats."`
	Scales map[string]float64 `json:"scales" doc:"The percentile rank (0-100) of each scale score: the share of the group below it plus half of those equal to it."`
	Facets map[string]float64 `json:"facets" doc:"The percentile rank (0-100) of each facet score, by scale.dimension, such as management.focus."`
}

// Place returns the profile's placement in both groups.
func (gs *Groups) Place(p *profile.Profile) *Placement {
	rows := gs.Rows(p)
	standing := func(g *Group, in func(Row) (float64, bool)) *Standing {
		if !g.Ready() {
			return nil
		}
		s := &Standing{N: g.N, Scales: map[string]float64{}, Facets: map[string]float64{}}
		for _, r := range rows {
			pct, ok := in(r)
			switch {
			case !ok:
			case r.Facet == "":
				s.Scales[r.Key] = pct
			default:
				s.Facets[r.Key] = pct
			}
		}
		return s
	}
	return &Placement{
		Organisation: standing(gs.Organisation, func(r Row) (float64, bool) { return r.Organisation, r.InOrganisation }),
		All:          standing(gs.All, func(r Row) (float64, bool) { return r.All, r.InAll }),
	}
}

// Summary describes a group's scores on one scale or facet: how many, their
// mean and standard deviation, and the percentile rank of every distinct
// score, the table a report looks a score up in.
type Summary struct {
	N    int64   `json:"n" doc:"How many of the group have a score on it."`
	Mean float64 `json:"mean" doc:"The mean score."`
	SD   float64 `json:"sd" doc:"The standard deviation of the scores (n − 1 in the denominator); 0 for one score."`
	// Scores are ascending.
	Scores []Rank `json:"scores" doc:"Every distinct score of the group, ascending, with how many have it and its percentile rank."`
}

// Rank is one distinct score of a group with how many have it and the
// percentile rank a report gives it.
type Rank struct {
	Score      float64 `json:"score" doc:"A score, 0-100."`
	Count      int64   `json:"count" doc:"How many of the group have this score."`
	Percentile float64 `json:"percentile" doc:"The percentile rank a report gives this score."`
}

// Summarise describes the group's scores on key, and false when the group is
// too small for its distribution to be shown.
func (g *Group) Summarise(key string) (Summary, bool) {
	if !g.Ready() {
		return Summary{}, false
	}
	counts := g.Scores[key]
	var s Summary
	var sum float64
	for _, c := range counts {
		s.N += c.Count
		sum += c.Score * float64(c.Count)
	}
	if s.N < MinGroup {
		return Summary{}, false
	}
	s.Mean = sum / float64(s.N)
	var ss float64
	for _, c := range counts {
		d := c.Score - s.Mean
		ss += d * d * float64(c.Count)
	}
	if s.N > 1 {
		s.SD = math.Sqrt(ss / float64(s.N-1))
	}
	s.Scores = make([]Rank, 0, len(counts))
	for _, c := range counts {
		pct, _ := g.norms.Percentile(key, c.Score)
		s.Scores = append(s.Scores, Rank{Score: c.Score, Count: c.Count, Percentile: pct})
	}
	return s, true
}
