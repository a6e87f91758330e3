package coach

import (
	"regexp"
	"testing"
)

// BenchmarkLoad builds the analyser from the embedded rules, as every
// twohats process that coaches does once when it starts.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(embedded); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadBaseline is the yardstick scripts/bench.sh sets BenchmarkLoad
// against: compiling each pattern of the embedded rules once with
// regexp.Compile, as written (its vocabulary expanded), the least any
// analyser built on Go's regexp must do when it starts.
func BenchmarkLoadBaseline(b *testing.B) {
	ps := loaded(b).pats
	var exprs []string
	for _, p := range writtenPatterns(ps) {
		full, err := ps.expand(p.src, 0)
		if err != nil {
			b.Fatal(err)
		}
		exprs = append(exprs, "(?i)"+full)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, e := range exprs {
			if _, err := regexp.Compile(e); err != nil {
				b.Fatal(err)
			}
		}
	}
}
