package psychometrics

import (
	"bytes"
	"context"
	"testing"
)

// BenchmarkAnalyse analyses 100,000 generated respondents of the 36
// capability items of core@1, CSV parsing included.
func BenchmarkAnalyse(b *testing.B) {
	d := mustDesign(b)
	data := dataset{seed: 7, respondents: 100000, missing: 0.02}.generate(d)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := Analyse(context.Background(), bytes.NewReader(data), d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAdd accumulates one respondent of the 36 capability items of
// core@1, in their scales and facets.
func BenchmarkAdd(b *testing.B) {
	d := mustDesign(b)
	acc, err := NewAccumulator(d.Items, d.Groups, d.Max)
	if err != nil {
		b.Fatal(err)
	}
	rows := make([][]uint8, 1024)
	for r := range rows {
		rows[r] = make([]uint8, len(d.Items))
		for i := range rows[r] {
			rows[r][i] = uint8((r*7 + i*3) % (d.Max + 1))
		}
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		acc.Add(rows[i%len(rows)])
	}
}
