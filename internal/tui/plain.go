package tui

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/huh"

	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

// runPlain asks one question at a time with huh's accessible prompts. It runs
// each select itself rather than a whole huh form, because a form in
// accessible mode cannot go back, cannot be stopped, and answers every
// remaining question with its default once input ends.
func (s *session) runPlain(ctx context.Context, page int, in io.Reader, out io.Writer) (profile.Response, error) {
	r := newLineReader(ctx, in)
	defer r.close()
	fmt.Fprintf(out, "%s\nType the number of your answer and press Enter. Type b to go back one question, or q to stop: your answers so far are kept.\n", s.in.Title)
	p, q, shown := page, 0, -1
	for {
		qs := s.questions(p)
		fresh := shown != p
		if fresh {
			sec := s.pages[p].section
			fmt.Fprintf(out, "\n%s\n%s: %s\n\n", s.progress(p), sec.Title, sec.Prompt)
			shown = p
		}
		cur := qs[q]
		if cur.option >= 0 && (fresh || cur.option == 0) {
			fmt.Fprintf(out, "Situation: %s\n\n", cur.item.Scenario)
		}
		s.askPlain(r, out, cur)
		switch r.stop {
		case goBack:
			r.stop = reading
			switch {
			case q > 0:
				q--
			case p > 0:
				p--
				q = len(s.questions(p)) - 1
				if err := s.leave(p); err != nil {
					return s.draft, err
				}
			default:
				fmt.Fprintln(out, "This is the first question.")
			}
			continue
		case quit, ended:
			return s.draft, ErrQuit
		case cancelled:
			return s.draft, fmt.Errorf("%w: %w", ErrQuit, ctx.Err())
		}
		if q++; q < len(qs) {
			continue
		}
		next := p + 1
		if next == len(s.pages) && !s.draft.Complete() {
			next = s.resumePage()
			fmt.Fprintln(out, "Some earlier questions have no answer yet.")
		}
		if err := s.leave(next); err != nil {
			return s.draft, err
		}
		if next == len(s.pages) {
			return s.draft, nil
		}
		p, q = next, 0
	}
}

// askPlain asks one question and stores the answer unless the person went
// back or stopped instead of answering.
func (s *session) askPlain(r *lineReader, out io.Writer, q question) {
	prev := s.draft[q.slot]
	v := prev
	title, opts := plainQuestion(s.in, q)
	if prev != 0 {
		title += fmt.Sprintf(" (Enter keeps %d)", prev)
	}
	sel := huh.NewSelect[uint8]().Title(title).Options(opts...).Value(&v).
		Validate(func(uint8) error {
			// huh takes an empty line for the option under its cursor;
			// that is only a real answer when there was one before.
			if r.stop == reading && prev == 0 && strings.TrimSpace(r.last) == "" {
				return errors.New("please type a number: this question has no answer yet")
			}
			return nil
		})
	sel.Focus()
	_ = sel.RunAccessible(out, r)
	fmt.Fprintln(out)
	if r.stop == reading {
		s.draft[q.slot] = v
	}
}

// plainQuestion is the title and numbered options of one question.
func plainQuestion(in *instrument.Instrument, q question) (string, []huh.Option[uint8]) {
	scale := func(pts []instrument.ScalePoint) []huh.Option[uint8] {
		var opts []huh.Option[uint8]
		for _, p := range pts {
			opts = append(opts, huh.NewOption(p.Label, uint8(p.Value)))
		}
		return opts
	}
	switch q.item.Section {
	case instrument.Capability:
		return q.item.Text, scale(in.RatingScale)
	case instrument.Tendency:
		var opts []huh.Option[uint8]
		for j, o := range q.item.Options {
			opts = append(opts, huh.NewOption(o.Text, uint8(j+1)))
		}
		return q.item.Text, opts
	default:
		return fmt.Sprintf("Response %c: %s", 'a'+q.option, q.item.Options[q.option].Text), scale(in.SJTScale)
	}
}

// stopReason is why the line reader ends the current prompt early.
type stopReason int

const (
	reading   stopReason = iota
	goBack               // the person typed b
	quit                 // the person typed q
	ended                // the input ended
	cancelled            // the context was cancelled
)

type lineResult struct {
	line string
	err  error
}

// lineReader hands huh's accessible prompts one line per Read: each prompt
// reads through a bufio.Scanner of its own, which would otherwise swallow the
// answers to the prompts after it. It also turns the commands b and q, the end
// of input and a cancelled context into an end of input for the current
// prompt, and says which it was in stop.
type lineReader struct {
	ctx     context.Context
	src     *bufio.Reader
	req     chan struct{}
	res     chan lineResult
	pending bool
	eof     bool
	buf     []byte
	stop    stopReason
	last    string // the last line handed to a prompt
}

func newLineReader(ctx context.Context, in io.Reader) *lineReader {
	r := &lineReader{ctx: ctx, src: bufio.NewReader(in), req: make(chan struct{}, 1), res: make(chan lineResult, 1)}
	// Reading happens in a goroutine so that a cancelled context can stop a
	// prompt that waits for a line. At most one read is ever outstanding.
	go func() {
		for range r.req {
			line, err := r.src.ReadString('\n')
			r.res <- lineResult{line, err}
		}
	}()
	return r
}

func (r *lineReader) close() { close(r.req) }

func (r *lineReader) Read(p []byte) (int, error) {
	if r.stop != reading {
		return 0, io.EOF
	}
	if len(r.buf) == 0 {
		line, ok := r.readLine()
		if !ok {
			return 0, io.EOF
		}
		switch strings.ToLower(strings.TrimSpace(line)) {
		case "b", "back":
			r.stop = goBack
			return 0, io.EOF
		case "q", "quit":
			r.stop = quit
			return 0, io.EOF
		}
		r.last = line
		r.buf = []byte(strings.TrimRight(line, "\r\n") + "\n")
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

func (r *lineReader) readLine() (string, bool) {
	if r.eof {
		r.stop = ended
		return "", false
	}
	if !r.pending {
		r.req <- struct{}{}
		r.pending = true
	}
	select {
	case res := <-r.res:
		r.pending = false
		if res.err != nil {
			r.eof = true
			if res.line == "" {
				r.stop = ended
				return "", false
			}
		}
		return res.line, true
	case <-r.ctx.Done():
		r.stop = cancelled
		return "", false
	}
}
