package profile_test

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/psychometrics"
)

func newScorer(t testing.TB) *profile.Scorer {
	t.Helper()
	fw, err := framework.Default()
	if err != nil {
		t.Fatal(err)
	}
	in, err := instrument.Load(fw, instrument.Default)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := profile.NewScorer(fw, in)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// respondent answers each kind of item by a rule.
type respondent struct {
	capability func(it instrument.Item) int
	tendency   func(it instrument.Item) string // option id
	sjt        func(it instrument.Item, o instrument.Option) int
}

func (r respondent) answers(in *instrument.Instrument) profile.Answers {
	a := profile.Answers{Instrument: in.ID, Answers: map[string]json.RawMessage{}}
	for _, it := range in.Items {
		var v any
		switch it.Section {
		case instrument.Capability:
			v = r.capability(it)
		case instrument.Tendency:
			v = r.tendency(it)
		case instrument.SJT:
			m := map[string]int{}
			for _, o := range it.Options {
				m[o.ID] = r.sjt(it, o)
			}
			v = m
		}
		b, _ := json.Marshal(v)
		a.Answers[it.ID] = b
	}
	return a
}

// keyed answers a capability item so that its keyed score is high when the
// item's scale is `high`, and low otherwise, honouring reverse keying.
func keyed(high ...string) func(instrument.Item) int {
	return func(it instrument.Item) int {
		want := slices.Contains(high, it.Scale)
		if want != it.Reverse {
			return 5
		}
		return 1
	}
}

func pole(p string) func(instrument.Item) string {
	return func(it instrument.Item) string {
		for _, o := range it.Options {
			if o.Pole == p {
				return o.ID
			}
		}
		return it.Options[0].ID
	}
}

// alternate splits tendency choices evenly between the poles.
func alternate() func(instrument.Item) string {
	n := 0
	return func(it instrument.Item) string {
		n++
		if n%2 == 0 {
			return pole(framework.Management)(it)
		}
		return pole(framework.Leadership)(it)
	}
}

// favour rates scenario options of pole p 5, the other side 1, others 3.
func favour(p string) func(instrument.Item, instrument.Option) int {
	return func(_ instrument.Item, o instrument.Option) int {
		switch o.Pole {
		case p:
			return 5
		case framework.Other(p):
			return 1
		}
		return 3
	}
}

func byKey(_ instrument.Item, o instrument.Option) int { return o.Key }

func score(t *testing.T, sc *profile.Scorer, a profile.Answers) profile.Profile {
	t.Helper()
	r, err := sc.Encode(a)
	if err != nil {
		t.Fatal(err)
	}
	return sc.Score(r)
}

func warningIDs(p profile.Profile) []string {
	var ids []string
	for _, w := range p.Warnings {
		ids = append(ids, w.Key)
	}
	return ids
}

func TestExtremeProfiles(t *testing.T) {
	sc := newScorer(t)
	in := sc.Instrument()
	for _, tc := range []struct {
		name         string
		who          respondent
		quadrant     string
		tendency     func(float64) bool
		wantWarnings []string
		noWarnings   []string
		focusSide    string
	}{
		{
			name:         "pure manager",
			who:          respondent{keyed(framework.Management), pole(framework.Management), favour(framework.Management)},
			quadrant:     profile.ManagerLeaning,
			tendency:     func(x float64) bool { return x <= -0.8 },
			wantWarnings: []string{"resists-change", "default-manage"},
			noWarnings:   []string{"poor-execution", "default-lead"},
			focusSide:    framework.Leadership,
		},
		{
			name:         "pure leader",
			who:          respondent{keyed(framework.Leadership), pole(framework.Leadership), favour(framework.Leadership)},
			quadrant:     profile.LeaderLeaning,
			tendency:     func(x float64) bool { return x >= 0.8 },
			wantWarnings: []string{"poor-execution", "default-lead"},
			noWarnings:   []string{"resists-change", "default-manage"},
			focusSide:    framework.Management,
		},
		{
			name:       "all high",
			who:        respondent{keyed(framework.Management, framework.Leadership), alternate(), byKey},
			quadrant:   profile.Balanced,
			tendency:   func(x float64) bool { return math.Abs(x) <= 0.2 },
			noWarnings: []string{"resists-change", "poor-execution", "default-manage", "default-lead", "low-judgement"},
			focusSide:  framework.Leadership,
		},
		{
			name:         "all low",
			who:          respondent{keyed(), alternate(), func(instrument.Item, instrument.Option) int { return 3 }},
			quadrant:     profile.Emerging,
			tendency:     func(x float64) bool { return math.Abs(x) <= 0.2 },
			wantWarnings: []string{"low-judgement"},
			noWarnings:   []string{"resists-change", "poor-execution"},
			focusSide:    framework.Leadership,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := score(t, sc, tc.who.answers(in))
			if p.Quadrant != tc.quadrant {
				t.Errorf("quadrant = %s, want %s (management %.1f, leadership %.1f)", p.Quadrant, tc.quadrant, p.Scales[profile.M], p.Scales[profile.L])
			}
			if !tc.tendency(p.Tendency) {
				t.Errorf("tendency = %v, out of the expected range", p.Tendency)
			}
			got := warningIDs(p)
			for _, w := range tc.wantWarnings {
				if !slices.Contains(got, w) {
					t.Errorf("warnings %v lack %q", got, w)
				}
			}
			for _, w := range tc.noWarnings {
				if slices.Contains(got, w) {
					t.Errorf("warnings %v contain %q", got, w)
				}
			}
			if p.Focus.Side != tc.focusSide {
				t.Errorf("development side = %s, want %s", p.Focus.Side, tc.focusSide)
			}
			if len(p.Focus.Habits) != 4 {
				t.Errorf("development has %d habits, want 4", len(p.Focus.Habits))
			}
			for _, f := range p.Focus.Facets {
				if got, _ := p.Score(f.Scale, f.Facet); f.Score != got {
					t.Errorf("development facet %s.%s has score %v, want its facet score %v", f.Scale, f.Facet, f.Score, got)
				}
				if len(f.Practices) == 0 {
					t.Errorf("development facet %s has no practices", f.Facet)
				}
				for _, pr := range f.Practices {
					if pr.For != tc.focusSide {
						t.Errorf("practice %s develops %s, want %s", pr.Key, pr.For, tc.focusSide)
					}
				}
			}
		})
	}
}

// TestDevelopmentTargetsWeakestFacets checks, over many simulated people, that
// the development focus is the weaker side and its two lowest facets.
func TestDevelopmentTargetsWeakestFacets(t *testing.T) {
	sc := newScorer(t)
	rng := rand.New(rand.NewPCG(5, 5))
	for i := 0; i < 500; i++ {
		p := sc.Score(sc.Simulate(rng, profile.RandomTraits(rng)))
		side := slices.Index(profile.ScaleKeys[:], p.Focus.Side)
		if p.Scales[side] > p.Scales[1-side] {
			t.Fatalf("development side %s scores %v, above the other side's %v", p.Focus.Side, p.Scales[side], p.Scales[1-side])
		}
		f0, f1 := p.Focus.Facets[0], p.Focus.Facets[1]
		if f0.Facet == f1.Facet || f0.Score > f1.Score {
			t.Fatalf("development facets %s (%v) and %s (%v) are not two distinct facets, lowest first", f0.Facet, f0.Score, f1.Facet, f1.Score)
		}
		for fi, d := range p.Dimensions {
			v := p.Facets[side][fi]
			if d != f0.Facet && d != f1.Facet && v < f1.Score {
				t.Fatalf("facet %s (%v) is lower than development facet %s (%v)", d, v, f1.Facet, f1.Score)
			}
		}
		for _, f := range p.Focus.Facets {
			if got, _ := p.Score(f.Scale, f.Facet); f.Score != got {
				t.Fatalf("development facet %s.%s has score %v, want %v", f.Scale, f.Facet, f.Score, got)
			}
		}
	}
}

func TestPureManagerWarningCitesSource(t *testing.T) {
	sc := newScorer(t)
	p := score(t, sc, respondent{keyed(framework.Management), pole(framework.Management), favour(framework.Management)}.answers(sc.Instrument()))
	for _, w := range p.Warnings {
		if w.Key == "resists-change" {
			if !strings.Contains(w.Text, "resist necessary change") || !strings.Contains(w.Text, "efficient execution of wrong strategies") {
				t.Errorf("resists-change text does not state the source's consequence: %q", w.Text)
			}
			if !framework.Cites(sc.Framework().Source, w.Source) {
				t.Errorf("resists-change cites %q, not in the source", w.Source)
			}
			return
		}
	}
	t.Fatal("no resists-change warning")
}

func TestScoreArithmetic(t *testing.T) {
	sc := newScorer(t)
	in := sc.Instrument()
	constant := func(v int) func(instrument.Item) int { return func(instrument.Item) int { return v } }
	for _, tc := range []struct {
		name         string
		who          respondent
		wantM, wantL float64
		wantAccuracy float64
		wantTendency float64
	}{
		// Rating every capability item 3 puts every facet, reversed or not, at the midpoint.
		{"midpoint", respondent{constant(3), pole(framework.Management), byKey}, 50, 50, 100, -1},
		// Rating every item 5 gives non-reversed items 100 and reversed 0: (2×100+0)/3 per facet.
		{"all fives", respondent{constant(5), pole(framework.Leadership), func(instrument.Item, instrument.Option) int { return 3 }}, 66.7, 66.7, 0, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := score(t, sc, tc.who.answers(in))
			if p.Scales[profile.M] != tc.wantM || p.Scales[profile.L] != tc.wantL {
				t.Errorf("scales = %v, want [%v %v]", p.Scales, tc.wantM, tc.wantL)
			}
			if p.Judgement.Accuracy != tc.wantAccuracy {
				t.Errorf("accuracy = %v, want %v", p.Judgement.Accuracy, tc.wantAccuracy)
			}
			if p.Tendency != tc.wantTendency {
				t.Errorf("tendency = %v, want %v", p.Tendency, tc.wantTendency)
			}
		})
	}
}

func TestJudgementSeparatesAccuracyFromStyle(t *testing.T) {
	sc := newScorer(t)
	in := sc.Instrument()
	base := respondent{keyed(framework.Management, framework.Leadership), alternate(), nil}
	for _, tc := range []struct {
		name           string
		sjt            func(instrument.Item, instrument.Option) int
		accuracy       func(float64) bool
		preferenceSign float64
	}{
		{"as keyed", byKey, func(a float64) bool { return a == 100 }, 0},
		{"reverse of the key", func(_ instrument.Item, o instrument.Option) int { return 6 - o.Key }, func(a float64) bool { return a == 0 }, 0},
		{"flat", func(instrument.Item, instrument.Option) int { return 3 }, func(a float64) bool { return a == 0 }, 0},
		{"always lead", favour(framework.Leadership), func(a float64) bool { return a < 100 }, 1},
		{"always manage", favour(framework.Management), func(a float64) bool { return a < 100 }, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			who := base
			who.sjt = tc.sjt
			p := score(t, sc, who.answers(in))
			if !tc.accuracy(p.Judgement.Accuracy) {
				t.Errorf("accuracy = %v, not as expected", p.Judgement.Accuracy)
			}
			if tc.preferenceSign != 0 && math.Signbit(p.Judgement.Preference) != math.Signbit(tc.preferenceSign) {
				t.Errorf("preference = %v, want the sign of %v", p.Judgement.Preference, tc.preferenceSign)
			}
			if tc.preferenceSign != 0 && math.Abs(p.Judgement.Preference) < 0.5 {
				t.Errorf("preference = %v, want a strong preference", p.Judgement.Preference)
			}
		})
	}
}

func TestEncodeReportsEveryBadItem(t *testing.T) {
	sc := newScorer(t)
	in := sc.Instrument()
	good := respondent{keyed(framework.Management), pole(framework.Management), byKey}.answers(in)
	capID := in.ItemsIn(instrument.Capability)[0].ID
	cap2 := in.ItemsIn(instrument.Capability)[1].ID
	tendID := in.ItemsIn(instrument.Tendency)[0].ID
	sjt := in.ItemsIn(instrument.SJT)[0]
	sjt2 := in.ItemsIn(instrument.SJT)[1]

	a := profile.Answers{Instrument: in.ID, Answers: map[string]json.RawMessage{}}
	for k, v := range good.Answers {
		a.Answers[k] = v
	}
	delete(a.Answers, cap2)
	a.Answers[capID] = json.RawMessage(`6`)
	a.Answers[tendID] = json.RawMessage(`"c"`)
	a.Answers[sjt.ID] = json.RawMessage(fmt.Sprintf(`{%q: 0, %q: 2, %q: 3}`, sjt.Options[0].ID, sjt.Options[1].ID, sjt.Options[2].ID))
	a.Answers[sjt2.ID] = json.RawMessage(`"five"`)
	a.Answers["no.such.item"] = json.RawMessage(`3`)

	_, err := sc.Encode(a)
	if fail.Code(err) != fail.Invalid {
		t.Fatalf("error code = %q, want invalid (err: %v)", fail.Code(err), err)
	}
	fields := fail.FieldsOf(err)
	want := map[string]string{
		capID:          "out of range",
		cap2:           "missing answer",
		tendID:         `unknown option "c"`,
		sjt.ID:         "is not rated",
		sjt2.ID:        "want an object",
		"no.such.item": "unknown item id",
	}
	if len(fields) != len(want) {
		t.Errorf("got %d bad items, want %d: %v", len(fields), len(want), fields)
	}
	for id, frag := range want {
		if !strings.Contains(fields[id], frag) {
			t.Errorf("item %s: got %q, want it to mention %q", id, fields[id], frag)
		}
		if !strings.Contains(err.Error(), id) {
			t.Errorf("error message does not name %s: %v", id, err)
		}
	}
	if !strings.Contains(fields[sjt.ID], "out of range") {
		t.Errorf("item %s: the 0 rating is not reported: %q", sjt.ID, fields[sjt.ID])
	}

	if _, err := sc.Encode(profile.Answers{Instrument: "core@9", Answers: good.Answers}); fail.Code(err) != fail.Invalid || !strings.Contains(err.Error(), "core@9") {
		t.Errorf("wrong instrument: got %v", err)
	}
}

func TestEncodePartialAndDecodeRoundTrip(t *testing.T) {
	sc := newScorer(t)
	in := sc.Instrument()
	full := respondent{keyed(framework.Leadership), pole(framework.Leadership), byKey}.answers(in)
	r, err := sc.Encode(full)
	if err != nil {
		t.Fatal(err)
	}
	back := sc.Decode(r)
	if diff := cmp.Diff(normalised(t, full), normalised(t, back)); diff != "" {
		t.Errorf("Decode(Encode(a)) differs (-want +got):\n%s", diff)
	}

	partial := profile.Answers{Instrument: in.ID, Answers: map[string]json.RawMessage{}}
	first := in.Items[0].ID
	partial.Answers[first] = full.Answers[first]
	pr, err := sc.EncodePartial(partial)
	if err != nil {
		t.Fatalf("a valid partial answer set was refused: %v", err)
	}
	if pr.Complete() {
		t.Error("a partial response reports itself complete")
	}
	if _, err := sc.Encode(partial); err == nil {
		t.Error("Encode accepted a partial answer set")
	}
}

func normalised(t *testing.T, a profile.Answers) map[string]any {
	t.Helper()
	b, _ := json.Marshal(a)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestRecoversKnownTraits simulates respondents from known latent management
// and leadership levels with a graded-response model and checks that the
// scored levels track them, and that each scale is internally consistent.
func TestRecoversKnownTraits(t *testing.T) {
	sc := newScorer(t)
	in := sc.Instrument()
	const n = 2000
	rng := rand.New(rand.NewPCG(2, 7))
	var trueM, trueL, gotM, gotL []float64
	keyedItems := map[string][][]float64{}
	for i := 0; i < n; i++ {
		tr := profile.RandomTraits(rng)
		r := sc.Simulate(rng, tr)
		p := sc.Score(r)
		trueM, trueL = append(trueM, tr.Management), append(trueL, tr.Leadership)
		gotM, gotL = append(gotM, p.Scales[profile.M]), append(gotL, p.Scales[profile.L])
		answers := sc.Decode(r)
		rows := map[string][]float64{}
		for _, it := range in.ItemsIn(instrument.Capability) {
			var v float64
			if err := json.Unmarshal(answers.Answers[it.ID], &v); err != nil {
				t.Fatal(err)
			}
			if it.Reverse {
				v = 6 - v
			}
			rows[it.Scale] = append(rows[it.Scale], v)
		}
		for scale, row := range rows {
			keyedItems[scale] = append(keyedItems[scale], row)
		}
	}
	for _, tc := range []struct {
		scale      string
		truth, got []float64
	}{{framework.Management, trueM, gotM}, {framework.Leadership, trueL, gotL}} {
		r := pearson(tc.truth, tc.got)
		alpha := psychometrics.Alpha(keyedItems[tc.scale])
		t.Logf("%s: r(true, scored) = %.3f, Cronbach's alpha = %.3f over %d respondents", tc.scale, r, alpha, n)
		if r < 0.9 {
			t.Errorf("%s: correlation between true and scored levels %.3f < 0.9", tc.scale, r)
		}
		if alpha < 0.8 {
			t.Errorf("%s: Cronbach's alpha %.3f < 0.8", tc.scale, alpha)
		}
	}
	// Two separate scales: the scored levels must not be one bipolar axis.
	if r := pearson(gotM, gotL); r < -0.2 {
		t.Errorf("management and leadership scores correlate %.3f: the scales behave as one bipolar scale", r)
	}
}

func pearson(x, y []float64) float64 {
	n := float64(len(x))
	var sx, sy, sxx, syy, sxy float64
	for i := range x {
		sx += x[i]
		sy += y[i]
		sxx += x[i] * x[i]
		syy += y[i] * y[i]
		sxy += x[i] * y[i]
	}
	return (sxy - sx*sy/n) / math.Sqrt((sxx-sx*sx/n)*(syy-sy*sy/n))
}

func TestDocumentShape(t *testing.T) {
	sc := newScorer(t)
	p := score(t, sc, respondent{keyed(framework.Management), pole(framework.Management), favour(framework.Management)}.answers(sc.Instrument()))
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"instrument", "scales", "facets", "tendency", "judgement", "quadrant", "warnings", "development"} {
		if _, ok := doc[key]; !ok {
			t.Errorf("profile JSON lacks %q", key)
		}
	}
	facets := doc["facets"].(map[string]any)
	for _, scale := range []string{"management", "leadership"} {
		if got := len(facets[scale].(map[string]any)); got != 6 {
			t.Errorf("facets.%s has %d dimensions, want 6", scale, got)
		}
		if _, ok := doc["scales"].(map[string]any)[scale].(map[string]any)["score"]; !ok {
			t.Errorf("scales.%s.score missing", scale)
		}
	}
	j := doc["judgement"].(map[string]any)
	if _, ok := j["accuracy"]; !ok {
		t.Error("judgement.accuracy missing")
	}
	if _, ok := j["preference"]; !ok {
		t.Error("judgement.preference missing")
	}
	for _, w := range doc["warnings"].([]any) {
		w := w.(map[string]any)
		for _, k := range []string{"id", "text", "source"} {
			if w[k] == "" || w[k] == nil {
				t.Errorf("warning lacks %s: %v", k, w)
			}
		}
	}
}

var sink profile.Profile

// BenchmarkScore measures scoring one complete assessment in process.
func BenchmarkScore(b *testing.B) {
	sc := newScorer(b)
	rng := rand.New(rand.NewPCG(1, 1))
	responses := make([]profile.Response, 1024)
	for i := range responses {
		responses[i] = sc.Simulate(rng, profile.RandomTraits(rng))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sink = sc.Score(responses[i%len(responses)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "assessments/s")
}

var sinkSum int

// BenchmarkBaselineSum is the floor Score is measured against: reading every
// slot of the same responses once and adding them up.
func BenchmarkBaselineSum(b *testing.B) {
	sc := newScorer(b)
	rng := rand.New(rand.NewPCG(1, 1))
	responses := make([]profile.Response, 1024)
	for i := range responses {
		responses[i] = sc.Simulate(rng, profile.RandomTraits(rng))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := 0
		for _, v := range responses[i%len(responses)] {
			s += int(v)
		}
		sinkSum += s
	}
}

// TestAppendAnswersMatchesDecode checks the fast answers encoder against the
// reflective one on complete and partial responses.
func TestAppendAnswersMatchesDecode(t *testing.T) {
	sc := newScorer(t)
	rng := rand.New(rand.NewPCG(8, 8))
	for i := 0; i < 200; i++ {
		r := sc.Simulate(rng, profile.RandomTraits(rng))
		if i%3 == 0 { // leave some answers out, some scenario options too
			for j := range r {
				if rng.IntN(4) == 0 {
					r[j] = 0
				}
			}
		}
		var fast, slow map[string]any
		if err := json.Unmarshal(sc.AppendAnswers(nil, r), &fast); err != nil {
			t.Fatalf("AppendAnswers wrote invalid JSON: %v", err)
		}
		b, _ := json.Marshal(sc.Decode(r))
		if err := json.Unmarshal(b, &slow); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(slow, fast); diff != "" {
			t.Fatalf("AppendAnswers differs from Decode (-decode +append):\n%s", diff)
		}
	}
}

func TestEncodeAcceptsEquivalentJSON(t *testing.T) {
	sc := newScorer(t)
	in := sc.Instrument()
	base := respondent{keyed(framework.Management), pole(framework.Management), byKey}.answers(in)
	want, err := sc.Encode(base)
	if err != nil {
		t.Fatal(err)
	}
	// The same answers written differently: white space, a float, an escape.
	alt := profile.Answers{Instrument: base.Instrument, Answers: map[string]json.RawMessage{}}
	for id, raw := range base.Answers {
		alt.Answers[id] = raw
	}
	capID := in.ItemsIn(instrument.Capability)[0].ID
	tendID := in.ItemsIn(instrument.Tendency)[0].ID
	alt.Answers[capID] = json.RawMessage(" " + string(base.Answers[capID]) + " ")
	var opt string
	_ = json.Unmarshal(base.Answers[tendID], &opt)
	alt.Answers[tendID] = json.RawMessage(fmt.Sprintf(`"\u%04x"`, opt[0]))
	got, err := sc.Encode(alt)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("equivalent JSON encoded differently")
	}
	alt.Answers[capID] = json.RawMessage(`3.5`)
	if _, err := sc.Encode(alt); err == nil {
		t.Error("a fractional rating was accepted")
	}
}
