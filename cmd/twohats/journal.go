package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/twohats/twohats/internal/advisor"
	"github.com/twohats/twohats/internal/growth"
	"github.com/twohats/twohats/internal/report"
	"github.com/twohats/twohats/internal/store"
)

func newJournalCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "journal",
		Short: "Reflect on situations: what you did, how it went, what a balanced approach would have done",
		Long: `The reflection journal serves the source's "reflect on situations where
balanced approach would have generated better outcomes". Each entry records a
situation, its contexts and phase, the approach you used (manage, lead or
blend), how it went (1-5) and what a balanced approach would have done. twohats
compares every entry with the advisor's recommendation; over time the report
shows your default under pressure, your situational accuracy, and the contexts
where you mismatch most.

  twohats journal add --situation "Supplier failed an audit" --context compliance-critical \
      --phase crisis --approach manage --outcome 4 --balanced "Explain why, not only what"
  twohats journal report`,
	}
	cmd.AddCommand(newJournalAddCmd(e), newJournalListCmd(e), newJournalReportCmd(e))
	return cmd
}

func newJournalAddCmd(e *env) *cobra.Command {
	var (
		en     advisor.Entry
		date   string
		format string
	)
	cmd := &cobra.Command{
		Use:   "add",
		Short: "Add a journal entry and see how it compares with the advisor",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, "text", "json"); err != nil {
				return err
			}
			en.Date = time.Now().UTC()
			if date != "" {
				d, err := time.Parse(time.DateOnly, date)
				if err != nil {
					return usageError{fmt.Errorf("--date %q is not a date; write it as YYYY-MM-DD", date)}
				}
				en.Date = d
			}
			ctx := cmd.Context()
			return e.withGrowth(ctx, func(svc *growth.Service, me store.Local) error {
				se, err := svc.AddEntry(ctx, me.OrgID, me.PersonID, en)
				if err != nil {
					return plainInvalid(err)
				}
				rv, err := svc.Advisor.ReviewEntry(growth.EntryOf(*se))
				if err != nil {
					return err
				}
				if format == "json" {
					return e.printJSON(struct {
						ID     string         `json:"id"`
						Review advisor.Review `json:"review"`
					}{se.ID, rv})
				}
				fmt.Fprintf(e.stdout, "Added entry %s of %s.\n", se.ID, se.Date.Format("2 Jan 2006"))
				if rv.Match {
					fmt.Fprintf(e.stdout, "You chose to %s, which is what the advisor recommends here (management share %d).\n", rv.Approach, rv.ManagementShare)
				} else {
					fmt.Fprintf(e.stdout, "You chose to %s; the advisor recommends %s here (management share %d). See why with:\n  twohats advise%s --phase %s%s\n",
						rv.Approach, rv.Recommended, rv.ManagementShare, contextFlags(rv.Contexts), rv.Phase, needFlag(rv.Need))
				}
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&en.Situation, "situation", "", "what happened, in a sentence")
	f.StringArrayVar(&en.Contexts, "context", nil, "the organisation's context, repeatable: "+strings.Join(e.cat.Framework.ContextKeys(), ", "))
	f.StringVar(&en.Phase, "phase", "", "the phase of the work: "+strings.Join(e.cat.Framework.PhaseKeys(), ", "))
	f.StringVar(&en.Need, "need", "", "the need at hand (optional): consistency, quality-control, commitment or change")
	f.StringVar(&en.Approach, "approach", "", "the approach you used: manage, lead or blend")
	f.IntVar(&en.Outcome, "outcome", 0, "how it went, from 1 (badly) to 5 (very well)")
	f.StringVar(&en.Balanced, "balanced", "", "what a balanced approach would have done")
	f.StringVar(&date, "date", "", "the day of the situation, YYYY-MM-DD (default: today)")
	f.StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func contextFlags(cs []string) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(" --context " + c)
	}
	return b.String()
}

func needFlag(n string) string {
	if n == "" {
		return ""
	}
	return " --need " + n
}

// listedEntry is one row of `twohats journal list --format json`.
type listedEntry struct {
	ID string `json:"id"`
	advisor.Entry
}

func newJournalListCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List your journal entries, oldest first",
		Args:  cobra.NoArgs,
		RunE: e.growthRun(&format, func(ctx context.Context, svc *growth.Service, me store.Local, _ []string) error {
			list, rep, err := svc.Journal(ctx, me.OrgID, me.PersonID)
			if err != nil {
				return err
			}
			if format == "json" {
				rows := make([]listedEntry, len(list))
				for i, se := range list {
					rows[i] = listedEntry{ID: se.ID, Entry: growth.EntryOf(se)}
				}
				return e.printJSON(rows)
			}
			if len(list) == 0 {
				fmt.Fprintln(e.stdout, "No entries yet. Add one with: twohats journal add")
				return nil
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "DATE\tPHASE\tCONTEXTS\tUSED\tADVISED\tOUTCOME\tSITUATION")
			for i, se := range list {
				rv := rep.Reviews[i]
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", se.Date.Format(time.DateOnly), se.Phase, strings.Join(se.Contexts, ","),
					se.Approach, rv.Recommended, se.Outcome, se.Situation)
			}
			return tw.Flush()
		}),
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func newJournalReportCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Your default under pressure, your situational accuracy, and where you mismatch most",
		Args:  cobra.NoArgs,
		RunE: e.growthRun(&format, func(ctx context.Context, svc *growth.Service, me store.Local, _ []string) error {
			_, rep, err := svc.Journal(ctx, me.OrgID, me.PersonID)
			if err != nil {
				return err
			}
			if format == "json" {
				return e.printJSON(rep)
			}
			writeJournalReport(e.stdout, rep)
			return nil
		}),
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// defaultSentence says in words what a journal shows of a person's default.
func defaultSentence(d advisor.PressureDefault) string {
	where := "across your entries"
	if d.Basis == "pressure" {
		where = "under pressure (in crises)"
	}
	switch {
	case d.Of == 0:
		return "No entries yet: the default shows once you have written some."
	case d.Approach == "":
		return fmt.Sprintf("No single default %s: your approaches are evenly split.", where)
	}
	return fmt.Sprintf("Your default %s is to %s: %d of %d entries.", where, d.Approach, d.Count, d.Of)
}

// writeJournalReport prints a journal report for a person to read.
func writeJournalReport(w io.Writer, r advisor.JournalReport) {
	if r.Entries == 0 {
		fmt.Fprintln(w, "No entries yet. Add one with: twohats journal add")
		return
	}
	fmt.Fprintf(w, "Entries: %d\n", r.Entries)
	fmt.Fprintln(w, defaultSentence(r.Default))
	fmt.Fprintf(w, "  Source: %q\n", r.Default.Source)
	fmt.Fprintf(w, "Situational accuracy: %s%% of your entries used the approach the advisor recommends.\n", report.Num(r.Accuracy))
	if len(r.Mismatches) > 0 {
		fmt.Fprintln(w, "\nWhere you mismatch most:")
		for _, m := range r.Mismatches {
			fmt.Fprintf(w, "  - %s: %d of %d entries (%s%%)\n", m.Name, m.Mismatches, m.Entries, report.Num(m.Rate))
		}
	}
	mean := func(s advisor.OutcomeStat) string {
		if s.Mean == nil {
			return "none"
		}
		return fmt.Sprintf("%s from %d", report.Num(*s.Mean), s.N)
	}
	fmt.Fprintf(w, "\nMean outcome when you matched the advisor: %s; when you did not: %s.\n", mean(r.Outcomes.Match), mean(r.Outcomes.Mismatch))
	for _, wn := range r.Warnings {
		fmt.Fprintf(w, "\nWarning: %s\n  Source: %q\n", wn.Text, wn.Source)
	}
}
