package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// referenceTables span organisations: under Citus they are copied to every
// node rather than distributed by org_id, and any table may reference them.
var referenceTables = []string{"organizations", "users", "sessions"}

// gooseTable is goose's record of the applied migrations.
const gooseTable = "goose_db_version"

// citusViolations checks, in the live catalog, that every table of the
// schema but the reference tables and goose's can be distributed by org_id
// with all its rows of one organisation on one shard: it has an org_id
// column, first in its primary key, in each unique constraint and unique
// index, and in each foreign key to another distributed table, where it
// must meet the referenced table's org_id. It returns what breaks the
// rule, one line each, and the distributed tables it checked.
func citusViolations(ctx context.Context, db *sql.DB, schema string) (problems, checked []string, err error) {
	type table struct {
		oid  uint32
		name string
	}
	var tables []table
	rows, err := db.QueryContext(ctx, `
		SELECT c.oid, c.relname
		FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
		ORDER BY c.relname`, schema)
	if err != nil {
		return nil, nil, fmt.Errorf("list tables: %w", err)
	}
	for rows.Next() {
		var t table
		if err := rows.Scan(&t.oid, &t.name); err != nil {
			rows.Close()
			return nil, nil, err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}

	for _, t := range tables {
		if t.name == gooseTable || slices.Contains(referenceTables, t.name) {
			continue
		}
		checked = append(checked, t.name)
		var orgCol sql.NullInt64
		err := db.QueryRowContext(ctx, `
			SELECT attnum FROM pg_attribute
			WHERE attrelid = $1 AND attname = 'org_id' AND NOT attisdropped`, t.oid).Scan(&orgCol)
		if err == sql.ErrNoRows {
			problems = append(problems, fmt.Sprintf("%s: has no org_id column", t.name))
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s: find org_id: %w", t.name, err)
		}

		// Keys: conkey[1] is the first column of the constraint; for a
		// foreign key, confkey[1] is the column it meets in the
		// referenced table, and ref the referenced table.
		rows, err := db.QueryContext(ctx, `
			SELECT c.conname, c.contype,
			       a.attname,
			       COALESCE(r.relname, ''), COALESCE(fa.attname, '')
			FROM pg_constraint c
			JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
			LEFT JOIN pg_class r ON r.oid = c.confrelid
			LEFT JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
			WHERE c.conrelid = $1 AND c.contype IN ('p', 'u', 'f')
			ORDER BY c.conname`, t.oid)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: list constraints: %w", t.name, err)
		}
		hasPK := false
		for rows.Next() {
			var name, kind, first, ref, refFirst string
			if err := rows.Scan(&name, &kind, &first, &ref, &refFirst); err != nil {
				rows.Close()
				return nil, nil, err
			}
			switch kind {
			case "p":
				hasPK = true
				if first != "org_id" {
					problems = append(problems, fmt.Sprintf("%s: primary key %s starts with %s, not org_id", t.name, name, first))
				}
			case "u":
				if first != "org_id" {
					problems = append(problems, fmt.Sprintf("%s: unique constraint %s starts with %s, not org_id", t.name, name, first))
				}
			case "f":
				if slices.Contains(referenceTables, ref) {
					continue // Citus lets any table reference a reference table
				}
				if first != "org_id" || refFirst != "org_id" {
					problems = append(problems, fmt.Sprintf("%s: foreign key %s to %s pairs %s with %s, not org_id with org_id", t.name, name, ref, first, refFirst))
				}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
		if !hasPK {
			problems = append(problems, fmt.Sprintf("%s: has no primary key", t.name))
		}

		// Unique indexes, including those made with CREATE UNIQUE INDEX
		// rather than a constraint; indkey[0] is the first column, 0 for
		// an expression.
		rows, err = db.QueryContext(ctx, `
			SELECT i.relname, COALESCE(a.attname, '(an expression)')
			FROM pg_index x
			JOIN pg_class i ON i.oid = x.indexrelid
			LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[0]
			WHERE x.indrelid = $1 AND x.indisunique
			ORDER BY i.relname`, t.oid)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: list indexes: %w", t.name, err)
		}
		for rows.Next() {
			var name, first string
			if err := rows.Scan(&name, &first); err != nil {
				rows.Close()
				return nil, nil, err
			}
			if first != "org_id" {
				problems = append(problems, fmt.Sprintf("%s: unique index %s starts with %s, not org_id", t.name, name, first))
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	return problems, checked, nil
}

// The migrated schema keeps the rule that lets Citus distribute every
// organisation's data by org_id.
func TestSchemaIsReadyForCitus(t *testing.T) {
	db := mustOpen(t)
	problems, checked, err := citusViolations(context.Background(), db.pool, db.schema)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("%s (every organisation's table needs org_id first in its keys; see migrations/00001_core.sql)", p)
	}
	// Not vacuous: the tables of both migrations were there to check.
	for _, want := range []string{"people", "assessments", "latest_scores", "drafts", "memberships", "coach_grants", "api_tokens", "campaigns", "raters", "responses", "outbox", "plans", "plan_ticks", "journal_entries", "roles", "stories"} {
		if !slices.Contains(checked, want) {
			t.Errorf("table %s was not checked; checked %v", want, checked)
		}
	}
}

// The check itself catches each way of breaking the rule, so that a new
// table or key that breaks it fails TestSchemaIsReadyForCitus.
func TestCitusCheckCatchesViolations(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	ddl := []string{
		`CREATE TABLE no_org (id TEXT PRIMARY KEY)`,
		`CREATE TABLE pk_org_second (id TEXT, org_id TEXT, PRIMARY KEY (id, org_id))`,
		`CREATE TABLE no_pk (org_id TEXT, id TEXT)`,
		`CREATE TABLE unique_without_org (org_id TEXT, id TEXT, email TEXT, PRIMARY KEY (org_id, id), UNIQUE (email, org_id))`,
		`CREATE TABLE index_without_org (org_id TEXT, id TEXT, email TEXT, PRIMARY KEY (org_id, id))`,
		`CREATE UNIQUE INDEX index_without_org_email ON index_without_org (email)`,
		`CREATE TABLE fk_without_org (org_id TEXT, id TEXT, other_org TEXT, person_id TEXT, PRIMARY KEY (org_id, id),
			FOREIGN KEY (other_org, person_id) REFERENCES people (org_id, id))`,
		`CREATE TABLE fk_to_reference (org_id TEXT, id TEXT, user_id TEXT REFERENCES users (id), PRIMARY KEY (org_id, id))`,
	}
	for _, q := range ddl {
		if _, err := db.pool.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	problems, _, err := citusViolations(ctx, db.pool, db.schema)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for _, p := range problems {
		name, _, _ := strings.Cut(p, ":")
		if !slices.Contains(tables, name) {
			tables = append(tables, name)
		}
	}
	want := []string{"fk_without_org", "index_without_org", "no_org", "no_pk", "pk_org_second", "unique_without_org"}
	if diff := cmp.Diff(want, tables); diff != "" {
		t.Errorf("tables reported (-want +got):\n%s\nproblems:\n%s", diff, strings.Join(problems, "\n"))
	}
}
