package store

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Growth keeps what a person grows with: development plans and the
// check-ins they tick off, reflection journal entries, and the roles an
// organisation compares people against. The plan and the role are kept as
// the JSON the advisor wrote and read; the store checks only that it is
// JSON, and that everything belongs to one organisation and one of its
// people.
type Growth interface {
	// CreatePlan stores a development plan for one of the organisation's
	// people. It sets p.ID, if empty, and p.CreatedAt.
	CreatePlan(ctx context.Context, p *Plan) error
	// Plan returns one of the organisation's plans with its ticks, or fails
	// with fail.NotFound.
	Plan(ctx context.Context, orgID, id string) (*Plan, error)
	// Plans lists a person's plans with their ticks, newest first.
	Plans(ctx context.Context, orgID, personID string) ([]Plan, error)
	// TickCheckIn records that a check-in of a plan was done. Ticking one
	// already ticked keeps the first date and is not an error; a plan not
	// in the organisation is fail.NotFound.
	TickCheckIn(ctx context.Context, t *Tick) error
	// UntickCheckIn takes a tick back; taking back one that is not there is
	// not an error, but a plan not in the organisation is fail.NotFound.
	UntickCheckIn(ctx context.Context, orgID, planID, checkInID string) error

	// AddJournalEntry stores a reflection of one of the organisation's
	// people. It sets e.ID, if empty, and e.CreatedAt.
	AddJournalEntry(ctx context.Context, e *JournalEntry) error
	// JournalEntries lists a person's journal entries, oldest first (by
	// date, then by when they were written).
	JournalEntries(ctx context.Context, orgID, personID string) ([]JournalEntry, error)

	// CreateRole stores a role definition; a second role with the same
	// name in the organisation is a fail.Conflict. It sets r.ID, if empty,
	// and r.CreatedAt.
	CreateRole(ctx context.Context, r *Role) error
	// Role returns one of the organisation's roles, or fails with
	// fail.NotFound.
	Role(ctx context.Context, orgID, id string) (*Role, error)
	// Roles lists the organisation's roles by name.
	Roles(ctx context.Context, orgID string) ([]Role, error)
}

// Plan is a stored 30/60/90-day development plan.
type Plan struct {
	OrgID    string
	ID       string
	PersonID string
	// Body is the plan JSON exactly as the caller gave it.
	Body json.RawMessage
	// Ticks are the check-ins done, ordered by check-in id.
	Ticks     []Tick
	CreatedAt time.Time
}

// Tick records that one check-in of a plan was done, and when.
type Tick struct {
	OrgID     string
	PlanID    string
	CheckInID string
	DoneOn    time.Time
}

// Approaches a journal entry can record.
const (
	ApproachManage = "manage"
	ApproachLead   = "lead"
	ApproachBlend  = "blend"
)

// Outcome bounds of a journal entry: 1 went badly, 5 very well.
const (
	MinOutcome = 1
	MaxOutcome = 5
)

// JournalEntry is one reflection: a situation, its contexts and phase, the
// approach used and how it went, and what a balanced approach would have
// done.
type JournalEntry struct {
	OrgID    string
	ID       string
	PersonID string
	// Date is the day of the situation; only its date counts.
	Date      time.Time
	Situation string
	Contexts  []string
	Phase     string
	// Need is the need at hand, or "".
	Need     string
	Approach string
	Outcome  int
	Balanced string
	// CreatedAt is when the entry was written.
	CreatedAt time.Time
}

// Role is a role definition an organisation compares people against.
type Role struct {
	OrgID string
	ID    string
	Name  string
	// Definition is the role JSON exactly as the caller gave it.
	Definition json.RawMessage
	CreatedAt  time.Time
}

// Validate reports, as a fail.Invalid error naming each bad field, whether p
// is fit to store.
func (p *Plan) Validate() error {
	if p == nil {
		return invalid("plan", problems{"plan": "is missing"})
	}
	pr := problems{}
	pr.required("org_id", p.OrgID)
	pr.required("person_id", p.PersonID)
	pr.json("body", p.Body)
	return invalid("plan", pr)
}

// Validate reports, as a fail.Invalid error naming each bad field, whether t
// is fit to store.
func (t *Tick) Validate() error {
	if t == nil {
		return invalid("tick", problems{"tick": "is missing"})
	}
	p := problems{}
	p.required("org_id", t.OrgID)
	p.required("plan_id", t.PlanID)
	p.required("check_in_id", t.CheckInID)
	if t.DoneOn.IsZero() {
		p["done_on"] = "is required"
	}
	return invalid("tick", p)
}

// Validate reports, as a fail.Invalid error naming each bad field, whether e
// is fit to store.
func (e *JournalEntry) Validate() error {
	if e == nil {
		return invalid("journal entry", problems{"entry": "is missing"})
	}
	p := problems{}
	p.required("org_id", e.OrgID)
	p.required("person_id", e.PersonID)
	p.required("situation", e.Situation)
	p.required("phase", e.Phase)
	if e.Date.IsZero() {
		p["date"] = "is required"
	}
	if len(e.Contexts) == 0 {
		p["contexts"] = "name at least one context"
	}
	for i, c := range e.Contexts {
		if strings.TrimSpace(c) == "" {
			p["contexts["+strconv.Itoa(i)+"]"] = "is blank"
		}
	}
	switch e.Approach {
	case ApproachManage, ApproachLead, ApproachBlend:
	default:
		p["approach"] = "must be manage, lead or blend"
	}
	if e.Outcome < MinOutcome || e.Outcome > MaxOutcome {
		p["outcome"] = "must be 1 to 5"
	}
	return invalid("journal entry", p)
}

// Validate reports, as a fail.Invalid error naming each bad field, whether r
// is fit to store.
func (r *Role) Validate() error {
	if r == nil {
		return invalid("role", problems{"role": "is missing"})
	}
	p := problems{}
	p.required("org_id", r.OrgID)
	p.required("name", r.Name)
	p.json("definition", r.Definition)
	return invalid("role", p)
}
