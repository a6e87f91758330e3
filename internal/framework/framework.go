// Package framework holds the manager-vs-leader model of the source text as
// validated data: the six dimensions, the context families, the work phases,
// the myths, the development practices and habits, and the blind-spot
// warnings. Every entry cites the sentence of the source it implements.
//
// The package is pure: it parses bytes it is given or bytes embedded in the
// binary, and never touches the file system or the network.
package framework

import (
	"embed"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
)

//go:embed data/framework.yaml data/source.txt
var files embed.FS

// Scale keys. Management and leadership are two separate scales, never the two
// ends of one.
const (
	Management = "management"
	Leadership = "leadership"
)

// Framework is the whole model of the source text.
type Framework struct {
	Version         int             `yaml:"version" json:"version"`
	Scales          []Scale         `yaml:"scales" json:"scales"`
	Dimensions      []Dimension     `yaml:"dimensions" json:"dimensions"`
	ContextFamilies []ContextFamily `yaml:"context_families" json:"context_families"`
	Phases          []Phase         `yaml:"phases" json:"phases"`
	Myths           []Myth          `yaml:"myths" json:"myths"`
	Practices       []Practice      `yaml:"practices" json:"practices"`
	Habits          []Habit         `yaml:"habits" json:"habits"`
	Warnings        []Warning       `yaml:"warnings" json:"warnings"`
	Disclaimer      Disclaimer      `yaml:"disclaimer" json:"disclaimer"`

	// Source is the text every citation was checked against.
	Source string `yaml:"-" json:"-"`
}

// Scale is one of the two capabilities.
type Scale struct {
	Key     string `yaml:"key" json:"key"`
	Name    string `yaml:"name" json:"name"`
	Summary string `yaml:"summary" json:"summary"`
	Source  string `yaml:"source" json:"source"`
}

// Dimension is one row of the source's comparison table, with its two poles.
type Dimension struct {
	Key         string `yaml:"key" json:"key"`
	Name        string `yaml:"name" json:"name"`
	ManagerPole string `yaml:"manager_pole" json:"manager_pole"`
	LeaderPole  string `yaml:"leader_pole" json:"leader_pole"`
	Source      string `yaml:"source" json:"source"`
}

// ContextFamily groups organisational contexts that call for the same emphasis.
type ContextFamily struct {
	Key      string    `yaml:"key" json:"key"`
	Name     string    `yaml:"name" json:"name"`
	Emphasis string    `yaml:"emphasis" json:"emphasis"`
	Source   string    `yaml:"source" json:"source"`
	Members  []Context `yaml:"members" json:"members"`
}

// Context is one organisational situation, such as a startup or a
// compliance-critical operation.
type Context struct {
	Key    string `yaml:"key" json:"key"`
	Name   string `yaml:"name" json:"name"`
	Source string `yaml:"source" json:"source"`
}

// Phase is a stage in a cycle of work, such as a launch or a crisis.
type Phase struct {
	Key      string `yaml:"key" json:"key"`
	Name     string `yaml:"name" json:"name"`
	Emphasis string `yaml:"emphasis" json:"emphasis"`
	Need     string `yaml:"need" json:"need"`
	Source   string `yaml:"source" json:"source"`
}

// Myth is a common misconception and the reality the source sets against it.
type Myth struct {
	Key     string `yaml:"key" json:"key"`
	Myth    string `yaml:"myth" json:"myth"`
	Reality string `yaml:"reality" json:"reality"`
	Source  string `yaml:"source" json:"source"`
}

// Practice is a concrete way to develop one side; For names that side and
// Facets the dimensions the practice builds most directly.
type Practice struct {
	Key    string   `yaml:"key" json:"key"`
	For    string   `yaml:"for" json:"for"`
	Facets []string `yaml:"facets" json:"facets"`
	Text   string   `yaml:"text" json:"text"`
	Source string   `yaml:"source" json:"source"`
}

// Habit is one of the four development habits that serve either side.
type Habit struct {
	Key    string `yaml:"key" json:"key"`
	Text   string `yaml:"text" json:"text"`
	Source string `yaml:"source" json:"source"`
}

// Warning is the wording of a blind-spot warning. Side is the capability that
// is overused ("management", "leadership") or "both".
type Warning struct {
	Key    string `yaml:"key" json:"key"`
	Side   string `yaml:"side" json:"side"`
	Text   string `yaml:"text" json:"text"`
	Source string `yaml:"source" json:"source"`
}

// Disclaimer says what a profile is for, as the source's own disclaimer does.
type Disclaimer struct {
	Text   string `yaml:"text" json:"text"`
	Source string `yaml:"source" json:"source"`
}

// FileName is the name under which the embedded framework is reported in errors.
const FileName = "framework.yaml"

// Default returns the framework embedded in the binary.
func Default() (*Framework, error) {
	data, err := files.ReadFile("data/framework.yaml")
	if err != nil {
		return nil, err
	}
	return Parse(FileName, data, SourceText())
}

// SourceText returns the embedded source text the framework is drawn from.
func SourceText() string {
	b, err := files.ReadFile("data/source.txt")
	if err != nil {
		// The file is embedded at build time; its absence is a build defect.
		panic("framework: source text not embedded: " + err.Error())
	}
	return string(b)
}

// Parse decodes and validates a framework file. name is used in errors only;
// source is the text that citations must quote.
func Parse(name string, data []byte, source string) (*Framework, error) {
	var f Framework
	if err := yaml.UnmarshalWithOptions(data, &f, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("%s: %s", name, yaml.FormatError(err, false, false))
	}
	f.Source = source
	if err := f.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &f, nil
}

// Dimension returns the dimension with the given key.
func (f *Framework) Dimension(key string) (Dimension, bool) {
	for _, d := range f.Dimensions {
		if d.Key == key {
			return d, true
		}
	}
	return Dimension{}, false
}

// DimensionKeys lists the dimension keys in their canonical order.
func (f *Framework) DimensionKeys() []string {
	keys := make([]string, len(f.Dimensions))
	for i, d := range f.Dimensions {
		keys[i] = d.Key
	}
	return keys
}

// Context returns the context with the given key and the family it belongs to.
func (f *Framework) Context(key string) (Context, ContextFamily, bool) {
	for _, fam := range f.ContextFamilies {
		for _, c := range fam.Members {
			if c.Key == key {
				return c, fam, true
			}
		}
	}
	return Context{}, ContextFamily{}, false
}

// ContextKeys lists every context key, family by family.
func (f *Framework) ContextKeys() []string {
	var keys []string
	for _, fam := range f.ContextFamilies {
		for _, c := range fam.Members {
			keys = append(keys, c.Key)
		}
	}
	return keys
}

// Phase returns the phase with the given key.
func (f *Framework) Phase(key string) (Phase, bool) {
	for _, p := range f.Phases {
		if p.Key == key {
			return p, true
		}
	}
	return Phase{}, false
}

// PhaseKeys lists the phase keys in order.
func (f *Framework) PhaseKeys() []string {
	keys := make([]string, len(f.Phases))
	for i, p := range f.Phases {
		keys[i] = p.Key
	}
	return keys
}

// Warning returns the warning with the given key.
func (f *Framework) Warning(key string) (Warning, bool) {
	for _, w := range f.Warnings {
		if w.Key == key {
			return w, true
		}
	}
	return Warning{}, false
}

// PracticesFor lists the practices that develop the given side.
func (f *Framework) PracticesFor(side string) []Practice {
	var out []Practice
	for _, p := range f.Practices {
		if p.For == side {
			out = append(out, p)
		}
	}
	return out
}

// PracticesForFacet lists the practices that develop side on one facet.
func (f *Framework) PracticesForFacet(side, facet string) []Practice {
	var out []Practice
	for _, p := range f.Practices {
		if p.For == side && slices.Contains(p.Facets, facet) {
			out = append(out, p)
		}
	}
	return out
}

// Other returns the scale that is not side.
func Other(side string) string {
	if side == Management {
		return Leadership
	}
	return Management
}

// Cites reports whether quote appears in source, ignoring differences in white
// space and in straight versus typographic quotes.
func Cites(source, quote string) bool {
	q := normalise(quote)
	return q != "" && strings.Contains(normalise(source), q)
}

var quoteFolder = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`, "–", "-", "—", "-")

func normalise(s string) string {
	return strings.Join(strings.Fields(quoteFolder.Replace(s)), " ")
}

// entryError names the entry that failed validation.
func entryError(section, key, format string, args ...any) error {
	return fmt.Errorf("%s %q: %s", section, key, fmt.Sprintf(format, args...))
}

func (f *Framework) validate() error {
	var errs []error
	add := func(err error) { errs = append(errs, err) }
	cite := func(section, key, quote string) {
		switch {
		case strings.TrimSpace(quote) == "":
			add(entryError(section, key, "has no source citation"))
		case !Cites(f.Source, quote):
			add(entryError(section, key, "cites %q, which is not in the source text", quote))
		}
	}
	seen := map[string]map[string]bool{}
	unique := func(section, key string) {
		if key == "" {
			add(fmt.Errorf("%s: an entry has no key", section))
			return
		}
		if seen[section] == nil {
			seen[section] = map[string]bool{}
		}
		if seen[section][key] {
			add(entryError(section, key, "duplicate key"))
		}
		seen[section][key] = true
	}
	sides := map[string]bool{Management: true, Leadership: true}
	emphases := map[string]bool{Management: true, Leadership: true, "both": true}

	if len(f.Scales) != 2 {
		add(fmt.Errorf("scales: want exactly %q and %q, got %d entries", Management, Leadership, len(f.Scales)))
	}
	for _, s := range f.Scales {
		unique("scale", s.Key)
		if !sides[s.Key] {
			add(entryError("scale", s.Key, "unknown scale; want %q or %q", Management, Leadership))
		}
		cite("scale", s.Key, s.Source)
	}
	if len(f.Dimensions) == 0 {
		add(errors.New("dimensions: none defined"))
	}
	for _, d := range f.Dimensions {
		unique("dimension", d.Key)
		if d.ManagerPole == "" || d.LeaderPole == "" {
			add(entryError("dimension", d.Key, "needs both a manager_pole and a leader_pole"))
		}
		cite("dimension", d.Key, d.Source)
	}
	for _, fam := range f.ContextFamilies {
		unique("context family", fam.Key)
		if !emphases[fam.Emphasis] {
			add(entryError("context family", fam.Key, "unknown emphasis %q; want management, leadership or both", fam.Emphasis))
		}
		if len(fam.Members) == 0 {
			add(entryError("context family", fam.Key, "has no members"))
		}
		cite("context family", fam.Key, fam.Source)
		for _, c := range fam.Members {
			unique("context", c.Key)
			cite("context", c.Key, c.Source)
		}
	}
	for _, p := range f.Phases {
		unique("phase", p.Key)
		if !emphases[p.Emphasis] {
			add(entryError("phase", p.Key, "unknown emphasis %q; want management, leadership or both", p.Emphasis))
		}
		cite("phase", p.Key, p.Source)
	}
	for _, m := range f.Myths {
		unique("myth", m.Key)
		if m.Myth == "" || m.Reality == "" {
			add(entryError("myth", m.Key, "needs both a myth and a reality"))
		}
		cite("myth", m.Key, m.Source)
	}
	for _, p := range f.Practices {
		unique("practice", p.Key)
		if !sides[p.For] {
			add(entryError("practice", p.Key, "unknown side %q in for; want %q or %q", p.For, Management, Leadership))
		}
		cite("practice", p.Key, p.Source)
		for _, facet := range p.Facets {
			if _, ok := f.Dimension(facet); !ok {
				add(entryError("practice", p.Key, "unknown facet %q; want one of %s", facet, strings.Join(f.DimensionKeys(), ", ")))
			}
		}
	}
	for side := range sides {
		if len(f.PracticesFor(side)) == 0 {
			add(fmt.Errorf("practices: none develops %s", side))
		}
		for _, d := range f.Dimensions {
			if len(f.PracticesForFacet(side, d.Key)) == 0 {
				add(fmt.Errorf("practices: none develops %s on the %s facet", side, d.Key))
			}
		}
	}
	if len(f.Habits) == 0 {
		add(errors.New("habits: none defined"))
	}
	for _, h := range f.Habits {
		unique("habit", h.Key)
		cite("habit", h.Key, h.Source)
	}
	for _, w := range f.Warnings {
		unique("warning", w.Key)
		if !emphases[w.Side] {
			add(entryError("warning", w.Key, "unknown side %q; want management, leadership or both", w.Side))
		}
		cite("warning", w.Key, w.Source)
	}
	if f.Disclaimer.Text == "" {
		add(errors.New("disclaimer: no text"))
	}
	cite("disclaimer", "disclaimer", f.Disclaimer.Source)
	return errors.Join(errs...)
}
