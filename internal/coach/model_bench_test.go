package coach

import (
	"os"
	"testing"

	"github.com/goccy/go-yaml"
)

// BenchmarkModelLayer times the learned layer alone (features, scoring and
// any model findings) on the ~1,000-character seen answers of
// BenchmarkAnalyze, with every signal left open to it, which is the most work
// it can do: this is its added CPU per analysis.
func BenchmarkModelLayer(b *testing.B) {
	an := loaded(b)
	if an.model == nil {
		b.Skip("no model.json")
	}
	data, err := os.ReadFile("testdata/corpus/seen/answers.yaml")
	if err != nil {
		b.Fatal(err)
	}
	var as []struct {
		Text string `yaml:"text"`
	}
	if err := yaml.Unmarshal(data, &as); err != nil {
		b.Fatal(err)
	}
	var docs []*document
	for _, a := range as {
		if n := len(a.Text); n >= 800 && n <= 1200 {
			docs = append(docs, newDocument(a.Text, an.lang, an.pats))
		}
	}
	out := make([]Finding, 0, 16)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var sig [9]bool
		out = an.model.apply(docs[i%len(docs)], &sig, out[:0])
	}
}
