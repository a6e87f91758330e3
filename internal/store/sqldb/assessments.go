package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
)

// EnsureLocal returns the local organisation and person, creating them on first use.
func (db *DB) EnsureLocal(ctx context.Context) (store.Local, error) {
	var l store.Local
	err := db.r.LocalIDs.QueryRowContext(ctx, store.LocalOrgSlug, store.LocalPersonEmail).Scan(&l.OrgID, &l.PersonID)
	if err == nil {
		return l, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return store.Local{}, fmt.Errorf("look up local person: %w", err)
	}
	// First use. Another process may be doing the same: the inserts do
	// nothing on conflict and the ids are read back, so both end up with
	// the same rows.
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		_, now := db.timestamp()
		orgID, err := db.newID()
		if err != nil {
			return err
		}
		if _, err := tx.StmtContext(ctx, db.w.InsertOrganization).ExecContext(ctx, orgID, store.LocalOrgSlug, store.LocalOrgName, now); err != nil {
			return fmt.Errorf("insert local organisation: %w", err)
		}
		if err := tx.StmtContext(ctx, db.w.OrganizationIDBySlug).QueryRowContext(ctx, store.LocalOrgSlug).Scan(&l.OrgID); err != nil {
			return fmt.Errorf("read local organisation: %w", err)
		}
		personID, err := db.newID()
		if err != nil {
			return err
		}
		if _, err := tx.StmtContext(ctx, db.w.InsertPerson).ExecContext(ctx, l.OrgID, personID, store.LocalPersonEmail, store.LocalPersonName, now); err != nil {
			return fmt.Errorf("insert local person: %w", err)
		}
		if err := tx.StmtContext(ctx, db.w.PersonIDByEmail).QueryRowContext(ctx, l.OrgID, store.LocalPersonEmail).Scan(&l.PersonID); err != nil {
			return fmt.Errorf("read local person: %w", err)
		}
		return nil
	})
	if err != nil {
		return store.Local{}, fmt.Errorf("ensure local person: %w", err)
	}
	return l, nil
}

// CreateAssessment stores a, with its facets, and deletes the person's draft
// of the instrument, all in one transaction.
func (db *DB) CreateAssessment(ctx context.Context, a *store.Assessment) error {
	if err := a.Validate(); err != nil {
		return err
	}
	id := a.ID
	if id == "" {
		var err error
		if id, err = db.newID(); err != nil {
			return err
		}
	}
	created, createdText := db.timestamp()
	if db.batch != nil {
		return db.createBatched(ctx, a, id, createdText, created)
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		return db.insertAssessmentTx(ctx, tx, a, id, createdText)
	})
	if err != nil {
		return err
	}
	a.ID, a.CreatedAt = id, created
	return nil
}

// insertAssessmentTx writes a, with its facets, and deletes the person's
// draft of the instrument, inside tx.
func (db *DB) insertAssessmentTx(ctx context.Context, tx *sql.Tx, a *store.Assessment, id, createdText string) error {
	// A repeated idempotency key inserts nothing rather than failing,
	// so it can be told from a repeated id without a second query,
	// which PostgreSQL would refuse in a failed transaction.
	res, err := tx.StmtContext(ctx, db.w.InsertAssessment).ExecContext(ctx,
		a.OrgID, id, a.PersonID, a.Instrument, string(a.Answers), string(a.Profile),
		a.Management, a.Leadership, a.Tendency, a.JudgementAccuracy, a.Quadrant,
		createdText, a.IdempotencyKey)
	switch db.outcome(err) {
	case succeeded:
	case foreignKey:
		return unknownPerson(a.OrgID, a.PersonID)
	case unique:
		return fail.Errorf(fail.Conflict, "assessment %q already exists", id)
	default:
		return fmt.Errorf("insert assessment %q: %w", id, err)
	}
	if ok, err := insertedOne(res); err != nil {
		return err
	} else if !ok {
		return fail.Errorf(fail.Conflict, "person %q already submitted an assessment with idempotency key %q", a.PersonID, a.IdempotencyKey)
	}
	ins := tx.StmtContext(ctx, db.w.InsertAssessmentFacet)
	for i, f := range a.Facets {
		_, err := ins.ExecContext(ctx, a.OrgID, id, f.Scale, f.Facet, f.Score)
		switch db.outcome(err) {
		case succeeded:
		case unique:
			e := fail.Errorf(fail.Invalid, "invalid assessment: facet %q of scale %q is scored more than once", f.Facet, f.Scale)
			e.Fields = map[string]string{fmt.Sprintf("facets[%d]", i): "repeats an earlier facet"}
			return e
		default:
			return fmt.Errorf("insert facet %s/%s of assessment %q: %w", f.Scale, f.Facet, id, err)
		}
	}
	if _, err := tx.StmtContext(ctx, db.w.DeleteDraft).ExecContext(ctx, a.OrgID, a.PersonID, a.Instrument); err != nil {
		return fmt.Errorf("delete draft of %q: %w", a.Instrument, err)
	}
	return nil
}

// Assessment returns the organisation's assessment with the given id.
func (db *DB) Assessment(ctx context.Context, orgID, id string) (*store.Assessment, error) {
	if err := store.CheckAssessmentKey(orgID, id); err != nil {
		return nil, err
	}
	return db.assessment(ctx, db.r.GetAssessment, fmt.Sprintf("assessment %q", id), orgID, id)
}

// AssessmentByIdempotencyKey returns the assessment the person submitted with the key.
func (db *DB) AssessmentByIdempotencyKey(ctx context.Context, orgID, personID, key string) (*store.Assessment, error) {
	err := store.CheckRequired("assessment lookup", map[string]string{"org_id": orgID, "person_id": personID, "idempotency_key": key})
	if err != nil {
		return nil, err
	}
	return db.assessment(ctx, db.r.GetAssessmentByKey,
		fmt.Sprintf("assessment of person %q with idempotency key %q", personID, key), orgID, personID, key)
}

// assessment reads the one assessment get finds with args, and its facets,
// from one snapshot; what names it in errors.
func (db *DB) assessment(ctx context.Context, get *sql.Stmt, what string, args ...any) (*store.Assessment, error) {
	var a store.Assessment
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		a, err = scanAssessment(tx.StmtContext(ctx, get).QueryRowContext(ctx, args...))
		if errors.Is(err, sql.ErrNoRows) {
			return fail.Errorf(fail.NotFound, "%s not found", what)
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", what, err)
		}
		a.Facets, err = collect(ctx, tx.StmtContext(ctx, db.r.GetAssessmentFacets), scanFacet, a.OrgID, a.ID)
		if err != nil {
			return fmt.Errorf("read facets of assessment %q: %w", a.ID, err)
		}
		if len(a.Facets) == 0 {
			a.Facets = nil // as a listed assessment without facets has
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// Assessments returns the organisation's assessments matching f, newest first.
func (db *DB) Assessments(ctx context.Context, orgID string, f store.AssessmentFilter) ([]store.Assessment, error) {
	if err := store.CheckAssessmentFilter(orgID, f); err != nil {
		return nil, err
	}
	limit := int64(math.MaxInt64)
	if f.Limit > 0 {
		limit = int64(f.Limit)
	}
	var list []store.Assessment
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		list, err = collect(ctx, tx.StmtContext(ctx, db.r.ListAssessments), scanAssessment, orgID, f.PersonID, limit)
		if err != nil {
			return fmt.Errorf("list assessments: %w", err)
		}
		at := make(map[string]int, len(list))
		for i, a := range list {
			at[a.ID] = i
		}

		// The same snapshot, so the facets belong to exactly these rows.
		rows, err := tx.StmtContext(ctx, db.r.ListAssessmentFacets).QueryContext(ctx, orgID, f.PersonID, limit)
		if err != nil {
			return fmt.Errorf("list facets: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var fs store.FacetScore
			if err := rows.Scan(&id, &fs.Scale, &fs.Facet, &fs.Score); err != nil {
				return fmt.Errorf("list facets: %w", err)
			}
			if i, ok := at[id]; ok {
				list[i].Facets = append(list[i].Facets, fs)
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("list facets: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// SaveDraft creates or replaces the person's draft of the instrument.
func (db *DB) SaveDraft(ctx context.Context, d *store.Draft) error {
	if err := d.Validate(); err != nil {
		return err
	}
	updated, updatedText := db.timestamp()
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.StmtContext(ctx, db.w.UpsertDraft).ExecContext(ctx,
			d.OrgID, d.PersonID, d.Instrument, string(d.Answers), d.Position, updatedText)
		switch db.outcome(err) {
		case succeeded:
			return nil
		case foreignKey:
			return unknownPerson(d.OrgID, d.PersonID)
		default:
			return fmt.Errorf("save draft of %q: %w", d.Instrument, err)
		}
	})
	if err != nil {
		return err
	}
	d.UpdatedAt = updated
	return nil
}

// Draft returns the person's draft of the instrument.
func (db *DB) Draft(ctx context.Context, orgID, personID, instrument string) (*store.Draft, error) {
	if err := store.CheckDraftKey(orgID, personID, instrument); err != nil {
		return nil, err
	}
	d := store.Draft{OrgID: orgID, PersonID: personID, Instrument: instrument}
	var answers, updated string
	err := db.r.GetDraft.QueryRowContext(ctx, orgID, personID, instrument).Scan(&answers, &d.Position, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fail.Errorf(fail.NotFound, "no draft of instrument %q for person %q", instrument, personID)
	}
	if err != nil {
		return nil, fmt.Errorf("read draft of %q: %w", instrument, err)
	}
	d.Answers = json.RawMessage(answers)
	if d.UpdatedAt, err = parseTime(updated); err != nil {
		return nil, fmt.Errorf("read draft of %q: %w", instrument, err)
	}
	return &d, nil
}

// DeleteDraft deletes the person's draft of the instrument, if there is one.
func (db *DB) DeleteDraft(ctx context.Context, orgID, personID, instrument string) error {
	if err := store.CheckDraftKey(orgID, personID, instrument); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.StmtContext(ctx, db.w.DeleteDraft).ExecContext(ctx, orgID, personID, instrument); err != nil {
			return fmt.Errorf("delete draft of %q: %w", instrument, err)
		}
		return nil
	})
}

func scanAssessment(row scanner) (store.Assessment, error) {
	var (
		a                store.Assessment
		answers, profile string
		created          string
	)
	err := row.Scan(&a.OrgID, &a.ID, &a.PersonID, &a.Instrument, &answers, &profile,
		&a.Management, &a.Leadership, &a.Tendency, &a.JudgementAccuracy, &a.Quadrant,
		&a.IdempotencyKey, &created)
	if err != nil {
		return store.Assessment{}, err
	}
	a.Answers, a.Profile = json.RawMessage(answers), json.RawMessage(profile)
	if a.CreatedAt, err = parseTime(created); err != nil {
		return store.Assessment{}, fmt.Errorf("assessment %q: %w", a.ID, err)
	}
	return a, nil
}

func scanFacet(row scanner) (store.FacetScore, error) {
	var f store.FacetScore
	err := row.Scan(&f.Scale, &f.Facet, &f.Score)
	return f, err
}

func unknownPerson(orgID, personID string) error {
	e := fail.Errorf(fail.Invalid, "person %q does not exist in organisation %q", personID, orgID)
	e.Fields = map[string]string{"person_id": "no such person in this organisation"}
	return e
}
