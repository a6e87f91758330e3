package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/psychometrics"
	"github.com/twohats/twohats/internal/tui"
)

func newPsychometricsCmd(e *env) *cobra.Command {
	var (
		out       outputFlags
		responses string
		id        string
	)
	cmd := &cobra.Command{
		Use:   "psychometrics",
		Short: "Reliability and item analysis of a file of responses, equal to R's psych::alpha",
		Long: `Analyse the capability items of many respondents: for each scale and facet,
n, Cronbach's raw and standardised alpha, Guttman's lambda 6, the average
inter-item correlation and, per item, the mean, sd, corrected item-total
correlation (r.drop) and alpha if the item is deleted. The figures equal
R's psych::alpha with keys for the reverse-keyed items and its default
pairwise-complete handling of missing answers.

FILE is CSV with the header respondent,<item id>,... naming any of the
instrument's capability items in any order; each row holds one respondent's
ratings (1-5), an empty cell for no answer ("-" reads standard input). It is
read in one pass, in memory that does not grow with the number of rows.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(out.format, "text", "json"); err != nil {
				return err
			}
			if responses == "" {
				return usageError{fmt.Errorf("--responses FILE is required: a CSV with the header %s,<item id>,...", psychometrics.RespondentColumn)}
			}
			sc, err := e.cat.Scorer(id)
			if err != nil {
				return err
			}
			in, size, closeIn, err := e.openResponses(responses)
			if err != nil {
				return err
			}
			defer closeIn()
			in, done := e.progress(in, size)
			rep, err := psychometrics.Analyse(cmd.Context(), in, psychometrics.DesignFor(sc.Instrument()))
			done()
			if err != nil {
				if responses != "-" {
					return fmt.Errorf("%s: %w", responses, err)
				}
				return err
			}
			var buf bytes.Buffer
			if out.format == "json" {
				b, err := json.Marshal(rep)
				if err != nil {
					return err
				}
				buf.Write(append(b, '\n'))
			} else {
				writePsychometricsText(&buf, rep)
			}
			for _, note := range psychometricsNotes(rep) {
				fmt.Fprintf(e.stderr, "twohats: note: %s\n", note)
			}
			return e.emit(out.out, buf.Bytes())
		},
	}
	out.register(cmd, "text or json")
	cmd.Flags().StringVar(&responses, "responses", "", "CSV of responses: respondent,<item id>,... (- for standard input)")
	cmd.Flags().StringVar(&id, "instrument", instrument.Default, "instrument the responses answer")
	return cmd
}

// openResponses opens the responses file, or standard input for "-", and
// returns its size when known (else -1).
func (e *env) openResponses(path string) (io.Reader, int64, func(), error) {
	if path == "-" {
		return e.stdin, -1, func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, nil, &fail.Error{Code: fail.Invalid, Message: fmt.Sprintf("cannot read the responses: %v", err)}
	}
	size := int64(-1)
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		size = st.Size()
	}
	return f, size, func() { f.Close() }, nil
}

// progress wraps r in a progress bar on standard error when that is a
// terminal, and leaves it alone otherwise, so that logs and pipes get no
// control characters. done clears the bar.
func (e *env) progress(r io.Reader, size int64) (io.Reader, func()) {
	f, ok := e.stderr.(*os.File)
	if !ok || !tui.IsTerminal(f) || e.getenv("TERM") == "dumb" {
		return r, func() {}
	}
	bar := progressbar.NewOptions64(size,
		progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription("reading responses"),
		progressbar.OptionShowBytes(true),
		progressbar.OptionShowTotalBytes(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	pr := progressbar.NewReader(r, bar)
	return &pr, func() { _ = bar.Finish(); _ = bar.Clear() }
}

// psychometricsNotes explains what psych would leave out of the report.
func psychometricsNotes(rep *psychometrics.Report) []string {
	var notes []string
	for _, g := range rep.Groups {
		for _, id := range g.Dropped {
			notes = append(notes, fmt.Sprintf("%s: item %s is left out, as psych leaves it out: its answers do not vary (or fewer than 2 people answered it)", g.Name, id))
		}
		if len(g.Items) < 2 {
			notes = append(notes, fmt.Sprintf("%s: fewer than 2 items with varying answers, so it has no reliability", g.Name))
		}
	}
	return notes
}

// writePsychometricsText prints one table per scale and facet.
func writePsychometricsText(w io.Writer, rep *psychometrics.Report) {
	fmt.Fprintf(w, "Psychometrics of %s: %d respondents\n", rep.Instrument, rep.N)
	for _, g := range rep.Groups {
		kind := "Scale"
		if g.Kind == psychometrics.KindFacet {
			kind = "Facet"
		}
		fmt.Fprintf(w, "\n%s %s: %d items, n %d\n", kind, g.Name, len(g.Items), g.N)
		fmt.Fprintf(w, "  alpha %s   std alpha %s   G6 %s   average r %s\n", f3(g.Alpha), f3(g.StdAlpha), f3(g.G6), f3(g.AverageR))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  item\tanswered\tmean\tsd\tr.drop\talpha if deleted")
		for _, it := range g.Items {
			id := it.ID
			if it.Reverse {
				id += " (reversed)"
			}
			fmt.Fprintf(tw, "  %s\t%d\t%s\t%s\t%s\t%s\n", id, it.N, f3(it.Mean), f3(it.SD), f3(it.RDrop), f3(it.AlphaIfDeleted))
		}
		tw.Flush()
	}
}

// f3 formats a statistic to 3 decimals, or a dash when it is undefined.
func f3(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	return fmt.Sprintf("%.3f", v)
}
