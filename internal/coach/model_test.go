package coach

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
)

// rulesFS returns the rule files of data/ with model.json replaced by
// model (or left out when model is nil).
func rulesFS(t *testing.T, model []byte) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	names, err := fs.Glob(os.DirFS("data"), "*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatalf("no rule files: %v", err)
	}
	for _, n := range names {
		b, err := os.ReadFile("data/" + n)
		if err != nil {
			t.Fatal(err)
		}
		m[n] = &fstest.MapFile{Data: b}
	}
	if model != nil {
		m[ModelFile] = &fstest.MapFile{Data: model}
	}
	return m
}

func TestModelEmbedded(t *testing.T) {
	an := loaded(t)
	if an.model == nil {
		t.Fatal("the embedded analyser has no learned layer")
	}
	// without model.json the rules run alone
	plain, err := Load(rulesFS(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	if plain.model != nil {
		t.Fatal("a model without model.json")
	}
}

func TestModelFileErrors(t *testing.T) {
	good, err := os.ReadFile("data/" + ModelFile)
	if err != nil {
		t.Fatal(err)
	}
	// Load reports a broken model.json like a broken rule file
	if _, err := Load(rulesFS(t, []byte("{"))); err == nil || !strings.HasPrefix(err.Error(), ModelFile+":") {
		t.Fatalf("Load with a broken %s: got %v", ModelFile, err)
	}
	private, err := Load(rulesFS(t, nil)) // SetModel is not for a shared analyser
	if err != nil {
		t.Fatal(err)
	}
	sig := func(name, rest string) string {
		return `{"name": "` + name + `", "bias": -1, "threshold": 0.5, "weights": {` + rest + `}}`
	}
	nine := func(first string) string {
		parts := []string{first}
		for _, n := range SignalNames[1:] {
			parts = append(parts, sig(n, ""))
		}
		return `{"version": 1, "signals": [` + strings.Join(parts, ",\n") + `]}`
	}
	for _, c := range []struct{ name, data, want string }{
		{"syntax", "{\n\"version\": 1,\n\"signals\": [\n}", "model.json:4: "},
		{"unknown field", `{"version": 1, "colour": "red", "signals": []}`, `model.json: json: unknown field "colour"`},
		{"version", `{"version": 2, "signals": []}`, "model.json: field version: 2"},
		{"too few signals", `{"version": 1, "signals": []}`, "model.json: field signals: 0 entries"},
		{"unknown signal", nine(sig("claims_manager", "")), `model.json: field signals[0].name: unknown signal "claims_manager"`},
		{"twice", nine(sig("binary_thinking", "")), `model.json: field signals[2].name: signal "binary_thinking" appears twice`},
		{"threshold", nine(strings.Replace(sig(SignalNames[0], ""), "0.5", "1.5", 1)), "model.json: field signals[0].threshold: 1.5"},
		{"zero threshold", nine(strings.Replace(sig(SignalNames[0], ""), "0.5", "0", 1)), "model.json: field signals[0].threshold: 0"},
		{"bias", nine(strings.Replace(sig(SignalNames[0], ""), "-1", "1e9", 1)), "model.json: field signals[0].bias"},
		{"weight", nine(sig(SignalNames[0], `"leader": 1e300`)), `model.json: field signals[0].weights["leader"]: 1e+300 is not a finite weight`},
		{"feature", nine(sig(SignalNames[0], `"Leader": 1`)), `model.json: field signals[0].weights["Leader"]: token "Leader"`},
		{"feature shape", nine(sig(SignalNames[0], `"a b c": 1`)), `model.json: field signals[0].weights["a b c"]: want`},
		{"empty token", nine(sig(SignalNames[0], `"q:": 1`)), `model.json: field signals[0].weights["q:"]: empty token`},
		{"type", `{"version": "one", "signals": []}`, "model.json:1: json: cannot unmarshal"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := private.SetModel([]byte(c.data))
			var le *LoadError
			if !errors.As(err, &le) || le.File != ModelFile {
				t.Fatalf("got %v, want a LoadError for %s", err, ModelFile)
			}
			if !strings.HasPrefix(err.Error(), c.want) && !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %q, want it to contain %q", err, c.want)
			}
		})
	}
	if err := private.SetModel(good); err != nil {
		t.Fatalf("the shipped model.json: %v", err)
	}
	// a small valid file: nine signals, three weights
	if err := private.SetModel([]byte(nine(sig(SignalNames[0], `"leader": 1, "q:leader n:manager": -1, "i _ leader": 0.5`)))); err != nil {
		t.Fatalf("a valid file: %v", err)
	}
}

// TestModelFeatureHashes checks that the hashes Analyze looks up are the
// hashes of the feature strings the trainer learns from.
func TestModelFeatureHashes(t *testing.T) {
	an := loaded(t)
	for _, text := range []string{
		`People say "I'm a leader, not a manager", but I don't agree. I never said I'm not organised.`,
		"I’m a leader — not a manager… My old boss said ‘managers are clerks’.",
		"Is leadership better than management? No. I set up the rota because safety was at stake.",
	} {
		feats, err := an.ModelFeatures(text)
		if err != nil {
			t.Fatal(err)
		}
		want := map[uint64]bool{}
		for _, f := range feats {
			h, err := parseFeature(f)
			if err != nil {
				t.Fatalf("%q: feature %q does not parse: %v", text, f, err)
			}
			want[h] = true
		}
		got := map[uint64]bool{}
		d := newDocument(text, an.lang, an.pats)
		d.eachFeature(true, true, func(_ int, h uint64, _ string) { got[h] = true })
		if len(got) != len(want) {
			t.Fatalf("%q: %d hashes at run time, %d features", text, len(got), len(want))
		}
		for h := range got {
			if !want[h] {
				t.Fatalf("%q: a run-time hash matches no feature string", text)
			}
		}
	}
}

// corpusTexts returns the seen answers.
func corpusTexts(t *testing.T) []string {
	data, err := os.ReadFile("testdata/corpus/seen/answers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var as []struct {
		Text string `yaml:"text"`
	}
	if err := yaml.Unmarshal(data, &as); err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Text
	}
	return out
}

// TestModelFindingSpans checks that every model-only finding spans exactly
// one sentence of the input, on rune boundaries, with typographic
// punctuation (multi-byte, folded before analysis) as well as plain text.
func TestModelFindingSpans(t *testing.T) {
	an := loaded(t)
	typo := strings.NewReplacer("'", "’", " - ", " — ", "...", "…", `"`, "”")
	seen := 0
	for _, base := range corpusTexts(t) {
		for _, text := range []string{base, typo.Replace(base), "Olá — " + base} {
			d := newDocument(text, an.lang, an.pats)
			sents := map[[2]int]bool{}
			for _, st := range d.sents {
				s, e := d.inputSpan(st.start, st.end)
				sents[[2]int{s, e}] = true
			}
			// every signal left open, so the layer fires wherever it can
			var sig [9]bool
			fs := an.model.apply(d, &sig, nil)
			res, err := an.Analyze(text)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range res.Findings {
				if strings.HasPrefix(f.Rule, "model:") {
					fs = append(fs, f)
				}
			}
			for _, f := range fs {
				seen++
				if f.Start < 0 || f.Start >= f.End || f.End > len(text) {
					t.Fatalf("%s: span %d-%d outside %d bytes", f.Rule, f.Start, f.End, len(text))
				}
				if !utf8.RuneStart(text[f.Start]) || f.End < len(text) && !utf8.RuneStart(text[f.End]) {
					t.Fatalf("%s: span %d-%d not on rune boundaries", f.Rule, f.Start, f.End)
				}
				if f.Quote != text[f.Start:f.End] || !utf8.ValidString(f.Quote) && utf8.ValidString(text) {
					t.Fatalf("%s: quote %q is not the input's text", f.Rule, f.Quote)
				}
				if !sents[[2]int{f.Start, f.End}] {
					t.Fatalf("%s: %q is not one of the sentences of %q", f.Rule, f.Quote, text)
				}
				if f.Message == "" || f.Severity == "" || !strings.Contains(f.Message, "Learned judgement") {
					t.Fatalf("%s: finding without a plain message or severity: %+v", f.Rule, f)
				}
			}
		}
	}
	if seen == 0 {
		t.Fatal("the learned layer raised nothing on the seen corpus: the test checks nothing")
	}
}

// TestModelQuotedClaims checks, on sentences written for this test (not
// corpus answers), that a claim inside quotation or reported speech does not
// make the model raise a claim, while the same claim in the speaker's own
// voice reads as one.
func TestModelQuotedClaims(t *testing.T) {
	an := loaded(t)
	claims := 0 // index of claims_leader_not_manager
	prob := func(text string) float64 {
		d := newDocument(text, an.lang, an.pats)
		sc := an.model.newScratch()
		z := an.model.logits(d, sc)
		return 1 / (1 + math.Exp(-float64(z[claims])))
	}
	thr := 1 / (1 + math.Exp(-float64(an.model.cut[claims])))
	for _, text := range []string{
		`People say "I'm a leader, not a manager", but I think a good lead has to do both.`,
		`My old boss used to say he was a leader rather than a manager.`,
		`A colleague once told me she was more of a leader than a manager; I disagreed with her.`,
		`Candidates often say 'I'm a leader, not a manager' in interviews, and it worries me.`,
		`Is it true that I'm a leader rather than a manager? No. I do both every week.`,
		`There's a common idea that good people are leaders and not managers.`,
	} {
		if p := prob(text); p >= thr {
			t.Errorf("%q: the model raises a claim (p = %.2f, threshold %.2f)", text, p, thr)
		}
		var sig [9]bool
		d := newDocument(text, an.lang, an.pats)
		an.model.apply(d, &sig, nil)
		if sig[claims] {
			t.Errorf("%q: apply raised a claim", text)
		}
	}
	// the control: the same words in the speaker's own voice read as a claim,
	// so it is the scope marks that keep the sentences above apart
	if text := `I'm a leader, not a manager.`; prob(text) < 0.5 {
		t.Errorf("%q: the model gives the speaker's own claim p = %.2f, want at least 0.5", text, prob(text))
	}
}
