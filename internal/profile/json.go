package profile

import (
	"encoding/json"

	"github.com/twohats/twohats/internal/framework"
)

// Document is the profile JSON, a public contract. Maps marshal with sorted
// keys, so the same profile always gives the same bytes.
type Document struct {
	Instrument  string                        `json:"instrument"`
	Scales      map[string]ScaleDoc           `json:"scales"`
	Facets      map[string]map[string]float64 `json:"facets"`
	Tendency    float64                       `json:"tendency"`
	Judgement   JudgementDoc                  `json:"judgement"`
	Quadrant    string                        `json:"quadrant"`
	Warnings    []WarningDoc                  `json:"warnings"`
	Development []DevelopmentDoc              `json:"development"`
	Habits      []CitedDoc                    `json:"habits"`
	Disclaimer  string                        `json:"disclaimer"`
}

// ScaleDoc is one scale's score in the profile JSON.
type ScaleDoc struct {
	Score float64 `json:"score"`
}

// JudgementDoc is the situational-judgement result in the profile JSON.
type JudgementDoc struct {
	Accuracy   float64 `json:"accuracy"`
	Preference float64 `json:"preference"`
}

// WarningDoc is a blind-spot warning in the profile JSON.
type WarningDoc struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Source string `json:"source"`
}

// DevelopmentDoc is one facet to develop in the profile JSON.
type DevelopmentDoc struct {
	Scale     string     `json:"scale"`
	Facet     string     `json:"facet"`
	Name      string     `json:"name"`
	Develop   string     `json:"develop"`
	Score     float64    `json:"score"`
	Practices []CitedDoc `json:"practices"`
}

// CitedDoc is a practice or habit with the source sentence it comes from.
type CitedDoc struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Source string `json:"source"`
}

// Document returns the profile in its public JSON shape.
func (p *Profile) Document() Document {
	d := Document{
		Instrument: p.Instrument,
		Scales:     map[string]ScaleDoc{},
		Facets:     map[string]map[string]float64{},
		Tendency:   p.Tendency,
		Judgement:  JudgementDoc(p.Judgement),
		Quadrant:   p.Quadrant,
		Warnings:   []WarningDoc{},
		Habits:     []CitedDoc{},
		Disclaimer: p.Disclaimer.Text,
	}
	for si, key := range ScaleKeys {
		d.Scales[key] = ScaleDoc{Score: p.Scales[si]}
		d.Facets[key] = map[string]float64{}
		for fi, dim := range p.Dimensions {
			d.Facets[key][dim] = p.Facets[si][fi]
		}
	}
	for _, w := range p.Warnings {
		d.Warnings = append(d.Warnings, WarningDoc{ID: w.Key, Text: w.Text, Source: w.Source})
	}
	d.Development = p.Focus.Development()
	for _, h := range p.Focus.Habits {
		d.Habits = append(d.Habits, cited(h))
	}
	return d
}

func cited(h framework.Habit) CitedDoc { return CitedDoc{ID: h.Key, Text: h.Text, Source: h.Source} }

// MarshalJSON writes the profile in its public JSON shape.
func (p Profile) MarshalJSON() ([]byte, error) { return json.Marshal(p.Document()) }
