package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/twohats/twohats/internal/advisor"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/framework"
)

func newAdviseCmd(e *env) *cobra.Command {
	var (
		s      advisor.Situation
		format string
	)
	cmd := &cobra.Command{
		Use:   "advise",
		Short: "Say whether a situation needs you to manage, to lead, or a blend of both",
		Long: `Recommend how much of a situation calls for management and how much for
leadership: a management share from 0 to 100, an orientation (manage, lead or
blend), the reasons, each with the sentence of the source it implements, and
the risks of over-indexing on the other side.

  twohats advise --context compliance-critical --context mature --phase execution --need consistency

--context may be given more than once. --format json prints the advisor's JSON
contract:
  {"management_share":0-100,"orientation":"manage"|"lead"|"blend",
   "reasons":[{"text","source"}],"risks":[{"text","source"}]}`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, "text", "json"); err != nil {
				return err
			}
			a, err := e.advisor()
			if err != nil {
				return err
			}
			adv, err := a.Advise(s)
			if err != nil {
				return plainInvalid(err)
			}
			if format == "json" {
				return e.printJSON(adv)
			}
			writeAdvice(e.stdout, a.Framework(), s, adv)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&s.Contexts, "context", nil, "the organisation's context, repeatable: "+strings.Join(e.cat.Framework.ContextKeys(), ", "))
	f.StringVar(&s.Phase, "phase", "", "the phase of the work: "+strings.Join(e.cat.Framework.PhaseKeys(), ", "))
	f.StringVar(&s.Need, "need", "", "the need at hand (optional): consistency, quality-control, commitment or change")
	f.StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// advisor returns the advisor built from the binary's framework.
func (e *env) advisor() (*advisor.Advisor, error) {
	a, err := advisor.New(e.cat.Framework)
	if err != nil {
		return nil, fmt.Errorf("the built-in advisor data is broken: %w", err)
	}
	return a, nil
}

// plainInvalid drops the per-field details of an advisor error whose message
// already lists every problem, so the terminal shows each once.
func plainInvalid(err error) error {
	if fail.Code(err) != fail.Invalid {
		return err
	}
	return &fail.Error{Code: fail.Invalid, Message: fail.Message(err)}
}

// writeAdvice prints advice for a person to read.
func writeAdvice(w io.Writer, fw *framework.Framework, s advisor.Situation, a advisor.Advice) {
	var names []string
	for _, k := range s.Contexts {
		if c, _, ok := fw.Context(k); ok {
			names = append(names, c.Name)
		}
	}
	ph, _ := fw.Phase(s.Phase)
	fmt.Fprintf(w, "Situation: %s; %s phase", strings.Join(names, ", "), strings.ToLower(ph.Name))
	if s.Need != "" {
		fmt.Fprintf(w, "; the need is %s", s.Need)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Recommendation: %s (management share %d of 100, leadership %d)\n", strings.ToUpper(a.Orientation), a.ManagementShare, 100-a.ManagementShare)
	fmt.Fprintln(w, "\nWhy:")
	for i, r := range a.Reasons {
		fmt.Fprintf(w, "  %d. %s\n     Source: %q\n", i+1, r.Text, r.Source)
	}
	fmt.Fprintln(w, "\nRisks of over-indexing on the other side:")
	for _, r := range a.Risks {
		fmt.Fprintf(w, "  - %s\n    Source: %q\n", r.Text, r.Source)
	}
}
