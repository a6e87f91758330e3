// Package sqlite implements store.Store on a SQLite file with the pure-Go
// modernc.org/sqlite driver, so twohats builds without cgo. The store itself
// is sqldb's; this package opens the file and says how SQLite differs.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/twohats/twohats/internal/store"
	"github.com/twohats/twohats/internal/store/sqldb"
)

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
	*sqldb.DB
	path  string
	write *sql.DB
	read  *sql.DB
}

var _ store.Store = (*DB)(nil)

// Option configures a DB as Open makes it; every sqldb option is one.
type Option = sqldb.Option

// WithNow makes the DB read the time from now instead of time.Now, so
// tests can fix CreatedAt and UpdatedAt.
func WithNow(now func() time.Time) Option {
	return sqldb.WithNow(now)
}

// dialect is how SQLite differs under database/sql.
var dialect = sqldb.Dialect{
	Name:      "sqlite",
	Goose:     goose.DialectSQLite3,
	Violation: violation,
	// ReadOnly makes the driver issue a plain (deferred) BEGIN instead of
	// the IMMEDIATE one that would take the write lock; in WAL mode a
	// deferred transaction reads one snapshot.
	ReadTx: &sql.TxOptions{ReadOnly: true},
	// One writer: commits queue, so concurrent assessments share them.
	GroupCommit: true,
}

// Open opens the SQLite database at path, creating the file and its parent
// directory if need be, and brings its schema up to date.
func Open(ctx context.Context, path string, opts ...Option) (*DB, error) {
	if strings.TrimSpace(path) == "" {
		return nil, errors.New("open sqlite store: database path is empty")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	db, err := open(ctx, abs, opts)
	if err != nil {
		return nil, fmt.Errorf("open sqlite store %s: %w", abs, err)
	}
	return db, nil
}

func open(ctx context.Context, path string, opts []Option) (*DB, error) {
	if err := createFile(path); err != nil {
		return nil, err
	}
	write, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	read, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		write.Close()
		return nil, err
	}
	readers := max(4, runtime.NumCPU())
	read.SetMaxOpenConns(readers)
	read.SetMaxIdleConns(readers)
	s, err := sqldb.Open(ctx, dialect, write, read, opts...)
	if err != nil {
		return nil, err
	}
	return &DB{DB: s, path: path, write: write, read: read}, nil
}

// Close closes the database; calling it again returns the first result.
func (db *DB) Close() error {
	if err := db.DB.Close(); err != nil {
		return fmt.Errorf("close sqlite store %s: %w", db.path, err)
	}
	return nil
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
	q := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_txlock=immediate"
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

// violation tells the key constraints apart by SQLite's extended result code.
func violation(err error) sqldb.Violation {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return sqldb.NoViolation
	}
	switch e.Code() {
	case sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, sqlite3.SQLITE_CONSTRAINT_UNIQUE:
		return sqldb.Unique
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return sqldb.ForeignKey
	default:
		return sqldb.NoViolation
	}
}
