package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/twohats/twohats/internal/coach"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/tui"
)

func newCoachCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "coach [FILE|-]",
		Short: "Give feedback on an interview answer about managing and leading",
		Long: `Analyse an interview answer about managing and leading: red flags such as
"I'm a leader, not a manager", the examples and context it gives, a STAR check,
a score from 0 to 100 and a verdict. The answer is read from FILE, or from
standard input when FILE is "-" or missing; it may be up to 10,000 characters.

  twohats coach answer.txt
  pbpaste | twohats coach --format json

The text output marks each span a finding is about: underlined and coloured on
a terminal, between [[ and ]] otherwise (or when NO_COLOR is set), each
followed by the numbers of its findings. --format json prints the coach's JSON
contract:
  {"score":0-100,"verdict":"strong"|"ok"|"weak","signals":{...},
   "findings":[{"rule","severity","start","end","quote","message","suggestion"}],
   "star":{"situation","task","action","result"}}`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, "text", "json"); err != nil {
				return err
			}
			path := "-"
			if len(args) == 1 {
				path = args[0]
			}
			if f, ok := e.stdin.(*os.File); ok && path == "-" && tui.IsTerminal(f) {
				fmt.Fprintln(e.stderr, "Type or paste your answer, then press Ctrl-D on a line of its own.")
			}
			data, err := e.readInput(path, "answer")
			if err != nil {
				return err
			}
			text := string(data)
			a, err := coach.Default()
			if err != nil {
				return fmt.Errorf("the built-in coach rules are broken: %w", err)
			}
			res, err := a.Analyze(text)
			if errors.Is(err, coach.ErrTooLong) {
				return &fail.Error{Code: fail.Invalid, Message: fmt.Sprintf(
					"the answer is %d characters long; the coach reads at most %d: shorten it and try again",
					utf8.RuneCountInString(text), coach.MaxRunes)}
			}
			if err != nil {
				return err
			}
			if format == "json" {
				return e.printJSON(res)
			}
			writeCoach(e.stdout, text, res, e.colour())
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// ANSI styles for the coach's text output, by severity.
var coachStyle = map[coach.Severity]string{
	coach.SeverityError:      "\x1b[4;31m",
	coach.SeverityWarning:    "\x1b[4;33m",
	coach.SeveritySuggestion: "\x1b[4;36m",
	coach.SeverityInfo:       "\x1b[4;32m",
}

// severityRank orders severities so a span shared by findings takes the style
// of the most serious.
var severityRank = map[coach.Severity]int{
	coach.SeverityError: 4, coach.SeverityWarning: 3, coach.SeveritySuggestion: 2, coach.SeverityInfo: 1,
}

// writeCoach prints the answer with its spans marked, then the findings,
// score, verdict and STAR check.
func writeCoach(w io.Writer, text string, res *coach.Result, colour bool) {
	fmt.Fprintln(w, "Your answer:")
	fmt.Fprintln(w)
	segs := coach.Segments(text, res.Findings)
	for i, s := range segs {
		if len(s.Findings) == 0 {
			io.WriteString(w, s.Text)
			continue
		}
		// Only the last segment of a marked run carries the finding numbers.
		last := i+1 == len(segs) || !sameInts(segs[i+1].Findings, s.Findings)
		first := i == 0 || !sameInts(segs[i-1].Findings, s.Findings)
		if colour {
			sev := coach.SeverityInfo
			for _, j := range s.Findings {
				if severityRank[res.Findings[j].Severity] > severityRank[sev] {
					sev = res.Findings[j].Severity
				}
			}
			fmt.Fprintf(w, "%s%s\x1b[0m", coachStyle[sev], s.Text)
		} else {
			if first {
				io.WriteString(w, "[[")
			}
			io.WriteString(w, s.Text)
			if last {
				io.WriteString(w, "]]")
			}
		}
		if last {
			fmt.Fprintf(w, "%s", findingRefs(s.Findings, colour))
		}
	}
	if !strings.HasSuffix(text, "\n") {
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	if len(res.Findings) == 0 {
		fmt.Fprintln(w, "Findings: none")
	} else {
		fmt.Fprintln(w, "Findings:")
	}
	for i, f := range res.Findings {
		fmt.Fprintf(w, "  %d. [%s] %s (%s)\n", i+1, f.Severity, f.Message, f.Rule)
		if !f.Whole() {
			fmt.Fprintf(w, "     at bytes %d-%d: %q\n", f.Start, f.End, f.Quote)
		} else {
			fmt.Fprintln(w, "     about the answer as a whole")
		}
		if f.Suggestion != "" {
			fmt.Fprintf(w, "     Suggestion: %s\n", f.Suggestion)
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Score: %d of 100\nVerdict: %s\n", res.Score, res.Verdict)
	fmt.Fprintf(w, "STAR: situation %s, task %s, action %s, result %s\n",
		yesNo(res.STAR.Situation), yesNo(res.STAR.Task), yesNo(res.STAR.Action), yesNo(res.STAR.Result))
	fmt.Fprintln(w, "Signals:")
	for _, name := range coach.SignalNames {
		v, _ := res.Signals.Get(name)
		fmt.Fprintf(w, "  %-26s %s\n", name, yesNo(v))
	}
}

// findingRefs renders the 1-based numbers of findings, such as "(1,3)".
func findingRefs(idx []int, colour bool) string {
	parts := make([]string, len(idx))
	for i, j := range idx {
		parts[i] = fmt.Sprint(j + 1)
	}
	s := "(" + strings.Join(parts, ",") + ")"
	if colour {
		return "\x1b[2m" + s + "\x1b[0m"
	}
	return s
}

func sameInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
