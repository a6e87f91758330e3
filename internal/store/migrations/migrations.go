// Package migrations holds the schema of the twohats database as goose SQL
// migrations, embedded so every store adapter applies the same files.
//
// The files use only types and syntax that SQLite and PostgreSQL 15 both
// accept (TEXT, BIGINT, INTEGER, DOUBLE PRECISION; no AUTOINCREMENT, no
// STRICT, no SERIAL), and are shaped for Citus distribution by organisation:
// every table that belongs to an organisation has org_id as the first column
// of its primary key, of each unique key and of each foreign key to another
// organisation's table. organizations, users and sessions span organisations
// (Citus reference tables) and are the exceptions. The PostgreSQL adapter's
// tests check the rule against the live catalog. Versions 11 and 12 alone
// differ by database, and are Go (dialect.go); every provider takes them
// with Options.
package migrations

import "embed"

// FS holds the migration files, named NNNNN_what.sql in the order goose applies them.
//
//go:embed *.sql
var FS embed.FS
