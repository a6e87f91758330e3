package coach

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unsafe"
)

// wholeRegexp compiles a pattern's expression as one plain regexp for
// ASCII-lower-cased text: nothing split, stripped, gated or fast-pathed.
func wholeRegexp(t *testing.T, ps *patternSet, p *pattern) *regexp.Regexp {
	t.Helper()
	return regexp.MustCompile(loweredTree(t, ps, p).String())
}

// plainMatches is what the whole regexp finds in each sentence of d.
func plainMatches(d *document, re *regexp.Regexp) []match {
	var out []match
	for k, st := range d.sents {
		for _, loc := range re.FindAllStringIndex(d.lower[st.start:st.end], -1) {
			if loc[1] > loc[0] {
				out = append(out, match{start: st.start + loc[0], end: st.start + loc[1], sent: k})
			}
		}
	}
	return out
}

// TestSplitMatchesWholeRegexp checks every pattern that is not a proximity
// pattern, however it is matched (gated by literals, split into parts, as a
// head and a tail, as words), against its whole expression run as one plain
// regexp on each sentence: on words glued to heads ("Iran" is not "I ran",
// nor "todo" "to do"), on corpus answers, and on many texts generated from
// the corpus's words and the patterns' heads, joined by nothing, spaces and
// punctuation.
func TestSplitMatchesWholeRegexp(t *testing.T) {
	an := loaded(t)
	ps := an.pats
	ps.ac()
	isPart := map[*pattern]bool{}
	for _, p := range ps.pats {
		for _, q := range p.parts {
			isPart[q] = true
		}
	}
	type checked struct {
		p  *pattern
		re *regexp.Regexp
	}
	var pats []checked
	heads := map[string]bool{}
	for _, p := range ps.pats {
		if p.head != "" {
			heads[p.head] = true
		}
		if p.near != nil || isPart[p] {
			continue
		}
		pats = append(pats, checked{p, wholeRegexp(t, ps, p)})
	}
	texts := []string{
		"Iran the team. I ran the team. In Iran, we ran it. Iran's rota.",
		"My todo list. I had to do the rota; todo: plan the budget. Todos, to-do.",
		"Weran the rota. We ran the rota. Idid it, I did it, i'd done it, I'd run it.",
		"Theyran it; toplan the budget; tocheck the rota; I manage, Imanage, wemanaged.",
		"I ranked them. I ran. I set, Iset up, I've set up, I'veset up the plans.",
	}
	as := corpusTexts(t)
	vocab := map[string]bool{}
	for i, a := range as {
		if i%8 == 0 {
			texts = append(texts, a)
		}
		for _, w := range strings.FieldsFunc(strings.ToLower(a), func(r rune) bool { return !isWordRune(r) && r != '\'' }) {
			vocab[w] = true
		}
	}
	for h := range heads {
		vocab[h] = true
	}
	words := make([]string, 0, len(vocab))
	for w := range vocab {
		words = append(words, w)
	}
	slices.Sort(words)
	hs := make([]string, 0, len(heads))
	for h := range heads {
		hs = append(hs, h)
	}
	slices.Sort(hs)
	n := 300
	if testing.Short() {
		n = 100
	}
	rng := rand.New(rand.NewPCG(7, 11))
	seps := []string{"", " ", " ", " ", " ", ", ", ". ", "; ", "-", "'", " - "}
	lits := slices.Clone(ps.literals)
	for range n {
		var b strings.Builder
		afterHead := false
		for j := range 12 + rng.IntN(30) {
			if j > 0 {
				if afterHead && rng.IntN(2) == 0 {
					b.WriteString(seps[rng.IntN(2)]) // glued to the head, or one space
				} else {
					b.WriteString(seps[rng.IntN(len(seps))])
				}
			}
			afterHead = false
			switch rng.IntN(3) {
			case 0:
				b.WriteString(hs[rng.IntN(len(hs))])
				afterHead = true
			case 1:
				b.WriteString(lits[rng.IntN(len(lits))])
			default:
				b.WriteString(words[rng.IntN(len(words))])
			}
		}
		b.WriteString(".")
		texts = append(texts, b.String())
	}
	for _, text := range texts {
		d := an.newDocument(text)
		for _, c := range pats {
			got := d.hits(c.p)
			want := plainMatches(d, c.re)
			if !slices.Equal(got, want) {
				t.Errorf("%q on %q:\n got  %v\n want %v", c.p.src, text, got, want)
				an.release(d)
				return
			}
		}
		an.release(d)
	}
}

// TestPatternLayout checks what the first fields of pattern count on: the
// struct is a multiple of 64 bytes, so each pattern starts a cache line, and
// the fields hits reads lie in the first 64 bytes; and isSplit and isNear
// say what parts and near say.
func TestPatternLayout(t *testing.T) {
	if n := unsafe.Sizeof(pattern{}); n%64 != 0 {
		t.Errorf("pattern is %d bytes, not a multiple of 64: adjust its padding", n)
	}
	if off := unsafe.Offsetof(pattern{}.partsFrom); off >= 64 {
		t.Errorf("partsFrom at offset %d, beyond the first cache line", off)
	}
	an := loaded(t)
	for _, p := range an.pats.pats {
		if p.isSplit != (p.parts != nil) || p.isNear != (p.near != nil) {
			t.Fatalf("%q: isSplit %v with %d parts, isNear %v", p.src, p.isSplit, len(p.parts), p.isNear)
		}
		if uintptr(unsafe.Pointer(p))%64 != 0 {
			t.Fatalf("%q does not start a cache line", p.src)
		}
	}
}

// TestLeftmostFirstOrder checks leftmostFirst, which sorts only a list not
// in order already, against a merge that always sorts, on random lists
// built as mergeParts builds them: part by part, each part's matches in
// order and at distinct starts.
func TestLeftmostFirstOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for n := 0; n < 5000; n++ {
		var all []taggedMatch
		parts := 1 + rng.IntN(4)
		for part := range parts {
			pos := 0
			for range rng.IntN(4) {
				pos += rng.IntN(6)
				all = append(all, taggedMatch{match{start: pos, end: pos + 1 + rng.IntN(8)}, part})
				pos++
			}
		}
		sorted := slices.Clone(all)
		slices.SortFunc(sorted, func(a, b taggedMatch) int {
			if a.m.start != b.m.start {
				return a.m.start - b.m.start
			}
			return a.part - b.part
		})
		var want []match
		end := -1
		for _, m := range sorted {
			if m.m.start >= end {
				want = append(want, m.m)
				end = m.m.end
			}
		}
		if got := leftmostFirst(all, nil); !slices.Equal(got, want) {
			t.Fatalf("leftmostFirst(%v) = %v, want %v", all, got, want)
		}
	}
}
