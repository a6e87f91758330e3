package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/twohats/twohats/internal/assess"
	"github.com/twohats/twohats/internal/store"
)

func newProfileCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "profile",
		Short: "List and show your stored profiles",
	}
	cmd.AddCommand(newProfileListCmd(e), newProfileShowCmd(e))
	return cmd
}

// listedProfile is one row of `twohats profile list --format json`.
type listedProfile struct {
	ID         string  `json:"id"`
	Instrument string  `json:"instrument"`
	CreatedAt  string  `json:"created_at"`
	Quadrant   string  `json:"quadrant"`
	Management float64 `json:"management"`
	Leadership float64 `json:"leadership"`
	Tendency   float64 `json:"tendency"`
	Judgement  float64 `json:"judgement_accuracy"`
}

func newProfileListCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List your stored profiles, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, "text", "json"); err != nil {
				return err
			}
			ctx := cmd.Context()
			db, me, err := e.openLocal(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			list, err := db.Assessments(ctx, me.OrgID, store.AssessmentFilter{PersonID: me.PersonID})
			if err != nil {
				return err
			}
			rows := make([]listedProfile, 0, len(list))
			for _, a := range list {
				rows = append(rows, listedProfile{ID: a.ID, Instrument: a.Instrument, CreatedAt: a.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"),
					Quadrant: a.Quadrant, Management: a.Management, Leadership: a.Leadership, Tendency: a.Tendency, Judgement: a.JudgementAccuracy})
			}
			if format == "json" {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			}
			if len(rows) == 0 {
				fmt.Fprintln(e.stdout, "No profiles yet. Take the assessment with: twohats assess")
				return nil
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tTAKEN\tQUADRANT\tMANAGEMENT\tLEADERSHIP\tTENDENCY")
			for _, r := range rows {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%.0f\t%.0f\t%+.2f\n", r.ID, r.CreatedAt[:10], r.Quadrant, r.Management, r.Leadership, r.Tendency)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func newProfileShowCmd(e *env) *cobra.Command {
	var out outputFlags
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show one stored profile",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(out.format, "text", "json", "html"); err != nil {
				return err
			}
			ctx := cmd.Context()
			db, me, err := e.openLocal(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			a, err := db.Assessment(ctx, me.OrgID, args[0])
			if err != nil {
				return err
			}
			// The stored answers are the truth; the profile is scored again
			// from them with the same immutable instrument version.
			sc, err := e.cat.Scorer(a.Instrument)
			if err != nil {
				return err
			}
			p, err := assess.Rescore(sc, a)
			if err != nil {
				return err
			}
			if err := e.othersFocus(ctx, db, me, &p); err != nil {
				return err
			}
			return e.writeProfile(ctx, db, me, out, sc, &p)
		},
	}
	out.register(cmd, "text, json or html")
	return cmd
}
