package coach

import (
	"strings"
	"testing"
)

func TestSegmentsCoverTextAndOverlaps(t *testing.T) {
	text := "I am a leader, not a manager."
	fs := []Finding{
		{Start: 5, End: 13, Quote: text[5:13]},
		{Start: 7, End: 28, Quote: text[7:28]},
		{Start: 0, End: 0}, // whole answer
	}
	segs := Segments(text, fs)
	var b strings.Builder
	for i, s := range segs {
		b.WriteString(s.Text)
		if i > 0 && s.Start != segs[i-1].End {
			t.Fatalf("gap before segment %d", i)
		}
	}
	if got := b.String(); got != text {
		t.Fatalf("segments join to %q, want %q", got, text)
	}
	want := map[string][]int{"I am ": nil, "a ": {0}, "leader": {0, 1}, ", not a manager": {1}, ".": nil}
	for _, s := range segs {
		w, ok := want[s.Text]
		if !ok {
			t.Fatalf("unexpected segment %q", s.Text)
		}
		if len(w) != len(s.Findings) {
			t.Fatalf("segment %q covered by %v, want %v", s.Text, s.Findings, w)
		}
	}
	if len(Segments("", nil)) != 0 {
		t.Fatal("empty text has segments")
	}
}
