package coach

import "testing"

// TestCueMatches checks a cue's matches across its patterns: all of them in
// [from, to), and a loop that stops at the first stops there, though other
// patterns match too.
func TestCueMatches(t *testing.T) {
	an := loaded(t)
	d := an.newDocument("I agree. He was right, and that is true.")
	defer an.release(d)
	c := an.lang.endorse
	var all []match
	for m := range c.matches(d, 0, len(d.lower)) {
		all = append(all, m)
	}
	if len(all) < 2 {
		t.Fatalf("endorsements found: %v; want at least two, from different patterns", all)
	}
	n := 0
	for range c.matches(d, 0, len(d.lower)) {
		n++
		break
	}
	if n != 1 {
		t.Fatalf("a loop that stops at the first match ran %d times", n)
	}
	if got := c.all(d, all[0].start+1, len(d.lower)); len(got) != len(all)-1 {
		t.Fatalf("matches from after the first: %v, want %d", got, len(all)-1)
	}
}
