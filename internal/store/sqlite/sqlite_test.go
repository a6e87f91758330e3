package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/twohats/twohats/internal/store"
	"github.com/twohats/twohats/internal/store/queries"
	"github.com/twohats/twohats/internal/store/sqldb"
	"github.com/twohats/twohats/internal/store/storetest"
)

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

func mustOpen(tb testing.TB, path string, opts ...Option) *DB {
	tb.Helper()
	db, err := Open(context.Background(), path, opts...)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	return db
}

func countRows(tb testing.TB, db *DB, table string) int {
	tb.Helper()
	var n int
	if err := db.read.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		tb.Fatalf("count %s: %v", table, err)
	}
	return n
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		return mustOpen(t, filepath.Join(t.TempDir(), "twohats.db"), WithNow(newClock().Now))
	})
}

// The contract suite again, on the real clock, so nothing in it relies on
// the fake clock's strictly increasing times.
func TestContractRealClock(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		return mustOpen(t, filepath.Join(t.TempDir(), "twohats.db"))
	})
}

func TestWALAndForeignKeysOnBothPools(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "twohats.db"))
	defer db.Close()
	for name, pool := range map[string]*sql.DB{"write": db.write, "read": db.read} {
		var mode string
		if err := pool.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
			t.Fatalf("%s pool: PRAGMA journal_mode: %v", name, err)
		}
		if mode != "wal" {
			t.Errorf("%s pool: journal_mode = %q, want \"wal\"", name, mode)
		}
		var fk, timeout int
		if err := pool.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil {
			t.Fatalf("%s pool: PRAGMA foreign_keys: %v", name, err)
		}
		if fk != 1 {
			t.Errorf("%s pool: foreign_keys = %d, want 1", name, fk)
		}
		if err := pool.QueryRow("PRAGMA busy_timeout").Scan(&timeout); err != nil {
			t.Fatalf("%s pool: PRAGMA busy_timeout: %v", name, err)
		}
		if timeout != 10000 {
			t.Errorf("%s pool: busy_timeout = %d, want 10000", name, timeout)
		}
	}
	// A commit is durable when it returns: in WAL mode, synchronous=FULL
	// syncs the log on every commit, so an acknowledged write survives a
	// crash of the machine, not only of the process.
	var sync int
	if err := db.write.QueryRow("PRAGMA synchronous").Scan(&sync); err != nil {
		t.Fatal(err)
	}
	if sync != 2 {
		t.Errorf("write pool: synchronous = %d, want 2 (FULL)", sync)
	}
}

func TestReadPoolCannotWrite(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "twohats.db"))
	defer db.Close()
	_, err := db.read.Exec("INSERT INTO organizations (id, slug, name, created_at) VALUES ('x', 'x', 'x', 'x')")
	if err == nil {
		t.Fatal("insert through the read pool succeeded, want a query_only error")
	}
}

// modernc.org/sqlite binds $N by number, so the query files can use
// PostgreSQL's placeholders; this pins that down, including a placeholder
// used twice and placeholders out of order, as list-assessments does.
func TestDollarPlaceholders(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "twohats.db"))
	defer db.Close()
	var got string
	if err := db.read.QueryRow("SELECT $2 || $1 || $2 || $3", "a", "b", "c").Scan(&got); err != nil {
		t.Fatalf("query: %v", err)
	}
	if got != "babc" {
		t.Errorf("SELECT $2 || $1 || $2 || $3 with a, b, c = %q, want \"babc\"", got)
	}
	var n int
	if err := db.read.QueryRow("SELECT count(*) FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) WHERE $1 = '' OR $1 = 'x' LIMIT $2", "", 10).Scan(&n); err != nil {
		t.Fatalf("query: %v", err)
	}
	if n != 3 {
		t.Errorf("count = %d, want 3", n)
	}
}

func TestReopenKeepsDataAndMigrationsAreNoOp(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "twohats.db")

	db := mustOpen(t, path)
	l := storetest.MustEnsureLocal(t, db)
	a := storetest.NewAssessment(l, "core-1")
	storetest.MustCreateAssessment(t, db, a)
	versions := countRows(t, db, "goose_db_version")
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	db = mustOpen(t, path)
	defer db.Close()
	if again := storetest.MustEnsureLocal(t, db); again != l {
		t.Errorf("EnsureLocal after reopen = %+v, want %+v", again, l)
	}
	got, err := db.Assessment(ctx, l.OrgID, a.ID)
	if err != nil {
		t.Fatalf("Assessment after reopen: %v", err)
	}
	if diff := cmp.Diff(a, got, cmpopts.SortSlices(func(x, y store.FacetScore) bool { return x.Facet < y.Facet })); diff != "" {
		t.Errorf("assessment after reopen (-want +got):\n%s", diff)
	}
	if n := countRows(t, db, "goose_db_version"); n != versions {
		t.Errorf("goose_db_version has %d rows after reopen, want %d", n, versions)
	}
	applied, err := sqldb.Migrate(ctx, dialect, db.write)
	if err != nil {
		t.Fatalf("migrate again: %v", err)
	}
	if applied != 0 {
		t.Errorf("migrate again applied %d migrations, want 0", applied)
	}
}

func TestOpenCreatesDirectoryAndPrivateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "twohats.db")
	db := mustOpen(t, path)
	defer db.Close()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatalf("stat: %v", err)
	}
	if runtime.GOOS != "windows" {
		if perm := st.Mode().Perm(); perm != 0o600 {
			t.Errorf("database file mode = %v, want 0600", perm)
		}
	}
}

func TestOpenPathWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "odd ?name#%20")
	path := filepath.Join(dir, "twohats.db")
	db := mustOpen(t, path)
	storetest.MustEnsureLocal(t, db)
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("read dir: %v", err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) == 0 || names[0] != "twohats.db" {
		t.Errorf("files in %q = %v, want the database there", dir, names)
	}
}

func TestOpenEmptyPath(t *testing.T) {
	if _, err := Open(context.Background(), ""); err == nil {
		t.Fatal("Open(\"\") succeeded")
	}
}

func TestMissingQueryFailsOpen(t *testing.T) {
	set, err := queries.Load(queries.FS)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	delete(set, "get-draft")
	_, err = Open(context.Background(), filepath.Join(t.TempDir(), "twohats.db"), sqldb.WithQueries(set))
	if err == nil || !strings.Contains(err.Error(), `"get-draft"`) {
		t.Fatalf("Open without get-draft: error = %v, want one naming the query", err)
	}
}

func TestBrokenQueryFailsOpen(t *testing.T) {
	set, err := queries.Load(queries.FS)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	set["get-draft"] = "SELECT answers FROM no_such_table"
	_, err = Open(context.Background(), filepath.Join(t.TempDir(), "twohats.db"), sqldb.WithQueries(set))
	if err == nil || !strings.Contains(err.Error(), `"get-draft"`) {
		t.Fatalf("Open with a broken get-draft: error = %v, want one naming the query", err)
	}
}

func TestTimesComeFromNow(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 3, 1, 9, 30, 0, 120, time.FixedZone("CET", 3600))
	db := mustOpen(t, filepath.Join(t.TempDir(), "twohats.db"), WithNow(func() time.Time { return at }))
	defer db.Close()
	l := storetest.MustEnsureLocal(t, db)

	a := storetest.NewAssessment(l, "core-1")
	storetest.MustCreateAssessment(t, db, a)
	got, err := db.Assessment(ctx, l.OrgID, a.ID)
	if err != nil {
		t.Fatalf("Assessment: %v", err)
	}
	for name, tm := range map[string]time.Time{"returned": a.CreatedAt, "stored": got.CreatedAt} {
		if !tm.Equal(at) || tm.Location() != time.UTC {
			t.Errorf("%s CreatedAt = %v, want %v in UTC", name, tm, at)
		}
	}

	d := &store.Draft{OrgID: l.OrgID, PersonID: l.PersonID, Instrument: "core-2", Answers: json.RawMessage(`{}`)}
	storetest.MustSaveDraft(t, db, d)
	gotD, err := db.Draft(ctx, l.OrgID, l.PersonID, "core-2")
	if err != nil {
		t.Fatalf("Draft: %v", err)
	}
	if !gotD.UpdatedAt.Equal(at) || !d.UpdatedAt.Equal(at) {
		t.Errorf("UpdatedAt = %v (stored %v), want %v", d.UpdatedAt, gotD.UpdatedAt, at)
	}

	var stored string
	if err := db.read.QueryRow("SELECT created_at FROM assessments WHERE id = $1", a.ID).Scan(&stored); err != nil {
		t.Fatalf("read created_at: %v", err)
	}
	if want := "2026-03-01T08:30:00.000000120Z"; stored != want {
		t.Errorf("stored created_at = %q, want %q", stored, want)
	}
}

// Whole or nothing, seen from the tables themselves rather than through the
// Store interface: a repeated facet or an unknown person leaves no
// assessment, no latest scores, and the draft.
func TestFailedCreateLeavesNoRows(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "twohats.db"))
	defer db.Close()
	l := storetest.MustEnsureLocal(t, db)
	storetest.MustSaveDraft(t, db, &store.Draft{OrgID: l.OrgID, PersonID: l.PersonID, Instrument: "core-1", Answers: json.RawMessage(`{}`)})

	a := storetest.NewAssessment(l, "core-1")
	a.Facets = append(a.Facets, a.Facets[0])
	if err := db.CreateAssessment(context.Background(), a); err == nil {
		t.Fatal("CreateAssessment with a repeated facet succeeded")
	}
	b := storetest.NewAssessment(l, "core-1")
	b.PersonID = "nobody"
	if err := db.CreateAssessment(context.Background(), b); err == nil {
		t.Fatal("CreateAssessment for an unknown person succeeded")
	}
	for table, want := range map[string]int{"assessments": 0, "latest_scores": 0, "drafts": 1} {
		if n := countRows(t, db, table); n != want {
			t.Errorf("%s has %d rows, want %d", table, n, want)
		}
	}
}

func TestSaveDraftKeepsOneRow(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "twohats.db"))
	defer db.Close()
	l := storetest.MustEnsureLocal(t, db)
	for i := range 3 {
		storetest.MustSaveDraft(t, db, &store.Draft{OrgID: l.OrgID, PersonID: l.PersonID, Instrument: "core-1", Answers: json.RawMessage(`{}`), Position: i})
	}
	if n := countRows(t, db, "drafts"); n != 1 {
		t.Errorf("drafts has %d rows after three saves, want 1", n)
	}
}

// createConcurrently has workers goroutines each create perWorker
// assessments in s, spread over handles, and returns the first error.
func createConcurrently(t *testing.T, handles []*DB, l store.Local, workers, perWorker int) error {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, workers*perWorker)
	for w := range workers {
		db := handles[w%len(handles)]
		wg.Go(func() {
			for i := range perWorker {
				a := storetest.NewAssessment(l, fmt.Sprintf("core-%d", w))
				if err := db.CreateAssessment(context.Background(), a); err != nil {
					errs <- fmt.Errorf("worker %d, assessment %d: %w", w, i, err)
					return
				}
				// Interleave reads, which must never block or fail.
				if _, err := db.Assessment(context.Background(), l.OrgID, a.ID); err != nil {
					errs <- fmt.Errorf("worker %d, read %d: %w", w, i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	return errors.Join(all...)
}

func TestConcurrentWriters(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "twohats.db"))
	defer db.Close()
	l := storetest.MustEnsureLocal(t, db)

	if err := createConcurrently(t, []*DB{db}, l, 8, 50); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, db, "assessments"); n != 400 {
		t.Errorf("assessments has %d rows, want 400", n)
	}
	list, err := db.Assessments(context.Background(), l.OrgID, store.AssessmentFilter{})
	if err != nil {
		t.Fatalf("Assessments: %v", err)
	}
	if len(list) != 400 {
		t.Errorf("Assessments returned %d, want 400", len(list))
	}
}

// Two handles on one file stand in for two processes (a CLI beside a
// server): their writers meet at SQLite's lock, where BEGIN IMMEDIATE and
// busy_timeout must make them wait rather than fail.
func TestConcurrentWritersTwoHandles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "twohats.db")
	a := mustOpen(t, path)
	defer a.Close()
	b := mustOpen(t, path)
	defer b.Close()
	l := storetest.MustEnsureLocal(t, a)
	if lb := storetest.MustEnsureLocal(t, b); lb != l {
		t.Fatalf("second handle's EnsureLocal = %+v, want %+v", lb, l)
	}

	if err := createConcurrently(t, []*DB{a, b}, l, 8, 50); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, a, "assessments"); n != 400 {
		t.Errorf("assessments has %d rows, want 400", n)
	}
}

func TestMigrateScaleBackfills(t *testing.T) {
	path := filepath.Join(t.TempDir(), "twohats.db")
	raw, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	storetest.MigrateScaleBackfills(t, raw, dialect.Goose, func(t *testing.T) store.Store {
		return mustOpen(t, path)
	})
}

func TestRebuildLatestScores(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "twohats.db"))
	defer db.Close()
	storetest.RebuildLatestScores(t, db, func(orgID string) {
		for _, q := range []string{
			`DELETE FROM latest_scores WHERE org_id = $1 AND person_id = (SELECT min(person_id) FROM latest_scores WHERE org_id = $1)`,
			`UPDATE latest_scores SET management = -1 WHERE org_id = $1`,
		} {
			if _, err := db.write.Exec(q, orgID); err != nil {
				t.Fatal(err)
			}
		}
	})
}
