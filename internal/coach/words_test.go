package coach

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// TestWordsMatchRegexp checks the words fast path against the regular
// expression it stands for: on corpus answers and on text built to sit on
// word edges, every pattern with words finds exactly the matches its
// regexp finds.
func TestWordsMatchRegexp(t *testing.T) {
	an, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"leadership leaders lead's leading-edge lead_time LEADS mis-lead 3leads leads3 lead\u00e9 \u00e9lead.",
		"managed managing management manager's managers_ manage-ment rotas rota's rota-based rotas2 schedules scheduling.",
		"I set up a rota; we set the rotas up, and then I ran the budget reviews weekly. I'm a leader, not a manager!",
	}
	data, err := os.ReadFile(filepath.Join("testdata", "corpus", "seen", "answers.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var as []struct {
		Text string `yaml:"text"`
	}
	if err := yaml.Unmarshal(data, &as); err != nil {
		t.Fatal(err)
	}
	for i, a := range as {
		if i%3 == 0 {
			texts = append(texts, a.Text, strings.ToUpper(a.Text))
		}
	}
	var withWords []*pattern
	for _, p := range an.pats.pats {
		if p.words != nil {
			withWords = append(withWords, p)
		}
	}
	if len(withWords) == 0 {
		t.Fatal("no pattern uses words")
	}
	for _, text := range texts {
		d := an.newDocument(text)
		for _, p := range withWords {
			plain := *p
			plain.words = nil
			for k := range d.sents {
				got := d.leafSentence(p, k, nil)
				want := d.leafSentence(&plain, k, nil)
				if !slices.Equal(got, want) {
					t.Fatalf("%q on %q: words give %v, the regexp %v", p.src, d.lower[d.sents[k].start:d.sents[k].end], got, want)
				}
			}
		}
		an.release(d)
	}
}

// TestShadowingChangesNothing checks that parts skipping head occurrences an
// earlier part already matched at leave every split pattern's matches as
// they were, whole-answer and sentence by sentence.
func TestShadowingChangesNothing(t *testing.T) {
	an, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join("testdata", "corpus", "seen", "answers.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var as []struct {
		Text string `yaml:"text"`
	}
	if err := yaml.Unmarshal(data, &as); err != nil {
		t.Fatal(err)
	}
	texts := []string{"I personally checked it, I then ran it and I ran it. We we ran ran the rota, and set up, set up the plan."}
	for _, a := range as {
		texts = append(texts, a.Text)
	}
	var splits []*pattern
	for _, p := range an.pats.pats {
		if p.parts != nil && slices.ContainsFunc(p.parts, func(q *pattern) bool { return q.shadowable }) {
			splits = append(splits, p)
		}
	}
	if len(splits) == 0 {
		t.Fatal("no part is shadowable")
	}
	defer func() { shadowing = true }()
	for _, text := range texts {
		results := func(on bool) (whole, each [][]match) {
			shadowing = on
			d := an.newDocument(text)
			defer an.release(d)
			all := make([]int, len(d.sents))
			for k := range all {
				all[k] = k
			}
			for _, p := range splits {
				each = append(each, slices.Clone(d.inSentences(p, all)))
			}
			for _, p := range splits {
				whole = append(whole, slices.Clone(d.hits(p)))
			}
			return whole, each
		}
		w1, e1 := results(true)
		w0, e0 := results(false)
		for i, p := range splits {
			if !slices.Equal(w1[i], w0[i]) || !slices.Equal(e1[i], e0[i]) {
				t.Fatalf("%q on %q: shadowing changes the matches", p.src, text)
			}
		}
	}
}
