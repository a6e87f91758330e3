package web

import (
	"context"

	"github.com/twohats/twohats/internal/campaign"
	"github.com/twohats/twohats/internal/store"
)

// releasedFeedback returns the report of the newest released 360 campaign
// about the person, or nil if there is none or its others' view lacks a
// facet. A development plan follows the others' view when there is one:
// people misjudge their own tendency, and others are the honest mirror.
func (s *Server) releasedFeedback(ctx context.Context, orgID, personID string) (*campaign.Report, error) {
	list, err := s.cfg.Store.ListCampaigns(ctx, orgID)
	if err != nil {
		return nil, err
	}
	var newest *store.Campaign
	for i := range list {
		c := &list[i]
		if c.SubjectPersonID == personID && c.State == store.CampaignReleased && (newest == nil || c.ReleasedAt.After(newest.ReleasedAt)) {
			newest = c
		}
	}
	if newest == nil {
		return nil, nil
	}
	rep, err := s.campaigns().Report(ctx, orgID, newest.ID)
	if err != nil {
		return nil, err
	}
	if rep.Focus.Side == "" {
		return nil, nil
	}
	return rep, nil
}

// othersFocus puts the development focus of the newest released 360 about
// the person into a profile's report page, when there is one, and keeps the
// name of the side the profile alone would have chosen.
func (u *ui) othersFocus(ctx context.Context, orgID, personID string, v *reportView) error {
	rep, err := u.s.releasedFeedback(ctx, orgID, personID)
	if err != nil || rep == nil {
		return err
	}
	v.SelfFocusName = v.FocusName
	v.FocusFrom360, v.FocusCampaign = rep.Source.ReleasedAt, rep.Source.ID
	v.FocusName = rep.Focus.Side
	for _, s := range u.s.cfg.Catalog.Framework.Scales {
		if s.Key == rep.Focus.Side {
			v.FocusName = s.Name
		}
	}
	v.FocusSide = rep.Focus.Side
	v.Focus = nil
	for _, f := range rep.Focus.Facets {
		v.Focus = append(v.Focus, focusRow{Name: f.Name, Pole: f.Pole, Score: f.Score, Practices: f.Practices})
	}
	return nil
}
