package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/twohats/twohats/internal/advisor"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/growth"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/report"
)

func newFitCmd(e *env) *cobra.Command {
	var roleFile, profileArg, format string
	cmd := &cobra.Command{
		Use:   "fit --role FILE --profile ID|FILE",
		Short: "Compare a person with a role: fit score, gaps per facet and promotion risk",
		Long: `Compare a person's management and leadership facets with what a role needs:
a fit score from 0 to 100, the gap on every facet, and a promotion-risk flag
when a strong manager would move into a leadership-heavy role, or the reverse.
Fit is one input to a decision, never the decision.

--role FILE is a role file, YAML or JSON ("-" reads standard input), that
describes the role by the situations it spends its time in:

  name: Head of plant quality
  contexts: [compliance-critical, mature]
  phases: {execution: 0.8, crisis: 0.2}
  need: quality-control

or directly by the level it needs on every facet, 0-100:

  name: Programme lead
  facets:
    management: {focus: 60, time_orientation: 55, ...}
    leadership: {focus: 85, time_orientation: 80, ...}

--profile is the person, either
  - a file: an answers JSON ({"instrument":..., "answers":{...}}, as
    "twohats assess --answers" takes), which is scored, or a profile JSON (as
    "twohats assess --format json" writes: its "scales" and "facets" are
    read); a file is always the self view; or
  - the id of a stored assessment of the local organisation (see "twohats
    profile list"). When that person has a released 360 in which others scored
    every facet, the others' view of the latest one is used instead: it takes
    precedence over the self view.

--format json prints the fit's JSON contract: {"role","view","fit",
"gaps":[{"scale","facet","required","actual","gap"}],
"promotion_risk":{"flag","direction","explanation","source"},"disclaimer":{"text","source"}}.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, "text", "json"); err != nil {
				return err
			}
			if roleFile == "" || profileArg == "" {
				return usageError{errors.New("give both --role FILE and --profile ID|FILE")}
			}
			if roleFile == "-" && profileArg == "-" {
				return usageError{errors.New("only one of --role and --profile can read standard input")}
			}
			a, err := e.advisor()
			if err != nil {
				return err
			}
			data, err := e.readInput(roleFile, "role file")
			if err != nil {
				return err
			}
			role, err := a.ParseRole(roleFile, data)
			if err != nil {
				return plainInvalid(err)
			}
			req, err := a.Requirement(role)
			if err != nil {
				return plainInvalid(err)
			}
			scores, err := e.fitScores(cmd.Context(), a, profileArg)
			if err != nil {
				return err
			}
			f, err := a.Fit(scores.Person, req)
			if err != nil {
				return err
			}
			if format == "json" {
				return e.printJSON(f)
			}
			writeFit(e.stdout, a.Framework(), req, scores.Basis, f)
			return nil
		},
	}
	cmd.Flags().StringVar(&roleFile, "role", "", `role file, YAML or JSON ("-" for standard input)`)
	cmd.Flags().StringVar(&profileArg, "profile", "", "a stored assessment's id, or an answers or profile JSON file")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// readInput reads a file, or standard input for "-"; what names it in errors.
func (e *env) readInput(path, what string) ([]byte, error) {
	var (
		data []byte
		err  error
	)
	if path == "-" {
		data, err = io.ReadAll(e.stdin)
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, &fail.Error{Code: fail.Invalid, Message: fmt.Sprintf("cannot read the %s: %v", what, err)}
	}
	return data, nil
}

// isFile reports whether --profile names a file rather than an assessment.
func isFile(arg string) bool {
	if arg == "-" {
		return true
	}
	st, err := os.Stat(arg)
	return err == nil && !st.IsDir()
}

// fitScores resolves --profile: a file of answers or a profile, or a stored
// assessment, whose person's released 360 takes precedence.
func (e *env) fitScores(ctx context.Context, a *advisor.Advisor, arg string) (*growth.Scores, error) {
	if isFile(arg) {
		data, err := e.readInput(arg, "profile file")
		if err != nil {
			return nil, err
		}
		return e.scoresOfFile(a.Framework(), arg, data)
	}
	db, me, err := e.openLocal(ctx)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	svc := &growth.Service{Store: db, Catalog: e.cat, Advisor: a}
	sc, err := svc.ScoresOfAssessment(ctx, me.OrgID, arg)
	if fail.Code(err) == fail.NotFound {
		return nil, &fail.Error{Code: fail.Invalid, Message: fmt.Sprintf(
			"--profile %q is neither a file nor a stored assessment of the local organisation; list the assessments with: twohats profile list", arg)}
	}
	return sc, err
}

// profileFile is what fit reads of a file: answers, or a profile's scores.
type profileFile struct {
	Answers json.RawMessage                `json:"answers"`
	Scales  map[string]struct{ Score any } `json:"scales"`
	Facets  map[string]map[string]any      `json:"facets"`
}

// scoresOfFile reads an answers JSON, which it scores, or a profile JSON,
// whose scales and facets it takes as they are.
func (e *env) scoresOfFile(fw *framework.Framework, name string, data []byte) (*growth.Scores, error) {
	var pf profileFile
	if err := json.Unmarshal(data, &pf); err != nil {
		return nil, &fail.Error{Code: fail.Invalid, Message: fmt.Sprintf("%s: not JSON (%v); give an answers JSON or a profile JSON", name, err)}
	}
	switch {
	case len(pf.Answers) > 0:
		ans, err := profile.ParseAnswers(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		sc, err := e.cat.Scorer(ans.Instrument)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		r, err := sc.Encode(ans)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		p := sc.Score(r)
		return growth.SelfScores(&p), nil
	case len(pf.Scales) > 0 || len(pf.Facets) > 0:
		return personOfProfile(fw, name, pf)
	}
	return nil, &fail.Error{Code: fail.Invalid, Message: name + `: neither an answers JSON ({"instrument":..., "answers":{...}}) nor a profile JSON (with "scales" and "facets", as "twohats assess --format json" writes)`}
}

// personOfProfile reads the self view from a profile JSON's scales and
// facets; every missing or out-of-range score is named.
func personOfProfile(fw *framework.Framework, name string, pf profileFile) (*growth.Scores, error) {
	dims := fw.DimensionKeys()
	p := advisor.Person{View: advisor.ViewSelf, Dimensions: dims}
	bad := map[string]string{}
	score := func(field string, v any, present bool) float64 {
		x, ok := v.(float64)
		switch {
		case !present:
			bad[field] = "missing"
		case !ok || math.IsNaN(x) || x < 0 || x > 100:
			bad[field] = fmt.Sprintf("%v is not a score from 0 to 100", v)
		}
		return x
	}
	for si, scale := range profile.ScaleKeys {
		s, ok := pf.Scales[scale]
		p.Scales[si] = score("scales."+scale+".score", s.Score, ok && s.Score != nil)
		p.Facets[si] = make([]float64, len(dims))
		for fi, d := range dims {
			v, ok := pf.Facets[scale][d]
			p.Facets[si][fi] = score("facets."+scale+"."+d, v, ok)
		}
	}
	if len(bad) > 0 {
		return nil, &fail.Error{Code: fail.Invalid, Message: name + ": the profile JSON lacks some scores (valid facets: " + strings.Join(dims, ", ") + ")", Fields: bad}
	}
	return &growth.Scores{Person: p, Basis: growth.Basis{View: advisor.ViewSelf}}, nil
}

// writeFit prints a fit for a person to read.
func writeFit(w io.Writer, fw *framework.Framework, req advisor.Requirement, b growth.Basis, f advisor.Fit) {
	name := f.Role
	if name == "" {
		name = "the role"
	}
	fmt.Fprintf(w, "Role: %s — %s (management share %d of 100)\n", name, req.Orientation, req.ManagementShare)
	view := "self-assessment"
	switch {
	case b.View == advisor.ViewOthers:
		view = fmt.Sprintf("the others' view of 360 %s, released %s (it takes precedence over the self view)", b.CampaignID, b.Date.Format("2 Jan 2006"))
	case b.AssessmentID != "":
		view = fmt.Sprintf("self-assessment %s of %s", b.AssessmentID, b.Date.Format("2 Jan 2006"))
	}
	fmt.Fprintf(w, "Scores: %s\n", view)
	fmt.Fprintf(w, "Fit: %d of 100\n\n", f.Fit)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SCALE\tFACET\tNEEDED\tACTUAL\tGAP")
	for _, g := range f.Gaps {
		d, _ := fw.Dimension(g.Facet)
		gap := "meets"
		if g.Gap > 0 {
			gap = "short by " + report.Num(g.Gap)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", g.Scale, d.Name, report.Num(g.Required), report.Num(g.Actual), gap)
	}
	tw.Flush()
	fmt.Fprintln(w)
	if f.PromotionRisk.Flag {
		fmt.Fprintf(w, "PROMOTION RISK (%s): %s\n", f.PromotionRisk.Direction, f.PromotionRisk.Explanation)
	} else {
		fmt.Fprintf(w, "No promotion risk: %s\n", f.PromotionRisk.Explanation)
	}
	fmt.Fprintf(w, "  Source: %q\n\n", f.PromotionRisk.Source)
	fmt.Fprintf(w, "Please note: %s\n", f.Disclaimer.Text)
}
