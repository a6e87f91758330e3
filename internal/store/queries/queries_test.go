package queries

import (
	"context"
	"database/sql"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	_ "modernc.org/sqlite"
)

func TestParse(t *testing.T) {
	src := `-- A file comment.

-- name: first-query
-- What it does.
SELECT 1
FROM t;

-- name: second
  DELETE FROM t WHERE id = $1;
`
	got, err := Parse("x.sql", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := Set{
		"first-query": "SELECT 1\nFROM t",
		"second":      "DELETE FROM t WHERE id = $1",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parse mismatch (-want +got):\n%s", diff)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"sql before header", "SELECT 1;\n-- name: a\nSELECT 2;", "x.sql:1: SQL before"},
		{"empty query", "-- name: a\n-- only a comment\n-- name: b\nSELECT 1;", `x.sql:1: query "a" is empty`},
		{"empty last query", "-- name: a\nSELECT 1;\n-- name: b\n", `x.sql:3: query "b" is empty`},
		{"duplicate", "-- name: a\nSELECT 1;\n-- name: a\nSELECT 2;", `x.sql:3: query "a" is already defined on line 1`},
		{"bad name", "-- name: Get_Thing\nSELECT 1;", `x.sql:1: query name "Get_Thing"`},
		{"missing name", "-- name:\nSELECT 1;", `x.sql:1: query name ""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.sql", []byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestLoadRejectsNameInTwoFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"a.sql": {Data: []byte("-- name: q\nSELECT 1;")},
		"b.sql": {Data: []byte("-- name: q\nSELECT 2;")},
	}
	_, err := Load(fsys)
	if err == nil || !strings.Contains(err.Error(), `b.sql: query "q" is also defined in a.sql`) {
		t.Errorf("Load error = %v, want one naming both files", err)
	}
}

func TestLoadEmbedded(t *testing.T) {
	set, err := Load(FS)
	if err != nil {
		t.Fatalf("Load(FS): %v", err)
	}
	if len(set) == 0 {
		t.Fatal("Load(FS) found no queries")
	}
}

// The query files are shared with PostgreSQL, which knows no ? placeholder.
func TestEmbeddedQueriesUseDollarPlaceholders(t *testing.T) {
	set, err := Load(FS)
	if err != nil {
		t.Fatalf("Load(FS): %v", err)
	}
	literal := regexp.MustCompile(`'[^']*'`)
	for name, q := range set {
		if strings.Contains(literal.ReplaceAllString(q, "''"), "?") {
			t.Errorf("query %q uses a ? placeholder; use $1, $2, ...", name)
		}
	}
}

type stmts struct {
	A     *sql.Stmt `query:"a"`
	B     *sql.Stmt `query:"b"`
	Other int
}

func memDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestPrepare(t *testing.T) {
	var s stmts
	closeAll, err := Prepare(context.Background(), memDB(t), Set{"a": "SELECT 1", "b": "SELECT $1 + 1", "c": "SELECT 3"}, &s)
	if err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	var got int
	if err := s.B.QueryRow(41).Scan(&got); err != nil || got != 42 {
		t.Errorf("prepared b gives %d, %v; want 42", got, err)
	}
	if s.A == nil {
		t.Error("Prepare left A nil")
	}
	if err := closeAll(); err != nil {
		t.Errorf("close: %v", err)
	}
}

func TestPrepareMissingQuery(t *testing.T) {
	var s stmts
	_, err := Prepare(context.Background(), memDB(t), Set{"a": "SELECT 1"}, &s)
	if err == nil || !strings.Contains(err.Error(), `query "b" (for stmts.B)`) {
		t.Errorf("Prepare error = %v, want one naming query b and its field", err)
	}
}

func TestPrepareBrokenQuery(t *testing.T) {
	var s stmts
	_, err := Prepare(context.Background(), memDB(t), Set{"a": "SELECT 1", "b": "SELEKT 2"}, &s)
	if err == nil || !strings.Contains(err.Error(), `prepare query "b"`) {
		t.Errorf("Prepare error = %v, want one naming query b", err)
	}
}

func TestPrepareBadDestination(t *testing.T) {
	var notStruct int
	if _, err := Prepare(context.Background(), memDB(t), Set{}, &notStruct); err == nil {
		t.Error("Prepare into *int succeeded")
	}
	var wrongType struct {
		A string `query:"a"`
	}
	if _, err := Prepare(context.Background(), memDB(t), Set{"a": "SELECT 1"}, &wrongType); err == nil {
		t.Error("Prepare into a string field succeeded")
	}
}

func TestUnused(t *testing.T) {
	got, err := Unused(Set{"a": "1", "b": "2", "z": "3", "c": "4"}, &stmts{})
	if err != nil {
		t.Fatalf("Unused: %v", err)
	}
	if diff := cmp.Diff([]string{"c", "z"}, got); diff != "" {
		t.Errorf("Unused (-want +got):\n%s", diff)
	}
}
