// Package instrument holds twohats's own assessment item banks as validated,
// versioned data. An instrument has three sections: capability items rated on a
// frequency scale (two separate scales, management and leadership, with one
// facet per dimension of the framework), forced-choice tendency pairs, and
// situational-judgement scenarios keyed to the source's guidance.
package instrument

import (
	"embed"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/twohats/twohats/internal/framework"
)

//go:embed data/*.yaml
var files embed.FS

// Sections of an instrument.
const (
	Capability = "capability"
	Tendency   = "tendency"
	SJT        = "sjt"
)

// Poles an option can stand for. Blend and Neither appear only in scenarios.
const (
	PoleManagement = framework.Management
	PoleLeadership = framework.Leadership
	PoleBlend      = "blend"
	PoleNeither    = "neither"
)

// Rating bounds shared by the capability scale and scenario ratings.
const (
	MinRating = 1
	MaxRating = 5
)

// Default is the instrument a new assessment uses.
const Default = "core@1"

// Instrument is one immutable version of the item bank. Its JSON is a public
// contract: see `twohats instrument --format json`.
type Instrument struct {
	ID          string       `yaml:"id" json:"id"`
	Title       string       `yaml:"title" json:"title"`
	Intro       string       `yaml:"intro" json:"intro"`
	Minutes     int          `yaml:"minutes" json:"minutes"`
	Dimensions  []Dimension  `yaml:"-" json:"dimensions"`
	Sections    []Section    `yaml:"sections" json:"sections"`
	RatingScale []ScalePoint `yaml:"rating_scale" json:"rating_scale"`
	SJTScale    []ScalePoint `yaml:"sjt_scale" json:"sjt_scale"`
	Scoring     Scoring      `yaml:"scoring" json:"scoring"`
	Items       []Item       `yaml:"items" json:"items"`
}

// Dimension is the framework dimension an instrument's facets are built on,
// repeated in the instrument JSON so that it stands on its own.
type Dimension struct {
	Key         string `json:"key"`
	Name        string `json:"name"`
	ManagerPole string `json:"manager_pole"`
	LeaderPole  string `json:"leader_pole"`
}

// Section introduces one part of the questionnaire.
type Section struct {
	Key    string `yaml:"key" json:"key"`
	Title  string `yaml:"title" json:"title"`
	Prompt string `yaml:"prompt" json:"prompt"`
}

// ScalePoint is one labelled point of a rating scale.
type ScalePoint struct {
	Value int    `yaml:"value" json:"value"`
	Label string `yaml:"label" json:"label"`
}

// Scoring holds the cut points that turn scores into a quadrant and warnings.
// They are data so that they can be reviewed and tuned without code changes.
type Scoring struct {
	// HighCut is the scale score (0-100) at or above which a scale counts as
	// high on the management × leadership grid.
	HighCut float64 `yaml:"high_cut" json:"high_cut"`
	// ImbalanceGap is the gap between the two scale scores at or above which
	// the stronger side is flagged as overused.
	ImbalanceGap float64 `yaml:"imbalance_gap" json:"imbalance_gap"`
	// StrongTendency is the |tendency index| at or above which the pressure
	// default is flagged.
	StrongTendency float64 `yaml:"strong_tendency" json:"strong_tendency"`
	// LowJudgement is the judgement accuracy (0-100) below which the
	// situational-judgement warning is raised.
	LowJudgement float64 `yaml:"low_judgement" json:"low_judgement"`
}

// Item is one question. Which fields are set depends on Section.
type Item struct {
	ID      string   `yaml:"id" json:"id"`
	Section string   `yaml:"section" json:"section"`
	Text    string   `yaml:"text" json:"text"`
	Options []Option `yaml:"options" json:"options"`

	// Capability items.
	Scale        string `yaml:"scale,omitempty" json:"scale,omitempty"`
	Facet        string `yaml:"facet,omitempty" json:"facet,omitempty"`
	Reverse      bool   `yaml:"reverse,omitempty" json:"reverse"`
	ObserverText string `yaml:"observer_text,omitempty" json:"observer_text,omitempty"`

	// Situational-judgement items.
	Scenario string `yaml:"scenario,omitempty" json:"scenario,omitempty"`
	Context  string `yaml:"context,omitempty" json:"context,omitempty"`
	Phase    string `yaml:"phase,omitempty" json:"phase,omitempty"`
	// Source is the sentence of the source text that the item's key follows.
	Source string `yaml:"source,omitempty" json:"source,omitempty"`
}

// Option is a choice within a tendency pair or a scenario, or a point of the
// rating scale of a capability item (filled in from the instrument's
// rating_scale after validation: the data file gives capability items none).
type Option struct {
	ID   string `yaml:"id" json:"id"`
	Text string `yaml:"text" json:"text"`
	// Value is the rating a capability item's option stands for.
	Value int `yaml:"-" json:"value,omitempty"`
	// Pole is the approach the option stands for.
	Pole string `yaml:"pole,omitempty" json:"pole,omitempty"`
	// Key is the appropriateness rating (1-5) the source's guidance gives a
	// scenario option. It is the answer key, so it is left out of the public
	// instrument JSON.
	Key int `yaml:"key,omitempty" json:"-"`
}

// Load returns the embedded instrument with the given id, such as "core@1".
func Load(fw *framework.Framework, id string) (*Instrument, error) {
	name := FileName(id)
	data, err := files.ReadFile(path.Join("data", name))
	if err != nil {
		return nil, fmt.Errorf("unknown instrument %q; known: %s", id, strings.Join(IDs(), ", "))
	}
	return Parse(fw, name, data)
}

// FileName is the embedded file that holds the instrument id.
func FileName(id string) string { return strings.ReplaceAll(id, "@", "-") + ".yaml" }

// IDs lists the embedded instruments.
func IDs() []string {
	entries, _ := files.ReadDir("data")
	var ids []string
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".yaml")
		if i := strings.LastIndex(name, "-"); i > 0 {
			ids = append(ids, name[:i]+"@"+name[i+1:])
		}
	}
	return ids
}

// Parse decodes and validates an instrument file against the framework. name
// appears in every error, together with the id of the offending item.
func Parse(fw *framework.Framework, name string, data []byte) (*Instrument, error) {
	var in Instrument
	if err := yaml.UnmarshalWithOptions(data, &in, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("%s: %s", name, yaml.FormatError(err, false, false))
	}
	for _, d := range fw.Dimensions {
		in.Dimensions = append(in.Dimensions, Dimension{Key: d.Key, Name: d.Name, ManagerPole: d.ManagerPole, LeaderPole: d.LeaderPole})
	}
	if err := in.validate(fw); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	// Capability items are answered on the shared rating scale; give each its
	// points as options so that every item in the public JSON says how it is
	// answered.
	for i := range in.Items {
		if in.Items[i].Section == Capability {
			for _, p := range in.RatingScale {
				in.Items[i].Options = append(in.Items[i].Options, Option{ID: fmt.Sprint(p.Value), Text: p.Label, Value: p.Value})
			}
		}
	}
	return &in, nil
}

// Item returns the item with the given id.
func (in *Instrument) Item(id string) (*Item, bool) {
	for i := range in.Items {
		if in.Items[i].ID == id {
			return &in.Items[i], true
		}
	}
	return nil, false
}

// ItemsIn lists the items of one section, in order.
func (in *Instrument) ItemsIn(section string) []Item {
	var out []Item
	for _, it := range in.Items {
		if it.Section == section {
			out = append(out, it)
		}
	}
	return out
}

// Section returns the section with the given key.
func (in *Instrument) Section(key string) Section {
	for _, s := range in.Sections {
		if s.Key == key {
			return s
		}
	}
	return Section{Key: key, Title: key}
}

// MaxItems is the most items an instrument may have: more would not fit the
// 15 minutes a respondent is promised.
const MaxItems = 60

// Minimums the instrument must meet for its scores to mean anything.
const (
	MinItemsPerFacet = 3
	MinTendencyPairs = 8
	MinScenarios     = 12
	ScenarioOptions  = 4
)

func itemError(id, format string, args ...any) error {
	return fmt.Errorf("item %q: %s", id, fmt.Sprintf(format, args...))
}

func (in *Instrument) validate(fw *framework.Framework) error {
	var errs []error
	add := func(err error) { errs = append(errs, err) }
	if in.ID == "" {
		add(errors.New("id: missing"))
	}
	if len(in.Items) > MaxItems {
		add(fmt.Errorf("items: %d items, more than the %d that fit 15 minutes", len(in.Items), MaxItems))
	}
	checkScale := func(field string, pts []ScalePoint) {
		if len(pts) != MaxRating-MinRating+1 {
			add(fmt.Errorf("%s: want %d points, got %d", field, MaxRating-MinRating+1, len(pts)))
			return
		}
		for i, p := range pts {
			if p.Value != MinRating+i || p.Label == "" {
				add(fmt.Errorf("%s: point %d must have value %d and a label", field, i+1, MinRating+i))
			}
		}
	}
	checkScale("rating_scale", in.RatingScale)
	checkScale("sjt_scale", in.SJTScale)
	s := in.Scoring
	if s.HighCut <= 0 || s.HighCut >= 100 || s.ImbalanceGap <= 0 || s.ImbalanceGap >= 100 ||
		s.StrongTendency <= 0 || s.StrongTendency > 1 || s.LowJudgement < 0 || s.LowJudgement >= 100 {
		add(errors.New("scoring: high_cut, imbalance_gap and low_judgement must lie in (0,100), strong_tendency in (0,1]"))
	}
	for _, sec := range []string{Capability, Tendency, SJT} {
		if !slices.ContainsFunc(in.Sections, func(x Section) bool { return x.Key == sec }) {
			add(fmt.Errorf("sections: no %q section", sec))
		}
	}

	type facetKey struct{ scale, facet string }
	count := map[facetKey]int{}
	reversed := map[facetKey]int{}
	ids := map[string]bool{}
	contexts, phases := map[string]bool{}, map[string]bool{}
	var pairs, scenarios int
	for _, it := range in.Items {
		if it.ID == "" {
			add(fmt.Errorf("item after %d others: no id", len(ids)))
			continue
		}
		if ids[it.ID] {
			add(itemError(it.ID, "duplicate id"))
		}
		ids[it.ID] = true
		if strings.TrimSpace(it.Text) == "" {
			add(itemError(it.ID, "no text"))
		}
		switch it.Section {
		case Capability:
			if it.Scale != framework.Management && it.Scale != framework.Leadership {
				add(itemError(it.ID, "unknown scale %q; want management or leadership", it.Scale))
			}
			if _, ok := fw.Dimension(it.Facet); !ok {
				add(itemError(it.ID, "unknown facet %q; want one of %s", it.Facet, strings.Join(fw.DimensionKeys(), ", ")))
			}
			if !strings.HasPrefix(it.ObserverText, "They ") {
				add(itemError(it.ID, "observer_text must be worded for an observer, starting with \"They \""))
			}
			if len(it.Options) > 0 {
				add(itemError(it.ID, "capability items use the rating scale and take no options"))
			}
			k := facetKey{it.Scale, it.Facet}
			count[k]++
			if it.Reverse {
				reversed[k]++
			}
		case Tendency:
			pairs++
			if len(it.Options) != 2 {
				add(itemError(it.ID, "a tendency pair needs exactly 2 options, got %d", len(it.Options)))
				break
			}
			poles := map[string]bool{}
			for _, o := range it.Options {
				poles[o.Pole] = true
			}
			if !poles[PoleManagement] || !poles[PoleLeadership] {
				add(itemError(it.ID, "a tendency pair needs one management and one leadership option"))
			}
			in.checkOptions(it, add, false)
		case SJT:
			scenarios++
			if strings.TrimSpace(it.Scenario) == "" {
				add(itemError(it.ID, "no scenario"))
			}
			if _, _, ok := fw.Context(it.Context); !ok {
				add(itemError(it.ID, "unknown context %q; want one of %s", it.Context, strings.Join(fw.ContextKeys(), ", ")))
			} else {
				_, fam, _ := fw.Context(it.Context)
				contexts[fam.Key] = true
			}
			if _, ok := fw.Phase(it.Phase); !ok {
				add(itemError(it.ID, "unknown phase %q; want one of %s", it.Phase, strings.Join(fw.PhaseKeys(), ", ")))
			}
			phases[it.Phase] = true
			if !framework.Cites(fw.Source, it.Source) {
				add(itemError(it.ID, "source %q is not a sentence of the source text", it.Source))
			}
			if len(it.Options) != ScenarioOptions {
				add(itemError(it.ID, "a scenario needs exactly %d options, got %d", ScenarioOptions, len(it.Options)))
			}
			in.checkOptions(it, add, true)
		default:
			add(itemError(it.ID, "unknown section %q; want capability, tendency or sjt", it.Section))
		}
	}
	for _, scale := range []string{framework.Management, framework.Leadership} {
		for _, d := range fw.Dimensions {
			k := facetKey{scale, d.Key}
			if count[k] < MinItemsPerFacet {
				add(fmt.Errorf("facet %s.%s: %d items, want at least %d", scale, d.Key, count[k], MinItemsPerFacet))
			}
			if reversed[k] == 0 {
				add(fmt.Errorf("facet %s.%s: no reverse-keyed item", scale, d.Key))
			}
			if reversed[k] == count[k] && count[k] > 0 {
				add(fmt.Errorf("facet %s.%s: every item is reverse-keyed", scale, d.Key))
			}
		}
	}
	if pairs < MinTendencyPairs {
		add(fmt.Errorf("tendency: %d pairs, want at least %d", pairs, MinTendencyPairs))
	}
	if scenarios < MinScenarios {
		add(fmt.Errorf("sjt: %d scenarios, want at least %d", scenarios, MinScenarios))
	}
	for _, fam := range fw.ContextFamilies {
		if !contexts[fam.Key] {
			add(fmt.Errorf("sjt: no scenario in a %s context", fam.Key))
		}
	}
	for _, p := range fw.Phases {
		if !phases[p.Key] {
			add(fmt.Errorf("sjt: no scenario in the %s phase", p.Key))
		}
	}
	return errors.Join(errs...)
}

func (in *Instrument) checkOptions(it Item, add func(error), keyed bool) {
	seen := map[string]bool{}
	var spread []int
	for _, o := range it.Options {
		if o.ID == "" {
			add(itemError(it.ID, "an option has no id"))
			continue
		}
		if seen[o.ID] {
			add(itemError(it.ID, "duplicate option id %q", o.ID))
		}
		seen[o.ID] = true
		if strings.TrimSpace(o.Text) == "" {
			add(itemError(it.ID, "option %q has no text", o.ID))
		}
		switch o.Pole {
		case PoleManagement, PoleLeadership:
		case PoleBlend, PoleNeither:
			if !keyed {
				add(itemError(it.ID, "option %q: pole %q is only for scenarios", o.ID, o.Pole))
			}
		default:
			add(itemError(it.ID, "option %q: unknown pole %q", o.ID, o.Pole))
		}
		if keyed {
			if o.Key < MinRating || o.Key > MaxRating {
				add(itemError(it.ID, "option %q: key %d outside %d-%d", o.ID, o.Key, MinRating, MaxRating))
			}
			spread = append(spread, o.Key)
		} else if o.Key != 0 {
			add(itemError(it.ID, "option %q: only scenario options carry a key", o.ID))
		}
	}
	if keyed && len(spread) > 0 && slices.Min(spread) == slices.Max(spread) {
		add(itemError(it.ID, "every option has the same key, so the scenario cannot discriminate"))
	}
}
