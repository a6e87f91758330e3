package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/twohats/twohats/internal/assess"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/store"
	"github.com/twohats/twohats/internal/tui"
)

// outputFlags are the --format and --out flags of commands that print a report.
type outputFlags struct {
	format string
	out    string
}

func (o *outputFlags) register(cmd *cobra.Command, formats string) {
	cmd.Flags().StringVar(&o.format, "format", "text", "output format: "+formats)
	cmd.Flags().StringVar(&o.out, "out", "", "write the output to this file instead of standard output")
}

func newAssessCmd(e *env) *cobra.Command {
	var (
		out        outputFlags
		answers    string
		instrumnt  string
		noSave     bool
		restart    bool
		accessible bool
	)
	cmd := &cobra.Command{
		Use:   "assess",
		Short: "Take the assessment and see your profile",
		Long: `Take the assessment in the terminal (about 15 minutes; quit at any time and run
it again to resume), or score a file of answers with --answers FILE, where FILE
is JSON of the form {"instrument":"core@1","answers":{"<item id>": <value>}}
("-" reads standard input).

The assessment and its profile are stored in the local database unless
--no-save is given.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(out.format, "text", "json", "html"); err != nil {
				return err
			}
			ctx := cmd.Context()
			var (
				sc  *profile.Scorer
				r   profile.Response
				err error
				db  store.Store
				me  store.Local
			)
			if answers != "" {
				sc, r, err = e.readAnswers(answers)
				if err != nil {
					return err
				}
			} else {
				screen, closeScreen, ok := e.terminal()
				if !ok {
					return usageError{errors.New("the assessment needs a terminal to ask its questions; to score answers without prompts, use --answers FILE")}
				}
				defer closeScreen()
				if sc, err = e.cat.Scorer(instrumnt); err != nil {
					return err
				}
				if db, me, err = e.openLocal(ctx); err != nil {
					return err
				}
				defer db.Close()
				var done bool
				r, done, err = e.askQuestions(ctx, db, me, sc, screen, restart, accessible)
				if err != nil || !done {
					return err
				}
			}
			p := sc.Score(r)
			id := ""
			if !noSave {
				if db == nil {
					if db, me, err = e.openLocal(ctx); err != nil {
						return err
					}
					defer db.Close()
				}
				a, _, _, err := assess.Submit(ctx, db, sc, me.OrgID, me.PersonID, r, "")
				if err != nil {
					return err
				}
				id = a.ID
			}
			if err := e.writeReport(out, sc, &p); err != nil {
				return err
			}
			if id != "" && out.out != "" {
				fmt.Fprintf(e.stderr, "Saved as %s; see it again with: twohats profile show %s\n", id, id)
			}
			return nil
		},
	}
	out.register(cmd, "text, json or html")
	cmd.Flags().StringVar(&answers, "answers", "", "score this answers JSON file without prompting (- for standard input)")
	cmd.Flags().StringVar(&instrumnt, "instrument", instrument.Default, "instrument to take")
	cmd.Flags().BoolVar(&noSave, "no-save", false, "do not store the assessment")
	cmd.Flags().BoolVar(&restart, "restart", false, "discard saved answers and start again")
	cmd.Flags().BoolVar(&accessible, "accessible", false, "plain prompts that work with screen readers")
	return cmd
}

// terminal finds where to draw the questionnaire. Standard input must be a
// terminal; the questions go to standard output when it is one too, else to
// the controlling terminal, so `twohats assess > report.txt` still asks on
// screen and leaves only the report in the file.
func (e *env) terminal() (io.Writer, func(), bool) {
	in, ok := e.stdin.(*os.File)
	if !ok || !tui.IsTerminal(in) {
		return nil, nil, false
	}
	if out, ok := e.stdout.(*os.File); ok && tui.IsTerminal(out) {
		return out, func() {}, true
	}
	tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0)
	if err != nil {
		return nil, nil, false
	}
	return tty, func() { tty.Close() }, true
}

// readAnswers reads, validates and encodes an answers file. Any problem is a
// fail.Invalid error naming every bad item, and nothing has been stored.
func (e *env) readAnswers(path string) (*profile.Scorer, profile.Response, error) {
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
		return nil, nil, &fail.Error{Code: fail.Invalid, Message: fmt.Sprintf("cannot read the answers: %v", err)}
	}
	a, err := profile.ParseAnswers(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	sc, err := e.cat.Scorer(a.Instrument)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	r, err := sc.Encode(a)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return sc, r, nil
}

// openLocal opens the store and finds the CLI's own organisation and person.
func (e *env) openLocal(ctx context.Context) (store.Store, store.Local, error) {
	db, err := e.openStore(ctx)
	if err != nil {
		return nil, store.Local{}, err
	}
	me, err := db.EnsureLocal(ctx)
	if err != nil {
		db.Close()
		return nil, store.Local{}, err
	}
	return db, me, nil
}

// orgUsage is the help of the --org flag of the commands that work on a
// whole organisation: import, export, person and demo.
const orgUsage = "work on the organisation with this `SLUG`, such as one created by signing up to twohats serve (default: the command line's personal organisation)"

// openOrg opens the store and finds the organisation a command works on, by
// its --org slug. Without a slug, or with the personal organisation's, it is
// openLocal's organisation; otherwise nothing is created: the local person
// belongs to the personal organisation only. An unknown slug is a
// fail.NotFound naming it.
func (e *env) openOrg(ctx context.Context, slug string) (db store.Store, orgID string, err error) {
	if s := strings.TrimSpace(slug); s == "" || strings.EqualFold(s, store.LocalOrgSlug) {
		db, me, err := e.openLocal(ctx)
		if err != nil {
			return nil, "", err
		}
		return db, me.OrgID, nil
	}
	if db, err = e.openStore(ctx); err != nil {
		return nil, "", err
	}
	o, err := db.OrganizationBySlug(ctx, slug)
	if err != nil {
		db.Close()
		if fail.Code(err) == fail.NotFound {
			return nil, "", fmt.Errorf("--org: %w; check the slug, or leave --org out for the personal organisation", err)
		}
		return nil, "", fmt.Errorf("--org: %w", err)
	}
	return db, o.ID, nil
}

// askQuestions runs the questionnaire from the saved draft, saving after
// every page. It reports done=false when the person quit; the draft keeps
// their answers.
func (e *env) askQuestions(ctx context.Context, db store.Store, me store.Local, sc *profile.Scorer, screen io.Writer, restart, accessible bool) (profile.Response, bool, error) {
	id := sc.Instrument().ID
	start, page := make(profile.Response, sc.Slots()), 0
	if restart {
		if err := db.DeleteDraft(ctx, me.OrgID, me.PersonID, id); err != nil {
			return nil, false, err
		}
	} else if d, err := db.Draft(ctx, me.OrgID, me.PersonID, id); err == nil {
		var a profile.Answers
		if err := json.Unmarshal(d.Answers, &a); err == nil {
			if r, err := sc.EncodePartial(a); err == nil {
				start, page = r, d.Position
				fmt.Fprintf(e.stderr, "Resuming your saved answers from %s (use --restart to start again).\n", d.UpdatedAt.Local().Format("2 Jan 15:04"))
			}
		}
	} else if fail.Code(err) != fail.NotFound {
		return nil, false, err
	}
	save := func(r profile.Response, page int) error {
		b, err := json.Marshal(sc.Decode(r))
		if err != nil {
			return err
		}
		return db.SaveDraft(ctx, &store.Draft{OrgID: me.OrgID, PersonID: me.PersonID, Instrument: id, Answers: b, Position: page})
	}
	r, err := tui.Run(ctx, sc, start, page, tui.Options{In: e.stdin, Out: screen, Accessible: accessible, Save: save})
	if errors.Is(err, tui.ErrQuit) {
		fmt.Fprintln(e.stderr, "Your answers are saved. Run `twohats assess` again to carry on where you left off.")
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return r, true, nil
}

func checkFormat(got string, allowed ...string) error {
	for _, a := range allowed {
		if got == a {
			return nil
		}
	}
	return usageError{fmt.Errorf("unknown --format %q; want one of %v", got, allowed)}
}
