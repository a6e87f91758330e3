// Package store defines what twohats keeps between runs and the interface
// every storage adapter implements. It imports no database code: the SQLite
// and PostgreSQL adapters live in subpackages, share one database/sql
// implementation (sqldb) and pass one contract test suite, storetest.
package store

import (
	"context"
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/profile"
)

// The organisation and person the single-user CLI works as.
const (
	LocalOrgSlug     = "personal"     // slug of the local organisation
	LocalOrgName     = "Personal"     // name of the local organisation
	LocalPersonEmail = "me@localhost" // email of the local person
	LocalPersonName  = "Me"           // name of the local person
)

// Store keeps organisations, people, assessments and drafts. Every method
// that reads or writes an organisation's data takes its id, and never sees
// another organisation's rows.
type Store interface {
	// EnsureLocal returns the organisation and person used by the
	// single-user CLI, creating them on first use.
	EnsureLocal(ctx context.Context) (Local, error)

	// CreateAssessment stores a completed assessment whole or not at all,
	// and in the same transaction deletes the person's draft for that
	// instrument. On success it sets a.ID, if empty, and a.CreatedAt; on
	// failure it leaves a unchanged.
	CreateAssessment(ctx context.Context, a *Assessment) error

	// Assessment returns one assessment of the organisation, or a
	// fail.NotFound error if there is none with that id in it.
	Assessment(ctx context.Context, orgID, id string) (*Assessment, error)

	// Assessments returns the organisation's assessments that match f,
	// newest first.
	Assessments(ctx context.Context, orgID string, f AssessmentFilter) ([]Assessment, error)

	// SaveDraft creates or replaces the draft for d's organisation, person
	// and instrument, and sets d.UpdatedAt.
	SaveDraft(ctx context.Context, d *Draft) error

	// Draft returns the person's draft for the instrument, or a
	// fail.NotFound error if there is none.
	Draft(ctx context.Context, orgID, personID, instrument string) (*Draft, error)

	// DeleteDraft deletes the person's draft for the instrument; deleting a
	// draft that does not exist is not an error.
	DeleteDraft(ctx context.Context, orgID, personID, instrument string) error

	// Close releases the store's resources.
	Close() error

	Accounts
	Campaigns
	Growth
	Norms
	Teams
	Stories
}

// Local identifies the organisation and person the single-user CLI works as.
type Local struct {
	OrgID    string
	PersonID string
}

// Assessment is one completed, scored run of an instrument by a person.
type Assessment struct {
	OrgID      string
	ID         string
	PersonID   string
	Instrument string

	// Answers are the answers as assess.Record encodes them: the compact
	// form of profile.CompactPrefix, or the answers JSON that assessments
	// stored before it hold (both stay valid). They are the truth of the
	// assessment, which its profile is scored again from (the profile
	// itself is not stored); assess.Response reads either form.
	Answers json.RawMessage

	Management        float64
	Leadership        float64
	Tendency          float64
	JudgementAccuracy float64
	Quadrant          string

	// Facets come back from a store ordered by Scale, then Facet. Each
	// score is a whole number of tenths, as the scorer rounds them.
	Facets []FacetScore

	// IdempotencyKey, if set, makes a retried submit harmless: a second
	// assessment with the same key for the same person is a fail.Conflict,
	// and AssessmentByIdempotencyKey returns the first.
	IdempotencyKey string

	CreatedAt time.Time
}

// FacetScore is an assessment's score on one facet of one scale. Scale and
// Facet are keys, which may not hold the separators of the stored forms
// (':', ';', ',', '=', '|').
type FacetScore struct {
	Scale string
	Facet string
	Score float64
}

// AssessmentFilter narrows a list of assessments; its zero value matches all.
type AssessmentFilter struct {
	// PersonID, if set, keeps only that person's assessments.
	PersonID string
	// Limit, if positive, keeps only the newest Limit assessments.
	Limit int
}

// Draft is a person's unfinished run of an instrument, kept so it can be resumed.
type Draft struct {
	OrgID      string
	PersonID   string
	Instrument string
	// Answers is the answers JSON given so far, exactly as the caller gave it.
	Answers json.RawMessage
	// Position is the index of the item to resume at.
	Position  int
	UpdatedAt time.Time
}

// TenthsProblem is what is wrong with a facet score that is not a whole
// number of tenths.
const TenthsProblem = "score must be a whole number of tenths, such as 62.5"

// facetSeparators may not appear in a scale or facet key.
const facetSeparators = ":;,=|"

// Validate reports, as a fail.Invalid error naming each bad field, whether a
// is fit to store. Facets repeated within a are left to the store, which
// finds them as it writes the facets in order.
func (a *Assessment) Validate() error {
	if a == nil {
		return invalid("assessment", problems{"assessment": "is missing"})
	}
	p := problems{}
	p.required("org_id", a.OrgID)
	p.required("person_id", a.PersonID)
	p.required("instrument", a.Instrument)
	p.storedAnswers("answers", a.Answers)
	p.finite("management", a.Management)
	p.finite("leadership", a.Leadership)
	p.finite("tendency", a.Tendency)
	p.finite("judgement_accuracy", a.JudgementAccuracy)
	for i, f := range a.Facets {
		// The field's name is made only for a problem: an import checks a
		// dozen facets of a million assessments.
		problem := ""
		switch {
		case strings.TrimSpace(f.Scale) == "":
			problem = "scale is required"
		case strings.TrimSpace(f.Facet) == "":
			problem = "facet is required"
		case holdsFacetSeparator(f.Scale):
			problem = "scale may not hold any of " + facetSeparators
		case holdsFacetSeparator(f.Facet):
			problem = "facet may not hold any of " + facetSeparators
		case math.IsNaN(f.Score) || math.IsInf(f.Score, 0):
			problem = "score must be a finite number"
		case math.Round(f.Score*10)/10 != f.Score || math.Abs(f.Score) >= 1e14:
			problem = TenthsProblem
		}
		if problem != "" {
			p["facets["+strconv.Itoa(i)+"]"] = problem
		}
	}
	return invalid("assessment", p)
}

// holdsFacetSeparator reports whether s holds a byte of facetSeparators.
func holdsFacetSeparator(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ':', ';', ',', '=', '|':
			return true
		}
	}
	return false
}

// Validate reports, as a fail.Invalid error naming each bad field, whether d
// is fit to store.
func (d *Draft) Validate() error {
	if d == nil {
		return invalid("draft", problems{"draft": "is missing"})
	}
	p := problems{}
	p.required("org_id", d.OrgID)
	p.required("person_id", d.PersonID)
	p.required("instrument", d.Instrument)
	p.json("answers", d.Answers)
	if d.Position < 0 {
		p["position"] = "must not be negative"
	}
	return invalid("draft", p)
}

// CheckAssessmentKey reports, as a fail.Invalid error, whether the key of an
// assessment lookup is incomplete.
func CheckAssessmentKey(orgID, id string) error {
	p := problems{}
	p.required("org_id", orgID)
	p.required("id", id)
	return invalid("assessment lookup", p)
}

// CheckAssessmentFilter reports, as a fail.Invalid error, whether a list of
// assessments is asked for correctly.
func CheckAssessmentFilter(orgID string, f AssessmentFilter) error {
	p := problems{}
	p.required("org_id", orgID)
	if f.Limit < 0 {
		p["limit"] = "must not be negative"
	}
	return invalid("assessment filter", p)
}

// CheckDraftKey reports, as a fail.Invalid error, whether the key of a draft
// lookup is incomplete.
func CheckDraftKey(orgID, personID, instrument string) error {
	p := problems{}
	p.required("org_id", orgID)
	p.required("person_id", personID)
	p.required("instrument", instrument)
	return invalid("draft lookup", p)
}

// problems maps a field name to what is wrong with it.
type problems map[string]string

func (p problems) required(field, value string) {
	if strings.TrimSpace(value) == "" {
		p[field] = "is required"
	}
}

func (p problems) json(field string, v json.RawMessage) {
	switch {
	case len(v) == 0:
		p[field] = "is required"
	case !json.Valid(v):
		p[field] = "is not valid JSON"
	}
}

// storedAnswers checks an assessment's answers cheaply: the compact form's
// syntax (its layout needs the instrument, which assess.Record had), or
// valid JSON.
func (p problems) storedAnswers(field string, v json.RawMessage) {
	if len(v) > 0 && v[0] == profile.CompactPrefix[0] {
		if err := profile.CheckCompact(v); err != nil {
			p[field] = "is not in the compact form: it " + err.Error()
		}
		return
	}
	p.json(field, v)
}

func (p problems) finite(field string, v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		p[field] = "must be a finite number"
	}
}

// invalid returns nil for no problems, else a fail.Invalid error whose
// message names the bad fields and whose Fields say what is wrong with each.
func invalid(what string, p problems) error {
	if len(p) == 0 {
		return nil
	}
	names := make([]string, 0, len(p))
	for k := range p {
		names = append(names, k)
	}
	sort.Strings(names)
	e := fail.Errorf(fail.Invalid, "invalid %s: check %s", what, strings.Join(names, ", "))
	e.Fields = map[string]string(p)
	return e
}
