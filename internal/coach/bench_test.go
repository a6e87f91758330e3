package coach_test

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/twohats/twohats/internal/coach"
)

// benchAnswers returns the seen answers of about 1,000 characters (800 to
// 1,200 bytes) the benchmark cycles through.
func benchAnswers(b *testing.B) []string {
	var out []string
	for _, a := range loadCorpus(b, "seen") {
		if n := len(a.Text); n >= 800 && n <= 1200 {
			out = append(out, a.Text)
		}
	}
	if len(out) == 0 {
		b.Fatal("no answers of about 1,000 characters in the seen corpus")
	}
	return out
}

// BenchmarkAnalyze analyses answers of about 1,000 characters and reports
// analyses per second and the 99th percentile latency of one analysis.
// Run it with -cpu 1 for the per-core figure.
func BenchmarkAnalyze(b *testing.B) {
	an := mustDefault(b)
	texts := benchAnswers(b)
	bytes := 0
	for _, t := range texts {
		bytes += len(t)
	}
	b.SetBytes(int64(bytes / len(texts)))
	runTimed(b, an, texts)
}

// BenchmarkAnalyzeBaseline is the yardstick scripts/bench.sh sets
// BenchmarkAnalyze against: a bare pass over the same answers that every
// analysis needs at the least, lower-casing the text and splitting it into
// words, timed the same way.
func BenchmarkAnalyzeBaseline(b *testing.B) {
	texts := benchAnswers(b)
	words := 0
	runTimedFunc(b, texts, "passes/s", func(text string) {
		words += len(strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
		}))
	})
	if words == 0 {
		b.Fatal("no words")
	}
}

// BenchmarkAnalyzeMax analyses answers at the 10,000-character limit.
func BenchmarkAnalyzeMax(b *testing.B) {
	an := mustDefault(b)
	var long strings.Builder
	for _, t := range benchAnswers(b) {
		if long.Len()+len(t)+1 > coach.MaxRunes {
			break
		}
		long.WriteString(t)
		long.WriteString("\n\n")
	}
	for long.Len() < coach.MaxRunes {
		long.WriteString("I set up a rota. ")
	}
	text := long.String()[:coach.MaxRunes]
	b.SetBytes(int64(len(text)))
	runTimed(b, an, []string{text})
}

func runTimed(b *testing.B, an *coach.Analyzer, texts []string) {
	runTimedFunc(b, texts, "analyses/s", func(text string) {
		if _, err := an.Analyze(text); err != nil {
			b.Fatal(err)
		}
	})
}

// runTimedFunc runs f over texts in turn and reports calls per second (as
// unit) and the 99th percentile latency of one call.
func runTimedFunc(b *testing.B, texts []string, unit string, f func(string)) {
	durs := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		f(texts[i%len(texts)])
		durs = append(durs, time.Since(start))
	}
	b.StopTimer()
	if len(durs) == 0 {
		return
	}
	slices.Sort(durs)
	var total time.Duration
	for _, d := range durs {
		total += d
	}
	b.ReportMetric(float64(len(durs))/total.Seconds(), unit)
	b.ReportMetric(float64(durs[len(durs)*99/100].Microseconds())/1000, "p99-ms")
}
