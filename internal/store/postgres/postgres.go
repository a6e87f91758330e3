// Package postgres implements store.Store on PostgreSQL 15 or later, through
// pgx's database/sql driver. The store itself is sqldb's, with the same
// migrations and queries as SQLite; this package connects and says how
// PostgreSQL differs.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/twohats/twohats/internal/store"
	"github.com/twohats/twohats/internal/store/sqldb"
)

// SQLSTATE codes of the key constraint violations.
const (
	uniqueViolation     = "23505"
	foreignKeyViolation = "23503"
)

// DB is a twohats store in a PostgreSQL database, in the first schema of
// the connection's search_path.
//
// Unlike SQLite it needs one pool only: under MVCC readers never wait for
// writers, and read transactions run at REPEATABLE READ so that a list
// and its facets come from one snapshot.
type DB struct {
	*sqldb.DB
	pool   *sql.DB
	target string
	schema string
}

var _ store.Store = (*DB)(nil)

// Option configures a DB as Open makes it; every sqldb option is one.
type Option = sqldb.Option

// WithNow makes the DB read the time from now instead of time.Now, so
// tests can fix CreatedAt and UpdatedAt.
func WithNow(now func() time.Time) Option {
	return sqldb.WithNow(now)
}

// Open connects to the PostgreSQL database at url (a postgres:// URL or a
// key=value connection string, as pgx accepts) and brings the schema of its
// search_path up to date. Pass search_path in the URL's query to keep
// twohats in a schema of its own.
func Open(ctx context.Context, url string, opts ...Option) (*DB, error) {
	if strings.TrimSpace(url) == "" {
		return nil, errors.New("open postgres store: database URL is empty")
	}
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		// pgx's parse errors do not repeat the URL, and so no password.
		return nil, fmt.Errorf("open postgres store: %w", err)
	}
	target := fmt.Sprintf("%s:%d/%s", cfg.Host, cfg.Port, cfg.Database)
	db, err := open(ctx, cfg, opts)
	if err != nil {
		return nil, fmt.Errorf("open postgres store %s: %w", target, err)
	}
	db.target = target
	return db, nil
}

func open(ctx context.Context, cfg *pgx.ConnConfig, opts []Option) (*DB, error) {
	pool := stdlib.OpenDB(*cfg)
	// Enough connections to keep the CPUs of this process busy while some
	// wait on the network, few enough that several servers stay well
	// inside PostgreSQL's default max_connections of 100. Connections are
	// recycled so that a failover or a pooler's restart is survived.
	conns := min(32, max(8, 2*runtime.GOMAXPROCS(0)))
	pool.SetMaxOpenConns(conns)
	pool.SetMaxIdleConns(conns)
	pool.SetConnMaxLifetime(30 * time.Minute)
	pool.SetConnMaxIdleTime(5 * time.Minute)

	var database string
	var schema sql.NullString
	if err := pool.QueryRowContext(ctx, "SELECT current_database(), current_schema()").Scan(&database, &schema); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect: %w", err)
	}
	if !schema.Valid {
		pool.Close()
		return nil, errors.New("no schema of the search_path exists: create it, or fix search_path")
	}
	// goose's advisory lock keeps two servers starting at once from both
	// migrating; it is scoped to the schema, as the migrations are, so
	// stores in other schemas of the database do not wait for each other.
	locker, err := lock.NewPostgresSessionLocker(
		lock.WithLockID(lockID(database, schema.String)),
		lock.WithLockTimeout(1, 300),
	)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("make migration lock: %w", err)
	}
	d := sqldb.Dialect{
		Name:      "postgres",
		Goose:     goose.DialectPostgres,
		Violation: violation,
		ReadTx:    &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true},
		Migrate:   []goose.ProviderOption{goose.WithSessionLocker(locker)},
	}
	s, err := sqldb.Open(ctx, d, pool, pool, opts...)
	if err != nil {
		return nil, err
	}
	return &DB{DB: s, pool: pool, schema: schema.String}, nil
}

// Close closes the database; calling it again returns the first result.
func (db *DB) Close() error {
	if err := db.DB.Close(); err != nil {
		return fmt.Errorf("close postgres store %s: %w", db.target, err)
	}
	return nil
}

// lockID returns the advisory lock id of migrating one schema of one database.
func lockID(database, schema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("twohats migrations\x00" + database + "\x00" + schema))
	return int64(h.Sum64())
}

// violation tells the key constraints apart by SQLSTATE.
func violation(err error) sqldb.Violation {
	var e *pgconn.PgError
	if !errors.As(err, &e) {
		return sqldb.NoViolation
	}
	switch e.Code {
	case uniqueViolation:
		return sqldb.Unique
	case foreignKeyViolation:
		return sqldb.ForeignKey
	default:
		return sqldb.NoViolation
	}
}
