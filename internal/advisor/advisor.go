// Package advisor answers the source's practical questions as pure functions
// over validated data: what a situation needs (manage, lead or a blend),
// whether a person fits a role and whether moving them there carries the
// promotion risk the source warns about, and how a person grows the side they
// underuse (a 30/60/90-day plan, a reflection journal, a myths quiz and the
// FAQ).
//
// Every rule, weight, cut point and piece of advice lives in data files
// embedded in the binary (data/*.yaml) and validated when an Advisor is built:
// each entry cites the sentence of the source text it implements. The package
// is pure: it takes values and returns values, and touches no file system,
// network or database.
package advisor

import (
	"embed"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/twohats/twohats/internal/framework"
)

//go:embed data/*.yaml
var files embed.FS

// The data files of an Advisor, by the names errors report them under.
const (
	AdvisorFile = "advisor.yaml"
	RolesFile   = "roles.yaml"
	PlanFile    = "plan.yaml"
	JournalFile = "journal.yaml"
	QuizFile    = "quiz.yaml"
	FAQFile     = "faq.yaml"
)

// Orientations a situation, a role or a journal entry can have.
const (
	Manage = "manage"
	Lead   = "lead"
	Blend  = "blend"
)

// Orientations lists the orientations in the order reports use.
func Orientations() []string { return []string{Manage, Lead, Blend} }

// Toward values of a rule: the side it pulls the management share to.
const (
	towardManagement = framework.Management
	towardLeadership = framework.Leadership
	towardBoth       = "both"
)

// MaxWeight bounds a rule's weight: no single rule may move the share by more
// than the distance from the middle to an end of the scale.
const MaxWeight = 50

// Advisor holds the validated advisor data and answers questions with it. It
// is immutable once built and safe for concurrent use.
type Advisor struct {
	fw      *framework.Framework
	sit     situationFile
	roles   rolesFile
	plan    planFile
	journal journalFile
	quiz    quizFile
	faq     faqFile

	contextRule map[string]Rule
	phaseRule   map[string]Rule
	needRule    map[string]Rule
	verdicts    map[string]Cited
	questions   []quizQuestion
}

// Cited is a piece of advice with the source sentence it implements.
type Cited struct {
	Text   string `yaml:"text" json:"text"`
	Source string `yaml:"source" json:"source"`
}

// Need is a need a situation can have, such as consistency or change.
type Need struct {
	Key    string `yaml:"key" json:"key"`
	Name   string `yaml:"name" json:"name"`
	Source string `yaml:"source" json:"source"`
}

// Rule is one weighted pull on the management share, matched by exactly one
// of Context, Phase or Need.
type Rule struct {
	Key     string `yaml:"key" json:"key"`
	Context string `yaml:"context,omitempty" json:"context,omitempty"`
	Phase   string `yaml:"phase,omitempty" json:"phase,omitempty"`
	Need    string `yaml:"need,omitempty" json:"need,omitempty"`
	// Toward is "management", "leadership" or "both".
	Toward string  `yaml:"toward" json:"toward"`
	Weight float64 `yaml:"weight" json:"weight"`
	// Dominant asks the loader to check that the rule decides the orientation
	// whatever the other kinds of rule pull the other way.
	Dominant bool   `yaml:"dominant,omitempty" json:"dominant,omitempty"`
	Reason   string `yaml:"reason" json:"reason"`
	Source   string `yaml:"source" json:"source"`
}

// Pull is the rule's signed contribution to the management share: positive
// toward management, negative toward leadership.
func (r Rule) Pull() float64 {
	switch r.Toward {
	case towardManagement:
		return r.Weight
	case towardLeadership:
		return -r.Weight
	}
	return 0
}

type situationFile struct {
	Version     int             `yaml:"version"`
	Orientation orientationData `yaml:"orientation"`
	Needs       []Need          `yaml:"needs"`
	Rules       []Rule          `yaml:"rules"`
	Risks       []riskData      `yaml:"risks"`
}

type orientationData struct {
	ManageFrom float64       `yaml:"manage_from"`
	LeadTo     float64       `yaml:"lead_to"`
	Verdicts   []verdictData `yaml:"verdicts"`
}

type verdictData struct {
	Orientation string `yaml:"orientation"`
	Text        string `yaml:"text"`
	Source      string `yaml:"source"`
}

type riskData struct {
	Key    string   `yaml:"key"`
	When   []string `yaml:"when"`
	Text   string   `yaml:"text"`
	Source string   `yaml:"source"`
}

// Default returns the advisor built from the embedded framework and data.
func Default() (*Advisor, error) {
	fw, err := framework.Default()
	if err != nil {
		return nil, err
	}
	return New(fw)
}

// New returns the advisor built from the embedded data, validated against fw.
func New(fw *framework.Framework) (*Advisor, error) {
	sub, err := fs.Sub(files, "data")
	if err != nil {
		return nil, err
	}
	return Load(fw, sub)
}

// Load builds an advisor from the data files in fsys (advisor.yaml,
// roles.yaml, plan.yaml, journal.yaml, quiz.yaml, faq.yaml), validated against
// fw and its source text. Every problem is reported with the file and the
// entry it is in.
func Load(fw *framework.Framework, fsys fs.FS) (*Advisor, error) {
	a := &Advisor{fw: fw}
	for _, f := range []struct {
		name     string
		into     any
		validate func(*checker)
	}{
		{AdvisorFile, &a.sit, a.validateSituation},
		{RolesFile, &a.roles, a.validateRoles},
		{PlanFile, &a.plan, a.validatePlan},
		{JournalFile, &a.journal, a.validateJournal},
		{QuizFile, &a.quiz, a.validateQuiz},
		{FAQFile, &a.faq, a.validateFAQ},
	} {
		data, err := fs.ReadFile(fsys, f.name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.name, err)
		}
		if err := yaml.UnmarshalWithOptions(data, f.into, yaml.Strict()); err != nil {
			return nil, fmt.Errorf("%s: %s", f.name, yaml.FormatError(err, false, false))
		}
		c := &checker{file: f.name, source: fw.Source}
		f.validate(c)
		if err := c.err(); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// Framework returns the framework the advisor was validated against.
func (a *Advisor) Framework() *framework.Framework { return a.fw }

// Needs lists the needs a situation can have, in data order.
func (a *Advisor) Needs() []Need { return slices.Clone(a.sit.Needs) }

// NeedKeys lists the need keys, in data order.
func (a *Advisor) NeedKeys() []string {
	keys := make([]string, len(a.sit.Needs))
	for i, n := range a.sit.Needs {
		keys[i] = n.Key
	}
	return keys
}

// Rules lists the situation rules, in data order, for a page that shows how
// advice is reached.
func (a *Advisor) Rules() []Rule { return slices.Clone(a.sit.Rules) }

// CutPoints returns the management shares at or above which a situation is
// "manage" and at or below which it is "lead".
func (a *Advisor) CutPoints() (manageFrom, leadTo float64) {
	return a.sit.Orientation.ManageFrom, a.sit.Orientation.LeadTo
}

func (a *Advisor) validateSituation(c *checker) {
	s := &a.sit
	c.version(s.Version)
	o := s.Orientation
	if !(0 <= o.LeadTo && o.LeadTo < o.ManageFrom && o.ManageFrom <= 100) {
		c.addf("orientation", "cut points", "want 0 <= lead_to < manage_from <= 100, got lead_to %g and manage_from %g", o.LeadTo, o.ManageFrom)
	}
	a.verdicts = map[string]Cited{}
	for _, v := range o.Verdicts {
		c.unique("verdict", v.Orientation)
		if !slices.Contains(Orientations(), v.Orientation) {
			c.addf("verdict", v.Orientation, "unknown orientation (valid: %s)", strings.Join(Orientations(), ", "))
		}
		c.text("verdict", v.Orientation, "text", v.Text)
		c.cite("verdict", v.Orientation, v.Source)
		a.verdicts[v.Orientation] = Cited{Text: v.Text, Source: v.Source}
	}
	for _, or := range Orientations() {
		if _, ok := a.verdicts[or]; !ok {
			c.addf("verdict", or, "missing: every orientation needs a verdict")
		}
	}

	for _, n := range s.Needs {
		c.unique("need", n.Key)
		c.text("need", n.Key, "name", n.Name)
		c.cite("need", n.Key, n.Source)
	}
	needs := a.NeedKeys()

	a.contextRule, a.phaseRule, a.needRule = map[string]Rule{}, map[string]Rule{}, map[string]Rule{}
	for _, r := range s.Rules {
		c.unique("rule", r.Key)
		set := 0
		for _, v := range []string{r.Context, r.Phase, r.Need} {
			if v != "" {
				set++
			}
		}
		if set != 1 {
			c.addf("rule", r.Key, "names %d of context, phase and need; want exactly one", set)
		}
		switch r.Toward {
		case towardManagement, towardLeadership:
			if r.Weight <= 0 || r.Weight > MaxWeight {
				c.addf("rule", r.Key, "weight %g is out of range: a rule toward %s needs a weight above 0 and at most %d", r.Weight, r.Toward, MaxWeight)
			}
		case towardBoth:
			if r.Weight != 0 {
				c.addf("rule", r.Key, "weight %g is out of range: a rule toward both pulls neither way, so its weight must be 0", r.Weight)
			}
		default:
			c.addf("rule", r.Key, "unknown toward %q (valid: %s, %s, %s)", r.Toward, towardManagement, towardLeadership, towardBoth)
		}
		if math.IsNaN(r.Weight) {
			c.addf("rule", r.Key, "weight is not a number")
		}
		c.text("rule", r.Key, "reason", r.Reason)
		c.cite("rule", r.Key, r.Source)
		switch {
		case r.Context != "":
			_, fam, ok := a.fw.Context(r.Context)
			if !ok {
				c.addf("rule", r.Key, "unknown context %q (valid: %s)", r.Context, strings.Join(a.fw.ContextKeys(), ", "))
				break
			}
			if want := emphasisToward(fam.Emphasis); r.Toward != want {
				c.addf("rule", r.Key, "pulls toward %s, but context %q is in the %s family, which the framework gives to %s", r.Toward, r.Context, fam.Key, want)
			}
			c.once("context", r.Context, r.Key, a.contextRule, r)
		case r.Phase != "":
			p, ok := a.fw.Phase(r.Phase)
			if !ok {
				c.addf("rule", r.Key, "unknown phase %q (valid: %s)", r.Phase, strings.Join(a.fw.PhaseKeys(), ", "))
				break
			}
			if want := emphasisToward(p.Emphasis); r.Toward != want {
				c.addf("rule", r.Key, "pulls toward %s, but the framework gives phase %q to %s", r.Toward, r.Phase, want)
			}
			c.once("phase", r.Phase, r.Key, a.phaseRule, r)
		case r.Need != "":
			if !slices.Contains(needs, r.Need) {
				c.addf("rule", r.Key, "unknown need %q (valid: %s)", r.Need, strings.Join(needs, ", "))
				break
			}
			c.once("need", r.Need, r.Key, a.needRule, r)
		}
	}
	for _, k := range a.fw.ContextKeys() {
		if _, ok := a.contextRule[k]; !ok {
			c.addf("context", k, "has no rule: every context of the framework needs one")
		}
	}
	for _, k := range a.fw.PhaseKeys() {
		if _, ok := a.phaseRule[k]; !ok {
			c.addf("phase", k, "has no rule: every phase of the framework needs one")
		}
	}
	for _, k := range needs {
		if _, ok := a.needRule[k]; !ok {
			c.addf("need", k, "has no rule: every need needs one")
		}
	}
	for _, r := range s.Rules {
		if r.Dominant {
			a.checkDominant(c, r)
		}
	}

	shown := map[string]bool{}
	for _, r := range s.Risks {
		c.unique("risk", r.Key)
		if len(r.When) == 0 {
			c.addf("risk", r.Key, "has no when: list the orientations it is shown for")
		}
		for _, w := range r.When {
			if !slices.Contains(Orientations(), w) {
				c.addf("risk", r.Key, "unknown orientation %q in when (valid: %s)", w, strings.Join(Orientations(), ", "))
			}
			shown[w] = true
		}
		c.text("risk", r.Key, "text", r.Text)
		c.cite("risk", r.Key, r.Source)
	}
	for _, or := range Orientations() {
		if !shown[or] {
			c.addf("risks", or, "no risk is shown for this orientation")
		}
	}
}

// emphasisToward maps a framework emphasis to the toward value of a rule.
func emphasisToward(emphasis string) string {
	if emphasis == "both" {
		return towardBoth
	}
	return emphasis
}

// checkDominant verifies that r decides the orientation on its own: with the
// strongest rules of every other kind pulling the other way, the share still
// reaches r's cut point.
func (a *Advisor) checkDominant(c *checker, r Rule) {
	kind := func(x Rule) string {
		switch {
		case x.Context != "":
			return "context"
		case x.Phase != "":
			return "phase"
		}
		return "need"
	}
	opposing := map[string]float64{}
	for _, x := range a.sit.Rules {
		if k := kind(x); k != kind(r) && x.Pull()*r.Pull() < 0 {
			opposing[k] = max(opposing[k], x.Weight)
		}
	}
	against := 0.0
	var parts []string
	for _, k := range []string{"context", "phase", "need"} {
		if w, ok := opposing[k]; ok {
			against += w
			parts = append(parts, fmt.Sprintf("%s pulls of up to %g", k, w))
		}
	}
	o := a.sit.Orientation
	switch r.Toward {
	case towardManagement:
		if worst := 50 + r.Weight - against; worst < o.ManageFrom {
			c.addf("rule", r.Key, "is dominant, but %s the other way bring the share to %g, below manage_from %g", strings.Join(parts, " and "), worst, o.ManageFrom)
		}
	case towardLeadership:
		if worst := 50 - r.Weight + against; worst > o.LeadTo {
			c.addf("rule", r.Key, "is dominant, but %s the other way bring the share to %g, above lead_to %g", strings.Join(parts, " and "), worst, o.LeadTo)
		}
	default:
		c.addf("rule", r.Key, "is dominant but pulls toward both; only a rule toward one side can dominate")
	}
}

// Situation is what the advisor is asked about: one or more contexts, the
// phase of the work and, optionally, the need at hand.
type Situation struct {
	Contexts []string `json:"contexts"`
	Phase    string   `json:"phase"`
	Need     string   `json:"need,omitempty"`
}

// Advice is the advisor's answer, a public JSON contract:
// {"management_share":0-100,"orientation":"manage"|"lead"|"blend","reasons":[{"text","source"}],"risks":[{"text","source"}]}.
type Advice struct {
	ManagementShare int      `json:"management_share"`
	Orientation     string   `json:"orientation"`
	Reasons         []Reason `json:"reasons"`
	Risks           []Risk   `json:"risks"`
}

// Reason is one rule that contributed to the advice, with the source sentence
// it implements. Rule and Pull are for text reports; the JSON carries only
// the text and the source.
type Reason struct {
	Text   string `json:"text"`
	Source string `json:"source"`
	// Rule is the key of the rule, or "verdict:<orientation>" for the reason
	// the share was read as it was.
	Rule string `json:"-"`
	// Pull is the rule's contribution to the share, in points.
	Pull float64 `json:"-"`
}

// Risk is the risk of over-indexing on the side the advice does not favour.
type Risk struct {
	Text   string `json:"text"`
	Source string `json:"source"`
	// Key is the risk's key in the data.
	Key string `json:"-"`
}

// Advise recommends how much to manage and how much to lead in a situation.
// An empty context list, or an unknown context, phase or need, is a
// fail.Invalid error that lists the valid names.
func (a *Advisor) Advise(s Situation) (Advice, error) {
	bad := map[string]string{}
	a.checkSituation(bad, "", s.Contexts, s.Phase, s.Need)
	if len(bad) > 0 {
		return Advice{}, invalid("invalid situation", bad)
	}
	return a.advise(mix{contexts: dedupe(s.Contexts), phases: []phaseShare{{s.Phase, 1}}, need: s.Need}), nil
}

// checkSituation records, under field names prefixed with at, every problem
// with a situation's contexts, phase and need.
func (a *Advisor) checkSituation(bad map[string]string, at string, contexts []string, phase, need string) {
	a.checkContexts(bad, at, contexts)
	if msg := a.phaseProblem(phase); msg != "" {
		bad[at+"phase"] = msg
	}
	if msg := a.needProblem(need); msg != "" {
		bad[at+"need"] = msg
	}
}

// checkContexts records the problems with a non-empty list of known contexts.
func (a *Advisor) checkContexts(bad map[string]string, at string, contexts []string) {
	if len(contexts) == 0 {
		bad[at+"contexts"] = "give at least one context (valid: " + strings.Join(a.fw.ContextKeys(), ", ") + ")"
	}
	for i, k := range contexts {
		if msg := a.contextProblem(k); msg != "" {
			bad[fmt.Sprintf("%scontexts[%d]", at, i)] = msg
		}
	}
}

func (a *Advisor) contextProblem(k string) string {
	if _, _, ok := a.fw.Context(k); ok {
		return ""
	}
	return fmt.Sprintf("unknown context %q (valid: %s)", k, strings.Join(a.fw.ContextKeys(), ", "))
}

func (a *Advisor) phaseProblem(k string) string {
	if k == "" {
		return "give a phase (valid: " + strings.Join(a.fw.PhaseKeys(), ", ") + ")"
	}
	if _, ok := a.fw.Phase(k); ok {
		return ""
	}
	return fmt.Sprintf("unknown phase %q (valid: %s)", k, strings.Join(a.fw.PhaseKeys(), ", "))
}

// needProblem accepts the empty need: a situation need not name one.
func (a *Advisor) needProblem(k string) string {
	if k == "" || slices.Contains(a.NeedKeys(), k) {
		return ""
	}
	return fmt.Sprintf("unknown need %q (valid: %s)", k, strings.Join(a.NeedKeys(), ", "))
}

// mix is a validated situation, or a role's spread of situations: its
// contexts count equally and its phases by their share of the time.
type mix struct {
	contexts []string
	phases   []phaseShare
	need     string
}

type phaseShare struct {
	phase string
	share float64 // 0-1; the shares of a mix sum to 1
}

// advise computes the advice for a valid mix.
func (a *Advisor) advise(m mix) Advice {
	share, reasons := a.evaluate(m)
	or := a.orientation(share)
	v := a.verdicts[or]
	reasons = append(reasons, Reason{Text: v.Text, Source: v.Source, Rule: "verdict:" + or})
	return Advice{ManagementShare: share, Orientation: or, Reasons: reasons, Risks: a.risks(or)}
}

// evaluate returns the rounded management share of a valid mix and one reason
// per rule that contributed to it.
func (a *Advisor) evaluate(m mix) (int, []Reason) {
	var reasons []Reason
	total := 50.0
	for _, k := range m.contexts {
		r := a.contextRule[k]
		pull := r.Pull() / float64(len(m.contexts))
		total += pull
		reasons = append(reasons, Reason{Text: r.Reason, Source: r.Source, Rule: r.Key, Pull: pull})
	}
	for _, ps := range m.phases {
		r := a.phaseRule[ps.phase]
		pull := r.Pull() * ps.share
		total += pull
		text := r.Reason
		if ps.share < 1 {
			ph, _ := a.fw.Phase(ps.phase)
			text = fmt.Sprintf("%s is %s of the role. %s", ph.Name, percent(ps.share), text)
		}
		reasons = append(reasons, Reason{Text: text, Source: r.Source, Rule: r.Key, Pull: pull})
	}
	if m.need != "" {
		r := a.needRule[m.need]
		total += r.Pull()
		reasons = append(reasons, Reason{Text: r.Reason, Source: r.Source, Rule: r.Key, Pull: r.Pull()})
	}
	return int(math.Round(math.Max(0, math.Min(100, total)))), reasons
}

// orientation reads a management share against the cut points.
func (a *Advisor) orientation(share int) string {
	o := a.sit.Orientation
	switch {
	case float64(share) >= o.ManageFrom:
		return Manage
	case float64(share) <= o.LeadTo:
		return Lead
	}
	return Blend
}

// risks returns the risks shown for an orientation, in data order.
func (a *Advisor) risks(or string) []Risk {
	out := []Risk{}
	for _, r := range a.sit.Risks {
		if slices.Contains(r.When, or) {
			out = append(out, Risk{Text: r.Text, Source: r.Source, Key: r.Key})
		}
	}
	return out
}

func dedupe(xs []string) []string {
	var out []string
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func percent(x float64) string { return fmt.Sprintf("%g%%", math.Round(x*1000)/10) }
