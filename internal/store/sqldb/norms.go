package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/twohats/twohats/internal/store"
)

// normsReadStmts are the norm-group queries, all run on the read pool.
type normsReadStmts struct {
	OrgNormGroup *sql.Stmt `query:"org-norm-group"`
	AllNormGroup *sql.Stmt `query:"all-norm-group"`
	ListAnswers  *sql.Stmt `query:"list-answers"`
}

// normsStmts are the prepared norm-group queries of one DB.
type normsStmts struct {
	r normsReadStmts
}

// OrgNormGroup returns the scores of the organisation's people on the
// instrument, each person's latest assessment of it.
func (db *DB) OrgNormGroup(ctx context.Context, orgID, instrument string) (*store.NormGroup, error) {
	if err := store.CheckRequired("norm group", map[string]string{"org_id": orgID, "instrument": instrument}); err != nil {
		return nil, err
	}
	n := &db.norms
	g, err := scanNormGroup(ctx, n.r.OrgNormGroup, orgID, instrument)
	if err != nil {
		return nil, fmt.Errorf("read the organisation's norm group of %q: %w", instrument, err)
	}
	return g, nil
}

// AllNormGroup returns the scores of every stored assessment of the
// instrument, in every organisation, as counts.
func (db *DB) AllNormGroup(ctx context.Context, instrument string) (*store.NormGroup, error) {
	if err := store.CheckRequired("norm group", map[string]string{"instrument": instrument}); err != nil {
		return nil, err
	}
	n := &db.norms
	g, err := scanNormGroup(ctx, n.r.AllNormGroup, instrument)
	if err != nil {
		return nil, fmt.Errorf("read the norm group of all %q assessments: %w", instrument, err)
	}
	return g, nil
}

// scanNormGroup counts the scores of a norm-group query's rows of
// (management, leadership, facets), one row a member. The counts come back
// in ascending order of score, as a GROUP BY ... ORDER BY would give them.
func scanNormGroup(ctx context.Context, q *sql.Stmt, args ...any) (*store.NormGroup, error) {
	rows, err := q.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := map[string]map[float64]int64{}
	add := func(key string, score float64) {
		m := counts[key]
		if m == nil {
			m = map[float64]int64{}
			counts[key] = m
		}
		m[score]++
	}
	var (
		n      int64
		m, l   float64
		facets sql.RawBytes
		p      facetParser
		fs     []store.FacetScore
		keys   = map[[2]string]string{}
	)
	for rows.Next() {
		if err := rows.Scan(&m, &l, &facets); err != nil {
			return nil, err
		}
		n++
		add("management", m)
		add("leadership", l)
		if fs, err = p.parse(fs[:0], facets); err != nil {
			return nil, err
		}
		for _, f := range fs {
			k, ok := keys[[2]string{f.Scale, f.Facet}]
			if !ok {
				k = f.Scale + "." + f.Facet
				keys[[2]string{f.Scale, f.Facet}] = k
			}
			add(k, f.Score)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	g := &store.NormGroup{N: n, Scores: make(map[string][]store.ScoreCount, len(counts))}
	for key, m := range counts {
		list := make([]store.ScoreCount, 0, len(m))
		for score, c := range m {
			list = append(list, store.ScoreCount{Score: score, Count: c})
		}
		slices.SortFunc(list, func(a, b store.ScoreCount) int { return cmp.Compare(a.Score, b.Score) })
		g.Scores[key] = list
	}
	return g, nil
}

// EachAnswers calls fn with the answers of each of the organisation's
// assessments of the instrument, oldest first, one row at a time.
func (db *DB) EachAnswers(ctx context.Context, orgID, instrument string, fn func(json.RawMessage) error) error {
	if err := store.CheckRequired("answers", map[string]string{"org_id": orgID, "instrument": instrument}); err != nil {
		return err
	}
	n := &db.norms
	rows, err := n.r.ListAnswers.QueryContext(ctx, orgID, instrument)
	if err != nil {
		return fmt.Errorf("list answers of %q: %w", instrument, err)
	}
	defer rows.Close()
	// RawBytes reuses one buffer for every row: the answers are never all
	// in memory at once, which is why fn may not keep them.
	var answers sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&answers); err != nil {
			return fmt.Errorf("list answers of %q: %w", instrument, err)
		}
		if err := fn(json.RawMessage(answers)); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list answers of %q: %w", instrument, err)
	}
	return nil
}
