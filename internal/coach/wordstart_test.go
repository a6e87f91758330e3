package coach

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestNextWordStart checks the word-start bitsets against nextStart, which
// searches the sentence's text, on random texts of a few letters (so that
// literals recur, inside words too) and punctuation.
func TestNextWordStart(t *testing.T) {
	a := loaded(t)
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "aabbc_'9 .\n-\"?A"
	lits := []string{"a", "ab", "ba", "abc", "b_", "c9", "aab", "abab", "bc a"}
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(300) {
			b.WriteByte(alphabet[rng.IntN(len(alphabet))])
		}
		d := a.newDocument(b.String())
		for _, st := range d.sents {
			text := d.lower[st.start:st.end]
			for _, lit := range lits {
				for pos := 0; pos <= len(text); pos++ {
					want := nextStart(text, lit, pos, true)
					if got := d.nextWordStart(st, lit, pos); got != want {
						t.Fatalf("text %q, sentence %q: nextWordStart(%q, %d) = %d, nextStart %d", b.String(), text, lit, pos, got, want)
					}
					// and with the search cut short
					cut := pos + rng.IntN(len(text)-pos+1)
					want = nextStart(text[:cut], lit, pos, true)
					if want >= 0 {
						want += st.start
					}
					if got := d.wordStartIn(st.start+pos, st.start+cut, lit); got != want {
						t.Fatalf("text %q, sentence %q: wordStartIn(%q, %d, %d) = %d, want %d", b.String(), text, lit, pos, cut, got, want)
					}
				}
			}
		}
		a.release(d)
	}
}
