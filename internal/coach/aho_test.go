package coach

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestACMatcherWidths checks that the 16-bit and the 32-bit transition
// tables mark the same literals in the same sentences, on random text and
// on every line of the seen corpus.
func TestACMatcherWidths(t *testing.T) {
	an := loaded(t)
	narrow := an.pats.ac()
	if narrow.delta16 == nil {
		t.Skip("the embedded rules need the wide table")
	}
	wide := buildACMatcher(an.pats.literals, true)
	rng := rand.New(rand.NewPCG(3, 4))
	words := strings.Fields("i we set up ran the rota budget. and then, to make a plan; audit checks! managing leading why? " +
		"people say leaders are born. it's a myth that i'm a leader, not a manager")
	var texts []string
	for n := 0; n < 200; n++ {
		var b strings.Builder
		for range rng.IntN(400) {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteByte(' ')
		}
		texts = append(texts, b.String())
	}
	data, err := os.ReadFile(filepath.Join("testdata", "corpus", "seen", "answers.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) != "" {
			texts = append(texts, line)
		}
	}
	for _, text := range texts {
		bits := func(m *acMatcher) ([]uint64, []int32) {
			d := an.newDocument(text)
			defer an.release(d)
			clear(d.litBits)
			d.present = d.present[:0]
			m.scan(d)
			if len(d.present) == 0 && len(d.sents) > 0 {
				t.Fatalf("no literal found in %q", text)
			}
			return slices.Clone(d.litBits), slices.Clone(d.present)
		}
		nb, np := bits(narrow)
		wb, wp := bits(wide)
		if !slices.Equal(nb, wb) || !slices.Equal(np, wp) {
			t.Fatalf("the 16-bit and 32-bit automata disagree on %q", text)
		}
	}
}

// TestACMatcherNaive checks the automaton against a plain search for every
// literal: a literal is marked in the sentence its occurrence ends in, and
// the document's list of present literals holds each marked literal once.
// The texts are corpus lines, random text and answers of more than 64
// sentences (bitsets of several words).
func TestACMatcherNaive(t *testing.T) {
	an := loaded(t)
	lits := an.pats.literals
	rng := rand.New(rand.NewPCG(5, 6))
	words := strings.Fields("i we set up ran the rota budget. and then, to make a plan; audit checks! managing leading why? " +
		"people say leaders are born. it's a myth that i'm a leader, not a manager. dr. smith said: \"no.\"\n\nthey")
	var texts []string
	for n := 0; n < 120; n++ {
		var b strings.Builder
		for range rng.IntN(n*8 + 20) {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteByte(" \n"[rng.IntN(20)/19])
		}
		texts = append(texts, b.String())
	}
	data, err := os.ReadFile(filepath.Join("testdata", "corpus", "seen", "answers.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) != "" && i%3 == 0 {
			texts = append(texts, line)
		}
	}
	many := 0
	for _, text := range texts {
		d := an.newDocument(text)
		bw := d.bitWords
		if bw > 1 {
			many++
		}
		want := make([]uint64, len(lits)*bw)
		for id, lit := range lits {
			for pos := 0; ; {
				i := strings.Index(d.lower[pos:], lit)
				if i < 0 {
					break
				}
				end := pos + i + len(lit) - 1 // the offset of its last byte
				if k := d.sentenceAt(end); k >= 0 {
					want[id*bw+k/64] |= 1 << (k % 64)
				}
				pos += i + 1
			}
		}
		if !slices.Equal(d.litBits, want) {
			for id := range lits {
				if !slices.Equal(d.litBits[id*bw:(id+1)*bw], want[id*bw:(id+1)*bw]) {
					t.Fatalf("literal %q: automaton marks sentences %x, a plain search %x, in %q", lits[id], d.litBits[id*bw:(id+1)*bw], want[id*bw:(id+1)*bw], text)
				}
			}
		}
		seen := map[int32]bool{}
		for _, id := range d.present {
			if seen[id] || allZero(want[int(id)*bw:(int(id)+1)*bw]) {
				t.Fatalf("literal %q listed present twice or wrongly in %q", lits[id], text)
			}
			seen[id] = true
		}
		for id := range lits {
			if !allZero(want[id*bw:(id+1)*bw]) && !seen[int32(id)] {
				t.Fatalf("literal %q missing from the present list in %q", lits[id], text)
			}
		}
		an.release(d)
	}
	if many == 0 {
		t.Fatal("no text of more than 64 sentences")
	}
}
