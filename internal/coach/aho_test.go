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
	an, err := Default()
	if err != nil {
		t.Fatal(err)
	}
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
			clear(d.litPresent)
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
