package report

import (
	"bufio"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"

	"github.com/twohats/twohats/internal/feedback"
	"github.com/twohats/twohats/internal/profile"
)

// FeedbackOptions is what a 360 report shows beyond feedback.Report itself.
type FeedbackOptions struct {
	// Subject is the name of the person the report is about.
	Subject string
	// Development is the focus from the others' view, as
	// profile.Focus.Development gives it; empty for none.
	Development []profile.DevelopmentDoc
	// Color turns on ANSI colour in the text report.
	Color bool
}

// FeedbackView is the 360 report made ready to read: every renderer, the
// web page included, works from it, so they all say the same things.
type FeedbackView struct {
	Campaign   string
	Subject    string
	Thresholds feedback.Thresholds
	// Columns are the shown columns of the score tables, in report order.
	Columns []FeedbackColumn
	// Scales holds, per scale, its overall row and one row per facet.
	Scales []FeedbackScale
	// Groups describes every rater group: its size and whether it is shown.
	Groups          []FeedbackGroup
	BlindSpots      []FeedbackFlag
	HiddenStrengths []FeedbackFlag
	// Comments are the comments of each group that meets the comment
	// threshold.
	Comments        []FeedbackComments
	Development     []profile.DevelopmentDoc
	DevelopmentSide string
	// HasSelf says whether the subject rated themselves, so that there are
	// gaps to draw.
	HasSelf bool
	// Chart is the self-versus-others gap chart.
	Chart template.HTML
}

// FeedbackColumn is one shown column of the score tables.
type FeedbackColumn struct {
	Key, Name string
	N         int
}

// FeedbackScale is one scale's rows.
type FeedbackScale struct {
	Key, Name string
	Total     FeedbackRow
	Facets    []FeedbackRow
	// Rows is Total followed by Facets.
	Rows []FeedbackRow
}

// FeedbackRow is the scores of one facet, or of a whole scale, by column.
type FeedbackRow struct {
	// Key is "<scale>.<facet>", or "<scale>" for a scale's row.
	Key, Name string
	// Cells line up with FeedbackView.Columns.
	Cells []FeedbackCell
	// Self and Others are the self and all-others scores, when Has them.
	Self, Others       float64
	HasSelf, HasOthers bool
	// Gap is Self − Others, and GapText the same with its sign, or ""
	// when there is no gap to give.
	Gap     float64
	GapText string
	// Flag is "blind_spot", "hidden_strength" or "".
	Flag string
	// Spread is all-others' spread, when HasSpread: how far the raters
	// disagree, in points of the 0-100 score.
	Spread    float64
	HasSpread bool
	// Agreement puts Spread in words.
	Agreement string
}

// FeedbackCell is one column's score on a row.
type FeedbackCell struct {
	Has       bool
	Score     float64
	N         int
	Spread    float64
	HasSpread bool
}

// FeedbackGroup is one rater group's line in the report.
type FeedbackGroup struct {
	Key, Name string
	N         int
	Shown     bool
	// Note says in words what happened to the group.
	Note string
}

// FeedbackFlag is one blind spot or hidden strength.
type FeedbackFlag struct {
	Key, Name string
}

// FeedbackComments are one group's comments, in the report's order.
type FeedbackComments struct {
	Key, Name string
	Comments  []feedback.Comment
}

// columnOrder is the order of the report's columns.
var columnOrder = []string{feedback.Self, feedback.Manager, feedback.Peer, feedback.DirectReport, feedback.Other, feedback.Combined, feedback.AllOthers}

// GroupName names a rater group or report column for people.
func GroupName(key string) string {
	switch key {
	case feedback.Self:
		return "Self"
	case feedback.Manager:
		return "Manager"
	case feedback.Peer:
		return "Peers"
	case feedback.DirectReport:
		return "Direct reports"
	case feedback.Other:
		return "Others"
	case feedback.Combined:
		return "Combined groups"
	case feedback.AllOthers:
		return "All others"
	}
	return key
}

// agreement puts the raters' spread in words. Scores run 0-100, so a spread
// of 10 is about half a step of the five-point rating scale.
func agreement(spread float64) string {
	switch {
	case spread < 10:
		return "close agreement"
	case spread < 20:
		return "some disagreement"
	}
	return "wide disagreement"
}

var errNilFeedback = errors.New("report: no 360 report to render")

// Feedback builds the view of a 360 report.
func Feedback(r *feedback.Report, opt FeedbackOptions) (*FeedbackView, error) {
	if r == nil {
		return nil, errNilFeedback
	}
	fw, err := defaultFramework()
	if err != nil {
		return nil, err
	}
	v := &FeedbackView{Campaign: r.Campaign, Subject: opt.Subject, Thresholds: r.Thresholds, Development: opt.Development}
	if v.Subject == "" {
		v.Subject = "the subject"
	}
	for _, k := range columnOrder {
		if g, ok := r.Groups[k]; ok && g.Shown && g.N > 0 {
			v.Columns = append(v.Columns, FeedbackColumn{Key: k, Name: GroupName(k), N: g.N})
		}
	}
	_, v.HasSelf = r.Scales[profile.ScaleKeys[profile.M]].Scores[feedback.Self]
	if !v.HasSelf {
		_, v.HasSelf = r.Scales[profile.ScaleKeys[profile.L]].Scores[feedback.Self]
	}
	flags := map[string]string{}
	for _, k := range r.BlindSpots {
		flags[k] = "blind_spot"
	}
	for _, k := range r.HiddenStrengths {
		flags[k] = "hidden_strength"
	}
	names := map[string]string{}
	for _, scale := range profile.ScaleKeys {
		s := FeedbackScale{Key: scale, Name: scaleName(scale)}
		s.Total = v.row(scale, s.Name, r.Scales[scale], flags[scale])
		names[scale] = s.Name
		for _, dim := range r.Dimensions {
			name := dim
			if d, ok := fw.Dimension(dim); ok {
				name = d.Name
			}
			key := scale + "." + dim
			s.Facets = append(s.Facets, v.row(key, name, r.Facets[scale][dim], flags[key]))
			names[key] = s.Name + " · " + name
		}
		s.Rows = append([]FeedbackRow{s.Total}, s.Facets...)
		v.Scales = append(v.Scales, s)
	}
	for _, k := range r.BlindSpots {
		v.BlindSpots = append(v.BlindSpots, FeedbackFlag{Key: k, Name: names[k]})
	}
	for _, k := range r.HiddenStrengths {
		v.HiddenStrengths = append(v.HiddenStrengths, FeedbackFlag{Key: k, Name: names[k]})
	}
	for _, k := range []string{feedback.Self, feedback.Manager, feedback.Peer, feedback.DirectReport, feedback.Other, feedback.Combined} {
		g, ok := r.Groups[k]
		if !ok {
			continue
		}
		fg := FeedbackGroup{Key: k, Name: GroupName(k), N: g.N, Shown: g.Shown}
		switch {
		case k == feedback.Self && g.N == 0:
			fg.Note = "no self-rating"
		case k == feedback.Self:
			fg.Note = "the subject's own view"
		case g.N == 0:
			fg.Note = "no responses"
		case k == feedback.Manager:
			fg.Note = "shown and identified: a manager's ratings are not anonymous"
		case k == feedback.Combined:
			parts := make([]string, len(g.Merges))
			for i, m := range g.Merges {
				parts[i] = strings.ToLower(GroupName(m))
			}
			fg.Note = fmt.Sprintf("%s, each below the threshold of %d, shown together and never apart", strings.Join(parts, " and "), r.Thresholds.Anonymity)
		case g.Shown:
			fg.Note = "shown, pooled"
		case g.MergedInto != "":
			fg.Note = fmt.Sprintf("fewer than %d: shown only within the combined groups", r.Thresholds.Anonymity)
		default:
			fg.Note = fmt.Sprintf("fewer than %d: left out of every number, all others included", r.Thresholds.Anonymity)
		}
		v.Groups = append(v.Groups, fg)
	}
	for _, k := range columnOrder {
		if cs := r.Comments[k]; len(cs) > 0 {
			v.Comments = append(v.Comments, FeedbackComments{Key: k, Name: GroupName(k), Comments: cs})
		}
	}
	if len(opt.Development) > 0 {
		v.DevelopmentSide = scaleName(opt.Development[0].Scale)
	}
	v.Chart = GapSVG(v)
	return v, nil
}

// row builds one row of the score tables from a cell of the report.
func (v *FeedbackView) row(key, name string, c feedback.Cell, flag string) FeedbackRow {
	row := FeedbackRow{Key: key, Name: name, Flag: flag}
	for _, col := range v.Columns {
		s, ok := c.Scores[col.Key]
		cell := FeedbackCell{Has: ok, Score: s, N: c.N[col.Key]}
		cell.Spread, cell.HasSpread = c.Spread[col.Key]
		row.Cells = append(row.Cells, cell)
	}
	row.Self, row.HasSelf = c.Scores[feedback.Self]
	row.Others, row.HasOthers = c.Scores[feedback.AllOthers]
	if row.HasSelf && row.HasOthers {
		row.Gap = math.Round((row.Self-row.Others)*10) / 10
		row.GapText = signedNum(row.Gap)
	}
	row.Spread, row.HasSpread = c.Spread[feedback.AllOthers]
	if row.HasSpread {
		row.Agreement = agreement(row.Spread)
	}
	return row
}

// Gap chart geometry, in SVG user units.
const (
	gapW      = 680
	gapLabelX = 8
	gapPlotX  = 250
	gapPlotW  = 400
	gapTop    = 70
	gapRowH   = 30
	gapScaleH = 12
)

// Gap chart colours: text colours keep 4.5:1 on white.
const (
	colorBlind   = "#a3261b" // self well above others
	colorHidden  = "#1d6b3a" // self well below others
	colorSmall   = "#6b7480" // a gap within a third of the range
	colorSelf    = "#1b1f24"
	colorOthers  = "#1f5fa8"
	colorRowTint = "#f4f6f8"
)

type gapData struct {
	W, H      float64
	Font      string
	Colors    map[string]string
	PlotX     float64
	PlotRight float64
	Ticks     []gridTick
	Rows      []gapRow
	Desc      string
}

type gapRow struct {
	Key, Label string
	Heading    bool
	Y          float64
	Tint       bool
	// Bar is the gap between the two markers.
	HasBar       bool
	BarX, BarW   float64
	BarColor     string
	SelfX        float64
	HasSelf      bool
	OthersX      float64
	HasOthers    bool
	Flag         string
	FlagColor    string
	Title        string
	DiamondPoint string
}

// GapSVG draws the self-versus-others gap chart of a 360 report as an
// accessible inline SVG: one row per scale and facet, the subject's own
// score as a dark circle, all others' as a blue diamond, and a bar between
// them coloured by what the gap means. The view's tables carry the numbers.
func GapSVG(v *FeedbackView) template.HTML {
	if v == nil {
		return ""
	}
	xAt := func(s float64) float64 { return gapPlotX + gapPlotW*clamp(s, 0, 100)/100 }
	d := gapData{W: gapW, Font: fontStack, PlotX: gapPlotX, PlotRight: gapPlotX + gapPlotW,
		Colors: map[string]string{"text": colorText, "muted": colorMuted, "grid": colorGrid, "self": colorSelf, "others": colorOthers,
			"blind": colorBlind, "hidden": colorHidden, "small": colorSmall, "tint": colorRowTint}}
	for _, t := range []float64{0, 25, 50, 75, 100} {
		d.Ticks = append(d.Ticks, gridTick{Value: Num(t), X: xAt(t)})
	}
	y := float64(gapTop)
	var desc []string
	for _, s := range v.Scales {
		for i, r := range s.Rows {
			g := gapRow{Key: r.Key, Label: r.Name, Heading: i == 0, Y: y + gapRowH/2, Tint: i%2 == 1}
			g.HasSelf, g.HasOthers = r.HasSelf, r.HasOthers
			g.SelfX, g.OthersX = xAt(r.Self), xAt(r.Others)
			g.DiamondPoint = fmt.Sprintf("%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f", g.OthersX, g.Y-7, g.OthersX+7, g.Y, g.OthersX, g.Y+7, g.OthersX-7, g.Y)
			parts := []string{r.Name}
			if r.HasSelf {
				parts = append(parts, "self "+Num(r.Self))
			}
			if r.HasOthers {
				parts = append(parts, "all others "+Num(r.Others))
			} else {
				parts = append(parts, "no score from others")
			}
			if r.HasSelf && r.HasOthers {
				g.HasBar = true
				g.BarX, g.BarW = math.Min(g.SelfX, g.OthersX), math.Max(1.5, math.Abs(g.SelfX-g.OthersX))
				parts = append(parts, "gap "+r.GapText)
				switch r.Flag {
				case "blind_spot":
					g.BarColor, g.Flag, g.FlagColor = colorBlind, "blind spot", colorBlind
				case "hidden_strength":
					g.BarColor, g.Flag, g.FlagColor = colorHidden, "hidden strength", colorHidden
				default:
					g.BarColor = colorSmall
				}
				if g.Flag != "" {
					parts = append(parts, g.Flag)
				}
			}
			g.Title = strings.Join(parts, ", ")
			desc = append(desc, g.Title)
			d.Rows = append(d.Rows, g)
			y += gapRowH
		}
		y += gapScaleH
	}
	d.H = y + 10
	d.Desc = "Each row is a scale or a facet, scored 0 to 100. " + strings.Join(desc, "; ") + "."
	return renderSVG("gap.svg.tmpl", d)
}

// signedNum formats a gap in points with its sign: "+12.5", "−3", "0".
func signedNum(x float64) string {
	switch {
	case x > 0:
		return "+" + Num(x)
	case x < 0:
		return "−" + Num(-x)
	}
	return "0"
}

// FeedbackText writes a 360 report for a terminal.
func FeedbackText(w io.Writer, r *feedback.Report, opt FeedbackOptions) error {
	v, err := Feedback(r, opt)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	t := &textWriter{w: bw, color: opt.Color}
	t.feedback(v)
	return bw.Flush()
}

func (t *textWriter) feedback(v *FeedbackView) {
	p := func(format string, args ...any) { fmt.Fprintf(t.w, format+"\n", args...) }
	p("%s", t.paint(ansiBold, "360-degree feedback for "+v.Subject))
	for _, line := range wrap(fmt.Sprintf("Campaign %s. Anonymous groups are shown only from %d raters, their comments from %d.",
		v.Campaign, v.Thresholds.Anonymity, v.Thresholds.Comments), Width) {
		p("%s", line)
	}
	p("")
	p("%s", t.paint(ansiBold, "Who answered"))
	for _, g := range v.Groups {
		for i, line := range wrap(g.Note, Width-23) {
			if i == 0 {
				p("  %-16s %2d  %s", g.Name, g.N, line)
			} else {
				p("%23s%s", "", line)
			}
		}
	}
	for _, s := range v.Scales {
		p("")
		header := fmt.Sprintf("%-20s", s.Name)
		for _, c := range v.Columns {
			header += fmt.Sprintf(" %7s", shortColumn(c.Key))
		}
		p("%s", t.paint(ansiBold, header))
		for i, r := range s.Rows {
			name := "  " + r.Name
			if i == 0 {
				name = "Overall"
			}
			line := fmt.Sprintf("%-20s", truncate(name, 20))
			for _, c := range r.Cells {
				if c.Has {
					line += fmt.Sprintf(" %7s", Num(c.Score))
				} else {
					line += fmt.Sprintf(" %7s", "–")
				}
			}
			switch r.Flag {
			case "blind_spot":
				line += " " + t.paint(ansiWarn, "blind")
			case "hidden_strength":
				line += " " + t.paint(ansiBold, "hidden")
			}
			p("%s", line)
		}
	}
	p("")
	p("Scores run 0-100. All: all others; blind: blind spot; hidden: hidden strength.")
	p("")
	p("%s", t.paint(ansiBold, "Self versus others"))
	if !v.HasSelf {
		p("  There is no self-rating, so no gaps to show.")
	}
	list := func(label string, flags []FeedbackFlag) {
		if len(flags) == 0 {
			p("  %s: none", label)
			return
		}
		p("  %s:", label)
		for _, f := range flags {
			p("    - %s", f.Name)
		}
	}
	if v.HasSelf {
		list("Blind spots (self more than a third of the range above others)", v.BlindSpots)
		list("Hidden strengths (self more than a third of the range below others)", v.HiddenStrengths)
	}
	p("")
	p("%s", t.paint(ansiBold, "Agreement among others"))
	for _, s := range v.Scales {
		for _, r := range s.Facets {
			if r.HasSpread {
				p("  %-40s spread %5s  %s", truncate(s.Name+" · "+r.Name, 40), Num(r.Spread), r.Agreement)
			}
		}
	}
	p("")
	p("%s", t.paint(ansiBold, "Comments"))
	if len(v.Comments) == 0 {
		p("  None shown: comments appear only for groups of at least %d.", v.Thresholds.Comments)
	}
	for _, g := range v.Comments {
		p("  %s:", g.Name)
		for _, c := range g.Comments {
			for i, line := range wrap(c.Text, Width-8) {
				if i == 0 {
					p("    - (%s) %s", c.Scale, line)
				} else {
					p("      %s", line)
				}
			}
		}
	}
	if len(v.Development) > 0 {
		p("")
		p("%s", t.paint(ansiBold, "What to develop, by others' view: "+v.DevelopmentSide))
		for _, d := range v.Development {
			p("  %s (%s): %s", d.Name, Num(d.Score), d.Develop)
			for _, pr := range d.Practices {
				for i, line := range wrap(pr.Text, Width-8) {
					if i == 0 {
						p("    - %s", line)
					} else {
						p("      %s", line)
					}
				}
			}
		}
	}
}

func shortColumn(key string) string {
	switch key {
	case feedback.DirectReport:
		return "Reports"
	case feedback.Combined:
		return "Merged"
	case feedback.AllOthers:
		return "All"
	case feedback.Other:
		return "Other"
	}
	return GroupName(key)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// FeedbackHTML writes a 360 report as one standalone HTML5 page: inline CSS,
// the inline SVG gap chart with its data tables, no script and no external
// reference.
func FeedbackHTML(w io.Writer, r *feedback.Report, opt FeedbackOptions) error {
	v, err := Feedback(r, opt)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	if err := templates.ExecuteTemplate(bw, "feedback.html.tmpl", v); err != nil {
		return fmt.Errorf("report: rendering the 360 HTML: %w", err)
	}
	return bw.Flush()
}
