package coach

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestWordsMatchRegexp checks the words fast path against the regular
// expression it stands for: on corpus answers and on text built to sit on
// word edges, every pattern with words finds exactly the matches its
// regexp finds.
func TestWordsMatchRegexp(t *testing.T) {
	an := loaded(t)
	texts := []string{
		"leadership leaders lead's leading-edge lead_time LEADS mis-lead 3leads leads3 lead\u00e9 \u00e9lead.",
		"managed managing management manager's managers_ manage-ment rotas rota's rota-based rotas2 schedules scheduling.",
		"I set up a rota; we set the rotas up, and then I ran the budget reviews weekly. I'm a leader, not a manager!",
	}
	as := corpusTexts(t)
	for i, a := range as {
		if i%3 == 0 {
			texts = append(texts, a, strings.ToUpper(a))
		}
	}
	// each pattern with words, and the same pattern matched by its regexp
	// from its own literal prefix (words leaves compile none)
	var withWords, plains []*pattern
	for _, p := range an.pats.pats {
		if p.words != nil {
			plain := *p
			plain.words = nil
			plain.re = regexp.MustCompile(p.expr)
			plain.setKind()
			withWords, plains = append(withWords, p), append(plains, &plain)
		}
	}
	if len(withWords) == 0 {
		t.Fatal("no pattern uses words")
	}
	for _, text := range texts {
		d := an.newDocument(text)
		for i, p := range withWords {
			for k := range d.sents {
				got := d.leafSentence(p, k, nil)
				want := d.leafSentence(plains[i], k, nil)
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
	an := loaded(t)
	as := corpusTexts(t)
	texts := []string{"I personally checked it, I then ran it and I ran it. We we ran ran the rota, and set up, set up the plan."}
	for _, a := range as {
		texts = append(texts, a)
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

// TestShadowingKeepsLaterMatches builds the case shadowing must leave alone:
// the later part's own match at the shared start would have run past another
// place its head could match, so skipping it would let that place match.
func TestShadowingKeepsLaterMatches(t *testing.T) {
	cfg, err := os.ReadFile(filepath.Join("data", "coach.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// word lists long enough, and varied enough, that each alternative
	// compiles to a program large enough to run as head and tail
	var wa, wb []string
	for i := range 150 {
		word := func(salt int) string {
			b := make([]byte, 6)
			for j := range b {
				b[j] = byte('a' + (i*7+j*13+salt*i*j+salt)%26)
			}
			return string(b)
		}
		wa = append(wa, word(1))
		wb = append(wb, word(2))
	}
	src := `\bx(?: y)* (?:q|` + strings.Join(wa, "|") + `)\b|\bx(?: y)* (?:q x r|r|` + strings.Join(wb, "|") + `)\b`
	rule := "rules:\n  - id: k\n    kind: existence\n    severity: info\n    message: m\n    source: \"Avoid declaring yourself exclusively manager or leader\"\n    negation: ignore\n    patterns: ['" + src + "']\n"
	an, err := Parse(cfg, map[string][]byte{"k.yaml": []byte(rule)})
	if err != nil {
		t.Fatal(err)
	}
	an.pats.ac() // parts are marked shadowable once every pattern is in
	p := an.pats.bySrc[src]
	if p == nil || len(p.parts) < 2 || !p.parts[len(p.parts)-1].shadowable {
		t.Fatalf("the pattern does not split into shadowable parts: %d parts, last has tail %v", len(p.parts), p.parts[len(p.parts)-1].tail != nil)
	}
	defer func() { shadowing = true }()
	for _, text := range []string{"x q x r.", "x q x r and x q x r", "so x y q x r"} {
		var got [2][]match
		for i, on := range []bool{true, false} {
			shadowing = on
			d := an.newDocument(text)
			got[i] = slices.Clone(d.hits(p))
			an.release(d)
		}
		if !slices.Equal(got[0], got[1]) {
			t.Fatalf("%q: with shadowing %v, without %v", text, got[0], got[1])
		}
		if len(got[1]) == 0 {
			t.Fatalf("%q: no match", text)
		}
	}
}
