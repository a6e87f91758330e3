package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
	"github.com/twohats/twohats/internal/store/postgres"
	"github.com/twohats/twohats/internal/store/sqlite"
)

// env is what a command may touch of the outside world. Tests build their own.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// dbPath is the --db flag.
	dbPath string
	cat    *catalog.Catalog
}

// run is the whole program: it parses args, runs the command and returns the
// exit status.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	cat, err := catalog.Load()
	if err != nil {
		// A broken embedded data file: the binary is unusable, say exactly where.
		fmt.Fprintf(stderr, "twohats: the built-in knowledge is broken: %v\n", err)
		return 70 // EX_SOFTWARE
	}
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr, cat: cat}
	root := newRoot(e)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err = root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	fmt.Fprintf(stderr, "twohats: %v\n", err)
	return exitCode(err)
}

// usageError marks a mistake in how a command was called.
type usageError struct{ error }

// exitCode maps an error to the process exit status, in one place: 2 for
// anything the caller can fix (bad flags, bad input), 1 for the rest.
func exitCode(err error) int {
	var u usageError
	if errors.As(err, &u) {
		return 2
	}
	switch fail.Code(err) {
	case fail.Invalid:
		return 2
	case fail.NotFound, fail.Conflict, fail.Gone:
		return 3
	}
	return 1
}

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "twohats",
		Short: "Know when to manage and when to lead, measure both, and grow the side you underuse",
		Long: `twohats measures management and leadership as two separate capabilities on the
six dimensions where they differ, shows which one you fall back on under
pressure and how well you judge what a situation needs, and turns that into a
development focus.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&e.dbPath, "db", "", "SQLite file or postgres:// URL (default $TWOHATS_DB, else a file in the twohats data directory)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newServeCmd(e), newAssessCmd(e), newInstrumentCmd(e), newProfileCmd(e), newCampaignCmd(e))
	root.AddCommand(newPsychometricsCmd(e))
	root.AddCommand(newAdviseCmd(e), newFitCmd(e), newPlanCmd(e), newJournalCmd(e))
	root.AddCommand(newCoachCmd(e))
	root.AddCommand(newImportCmd(e), newExportCmd(e), newPersonCmd(e), newDemoCmd(e))
	return root
}

// defaultDBPath is where the embedded database lives when neither --db nor
// TWOHATS_DB says otherwise: $XDG_DATA_HOME/twohats, else ~/.local/share/twohats.
func (e *env) defaultDBPath() string {
	if p := e.getenv("TWOHATS_DB"); p != "" {
		return p
	}
	dir := e.getenv("XDG_DATA_HOME")
	if dir == "" {
		home := e.getenv("HOME")
		if home == "" {
			home, _ = os.UserHomeDir()
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "twohats", "twohats.db")
}

// openStore opens the configured database: PostgreSQL for a postgres:// or
// postgresql:// URL, else the SQLite file at the path (a sqlite: prefix is
// allowed).
func (e *env) openStore(ctx context.Context) (store.Store, error) {
	dsn := e.dbPath
	if dsn == "" {
		dsn = e.defaultDBPath()
	}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		db, err := postgres.Open(ctx, dsn)
		if err != nil {
			return nil, fmt.Errorf("open the PostgreSQL database: %w", err)
		}
		return db, nil
	}
	path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "sqlite:")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("open the database %s: %w", path, err)
	}
	return db, nil
}
