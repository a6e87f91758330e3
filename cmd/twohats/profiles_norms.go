package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/norms"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/report"
	"github.com/twohats/twohats/internal/store"
)

// shownProfile is the JSON of `twohats profile show --format json`: the
// profile document, every field unchanged, with its norms beside them.
type shownProfile struct {
	profile.Document
	Norms *norms.Placement `json:"norms"`
}

// writeProfile renders a stored profile as writeReport does and, in text
// and JSON, places its scores in their norm groups: the organisation's
// people and every stored assessment of the instrument.
func (e *env) writeProfile(ctx context.Context, db store.Store, me store.Local, o outputFlags, sc *profile.Scorer, p *profile.Profile) error {
	if o.format == "html" {
		return e.writeReport(o, sc, p)
	}
	gs, err := norms.Load(ctx, db, me.OrgID, p.Instrument)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if o.format == "json" {
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false) // as report.JSON
		if err := enc.Encode(shownProfile{Document: p.Document(), Norms: gs.Place(p)}); err != nil {
			return err
		}
		return e.emit(o.out, buf.Bytes())
	}
	if err := report.Text(&buf, p, report.TextOptions{Color: o.out == "" && e.colour()}); err != nil {
		return err
	}
	var section bytes.Buffer
	writeNormsText(&section, e.cat.Framework, gs, p)
	return e.emit(o.out, insertBeforeFooter(buf.Bytes(), section.Bytes()))
}

// ruleLine starts the rule that sets the text report's disclaimer apart.
const ruleLine = "────────"

// insertBeforeFooter puts section before the report's closing rule and
// disclaimer, or at its end if it has none.
func insertBeforeFooter(report, section []byte) []byte {
	i := bytes.LastIndex(report, []byte(ruleLine))
	if i < 0 {
		return append(report, section...)
	}
	i = bytes.LastIndexByte(report[:i], '\n') + 1 // the rule's line, colour codes and all
	out := append([]byte(nil), report[:i]...)
	out = append(out, section...)
	out = append(out, '\n')
	return append(out, report[i:]...)
}

// writeNormsText prints where each score stands in the norm groups large
// enough for percentiles, and how many more each other group needs, in the
// text report's layout: 80 columns, a heading and a rule.
func writeNormsText(w io.Writer, fw *framework.Framework, gs *norms.Groups, p *profile.Profile) {
	org, all := gs.Organisation, gs.All
	fmt.Fprintf(w, "WHERE YOUR SCORES STAND\n%s\n", strings.Repeat("─", 80))
	fmt.Fprintln(w, "  A percentile is the share of a group scoring lower, plus half of those")
	fmt.Fprintln(w, "  scoring the same: 50 is the middle of the group.")
	if org.Ready() {
		fmt.Fprintf(w, "  In your organisation (n=%d): its people, each with their latest assessment.\n", org.N)
	} else {
		fmt.Fprintf(w, "  In your organisation: %d so far; percentiles appear at %d, %d more needed.\n", org.N, norms.MinGroup, org.Needed())
	}
	if all.Ready() {
		fmt.Fprintf(w, "  Among all twohats users (n=%d): every stored assessment of %s.\n", all.N, gs.Instrument)
	} else {
		fmt.Fprintf(w, "  Among all twohats users: %d so far; percentiles appear at %d, %d more needed.\n", all.N, norms.MinGroup, all.Needed())
	}
	if !org.Ready() && !all.Ready() {
		return
	}
	fmt.Fprintf(w, "\n  %-32s%6s", "", "score")
	if org.Ready() {
		fmt.Fprintf(w, "%19s", "your organisation")
	}
	if all.Ready() {
		fmt.Fprintf(w, "%19s", "all twohats users")
	}
	fmt.Fprintln(w)
	for _, r := range gs.Rows(p) {
		fmt.Fprintf(w, "  %-32s%6s", entryName(fw, r.Entry), report.Num(r.Score))
		if org.Ready() {
			fmt.Fprintf(w, "%19s", percentileText(r.Organisation, r.InOrganisation))
		}
		if all.Ready() {
			fmt.Fprintf(w, "%19s", percentileText(r.All, r.InAll))
		}
		fmt.Fprintln(w)
	}
}

// entryName names a scale ("Management") or facet ("Management · Primary
// focus").
func entryName(fw *framework.Framework, e norms.Entry) string {
	name := e.Scale
	for _, s := range fw.Scales {
		if s.Key == e.Scale {
			name = s.Name
		}
	}
	if e.Facet == "" {
		return name
	}
	if d, ok := fw.Dimension(e.Facet); ok {
		return "  " + name + " · " + d.Name
	}
	return "  " + name + " · " + e.Facet
}

// percentileText formats a percentile to one decimal, or a dash.
func percentileText(p float64, ok bool) string {
	if !ok {
		return "—"
	}
	return report.Num(math.Round(p*10) / 10)
}
