// Package browsertest starts a real headless Chromium for tests that must see
// what a browser sees: layout, SVG geometry and the network requests a page
// makes. It never downloads a browser; scripts/test.sh installs one.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// EnvChromium names the environment variable that points at a Chromium binary
// to use instead of the one found on the system.
const EnvChromium = "TWOHATS_CHROMIUM"

// candidates are tried in order after EnvChromium; a bare name is looked up on
// PATH.
var candidates = []string{"/usr/bin/chromium", "chromium", "chromium-browser"}

// Find returns the path of the Chromium binary to use, or "" if there is none:
// $TWOHATS_CHROMIUM first, then /usr/bin/chromium, then chromium and
// chromium-browser on PATH.
func Find(getenv func(string) string) string {
	if p := getenv(EnvChromium); p != "" {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
		return ""
	}
	for _, c := range candidates {
		if path, err := exec.LookPath(c); err == nil {
			return path
		}
	}
	return ""
}

// Context returns a chromedp context for a fresh headless Chromium with its own
// profile directory and every background network feature off, so that the
// only requests a page makes are its own. Without a browser it fails the test
// in CI (CI=true), where a skip would hide a missing check, and skips it
// elsewhere. The browser stops when the returned cancel is called or the test
// ends.
func Context(t testing.TB) (context.Context, context.CancelFunc) {
	t.Helper()
	path := Find(os.Getenv)
	if path == "" {
		msg := "no Chromium found (tried $" + EnvChromium + ", /usr/bin/chromium, chromium and chromium-browser on PATH)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + "; CI must install it: run scripts/test.sh")
		} else {
			t.Skip(msg + "; run scripts/test.sh, which installs it")
		}
		// Only a testing.TB whose Fatal and Skip return gets here.
		return context.Background(), func() {}
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.WindowSize(1024, 768),
		chromedp.UserDataDir(t.TempDir()),
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithErrorf(t.Logf))
	// A context that never ran a browser blocks on a second cancel, so stop
	// runs once whichever of the caller and t.Cleanup calls it first.
	stop := sync.OnceFunc(func() {
		cancel()
		acancel()
	})
	t.Cleanup(stop)
	return ctx, stop
}
