package coach

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// anchoredEnd is what Go's regexp says the automaton must answer: the end
// of the leftmost-first match of re that starts at the start of s, or -1.
func anchoredEnd(re *regexp.Regexp, s string) int {
	loc := re.FindStringIndex(s)
	if loc == nil || loc[0] != 0 {
		return -1
	}
	return loc[1]
}

// dfaTexts returns lower-cased texts to run automata on: corpus answers, and
// texts generated from the corpus's words, the patterns' literals and heads
// and stray bytes (punctuation, digits, underscores, newlines, a byte beyond
// ASCII), glued together or apart.
func dfaTexts(t *testing.T, ps *patternSet, n int) []string {
	var texts []string
	vocab := map[string]bool{}
	for i, a := range corpusTexts(t) {
		if i%4 == 0 {
			texts = append(texts, asciiLower(a))
		}
		for _, w := range strings.FieldsFunc(strings.ToLower(a), func(r rune) bool { return !isWordRune(r) && r != '\'' }) {
			vocab[w] = true
		}
	}
	for _, p := range ps.pats {
		if p.head != "" {
			vocab[p.head] = true
		}
	}
	words := make([]string, 0, len(vocab))
	for w := range vocab {
		words = append(words, w)
	}
	slices.Sort(words)
	lits := slices.Clone(ps.literals)
	seps := []string{"", " ", " ", " ", " ", " ", ", ", ". ", "; ", ": ", "-", "'", " - ", "\n", "_", "7", "é", "  ", "\"", "(", ")"}
	rng := rand.New(rand.NewPCG(3, 5))
	for range n {
		var b strings.Builder
		for j := range 4 + rng.IntN(24) {
			if j > 0 {
				b.WriteString(seps[rng.IntN(len(seps))])
			}
			if rng.IntN(3) == 0 {
				b.WriteString(lits[rng.IntN(len(lits))])
			} else {
				b.WriteString(words[rng.IntN(len(words))])
			}
		}
		texts = append(texts, b.String())
	}
	return texts
}

// TestDFAMatchesRegexp checks every automaton the analyser runs (each tail,
// and each leaf's whole expression) against Go's regexp: the same match end
// anchored at every word start and at random offsets of corpus and
// generated text, or no answer (only where a byte beyond ASCII is in reach).
func TestDFAMatchesRegexp(t *testing.T) {
	ps := loadedPatterns(t)
	type checked struct {
		d      *dfa
		re     *regexp.Regexp // anchored
		orig   *regexp.Regexp
		src    string
		prefix string
	}
	var all []checked
	seen := map[string]bool{}
	add := func(re *regexp.Regexp, l *lazyDFA) {
		src := re.String()
		if seen[src] {
			return
		}
		seen[src] = true
		d := l.get()
		if d == nil {
			t.Errorf("no automaton for %q", src)
			return
		}
		prefix, _ := re.LiteralPrefix()
		all = append(all, checked{d, regexp.MustCompile(`^(?:` + src + `)`), re, src, prefix})
	}
	for _, p := range ps.pats {
		if p.tail != nil {
			add(p.tail, p.tailDFA)
		}
		if p.re != nil {
			add(p.re, p.reDFA)
		}
	}
	n := 200
	if testing.Short() {
		n = 40
	}
	texts := dfaTexts(t, ps, n)
	rng := rand.New(rand.NewPCG(9, 1))
	for _, text := range texts {
		var offs []int
		for i := 0; i < len(text); i++ {
			if i == 0 || !isASCIIWordByte(text[i-1]) && isASCIIWordByte(text[i]) || rng.IntN(8) == 0 {
				offs = append(offs, i)
			}
		}
		offs = append(offs, len(text))
		for _, c := range all {
			// every match in the text, as FindAll has them
			var got [][]int
			if c.d.findAll(text, func(s, e int) { got = append(got, []int{s, e}) }) {
				if want := c.orig.FindAllStringIndex(text, -1); !slices.EqualFunc(got, want, slices.Equal) {
					t.Fatalf("%q on %q: automaton finds %v, regexp %v", c.src, text, got, want)
				}
			}
			for _, i := range offs {
				s := text[i:]
				if c.prefix != "" && !strings.HasPrefix(s, c.prefix) && rng.IntN(16) != 0 {
					continue // cannot match here: check a few
				}
				// the tail of a split part sees the head's last byte too
				got, ok := c.d.match(s)
				want := anchoredEnd(c.re, s)
				if !ok {
					if k := strings.IndexFunc(s, func(r rune) bool { return r >= utf8RuneSelf }); k < 0 {
						t.Fatalf("%q on %q: no answer on ASCII text", c.src, s)
					}
					continue
				}
				if got != want {
					t.Fatalf("%q on %q: automaton ends at %d, regexp at %d", c.src, s, got, want)
				}
			}
		}
	}
}

// TestDFACases checks the automaton on the cases its construction turns
// on: priority among alternatives and repetitions, a match cut short by a
// better one later, assertions before, inside and after the match, and
// bytes beyond ASCII.
func TestDFACases(t *testing.T) {
	cases := []struct {
		re    string
		texts []string
	}{
		{`a|ab`, []string{"ab", "a", "b", "abab"}},
		{`ab|a`, []string{"ab", "a", "ac"}},
		{`a*`, []string{"", "aaa", "b"}},
		{`a*?b`, []string{"aab", "b", "aac"}},
		{`(?:a|ab)(?:c|bcd)`, []string{"abcd", "abc", "acd"}},
		{`x*(?:yz|y)`, []string{"xxyz", "y", "xyq"}},
		{`\bi\b`, []string{"i", "i ", "in", "i'"}},
		{`i\b ?\bran\b`, []string{"i ran", "iran", "i rang", "i ran."}},
		{`^(?s:.)(?: ?\b(?:ran|run))`, []string{"i ran", "iran", "i run", " ran"}},
		{`(?:\w+ed|\w{3,}ing)\b`, []string{"managed it", "sing", "singing", "bed", "red_ed", "moved."}},
		{`a$`, []string{"a", "ab", "a\n"}},
		{`(?m)a$`, []string{"a\nb", "a"}},
		{`(?m)^b`, []string{"b"}},
		{`[^.;]{0,5}x`, []string{"abcx", "a;x", "abcdefx", "aéx"}},
		{`.x`, []string{"\nx", "ax"}},
		{`(?s:.)x`, []string{"\nx", "ax"}},
		{`a\Bb`, []string{"ab"}},
		{`(?:a|b)*?c`, []string{"ababc", "abab"}},
		{`(?:(?:a*)*)b`, []string{"aab", "b"}},
	}
	for _, c := range cases {
		re := regexp.MustCompile(c.re)
		d := newDFA(re)
		anch := regexp.MustCompile(`^(?:` + c.re + `)`)
		for _, s := range c.texts {
			got, ok := d.match(s)
			if !ok {
				if strings.ContainsFunc(s, func(r rune) bool { return r >= utf8RuneSelf }) {
					continue
				}
				t.Errorf("%q on %q: no answer", c.re, s)
				continue
			}
			if want := anchoredEnd(anch, s); got != want {
				t.Errorf("%q on %q: automaton ends at %d, regexp at %d", c.re, s, got, want)
			}
		}
	}
}

// TestDFAConcurrent builds one automaton from many goroutines at once, as
// analyses sharing an analyser do (run with -race).
func TestDFAConcurrent(t *testing.T) {
	re := regexp.MustCompile(`\b(?:i|we)(?: (?:[\w']+ly|also|then))* (?:\w+ed|\w{3,}ing|ran|set up)\b`)
	anch := regexp.MustCompile(`^(?:` + re.String() + `)`)
	l := &lazyDFA{re: re}
	texts := []string{"i ran it", "we also then managed", "i quickly set up a rota", "we really singing", "i x", "we ran."}
	done := make(chan bool)
	for g := 0; g < 8; g++ {
		go func(g int) {
			defer func() { done <- true }()
			for i := 0; i < 200; i++ {
				s := texts[(g+i)%len(texts)]
				got, ok := l.get().match(s)
				if want := anchoredEnd(anch, s); !ok || got != want {
					t.Errorf("%q: automaton %d (%v), regexp %d", s, got, ok, want)
					return
				}
			}
		}(g)
	}
	for g := 0; g < 8; g++ {
		<-done
	}
}
