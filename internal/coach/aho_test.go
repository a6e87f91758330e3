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
// tables find the same literals in the same sentences, on random text and
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
		bits := func(m *acMatcher) []uint64 {
			d := an.newDocument(text)
			defer an.release(d)
			m.scan(d)
			b := literalSentences(d, m)
			if allZero(b) && len(d.sents) > 0 {
				t.Fatalf("no literal found in %q", text)
			}
			return b
		}
		if !slices.Equal(bits(narrow), bits(wide)) {
			t.Fatalf("the 16-bit and 32-bit automata disagree on %q", text)
		}
	}
}

// literalSentences reads the steps m's scan noted in d: the sentences in
// which each literal ends (len(literals) bitsets of d.bitWords words).
func literalSentences(d *document, m *acMatcher) []uint64 {
	bw := d.bitWords
	out := make([]uint64, m.lits*bw)
	for _, evs := range d.acEvents {
		for _, ev := range evs {
			k := d.sentenceAt(int(ev.pos))
			if k < 0 {
				continue
			}
			for _, id := range m.outLits[m.outStart[ev.state]:m.outStart[ev.state+1]] {
				out[int(id)*bw+k/64] |= 1 << (k % 64)
			}
		}
	}
	return out
}

// TestACMatcherNaive checks the automaton, and the sets and candidates a
// document draws from it, against a plain search for every literal: a
// literal is found in the sentence its occurrence ends in; a set holds the
// sentences of its literals; a pattern is a candidate when it needs no
// literal or one of its first set's is found. The texts are corpus lines,
// random text and answers of more than 64 sentences (bitsets of several
// words), analysed one after another by pooled documents, so that what one
// leaves behind would show in the next.
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
	ps := an.pats
	firstOf := map[int32][]int32{} // set -> the patterns it gates first
	for _, p := range ps.pats {
		if len(p.needSets) > 0 {
			firstOf[p.needSets[0]] = append(firstOf[p.needSets[0]], int32(p.id))
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
		got := literalSentences(d, an.pats.ac())
		for id := range lits {
			if !slices.Equal(got[id*bw:(id+1)*bw], want[id*bw:(id+1)*bw]) {
				t.Fatalf("literal %q: automaton finds sentences %x, a plain search %x, in %q", lits[id], got[id*bw:(id+1)*bw], want[id*bw:(id+1)*bw], text)
			}
		}
		cand := slices.Clone(ps.ungated)
		for set, setLits := range ps.sets {
			sm := make([]uint64, bw)
			for _, lit := range setLits {
				for w := range bw {
					sm[w] |= want[int(lit)*bw+w]
				}
			}
			if g := d.setMask[set*bw : (set+1)*bw]; !slices.Equal(g, sm) {
				t.Fatalf("set %d: sentences %x, a plain search %x, in %q", set, g, sm, text)
			}
			if !allZero(sm) {
				for _, id := range firstOf[int32(set)] {
					setBit(cand, id)
				}
			}
		}
		if !slices.Equal(d.patCand, cand) {
			t.Fatalf("candidate patterns differ from a plain search's in %q", text)
		}
		an.release(d)
	}
	if many == 0 {
		t.Fatal("no text of more than 64 sentences")
	}
}
