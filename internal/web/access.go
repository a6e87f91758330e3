package web

import (
	"context"
	"slices"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
)

// canSeeAll reports whether a role sees every profile of its organisation.
func canSeeAll(role string) bool { return role == store.RoleOwner || role == store.RoleAdmin }

// canView reports whether the principal may see the person's profiles:
// owners and admins see everyone in their organisation, everyone sees
// themselves, and a coach sees the people who granted them access.
func (s *Server) canView(ctx context.Context, p *Principal, personID string) (bool, error) {
	m := p.Membership
	if canSeeAll(m.Role) || m.PersonID == personID {
		return true, nil
	}
	if m.Role != store.RoleCoach {
		return false, nil
	}
	grants, err := s.cfg.Store.CoachGrants(ctx, m.OrgID, personID)
	if err != nil {
		return false, err
	}
	return slices.Contains(grants, p.User.ID), nil
}

// visibleAssessment returns an assessment of the principal's organisation
// that the principal may see. Anything else, including another
// organisation's assessment, is fail.NotFound.
func (s *Server) visibleAssessment(ctx context.Context, p *Principal, id string) (*store.Assessment, error) {
	a, err := s.cfg.Store.Assessment(ctx, p.Membership.OrgID, id)
	if err != nil {
		return nil, err
	}
	ok, err := s.canView(ctx, p, a.PersonID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fail.Errorf(fail.NotFound, "no assessment %q", id)
	}
	return a, nil
}

// visibleAssessments lists the assessments of the principal's organisation
// that the principal may see, newest first. personID, if set, narrows the
// list to one person, who must be visible.
func (s *Server) visibleAssessments(ctx context.Context, p *Principal, personID string, limit int) ([]store.Assessment, error) {
	m := p.Membership
	if personID == "" && !canSeeAll(m.Role) && m.Role != store.RoleCoach {
		personID = m.PersonID
	}
	if personID != "" {
		ok, err := s.canView(ctx, p, personID)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fail.Errorf(fail.NotFound, "no person %q", personID)
		}
		return s.cfg.Store.Assessments(ctx, m.OrgID, store.AssessmentFilter{PersonID: personID, Limit: limit})
	}
	if canSeeAll(m.Role) {
		return s.cfg.Store.Assessments(ctx, m.OrgID, store.AssessmentFilter{Limit: limit})
	}
	// A coach: themselves and the people who granted access.
	people, err := s.cfg.Store.CoachedPeople(ctx, m.OrgID, p.User.ID)
	if err != nil {
		return nil, err
	}
	people = append(people, m.PersonID)
	var out []store.Assessment
	for _, id := range people {
		list, err := s.cfg.Store.Assessments(ctx, m.OrgID, store.AssessmentFilter{PersonID: id, Limit: limit})
		if err != nil {
			return nil, err
		}
		out = append(out, list...)
	}
	slices.SortFunc(out, func(a, b store.Assessment) int { return b.CreatedAt.Compare(a.CreatedAt) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
