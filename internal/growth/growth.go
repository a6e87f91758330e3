// Package growth runs the advisor's role fit, development plans and
// reflection journal on a store, so that the command line, the web app and
// the JSON API follow the same rules: a person's scores are the others' view
// of their latest released 360 when it scored every facet, else their latest
// self-assessment; a plan is built by the advisor and kept as its JSON, with
// the check-ins ticked off kept beside it; a journal entry is checked by the
// advisor before it is stored and summed up by it when read.
//
// It decides nothing itself: the advisor (internal/advisor) decides, the
// store keeps. It fetches, translates and stores.
package growth

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/twohats/twohats/internal/advisor"
	"github.com/twohats/twohats/internal/assess"
	"github.com/twohats/twohats/internal/campaign"
	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/feedback"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/store"
)

// Service runs fit, plans and the journal on a store.
type Service struct {
	Store   store.Store
	Catalog *catalog.Catalog
	Advisor *advisor.Advisor
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// Basis says where the scores of a fit or a plan come from.
type Basis struct {
	// View is advisor.ViewSelf or advisor.ViewOthers.
	View string `json:"view"`
	// AssessmentID is the self-assessment used, for the self view.
	AssessmentID string `json:"assessment_id,omitempty"`
	// CampaignID is the released 360 used, for the others' view.
	CampaignID string `json:"campaign_id,omitempty"`
	// Date is when the assessment was taken or the 360 released.
	Date time.Time `json:"date"`
}

// Scores are a person's scores for a fit or a plan, and where they come from.
type Scores struct {
	PersonID string
	Person   advisor.Person
	Basis    Basis

	// Profile is the self profile, when Basis.View is advisor.ViewSelf.
	Profile *profile.Profile
	// Report and Scorer are the 360 report and its instrument's scorer, when
	// Basis.View is advisor.ViewOthers.
	Report *feedback.Report
	Scorer *profile.Scorer
}

// LatestScores returns the scores of one of the organisation's people: the
// others' view of their latest released 360 when others scored every facet,
// which takes precedence, else their latest self-assessment. A person with
// neither is a fail.Invalid error saying what to do.
func (s *Service) LatestScores(ctx context.Context, orgID, personID string) (*Scores, error) {
	if sc, err := s.released360(ctx, orgID, personID); err != nil || sc != nil {
		return sc, err
	}
	list, err := s.Store.Assessments(ctx, orgID, store.AssessmentFilter{PersonID: personID, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, &fail.Error{Code: fail.Invalid, Message: fmt.Sprintf("person %q has no assessment yet, and no released 360 in which others scored every facet: take the assessment first", personID),
			Fields: map[string]string{"person_id": "has no assessment yet"}}
	}
	return s.selfScores(&list[0])
}

// ScoresOfAssessment returns the scores an assessment stands for: the others'
// view of its person's latest released 360 when there is one, which takes
// precedence, else the assessment itself.
func (s *Service) ScoresOfAssessment(ctx context.Context, orgID, assessmentID string) (*Scores, error) {
	a, err := s.Store.Assessment(ctx, orgID, assessmentID)
	if err != nil {
		return nil, err
	}
	if sc, err := s.released360(ctx, orgID, a.PersonID); err != nil || sc != nil {
		return sc, err
	}
	return s.selfScores(a)
}

// SelfScores returns the scores of a profile that is not stored, such as one
// scored from an answers file.
func SelfScores(p *profile.Profile) *Scores {
	return &Scores{Person: advisor.PersonFromProfile(p), Basis: Basis{View: advisor.ViewSelf}, Profile: p}
}

func (s *Service) selfScores(a *store.Assessment) (*Scores, error) {
	sc, err := s.Catalog.Scorer(a.Instrument)
	if err != nil {
		return nil, fail.Errorf(fail.Internal, "assessment %s: %v", a.ID, err)
	}
	p, err := assess.Rescore(sc, a)
	if err != nil {
		return nil, err
	}
	return &Scores{PersonID: a.PersonID, Person: advisor.PersonFromProfile(&p),
		Basis: Basis{View: advisor.ViewSelf, AssessmentID: a.ID, Date: a.CreatedAt.UTC()}, Profile: &p}, nil
}

// released360 returns the others' view of the person's latest released 360,
// or nil when there is none in which others scored every facet.
func (s *Service) released360(ctx context.Context, orgID, personID string) (*Scores, error) {
	list, err := s.Store.ListCampaigns(ctx, orgID)
	if err != nil {
		return nil, err
	}
	var released []store.Campaign
	for _, c := range list {
		if c.SubjectPersonID == personID && c.State == store.CampaignReleased {
			released = append(released, c)
		}
	}
	slices.SortStableFunc(released, func(a, b store.Campaign) int { return b.ReleasedAt.Compare(a.ReleasedAt) })
	svc := &campaign.Service{Store: s.Store, Catalog: s.Catalog}
	for _, c := range released {
		rep, err := svc.Report(ctx, orgID, c.ID)
		if err != nil {
			return nil, err
		}
		p, ok := advisor.PersonFromOthers(rep.Report)
		if !ok {
			continue
		}
		sc, err := s.Catalog.Scorer(c.Instrument)
		if err != nil {
			return nil, fail.Errorf(fail.Internal, "campaign %s: %v", c.ID, err)
		}
		return &Scores{PersonID: personID, Person: p, Basis: Basis{View: advisor.ViewOthers, CampaignID: c.ID, Date: c.ReleasedAt.UTC()},
			Report: rep.Report, Scorer: sc}, nil
	}
	return nil, nil
}

// Plan is a stored development plan with its check-ins ticked as stored.
type Plan struct {
	ID        string    `json:"id"`
	PersonID  string    `json:"person_id"`
	CreatedAt time.Time `json:"created_at"`
	// Basis says which scores the plan was built from.
	Basis Basis `json:"basis"`
	advisor.Plan
}

// planBody is the stored JSON of a plan: the advisor's plan and its basis.
type planBody struct {
	Basis Basis        `json:"basis"`
	Plan  advisor.Plan `json:"plan"`
}

// CreatePlan builds a plan for one of the organisation's people from their
// latest scores (see LatestScores) and stores it. It starts today.
func (s *Service) CreatePlan(ctx context.Context, orgID, personID string) (*Plan, error) {
	sc, err := s.LatestScores(ctx, orgID, personID)
	if err != nil {
		return nil, err
	}
	y, m, d := s.now().UTC().Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	var ap advisor.Plan
	if sc.Basis.View == advisor.ViewOthers {
		ap, err = s.Advisor.PlanFromOthers(sc.Scorer, sc.Report, start)
	} else {
		ap, err = s.Advisor.PlanFromProfile(sc.Profile, start)
	}
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(planBody{Basis: sc.Basis, Plan: ap})
	if err != nil {
		return nil, err
	}
	sp := &store.Plan{OrgID: orgID, PersonID: personID, Body: body}
	if err := s.Store.CreatePlan(ctx, sp); err != nil {
		return nil, err
	}
	return planOf(sp)
}

// GetPlan returns one of the organisation's plans, or fail.NotFound.
func (s *Service) GetPlan(ctx context.Context, orgID, id string) (*Plan, error) {
	sp, err := s.Store.Plan(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	return planOf(sp)
}

// Plans lists a person's plans, newest first.
func (s *Service) Plans(ctx context.Context, orgID, personID string) ([]Plan, error) {
	list, err := s.Store.Plans(ctx, orgID, personID)
	if err != nil {
		return nil, err
	}
	out := make([]Plan, 0, len(list))
	for i := range list {
		p, err := planOf(&list[i])
		if err != nil {
			return nil, err
		}
		out = append(out, *p)
	}
	return out, nil
}

// planOf reads a stored plan and applies its ticks.
func planOf(sp *store.Plan) (*Plan, error) {
	var b planBody
	if err := json.Unmarshal(sp.Body, &b); err != nil {
		return nil, fail.Errorf(fail.Internal, "plan %s is unreadable: %v", sp.ID, err)
	}
	p := &Plan{ID: sp.ID, PersonID: sp.PersonID, CreatedAt: sp.CreatedAt.UTC(), Basis: b.Basis, Plan: b.Plan}
	for _, t := range sp.Ticks {
		// A tick of a check-in the plan no longer has is left out.
		_ = p.Plan.Tick(t.CheckInID, t.DoneOn.UTC())
	}
	return p, nil
}

// Tick marks a check-in of a plan done on a date, or not done, and returns
// the plan as it now is. An id the plan does not have is a fail.Invalid
// error listing the plan's check-ins.
func (s *Service) Tick(ctx context.Context, orgID, planID, checkInID string, done bool, on time.Time) (*Plan, error) {
	p, err := s.GetPlan(ctx, orgID, planID)
	if err != nil {
		return nil, err
	}
	probe := p.Plan
	probe.CheckIns = slices.Clone(p.CheckIns)
	if err := probe.Tick(checkInID, on); err != nil {
		return nil, err
	}
	if done {
		err = s.Store.TickCheckIn(ctx, &store.Tick{OrgID: orgID, PlanID: planID, CheckInID: checkInID, DoneOn: on})
	} else {
		err = s.Store.UntickCheckIn(ctx, orgID, planID, checkInID)
	}
	if err != nil {
		return nil, err
	}
	return s.GetPlan(ctx, orgID, planID)
}

// Trend is the change per facet of the plan's person since the plan
// started, from their self-assessments: the last one on or before the start
// is the baseline. A person with no assessment has no trend (fail.Invalid).
func (s *Service) Trend(ctx context.Context, orgID string, p *Plan) (advisor.Trend, error) {
	list, err := s.Store.Assessments(ctx, orgID, store.AssessmentFilter{PersonID: p.PersonID})
	if err != nil {
		return advisor.Trend{}, err
	}
	dims := s.Advisor.Framework().DimensionKeys()
	var snaps []advisor.Snapshot
	for _, a := range list {
		if ps, ok := personOf(dims, &a); ok {
			snaps = append(snaps, advisor.Snapshot{Date: a.CreatedAt.UTC(), Person: ps})
		}
	}
	return p.Plan.Trend(snaps)
}

// personOf reads an assessment's stored scores as the advisor's self view,
// without scoring its answers again; ok is false if a facet is missing.
func personOf(dims []string, a *store.Assessment) (advisor.Person, bool) {
	p := advisor.Person{View: advisor.ViewSelf, Dimensions: dims, Scales: [2]float64{a.Management, a.Leadership}}
	for si, scale := range profile.ScaleKeys {
		p.Facets[si] = make([]float64, len(dims))
		for fi, d := range dims {
			i := slices.IndexFunc(a.Facets, func(f store.FacetScore) bool { return f.Scale == scale && f.Facet == d })
			if i < 0 {
				return advisor.Person{}, false
			}
			p.Facets[si][fi] = a.Facets[i].Score
		}
	}
	return p, true
}

// AddEntry checks a journal entry with the advisor and stores it for one of
// the organisation's people. An invalid entry is a fail.Invalid error naming
// each bad field, and nothing is stored.
func (s *Service) AddEntry(ctx context.Context, orgID, personID string, e advisor.Entry) (*store.JournalEntry, error) {
	if _, err := s.Advisor.ReviewEntry(e); err != nil {
		return nil, err
	}
	se := &store.JournalEntry{OrgID: orgID, PersonID: personID, Date: e.Date, Situation: e.Situation,
		Contexts: e.Contexts, Phase: e.Phase, Need: e.Need, Approach: e.Approach, Outcome: e.Outcome, Balanced: e.Balanced}
	if err := s.Store.AddJournalEntry(ctx, se); err != nil {
		return nil, err
	}
	return se, nil
}

// Journal returns a person's entries, oldest first, and the advisor's report
// on them.
func (s *Service) Journal(ctx context.Context, orgID, personID string) ([]store.JournalEntry, advisor.JournalReport, error) {
	list, err := s.Store.JournalEntries(ctx, orgID, personID)
	if err != nil {
		return nil, advisor.JournalReport{}, err
	}
	entries := make([]advisor.Entry, len(list))
	for i, e := range list {
		entries[i] = EntryOf(e)
	}
	rep, err := s.Advisor.Journal(entries)
	if err != nil {
		// Stored entries were checked when written: the data changed since.
		return nil, advisor.JournalReport{}, fail.Errorf(fail.Internal, "the stored journal no longer checks: %v", err)
	}
	return list, rep, nil
}

// EntryOf returns a stored journal entry as the advisor reads it.
func EntryOf(e store.JournalEntry) advisor.Entry {
	return advisor.Entry{Date: e.Date, Situation: e.Situation, Contexts: e.Contexts, Phase: e.Phase, Need: e.Need,
		Approach: e.Approach, Outcome: e.Outcome, Balanced: e.Balanced}
}

// ParseRole reads a stored role's definition.
func (s *Service) ParseRole(r *store.Role) (advisor.Role, error) {
	role, err := s.Advisor.ParseRole(r.Name, r.Definition)
	if err != nil {
		return advisor.Role{}, err
	}
	if role.Name == "" {
		role.Name = r.Name
	}
	return role, nil
}

// PlanStatus is a plan with where its person stands on it: the progress on
// a day, and the change per facet since it started.
type PlanStatus struct {
	Plan
	Progress advisor.Progress `json:"progress"`
	// Trend is nil when the person has no self-assessment to measure from.
	Trend *advisor.Trend `json:"trend"`
}

// Status returns the plan's progress on the day today and its trend.
func (s *Service) Status(ctx context.Context, orgID string, p *Plan, today time.Time) (*PlanStatus, error) {
	st := &PlanStatus{Plan: *p, Progress: p.Progress(today)}
	t, err := s.Trend(ctx, orgID, p)
	switch {
	case err == nil:
		st.Trend = &t
	case fail.Code(err) != fail.Invalid:
		return nil, err
	}
	return st, nil
}
