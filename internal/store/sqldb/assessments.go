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

// CreateAssessment stores a, with its facets, makes it the person's latest
// scores if it is their newest assessment, and deletes the person's draft
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

// insertAssessmentTx writes a, with its facets, updates the person's latest
// scores and deletes the person's draft of the instrument, inside tx.
func (db *DB) insertAssessmentTx(ctx context.Context, tx *sql.Tx, a *store.Assessment, id, createdText string) error {
	facets, err := appendFacets(nil, a.Facets)
	if err != nil {
		return err
	}
	// PostgreSQL has no foreign key from assessments to people (migration
	// 11): the person is checked here, under the lock that keeps a
	// deletion of their data out until this commits.
	if db.d.Name == "postgres" {
		if err := db.personDataLock(ctx, tx, a.OrgID, false); err != nil {
			return err
		}
		if found, err := exists(tx.StmtContext(ctx, db.w.PersonExists).QueryRowContext(ctx, a.OrgID, a.PersonID)); err != nil {
			return fmt.Errorf("look up person %q: %w", a.PersonID, err)
		} else if !found {
			return unknownPerson(a.OrgID, a.PersonID)
		}
	}
	// A repeated idempotency key inserts nothing rather than failing,
	// so it can be told from a repeated id without a second query,
	// which PostgreSQL would refuse in a failed transaction.
	res, err := tx.StmtContext(ctx, db.w.InsertAssessment).ExecContext(ctx,
		a.OrgID, id, a.PersonID, a.Instrument, string(a.Answers),
		a.Management, a.Leadership, a.Tendency, a.JudgementAccuracy, a.Quadrant, string(facets),
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
	_, err = tx.StmtContext(ctx, db.w.UpsertLatestScore).ExecContext(ctx,
		a.OrgID, a.PersonID, id, createdText, a.Management, a.Leadership, a.Quadrant, string(facets))
	if err != nil {
		return fmt.Errorf("update latest scores of person %q: %w", a.PersonID, err)
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

// assessment reads the one assessment get finds with args; what names it
// in errors.
func (db *DB) assessment(ctx context.Context, get *sql.Stmt, what string, args ...any) (*store.Assessment, error) {
	var p facetParser
	a, err := scanAssessment(get.QueryRowContext(ctx, args...), &p)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fail.Errorf(fail.NotFound, "%s not found", what)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
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
	var p facetParser
	list, err := collect(ctx, db.r.ListAssessments, func(row scanner) (store.Assessment, error) {
		return scanAssessment(row, &p)
	}, orgID, f.PersonID, limit)
	if err != nil {
		return nil, fmt.Errorf("list assessments: %w", err)
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

// scanAssessment reads a row of get-assessment or list-assessments.
func scanAssessment(row scanner, p *facetParser) (store.Assessment, error) {
	var (
		a                store.Assessment
		answers, created string
		facets           []byte
	)
	err := row.Scan(&a.OrgID, &a.ID, &a.PersonID, &a.Instrument, &answers,
		&a.Management, &a.Leadership, &a.Tendency, &a.JudgementAccuracy, &a.Quadrant, &facets,
		&a.IdempotencyKey, &created)
	if err != nil {
		return store.Assessment{}, err
	}
	a.Answers = json.RawMessage(answers)
	if a.Facets, err = p.parse(nil, facets); err != nil {
		return store.Assessment{}, fmt.Errorf("assessment %q: %w", a.ID, err)
	}
	if a.CreatedAt, err = parseTime(created); err != nil {
		return store.Assessment{}, fmt.Errorf("assessment %q: %w", a.ID, err)
	}
	return a, nil
}

func unknownPerson(orgID, personID string) error {
	e := fail.Errorf(fail.Invalid, "person %q does not exist in organisation %q", personID, orgID)
	e.Fields = map[string]string{"person_id": "no such person in this organisation"}
	return e
}
