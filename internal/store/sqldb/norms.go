package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

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

// scanNormGroup reads a norm-group query's rows of (scale, facet, score,
// count). Every assessment has exactly one management score, so the
// management counts add up to the group's size.
func scanNormGroup(ctx context.Context, q *sql.Stmt, args ...any) (*store.NormGroup, error) {
	rows, err := q.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	g := &store.NormGroup{Scores: map[string][]store.ScoreCount{}}
	for rows.Next() {
		var (
			scale, facet string
			c            store.ScoreCount
		)
		if err := rows.Scan(&scale, &facet, &c.Score, &c.Count); err != nil {
			return nil, err
		}
		key := scale
		if facet != "" {
			key += "." + facet
		}
		g.Scores[key] = append(g.Scores[key], c)
		if key == "management" {
			g.N += c.Count
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
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
