// Package sqldb implements store.Store once, on database/sql, for every SQL
// database twohats runs on. An adapter package (sqlite, postgres) opens the
// connection pools and describes its database with a Dialect; the schema,
// the queries and the code that runs them are the same for all.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/pressly/goose/v3"

	"github.com/twohats/twohats/internal/store"
	"github.com/twohats/twohats/internal/store/migrations"
	"github.com/twohats/twohats/internal/store/queries"
)

// timeFormat is RFC 3339 in UTC with all nine fractional digits: unlike
// time.RFC3339Nano, which drops trailing zeros, it is fixed-width, so it
// sorts and compares as text in time order, which ORDER BY created_at and
// the session expiry check rely on.
const timeFormat = "2006-01-02T15:04:05.000000000Z07:00"

// Violation is the kind of key constraint a failed statement broke.
type Violation int

const (
	// NoViolation means the error broke no key: it is some other failure.
	NoViolation Violation = iota
	// Unique means a primary key or unique constraint was violated.
	Unique
	// ForeignKey means a foreign key constraint was violated.
	ForeignKey
)

// Dialect describes the few things database/sql leaves to each database.
type Dialect struct {
	// Name names the database in error messages, such as "sqlite".
	Name string
	// Goose is the dialect goose applies the shared migrations in.
	Goose goose.Dialect
	// Violation classifies a non-nil error from the driver.
	Violation func(error) Violation
	// ReadTx are the options of a read transaction, which must see one
	// snapshot of the database from its first query to its last.
	ReadTx *sql.TxOptions
	// Migrate are extra goose options, such as a lock that keeps two
	// processes from migrating the same database at once.
	Migrate []goose.ProviderOption
	// GroupCommit writes concurrent assessments together, in one
	// transaction with a savepoint each (see batch.go): right for a
	// database with one writer, where commits queue.
	GroupCommit bool
}

// DB is a twohats store on one or two database/sql pools.
//
// Writes, and the reads a write transaction makes, go through the write
// pool; other reads go through the read pool, which may be the same pool.
// SQLite needs the two apart (one writer, many query-only readers);
// PostgreSQL's MVCC does not.
type DB struct {
	d     Dialect
	write *sql.DB
	read  *sql.DB
	w     writeStmts
	r     readStmts

	now   func() time.Time
	newID func() (string, error)
	set   queries.Set

	closers   []func() error
	closeOnce sync.Once
	closeErr  error

	// The feature groups' statements, each in its own file.
	campaigns campaignStmts
	growth    growthStmts
	norms     normsStmts
	stories   storyStmts
	teams     teamsStmts
	// pg is PostgreSQL's own statements, prepared on PostgreSQL only.
	pg pgStmts

	// Group commit (batch.go); batch is nil when the dialect does not use it.
	batch   chan *createReq
	quit    chan struct{}
	stopped chan struct{}
}

// writeStmts are the queries run on the write pool, including the reads
// that happen inside a write transaction.
type writeStmts struct {
	InsertOrganization    *sql.Stmt `query:"insert-organization"`
	OrganizationIDBySlug  *sql.Stmt `query:"organization-id-by-slug"`
	OrganizationName      *sql.Stmt `query:"organization-name"`
	InsertPerson          *sql.Stmt `query:"insert-person"`
	PersonIDByEmail       *sql.Stmt `query:"person-id-by-email"`
	PersonIDByFoldedEmail *sql.Stmt `query:"person-id-by-folded-email"`
	PersonExists          *sql.Stmt `query:"person-exists"`
	InsertAssessment      *sql.Stmt `query:"insert-assessment"`
	UpsertLatestScore     *sql.Stmt `query:"upsert-latest-score"`
	UpsertDraft           *sql.Stmt `query:"upsert-draft"`
	DeleteDraft           *sql.Stmt `query:"delete-draft"`
	InsertUser            *sql.Stmt `query:"insert-user"`
	InsertSession         *sql.Stmt `query:"insert-session"`
	DeleteSession         *sql.Stmt `query:"delete-session"`
	InsertMembership      *sql.Stmt `query:"insert-membership"`
	MembershipExists      *sql.Stmt `query:"membership-exists"`
	InsertCoachGrant      *sql.Stmt `query:"insert-coach-grant"`
	DeleteCoachGrant      *sql.Stmt `query:"delete-coach-grant"`
	InsertAPIToken        *sql.Stmt `query:"insert-api-token"`
	DeleteAPIToken        *sql.Stmt `query:"delete-api-token"`
}

// readStmts are the queries run on the read pool.
type readStmts struct {
	LocalIDs            *sql.Stmt `query:"local-ids"`
	GetAssessment       *sql.Stmt `query:"get-assessment"`
	GetAssessmentByKey  *sql.Stmt `query:"get-assessment-by-idempotency-key"`
	ListAssessments     *sql.Stmt `query:"list-assessments"`
	GetDraft            *sql.Stmt `query:"get-draft"`
	GetUser             *sql.Stmt `query:"get-user"`
	GetUserByEmail      *sql.Stmt `query:"get-user-by-email"`
	GetSession          *sql.Stmt `query:"get-session"`
	GetOrganization     *sql.Stmt `query:"get-organization-by-slug"`
	GetMembership       *sql.Stmt `query:"get-membership"`
	ListMemberships     *sql.Stmt `query:"list-memberships"`
	ListOrgMemberships  *sql.Stmt `query:"list-org-memberships"`
	GetPerson           *sql.Stmt `query:"get-person"`
	ListPeople          *sql.Stmt `query:"list-people"`
	ListCoachGrants     *sql.Stmt `query:"list-coach-grants"`
	ListCoachedPeople   *sql.Stmt `query:"list-coached-people"`
	GetAPIToken         *sql.Stmt `query:"get-api-token"`
	GetTokenPrincipal   *sql.Stmt `query:"get-token-principal"`
	GetSessionPrincipal *sql.Stmt `query:"get-session-principal"`
	ListAPITokens       *sql.Stmt `query:"list-api-tokens"`
}

var _ store.Store = (*DB)(nil)

// Option configures a DB as Open makes it.
type Option func(*DB)

// WithNow makes the DB read the time from now instead of time.Now, so
// tests can fix the times it stores.
func WithNow(now func() time.Time) Option {
	return func(db *DB) { db.now = now }
}

// WithNewID makes the DB take new ids from newID instead of making UUIDv7s,
// so two stores given the same calls can be compared row for row.
func WithNewID(newID func() (string, error)) Option {
	return func(db *DB) { db.newID = newID }
}

// WithQueries replaces the embedded queries, so tests can check that a
// missing or broken one stops Open.
func WithQueries(set queries.Set) Option {
	return func(db *DB) { db.set = set }
}

// Open brings the schema up to date through the write pool, then prepares
// every query, so a broken one fails here rather than at first use. read
// may be the same pool as write. The DB owns both pools from the moment
// Open is called: Close closes them, and so does a failed Open.
func Open(ctx context.Context, d Dialect, write, read *sql.DB, opts ...Option) (_ *DB, err error) {
	db := &DB{d: d, write: write, read: read, now: time.Now, newID: newUUID}
	for _, o := range opts {
		o(db)
	}
	defer func() {
		if err != nil {
			db.Close()
		}
	}()
	if write == nil || read == nil || d.Violation == nil {
		return nil, errors.New("sqldb: a dialect's Violation and both pools are required")
	}
	if db.set == nil {
		if db.set, err = queries.Load(queries.FS); err != nil {
			return nil, err
		}
	}
	if _, err := Migrate(ctx, d, write); err != nil {
		return nil, err
	}
	closeW, err := queries.Prepare(ctx, write, db.set, &db.w)
	if err != nil {
		return nil, err
	}
	db.closers = append(db.closers, closeW)
	closeR, err := queries.Prepare(ctx, read, db.set, &db.r)
	if err != nil {
		return nil, err
	}
	db.closers = append(db.closers, closeR)
	// The feature groups' statements too: a broken query fails Open.
	for _, g := range []struct {
		pool *sql.DB
		dst  any
	}{
		{write, &db.campaigns.w}, {read, &db.campaigns.r},
		{write, &db.growth.w}, {read, &db.growth.r},
		{read, &db.norms.r},
		{write, &db.stories.w}, {read, &db.stories.r},
		{write, &db.teams.w}, {read, &db.teams.r},
	} {
		closeG, err := queries.Prepare(ctx, g.pool, db.set, g.dst)
		if err != nil {
			return nil, err
		}
		db.closers = append(db.closers, closeG)
	}
	if d.Name == "postgres" {
		closeP, err := queries.Prepare(ctx, write, db.set, &db.pg)
		if err != nil {
			return nil, err
		}
		db.closers = append(db.closers, closeP)
		for _, name := range pgText {
			if _, ok := db.set[name]; !ok {
				return nil, fmt.Errorf("query %s is missing", name)
			}
		}
	}
	if d.GroupCommit {
		db.startBatcher()
	}
	return db, nil
}

// Migrate applies, through db, the embedded migrations not yet applied and
// returns how many it applied.
func Migrate(ctx context.Context, d Dialect, db *sql.DB) (int, error) {
	opts := append(migrations.Options(d.Goose), d.Migrate...)
	// The provider is not closed: its Close closes db.
	p, err := goose.NewProvider(d.Goose, db, migrations.FS, opts...)
	if err != nil {
		return 0, fmt.Errorf("load migrations: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("apply migrations: %w", err)
	}
	return len(res), nil
}

func newUUID() (string, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return "", fmt.Errorf("make id: %w", err)
	}
	return id.String(), nil
}

// Close closes the statements and the pools; calling it again returns the
// first result.
func (db *DB) Close() error {
	db.closeOnce.Do(func() {
		db.stopBatcher()
		var errs []error
		for _, c := range db.closers {
			errs = append(errs, c())
		}
		if db.read != nil && db.read != db.write {
			errs = append(errs, db.read.Close())
		}
		if db.write != nil {
			errs = append(errs, db.write.Close())
		}
		// Unprefixed: the adapter, which knows the file or server, says
		// which store failed to close.
		db.closeErr = errors.Join(errs...)
	})
	return db.closeErr
}

// Ping checks that both pools reach the database.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.write.PingContext(ctx); err != nil {
		return fmt.Errorf("ping %s store: %w", db.d.Name, err)
	}
	if db.read != db.write {
		if err := db.read.PingContext(ctx); err != nil {
			return fmt.Errorf("ping %s store: %w", db.d.Name, err)
		}
	}
	return nil
}

// inTx runs fn in a write transaction, committing if it returns nil.
func (db *DB) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin write: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// readTx runs fn in a read transaction, so that its queries see one snapshot.
func (db *DB) readTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.read.BeginTx(ctx, db.d.ReadTx)
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer tx.Rollback()
	return fn(tx)
}

// outcome is how a statement ended, as the code that ran it needs to know.
type outcome int

const (
	succeeded  outcome = iota // no error
	unique                    // a primary key or unique constraint stopped it
	foreignKey                // a foreign key constraint stopped it
	failed                    // any other error
)

func (db *DB) outcome(err error) outcome {
	if err == nil {
		return succeeded
	}
	switch db.d.Violation(err) {
	case Unique:
		return unique
	case ForeignKey:
		return foreignKey
	default:
		return failed
	}
}

// insertedOne reports whether an INSERT ... ON CONFLICT DO NOTHING wrote its
// row, or found the conflict it was told to ignore.
func insertedOne(res sql.Result) (bool, error) {
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("count inserted rows: %w", err)
	}
	return n == 1, nil
}

func (db *DB) timestamp() (time.Time, string) {
	t := db.now().UTC()
	return t, t.Format(timeFormat)
}

func formatTime(t time.Time) string {
	return t.UTC().Format(timeFormat)
}

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad stored time %q: %w", s, err)
	}
	return t.UTC(), nil
}

// scanner is what *sql.Row and *sql.Rows have in common.
type scanner interface {
	Scan(dest ...any) error
}

// collect runs the query q with args and reads every row with scan; it
// returns an empty slice, not nil, for no rows.
func collect[T any](ctx context.Context, q *sql.Stmt, scan func(scanner) (T, error), args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return list, nil
}

func scanString(row scanner) (string, error) {
	var s string
	err := row.Scan(&s)
	return s, err
}
