// Package sqlite implements store.Store on a SQLite file with the pure-Go
// modernc.org/sqlite driver, so twohats builds without cgo.
package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
	"github.com/twohats/twohats/internal/store/migrations"
	"github.com/twohats/twohats/internal/store/queries"
)

// timeFormat is RFC 3339 in UTC with all nine fractional digits: unlike
// time.RFC3339Nano, which drops trailing zeros, it sorts as text in time
// order, which ORDER BY created_at relies on.
const timeFormat = "2006-01-02T15:04:05.000000000Z07:00"

// DB is a twohats store in one SQLite file.
//
// It holds two connection pools on the file, as pocketbase does. Writes go
// through a pool of exactly one connection, so writers in this process
// queue in Go, in order, instead of racing for SQLite's write lock and
// sleeping in its busy handler; reads go through a pool of query-only
// connections, which in WAL mode never wait for the writer. Every write
// transaction still begins IMMEDIATE, taking the write lock up front, and
// waits up to busy_timeout for it, which is what keeps a second process on
// the same file (a CLI run beside a server) from failing with "database is
// locked" instead of waiting its turn.
type DB struct {
	path  string
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
}

// writeStmts are the queries run on the single write connection, including
// the reads that happen inside a write transaction.
type writeStmts struct {
	InsertOrganization    *sql.Stmt `query:"insert-organization"`
	OrganizationIDBySlug  *sql.Stmt `query:"organization-id-by-slug"`
	InsertPerson          *sql.Stmt `query:"insert-person"`
	PersonIDByEmail       *sql.Stmt `query:"person-id-by-email"`
	InsertAssessment      *sql.Stmt `query:"insert-assessment"`
	InsertAssessmentFacet *sql.Stmt `query:"insert-assessment-facet"`
	UpsertDraft           *sql.Stmt `query:"upsert-draft"`
	DeleteDraft           *sql.Stmt `query:"delete-draft"`
}

// readStmts are the queries run on the read pool.
type readStmts struct {
	LocalIDs             *sql.Stmt `query:"local-ids"`
	GetAssessment        *sql.Stmt `query:"get-assessment"`
	GetAssessmentFacets  *sql.Stmt `query:"get-assessment-facets"`
	ListAssessments      *sql.Stmt `query:"list-assessments"`
	ListAssessmentFacets *sql.Stmt `query:"list-assessment-facets"`
	GetDraft             *sql.Stmt `query:"get-draft"`
}

var _ store.Store = (*DB)(nil)

// Option configures a DB as Open makes it.
type Option func(*DB)

// WithNow makes the DB read the time from now instead of time.Now, so
// tests can fix CreatedAt and UpdatedAt.
func WithNow(now func() time.Time) Option {
	return func(db *DB) { db.now = now }
}

// withQueries replaces the embedded queries, so tests can check that a
// missing one stops Open.
func withQueries(set queries.Set) Option {
	return func(db *DB) { db.set = set }
}

// Open opens the SQLite database at path, creating the file and its parent
// directory if need be, and brings its schema up to date.
func Open(ctx context.Context, path string, opts ...Option) (_ *DB, err error) {
	if strings.TrimSpace(path) == "" {
		return nil, errors.New("open sqlite store: database path is empty")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	db := &DB{
		path:  abs,
		now:   time.Now,
		newID: newID,
	}
	for _, o := range opts {
		o(db)
	}
	defer func() {
		if err != nil {
			db.Close()
			err = fmt.Errorf("open sqlite store %s: %w", abs, err)
		}
	}()

	if err := createFile(abs); err != nil {
		return nil, err
	}
	if db.set == nil {
		if db.set, err = queries.Load(queries.FS); err != nil {
			return nil, err
		}
	}

	if db.write, err = sql.Open("sqlite", dsn(abs, false)); err != nil {
		return nil, err
	}
	db.write.SetMaxOpenConns(1)
	db.write.SetMaxIdleConns(1)
	db.write.SetConnMaxLifetime(0)
	db.write.SetConnMaxIdleTime(0)
	if _, err := migrate(ctx, db.write); err != nil {
		return nil, err
	}
	closeW, err := queries.Prepare(ctx, db.write, db.set, &db.w)
	if err != nil {
		return nil, err
	}
	db.closers = append(db.closers, closeW)

	if db.read, err = sql.Open("sqlite", dsn(abs, true)); err != nil {
		return nil, err
	}
	readers := max(4, runtime.NumCPU())
	db.read.SetMaxOpenConns(readers)
	db.read.SetMaxIdleConns(readers)
	closeR, err := queries.Prepare(ctx, db.read, db.set, &db.r)
	if err != nil {
		return nil, err
	}
	db.closers = append(db.closers, closeR)
	return db, nil
}

// createFile makes path's directory and, if the file is new, creates it
// readable by its owner only: it will hold people's assessments, and SQLite
// gives the -wal and -shm files the same permissions as the database.
func createFile(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("create directory: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("create database file: %w", err)
	}
	return f.Close()
}

// dsn returns the modernc.org/sqlite data source name for the file at the
// absolute path. busy_timeout comes first (the driver runs it first in any
// case) so the connection waits rather than fails while another one holds
// the lock that switching to WAL needs. The path goes in a file: URI so that
// a '?' or '%' in it cannot be mistaken for parameters.
func dsn(path string, readOnly bool) string {
	q := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_txlock=immediate"
	if readOnly {
		q += "&_pragma=query_only(1)"
	}
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive path, C:/...
	}
	u := url.URL{Scheme: "file", Path: p, RawQuery: q}
	return u.String()
}

// migrate applies the embedded migrations not yet applied and returns how
// many it applied.
func migrate(ctx context.Context, db *sql.DB) (int, error) {
	// The provider is not closed: its Close closes db.
	p, err := goose.NewProvider(goose.DialectSQLite3, db, migrations.FS, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return 0, fmt.Errorf("load migrations: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("apply migrations: %w", err)
	}
	return len(res), nil
}

func newID() (string, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return "", fmt.Errorf("make id: %w", err)
	}
	return id.String(), nil
}

// Close closes the database; calling it again returns the first result.
func (db *DB) Close() error {
	db.closeOnce.Do(func() {
		var errs []error
		for _, c := range db.closers {
			errs = append(errs, c())
		}
		for _, p := range []*sql.DB{db.read, db.write} {
			if p != nil {
				errs = append(errs, p.Close())
			}
		}
		if err := errors.Join(errs...); err != nil {
			db.closeErr = fmt.Errorf("close sqlite store %s: %w", db.path, err)
		}
	})
	return db.closeErr
}

// EnsureLocal returns the local organisation and person, creating them on first use.
func (db *DB) EnsureLocal(ctx context.Context) (store.Local, error) {
	var l store.Local
	err := db.r.LocalIDs.QueryRowContext(ctx, store.LocalOrgSlug, store.LocalPersonEmail).Scan(&l.OrgID, &l.PersonID)
	if err == nil {
		return l, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return store.Local{}, fmt.Errorf("look up local person: %w", err)
	}
	// First use. Another process may be doing the same: the inserts do
	// nothing on conflict and the ids are read back, so both end up with
	// the same rows.
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		now := db.timestamp()
		orgID, err := db.newID()
		if err != nil {
			return err
		}
		if _, err := tx.StmtContext(ctx, db.w.InsertOrganization).ExecContext(ctx, orgID, store.LocalOrgSlug, store.LocalOrgName, now); err != nil {
			return fmt.Errorf("insert local organisation: %w", err)
		}
		if err := tx.StmtContext(ctx, db.w.OrganizationIDBySlug).QueryRowContext(ctx, store.LocalOrgSlug).Scan(&l.OrgID); err != nil {
			return fmt.Errorf("read local organisation: %w", err)
		}
		personID, err := db.newID()
		if err != nil {
			return err
		}
		if _, err := tx.StmtContext(ctx, db.w.InsertPerson).ExecContext(ctx, l.OrgID, personID, store.LocalPersonEmail, store.LocalPersonName, now); err != nil {
			return fmt.Errorf("insert local person: %w", err)
		}
		if err := tx.StmtContext(ctx, db.w.PersonIDByEmail).QueryRowContext(ctx, l.OrgID, store.LocalPersonEmail).Scan(&l.PersonID); err != nil {
			return fmt.Errorf("read local person: %w", err)
		}
		return nil
	})
	if err != nil {
		return store.Local{}, fmt.Errorf("ensure local person: %w", err)
	}
	return l, nil
}

// CreateAssessment stores a, with its facets, and deletes the person's draft
// of the instrument, all in one transaction.
func (db *DB) CreateAssessment(ctx context.Context, a *store.Assessment) error {
	if err := a.Validate(); err != nil {
		return err
	}
	id := a.ID
	if id == "" {
		var err error
		if id, err = db.newID(); err != nil {
			return err
		}
	}
	created := db.now().UTC()
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.StmtContext(ctx, db.w.InsertAssessment).ExecContext(ctx,
			a.OrgID, id, a.PersonID, a.Instrument, string(a.Answers), string(a.Profile),
			a.Management, a.Leadership, a.Tendency, a.JudgementAccuracy, a.Quadrant,
			created.Format(timeFormat))
		switch code(err) {
		case 0:
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return unknownPerson(a.OrgID, a.PersonID)
		case sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, sqlite3.SQLITE_CONSTRAINT_UNIQUE:
			return fail.Errorf(fail.Conflict, "assessment %q already exists", id)
		default:
			return fmt.Errorf("insert assessment %q: %w", id, err)
		}
		ins := tx.StmtContext(ctx, db.w.InsertAssessmentFacet)
		for i, f := range a.Facets {
			_, err := ins.ExecContext(ctx, a.OrgID, id, f.Scale, f.Facet, f.Score)
			switch code(err) {
			case 0:
			case sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, sqlite3.SQLITE_CONSTRAINT_UNIQUE:
				e := fail.Errorf(fail.Invalid, "invalid assessment: facet %q of scale %q is scored more than once", f.Facet, f.Scale)
				e.Fields = map[string]string{fmt.Sprintf("facets[%d]", i): "repeats an earlier facet"}
				return e
			default:
				return fmt.Errorf("insert facet %s/%s of assessment %q: %w", f.Scale, f.Facet, id, err)
			}
		}
		if _, err := tx.StmtContext(ctx, db.w.DeleteDraft).ExecContext(ctx, a.OrgID, a.PersonID, a.Instrument); err != nil {
			return fmt.Errorf("delete draft of %q: %w", a.Instrument, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	a.ID, a.CreatedAt = id, created
	return nil
}

// Assessment returns the organisation's assessment with the given id.
func (db *DB) Assessment(ctx context.Context, orgID, id string) (*store.Assessment, error) {
	if err := store.CheckAssessmentKey(orgID, id); err != nil {
		return nil, err
	}
	var a store.Assessment
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		a, err = scanAssessment(tx.StmtContext(ctx, db.r.GetAssessment).QueryRowContext(ctx, orgID, id))
		if errors.Is(err, sql.ErrNoRows) {
			return fail.Errorf(fail.NotFound, "assessment %q not found", id)
		}
		if err != nil {
			return fmt.Errorf("read assessment %q: %w", id, err)
		}
		rows, err := tx.StmtContext(ctx, db.r.GetAssessmentFacets).QueryContext(ctx, orgID, id)
		if err != nil {
			return fmt.Errorf("read facets of assessment %q: %w", id, err)
		}
		defer rows.Close()
		for rows.Next() {
			var f store.FacetScore
			if err := rows.Scan(&f.Scale, &f.Facet, &f.Score); err != nil {
				return fmt.Errorf("read facets of assessment %q: %w", id, err)
			}
			a.Facets = append(a.Facets, f)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read facets of assessment %q: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// Assessments returns the organisation's assessments matching f, newest first.
func (db *DB) Assessments(ctx context.Context, orgID string, f store.AssessmentFilter) ([]store.Assessment, error) {
	if err := store.CheckAssessmentFilter(orgID, f); err != nil {
		return nil, err
	}
	limit := int64(math.MaxInt64)
	if f.Limit > 0 {
		limit = int64(f.Limit)
	}
	list := []store.Assessment{}
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.StmtContext(ctx, db.r.ListAssessments).QueryContext(ctx, orgID, f.PersonID, limit)
		if err != nil {
			return fmt.Errorf("list assessments: %w", err)
		}
		defer rows.Close()
		at := map[string]int{}
		for rows.Next() {
			a, err := scanAssessment(rows)
			if err != nil {
				return fmt.Errorf("list assessments: %w", err)
			}
			at[a.ID] = len(list)
			list = append(list, a)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("list assessments: %w", err)
		}
		rows.Close()

		// The same snapshot, so the facets belong to exactly these rows.
		frows, err := tx.StmtContext(ctx, db.r.ListAssessmentFacets).QueryContext(ctx, orgID, f.PersonID, limit)
		if err != nil {
			return fmt.Errorf("list facets: %w", err)
		}
		defer frows.Close()
		for frows.Next() {
			var id string
			var fs store.FacetScore
			if err := frows.Scan(&id, &fs.Scale, &fs.Facet, &fs.Score); err != nil {
				return fmt.Errorf("list facets: %w", err)
			}
			if i, ok := at[id]; ok {
				list[i].Facets = append(list[i].Facets, fs)
			}
		}
		if err := frows.Err(); err != nil {
			return fmt.Errorf("list facets: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// SaveDraft creates or replaces the person's draft of the instrument.
func (db *DB) SaveDraft(ctx context.Context, d *store.Draft) error {
	if err := d.Validate(); err != nil {
		return err
	}
	updated := db.now().UTC()
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.StmtContext(ctx, db.w.UpsertDraft).ExecContext(ctx,
			d.OrgID, d.PersonID, d.Instrument, string(d.Answers), d.Position, updated.Format(timeFormat))
		switch code(err) {
		case 0:
			return nil
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return unknownPerson(d.OrgID, d.PersonID)
		default:
			return fmt.Errorf("save draft of %q: %w", d.Instrument, err)
		}
	})
	if err != nil {
		return err
	}
	d.UpdatedAt = updated
	return nil
}

// Draft returns the person's draft of the instrument.
func (db *DB) Draft(ctx context.Context, orgID, personID, instrument string) (*store.Draft, error) {
	if err := store.CheckDraftKey(orgID, personID, instrument); err != nil {
		return nil, err
	}
	d := store.Draft{OrgID: orgID, PersonID: personID, Instrument: instrument}
	var answers, updated string
	err := db.r.GetDraft.QueryRowContext(ctx, orgID, personID, instrument).Scan(&answers, &d.Position, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fail.Errorf(fail.NotFound, "no draft of instrument %q for person %q", instrument, personID)
	}
	if err != nil {
		return nil, fmt.Errorf("read draft of %q: %w", instrument, err)
	}
	d.Answers = json.RawMessage(answers)
	if d.UpdatedAt, err = parseTime(updated); err != nil {
		return nil, fmt.Errorf("read draft of %q: %w", instrument, err)
	}
	return &d, nil
}

// DeleteDraft deletes the person's draft of the instrument, if there is one.
func (db *DB) DeleteDraft(ctx context.Context, orgID, personID, instrument string) error {
	if err := store.CheckDraftKey(orgID, personID, instrument); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.StmtContext(ctx, db.w.DeleteDraft).ExecContext(ctx, orgID, personID, instrument); err != nil {
			return fmt.Errorf("delete draft of %q: %w", instrument, err)
		}
		return nil
	})
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
	// ReadOnly makes the driver issue a plain (deferred) BEGIN instead of
	// the IMMEDIATE one that would take the write lock.
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer tx.Rollback()
	return fn(tx)
}

func (db *DB) timestamp() string {
	return db.now().UTC().Format(timeFormat)
}

type scanner interface {
	Scan(dest ...any) error
}

func scanAssessment(row scanner) (store.Assessment, error) {
	var (
		a                store.Assessment
		answers, profile string
		created          string
	)
	err := row.Scan(&a.OrgID, &a.ID, &a.PersonID, &a.Instrument, &answers, &profile,
		&a.Management, &a.Leadership, &a.Tendency, &a.JudgementAccuracy, &a.Quadrant, &created)
	if err != nil {
		return store.Assessment{}, err
	}
	a.Answers, a.Profile = json.RawMessage(answers), json.RawMessage(profile)
	if a.CreatedAt, err = parseTime(created); err != nil {
		return store.Assessment{}, fmt.Errorf("assessment %q: %w", a.ID, err)
	}
	return a, nil
}

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad stored time %q: %w", s, err)
	}
	return t.UTC(), nil
}

// code returns the extended SQLite result code of err, 0 for nil, and -1
// for an error that did not come from SQLite.
func code(err error) int {
	if err == nil {
		return 0
	}
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return -1
}

func unknownPerson(orgID, personID string) error {
	e := fail.Errorf(fail.Invalid, "person %q does not exist in organisation %q", personID, orgID)
	e.Fields = map[string]string{"person_id": "no such person in this organisation"}
	return e
}
