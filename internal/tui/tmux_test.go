package tui

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

// demoEnv makes the test binary run the questionnaire on its terminal instead
// of the tests, so that TestTmux needs no main package of its own.
const demoEnv = "TWOHATS_TUI_DEMO"

func TestMain(m *testing.M) {
	if os.Getenv(demoEnv) != "" {
		os.Exit(demo())
	}
	os.Exit(m.Run())
}

// demo runs a fresh questionnaire full-screen, as the CLI will, and then
// prints one line saying how it ended, for TestTmux to read.
func demo() int {
	if !IsTerminal(os.Stdin) || !IsTerminal(os.Stdout) {
		fmt.Fprintln(os.Stderr, "tuidemo: not a terminal")
		return 2
	}
	fw, err := framework.Default()
	if err != nil {
		fmt.Fprintln(os.Stderr, "tuidemo:", err)
		return 1
	}
	in, err := instrument.Load(fw, instrument.Default)
	if err != nil {
		fmt.Fprintln(os.Stderr, "tuidemo:", err)
		return 1
	}
	sc, err := profile.NewScorer(fw, in)
	if err != nil {
		fmt.Fprintln(os.Stderr, "tuidemo:", err)
		return 1
	}
	saves, last := 0, -1
	r, err := Run(context.Background(), sc, nil, 0, Options{Save: func(_ profile.Response, page int) error {
		saves++
		last = page
		return nil
	}})
	status := "done"
	switch {
	case errors.Is(err, ErrQuit):
		status = "quit"
	case err != nil:
		fmt.Fprintln(os.Stderr, "tuidemo:", err)
		return 1
	}
	s, _ := newSession(sc, r, nil)
	var first []string
	for _, q := range s.questions(0) {
		first = append(first, strconv.Itoa(int(r[q.slot])))
	}
	fmt.Printf("tuidemo: %s saves=%d last-saved-page=%d answered=%d first-page=%s\n",
		status, saves, last, slotsAnswered(r), strings.Join(first, ","))
	// Stay until told: tmux may drop what a process wrote just before it
	// exited, and the test must read this line.
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
	return 0
}

// TestTmux drives the full-screen questionnaire in a real 80×24 terminal.
func TestTmux(t *testing.T) {
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is not installed: CI must install it (apt-get install -y tmux)")
		}
		t.Skip("tmux is not installed (apt-get install -y tmux)")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "tmux.conf")
	// No status line, so the pane is the whole 80×24; keep the pane after
	// the demo exits, so its last words can be read.
	if err := os.WriteFile(conf, []byte("set -g status off\nset -g remain-on-exit on\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "s")
	tm := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(tmux, append([]string{"-S", sock, "-f", conf}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	tm("new-session", "-d", "-s", "tui", "-x", "80", "-y", "24",
		fmt.Sprintf("env %s=1 TERM=xterm-256color %s", demoEnv, strconv.Quote(exe)))
	t.Cleanup(func() { _ = exec.Command(tmux, "-S", sock, "kill-server").Run() })

	// screen waits until the pane shows want, and checks that what it shows
	// fits 80×24 with nothing scrolled off.
	screen := func(want ...string) string {
		t.Helper()
		var last string
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			last = strings.TrimRight(tm("capture-pane", "-p", "-J", "-t", "tui"), "\n")
			ok := true
			for _, w := range want {
				ok = ok && strings.Contains(last, w)
			}
			if ok {
				lines := strings.Split(last, "\n")
				if len(lines) > DefaultHeight {
					t.Errorf("the screen has %d lines:\n%s", len(lines), last)
				}
				for i, l := range lines {
					if w := lipgloss.Width(l); w > DefaultWidth {
						t.Errorf("line %d is %d columns wide: %q", i+1, w, l)
					}
				}
				return last
			}
		}
		alt, _ := exec.Command(tmux, "-S", sock, "capture-pane", "-p", "-a", "-t", "tui").CombinedOutput()
		t.Fatalf("the screen never showed %q; it shows:\n%s\nalternate screen:\n%s", want, last, alt)
		return ""
	}
	keys := func(k ...string) {
		t.Helper()
		tm(append([]string{"send-keys", "-t", "tui"}, k...)...)
	}
	checkTop := func(s string) {
		t.Helper()
		lines := strings.Split(s, "\n")
		if !strings.HasPrefix(lines[0], "Page ") {
			t.Errorf("the first line is not the progress line, so the page scrolled:\n%s", s)
		}
		if !strings.Contains(s, "esc save and quit") {
			t.Errorf("the help line is not on screen:\n%s", s)
		}
	}

	sc := newScorer(t)
	ses, _ := newSession(sc, nil, nil)
	pages, items, n := len(ses.pages), len(sc.Instrument().Items), len(ses.questions(0))
	if n < 3 {
		t.Fatalf("page 1 has %d questions; this test needs 3", n)
	}
	progress := func(page, answered int) string {
		return fmt.Sprintf("Page %d of %d · %d of %d answered", page, pages, answered, items)
	}

	s := screen(progress(1, 0), "What you do", "How often do you do this?")
	checkTop(s)
	// Answer page 1 with digits, which answer and move on. All but the last
	// go in one burst, which the program may well read as one key message.
	burst := make([]string, n-1)
	for i := range burst {
		burst[i] = "4"
	}
	keys(burst...)
	screen(progress(1, n-1))
	keys("3")
	s = screen(progress(2, n))
	checkTop(s)

	// Back across the page: the last question of page 1 with its answer.
	keys("BTab")
	s = screen("Page 1 of", "← 3 · Sometimes →")
	checkTop(s)
	if got := strings.Count(s, "4 · Often"); got != n-1 {
		t.Errorf("page 1 shows %d answers of 4 · Often, want %d:\n%s", got, n-1, s)
	}
	// Change it, and go on again.
	keys("Left")
	screen("← 2 · Rarely →")
	keys("Enter")
	screen(progress(2, n))
	keys("5")
	screen(fmt.Sprintf("%d of %d answered", n+1, items))

	// Quit: the demo reports what Run returned and what it saved.
	keys("C-c")
	s = screen("tuidemo:")
	first := strings.Repeat("4,", n-1) + "2"
	for _, want := range []string{"tuidemo: quit", "saves=3", "last-saved-page=1", fmt.Sprintf("answered=%d", n+1), "first-page=" + first} {
		if !strings.Contains(s, want) {
			t.Errorf("after quitting the demo printed no %q:\n%s", want, s)
		}
	}
}
