// Package queries holds the SQL of the store adapters in .sql files, each
// query under a "-- name: some-name" header (the listmonk layout), and
// prepares them at start-up so a missing or broken query stops the program
// when it opens the store, not when a user reaches the code that runs it.
//
// The queries use $1, $2, ... placeholders, which PostgreSQL requires and
// modernc.org/sqlite binds by number, so SQLite and PostgreSQL share them.
package queries

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"regexp"
	"sort"
	"strings"
)

// FS holds the shared query files.
//
//go:embed *.sql
var FS embed.FS

// Set maps a query's name to its SQL text.
type Set map[string]string

// Load parses every .sql file at the root of fsys into one Set; a name
// defined twice, in one file or across files, is an error.
func Load(fsys fs.FS) (Set, error) {
	files, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, fmt.Errorf("list query files: %w", err)
	}
	if len(files) == 0 {
		return nil, errors.New("no query files (*.sql) found")
	}
	all := Set{}
	where := map[string]string{}
	for _, file := range files {
		src, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("read query file: %w", err)
		}
		set, err := Parse(file, src)
		if err != nil {
			return nil, err
		}
		for name, q := range set {
			if prev, ok := where[name]; ok {
				return nil, fmt.Errorf("%s: query %q is also defined in %s", file, name, prev)
			}
			all[name] = q
			where[name] = file
		}
	}
	return all, nil
}

var (
	header    = regexp.MustCompile(`^--\s*name:\s*(\S*)\s*$`)
	validName = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
)

// Parse reads the queries of one file: each starts at a "-- name: x" line
// and runs to the next one. Other comment lines are dropped, and so is the
// query's final semicolon. Errors name the file and line.
func Parse(file string, src []byte) (Set, error) {
	set := Set{}
	lineOf := map[string]int{}
	var (
		name  string
		start int
		body  strings.Builder
	)
	flush := func() error {
		if name == "" {
			return nil
		}
		q := strings.TrimSuffix(strings.TrimSpace(body.String()), ";")
		if strings.TrimSpace(q) == "" {
			return fmt.Errorf("%s:%d: query %q is empty", file, start, name)
		}
		set[name] = q
		body.Reset()
		return nil
	}
	for i, line := range strings.Split(string(src), "\n") {
		n := i + 1
		trimmed := strings.TrimSpace(line)
		if m := header.FindStringSubmatch(trimmed); m != nil {
			if err := flush(); err != nil {
				return nil, err
			}
			name, start = m[1], n
			if !validName.MatchString(name) {
				return nil, fmt.Errorf("%s:%d: query name %q must be lowercase words joined by hyphens", file, n, name)
			}
			if prev, ok := lineOf[name]; ok {
				return nil, fmt.Errorf("%s:%d: query %q is already defined on line %d", file, n, name, prev)
			}
			lineOf[name] = n
			continue
		}
		if trimmed == "" || strings.HasPrefix(trimmed, "--") {
			continue
		}
		if name == "" {
			return nil, fmt.Errorf("%s:%d: SQL before the first \"-- name:\" header", file, n)
		}
		body.WriteString(line)
		body.WriteByte('\n')
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return set, nil
}

// Preparer is what Prepare needs of a database: *sql.DB, *sql.Conn and *sql.Tx have it.
type Preparer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// Prepare fills each *sql.Stmt field of the struct dst points to, tagged
// `query:"name"`, with that query from set prepared on db. A name not in
// set is an error. The returned func closes every statement prepared.
func Prepare(ctx context.Context, db Preparer, set Set, dst any) (closeAll func() error, err error) {
	fields, err := stmtFields(dst)
	if err != nil {
		return nil, err
	}
	var prepared []*sql.Stmt
	closeAll = func() error {
		var errs []error
		for _, s := range prepared {
			errs = append(errs, s.Close())
		}
		return errors.Join(errs...)
	}
	for _, f := range fields {
		q, ok := set[f.name]
		if !ok {
			closeAll()
			return nil, fmt.Errorf("query %q (for %s) is not in the query files", f.name, f.field)
		}
		s, err := db.PrepareContext(ctx, q)
		if err != nil {
			closeAll()
			return nil, fmt.Errorf("prepare query %q: %w", f.name, err)
		}
		prepared = append(prepared, s)
		f.value.Set(reflect.ValueOf(s))
	}
	return closeAll, nil
}

// Names returns the query names tagged on the struct dst points to, sorted.
func Names(dst any) ([]string, error) {
	fields, err := stmtFields(dst)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(fields))
	for _, f := range fields {
		names = append(names, f.name)
	}
	sort.Strings(names)
	return names, nil
}

// Unused returns the names in set that none of the structs uses, sorted, so
// a test can catch a query left behind by a refactoring.
func Unused(set Set, dsts ...any) ([]string, error) {
	used := map[string]bool{}
	for _, d := range dsts {
		names, err := Names(d)
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			used[n] = true
		}
	}
	var unused []string
	for n := range set {
		if !used[n] {
			unused = append(unused, n)
		}
	}
	sort.Strings(unused)
	return unused, nil
}

type stmtField struct {
	name  string
	field string
	value reflect.Value
}

var stmtType = reflect.TypeFor[*sql.Stmt]()

func stmtFields(dst any) ([]stmtField, error) {
	v := reflect.ValueOf(dst)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return nil, fmt.Errorf("queries: want a pointer to a struct, got %T", dst)
	}
	v = v.Elem()
	t := v.Type()
	var fields []stmtField
	for i := range t.NumField() {
		sf := t.Field(i)
		name, ok := sf.Tag.Lookup("query")
		if !ok {
			continue
		}
		if sf.Type != stmtType || !sf.IsExported() {
			return nil, fmt.Errorf("queries: field %s.%s tagged %q must be an exported *sql.Stmt", t.Name(), sf.Name, name)
		}
		fields = append(fields, stmtField{name: name, field: t.Name() + "." + sf.Name, value: v.Field(i)})
	}
	return fields, nil
}
