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
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/growth"
	"github.com/twohats/twohats/internal/report"
	"github.com/twohats/twohats/internal/store"
)

func newPlanCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Make and follow a 30/60/90-day plan to grow the side you underuse",
		Long: `A development plan targets the two weakest facets of the side you underuse,
with concrete practices from the source and its four habits, on a 30/60/90-day
schedule of check-ins you tick off as you do them. It is built from your latest
scores: the others' view of your latest released 360 when there is one, else
your latest assessment. Take the assessment again after the plan's 90 days and
"plan show" reports the change per facet since the plan started.

  twohats plan create
  twohats plan show
  twohats plan tick d30.ask-feedback`,
	}
	cmd.AddCommand(newPlanCreateCmd(e), newPlanShowCmd(e), newPlanListCmd(e), newPlanTickCmd(e))
	return cmd
}

// withGrowth opens the store and the local organisation and runs fn with a
// growth service on them.
func (e *env) withGrowth(ctx context.Context, fn func(svc *growth.Service, me store.Local) error) error {
	a, err := e.advisor()
	if err != nil {
		return err
	}
	db, me, err := e.openLocal(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(&growth.Service{Store: db, Catalog: e.cat, Advisor: a}, me)
}

// growthRun is the RunE of a plan or journal command with a --format flag:
// it checks the format, then runs fn with a growth service on the local
// organisation.
func (e *env) growthRun(format *string, fn func(ctx context.Context, svc *growth.Service, me store.Local, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if err := checkFormat(*format, "text", "json"); err != nil {
			return err
		}
		ctx := cmd.Context()
		return e.withGrowth(ctx, func(svc *growth.Service, me store.Local) error { return fn(ctx, svc, me, args) })
	}
}

// showPlan prints a plan's status in the format.
func (e *env) showPlan(ctx context.Context, svc *growth.Service, me store.Local, p *growth.Plan, format string) error {
	st, err := svc.Status(ctx, me.OrgID, p, time.Now())
	if err != nil {
		return err
	}
	if format == "json" {
		return e.printJSON(st)
	}
	writePlan(e.stdout, svc.Advisor.Framework(), st)
	return nil
}

func newPlanCreateCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Make a new plan from your latest scores",
		Args:  cobra.NoArgs,
		RunE: e.growthRun(&format, func(ctx context.Context, svc *growth.Service, me store.Local, _ []string) error {
			p, err := svc.CreatePlan(ctx, me.OrgID, me.PersonID)
			if fail.Code(err) == fail.Invalid {
				return &fail.Error{Code: fail.Invalid, Message: "you have no scores to plan from yet: take the assessment first with: twohats assess"}
			}
			if err != nil {
				return err
			}
			return e.showPlan(ctx, svc, me, p, format)
		}),
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// latestPlan returns the plan with the id, or the newest plan when id is "".
func latestPlan(ctx context.Context, svc *growth.Service, me store.Local, id string) (*growth.Plan, error) {
	if id != "" {
		p, err := svc.GetPlan(ctx, me.OrgID, id)
		if err == nil && p.PersonID != me.PersonID {
			err = fail.Errorf(fail.NotFound, "plan %q not found", id)
		}
		return p, err
	}
	list, err := svc.Plans(ctx, me.OrgID, me.PersonID)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, fail.Errorf(fail.NotFound, "you have no plan yet; make one with: twohats plan create")
	}
	return &list[0], nil
}

func newPlanShowCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "show [ID]",
		Short: "Show a plan (your newest, without an id): schedule, check-ins and change since it started",
		Args:  cobra.MaximumNArgs(1),
		RunE: e.growthRun(&format, func(ctx context.Context, svc *growth.Service, me store.Local, args []string) error {
			p, err := latestPlan(ctx, svc, me, optionalArg(args))
			if err != nil {
				return err
			}
			return e.showPlan(ctx, svc, me, p, format)
		}),
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// optionalArg is the first argument, or "" when there is none.
func optionalArg(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}

func newPlanListCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List your plans, newest first",
		Args:  cobra.NoArgs,
		RunE: e.growthRun(&format, func(ctx context.Context, svc *growth.Service, me store.Local, _ []string) error {
			list, err := svc.Plans(ctx, me.OrgID, me.PersonID)
			if err != nil {
				return err
			}
			if format == "json" {
				return e.printJSON(list)
			}
			if len(list) == 0 {
				fmt.Fprintln(e.stdout, "No plans yet. Make one with: twohats plan create")
				return nil
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tSTARTED\tDEVELOPS\tDONE")
			for _, p := range list {
				pr := p.Progress(time.Now())
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d of %d\n", p.ID, p.Start.Format(time.DateOnly), p.Side, pr.Done, pr.Total)
			}
			return tw.Flush()
		}),
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func newPlanTickCmd(e *env) *cobra.Command {
	var planID, on string
	var undo bool
	cmd := &cobra.Command{
		Use:   "tick CHECK-IN",
		Short: "Tick off a check-in of your newest plan (or of --plan ID)",
		Long: `Tick off a check-in as done, today or --on YYYY-MM-DD; --undo takes the tick
back. The check-in ids, such as d30.ask-feedback, are listed by "twohats plan show".`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			when := time.Now().UTC()
			if on != "" {
				d, err := time.Parse(time.DateOnly, on)
				if err != nil {
					return usageError{fmt.Errorf("--on %q is not a date; write it as YYYY-MM-DD", on)}
				}
				when = d
			}
			ctx := cmd.Context()
			return e.withGrowth(ctx, func(svc *growth.Service, me store.Local) error {
				p, err := latestPlan(ctx, svc, me, planID)
				if err != nil {
					return err
				}
				p, err = svc.Tick(ctx, me.OrgID, p.ID, args[0], !undo, when)
				if err != nil {
					return err
				}
				pr := p.Progress(time.Now())
				verb := "Ticked off"
				if undo {
					verb = "Took back the tick of"
				}
				fmt.Fprintf(e.stdout, "%s %s. %d of %d check-ins done", verb, args[0], pr.Done, pr.Total)
				if pr.Next != "" {
					fmt.Fprintf(e.stdout, "; next: %s", pr.Next)
				}
				fmt.Fprintln(e.stdout, ".")
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&planID, "plan", "", "the plan's id (default: your newest plan)")
	cmd.Flags().StringVar(&on, "on", "", "the day it was done, YYYY-MM-DD (default: today)")
	cmd.Flags().BoolVar(&undo, "undo", false, "take the tick back")
	return cmd
}

// writePlan prints a plan for a person to read.
func writePlan(w io.Writer, fw *framework.Framework, st *growth.PlanStatus) {
	fmt.Fprintf(w, "Plan %s: develop your %s, from %s\n", st.ID, st.Side, st.Start.Format("2 Jan 2006"))
	if st.Basis.View == advisor.ViewOthers {
		fmt.Fprintf(w, "Built from the others' view of your 360 (%s).\n", st.Basis.CampaignID)
	} else {
		fmt.Fprintf(w, "Built from your assessment of %s.\n", st.Basis.Date.Format("2 Jan 2006"))
	}
	fmt.Fprintln(w, "\nTargets:")
	for _, t := range st.Targets {
		fmt.Fprintf(w, "  - %s %s (%s), now %s\n", t.Scale, strings.ToLower(t.Name), t.Develop, report.Num(t.Score))
	}
	byID := map[string]advisor.CheckIn{}
	for _, c := range st.CheckIns {
		byID[c.ID] = c
	}
	for _, win := range st.Schedule {
		fmt.Fprintf(w, "\n%s\n", win.Title)
		for _, id := range win.CheckIns {
			c := byID[id]
			box := "[ ]"
			if c.Done {
				box = "[x]"
			}
			fmt.Fprintf(w, "  %s %s (due %s, day %d)\n      %s\n", box, c.ID, c.Due.Format("2 Jan"), c.DueDay, c.Text)
		}
	}
	fmt.Fprintf(w, "\n%d of %d check-ins done", st.Progress.Done, st.Progress.Total)
	if len(st.Progress.Overdue) > 0 {
		fmt.Fprintf(w, "; overdue: %s", strings.Join(st.Progress.Overdue, ", "))
	}
	fmt.Fprintln(w, ".")
	if st.Trend == nil || len(st.Trend.Scales) == 0 || len(st.Trend.Scales[0].Points) < 2 {
		fmt.Fprintln(w, "Change since the plan started: take the assessment again to see it.")
		return
	}
	fmt.Fprintf(w, "\nChange since %s:\n", st.Trend.Baseline.Format("2 Jan 2006"))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SCALE\tFACET\tCHANGE\tTARGET")
	for _, s := range st.Trend.Scales {
		fmt.Fprintf(tw, "%s\t(all)\t%s\t\n", s.Scale, signedNum(s.Change))
	}
	for _, f := range st.Trend.Facets {
		d, _ := fw.Dimension(f.Facet)
		mark := ""
		if f.Target {
			mark = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", f.Scale, d.Name, signedNum(f.Change), mark)
	}
	tw.Flush()
}

// signedNum formats a change with its sign.
func signedNum(x float64) string {
	if x > 0 {
		return "+" + report.Num(x)
	}
	return report.Num(x)
}
