package sqlite

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/twohats/twohats/internal/store/sqldb"
)

// TestExportCoversEveryOrgTable checks that "twohats export" reads every
// table holding an organisation's rows: each table with an org_id column
// must be in sqldb.ExportTables, so a new table cannot be left out of an
// organisation's export unnoticed.
func TestExportCoversEveryOrgTable(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.read.QueryContext(ctx, `
		SELECT DISTINCT m.name FROM sqlite_master m, pragma_table_info(m.name) c
		WHERE m.type = 'table' AND c.name = 'org_id' ORDER BY m.name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	exported := sqldb.ExportTables()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		// A session is a browser's sign-in, which spans organisations: it
		// is the user's, not the organisation's, and holds only a hash.
		if name != "sessions" && !slices.Contains(exported, name) {
			t.Errorf("table %s has an org_id column but is not exported; add it to sqldb's exportTables", name)
		}
	}
}
