// Package report renders a scored profile for people: a terminal report, a
// standalone HTML page with two inline SVG charts, and the profile JSON.
//
// The package is pure. It takes a *profile.Profile and writes to an io.Writer;
// it opens no file and makes no request. Every renderer works from one view
// model (see build), so the text and the HTML always say the same things.
package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"

	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/profile"
)

// DefaultHighCut is the scale score at or above which a scale counts as high
// when the caller does not give the instrument's own cut point; it is the
// high_cut of core@1.
const DefaultHighCut = 60

// JSON writes the profile's public JSON document, indented by two spaces and
// ending in a newline.
func JSON(w io.Writer, p *profile.Profile) error {
	if p == nil {
		return errNilProfile
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// The document is written to files and terminals, not into HTML, so keep
	// "<", ">" and "&" readable.
	enc.SetEscapeHTML(false)
	return enc.Encode(p.Document())
}

var errNilProfile = errors.New("report: no profile to render")

// defaultFramework is the embedded framework, which names the dimensions and
// poles that a profile refers to only by key.
var defaultFramework = sync.OnceValues(framework.Default)

// quadrantInfo says in plain words what a quadrant of the grid means. Source
// is the sentence of the source text the wording follows (checked by a test).
type quadrantInfo struct {
	Name    string
	Short   string
	Meaning string
	Source  string
}

var quadrants = map[string]quadrantInfo{
	profile.Balanced: {
		Name:  "Balanced",
		Short: "strong management and strong leadership",
		Meaning: "Both of your scales are high. You can manage when a situation needs " +
			"consistency and lead when it needs change; the work now is choosing well " +
			"between the two rather than defaulting to the comfortable one.",
		Source: "The best performers develop capacity for both management and leadership, applying each approach strategically rather than defaulting to comfortable patterns.",
	},
	profile.ManagerLeaning: {
		Name:  "Manager-leaning",
		Short: "strong management, leadership still developing",
		Meaning: "Your management is high and your leadership is not yet. You keep work " +
			"predictable, efficient and under control; the side to grow is setting " +
			"direction, winning commitment and building influence without authority.",
		Source: "If you naturally manage, deliberately practice leadership by articulating compelling visions for projects, inspiring team commitment beyond compliance, and building influence through credibility rather than authority.",
	},
	profile.LeaderLeaning: {
		Name:  "Leader-leaning",
		Short: "strong leadership, management still developing",
		Meaning: "Your leadership is high and your management is not yet. You set " +
			"direction and energise people; the side to grow is the processes, " +
			"controls and standards that turn a vision into results.",
		Source: "If you naturally lead, deliberately practice management by optimizing processes, establishing control systems, and ensuring operational excellence alongside inspirational direction.",
	},
	profile.Emerging: {
		Name:  "Emerging",
		Short: "both sides still developing",
		Meaning: "Neither scale is high yet. That is a starting point, not a verdict: " +
			"management and leadership both develop through practice and feedback, " +
			"and the practices below are where to begin.",
		Source: "Both skillsets develop through practice and feedback",
	},
}

// Sentences about tendency and judgement follow these source sentences.
const (
	tendencySource  = "Honest self-assessment reveals whether you default to managing or leading under pressure, indicating which complementary skills require conscious development."
	judgementSource = "The most valuable organizational contributors recognize when to manage and when to lead, switching between roles based on team needs and business requirements rather than personal preference or job title expectations."
)

// view is everything a report shows, worked out once for every format.
type view struct {
	Instrument string
	HighCut    float64
	Quadrant   quadrantInfo
	QuadKey    string
	Scales     [2]scaleView
	Dims       []dimView

	Tendency         float64
	TendencySentence string

	Accuracy           float64
	AccuracySentence   string
	Preference         float64
	PreferenceSentence string

	Warnings []warningView

	FocusSide   string // "management" or "leadership"
	FocusName   string // "Management" or "Leadership"
	FocusFacets []focusView
	Habits      []string
	Disclaimer  string
}

type scaleView struct {
	Key, Name, Summary string
	Score              float64
	High               bool
}

type dimView struct {
	Key, Name               string
	ManagerPole, LeaderPole string
	M, L                    float64
}

type warningView struct {
	Key, Text, Source string
}

type focusView struct {
	Name, Pole string
	Score      float64
	Practices  []string
}

// build turns a profile into the view every renderer draws from.
func build(p *profile.Profile, highCut float64) (*view, error) {
	if p == nil {
		return nil, errNilProfile
	}
	fw, err := defaultFramework()
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if highCut <= 0 || highCut >= 100 {
		highCut = DefaultHighCut
	}
	q, ok := quadrants[p.Quadrant]
	if !ok {
		return nil, fmt.Errorf("report: unknown quadrant %q; want one of balanced, manager-leaning, leader-leaning, emerging", p.Quadrant)
	}
	v := &view{
		Instrument: p.Instrument,
		HighCut:    highCut,
		Quadrant:   q,
		QuadKey:    p.Quadrant,
		Tendency:   clamp(p.Tendency, -1, 1),
		Accuracy:   clamp(p.Judgement.Accuracy, 0, 100),
		Preference: clamp(p.Judgement.Preference, -1, 1),
		Disclaimer: p.Disclaimer.Text,
	}
	for si, key := range profile.ScaleKeys {
		s := scaleView{Key: key, Name: scaleName(key), Score: clamp(p.Scales[si], 0, 100)}
		for _, fs := range fw.Scales {
			if fs.Key == key {
				s.Name, s.Summary = fs.Name, fs.Summary
			}
		}
		s.High = s.Score >= highCut
		v.Scales[si] = s
	}
	v.Dims = dims(p)
	v.TendencySentence = tendencySentence(v.Tendency)
	v.AccuracySentence = accuracySentence(v.Accuracy)
	v.PreferenceSentence = preferenceSentence(v.Preference)
	for _, w := range p.Warnings {
		v.Warnings = append(v.Warnings, warningView{Key: w.Key, Text: w.Text, Source: w.Source})
	}
	v.FocusSide = p.Focus.Side
	v.FocusName = scaleName(p.Focus.Side)
	for _, f := range p.Focus.Facets {
		// The facet's own score is the one the rest of the report shows, so
		// read it from there rather than trust a copy.
		score := f.Score
		if s, ok := p.Score(f.Scale, f.Facet); ok {
			score = s
		}
		fv := focusView{Name: f.Name, Pole: f.Pole, Score: clamp(score, 0, 100)}
		for _, pr := range f.Practices {
			fv.Practices = append(fv.Practices, pr.Text)
		}
		v.FocusFacets = append(v.FocusFacets, fv)
	}
	for _, h := range p.Focus.Habits {
		v.Habits = append(v.Habits, h.Text)
	}
	return v, nil
}

// dims pairs each facet's two scores with the dimension's name and poles. A
// dimension the framework does not know is shown by its key rather than
// dropped, and a short facet slice is read as zeros rather than a panic.
func dims(p *profile.Profile) []dimView {
	fw, _ := defaultFramework()
	out := make([]dimView, len(p.Dimensions))
	for i, key := range p.Dimensions {
		d := dimView{Key: key, Name: key}
		if fw != nil {
			if fd, ok := fw.Dimension(key); ok {
				d.Name, d.ManagerPole, d.LeaderPole = fd.Name, fd.ManagerPole, fd.LeaderPole
			}
		}
		if i < len(p.Facets[profile.M]) {
			d.M = clamp(p.Facets[profile.M][i], 0, 100)
		}
		if i < len(p.Facets[profile.L]) {
			d.L = clamp(p.Facets[profile.L][i], 0, 100)
		}
		out[i] = d
	}
	return out
}

func scaleName(key string) string {
	switch key {
	case framework.Management:
		return "Management"
	case framework.Leadership:
		return "Leadership"
	}
	return key
}

func tendencySentence(t float64) string {
	switch {
	case t <= -0.75:
		return "Under pressure you reach for managing first almost every time."
	case t <= -0.25:
		return "Under pressure you lean towards managing first."
	case t < 0.25:
		return "Under pressure you reach for managing and leading about equally often."
	case t < 0.75:
		return "Under pressure you lean towards leading first."
	default:
		return "Under pressure you reach for leading first almost every time."
	}
}

func accuracySentence(a float64) string {
	switch {
	case a >= 75:
		return "Your ratings of the situations closely follow what each one called for."
	case a >= 50:
		return "Your ratings of the situations partly follow what each one called for."
	default:
		return "Your ratings of the situations often differ from what each one called for."
	}
}

func preferenceSentence(p float64) string {
	switch {
	case p <= -0.25:
		return "Whatever the situation, you rate managing responses clearly higher than leading ones."
	case p <= -0.1:
		return "Whatever the situation, you rate managing responses a little higher than leading ones."
	case p < 0.1:
		return "You rate managing and leading responses about the same overall."
	case p < 0.25:
		return "Whatever the situation, you rate leading responses a little higher than managing ones."
	default:
		return "Whatever the situation, you rate leading responses clearly higher than managing ones."
	}
}

func clamp(x, lo, hi float64) float64 {
	if math.IsNaN(x) {
		return lo
	}
	return math.Max(lo, math.Min(hi, x))
}
