package browsertest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/twohats/twohats/internal/browsertest"
)

func TestFindPrefersEnvironment(t *testing.T) {
	env := map[string]string{browsertest.EnvChromium: "/definitely/not/a/browser"}
	if got := browsertest.Find(func(k string) string { return env[k] }); got != "" {
		t.Errorf("Find with a missing $%s = %q, want \"\" (never fall back past an explicit choice)", browsertest.EnvChromium, got)
	}
}

func TestContextRunsABrowser(t *testing.T) {
	ctx, cancel := browsertest.Context(t)
	defer cancel()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[int](`6 * 7`))
	if err != nil {
		t.Fatalf("evaluating in the browser: %v", err)
	}
	if got != 42 {
		t.Errorf("6 * 7 in the browser = %d, want 42", got)
	}
}

// recorder is a testing.TB whose Fatal and Skip only record their message.
type recorder struct {
	testing.TB
	fatal, skip string
}

func (r *recorder) Helper()             {}
func (r *recorder) Fatal(args ...any)   { r.fatal = fmt.Sprint(args...) }
func (r *recorder) Skip(args ...any)    { r.skip = fmt.Sprint(args...) }
func (r *recorder) TempDir() string     { return r.TB.TempDir() }
func (r *recorder) Cleanup(f func())    { r.TB.Cleanup(f) }
func (r *recorder) Logf(string, ...any) {}

func TestNoBrowserFailsInCIAndSkipsElsewhere(t *testing.T) {
	t.Setenv(browsertest.EnvChromium, "/definitely/not/a/browser")
	for _, ci := range []string{"true", ""} {
		t.Setenv("CI", ci)
		r := &recorder{TB: t}
		_, cancel := browsertest.Context(r)
		cancel()
		got, other := r.skip, r.fatal
		if ci == "true" {
			got, other = r.fatal, r.skip
		}
		if got == "" || other != "" {
			t.Errorf("CI=%q: Fatal %q, Skip %q; want only %s", ci, r.fatal, r.skip, map[bool]string{true: "Fatal", false: "Skip"}[ci == "true"])
		}
		if !strings.Contains(got, "scripts/test.sh") {
			t.Errorf("CI=%q: message %q does not say to run scripts/test.sh", ci, got)
		}
	}
}
