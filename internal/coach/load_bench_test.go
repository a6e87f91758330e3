package coach

import "testing"

// BenchmarkLoad builds the analyser from the embedded rules, as every
// twohats process that coaches does once when it starts.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(embedded); err != nil {
			b.Fatal(err)
		}
	}
}
