package advisor

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/twohats/twohats/internal/profile"
)

type journalFile struct {
	Version  int          `yaml:"version"`
	Purpose  Cited        `yaml:"purpose"`
	Default  defaultData  `yaml:"default"`
	Accuracy accuracyData `yaml:"accuracy"`
}

type defaultData struct {
	PressurePhases     []string `yaml:"pressure_phases"`
	MinPressureEntries int      `yaml:"min_pressure_entries"`
	StrongShare        float64  `yaml:"strong_share"`
	Source             string   `yaml:"source"`
}

type accuracyData struct {
	Low        float64 `yaml:"low"`
	MinEntries int     `yaml:"min_entries"`
	Source     string  `yaml:"source"`
}

// Outcome bounds of a journal entry.
const (
	MinOutcome = 1
	MaxOutcome = 5
)

// The framework warnings a journal can raise.
var journalWarnings = []string{"default-manage", "default-lead", "low-judgement"}

func (a *Advisor) validateJournal(c *checker) {
	j := &a.journal
	c.version(j.Version)
	c.text("purpose", "purpose", "text", j.Purpose.Text)
	c.cite("purpose", "purpose", j.Purpose.Source)
	d := j.Default
	for _, p := range d.PressurePhases {
		if msg := a.phaseProblem(p); msg != "" {
			c.addf("default", "pressure_phases", "%s", msg)
		}
	}
	if d.MinPressureEntries < 1 {
		c.addf("default", "min_pressure_entries", "%d is out of range: want at least 1", d.MinPressureEntries)
	}
	if !(d.StrongShare > 0 && d.StrongShare <= 1) {
		c.addf("default", "strong_share", "%g is out of range: want above 0 and at most 1", d.StrongShare)
	}
	c.cite("default", "default", d.Source)
	if !(j.Accuracy.Low >= 0 && j.Accuracy.Low <= 100) {
		c.addf("accuracy", "low", "%g is out of range: want 0-100", j.Accuracy.Low)
	}
	if j.Accuracy.MinEntries < 1 {
		c.addf("accuracy", "min_entries", "%d is out of range: want at least 1", j.Accuracy.MinEntries)
	}
	c.cite("accuracy", "accuracy", j.Accuracy.Source)
	for _, k := range journalWarnings {
		if _, ok := a.fw.Warning(k); !ok {
			c.addf("warning", k, "the framework has no such warning, which the journal raises")
		}
	}
}

// Purpose says what the journal is for, with its source sentence.
func (a *Advisor) Purpose() Cited { return a.journal.Purpose }

// Entry is one reflection: a situation, what the person did and how it went,
// and what a balanced approach would have done.
type Entry struct {
	Date      time.Time `json:"date"`
	Situation string    `json:"situation"`
	Contexts  []string  `json:"contexts"`
	Phase     string    `json:"phase"`
	Need      string    `json:"need,omitempty"`
	// Approach is the approach used: "manage", "lead" or "blend".
	Approach string `json:"approach"`
	// Outcome is how it went, from 1 (badly) to 5 (very well).
	Outcome int `json:"outcome"`
	// Balanced is what a balanced approach would have done.
	Balanced string `json:"balanced"`
}

// Review compares one entry with the advisor's recommendation.
type Review struct {
	Index           int       `json:"index"`
	Date            time.Time `json:"date"`
	Contexts        []string  `json:"contexts"`
	Phase           string    `json:"phase"`
	Need            string    `json:"need,omitempty"`
	Approach        string    `json:"approach"`
	Recommended     string    `json:"recommended"`
	ManagementShare int       `json:"management_share"`
	// Match reports whether the approach used is the one recommended.
	Match   bool `json:"match"`
	Outcome int  `json:"outcome"`
}

// JournalReport sums up a journal: how each entry compares with the advisor,
// the person's default under pressure, their situational accuracy, the
// contexts they mismatch most, and outcomes with and without a match.
type JournalReport struct {
	Entries int             `json:"entries"`
	Reviews []Review        `json:"reviews"`
	Default PressureDefault `json:"default"`
	// Accuracy is the percentage of entries whose approach matched the
	// advisor, 0-100 to one decimal.
	Accuracy float64 `json:"accuracy"`
	// Mismatches ranks the contexts with at least one mismatch, most
	// mismatches first.
	Mismatches []ContextMismatch    `json:"mismatches"`
	Outcomes   Outcomes             `json:"outcomes"`
	Warnings   []profile.WarningDoc `json:"warnings"`
}

// PressureDefault is the approach a person reaches for: under pressure when the
// journal has enough pressure-phase entries, else over all entries.
type PressureDefault struct {
	// Approach is the approach used most, or "" when two tie or there are no
	// entries.
	Approach string `json:"approach"`
	// Basis is "pressure" when drawn from the pressure phases, else "all".
	Basis string `json:"basis"`
	// Count is how often Approach was used among the Of entries of the basis.
	Count int `json:"count"`
	Of    int `json:"of"`
	// Counts maps every approach to its use in the basis.
	Counts map[string]int `json:"counts"`
	Source string         `json:"source"`
}

// ContextMismatch is how often entries in one context missed the advisor's
// recommendation.
type ContextMismatch struct {
	Context    string `json:"context"`
	Name       string `json:"name"`
	Entries    int    `json:"entries"`
	Mismatches int    `json:"mismatches"`
	// Rate is Mismatches / Entries as a percentage, to one decimal.
	Rate float64 `json:"rate"`
}

// Outcomes compares the outcome of entries that matched the advisor with
// those that did not.
type Outcomes struct {
	Match    OutcomeStat `json:"match"`
	Mismatch OutcomeStat `json:"mismatch"`
}

// OutcomeStat is the number of entries and their mean outcome; Mean is nil
// when there are none.
type OutcomeStat struct {
	N    int      `json:"n"`
	Mean *float64 `json:"mean"`
}

// checkEntry validates one journal entry; problems are reported under field
// names prefixed with at, such as "entries[3].".
func (a *Advisor) checkEntry(bad map[string]string, at string, e Entry) {
	a.checkSituation(bad, at, e.Contexts, e.Phase, e.Need)
	if e.Date.IsZero() {
		bad[at+"date"] = "give the date of the situation"
	}
	if strings.TrimSpace(e.Situation) == "" {
		bad[at+"situation"] = "describe the situation"
	}
	if !slices.Contains(Orientations(), e.Approach) {
		bad[at+"approach"] = fmt.Sprintf("unknown approach %q (valid: %s)", e.Approach, strings.Join(Orientations(), ", "))
	}
	if e.Outcome < MinOutcome || e.Outcome > MaxOutcome {
		bad[at+"outcome"] = fmt.Sprintf("%d is out of range: want %d-%d", e.Outcome, MinOutcome, MaxOutcome)
	}
}

// ReviewEntry compares one entry with the advisor's recommendation for its
// contexts, phase and need.
func (a *Advisor) ReviewEntry(e Entry) (Review, error) {
	bad := map[string]string{}
	a.checkEntry(bad, "", e)
	if len(bad) > 0 {
		return Review{}, invalid("invalid journal entry", bad)
	}
	return a.review(0, e), nil
}

func (a *Advisor) review(i int, e Entry) Review {
	adv := a.advise(mix{contexts: dedupe(e.Contexts), phases: []phaseShare{{e.Phase, 1}}, need: e.Need})
	return Review{Index: i, Date: e.Date, Contexts: e.Contexts, Phase: e.Phase, Need: e.Need, Approach: e.Approach,
		Recommended: adv.Orientation, ManagementShare: adv.ManagementShare, Match: e.Approach == adv.Orientation, Outcome: e.Outcome}
}

// Journal reviews every entry and sums them up. Any invalid entry is a
// fail.Invalid error naming each problem by its entry, such as
// "entries[3].phase".
func (a *Advisor) Journal(entries []Entry) (JournalReport, error) {
	bad := map[string]string{}
	for i, e := range entries {
		a.checkEntry(bad, fmt.Sprintf("entries[%d].", i), e)
	}
	if len(bad) > 0 {
		return JournalReport{}, invalid("invalid journal", bad)
	}
	r := JournalReport{Entries: len(entries), Reviews: make([]Review, 0, len(entries)), Mismatches: []ContextMismatch{}, Warnings: []profile.WarningDoc{}}
	var pressure, all []string
	var matches int
	var outcome [2]struct{ n, sum int } // [match, mismatch]
	type tally struct{ entries, mismatches int }
	byContext := map[string]*tally{}
	for i, e := range entries {
		rv := a.review(i, e)
		r.Reviews = append(r.Reviews, rv)
		all = append(all, e.Approach)
		if slices.Contains(a.journal.Default.PressurePhases, e.Phase) {
			pressure = append(pressure, e.Approach)
		}
		k := 1
		if rv.Match {
			matches++
			k = 0
		}
		outcome[k].n++
		outcome[k].sum += e.Outcome
		for _, c := range dedupe(e.Contexts) {
			t := byContext[c]
			if t == nil {
				t = &tally{}
				byContext[c] = t
			}
			t.entries++
			if !rv.Match {
				t.mismatches++
			}
		}
	}
	if len(entries) > 0 {
		r.Accuracy = round1(100 * float64(matches) / float64(len(entries)))
	}

	d := a.journal.Default
	r.Default = mostUsed(all, "all")
	if len(pressure) >= d.MinPressureEntries {
		r.Default = mostUsed(pressure, "pressure")
	}
	r.Default.Source = d.Source

	order := a.fw.ContextKeys()
	for c, t := range byContext {
		if t.mismatches == 0 {
			continue
		}
		ctx, _, _ := a.fw.Context(c)
		r.Mismatches = append(r.Mismatches, ContextMismatch{Context: c, Name: ctx.Name, Entries: t.entries, Mismatches: t.mismatches,
			Rate: round1(100 * float64(t.mismatches) / float64(t.entries))})
	}
	sort.Slice(r.Mismatches, func(i, j int) bool {
		x, y := r.Mismatches[i], r.Mismatches[j]
		if x.Mismatches != y.Mismatches {
			return x.Mismatches > y.Mismatches
		}
		if x.Rate != y.Rate {
			return x.Rate > y.Rate
		}
		return slices.Index(order, x.Context) < slices.Index(order, y.Context)
	})

	stat := func(k int) OutcomeStat {
		s := OutcomeStat{N: outcome[k].n}
		if s.N > 0 {
			m := math.Round(100*float64(outcome[k].sum)/float64(s.N)) / 100
			s.Mean = &m
		}
		return s
	}
	r.Outcomes = Outcomes{Match: stat(0), Mismatch: stat(1)}

	warn := func(key string) {
		if w, ok := a.fw.Warning(key); ok {
			r.Warnings = append(r.Warnings, profile.WarningDoc{ID: w.Key, Text: w.Text, Source: w.Source})
		}
	}
	if r.Default.Of > 0 && float64(r.Default.Count) >= d.StrongShare*float64(r.Default.Of) {
		switch r.Default.Approach {
		case Manage:
			warn("default-manage")
		case Lead:
			warn("default-lead")
		}
	}
	if acc := a.journal.Accuracy; len(entries) >= acc.MinEntries && r.Accuracy < acc.Low {
		warn("low-judgement")
	}
	return r, nil
}

// mostUsed counts approaches and names the most used one, or "" on a tie.
func mostUsed(approaches []string, basis string) PressureDefault {
	d := PressureDefault{Basis: basis, Of: len(approaches), Counts: map[string]int{}}
	for _, o := range Orientations() {
		d.Counts[o] = 0
	}
	for _, ap := range approaches {
		d.Counts[ap]++
	}
	tie := false
	for _, o := range Orientations() {
		switch n := d.Counts[o]; {
		case n > d.Count:
			d.Approach, d.Count, tie = o, n, false
		case n == d.Count && n > 0:
			tie = true
		}
	}
	if tie {
		d.Approach = ""
	}
	return d
}
