package postgres

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
	"github.com/twohats/twohats/internal/store/storetest"
)

// defaultURL is the server the tests use unless TWOHATS_TEST_POSTGRES names another.
const defaultURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// schemaPrefix starts the name of every schema the tests make; the rest is
// the Unix time it was made and a random suffix.
const schemaPrefix = "twohats_test_"

// staleAfter is how old a test schema must be before a later run drops it
// as left behind by a run that was killed before its cleanup.
const staleAfter = 6 * time.Hour

func serverURL() string {
	if u := os.Getenv("TWOHATS_TEST_POSTGRES"); u != "" {
		return u
	}
	return defaultURL
}

// redacted returns the server URL fit for a log: without its password.
func redacted(s string) string {
	if u, err := url.Parse(s); err == nil && u.Scheme != "" {
		return u.Redacted()
	}
	return "(the connection string in TWOHATS_TEST_POSTGRES)"
}

var (
	serverOnce sync.Once
	serverErr  error
)

// admin returns a connection pool on the test server for making and
// dropping schemas. If the server cannot be reached the test fails under
// CI=true, where the test script must have started it, and is skipped
// elsewhere.
func admin(t testing.TB) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", serverURL())
	if err == nil {
		serverOnce.Do(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if serverErr = db.PingContext(ctx); serverErr == nil {
				dropStaleSchemas(ctx, db)
			}
		})
		err = serverErr
	}
	if err != nil {
		if db != nil {
			db.Close()
		}
		msg := fmt.Sprintf("PostgreSQL at %s is not reachable: %v\n"+
			"Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n"+
			"(scripts/test.sh does this), or set TWOHATS_TEST_POSTGRES to the URL of a server you may create schemas on.",
			redacted(serverURL()), err)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return db
}

// dropStaleSchemas drops the test schemas of runs killed before their
// cleanup, so that no run leaves junk behind for long. Schemas younger
// than staleAfter may belong to a run going on now, and are left alone.
func dropStaleSchemas(ctx context.Context, db *sql.DB) {
	rows, err := db.QueryContext(ctx, "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)", schemaPrefix)
	if err != nil {
		return
	}
	var stale []string
	for rows.Next() {
		var name string
		if rows.Scan(&name) != nil {
			continue
		}
		stamp, _, _ := strings.Cut(strings.TrimPrefix(name, schemaPrefix), "_")
		if sec, err := strconv.ParseInt(stamp, 10, 64); err == nil && time.Since(time.Unix(sec, 0)) > staleAfter {
			stale = append(stale, name)
		}
	}
	rows.Close()
	for _, name := range stale {
		db.ExecContext(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{name}.Sanitize()+" CASCADE")
	}
}

// newSchema creates an empty schema with a name no other run can choose,
// drops it when the test ends, and returns the server URL with search_path
// set to it, along with its name.
func newSchema(t testing.TB) (dsn, schema string) {
	t.Helper()
	db := admin(t)
	defer db.Close()
	b := make([]byte, 8)
	rand.Read(b)
	schema = fmt.Sprintf("%s%d_%s", schemaPrefix, time.Now().Unix(), hex.EncodeToString(b))
	quoted := pgx.Identifier{schema}.Sanitize()
	if _, err := db.Exec("CREATE SCHEMA " + quoted); err != nil {
		t.Fatalf("create schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		db := admin(t)
		defer db.Close()
		if _, err := db.Exec("DROP SCHEMA " + quoted + " CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return withSearchPath(serverURL(), schema), schema
}

// withSearchPath returns the connection string s with search_path set to
// schema alone; pgx sends it to the server as a run-time parameter.
func withSearchPath(s, schema string) string {
	if u, err := url.Parse(s); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return s + " search_path=" + schema
}

// clock is a fake time source that moves on a millisecond at every reading.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock {
	return &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Millisecond)
	return c.t
}

// mustOpen opens a store in a fresh schema, closed when the test ends.
func mustOpen(t testing.TB, opts ...Option) *DB {
	t.Helper()
	dsn, _ := newSchema(t)
	db, err := Open(context.Background(), dsn, opts...)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestContract(t *testing.T) {
	admin(t).Close() // skip or fail once, not in every subtest
	storetest.Run(t, func(t *testing.T) store.Store {
		dsn, _ := newSchema(t)
		db, err := Open(context.Background(), dsn, WithNow(newClock().Now))
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		return db
	})
}

// The contract suite again, on the real clock, so nothing in it relies on
// the fake clock's strictly increasing times.
func TestContractRealClock(t *testing.T) {
	admin(t).Close() // skip or fail once, not in every subtest
	storetest.Run(t, func(t *testing.T) store.Store {
		dsn, _ := newSchema(t)
		db, err := Open(context.Background(), dsn)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		return db
	})
}

func TestOpenUsesTheSearchPathSchema(t *testing.T) {
	db := mustOpen(t)
	var current string
	if err := db.pool.QueryRow("SELECT current_schema()").Scan(&current); err != nil {
		t.Fatal(err)
	}
	if current != db.schema || !strings.HasPrefix(current, schemaPrefix) {
		t.Errorf("current_schema() = %q, store's schema %q; want the test's own schema", current, db.schema)
	}
	var n int
	if err := db.pool.QueryRow("SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'goose_db_version'", current).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("goose_db_version is not in the test's schema")
	}
}

func TestOpenWithoutSchemaFails(t *testing.T) {
	admin(t).Close()
	_, err := Open(context.Background(), withSearchPath(serverURL(), schemaPrefix+"never_created"))
	if err == nil || !strings.Contains(err.Error(), "search_path") {
		t.Fatalf("Open with a missing schema: error = %v, want one about search_path", err)
	}
}

func TestOpenBadURL(t *testing.T) {
	for _, u := range []string{"", "  ", "postgres://a:secret@[::1", "postgres://127.0.0.1:1/x?sslmode=disable&connect_timeout=2"} {
		_, err := Open(context.Background(), u)
		if err == nil {
			t.Errorf("Open(%q) succeeded", u)
			continue
		}
		if strings.Contains(err.Error(), "secret") {
			t.Errorf("Open(%q) error %q shows the password", u, err)
		}
	}
}

func TestReopenKeepsDataAndMigrationsAreNoOp(t *testing.T) {
	ctx := context.Background()
	dsn, _ := newSchema(t)
	db, err := Open(ctx, dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	l := storetest.MustEnsureLocal(t, db)
	a := storetest.NewAssessment(l, "core-1")
	storetest.MustCreateAssessment(t, db, a)
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}

	db, err = Open(ctx, dsn)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db.Close()
	if again := storetest.MustEnsureLocal(t, db); again != l {
		t.Errorf("EnsureLocal after reopen = %+v, want %+v", again, l)
	}
	if _, err := db.Assessment(ctx, l.OrgID, a.ID); err != nil {
		t.Errorf("Assessment after reopen: %v", err)
	}
}

// Two stores starting at once on a new schema, as two servers might: the
// migration lock makes one wait for the other instead of both migrating.
func TestConcurrentOpenMigratesOnce(t *testing.T) {
	dsn, _ := newSchema(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			db, err := Open(context.Background(), dsn)
			if err == nil {
				err = db.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
}

func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	// EnsureLocal from many goroutines at once: the inserts do nothing on
	// conflict, so all agree on one organisation and person.
	var wg sync.WaitGroup
	locals := make([]store.Local, 8)
	errs := make([]error, 8)
	for i := range locals {
		wg.Go(func() { locals[i], errs[i] = db.EnsureLocal(ctx) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	for _, l := range locals[1:] {
		if l != locals[0] {
			t.Fatalf("concurrent EnsureLocal disagree: %+v and %+v", locals[0], l)
		}
	}
	l := locals[0]

	errs = make([]error, 8)
	for w := range errs {
		wg.Go(func() {
			for i := range 25 {
				a := storetest.NewAssessment(l, fmt.Sprintf("core-%d", w))
				a.IdempotencyKey = fmt.Sprintf("w%d-%d", w, i%20) // some repeat
				err := db.CreateAssessment(ctx, a)
				if err != nil && !(i >= 20 && strings.Contains(err.Error(), "idempotency")) {
					errs[w] = fmt.Errorf("worker %d, assessment %d: %w", w, i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	list, err := db.Assessments(ctx, l.OrgID, store.AssessmentFilter{})
	if err != nil {
		t.Fatalf("Assessments: %v", err)
	}
	if len(list) != 8*20 {
		t.Errorf("Assessments returned %d, want %d", len(list), 8*20)
	}
}

func TestMigrateScaleBackfills(t *testing.T) {
	dsn, _ := newSchema(t)
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	storetest.MigrateScaleBackfills(t, raw, goose.DialectPostgres, func(t *testing.T) store.Store {
		db, err := Open(context.Background(), dsn)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		return db
	})
}

// Since migration 11 dropped the foreign key from assessments to people,
// the store keeps the rule itself, with row locks: deleting a person's data
// while imports and single assessments are being written for them leaves
// no assessment without its person. Every round deletes a person in the
// middle of two writers' work; each writer stops at the first "no such
// person", and nothing else may fail.
func TestPersonDeletionRacesAssessmentWriters(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	l, err := db.EnsureLocal(ctx)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("pgx", withSearchPath(serverURL(), db.schema))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	const rounds = 30
	for round := range rounds {
		p := storetest.MustEnsurePerson(t, db, l.OrgID, fmt.Sprintf("r%d@example.com", round))
		who := store.Local{OrgID: l.OrgID, PersonID: p.ID}
		var wrote atomic.Int64
		var wg sync.WaitGroup
		errs := make([]error, 2)
		write := func(w int, one func() error) {
			for range 400 {
				err := one()
				if fail.Code(err) == fail.Invalid {
					return // the person is gone
				}
				if err != nil {
					errs[w] = err
					return
				}
				wrote.Add(1)
			}
		}
		wg.Go(func() {
			write(0, func() error {
				list := make([]store.Assessment, 20)
				for i := range list {
					list[i] = *storetest.NewAssessment(who, "core@1")
				}
				return db.ImportAssessments(ctx, list)
			})
		})
		wg.Go(func() {
			write(1, func() error { return db.CreateAssessment(ctx, storetest.NewAssessment(who, "core@1")) })
		})
		for wrote.Load() < int64(1+round%7) {
			runtime.Gosched()
		}
		if _, err := db.DeletePersonData(ctx, l.OrgID, p.ID); err != nil {
			t.Fatalf("round %d: DeletePersonData: %v", round, err)
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
	}
	var orphans int
	if err := raw.QueryRowContext(ctx, `SELECT count(*) FROM assessments a
		WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.org_id = a.org_id AND p.id = a.person_id)`).Scan(&orphans); err != nil {
		t.Fatal(err)
	}
	if orphans != 0 {
		t.Errorf("%d assessments outlived their person across %d deletions", orphans, rounds)
	}
}

// Migrations 11 and 12 (migrations.Go) are PostgreSQL's own: assessments
// have no foreign key to people (the store locks the people instead, tested
// above), latest_scores leaves half of each page free for HOT updates, and
// the keys of assessments compare by bytes.
func TestDialectMigrations(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	raw, err := sql.Open("pgx", withSearchPath(serverURL(), db.schema))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var keys int
	if err := raw.QueryRowContext(ctx, `SELECT count(*) FROM pg_constraint
		WHERE conrelid = 'assessments'::regclass AND confrelid = 'people'::regclass AND contype = 'f'`).Scan(&keys); err != nil {
		t.Fatal(err)
	}
	if keys != 0 {
		t.Errorf("assessments has %d foreign keys to people, want none", keys)
	}
	var opts string
	if err := raw.QueryRowContext(ctx, `SELECT coalesce(array_to_string(reloptions, ','), '') FROM pg_class WHERE oid = 'latest_scores'::regclass`).Scan(&opts); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(strings.Split(opts, ","), "fillfactor=50") {
		t.Errorf("latest_scores options %v, want fillfactor=50", opts)
	}
	rows, err := raw.QueryContext(ctx, `SELECT a.attname, coalesce(c.collname, '')
		FROM pg_attribute a LEFT JOIN pg_collation c ON c.oid = a.attcollation
		WHERE a.attrelid = 'assessments'::regclass AND a.attname IN ('org_id', 'id', 'person_id', 'created_at', 'idempotency_key')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var col, coll string
		if err := rows.Scan(&col, &coll); err != nil {
			t.Fatal(err)
		}
		n++
		if coll != "C" {
			t.Errorf("assessments.%s has collation %q, want C", col, coll)
		}
	}
	if err := rows.Err(); err != nil || n != 5 {
		t.Errorf("read the collations of 5 key columns: %d, %v", n, err)
	}
}

func TestRebuildLatestScores(t *testing.T) {
	db := mustOpen(t)
	raw, err := sql.Open("pgx", withSearchPath(serverURL(), db.schema))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	storetest.RebuildLatestScores(t, db, func(orgID string) {
		for _, q := range []string{
			`DELETE FROM latest_scores WHERE org_id = $1 AND person_id = (SELECT min(person_id) FROM latest_scores WHERE org_id = $1)`,
			`UPDATE latest_scores SET management = -1 WHERE org_id = $1`,
		} {
			if _, err := raw.Exec(q, orgID); err != nil {
				t.Fatal(err)
			}
		}
	})
}
