package advisor_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/twohats/twohats/internal/advisor"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/feedback"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

// visionRole is a leadership-heavy role: a startup's product launch in
// disruptive innovation, with change as the need.
const visionRole = `
name: Founding product lead
contexts: [startup, disruptive-innovation]
phases: {launch: 0.7, execution: 0.3}
need: change
`

// opsRole is a compliance-heavy operations role, given as JSON.
const opsRole = `{
  "name": "Head of plant quality",
  "contexts": ["compliance-critical", "mature"],
  "phases": {"execution": 0.8, "crisis": 0.2},
  "need": "quality-control"
}`

func mustRequirement(tb testing.TB, a *advisor.Advisor, name, data string) advisor.Requirement {
	tb.Helper()
	r, err := a.ParseRole(name, []byte(data))
	if err != nil {
		tb.Fatal(err)
	}
	req, err := a.Requirement(r)
	if err != nil {
		tb.Fatal(err)
	}
	return req
}

// Constructed respondents, each scored through the real scorer. The strong
// sides vary by facet (4s and 5s), the weak ones too (2s and 3s), so that no
// facet is a copy of another.
var (
	strongManager = func(scale, facet string) int {
		if scale == framework.Management {
			return 4 + len(facet)%2
		}
		return 2 + len(facet)%3/2
	}
	strongLeader = func(scale, facet string) int { return strongManager(framework.Other(scale), facet) }
	strongBoth   = func(_, facet string) int { return 4 + len(facet)%2 }
)

func TestFit(t *testing.T) {
	a := mustAdvisor(t)
	sc := mustScorer(t)
	vision := mustRequirement(t, a, "vision.yaml", visionRole)
	ops := mustRequirement(t, a, "ops.json", opsRole)
	if vision.Orientation != advisor.Lead || ops.Orientation != advisor.Manage {
		t.Fatalf("roles: vision is %s (%d), ops is %s (%d); want lead and manage", vision.Orientation, vision.ManagementShare, ops.Orientation, ops.ManagementShare)
	}
	manager := mustProfile(t, sc, strongManager, framework.Management)
	leader := mustProfile(t, sc, strongLeader, framework.Leadership)
	both := mustProfile(t, sc, strongBoth, framework.Leadership)
	if manager.Quadrant != profile.ManagerLeaning || leader.Quadrant != profile.LeaderLeaning || both.Quadrant != profile.Balanced {
		t.Fatalf("profiles are %s, %s, %s; want manager-leaning, leader-leaning, balanced", manager.Quadrant, leader.Quadrant, both.Quadrant)
	}

	for _, tc := range []struct {
		name          string
		person        *profile.Profile
		role          advisor.Requirement
		minFit        int
		maxFit        int
		flag          bool
		direction     string
		source        string
		explanationOf []string
	}{
		{"strong manager into a vision-heavy role", manager, vision, 0, 65, true, advisor.ManagerIntoLeadership,
			"Organizations fail when they promote task managers into roles that require vision, influence, and inspiration, so knowing when to manage vs lead prevents role mismatch.",
			[]string{"strong manager into a leadership-heavy role", "struggle to inspire teams", "needs leadership of about"}},
		{"strong manager into a compliance-heavy operations role", manager, ops, 85, 100, false, "", "", nil},
		{"strong on both into the vision-heavy role", both, vision, 90, 100, false, "", "", nil},
		{"strong on both into the operations role", both, ops, 90, 100, false, "", "", nil},
		{"strong leader into the compliance-heavy operations role", leader, ops, 0, 65, true, advisor.LeaderIntoManagement,
			"Pure leaders inspire transformation while neglecting operational excellence that sustains momentum.",
			[]string{"strong leader into a management-heavy role", "needs management of about"}},
		{"strong leader into the vision-heavy role", leader, vision, 85, 100, false, "", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := a.Fit(advisor.PersonFromProfile(tc.person), tc.role)
			if err != nil {
				t.Fatal(err)
			}
			if f.Fit < tc.minFit || f.Fit > tc.maxFit {
				t.Errorf("fit %d for scales %v, want %d-%d", f.Fit, tc.person.Scales, tc.minFit, tc.maxFit)
			}
			if f.PromotionRisk.Flag != tc.flag || f.PromotionRisk.Direction != tc.direction {
				t.Errorf("promotion risk: got flag %v %q, want %v %q: %s", f.PromotionRisk.Flag, f.PromotionRisk.Direction, tc.flag, tc.direction, f.PromotionRisk.Explanation)
			}
			if tc.flag && f.PromotionRisk.Source != tc.source {
				t.Errorf("promotion risk cites %q, want %q", f.PromotionRisk.Source, tc.source)
			}
			for _, w := range tc.explanationOf {
				if !strings.Contains(f.PromotionRisk.Explanation, w) {
					t.Errorf("explanation %q does not mention %q", f.PromotionRisk.Explanation, w)
				}
			}
			if !framework.Cites(framework.SourceText(), f.PromotionRisk.Source) {
				t.Errorf("promotion risk cites %q, which is not in the source", f.PromotionRisk.Source)
			}
			if f.Disclaimer.Source != "Hiring decisions are subjective and vary by company and industry." || !strings.Contains(f.Disclaimer.Text, "never the decision") {
				t.Errorf("disclaimer: %+v", f.Disclaimer)
			}
			if len(f.Gaps) != 12 {
				t.Errorf("gaps: got %d, want one per facet of both scales (12)", len(f.Gaps))
			}
		})
	}
}

// TestFitFromSimulatedRespondents draws strong managers with weak leadership
// from the instrument's response model: every one is flagged for the vision
// role and none for the operations role, where each fits better.
func TestFitFromSimulatedRespondents(t *testing.T) {
	a := mustAdvisor(t)
	sc := mustScorer(t)
	vision := mustRequirement(t, a, "vision.yaml", visionRole)
	ops := mustRequirement(t, a, "ops.json", opsRole)
	for seed := uint64(1); seed <= 20; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		p := sc.Score(sc.Simulate(rng, profile.Traits{Management: 1.6, Leadership: -1.2, Tendency: -1, Judgement: 0.8}))
		person := advisor.PersonFromProfile(&p)
		fv, err := a.Fit(person, vision)
		if err != nil {
			t.Fatal(err)
		}
		fo, err := a.Fit(person, ops)
		if err != nil {
			t.Fatal(err)
		}
		if !fv.PromotionRisk.Flag || fo.PromotionRisk.Flag || fo.Fit <= fv.Fit {
			t.Errorf("seed %d, scales %v: vision fit %d flag %v, ops fit %d flag %v; want the vision role flagged, ops not, and a better fit for ops",
				seed, p.Scales, fv.Fit, fv.PromotionRisk.Flag, fo.Fit, fo.PromotionRisk.Flag)
		}
	}
}

// TestFitFormula pins the fit arithmetic on a role given by facet levels:
// shortfalls count, surpluses do not.
func TestFitFormula(t *testing.T) {
	a := mustAdvisor(t)
	dims := a.Framework().DimensionKeys()
	facets := map[string]map[string]float64{framework.Management: {}, framework.Leadership: {}}
	for _, d := range dims {
		facets[framework.Management][d] = 80
		facets[framework.Leadership][d] = 40
	}
	req, err := a.Requirement(advisor.Role{Name: "direct", Facets: facets})
	if err != nil {
		t.Fatal(err)
	}
	if req.ManagementShare != 67 || req.Orientation != advisor.Manage {
		t.Errorf("share %d %s, want 67 manage (80 / (80 + 40))", req.ManagementShare, req.Orientation)
	}
	person := func(m, l float64) advisor.Person {
		p := advisor.Person{View: advisor.ViewSelf, Dimensions: dims, Scales: [2]float64{m, l}}
		for range dims {
			p.Facets[0] = append(p.Facets[0], m)
			p.Facets[1] = append(p.Facets[1], l)
		}
		return p
	}
	for _, tc := range []struct {
		m, l float64
		want int
	}{
		{80, 40, 100},
		{100, 100, 100}, // above the requirement: not penalised
		{40, 40, 67},    // (6×40 + 6×40) / (6×80 + 6×40)
		{80, 0, 67},     // (6×80) / (6×120)
		{0, 0, 0},
	} {
		f, err := a.Fit(person(tc.m, tc.l), req)
		if err != nil {
			t.Fatal(err)
		}
		if f.Fit != tc.want {
			t.Errorf("management %v leadership %v: fit %d, want %d", tc.m, tc.l, f.Fit, tc.want)
		}
	}
	f, _ := a.Fit(person(90, 30), req)
	want := advisor.Gap{Scale: framework.Leadership, Facet: dims[0], Required: 40, Actual: 30, Gap: 10}
	if got := f.Gaps[len(dims)]; got != want {
		t.Errorf("first leadership gap: got %+v, want %+v", got, want)
	}
	if got := f.Gaps[0].Gap; got != -10 {
		t.Errorf("first management gap: got %v, want -10 (a surplus)", got)
	}
}

// TestFitJSON pins the public shape of a fit.
func TestFitJSON(t *testing.T) {
	a := mustAdvisor(t)
	sc := mustScorer(t)
	f, err := a.Fit(advisor.PersonFromProfile(mustProfile(t, sc, strongManager, framework.Management)), mustRequirement(t, a, "vision.yaml", visionRole))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(f)
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range doc {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if diff := cmp.Diff([]string{"disclaimer", "fit", "gaps", "promotion_risk", "role", "view"}, keys); diff != "" {
		t.Errorf("keys (-want +got):\n%s", diff)
	}
	var gaps []map[string]any
	_ = json.Unmarshal(doc["gaps"], &gaps)
	if len(gaps) == 0 || len(gaps[0]) != 5 {
		t.Errorf("a gap has keys %v, want scale, facet, required, actual, gap", gaps[0])
	}
}

// TestOthersViewTakesPrecedence builds a 360 where the person rates
// themselves a manager and everyone else sees a leader: the others' view is
// the one a fit uses.
func TestOthersViewTakesPrecedence(t *testing.T) {
	a := mustAdvisor(t)
	sc := mustScorer(t)
	self := mustProfile(t, sc, strongManager, framework.Management)
	answers := func(lv level) map[string]int {
		m := map[string]int{}
		for _, it := range sc.Instrument().ItemsIn(instrument.Capability) {
			v := lv(it.Scale, it.Facet)
			if it.Reverse {
				v = instrument.MinRating + instrument.MaxRating - v
			}
			m[it.ID] = v
		}
		return m
	}
	in := feedback.Input{CampaignID: "c1", Threshold: 3, Ratings: []feedback.Rating{{RaterID: "s", Group: feedback.Self, Answers: answers(strongManager)}}}
	for i := range 4 {
		in.Ratings = append(in.Ratings, feedback.Rating{RaterID: fmt.Sprint("p", i), Group: feedback.Peer, Answers: answers(strongLeader)})
	}
	rep, err := feedback.Build(sc, in)
	if err != nil {
		t.Fatal(err)
	}
	p, err := advisor.ChoosePerson(self, rep)
	if err != nil {
		t.Fatal(err)
	}
	if p.View != advisor.ViewOthers || p.Scales[profile.L] <= p.Scales[profile.M] {
		t.Errorf("chose %s view with scales %v; want the others' view, leader-leaning", p.View, p.Scales)
	}
	f, err := a.Fit(p, mustRequirement(t, a, "ops.json", opsRole))
	if err != nil {
		t.Fatal(err)
	}
	if !f.PromotionRisk.Flag || f.PromotionRisk.Direction != advisor.LeaderIntoManagement || f.View != advisor.ViewOthers {
		t.Errorf("fit on others' view: %+v", f.PromotionRisk)
	}

	if p, err := advisor.ChoosePerson(self, nil); err != nil || p.View != advisor.ViewSelf {
		t.Errorf("without a 360: got %s, %v; want the self view", p.View, err)
	}
	if _, err := advisor.ChoosePerson(nil, nil); fail.Code(err) != fail.Invalid {
		t.Errorf("with neither: got %v, want an invalid error", err)
	}
}

func TestParseRoleErrors(t *testing.T) {
	a := mustAdvisor(t)
	for _, tc := range []struct {
		name string
		file string
		data string
		want []string
	}{
		{"unknown field in YAML", "r.yaml", "name: x\ncontexts: [startup]\nphase: {launch: 1}\n",
			[]string{"r.yaml", "[3:1]", `unknown field "phase"`, "valid fields: name, contexts, phases, need, facets"}},
		{"unknown field in JSON", "r.json", "{\n  \"name\": \"x\",\n  \"contxts\": [\"startup\"]\n}",
			[]string{"r.json", "[3:3]", `unknown field "contxts"`}},
		{"unknown context", "r.yaml", "name: x\ncontexts: [startup, scale-up]\nphases: {launch: 1}\n",
			[]string{"r.yaml", "contexts[1]", "line 2", `unknown context "scale-up"`, "valid: mature, operational-excellence, compliance-critical, startup"}},
		{"unknown phase", "r.yaml", "name: x\ncontexts: [startup]\nphases:\n  launch: 1\n  wind-down: 1\n",
			[]string{"phases.wind-down", "line 5", `unknown phase "wind-down"`, "launch, execution, crisis, recovery"}},
		{"zero share", "r.yaml", "name: x\ncontexts: [startup]\nphases: {launch: 0}\n",
			[]string{"phases.launch", "share 0 is out of range"}},
		{"unknown need", "r.json", `{"name":"x","contexts":["startup"],"phases":{"launch":1},"need":"speed"}`,
			[]string{"need", `unknown need "speed"`, "consistency, quality-control, commitment, change"}},
		{"no phases", "r.yaml", "name: x\ncontexts: [startup]\n",
			[]string{"phases", "give each phase's share"}},
		{"both kinds", "r.yaml", "name: x\ncontexts: [startup]\nphases: {launch: 1}\nfacets: {management: {focus: 1}}\n",
			[]string{"not both"}},
		{"neither kind", "r.yaml", "name: x\n",
			[]string{"describe the role by contexts and phases"}},
		{"empty", "r.yaml", "  \n", []string{"r.yaml", "empty"}},
		{"unknown facet", "r.yaml", "name: x\nfacets:\n  management: {focus: 50, time_orientation: 50, change_approach: 50, power_source: 50, success_metric: 50, problem_solving: 50}\n  leadership:\n    focus: 50\n    vision: 50\n",
			[]string{"facets.leadership.vision", "line 6", `unknown facet "vision"`, "focus, time_orientation", "facets.leadership", "missing time_orientation"}},
		{"unknown scale", "r.yaml", "name: x\nfacets:\n  managment: {focus: 50}\n",
			[]string{"facets.managment", `unknown scale "managment"`}},
		{"level out of range", "r.yaml", "name: x\nfacets:\n  management: {focus: 150, time_orientation: 50, change_approach: 50, power_source: 50, success_metric: 50, problem_solving: 50}\n  leadership: {focus: 50, time_orientation: 50, change_approach: 50, power_source: 50, success_metric: 50, problem_solving: 50}\n",
			[]string{"facets.management.focus", "level 150 is out of range"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := a.ParseRole(tc.file, []byte(tc.data))
			if fail.Code(err) != fail.Invalid {
				t.Fatalf("got %v, want an invalid error", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
		})
	}
}
