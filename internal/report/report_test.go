package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/profile"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ from the current output")

// formats renders a profile in each format, by golden-file extension.
var formats = []struct {
	ext    string
	render func(*bytes.Buffer, *profile.Profile) error
}{
	{"txt", func(b *bytes.Buffer, p *profile.Profile) error { return Text(b, p, TextOptions{}) }},
	{"html", func(b *bytes.Buffer, p *profile.Profile) error { return HTML(b, p, HTMLOptions{HighCut: 60}) }},
	{"json", func(b *bytes.Buffer, p *profile.Profile) error { return JSON(b, p) }},
}

func TestGolden(t *testing.T) {
	for _, f := range fixtures(t) {
		for _, format := range formats {
			t.Run(f.name+"."+format.ext, func(t *testing.T) {
				var b bytes.Buffer
				if err := format.render(&b, f.p); err != nil {
					t.Fatal(err)
				}
				golden(t, filepath.Join("testdata", f.name+".golden."+format.ext), b.String())
			})
		}
	}
}

// golden compares got with the file at path, or rewrites the file with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v; run go test ./internal/report -update to create it", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s\nIf the change is intended, run go test ./internal/report -update and review the diff.", path, diff)
	}
}

// The fixtures must land where their names say, or the goldens prove little.
func TestFixturesAreWhatTheySay(t *testing.T) {
	want := map[string]string{"manager": profile.ManagerLeaning, "leader": profile.LeaderLeaning, "balanced": profile.Balanced}
	for _, f := range fixtures(t) {
		if f.p.Quadrant != want[f.name] {
			t.Errorf("%s: quadrant %q, want %q (scales %v)", f.name, f.p.Quadrant, want[f.name], f.p.Scales)
		}
	}
}

var (
	urlRE    = regexp.MustCompile(`(?i)https?://[^\s"'<>)]*`)
	svgXMLNS = "http://www.w3.org/2000/svg"
)

func TestHTMLIsSelfContained(t *testing.T) {
	for _, f := range fixtures(t) {
		var b bytes.Buffer
		if err := HTML(&b, f.p, HTMLOptions{}); err != nil {
			t.Fatal(err)
		}
		page := b.String()
		lower := strings.ToLower(page)
		for _, bad := range []string{"<script", "javascript:", "@import", "url(", " src=", " href=", "<link", "<img", "<iframe", "<object", "<embed", " on"} {
			if bad == " on" {
				// Event-handler attributes (onload=...) are script too.
				if m := regexp.MustCompile(`(?i)<[^>]*\son[a-z]+\s*=`).FindString(page); m != "" {
					t.Errorf("%s: event-handler attribute in %q", f.name, m)
				}
				continue
			}
			if strings.Contains(lower, bad) {
				t.Errorf("%s: the page contains %q; it must make no request and run no script", f.name, bad)
			}
		}
		for _, u := range urlRE.FindAllString(page, -1) {
			if u != svgXMLNS {
				t.Errorf("%s: the page refers to %s; the only URL allowed is the SVG namespace", f.name, u)
			}
		}
		if !strings.HasPrefix(page, "<!DOCTYPE html>\n<html lang=\"en\">") {
			t.Errorf("%s: the page does not start with a doctype and <html lang>", f.name)
		}
	}
}

func TestHTMLAccessibility(t *testing.T) {
	var b bytes.Buffer
	if err := HTML(&b, fixtures(t)[0].p, HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	page := b.String()

	// Headings go down one level at a time, starting from a single h1.
	levels := regexp.MustCompile(`<h([1-6])[\s>]`).FindAllStringSubmatch(page, -1)
	prev := 0
	h1 := 0
	for _, m := range levels {
		l, _ := strconv.Atoi(m[1])
		if l == 1 {
			h1++
		}
		if l > prev+1 {
			t.Errorf("heading h%d follows h%d; headings must not skip a level", l, prev)
		}
		prev = l
	}
	if h1 != 1 {
		t.Errorf("%d h1 headings, want 1", h1)
	}

	for _, id := range []string{"radar", "grid"} {
		svg := regexp.MustCompile(`(?s)<svg id="` + id + `".*?</svg>`).FindString(page)
		if svg == "" {
			t.Fatalf("no svg#%s", id)
		}
		for _, want := range []string{`role="img"`, `aria-labelledby="` + id + `-title ` + id + `-desc"`, `<title id="` + id + `-title">`, `<desc id="` + id + `-desc">`} {
			if !strings.Contains(svg, want) {
				t.Errorf("svg#%s lacks %s", id, want)
			}
		}
	}
	// Every number in the radar is also in a table.
	for _, d := range dims(fixtures(t)[0].p) {
		row := "<tr><th scope=\"row\">" + d.Name + "</th><td class=\"n\">" + Num(d.M) + "</td><td class=\"n\">" + Num(d.L) + "</td></tr>"
		if !strings.Contains(page, row) {
			t.Errorf("the radar's data table lacks the row %s", row)
		}
	}
	if got := strings.Count(page, "<details>"); got != 2 {
		t.Errorf("%d <details> data tables, want one per chart (2)", got)
	}
}

// luminance is the WCAG relative luminance of a #rrggbb colour.
func luminance(t *testing.T, hex string) float64 {
	t.Helper()
	v, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil || len(hex) != 7 {
		t.Fatalf("bad colour %q", hex)
	}
	ch := func(c uint64) float64 {
		x := float64(c) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(v>>16&0xff) + 0.7152*ch(v>>8&0xff) + 0.0722*ch(v&0xff)
}

func TestColourContrast(t *testing.T) {
	texts := map[string]string{"text": colorText, "muted": colorMuted, "management": colorManagement, "leadership": colorLeadership, "warning": "#8a1c1c"}
	backgrounds := map[string]string{"white": "#ffffff", "tint": colorTint, "your quadrant": colorYouTint}
	for tn, tc := range texts {
		for bn, bc := range backgrounds {
			a, b := luminance(t, tc), luminance(t, bc)
			ratio := (math.Max(a, b) + 0.05) / (math.Min(a, b) + 0.05)
			if ratio < 4.5 {
				t.Errorf("%s %s on %s %s: contrast %.2f:1, want at least 4.5:1", tn, tc, bn, bc, ratio)
			}
		}
	}
	// The page's CSS must use the same colours as the charts.
	var b bytes.Buffer
	if err := HTML(&b, fixtures(t)[0].p, HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]string{"--text": colorText, "--muted": colorMuted, "--m": colorManagement, "--l": colorLeadership, "--tint": colorTint} {
		if !strings.Contains(b.String(), name+": "+c+";") {
			t.Errorf("the CSS does not set %s: %s, the colour the charts use", name, c)
		}
	}
}

var ansiRE = regexp.MustCompile("\x1b\\[[0-9;]*m")

// checkText reports lines wider than Width and, without colour, any escape.
func checkText(t *testing.T, name, out string, color bool) {
	t.Helper()
	if !color && strings.ContainsRune(out, 0x1b) {
		t.Errorf("%s: output without colour contains an ESC byte", name)
	}
	if color && !strings.ContainsRune(out, 0x1b) {
		t.Errorf("%s: output with colour contains no ANSI escape", name)
	}
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if n := utf8.RuneCountInString(ansiRE.ReplaceAllString(line, "")); n > Width {
			t.Errorf("%s: line %d is %d columns wide, want at most %d:\n%s", name, i+1, n, Width, line)
		}
	}
	if !strings.HasSuffix(out, "\n") {
		t.Errorf("%s: output does not end in a newline", name)
	}
}

func TestTextFitsTerminal(t *testing.T) {
	for _, f := range fixtures(t) {
		for _, color := range []bool{false, true} {
			var b bytes.Buffer
			if err := Text(&b, f.p, TextOptions{Color: color}); err != nil {
				t.Fatal(err)
			}
			checkText(t, f.name, b.String(), color)
			// Colour changes nothing but the escapes.
			if color {
				var plain bytes.Buffer
				_ = Text(&plain, f.p, TextOptions{})
				if diff := cmp.Diff(plain.String(), ansiRE.ReplaceAllString(b.String(), "")); diff != "" {
					t.Errorf("%s: coloured text differs from plain text beyond the escapes (-plain +coloured):\n%s", f.name, diff)
				}
			}
		}
	}
}

// Whatever the numbers, even out of range, the renderers must not panic, the
// text must fit, and the charts must stay inside their boxes.
func TestRandomProfiles(t *testing.T) {
	fw, err := defaultFramework()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	quads := []string{profile.Balanced, profile.ManagerLeaning, profile.LeaderLeaning, profile.Emerging}
	for i := range 200 {
		m, l := make([]float64, 6), make([]float64, 6)
		for j := range m {
			m[j], l[j] = rng.Float64()*120-10, rng.Float64()*120-10
		}
		p := handBuilt(t, quads[i%4], m, l, rng.Float64()*2.4-1.2, rng.Float64()*100, rng.Float64()*2-1)
		if i%3 == 0 {
			w, _ := fw.Warning("low-judgement")
			p.Warnings = append(p.Warnings, w)
		}
		if i%50 == 0 {
			p.Scales[profile.L], p.Tendency, p.Judgement.Preference = math.NaN(), math.NaN(), math.Inf(1)
			p.Facets[profile.M][2] = math.NaN()
		}
		var b bytes.Buffer
		if err := Text(&b, p, TextOptions{}); err != nil {
			t.Fatal(err)
		}
		checkText(t, "random", b.String(), false)
		if s := b.String(); strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
			t.Fatalf("text shows NaN or Inf:\n%s", s)
		}
		b.Reset()
		if err := HTML(&b, p, HTMLOptions{HighCut: 20 + rng.Float64()*60}); err != nil {
			t.Fatal(err)
		}
		if s := b.String(); strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
			t.Fatalf("HTML shows NaN or Inf")
		}
		for _, poly := range polygons(t, string(RadarSVG(p))) {
			for _, pt := range poly {
				if pt.X < 0 || pt.X > radarW || pt.Y < 0 || pt.Y > radarH {
					t.Fatalf("radar vertex %v outside the %dx%d box", pt, radarW, radarH)
				}
			}
		}
	}
}

func TestErrors(t *testing.T) {
	var b bytes.Buffer
	if err := Text(&b, nil, TextOptions{}); err == nil {
		t.Error("Text(nil) gave no error")
	}
	if err := HTML(&b, nil, HTMLOptions{}); err == nil {
		t.Error("HTML(nil) gave no error")
	}
	if err := JSON(&b, nil); err == nil {
		t.Error("JSON(nil) gave no error")
	}
	p := handBuilt(t, "sideways", []float64{1, 2, 3, 4, 5, 6}, []float64{1, 2, 3, 4, 5, 6}, 0, 50, 0)
	if err := Text(&b, p, TextOptions{}); err == nil || !strings.Contains(err.Error(), `"sideways"`) {
		t.Errorf("Text with an unknown quadrant: error %v, want one naming the quadrant", err)
	}
	if RadarSVG(nil) != "" || GridSVG(nil, 60) != "" {
		t.Error("a chart of no profile is not empty")
	}
}

func TestJSONIsTheDocument(t *testing.T) {
	for _, f := range fixtures(t) {
		var b bytes.Buffer
		if err := JSON(&b, f.p); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if !strings.HasSuffix(out, "}\n") || !strings.HasPrefix(out, "{\n  \"instrument\": ") {
			t.Errorf("%s: JSON is not a 2-space indented object ending in a newline:\n%.80s", f.name, out)
		}
		var got profile.Document
		if err := json.Unmarshal(b.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(f.p.Document(), got); diff != "" {
			t.Errorf("%s: JSON does not round-trip to the profile's Document (-want +got):\n%s", f.name, diff)
		}
	}
}

func TestQuadrantWordingIsCited(t *testing.T) {
	src := framework.SourceText()
	for key, q := range quadrants {
		if !framework.Cites(src, q.Source) {
			t.Errorf("quadrant %s cites %q, which is not in the source text", key, q.Source)
		}
	}
	for _, s := range []string{tendencySource, judgementSource} {
		if !framework.Cites(src, s) {
			t.Errorf("%q is not in the source text", s)
		}
	}
}

// polygons returns the vertices of every polygon with a data-scale, by scale.
func polygons(t *testing.T, svg string) map[string][]point {
	t.Helper()
	out := map[string][]point{}
	for _, m := range regexp.MustCompile(`<polygon data-scale="(\w+)" points="([^"]*)"`).FindAllStringSubmatch(svg, -1) {
		var pts []point
		for _, pair := range strings.Fields(m[2]) {
			x, y, _ := strings.Cut(pair, ",")
			px, err1 := strconv.ParseFloat(x, 64)
			py, err2 := strconv.ParseFloat(y, 64)
			if err1 != nil || err2 != nil {
				t.Fatalf("bad point %q in %s polygon", pair, m[1])
			}
			pts = append(pts, point{px, py})
		}
		out[m[1]] = pts
	}
	return out
}

// area is the shoelace area of a polygon.
func area(ps []point) float64 {
	var s float64
	for i, p := range ps {
		q := ps[(i+1)%len(ps)]
		s += p.X*q.Y - q.X*p.Y
	}
	return math.Abs(s) / 2
}

func TestRadarShapes(t *testing.T) {
	fx := fixtures(t)
	for _, f := range fx {
		polys := polygons(t, string(RadarSVG(f.p)))
		if len(polys) != 2 || len(polys["management"]) != 6 || len(polys["leadership"]) != 6 {
			t.Fatalf("%s: radar polygons %v, want management and leadership with 6 vertices each", f.name, polys)
		}
		m, l := area(polys["management"]), area(polys["leadership"])
		switch f.name {
		case "manager":
			if m <= 2*l {
				t.Errorf("manager: management area %.0f is not clearly larger than leadership %.0f", m, l)
			}
		case "leader":
			if l <= 2*m {
				t.Errorf("leader: leadership area %.0f is not clearly larger than management %.0f", l, m)
			}
		}
	}
}

func TestGridPoint(t *testing.T) {
	re := regexp.MustCompile(`<circle id="you" cx="([\d.]+)" cy="([\d.]+)"`)
	for _, f := range fixtures(t) {
		m := re.FindStringSubmatch(string(GridSVG(f.p, 60)))
		if m == nil {
			t.Fatalf("%s: no circle#you", f.name)
		}
		cx, _ := strconv.ParseFloat(m[1], 64)
		cy, _ := strconv.ParseFloat(m[2], 64)
		gotM, gotL := (cx-plotX)/plotSize*100, (plotY+plotSize-cy)/plotSize*100
		if math.Abs(gotM-f.p.Scales[profile.M]) > 0.1 || math.Abs(gotL-f.p.Scales[profile.L]) > 0.1 {
			t.Errorf("%s: point at management %.1f, leadership %.1f; want %v", f.name, gotM, gotL, f.p.Scales)
		}
	}
}
