package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/twohats/twohats/internal/campaign"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
)

// campaigns is the 360 service the pages and the API share.
func (s *Server) campaigns() *campaign.Service {
	return &campaign.Service{Store: s.cfg.Store, Catalog: s.cfg.Catalog, Mail: s.cfg.Mail}
}

// campaignRights is what a principal may do with one campaign.
type campaignRights struct {
	// Manage: add raters, move the campaign, make links, send reminders.
	// The campaign's owner and the organisation's owners and admins may.
	Manage bool
	// Subject: the campaign is about the principal.
	Subject bool
	// Report: the report may be seen now. The subject sees it once it is
	// released; its managers, and coaches the subject granted access, once
	// it is closed.
	Report bool
}

// visibleCampaign returns a campaign of the principal's organisation that
// the principal may see, with what they may do with it. Anything else,
// another organisation's campaign included, is fail.NotFound.
func (s *Server) visibleCampaign(ctx context.Context, p *Principal, id string) (*store.Campaign, campaignRights, error) {
	c, err := s.cfg.Store.Campaign(ctx, p.Membership.OrgID, id)
	if err != nil {
		return nil, campaignRights{}, err
	}
	r, err := s.campaignRights(ctx, p, c)
	if err != nil {
		return nil, campaignRights{}, err
	}
	if !r.Manage && !r.Subject && !r.Report && !s.coachOf(ctx, p, c) {
		return nil, campaignRights{}, fail.Errorf(fail.NotFound, "no campaign %q", id)
	}
	return c, r, nil
}

// campaignRights works out what the principal may do with c.
func (s *Server) campaignRights(ctx context.Context, p *Principal, c *store.Campaign) (campaignRights, error) {
	r := campaignRights{
		Manage:  c.OwnerUserID == p.User.ID || canSeeAll(p.Membership.Role),
		Subject: c.SubjectPersonID == p.Membership.PersonID,
	}
	switch {
	case r.Subject:
		// Even a subject who runs their own campaign, or who is an admin,
		// sees it only once it is released: releasing is the step that
		// hands the report to the subject.
		r.Report = c.State == store.CampaignReleased
	case c.State == store.CampaignClosed || c.State == store.CampaignReleased:
		r.Report = r.Manage || s.coachOf(ctx, p, c)
	}
	return r, nil
}

// coachOf reports whether the principal is a coach the campaign's subject
// granted access to.
func (s *Server) coachOf(ctx context.Context, p *Principal, c *store.Campaign) bool {
	if p.Membership.Role != store.RoleCoach {
		return false
	}
	ok, err := s.canView(ctx, p, c.SubjectPersonID)
	return err == nil && ok
}

// visibleCampaigns lists the campaigns of the principal's organisation that
// the principal may see, newest first.
func (s *Server) visibleCampaigns(ctx context.Context, p *Principal) ([]store.Campaign, error) {
	all, err := s.cfg.Store.ListCampaigns(ctx, p.Membership.OrgID)
	if err != nil {
		return nil, err
	}
	var out []store.Campaign
	for i := range all {
		c := &all[i]
		r, err := s.campaignRights(ctx, p, c)
		if err != nil {
			return nil, err
		}
		if r.Manage || r.Subject || s.coachOf(ctx, p, c) {
			out = append(out, *c)
		}
	}
	return out, nil
}

// checkCampaignSubject reports whether the principal may run a campaign
// about the person: the person themselves, an owner or admin, or a coach
// the person granted access. Anyone else gets fail.NotFound, as if there
// were no such person.
func (s *Server) checkCampaignSubject(ctx context.Context, p *Principal, personID string) error {
	if strings.TrimSpace(personID) == "" {
		e := fail.Errorf(fail.Invalid, "choose the person the feedback is about")
		e.Fields = map[string]string{"subject_person_id": "is required"}
		return e
	}
	ok, err := s.canView(ctx, p, personID)
	if err != nil {
		return err
	}
	if !ok {
		return fail.Errorf(fail.NotFound, "no person %q", personID)
	}
	if _, err := s.cfg.Store.Person(ctx, p.Membership.OrgID, personID); err != nil {
		return err
	}
	return nil
}

// forbiddenCampaign is what a principal who may see a campaign but not
// manage it gets for trying: the same as a campaign that does not exist.
func forbiddenCampaign(id string) error {
	return fail.Errorf(fail.NotFound, "no campaign %q you may manage", id)
}

// linkBase is the address rater links start with: the configured base URL,
// or else the address the request came to.
func (s *Server) linkBase(r *http.Request) string {
	if s.cfg.BaseURL != "" {
		return strings.TrimRight(s.cfg.BaseURL, "/")
	}
	scheme := "http"
	if s.secure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
