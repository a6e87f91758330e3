package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
)

// growthWriteStmts are the growth queries run on the write pool.
type growthWriteStmts struct {
	InsertPlan         *sql.Stmt `query:"insert-plan"`
	PlanExists         *sql.Stmt `query:"plan-exists"`
	InsertPlanTick     *sql.Stmt `query:"insert-plan-tick"`
	DeletePlanTick     *sql.Stmt `query:"delete-plan-tick"`
	InsertJournalEntry *sql.Stmt `query:"insert-journal-entry"`
	InsertRole         *sql.Stmt `query:"insert-role"`
}

// growthReadStmts are the growth queries run on the read pool.
type growthReadStmts struct {
	GetPlan             *sql.Stmt `query:"get-plan"`
	ListPlans           *sql.Stmt `query:"list-plans"`
	ListPlanTicks       *sql.Stmt `query:"list-plan-ticks"`
	ListPersonPlanTicks *sql.Stmt `query:"list-person-plan-ticks"`
	ListJournalEntries  *sql.Stmt `query:"list-journal-entries"`
	GetRole             *sql.Stmt `query:"get-role"`
	ListRoles           *sql.Stmt `query:"list-roles"`
}

// growthStmts are the prepared growth queries of one DB.
type growthStmts struct {
	w growthWriteStmts
	r growthReadStmts
}

// dateFormat is how a journal entry's day is stored: it sorts as text.
const dateFormat = time.DateOnly

// CreatePlan stores a plan for one of the organisation's people.
func (db *DB) CreatePlan(ctx context.Context, p *store.Plan) error {
	if err := p.Validate(); err != nil {
		return err
	}
	q := &db.growth
	id, err := db.idOr(p.ID)
	if err != nil {
		return err
	}
	created, createdText := db.timestamp()
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		if found, err := exists(tx.StmtContext(ctx, db.w.PersonExists).QueryRowContext(ctx, p.OrgID, p.PersonID)); err != nil {
			return fmt.Errorf("look up person: %w", err)
		} else if !found {
			return unknownPersonField("person_id", p.OrgID, p.PersonID)
		}
		_, err := tx.StmtContext(ctx, q.w.InsertPlan).ExecContext(ctx, p.OrgID, id, p.PersonID, string(p.Body), createdText)
		switch db.outcome(err) {
		case succeeded:
			return nil
		case unique:
			return fail.Errorf(fail.Conflict, "plan %q already exists", id)
		default:
			return fmt.Errorf("insert plan: %w", err)
		}
	})
	if err != nil {
		return err
	}
	p.ID, p.CreatedAt, p.Ticks = id, created, nil
	return nil
}

// Plan returns one of the organisation's plans with its ticks, read from
// one snapshot.
func (db *DB) Plan(ctx context.Context, orgID, id string) (*store.Plan, error) {
	if err := store.CheckRequired("plan lookup", map[string]string{"org_id": orgID, "id": id}); err != nil {
		return nil, err
	}
	q := &db.growth
	var err error
	var p store.Plan
	err = db.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = scanPlan(tx.StmtContext(ctx, q.r.GetPlan).QueryRowContext(ctx, orgID, id))
		if errors.Is(err, sql.ErrNoRows) {
			return planNotFound(id)
		}
		if err != nil {
			return fmt.Errorf("read plan %q: %w", id, err)
		}
		p.Ticks, err = collect(ctx, tx.StmtContext(ctx, q.r.ListPlanTicks), scanTick, orgID, id)
		if err != nil {
			return fmt.Errorf("read ticks of plan %q: %w", id, err)
		}
		if len(p.Ticks) == 0 {
			p.Ticks = nil
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// Plans lists a person's plans with their ticks, newest first, read from one
// snapshot.
func (db *DB) Plans(ctx context.Context, orgID, personID string) ([]store.Plan, error) {
	if err := store.CheckRequired("plan list", map[string]string{"org_id": orgID, "person_id": personID}); err != nil {
		return nil, err
	}
	q := &db.growth
	var err error
	var list []store.Plan
	err = db.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		list, err = collect(ctx, tx.StmtContext(ctx, q.r.ListPlans), scanPlan, orgID, personID)
		if err != nil {
			return fmt.Errorf("list plans: %w", err)
		}
		ticks, err := collect(ctx, tx.StmtContext(ctx, q.r.ListPersonPlanTicks), scanTick, orgID, personID)
		if err != nil {
			return fmt.Errorf("list plan ticks: %w", err)
		}
		at := make(map[string]int, len(list))
		for i, p := range list {
			at[p.ID] = i
		}
		for _, t := range ticks {
			if i, ok := at[t.PlanID]; ok {
				list[i].Ticks = append(list[i].Ticks, t)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// TickCheckIn records a check-in of one of the organisation's plans as done.
func (db *DB) TickCheckIn(ctx context.Context, t *store.Tick) error {
	if err := t.Validate(); err != nil {
		return err
	}
	q := &db.growth
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.planInTx(ctx, tx, q, t.OrgID, t.PlanID); err != nil {
			return err
		}
		if _, err := tx.StmtContext(ctx, q.w.InsertPlanTick).ExecContext(ctx, t.OrgID, t.PlanID, t.CheckInID, formatTime(t.DoneOn)); err != nil {
			return fmt.Errorf("insert tick: %w", err)
		}
		return nil
	})
}

// UntickCheckIn takes back a tick of one of the organisation's plans.
func (db *DB) UntickCheckIn(ctx context.Context, orgID, planID, checkInID string) error {
	err := store.CheckRequired("tick", map[string]string{"org_id": orgID, "plan_id": planID, "check_in_id": checkInID})
	if err != nil {
		return err
	}
	q := &db.growth
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.planInTx(ctx, tx, q, orgID, planID); err != nil {
			return err
		}
		if _, err := tx.StmtContext(ctx, q.w.DeletePlanTick).ExecContext(ctx, orgID, planID, checkInID); err != nil {
			return fmt.Errorf("delete tick: %w", err)
		}
		return nil
	})
}

// planInTx fails with fail.NotFound unless the organisation has the plan.
func (db *DB) planInTx(ctx context.Context, tx *sql.Tx, q *growthStmts, orgID, planID string) error {
	found, err := exists(tx.StmtContext(ctx, q.w.PlanExists).QueryRowContext(ctx, orgID, planID))
	if err != nil {
		return fmt.Errorf("look up plan: %w", err)
	}
	if !found {
		return planNotFound(planID)
	}
	return nil
}

// AddJournalEntry stores a journal entry of one of the organisation's people.
func (db *DB) AddJournalEntry(ctx context.Context, e *store.JournalEntry) error {
	if err := e.Validate(); err != nil {
		return err
	}
	q := &db.growth
	id, err := db.idOr(e.ID)
	if err != nil {
		return err
	}
	contexts, err := json.Marshal(e.Contexts)
	if err != nil {
		return fmt.Errorf("encode contexts: %w", err)
	}
	day := dayOf(e.Date)
	created, createdText := db.timestamp()
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		if found, err := exists(tx.StmtContext(ctx, db.w.PersonExists).QueryRowContext(ctx, e.OrgID, e.PersonID)); err != nil {
			return fmt.Errorf("look up person: %w", err)
		} else if !found {
			return unknownPersonField("person_id", e.OrgID, e.PersonID)
		}
		_, err := tx.StmtContext(ctx, q.w.InsertJournalEntry).ExecContext(ctx,
			e.OrgID, id, e.PersonID, day.Format(dateFormat), e.Situation, string(contexts), e.Phase, e.Need,
			e.Approach, e.Outcome, e.Balanced, createdText)
		switch db.outcome(err) {
		case succeeded:
			return nil
		case unique:
			return fail.Errorf(fail.Conflict, "journal entry %q already exists", id)
		default:
			return fmt.Errorf("insert journal entry: %w", err)
		}
	})
	if err != nil {
		return err
	}
	e.ID, e.Date, e.CreatedAt = id, day, created
	return nil
}

// JournalEntries lists a person's journal entries, oldest first.
func (db *DB) JournalEntries(ctx context.Context, orgID, personID string) ([]store.JournalEntry, error) {
	if err := store.CheckRequired("journal", map[string]string{"org_id": orgID, "person_id": personID}); err != nil {
		return nil, err
	}
	q := &db.growth
	list, err := collect(ctx, q.r.ListJournalEntries, scanJournalEntry, orgID, personID)
	if err != nil {
		return nil, fmt.Errorf("list journal entries: %w", err)
	}
	return list, nil
}

// CreateRole stores a role definition of the organisation.
func (db *DB) CreateRole(ctx context.Context, r *store.Role) error {
	if err := r.Validate(); err != nil {
		return err
	}
	q := &db.growth
	id, err := db.idOr(r.ID)
	if err != nil {
		return err
	}
	name := strings.TrimSpace(r.Name)
	created, createdText := db.timestamp()
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.StmtContext(ctx, q.w.InsertRole).ExecContext(ctx, r.OrgID, id, name, string(r.Definition), createdText)
		switch db.outcome(err) {
		case succeeded:
			return nil
		case unique:
			e := fail.Errorf(fail.Conflict, "the organisation already has a role named %q (or with id %q); choose another name", name, id)
			e.Fields = map[string]string{"name": "already taken"}
			return e
		case foreignKey:
			e := fail.Errorf(fail.Invalid, "organisation %q does not exist", r.OrgID)
			e.Fields = map[string]string{"org_id": "no such organisation"}
			return e
		default:
			return fmt.Errorf("insert role: %w", err)
		}
	})
	if err != nil {
		return err
	}
	r.ID, r.Name, r.CreatedAt = id, name, created
	return nil
}

// Role returns one of the organisation's roles.
func (db *DB) Role(ctx context.Context, orgID, id string) (*store.Role, error) {
	if err := store.CheckRequired("role lookup", map[string]string{"org_id": orgID, "id": id}); err != nil {
		return nil, err
	}
	q := &db.growth
	r, err := scanRole(q.r.GetRole.QueryRowContext(ctx, orgID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fail.Errorf(fail.NotFound, "role %q not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("read role %q: %w", id, err)
	}
	return &r, nil
}

// Roles lists the organisation's roles by name.
func (db *DB) Roles(ctx context.Context, orgID string) ([]store.Role, error) {
	if err := store.CheckRequired("role list", map[string]string{"org_id": orgID}); err != nil {
		return nil, err
	}
	q := &db.growth
	list, err := collect(ctx, q.r.ListRoles, scanRole, orgID)
	if err != nil {
		return nil, fmt.Errorf("list roles: %w", err)
	}
	return list, nil
}

// dayOf is the calendar day of t, in t's own location, as midnight UTC.
func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func scanPlan(row scanner) (store.Plan, error) {
	var p store.Plan
	var body, created string
	if err := row.Scan(&p.OrgID, &p.ID, &p.PersonID, &body, &created); err != nil {
		return store.Plan{}, err
	}
	p.Body = json.RawMessage(body)
	var err error
	if p.CreatedAt, err = parseTime(created); err != nil {
		return store.Plan{}, fmt.Errorf("plan %q: %w", p.ID, err)
	}
	return p, nil
}

func scanTick(row scanner) (store.Tick, error) {
	var t store.Tick
	var done string
	if err := row.Scan(&t.OrgID, &t.PlanID, &t.CheckInID, &done); err != nil {
		return store.Tick{}, err
	}
	var err error
	if t.DoneOn, err = parseTime(done); err != nil {
		return store.Tick{}, fmt.Errorf("tick %q of plan %q: %w", t.CheckInID, t.PlanID, err)
	}
	return t, nil
}

func scanJournalEntry(row scanner) (store.JournalEntry, error) {
	var e store.JournalEntry
	var day, contexts, created string
	if err := row.Scan(&e.OrgID, &e.ID, &e.PersonID, &day, &e.Situation, &contexts, &e.Phase, &e.Need,
		&e.Approach, &e.Outcome, &e.Balanced, &created); err != nil {
		return store.JournalEntry{}, err
	}
	var err error
	if e.Date, err = time.Parse(dateFormat, day); err != nil {
		return store.JournalEntry{}, fmt.Errorf("journal entry %q: bad stored date %q: %w", e.ID, day, err)
	}
	if err := json.Unmarshal([]byte(contexts), &e.Contexts); err != nil {
		return store.JournalEntry{}, fmt.Errorf("journal entry %q: bad stored contexts: %w", e.ID, err)
	}
	if e.CreatedAt, err = parseTime(created); err != nil {
		return store.JournalEntry{}, fmt.Errorf("journal entry %q: %w", e.ID, err)
	}
	return e, nil
}

func scanRole(row scanner) (store.Role, error) {
	var r store.Role
	var def, created string
	if err := row.Scan(&r.OrgID, &r.ID, &r.Name, &def, &created); err != nil {
		return store.Role{}, err
	}
	r.Definition = json.RawMessage(def)
	var err error
	if r.CreatedAt, err = parseTime(created); err != nil {
		return store.Role{}, fmt.Errorf("role %q: %w", r.ID, err)
	}
	return r, nil
}

func planNotFound(id string) error {
	return fail.Errorf(fail.NotFound, "plan %q not found", id)
}
