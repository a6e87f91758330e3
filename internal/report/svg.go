package report

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/twohats/twohats/internal/profile"
)

// Colours shared by the charts and the page. They are tested for a contrast of
// at least 4.5:1 against the backgrounds they are drawn on.
const (
	colorText       = "#1b1f24"
	colorMuted      = "#4a5260"
	colorManagement = "#1f5fa8"
	colorLeadership = "#a8441c"
	colorGrid       = "#c9ced6"
	colorTint       = "#f4f6f8"
	colorYouTint    = "#e8eef6"
)

// fontStack uses only fonts already on the reader's machine: the page makes no
// request, so it cannot fetch one.
const fontStack = `system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif`

// Radar geometry, in SVG user units.
const (
	radarW, radarH   = 600, 450
	radarCX, radarCY = 300, 250
	radarR           = 140
)

// Grid geometry: a square plot with room for the axes at left and bottom.
const (
	gridW, gridH = 480, 460
	plotX, plotY = 72, 16
	plotSize     = 380
)

type point struct{ X, Y float64 }

func (p point) String() string { return fmt.Sprintf("%.1f,%.1f", p.X, p.Y) }

func points(ps []point) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.String()
	}
	return strings.Join(s, " ")
}

// spoke is the unit vector of dimension i of n, the first pointing up and the
// rest clockwise.
func spoke(i, n int) (float64, float64) {
	a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
	return math.Cos(a), math.Sin(a)
}

type radarData struct {
	W, H, CX, CY float64
	Font         string
	Colors       map[string]string
	Rings        []radarRing
	Spokes       []radarSpoke
	Series       [2]radarSeries
	Desc         string
}

type radarRing struct {
	Value  int
	Points string
	Label  point
}

type radarSpoke struct {
	End, Label point
	Anchor     string
	Name       string
	M, L       string
	// Shift moves a label's first line up, so that a two-line label sits
	// clear of the spoke end above and below the chart.
	Shift float64
}

type radarSeries struct {
	Key, Name, Color string
	Width            string
	Score            string
	Points           string
	Vertices         []point
	Dash             string
	FillOpacity      string
}

// RadarSVG draws the twelve facet scores of p as an accessible inline SVG
// radar chart: one spoke per dimension and one polygon per scale.
func RadarSVG(p *profile.Profile) template.HTML {
	if p == nil {
		return ""
	}
	ds := dims(p)
	n := len(ds)
	d := radarData{W: radarW, H: radarH, CX: radarCX, CY: radarCY, Font: fontStack, Colors: colors()}
	for _, v := range []int{25, 50, 75, 100} {
		ring := make([]point, n)
		for i := range ds {
			x, y := spoke(i, n)
			ring[i] = point{radarCX + radarR*float64(v)/100*x, radarCY + radarR*float64(v)/100*y}
		}
		d.Rings = append(d.Rings, radarRing{Value: v, Points: points(ring), Label: point{radarCX + 4, radarCY - radarR*float64(v)/100 - 3}})
	}
	var mDesc, lDesc []string
	for i, dim := range ds {
		x, y := spoke(i, n)
		s := radarSpoke{
			End:   point{radarCX + radarR*x, radarCY + radarR*y},
			Label: point{radarCX + (radarR+14)*x, radarCY + (radarR+14)*y + 5},
			Name:  dim.Name, M: Num(dim.M), L: Num(dim.L),
		}
		switch {
		case x > 0.1:
			s.Anchor = "start"
		case x < -0.1:
			s.Anchor = "end"
		default:
			s.Anchor = "middle"
		}
		switch {
		case y < -0.9:
			s.Shift = -27 // above the top spoke: both lines above its end
		case y > 0.9:
			s.Shift = 10
		default:
			s.Shift = -7
		}
		d.Spokes = append(d.Spokes, s)
		mDesc = append(mDesc, fmt.Sprintf("%s %s", dim.Name, Num(dim.M)))
		lDesc = append(lDesc, fmt.Sprintf("%s %s", dim.Name, Num(dim.L)))
	}
	for si := range d.Series {
		s := radarSeries{Key: profile.ScaleKeys[si], Name: scaleName(profile.ScaleKeys[si]), FillOpacity: "0.22"}
		s.Score = Num(clamp(p.Scales[si], 0, 100))
		// Leadership is drawn dashed and thinner over a wider solid
		// management line, so that where the two coincide both still show.
		if si == profile.M {
			s.Color, s.Width = colorManagement, "3.5"
		} else {
			s.Color, s.Dash, s.Width = colorLeadership, "7 5", "2.5"
		}
		for i, dim := range ds {
			v := dim.M
			if si == profile.L {
				v = dim.L
			}
			x, y := spoke(i, n)
			s.Vertices = append(s.Vertices, point{radarCX + radarR*v/100*x, radarCY + radarR*v/100*y})
		}
		s.Points = points(s.Vertices)
		d.Series[si] = s
	}
	d.Desc = fmt.Sprintf("Scores from 0 at the centre to 100 at the edge. Management (solid): %s. Leadership (dashed): %s.",
		strings.Join(mDesc, ", "), strings.Join(lDesc, ", "))
	return renderSVG("radar.svg.tmpl", d)
}

type gridData struct {
	W, H                      float64
	Font                      string
	Colors                    map[string]string
	Plot                      rect
	CutX, CutY                float64
	Cut                       string
	Ticks                     []gridTick
	Quads                     []gridQuad
	You                       point
	M, L                      string
	YouLabel                  point
	QuadrantName, Description string
}

type rect struct{ X, Y, W, H float64 }

type gridTick struct {
	Value string
	X, Y  float64
}

type gridQuad struct {
	Key, Name string
	Rect      rect
	Label     point
	Anchor    string
	Yours     bool
}

// GridSVG places p on the management × leadership grid as an accessible inline
// SVG: management across, leadership up, the quadrants split at highCut (the
// instrument's high_cut; zero or out of range means DefaultHighCut).
func GridSVG(p *profile.Profile, highCut float64) template.HTML {
	if p == nil {
		return ""
	}
	if highCut <= 0 || highCut >= 100 {
		highCut = DefaultHighCut
	}
	m, l := clamp(p.Scales[profile.M], 0, 100), clamp(p.Scales[profile.L], 0, 100)
	xAt := func(v float64) float64 { return plotX + plotSize*v/100 }
	yAt := func(v float64) float64 { return plotY + plotSize*(1-v/100) }
	d := gridData{
		W: gridW, H: gridH, Font: fontStack, Colors: colors(),
		Plot: rect{plotX, plotY, plotSize, plotSize},
		CutX: xAt(highCut), CutY: yAt(highCut), Cut: Num(highCut),
		You: point{xAt(m), yAt(l)}, M: Num(m), L: Num(l),
	}
	for _, v := range []float64{0, 25, 50, 75, 100} {
		d.Ticks = append(d.Ticks, gridTick{Value: Num(v), X: xAt(v), Y: yAt(v)})
	}
	// Which quadrant the point is in follows the same rule as the scorer:
	// a scale is high at or above the cut.
	mHigh, lHigh := m >= highCut, l >= highCut
	right, left := rect{d.CutX, 0, plotX + plotSize - d.CutX, 0}, rect{plotX, 0, d.CutX - plotX, 0}
	top, bottom := rect{0, plotY, 0, d.CutY - plotY}, rect{0, d.CutY, 0, plotY + plotSize - d.CutY}
	quad := func(key string, h, v rect, high [2]bool) gridQuad {
		q := gridQuad{Key: key, Name: quadrants[key].Name, Rect: rect{h.X, v.Y, h.W, v.H}, Yours: high == [2]bool{mHigh, lHigh}}
		if h.X == plotX {
			q.Anchor, q.Label.X = "start", h.X+10
		} else {
			q.Anchor, q.Label.X = "end", h.X+h.W-10
		}
		// The label sits on the quadrant's outer edge, unless the point is
		// in this quadrant and nearer that edge: then it moves to the other.
		outerTop := v.Y == plotY
		if q.Yours {
			mid := v.Y + v.H/2
			if d.You.Y < mid == outerTop {
				outerTop = !outerTop
			}
		}
		if outerTop {
			q.Label.Y = v.Y + 22
		} else {
			q.Label.Y = v.Y + v.H - 12
		}
		return q
	}
	d.Quads = []gridQuad{
		quad(profile.LeaderLeaning, left, top, [2]bool{false, true}),
		quad(profile.Balanced, right, top, [2]bool{true, true}),
		quad(profile.Emerging, left, bottom, [2]bool{false, false}),
		quad(profile.ManagerLeaning, right, bottom, [2]bool{true, false}),
	}
	for _, q := range d.Quads {
		if q.Yours {
			d.QuadrantName = q.Name
		}
	}
	// The "You" label sits above the point (below it near the top), centred
	// but kept inside the point's quadrant where the quadrant is wide enough,
	// so that it crosses neither a quadrant line nor the plot's edge.
	const halfLabel = 70
	lo, hi := float64(plotX+halfLabel), float64(plotX+plotSize-halfLabel)
	for _, q := range d.Quads {
		if q.Yours && q.Rect.W >= 2*halfLabel {
			lo, hi = q.Rect.X+halfLabel, q.Rect.X+q.Rect.W-halfLabel
		}
	}
	d.YouLabel = point{math.Max(lo, math.Min(hi, d.You.X)), d.You.Y - 16}
	if l > 88 {
		d.YouLabel.Y = d.You.Y + 28
	}
	d.Description = fmt.Sprintf("Management %s of 100 across, leadership %s of 100 up. A scale counts as high from %s. "+
		"You are in the %s quadrant. The quadrants are: balanced (both high, top right), manager-leaning (management high, bottom right), "+
		"leader-leaning (leadership high, top left) and emerging (neither high, bottom left).", d.M, d.L, d.Cut, d.QuadrantName)
	return renderSVG("grid.svg.tmpl", d)
}

func colors() map[string]string {
	return map[string]string{
		"text": colorText, "muted": colorMuted, "m": colorManagement, "l": colorLeadership,
		"grid": colorGrid, "tint": colorTint, "you": colorYouTint,
	}
}

// renderSVG executes one of the chart templates. The templates are parsed and
// checked when the package loads and take only values this file builds, so a
// failure here is a bug in this package and panics rather than drawing half a
// chart.
func renderSVG(name string, data any) template.HTML {
	var b bytes.Buffer
	if err := templates.ExecuteTemplate(&b, name, data); err != nil {
		panic(fmt.Sprintf("report: %s: %v", name, err))
	}
	return template.HTML(b.String())
}
