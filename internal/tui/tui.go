// Package tui is the terminal adapter that asks a person the questions of an
// instrument: a full-screen questionnaire built on huh for people at a
// terminal, and huh's accessible mode (plain numbered prompts, one per line)
// for screen readers and scripts.
//
// The questionnaire is cut into pages that fit an 80×24 terminal: capability
// items six (or fewer, if their text is long) to a page, the tendency pairs a
// few to a page, then one page per scenario with its text above the four
// ratings. The cut depends only on the instrument, never on the size of the
// terminal, so that a page index saved in a draft means the same page when the
// person resumes.
//
// Run never checks that it was given a terminal: the caller checks with
// IsTerminal first and must not call Run in full-screen mode without one.
// Accessible mode reads lines and works with any reader.
package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"

	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

// ErrQuit is returned by Run, together with the answers given so far, when the
// person stops before the end (esc or ctrl+c; q or end of input in accessible
// mode) or the context is cancelled.
var ErrQuit = errors.New("questionnaire stopped before the end")

// Options for Run.
type Options struct {
	// In and Out are the terminal; nil means os.Stdin and os.Stdout.
	In  io.Reader
	Out io.Writer
	// Width and Height bound what is drawn; 80 × 24 when zero. A smaller
	// actual terminal shrinks the drawing further. Pages are cut for 80 × 24
	// whatever these say.
	Width, Height int
	// Accessible asks with huh's accessible mode: plain numbered prompts read
	// a line at a time, for screen readers and for tests. Type b to go back
	// one question and q to stop.
	Accessible bool
	// Save is called each time the person leaves a page, with the answers so
	// far and the page to resume at (the number of pages once every page is
	// done), so that quitting at any point loses at most the current page.
	// An error from Save stops Run and is returned.
	Save func(r profile.Response, page int) error
}

const (
	// DefaultWidth is the terminal width the pages are cut for, in columns.
	DefaultWidth = 80
	// DefaultHeight is the terminal height the pages are cut for, in rows.
	DefaultHeight = 24
)

// IsTerminal reports whether f is a terminal, which the CLI checks before it
// calls Run: Run never prompts anything else.
func IsTerminal(f *os.File) bool {
	return f != nil && term.IsTerminal(int(f.Fd()))
}

// Run asks the questions of sc's instrument, starting from a previous partial
// response (resume; nil for a fresh start) at page page, and returns the
// complete response, or the partial response and an error wrapping ErrQuit if
// the person quits. Answers in start are pre-selected. An out-of-range page
// starts at the first page with an unanswered question.
//
// In must be a terminal (see IsTerminal) unless opt.Accessible is set, in
// which case any reader that delivers lines will do.
func Run(ctx context.Context, sc *profile.Scorer, start profile.Response, page int, opt Options) (profile.Response, error) {
	s, err := newSession(sc, start, opt.Save)
	if err != nil {
		return start, err
	}
	if page < 0 || page >= len(s.pages) {
		page = s.resumePage()
	}
	if s.draft.Complete() && page == len(s.pages) {
		return s.draft, nil
	}
	if opt.In == nil {
		opt.In = os.Stdin
	}
	if opt.Out == nil {
		opt.Out = os.Stdout
	}
	if opt.Width <= 0 {
		opt.Width = DefaultWidth
	}
	if opt.Height <= 0 {
		opt.Height = DefaultHeight
	}
	if opt.Accessible {
		return s.runPlain(ctx, page, opt.In, opt.Out)
	}
	return s.runScreen(ctx, page, opt)
}

// ResumePage returns the page to resume r at: the first page with an
// unanswered question, or the number of pages if r is complete.
func ResumePage(sc *profile.Scorer, r profile.Response) int {
	s, err := newSession(sc, r, nil)
	if err != nil {
		return 0
	}
	return s.resumePage()
}

// Pages returns how many pages sc's instrument takes.
func Pages(sc *profile.Scorer) int {
	s, err := newSession(sc, nil, nil)
	if err != nil {
		return 0
	}
	return len(s.pages)
}

// checkStart reports a start response that does not fit the instrument, naming
// the item at fault.
func checkStart(sc *profile.Scorer, in *instrument.Instrument, r profile.Response) error {
	if len(r) != sc.Slots() {
		return fmt.Errorf("tui: the draft has %d answer slots but instrument %s has %d; start again or load the draft with its own instrument", len(r), in.ID, sc.Slots())
	}
	for i := range in.Items {
		it := &in.Items[i]
		off, _ := sc.Offset(it.ID)
		for j, n := range slotsOf(it) {
			if v := r[off+j]; v > n {
				return fmt.Errorf("tui: the draft's answer to item %q is %d, outside 1-%d; fix or discard the draft", it.ID, v, n)
			}
		}
	}
	return nil
}
