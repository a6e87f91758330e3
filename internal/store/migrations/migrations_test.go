package migrations

import (
	"io/fs"
	"regexp"
	"testing"
)

// The migrations are shared with PostgreSQL 15 (and Citus), so they keep to
// what both databases accept. This catches the usual SQLite-only habits; the
// files were also run by hand against PostgreSQL 15, which the PostgreSQL
// adapter's tests will do for good.
func TestMigrationsArePortable(t *testing.T) {
	forbidden := regexp.MustCompile(`(?i)\b(AUTOINCREMENT|SERIAL|BIGSERIAL|STRICT|WITHOUT\s+ROWID|DATETIME|BLOB|BYTEA|JSONB|PRAGMA|INSERT\s+OR|REPLACE\s+INTO)\b`)
	files, err := fs.Glob(FS, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no migrations embedded")
	}
	for _, f := range files {
		src, err := fs.ReadFile(FS, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range forbidden.FindAllString(string(src), -1) {
			t.Errorf("%s uses %q, which SQLite and PostgreSQL do not both accept", f, m)
		}
	}
}
