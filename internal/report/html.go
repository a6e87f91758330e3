package report

import (
	"bufio"
	"embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/twohats/twohats/internal/profile"
)

// HTMLOptions controls the HTML report.
type HTMLOptions struct {
	// HighCut is the instrument's high_cut, where the grid's quadrant lines
	// fall; zero means DefaultHighCut.
	HighCut float64
}

//go:embed templates/*.tmpl
var templateFiles embed.FS

// templates are parsed once, when the package loads: a broken template stops
// every test and the binary at start-up, never a reader's request.
var templates = template.Must(template.New("report").Funcs(template.FuncMap{
	"num":    Num,
	"signed": signed,
	"lower":  strings.ToLower,
	"f1":     func(x float64) string { return fmt.Sprintf("%.1f", x) },
	"add": func(xs ...float64) float64 {
		var s float64
		for _, x := range xs {
			s += x
		}
		return s
	},
	"sub":   func(a, b float64) float64 { return a - b },
	"half":  func(x float64) float64 { return x / 2 },
	"bar":   newBar,
	"gauge": newGauge,
}).ParseFS(templateFiles, "templates/*.tmpl"))

// HTML writes p as one standalone HTML5 page: inline CSS, inline SVG charts, no
// script and no external reference, laid out to print cleanly on A4.
func HTML(w io.Writer, p *profile.Profile, opt HTMLOptions) error {
	v, err := build(p, opt.HighCut)
	if err != nil {
		return err
	}
	data := pageData{V: v, Radar: RadarSVG(p), Grid: GridSVG(p, v.HighCut)}
	bw := bufio.NewWriter(w)
	if err := templates.ExecuteTemplate(bw, "report.html.tmpl", data); err != nil {
		return fmt.Errorf("report: rendering HTML: %w", err)
	}
	return bw.Flush()
}

type pageData struct {
	V           *view
	Radar, Grid template.HTML
}

// barView is a horizontal 0-100 bar drawn as a small decorative SVG; the
// number is always printed beside it.
type barView struct {
	Color string
	Score float64
	Cut   float64 // 0 for no cut mark
}

func newBar(key string, score, cut float64) barView {
	c := colorText
	switch key {
	case "management":
		c = colorManagement
	case "leadership":
		c = colorLeadership
	}
	return barView{Color: c, Score: clamp(score, 0, 100), Cut: cut}
}

// gaugeView is a -1..+1 scale with the value marked, in a 400 × 24 box.
type gaugeView struct {
	X float64 // the marker's x in the gauge's 0-400 user space
}

func newGauge(v float64) gaugeView { return gaugeView{X: 10 + (clamp(v, -1, 1)+1)/2*380} }
