package coach

import "sort"

// Segment is a run of the analysed text that the same findings cover; the
// CLI and the web page both highlight an answer from its segments.
type Segment struct {
	// Start and End are byte offsets into the text.
	Start, End int
	// Text is text[Start:End].
	Text string
	// Findings are indices into the findings passed to Segments, in order;
	// empty for a run no finding spans.
	Findings []int
}

// Segments cuts text at the edges of the findings' spans, so overlapping
// spans still highlight every byte they cover. Findings about the whole
// answer, and spans outside text, are left out. The segments cover all of text.
func Segments(text string, findings []Finding) []Segment {
	cuts := []int{0, len(text)}
	for _, f := range findings {
		if f.Whole() || f.Start < 0 || f.End > len(text) || f.Start >= f.End {
			continue
		}
		cuts = append(cuts, f.Start, f.End)
	}
	sort.Ints(cuts)
	var out []Segment
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		if a == b {
			continue
		}
		s := Segment{Start: a, End: b, Text: text[a:b]}
		for j, f := range findings {
			if !f.Whole() && f.Start <= a && b <= f.End {
				s.Findings = append(s.Findings, j)
			}
		}
		out = append(out, s)
	}
	return out
}
