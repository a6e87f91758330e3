package report

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/twohats/twohats/internal/profile"
)

// TextOptions controls the terminal report.
type TextOptions struct {
	// Color turns on ANSI colour and bold; set it only when writing to a
	// terminal.
	Color bool
	// HighCut is the instrument's high_cut, the score from which a scale
	// counts as high; zero means DefaultHighCut.
	HighCut float64
}

// Width is the number of columns the terminal report fits in.
const Width = 80

// ANSI styles. Blue and magenta stay readable on dark and light terminals and
// apart for the commonest colour-vision deficiencies; yellow does not.
const (
	ansiReset = "\x1b[0m"
	ansiBold  = "\x1b[1m"
	ansiDim   = "\x1b[2m"
	ansiM     = "\x1b[34m"
	ansiL     = "\x1b[35m"
	ansiWarn  = "\x1b[1;31m"
)

// Text writes a readable report of p for a terminal, every line at most Width
// columns wide.
func Text(w io.Writer, p *profile.Profile, opt TextOptions) error {
	v, err := build(p, opt.HighCut)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	t := &textWriter{w: bw, color: opt.Color}
	t.render(v)
	return bw.Flush()
}

type textWriter struct {
	w     *bufio.Writer
	color bool
}

// paint wraps s in an ANSI style when colour is on.
func (t *textWriter) paint(style, s string) string {
	if !t.color || style == "" || strings.TrimSpace(s) == "" {
		return s
	}
	return style + s + ansiReset
}

func (t *textWriter) line(parts ...string) {
	for _, p := range parts {
		t.w.WriteString(p)
	}
	t.w.WriteByte('\n')
}

// para writes text wrapped to the report width after indent.
func (t *textWriter) para(indent, text string) { t.styled(indent, "", text) }

// styled is para with each line painted in style, so that a style never
// spans a line break (and escape codes never count towards the width).
func (t *textWriter) styled(indent, style, text string) {
	for _, l := range wrap(text, Width-runeLen(indent)) {
		t.line(indent, t.paint(style, l))
	}
}

// hanging writes text wrapped with a first-line prefix and the same width of
// spaces on the lines after it.
func (t *textWriter) hanging(first, text string) {
	rest := strings.Repeat(" ", visibleLen(first))
	for i, l := range wrap(text, Width-visibleLen(first)) {
		if i == 0 {
			t.line(first, l)
		} else {
			t.line(rest, l)
		}
	}
}

func (t *textWriter) heading(s string) {
	t.line()
	t.line(t.paint(ansiBold, strings.ToUpper(s)))
	t.line(t.paint(ansiDim, strings.Repeat("─", Width)))
}

func (t *textWriter) scaleStyle(i int) string {
	if i == profile.M {
		return ansiM
	}
	return ansiL
}

func (t *textWriter) render(v *view) {
	title := "twohats profile"
	inst := "instrument " + v.Instrument
	t.line(t.paint(ansiBold, title), strings.Repeat(" ", max(1, Width-runeLen(title)-runeLen(inst))), inst)
	t.line(strings.Repeat("═", Width))
	t.line()

	// Headline: the quadrant, in words, and the two scales.
	t.line(t.paint(ansiBold, strings.ToUpper(v.Quadrant.Name)), " · ", v.Quadrant.Short)
	t.para("", v.Quadrant.Meaning)
	t.line()
	const scaleBar = 50
	for i, s := range v.Scales {
		mark := ""
		if s.High {
			mark = "  high"
		}
		t.line("  ", pad(s.Name, 12), t.paint(t.scaleStyle(i), bar(s.Score, scaleBar)),
			t.paint(ansiDim, track(s.Score, scaleBar)), fmt.Sprintf(" %5.1f", s.Score), mark)
	}
	// A tick under the bars at the cut point: "high" starts there.
	at := int(math.Round(v.HighCut / 100 * scaleBar))
	t.line(strings.Repeat(" ", 14+at), t.paint(ansiDim, fmt.Sprintf("└ high from %s", Num(v.HighCut))))
	for i, s := range v.Scales {
		t.hanging(fmt.Sprintf("  %s ", t.paint(t.scaleStyle(i), "■")), s.Name+": "+s.Summary)
	}

	// The six dimensions, the two scales side by side.
	t.heading("The six dimensions")
	const nameW, colW, facetBar = 18, 31, 18
	t.line(strings.Repeat(" ", nameW), t.paint(ansiM, pad("Management", colW)), t.paint(ansiL, "Leadership"))
	for _, d := range v.Dims {
		t.line()
		t.line(pad(d.Name, nameW),
			t.paint(ansiM, bar(d.M, facetBar)), pad("", facetBar-cells(d.M, facetBar)), fmt.Sprintf(" %5.1f", d.M), strings.Repeat(" ", colW-facetBar-6),
			t.paint(ansiL, bar(d.L, facetBar)), pad("", facetBar-cells(d.L, facetBar)), fmt.Sprintf(" %5.1f", d.L))
		ml, ll := wrap(d.ManagerPole, colW-2), wrap(d.LeaderPole, colW-2)
		for i := 0; i < max(len(ml), len(ll)); i++ {
			var a, b string
			if i < len(ml) {
				a = ml[i]
			}
			if i < len(ll) {
				b = ll[i]
			}
			if b == "" {
				t.line(strings.Repeat(" ", nameW), t.paint(ansiDim, a))
			} else {
				t.line(strings.Repeat(" ", nameW), t.paint(ansiDim, pad(a, colW)), t.paint(ansiDim, b))
			}
		}
	}

	// Tendency under pressure.
	t.heading("Under pressure")
	t.gauge("manage first", "lead first", v.Tendency)
	t.para("  ", fmt.Sprintf("Tendency %s. %s", signed(v.Tendency), v.TendencySentence))

	// Judgement: accuracy and style, apart.
	t.heading("Situational judgement")
	t.line("  ", pad("Accuracy", 12), bar(v.Accuracy, scaleBar), t.paint(ansiDim, track(v.Accuracy, scaleBar)), fmt.Sprintf(" %5.1f", v.Accuracy))
	t.para("  ", v.AccuracySentence+" Accuracy is a skill: how well you judge what a situation needs.")
	t.line()
	t.gauge("prefers managing", "prefers leading", v.Preference)
	t.para("  ", fmt.Sprintf("Style preference %s. %s A preference is a style, not a skill, so it is reported apart from accuracy.", signed(v.Preference), v.PreferenceSentence))

	// Warnings, each with the sentence of the source it rests on.
	t.heading("Blind spots to watch")
	if len(v.Warnings) == 0 {
		t.para("  ", "None: no blind-spot warning was raised.")
	}
	for i, w := range v.Warnings {
		if i > 0 {
			t.line()
		}
		t.hanging("  ! ", w.Text)
		t.styled("    ", ansiDim, "Source: “"+w.Source+"”")
	}

	// Development focus.
	t.heading("What to develop next")
	t.para("  ", fmt.Sprintf("Your weaker side is %s. Start with its two lowest facets:", strings.ToLower(v.FocusName)))
	for i, f := range v.FocusFacets {
		t.line()
		t.hanging(fmt.Sprintf("  %d. ", i+1), fmt.Sprintf("%s (%s %s): %s", f.Name, strings.ToLower(v.FocusName), Num(f.Score), f.Pole))
		for _, pr := range f.Practices {
			t.hanging("     • ", pr)
		}
	}
	t.line()
	t.para("  ", "Whichever side you develop, four habits help:")
	for _, h := range v.Habits {
		t.hanging("     • ", h)
	}

	t.line()
	t.line(t.paint(ansiDim, strings.Repeat("─", Width)))
	t.styled("", ansiDim, v.Disclaimer)
}

// gauge draws a -1..+1 scale with the value marked and 0 in the middle.
func (t *textWriter) gauge(left, right string, x float64) {
	const n = 41 // odd, so that 0 has a column of its own
	pos := int(math.Round((x + 1) / 2 * (n - 1)))
	var b strings.Builder
	for i := 0; i < n; i++ {
		switch {
		case i == pos:
			b.WriteString(t.paint(ansiBold, "●"))
		case i == 0:
			b.WriteString("├")
		case i == n-1:
			b.WriteString("┤")
		case i == n/2:
			b.WriteString("┼")
		default:
			b.WriteString("─")
		}
	}
	const lw = 18
	t.line("  ", padLeft(left, lw), " ", b.String(), " ", right)
	// The digits of -1, 0 and +1 sit under the ends and the middle.
	start := 2 + lw + 1
	t.line(strings.Repeat(" ", start-1), "-1", strings.Repeat(" ", n/2-1), "0", strings.Repeat(" ", n/2-2), "+1")
}

// eighths are the partial blocks for a fraction of a cell, in eighths.
var eighths = []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}

// bar draws score (0-100) as a bar of up to width cells, to an eighth of a
// cell.
func bar(score float64, width int) string {
	e := int(math.Round(clamp(score, 0, 100) / 100 * float64(width*8)))
	s := strings.Repeat("█", e/8) + eighths[e%8]
	if s == "" && score > 0 {
		s = "▏" // a small score still shows
	}
	return s
}

// cells is how many cells bar(score, width) occupies.
func cells(score float64, width int) int { return runeLen(bar(score, width)) }

// track fills the rest of a bar's width with a light shade.
func track(score float64, width int) string {
	return strings.Repeat("░", width-cells(score, width))
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// visibleLen is the number of columns s takes on a terminal: its runes less
// any ANSI escape sequences.
func visibleLen(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			if j := strings.IndexByte(s[i:], 'm'); j >= 0 {
				i += j + 1
				continue
			}
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n++
	}
	return n
}

// pad right-pads s with spaces to n runes.
func pad(s string, n int) string {
	if k := runeLen(s); k < n {
		return s + strings.Repeat(" ", n-k)
	}
	return s
}

// padLeft left-pads s with spaces to n runes.
func padLeft(s string, n int) string {
	if k := runeLen(s); k < n {
		return strings.Repeat(" ", n-k) + s
	}
	return s
}

// wrap breaks text into lines of at most width runes at spaces; a word longer
// than width is cut.
func wrap(text string, width int) []string {
	var lines []string
	var cur []rune
	for _, word := range strings.Fields(text) {
		wr := []rune(word)
		for len(wr) > width {
			if len(cur) > 0 {
				lines = append(lines, string(cur))
				cur = nil
			}
			lines = append(lines, string(wr[:width]))
			wr = wr[width:]
		}
		switch {
		case len(cur) == 0:
			cur = wr
		case len(cur)+1+len(wr) <= width:
			cur = append(append(cur, ' '), wr...)
		default:
			lines = append(lines, string(cur))
			cur = wr
		}
	}
	if len(cur) > 0 {
		lines = append(lines, string(cur))
	}
	return lines
}

// Num formats a score as every report shows it: one decimal, without a
// needless ".0". The web pages use it too, so scores read the same there.
func Num(x float64) string {
	if x == math.Trunc(x) {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.1f", x)
}

// signed formats a -1..+1 value with its sign.
func signed(x float64) string {
	if x == 0 {
		return "0.00"
	}
	return fmt.Sprintf("%+.2f", x)
}
