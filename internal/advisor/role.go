package advisor

import (
	"bytes"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/feedback"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/profile"
)

type rolesFile struct {
	Version       int          `yaml:"version"`
	Levels        levelsData   `yaml:"levels"`
	Adjustments   []adjustment `yaml:"adjustments"`
	PromotionRisk riskModel    `yaml:"promotion_risk"`
	Disclaimer    Cited        `yaml:"disclaimer"`
}

type levelsData struct {
	Base   float64 `yaml:"base"`
	Span   float64 `yaml:"span"`
	Source string  `yaml:"source"`
}

// adjustment raises a role's required level on some facets of one scale when
// its trigger (a phase, a context or the need) is part of the role.
type adjustment struct {
	Key     string   `yaml:"key"`
	Phase   string   `yaml:"phase,omitempty"`
	Context string   `yaml:"context,omitempty"`
	Need    string   `yaml:"need,omitempty"`
	Scale   string   `yaml:"scale"`
	Facets  []string `yaml:"facets"`
	Add     float64  `yaml:"add"`
	Text    string   `yaml:"text"`
	Source  string   `yaml:"source"`
}

type riskModel struct {
	Gap                   float64 `yaml:"gap"`
	ManagerIntoLeadership Cited   `yaml:"manager_into_leadership"`
	LeaderIntoManagement  Cited   `yaml:"leader_into_management"`
	None                  Cited   `yaml:"none"`
}

// maxAdjustment bounds one facet adjustment, so that data cannot make a single
// phase or need outweigh the role's overall proportions.
const maxAdjustment = 30

func (a *Advisor) validateRoles(c *checker) {
	r := &a.roles
	c.version(r.Version)
	l := r.Levels
	if l.Base < 0 || l.Span < 0 || l.Base+l.Span > 100 {
		c.addf("levels", "levels", "want base >= 0, span >= 0 and base + span <= 100, got base %g and span %g", l.Base, l.Span)
	}
	c.cite("levels", "levels", l.Source)
	for _, adj := range r.Adjustments {
		c.unique("adjustment", adj.Key)
		set := 0
		for _, v := range []string{adj.Phase, adj.Context, adj.Need} {
			if v != "" {
				set++
			}
		}
		if set != 1 {
			c.addf("adjustment", adj.Key, "names %d of phase, context and need; want exactly one", set)
		}
		if adj.Phase != "" {
			if msg := a.phaseProblem(adj.Phase); msg != "" {
				c.addf("adjustment", adj.Key, "%s", msg)
			}
		}
		if adj.Context != "" {
			if msg := a.contextProblem(adj.Context); msg != "" {
				c.addf("adjustment", adj.Key, "%s", msg)
			}
		}
		if adj.Need != "" {
			if msg := a.needProblem(adj.Need); msg != "" {
				c.addf("adjustment", adj.Key, "%s", msg)
			}
		}
		if scaleIndex(adj.Scale) < 0 {
			c.addf("adjustment", adj.Key, "unknown scale %q (valid: %s, %s)", adj.Scale, framework.Management, framework.Leadership)
		}
		if len(adj.Facets) == 0 {
			c.addf("adjustment", adj.Key, "lists no facets")
		}
		for _, f := range adj.Facets {
			if _, ok := a.fw.Dimension(f); !ok {
				c.addf("adjustment", adj.Key, "unknown facet %q (valid: %s)", f, strings.Join(a.fw.DimensionKeys(), ", "))
			}
		}
		if adj.Add <= 0 || adj.Add > maxAdjustment || math.IsNaN(adj.Add) {
			c.addf("adjustment", adj.Key, "add %g is out of range: want above 0 and at most %d", adj.Add, maxAdjustment)
		}
		c.text("adjustment", adj.Key, "text", adj.Text)
		c.cite("adjustment", adj.Key, adj.Source)
	}
	pr := r.PromotionRisk
	if pr.Gap <= 0 || pr.Gap > 100 {
		c.addf("promotion_risk", "gap", "%g is out of range: want above 0 and at most 100", pr.Gap)
	}
	for key, ct := range map[string]Cited{"manager_into_leadership": pr.ManagerIntoLeadership, "leader_into_management": pr.LeaderIntoManagement, "none": pr.None} {
		c.text("promotion_risk", key, "text", ct.Text)
		c.cite("promotion_risk", key, ct.Source)
	}
	c.text("disclaimer", "disclaimer", "text", r.Disclaimer.Text)
	c.cite("disclaimer", "disclaimer", r.Disclaimer.Source)
}

// Role describes a job by the situations it spends its time in (Contexts,
// Phases and an optional Need) or directly by the level it needs on each
// facet (Facets), never both. Role files are YAML or JSON of this shape:
//
//	name: Head of plant operations
//	contexts: [compliance-critical, mature]
//	phases: {execution: 0.8, crisis: 0.2}
//	need: quality-control
//
// or
//
//	name: Programme lead
//	facets:
//	  management: {focus: 60, time_orientation: 55, ...}   # every facet, 0-100
//	  leadership: {focus: 85, time_orientation: 80, ...}
type Role struct {
	Name     string   `yaml:"name" json:"name"`
	Contexts []string `yaml:"contexts,omitempty" json:"contexts,omitempty"`
	// Phases maps a phase to its share of the role's time; shares are
	// normalised, so {launch: 1, execution: 1} is half and half.
	Phases map[string]float64 `yaml:"phases,omitempty" json:"phases,omitempty"`
	Need   string             `yaml:"need,omitempty" json:"need,omitempty"`
	// Facets maps a scale to each facet's required level, 0-100.
	Facets map[string]map[string]float64 `yaml:"facets,omitempty" json:"facets,omitempty"`
}

// ParseRole decodes a role file, YAML or JSON, strictly: an unknown field, an
// unknown context, phase, need, scale or facet, and a level out of range are
// fail.Invalid errors that name the file, the line where it can be found, and
// the valid names.
func (a *Advisor) ParseRole(name string, data []byte) (Role, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return Role{}, &fail.Error{Code: fail.Invalid, Message: name + ": the role file is empty; describe the role by contexts and phases, or by facets"}
	}
	var r Role
	if err := yaml.UnmarshalWithOptions(data, &r, yaml.Strict()); err != nil {
		return Role{}, &fail.Error{Code: fail.Invalid, Message: fmt.Sprintf("%s: %s (valid fields: name, contexts, phases, need, facets)", name, yaml.FormatError(err, false, false))}
	}
	bad := a.roleProblems(r)
	if len(bad) == 0 {
		return r, nil
	}
	located := map[string]string{}
	for field, msg := range bad {
		if line := lineOf(data, field); line > 0 {
			msg = fmt.Sprintf("line %d: %s", line, msg)
		}
		located[field] = msg
	}
	return Role{}, invalid(name, located)
}

// lineOf returns the line of a field path such as "phases.launch" or
// "contexts[1]" in a YAML or JSON document, or 0 when it cannot be found.
func lineOf(data []byte, field string) int {
	parts := strings.Split(field, ".")
	var b strings.Builder
	b.WriteString("$")
	for _, p := range parts {
		name, index, _ := strings.Cut(p, "[")
		b.WriteString(".'" + strings.ReplaceAll(name, "'", "") + "'")
		if index != "" {
			b.WriteString("[" + index)
		}
	}
	path, err := yaml.PathString(b.String())
	if err != nil {
		return 0
	}
	node, err := path.ReadNode(bytes.NewReader(data))
	if err != nil || node == nil || node.GetToken() == nil {
		return 0
	}
	return node.GetToken().Position.Line
}

// roleProblems lists every problem with a role, by field.
func (a *Advisor) roleProblems(r Role) map[string]string {
	bad := map[string]string{}
	byMix := len(r.Contexts) > 0 || len(r.Phases) > 0 || r.Need != ""
	byFacets := len(r.Facets) > 0
	switch {
	case byMix && byFacets:
		bad["facets"] = "a role is described by contexts and phases, or by facets, not both"
		return bad
	case !byMix && !byFacets:
		bad["role"] = "describe the role by contexts and phases (with an optional need), or by facets"
		return bad
	case byMix:
		a.checkContexts(bad, "", r.Contexts)
		if msg := a.needProblem(r.Need); msg != "" {
			bad["need"] = msg
		}
		if len(r.Phases) == 0 {
			bad["phases"] = "give each phase's share of the role's time, such as {launch: 0.5, execution: 0.5} (valid phases: " + strings.Join(a.fw.PhaseKeys(), ", ") + ")"
		}
		for _, p := range slices.Sorted(maps.Keys(r.Phases)) {
			if msg := a.phaseProblem(p); msg != "" {
				bad["phases."+p] = msg
			} else if w := r.Phases[p]; !(w > 0) || math.IsInf(w, 0) {
				bad["phases."+p] = fmt.Sprintf("share %g is out of range: want a positive number", w)
			}
		}
	default:
		dims := a.fw.DimensionKeys()
		for _, scale := range slices.Sorted(maps.Keys(r.Facets)) {
			if scaleIndex(scale) < 0 {
				bad["facets."+scale] = fmt.Sprintf("unknown scale %q (valid: %s, %s)", scale, framework.Management, framework.Leadership)
				continue
			}
			for _, f := range slices.Sorted(maps.Keys(r.Facets[scale])) {
				v := r.Facets[scale][f]
				switch {
				case !slices.Contains(dims, f):
					bad["facets."+scale+"."+f] = fmt.Sprintf("unknown facet %q (valid: %s)", f, strings.Join(dims, ", "))
				case !(v >= 0 && v <= 100):
					bad["facets."+scale+"."+f] = fmt.Sprintf("level %g is out of range: want 0-100", v)
				}
			}
		}
		for _, scale := range profile.ScaleKeys {
			var missing []string
			for _, d := range dims {
				if _, ok := r.Facets[scale][d]; !ok {
					missing = append(missing, d)
				}
			}
			if len(missing) > 0 {
				bad["facets."+scale] = fmt.Sprintf("missing %s; give every facet a required level 0-100 (0 for none)", strings.Join(missing, ", "))
			}
		}
	}
	return bad
}

// Requirement is what a role needs: its management share and orientation, as
// the advisor reads them, and the level it needs on each facet of each scale.
type Requirement struct {
	Name string `json:"name"`
	// Basis is "mix" for a role given by contexts and phases, "facets" for one
	// given by facet levels.
	Basis           string `json:"basis"`
	ManagementShare int    `json:"management_share"`
	Orientation     string `json:"orientation"`
	// Levels maps scale → facet → required level, 0-100 to one decimal.
	Levels map[string]map[string]float64 `json:"levels"`
	// Scales maps a scale to the mean of its required facet levels.
	Scales map[string]float64 `json:"scales"`
	// Reasons are the advisor's reasons for the share of a mix; a role given
	// by facets has none.
	Reasons []Reason `json:"reasons"`
	// Adjustments are the facet adjustments applied to a mix, each with the
	// points it added.
	Adjustments []Adjustment `json:"adjustments"`

	levels [2][]float64 // in framework dimension order
	scales [2]float64
}

// Adjustment is a facet adjustment applied to a role's required levels.
type Adjustment struct {
	Key    string   `json:"key"`
	Scale  string   `json:"scale"`
	Facets []string `json:"facets"`
	Points float64  `json:"points"`
	Text   string   `json:"text"`
	Source string   `json:"source"`
}

// Requirement derives what a role needs on each facet. For a mix the
// management share comes from the advisor, and
//
//	management level = base + span × share / 100
//	leadership level = base + span × (100 − share) / 100
//
// plus the data's facet adjustments, each scaled by how much of the role its
// trigger covers, capped at 100. For facet levels the share is the management
// mean over the sum of both means.
func (a *Advisor) Requirement(r Role) (Requirement, error) {
	if bad := a.roleProblems(r); len(bad) > 0 {
		return Requirement{}, invalid("invalid role", bad)
	}
	dims := a.fw.DimensionKeys()
	req := Requirement{Name: r.Name, Reasons: []Reason{}, Adjustments: []Adjustment{}}
	for si := range req.levels {
		req.levels[si] = make([]float64, len(dims))
	}
	if len(r.Facets) > 0 {
		req.Basis = "facets"
		for si, scale := range profile.ScaleKeys {
			for fi, d := range dims {
				req.levels[si][fi] = round1(r.Facets[scale][d])
			}
		}
		m, l := mean(req.levels[profile.M]), mean(req.levels[profile.L])
		share := 50.0
		if m+l > 0 {
			share = 100 * m / (m + l)
		}
		req.ManagementShare = int(math.Round(share))
		req.Orientation = a.orientation(req.ManagementShare)
	} else {
		req.Basis = "mix"
		m := a.roleMix(r)
		adv := a.advise(m)
		req.ManagementShare, req.Orientation, req.Reasons = adv.ManagementShare, adv.Orientation, adv.Reasons
		lv := a.roles.Levels
		s := float64(req.ManagementShare)
		for fi := range dims {
			req.levels[profile.M][fi] = lv.Base + lv.Span*s/100
			req.levels[profile.L][fi] = lv.Base + lv.Span*(100-s)/100
		}
		for _, adj := range a.roles.Adjustments {
			cover := coverage(m, adj)
			if cover == 0 {
				continue
			}
			points := adj.Add * cover
			si := scaleIndex(adj.Scale)
			for _, f := range adj.Facets {
				fi := slices.Index(dims, f)
				req.levels[si][fi] = math.Min(100, req.levels[si][fi]+points)
			}
			req.Adjustments = append(req.Adjustments, Adjustment{Key: adj.Key, Scale: adj.Scale, Facets: adj.Facets, Points: round1(points), Text: adj.Text, Source: adj.Source})
		}
		for si := range req.levels {
			for fi := range req.levels[si] {
				req.levels[si][fi] = round1(req.levels[si][fi])
			}
		}
	}
	req.Levels = map[string]map[string]float64{}
	req.Scales = map[string]float64{}
	for si, scale := range profile.ScaleKeys {
		req.Levels[scale] = map[string]float64{}
		for fi, d := range dims {
			req.Levels[scale][d] = req.levels[si][fi]
		}
		req.scales[si] = round1(mean(req.levels[si]))
		req.Scales[scale] = req.scales[si]
	}
	return req, nil
}

// roleMix turns a valid mix role into a mix with normalised phase shares, in
// framework phase order so that the reasons read the same way every time.
func (a *Advisor) roleMix(r Role) mix {
	total := 0.0
	for _, w := range r.Phases {
		total += w
	}
	m := mix{contexts: dedupe(r.Contexts), need: r.Need}
	for _, p := range a.fw.PhaseKeys() {
		if w, ok := r.Phases[p]; ok {
			m.phases = append(m.phases, phaseShare{phase: p, share: w / total})
		}
	}
	return m
}

// coverage is how much of a mix an adjustment's trigger covers, 0-1.
func coverage(m mix, adj adjustment) float64 {
	switch {
	case adj.Phase != "":
		for _, ps := range m.phases {
			if ps.phase == adj.Phase {
				return ps.share
			}
		}
	case adj.Context != "":
		if slices.Contains(m.contexts, adj.Context) {
			return 1 / float64(len(m.contexts))
		}
	case adj.Need != "":
		if m.need == adj.Need {
			return 1
		}
	}
	return 0
}

// Views a person's scores can come from.
const (
	ViewSelf   = "self"
	ViewOthers = "others"
)

// Person is the scores a fit or a plan is based on: a self-assessed profile or
// the others' view of a 360.
type Person struct {
	// View is ViewSelf or ViewOthers.
	View string `json:"view"`
	// Dimensions are the facet keys, in the order of Facets.
	Dimensions []string `json:"dimensions"`
	// Scales holds the management and leadership scores, 0-100, indexed by
	// profile.M and profile.L.
	Scales [2]float64 `json:"scales"`
	// Facets holds each scale's facet scores, 0-100, in Dimensions order.
	Facets [2][]float64 `json:"facets"`
}

// PersonFromProfile returns the self view of a scored profile.
func PersonFromProfile(p *profile.Profile) Person {
	return Person{View: ViewSelf, Dimensions: p.Dimensions, Scales: p.Scales, Facets: p.Facets}
}

// PersonFromOthers returns the others' view of a 360 report; ok is false
// unless the others scored every facet of both scales.
func PersonFromOthers(r *feedback.Report) (Person, bool) {
	if r == nil {
		return Person{}, false
	}
	scales, facets, ok := r.OthersView()
	if !ok {
		return Person{}, false
	}
	return Person{View: ViewOthers, Dimensions: r.Dimensions, Scales: scales, Facets: facets}, true
}

// ChoosePerson returns the view a fit or plan should use: the others' view of
// a 360 when it is complete, which takes precedence, else the self profile.
// Either may be nil; with neither usable it is a fail.Invalid error.
func ChoosePerson(self *profile.Profile, others *feedback.Report) (Person, error) {
	if p, ok := PersonFromOthers(others); ok {
		return p, nil
	}
	if self != nil {
		return PersonFromProfile(self), nil
	}
	return Person{}, &fail.Error{Code: fail.Invalid, Message: "no scores to use: give a self profile, or a 360 report in which others scored every facet"}
}

// score returns the person's score on a scale and facet.
func (p Person) score(si int, facet string) (float64, bool) {
	i := slices.Index(p.Dimensions, facet)
	if i < 0 || i >= len(p.Facets[si]) {
		return 0, false
	}
	return p.Facets[si][i], true
}

// Fit is how a person's scores compare with a role's needs: a public JSON
// contract, {"role","view","fit","gaps":[{"scale","facet","required","actual","gap"}],
// "promotion_risk":{"flag","direction","explanation","source"},"disclaimer":{"text","source"}}.
type Fit struct {
	Role string `json:"role"`
	View string `json:"view"`
	// Fit is the share of the role's required levels the person meets, 0-100.
	Fit           int           `json:"fit"`
	Gaps          []Gap         `json:"gaps"`
	PromotionRisk PromotionRisk `json:"promotion_risk"`
	Disclaimer    Cited         `json:"disclaimer"`
}

// Gap compares one facet's required level with the person's score. Gap is
// required minus actual: positive is a shortfall, negative a surplus.
type Gap struct {
	Scale    string  `json:"scale"`
	Facet    string  `json:"facet"`
	Required float64 `json:"required"`
	Actual   float64 `json:"actual"`
	Gap      float64 `json:"gap"`
}

// Promotion-risk directions.
const (
	ManagerIntoLeadership = "manager-into-leadership"
	LeaderIntoManagement  = "leader-into-management"
)

// PromotionRisk flags the move the source warns about: a strong manager into a
// leadership-heavy role, or a strong leader into a management-heavy one.
type PromotionRisk struct {
	Flag bool `json:"flag"`
	// Direction is ManagerIntoLeadership, LeaderIntoManagement or "".
	Direction   string `json:"direction,omitempty"`
	Explanation string `json:"explanation"`
	Source      string `json:"source"`
}

// Fit compares a person with a role's requirement.
//
// The fit score is Σ min(actual, required) / Σ required over the twelve facets,
// as a percentage: the share of what the role asks for that the person
// brings. Facets the role needs more weigh more, and a score above the
// requirement is not penalised: the source wants capacity for both sides, and
// the risk of over-using a strong side is a matter of how it is applied, which
// the advisor covers, not of having it.
//
// The promotion risk is flagged when the role leans one way (orientation
// lead or manage), the person is stronger on the other scale by at least the
// data's gap, and their weaker scale falls short of the role's mean required
// level on it.
func (a *Advisor) Fit(p Person, req Requirement) (Fit, error) {
	dims := a.fw.DimensionKeys()
	if req.levels[0] == nil {
		return Fit{}, &fail.Error{Code: fail.Invalid, Message: "the role requirement is empty: build it with Advisor.Requirement"}
	}
	f := Fit{Role: req.Name, View: p.View, Gaps: make([]Gap, 0, 2*len(dims)), Disclaimer: a.roles.Disclaimer}
	var met, need float64
	var missing []string
	for si, scale := range profile.ScaleKeys {
		for fi, d := range dims {
			actual, ok := p.score(si, d)
			if !ok {
				missing = append(missing, scale+"."+d)
				continue
			}
			required := req.levels[si][fi]
			met += math.Min(actual, required)
			need += required
			f.Gaps = append(f.Gaps, Gap{Scale: scale, Facet: d, Required: required, Actual: actual, Gap: round1(required - actual)})
		}
	}
	if len(missing) > 0 {
		return Fit{}, &fail.Error{Code: fail.Invalid, Message: "the person has no score on " + strings.Join(missing, ", ")}
	}
	f.Fit = 100
	if need > 0 {
		f.Fit = int(math.Round(100 * met / need))
	}
	f.PromotionRisk = a.promotionRisk(p, req)
	return f, nil
}

func (a *Advisor) promotionRisk(p Person, req Requirement) PromotionRisk {
	pr := a.roles.PromotionRisk
	m, l := p.Scales[profile.M], p.Scales[profile.L]
	detail := func(strong, weak string, s, w, needed float64) string {
		return fmt.Sprintf("%s %s against %s %s, and the role (management share %d) needs %s of about %s.",
			capitalise(strong), fmtScore(s), weak, fmtScore(w), req.ManagementShare, weak, fmtScore(needed))
	}
	switch {
	case req.Orientation == Lead && m-l >= pr.Gap && l < req.scales[profile.L]:
		return PromotionRisk{Flag: true, Direction: ManagerIntoLeadership,
			Explanation: detail(framework.Management, framework.Leadership, m, l, req.scales[profile.L]) + " " + pr.ManagerIntoLeadership.Text,
			Source:      pr.ManagerIntoLeadership.Source}
	case req.Orientation == Manage && l-m >= pr.Gap && m < req.scales[profile.M]:
		return PromotionRisk{Flag: true, Direction: LeaderIntoManagement,
			Explanation: detail(framework.Leadership, framework.Management, l, m, req.scales[profile.M]) + " " + pr.LeaderIntoManagement.Text,
			Source:      pr.LeaderIntoManagement.Source}
	}
	return PromotionRisk{Explanation: pr.None.Text, Source: pr.None.Source}
}

func scaleIndex(scale string) int { return slices.Index(profile.ScaleKeys[:], scale) }

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

func fmtScore(x float64) string { return fmt.Sprintf("%g", math.Round(x)) }

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
