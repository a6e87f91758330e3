package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
)

func newPersonCmd(e *env) *cobra.Command {
	var org string
	cmd := &cobra.Command{
		Use:   "person",
		Short: "Act on one person of the organisation",
	}
	cmd.PersistentFlags().StringVar(&org, "org", "", orgUsage)
	var yes bool
	del := &cobra.Command{
		Use:   "delete EMAIL",
		Short: "Delete everything held about a person, and show that it is gone",
		Long: `Delete a person and everything held about them on request: their assessments,
drafts, plans, journal, team memberships, mentor opt-in, membership, the 360
campaigns about them and the rater links and responses they were sent. It
shows the rows held, table by table, asks for confirmation unless --yes is
given, deletes them in one transaction, and shows the counts again: all zero.
The person is looked up by email in the command line's personal organisation,
or, with --org SLUG, in the organisation with that slug only (an unknown slug
is exit status 3): a person with the same email in another organisation is
left alone.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, orgID, err := e.openOrg(ctx, org)
			if err != nil {
				return err
			}
			defer db.Close()
			p, err := personByEmail(ctx, db, orgID, args[0])
			if err != nil {
				return err
			}
			before, err := db.PersonData(ctx, orgID, p.ID)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Data held about %s <%s>:\n", p.Name, p.Email)
			writeCounts(e.stdout, before)
			if !yes {
				fmt.Fprintf(e.stdout, "Delete all of it? This cannot be undone. [y/N] ")
				line, _ := bufio.NewReader(e.stdin).ReadString('\n')
				if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
					fmt.Fprintln(e.stdout, "Nothing was deleted.")
					return nil
				}
			}
			if _, err := db.DeletePersonData(ctx, orgID, p.ID); err != nil {
				return err
			}
			after, err := db.PersonData(ctx, orgID, p.ID)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Deleted. Data now held about %s:\n", p.Email)
			writeCounts(e.stdout, after)
			if n := after.Total(); n != 0 {
				return fmt.Errorf("%d rows about %s remain after the deletion", n, p.Email)
			}
			return nil
		},
	}
	del.Flags().BoolVar(&yes, "yes", false, "delete without asking")
	cmd.AddCommand(del)
	return cmd
}

// personByEmail finds one of the organisation's people by email.
func personByEmail(ctx context.Context, db store.Store, orgID, email string) (*store.Person, error) {
	people, err := db.People(ctx, orgID)
	if err != nil {
		return nil, err
	}
	want := store.FoldEmail(email)
	for i := range people {
		if store.FoldEmail(people[i].Email) == want {
			return &people[i], nil
		}
	}
	return nil, fail.Errorf(fail.NotFound, "no person %s in the organisation", email)
}

// writeCounts prints the counts by table, in name order, and their total.
func writeCounts(w io.Writer, d store.PersonData) {
	names := make([]string, 0, len(d))
	for t := range d {
		names = append(names, t)
	}
	slices.Sort(names)
	for _, t := range names {
		fmt.Fprintf(w, "  %-28s %d\n", t, d[t])
	}
	fmt.Fprintf(w, "  %-28s %d\n", "total", d.Total())
}
