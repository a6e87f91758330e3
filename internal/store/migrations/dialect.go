package migrations

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/pressly/goose/v3"
)

// Options are the goose provider options every provider of these
// migrations takes, for FS: the Go migrations of the dialect, and no
// global registry.
func Options(dialect goose.Dialect) []goose.ProviderOption {
	return []goose.ProviderOption{goose.WithDisableGlobalRegistry(true), goose.WithGoMigrations(Go(dialect)...)}
}

// Versions 11 and 12 differ by database, so they are Go, not files:
// Go(dialect) gives them, and every adapter applies them with the files
// (Options). SQL migrations go on from 00013.
//
// On PostgreSQL it drops the foreign key from assessments to people and
// gives latest_scores a fillfactor of 50; on SQLite it only records the
// version. Both are for importing response rows (issue 8):
//
//   - A foreign key is checked row by row: PostgreSQL runs a lookup-and-lock
//     query for every assessment a COPY inserts, which cost about a third
//     of an import's server time (1,000,000 rows over 100,000 people). The
//     store now does what the key did, a batch at a time: an import checks
//     each batch's people in one statement and fails, naming the person,
//     if one is missing; a single assessment checks its person. Writers
//     hold a shared advisory lock of the organisation, and deleting a
//     person's data takes it alone, first, so no assessment can be written
//     for a person being deleted (queries/teams.sql). SQLite keeps its key:
//     its one writer checks it in process, at the cost of an index probe,
//     and has no concurrent writer to lock against.
//   - An import upserts each person's latest_scores row once a batch. With
//     half of each page free, the new version of a row fits on its own page
//     and the update is a HOT update, which writes no index entry; with
//     full pages every update moved the row and added to the primary key.
//     It halved the upsert's time. The table holds one row a person, so
//     the space is small.
//
// Go returns versions 11 and 12 for the dialect.
//
// Version 12, on PostgreSQL, gives the key columns of assessments (org_id,
// id, person_id, created_at, idempotency_key) the "C" collation. They hold
// UUIDs, ASCII keys and fixed-width UTC timestamps, whose order is byte
// order in every collation, but the database's default collation (often
// en_US.UTF-8, or C.UTF-8) compares through strcoll, and the three indexes
// of a million-row import compare keys all the time: a COPY of 400,000
// rows took 15 to 18% less time with "C" (measured back to back). The
// rows keep their bytes; the indexes are rebuilt. SQLite compares bytes
// already, and records the version.
func Go(dialect goose.Dialect) []*goose.Migration {
	if dialect != goose.DialectPostgres {
		return []*goose.Migration{goose.NewGoMigration(11, nil, nil), goose.NewGoMigration(12, nil, nil)}
	}
	return []*goose.Migration{
		goose.NewGoMigration(11, &goose.GoFunc{RunTx: personKeyUp}, &goose.GoFunc{RunTx: personKeyDown}),
		goose.NewGoMigration(12, &goose.GoFunc{RunTx: byteKeys(`"C"`)}, &goose.GoFunc{RunTx: byteKeys(`"default"`)}),
	}
}

// byteKeyColumns are the columns version 12 collates by bytes.
var byteKeyColumns = []string{"org_id", "id", "person_id", "created_at", "idempotency_key"}

// byteKeys sets the collation of assessments' byteKeyColumns.
func byteKeys(collation string) func(context.Context, *sql.Tx) error {
	return func(ctx context.Context, tx *sql.Tx) error {
		alter := make([]string, len(byteKeyColumns))
		for i, c := range byteKeyColumns {
			alter[i] = "ALTER COLUMN " + c + " TYPE TEXT COLLATE " + collation
		}
		if _, err := tx.ExecContext(ctx, "ALTER TABLE assessments "+strings.Join(alter, ", ")); err != nil {
			return fmt.Errorf("collate the keys of assessments by %s: %w", collation, err)
		}
		return nil
	}
}

func personKeyUp(ctx context.Context, tx *sql.Tx) error {
	// The key's name is PostgreSQL's default for it; looked up, not
	// assumed, in the migrated schema (the search path's).
	var name string
	err := tx.QueryRowContext(ctx, `
		SELECT conname FROM pg_constraint
		WHERE conrelid = 'assessments'::regclass AND confrelid = 'people'::regclass AND contype = 'f'`).Scan(&name)
	if err != nil {
		return fmt.Errorf("find the foreign key from assessments to people: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `ALTER TABLE assessments DROP CONSTRAINT `+quoteIdent(name)); err != nil {
		return fmt.Errorf("drop %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, `ALTER TABLE latest_scores SET (fillfactor = 50)`); err != nil {
		return fmt.Errorf("set the fillfactor of latest_scores: %w", err)
	}
	return nil
}

func personKeyDown(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `ALTER TABLE latest_scores RESET (fillfactor)`); err != nil {
		return fmt.Errorf("reset the fillfactor of latest_scores: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `ALTER TABLE assessments ADD FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id)`); err != nil {
		return fmt.Errorf("restore the foreign key from assessments to people: %w", err)
	}
	return nil
}

// quoteIdent quotes a PostgreSQL identifier.
func quoteIdent(s string) string {
	out := []byte{'"'}
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			out = append(out, '"')
		}
		out = append(out, s[i])
	}
	return string(append(out, '"'))
}
