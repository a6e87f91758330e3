package coach

import (
	"slices"
	"testing"
)

// TestAppendFeatures checks that the learned layer's own feature loop yields
// what eachFeature does, occurrence by occurrence, with and without bigrams
// and skip-grams.
func TestAppendFeatures(t *testing.T) {
	an := loaded(t)
	for _, text := range []string{
		"",
		"I don't think managers are lesser. \"Leaders inspire,\" they said, and I disagree.",
		"Is leadership better than management? No. I set up the rota because safety was at stake.",
		"We never, ever skipped the review; not once - it wasn't optional.\n\nThe team agreed.",
	} {
		d := newDocument(text, an.lang, an.pats)
		for _, bi := range []bool{false, true} {
			for _, skip := range []bool{false, true} {
				var want []featOcc
				d.eachFeature(bi, skip, func(k int, h uint64, _ string) {
					want = append(want, featOcc{int32(k), h})
				})
				if got := d.appendFeatures(nil, bi, skip); !slices.Equal(got, want) {
					t.Fatalf("%q (bi %v, skip %v): appendFeatures %v, eachFeature %v", text, bi, skip, got, want)
				}
			}
		}
	}
}
