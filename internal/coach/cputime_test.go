//go:build coachdev

package coach_test

import (
	"os"
	"syscall"
	"testing"
	"time"
)

// TestCPUTime is a tool, not a check: with COACH_CPUTIME=1 it reports the CPU
// time one analysis takes on the benchmark answers, measured with getrusage so
// that other processes on a busy machine do not inflate it.
func TestCPUTime(t *testing.T) {
	if os.Getenv("COACH_CPUTIME") == "" {
		t.Skip("set COACH_CPUTIME=1")
	}
	an := mustDefault(t)
	b := &testing.B{}
	_ = b
	var texts []string
	for _, a := range loadCorpus(t, "seen") {
		if n := len(a.Text); n >= 800 && n <= 1200 {
			texts = append(texts, a.Text)
		}
	}
	cpu := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			t.Fatal(err)
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	const n = 3000
	for i := 0; i < 200; i++ {
		an.Analyze(texts[i%len(texts)])
	}
	start := cpu()
	for i := 0; i < n; i++ {
		if _, err := an.Analyze(texts[i%len(texts)]); err != nil {
			t.Fatal(err)
		}
	}
	per := (cpu() - start) / n
	t.Logf("CPU time per analysis of ~1,000 characters: %v (%.0f analyses per CPU-second)", per, float64(time.Second)/float64(per))
}
