package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/twohats/twohats/internal/assess"
	"github.com/twohats/twohats/internal/bulk"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/store"
)

func newImportCmd(e *env) *cobra.Command {
	var (
		validOnly bool
		org       string
	)
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Import people, teams or historical responses from CSV into the organisation",
		Long: `Import CSV files into the command line's personal organisation, or, with
--org SLUG, into the organisation with that slug (such as one created by
signing up to twohats serve; an unknown slug is exit status 3). Every row is
checked first; if any is bad, each bad row is reported with its line and
column and nothing is imported (exit status 2). With --valid-only, the good
rows are imported and the bad ones reported as skipped.`,
	}
	cmd.PersistentFlags().BoolVar(&validOnly, "valid-only", false, "import the good rows and skip the bad ones")
	cmd.PersistentFlags().StringVar(&org, "org", "", orgUsage)
	people := &cobra.Command{
		Use:   "people FILE.csv",
		Short: "Import people: email,name[,team_id]",
		Long: `Import people from CSV with the header email,name and, optionally, team_id (a
team that already exists in the organisation, or empty). An email already in
the organisation is a bad row.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.importFile(cmd.Context(), args[0], org, validOnly, func(ctx context.Context, db store.Store, orgID string, in io.Reader) (int, bulk.Problems, error) {
				return e.importPeople(ctx, db, orgID, in, validOnly)
			})
		},
	}
	teams := &cobra.Command{
		Use:   "teams FILE.csv",
		Short: "Import teams: id,parent_id,name,contexts,phase",
		Long: `Import or replace teams from CSV with the header id,parent_id,name,contexts,phase.
parent_id is a team of the file or of the organisation, or empty for a top
team; contexts are the framework's context keys separated by ";"; phase is a
framework phase key or empty. Parents are saved before children whatever the
order of the rows.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.importFile(cmd.Context(), args[0], org, validOnly, func(ctx context.Context, db store.Store, orgID string, in io.Reader) (int, bulk.Problems, error) {
				return e.importTeams(ctx, db, orgID, in, validOnly)
			})
		},
	}
	var instrumentID string
	responses := &cobra.Command{
		Use:   "responses FILE.csv",
		Short: "Import historical responses as scored assessments",
		Long: `Import historical responses, in the psychometrics CSV format
(respondent,<item id>,...), each row becoming a scored assessment of the
respondent, who must be a person of the organisation (by email). An
assessment needs every answer of the instrument, so besides its capability
items (1-5) the header must name each tendency item (cell a or b) and each
scenario option as <item id>:<option id> (1-5); a file of capability items
only is refused at its header rather than stored with invented answers.
Assessments are written in batches (COPY on PostgreSQL), and each person's
latest scores with the batch that holds their newest row. If the import is
killed before it ends, run "twohats import repair" on the organisation.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.importFile(cmd.Context(), args[0], org, validOnly, func(ctx context.Context, db store.Store, orgID string, in io.Reader) (int, bulk.Problems, error) {
				return e.importResponses(ctx, db, orgID, in, instrumentID, validOnly)
			})
		},
	}
	responses.Flags().StringVar(&instrumentID, "instrument", instrument.Default, "instrument the responses answer")
	repair := &cobra.Command{
		Use:   "repair",
		Short: "Recompute every person's latest scores from their stored assessments",
		Long: `Recompute the organisation's latest scores, which the dashboards read, from
its stored assessments, in one transaction. An import keeps them as it goes
and on any error; only an import whose process was killed can leave some
behind the rows it stored, and this mends them.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			db, orgID, err := e.openOrg(cmd.Context(), org)
			if err != nil {
				return err
			}
			defer db.Close()
			n, err := db.RebuildLatestScores(cmd.Context(), orgID)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "latest scores recomputed for %d people\n", n)
			return nil
		},
	}
	cmd.AddCommand(people, teams, responses, repair)
	return cmd
}

// importer checks a file's rows against the organisation and, unless a row
// is bad and validOnly is off, stores the good ones. It returns how many it
// stored and every problem found.
type importer func(ctx context.Context, db store.Store, orgID string, in io.Reader) (int, bulk.Problems, error)

// importFile runs one import into the organisation with the slug (the
// personal one if empty): all or nothing unless validOnly.
func (e *env) importFile(ctx context.Context, path, org string, validOnly bool, imp importer) error {
	in, size, closeIn, err := e.openResponses(path)
	if err != nil {
		return err
	}
	defer closeIn()
	db, orgID, err := e.openOrg(ctx, org)
	if err != nil {
		return err
	}
	defer db.Close()
	in, done := e.progress(in, size)
	n, probs, err := imp(ctx, db, orgID, in)
	done()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if len(probs) > 0 && !validOnly {
		return probs.Err(path)
	}
	for _, p := range probs {
		fmt.Fprintf(e.stderr, "twohats: skipped %s: %s\n", path, p)
	}
	msg := fmt.Sprintf("imported %d rows from %s", n, path)
	if len(probs) > 0 {
		msg += fmt.Sprintf("; skipped %d bad rows", len(probs.Lines()))
	}
	fmt.Fprintln(e.stdout, msg)
	return nil
}

// commit reports whether good rows should be stored.
func commit(probs bulk.Problems, validOnly bool) bool { return len(probs) == 0 || validOnly }

func (e *env) importPeople(ctx context.Context, db store.Store, orgID string, in io.Reader, validOnly bool) (int, bulk.Problems, error) {
	rows, probs, err := bulk.ReadPeople(in)
	if err != nil {
		return 0, nil, err
	}
	existing, err := db.People(ctx, orgID)
	if err != nil {
		return 0, nil, err
	}
	have := map[string]bool{}
	for _, p := range existing {
		have[store.FoldEmail(p.Email)] = true
	}
	teamIDs, err := teamIDs(ctx, db, orgID)
	if err != nil {
		return 0, nil, err
	}
	var good []bulk.PersonRow
	for _, r := range rows {
		bad := false
		if have[store.FoldEmail(r.Email)] {
			probs = append(probs, bulk.Problem{Line: r.Line, Column: "email", Msg: r.Email + " is already a person of the organisation"})
			bad = true
		}
		if r.TeamID != "" && !teamIDs[r.TeamID] {
			probs = append(probs, bulk.Problem{Line: r.Line, Column: "team_id", Msg: fmt.Sprintf("no team %q in the organisation; import the teams first", r.TeamID)})
			bad = true
		}
		if !bad {
			good = append(good, r)
		}
	}
	if !commit(probs, validOnly) || len(good) == 0 {
		return 0, probs, nil
	}
	people := make([]store.Person, len(good))
	for i, r := range good {
		people[i] = store.Person{Email: r.Email, Name: r.Name}
	}
	if err := db.ImportPeople(ctx, orgID, people); err != nil {
		return 0, probs, err
	}
	var members []store.TeamMember
	for i, r := range good {
		if r.TeamID != "" {
			members = append(members, store.TeamMember{TeamID: r.TeamID, PersonID: people[i].ID})
		}
	}
	if len(members) > 0 {
		if err := db.ImportTeams(ctx, orgID, nil, members); err != nil {
			return len(people), probs, err
		}
	}
	return len(people), probs, nil
}

func teamIDs(ctx context.Context, db store.Store, orgID string) (map[string]bool, error) {
	ts, err := db.ListTeams(ctx, orgID)
	if err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	for _, t := range ts {
		ids[t.ID] = true
	}
	return ids, nil
}

func (e *env) importTeams(ctx context.Context, db store.Store, orgID string, in io.Reader, validOnly bool) (int, bulk.Problems, error) {
	sc, err := e.cat.Scorer(instrument.Default)
	if err != nil {
		return 0, nil, err
	}
	fw := sc.Framework()
	ids, err := teamIDs(ctx, db, orgID)
	if err != nil {
		return 0, nil, err
	}
	existing := make([]string, 0, len(ids))
	for id := range ids {
		existing = append(existing, id)
	}
	rows, probs, err := bulk.ReadTeams(in, bulk.Vocabulary{Contexts: fw.ContextKeys(), Phases: fw.PhaseKeys()}, existing)
	if err != nil {
		return 0, nil, err
	}
	if !commit(probs, validOnly) || len(rows) == 0 {
		return 0, probs, nil
	}
	teams := make([]store.Team, len(rows))
	for i, r := range rows {
		teams[i] = store.Team{ID: r.ID, ParentID: r.ParentID, Name: r.Name, Contexts: r.Contexts, Phase: r.Phase}
	}
	if err := db.ImportTeams(ctx, orgID, teams, nil); err != nil {
		return 0, probs, err
	}
	return len(teams), probs, nil
}

func (e *env) importResponses(ctx context.Context, db store.Store, orgID string, in io.Reader, instrumentID string, validOnly bool) (int, bulk.Problems, error) {
	sc, err := e.cat.Scorer(instrumentID)
	if err != nil {
		return 0, nil, err
	}
	rows, probs, err := bulk.ReadResponses(in, sc)
	if err != nil {
		return 0, nil, err
	}
	people, err := db.People(ctx, orgID)
	if err != nil {
		return 0, nil, err
	}
	byEmail := map[string]string{}
	for _, p := range people {
		byEmail[store.FoldEmail(p.Email)] = p.ID
	}
	list := make([]store.Assessment, 0, len(rows))
	for _, r := range rows {
		id, ok := byEmail[store.FoldEmail(r.Email)]
		if !ok {
			probs = append(probs, bulk.Problem{Line: r.Line, Column: bulk.RespondentColumn, Msg: fmt.Sprintf("no person %s in the organisation; import the people first", r.Email)})
			continue
		}
		p := sc.Score(r.Response)
		a, err := assess.Record(sc, r.Response, &p)
		if err != nil {
			return 0, nil, fmt.Errorf("line %d: %w", r.Line, err)
		}
		a.OrgID, a.PersonID = orgID, id
		list = append(list, *a)
	}
	if !commit(probs, validOnly) || len(list) == 0 {
		return 0, probs, nil
	}
	if err := db.ImportAssessments(ctx, list); err != nil {
		return 0, probs, err
	}
	return len(list), probs, nil
}
