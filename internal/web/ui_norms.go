package web

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strings"

	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/norms"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/psychometrics"
)

// weakRDrop is the corrected item-total correlation below which an item is
// flagged: it hardly measures what the rest of its scale or facet does.
const weakRDrop = 0.2

// normsView is the "where your scores stand" section of a profile report.
type normsView struct {
	Instrument string
	Self       bool
	Min        int64
	Org, All   normGroupView
	Rows       []normRow
}

// normGroupView is one norm group's size and whether its percentiles show.
type normGroupView struct {
	N, Needed int64
	Ready     bool
}

// normRow is one scale or facet score with its percentiles, formatted.
type normRow struct {
	Name, Scale string
	Facet       bool
	Score       float64
	Org, All    string
}

// reportNorms places a profile of the organisation in its norm groups.
func (u *ui) reportNorms(ctx context.Context, orgID string, p *profile.Profile, self bool) (*normsView, error) {
	gs, err := u.s.normGroups(ctx, orgID, p.Instrument)
	if err != nil {
		return nil, err
	}
	v := &normsView{Instrument: p.Instrument, Self: self, Min: norms.MinGroup,
		Org: groupView(gs.Organisation), All: groupView(gs.All)}
	fw := u.s.cfg.Catalog.Framework
	for _, r := range gs.Rows(p) {
		row := normRow{Name: groupName(fw, r.Key), Scale: r.Scale, Facet: r.Facet != "", Score: r.Score, Org: "—", All: "—"}
		if r.InOrganisation {
			row.Org = percentile(r.Organisation)
		}
		if r.InAll {
			row.All = percentile(r.All)
		}
		v.Rows = append(v.Rows, row)
	}
	return v, nil
}

func groupView(g *norms.Group) normGroupView {
	return normGroupView{N: g.N, Needed: g.Needed(), Ready: g.Ready()}
}

// percentile formats a percentile rank to one decimal, as scores are.
func percentile(p float64) string { return num(math.Round(p*10) / 10) }

// groupName names a scale ("Management") or facet ("Management · Primary
// focus") for people.
func groupName(fw *framework.Framework, key string) string {
	scale, facet, _ := cutKey(key)
	name := scale
	for _, s := range fw.Scales {
		if s.Key == scale {
			name = s.Name
		}
	}
	if facet == "" {
		return name
	}
	if d, ok := fw.Dimension(facet); ok {
		return name + " · " + d.Name
	}
	return name + " · " + facet
}

// cutKey splits "management.focus" into its scale and facet.
func cutKey(key string) (scale, facet string, isFacet bool) {
	return strings.Cut(key, ".")
}

// instrumentsView lists the instrument versions with statistics pages.
type instrumentsView struct {
	IDs []string
}

func (u *ui) handleInstruments() http.Handler {
	return u.orgAdmin(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.render(w, r, http.StatusOK, "instruments", &view{Title: "Instrument statistics", Nav: "org",
			Data: &instrumentsView{IDs: u.s.cfg.Catalog.IDs()}})
	}))
}

// statsView is the admin page of one instrument version's statistics.
type statsView struct {
	Instrument string
	OrgName    string
	N          int64
	Min        int64
	Org, All   normGroupView
	Scales     []statsGroup
	Facets     []statsGroup
	WeakRDrop  string
	// Weak counts the flagged items of all groups.
	Weak int
}

// statsGroup is the reliability of one scale or facet, formatted.
type statsGroup struct {
	// ID is the group's anchor on the page; Scale its scale's key.
	ID, Name, Scale               string
	Facet                         bool
	Items                         int
	N                             int64
	Alpha, StdAlpha, G6, AverageR string
	Rows                          []statsItem
	// Dropped are the items psych leaves out: their answers do not vary.
	Dropped []string
	// Weak counts the items flagged for a low r.drop.
	Weak int
}

// statsItem is one item's statistics within a group, formatted.
type statsItem struct {
	ID, Text            string
	Reverse, Weak       bool
	N                   int64
	Mean, SD            string
	RDrop, AlphaDeleted string
}

func (u *ui) handleInstrumentStats() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p, _ := principalFrom(ctx)
		in, err := u.s.adminInstrument(p, r.PathValue("id"))
		if err != nil {
			u.fail(w, r, err)
			return
		}
		org := p.Membership.OrgID
		rep, err := u.s.instrumentStatistics(ctx, org, in)
		if err != nil {
			u.fail(w, r, err)
			return
		}
		gs, err := u.s.normGroups(ctx, org, in.ID)
		if err != nil {
			u.fail(w, r, err)
			return
		}
		v := buildStats(u.s.cfg.Catalog.Framework, in, rep)
		v.OrgName = p.Membership.OrgName
		v.Org, v.All = groupView(gs.Organisation), groupView(gs.All)
		u.render(w, r, http.StatusOK, "stats", &view{Title: "Statistics of " + in.ID, Nav: "org", Data: v})
	})
}

// buildStats formats a psychometrics report for the page.
func buildStats(fw *framework.Framework, in *instrument.Instrument, rep *psychometrics.Report) *statsView {
	text := map[string]string{}
	for _, it := range in.Items {
		text[it.ID] = it.Text
	}
	v := &statsView{Instrument: in.ID, N: rep.N, Min: norms.MinGroup, WeakRDrop: fmt.Sprintf("%.1f", weakRDrop)}
	for _, g := range rep.Groups {
		scale, _, _ := cutKey(g.Name)
		sg := statsGroup{
			ID: "group-" + g.Name, Name: groupName(fw, g.Name), Facet: g.Kind == psychometrics.KindFacet, Scale: scale,
			Items: len(g.Items), N: g.N, Dropped: g.Dropped,
			Alpha: f3(g.Alpha), StdAlpha: f3(g.StdAlpha), G6: f3(g.G6), AverageR: f3(g.AverageR),
		}
		for _, it := range g.Items {
			weak := it.RDrop < weakRDrop // false for NaN
			if weak {
				sg.Weak++
			}
			sg.Rows = append(sg.Rows, statsItem{
				ID: it.ID, Text: text[it.ID], Reverse: it.Reverse, Weak: weak, N: it.N,
				Mean: f3(it.Mean), SD: f3(it.SD), RDrop: f3(it.RDrop), AlphaDeleted: f3(it.AlphaIfDeleted),
			})
		}
		v.Weak += sg.Weak
		if sg.Facet {
			v.Facets = append(v.Facets, sg)
		} else {
			v.Scales = append(v.Scales, sg)
		}
	}
	return v
}

// f3 formats a statistic to 3 decimals, as `twohats psychometrics` prints
// it, or a dash when the data leave it undefined.
func f3(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	return fmt.Sprintf("%.3f", v)
}
