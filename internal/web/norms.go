package web

import (
	"context"
	"time"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/norms"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/psychometrics"
)

// The norms and statistics of an instrument version, shared by its admin
// page, its API and the profile reports. Statistics are an organisation's:
// they are computed from its own stored answers only. Norm groups are its
// people and, as counts, everyone's.

// adminInstrument returns the instrument version whose statistics the
// principal asks for. Only owners and admins see statistics; for anyone
// else, as for a version that does not exist, there is nothing here
// (fail.NotFound).
func (s *Server) adminInstrument(p *Principal, id string) (*instrument.Instrument, error) {
	if p == nil || p.Membership == nil || !canSeeAll(p.Membership.Role) {
		return nil, fail.Errorf(fail.NotFound, "no instrument statistics here")
	}
	sc, err := s.cfg.Catalog.Scorer(id)
	if err != nil {
		return nil, fail.Errorf(fail.NotFound, "no instrument %q", id)
	}
	return sc.Instrument(), nil
}

// instrumentStatistics analyses the organisation's stored answers to the
// instrument, streamed from the store.
func (s *Server) instrumentStatistics(ctx context.Context, orgID string, in *instrument.Instrument) (*psychometrics.Report, error) {
	sc, err := s.cfg.Catalog.Scorer(in.ID)
	if err != nil {
		return nil, err
	}
	return norms.Statistics(ctx, s.cfg.Store, orgID, sc)
}

// normsTTL is how long an organisation's norm groups are current. They are
// read from every stored assessment (the all-users group from every
// organisation's), so every report view asking the store would cost as much
// as a scan of the whole assessments table; a new assessment moves a
// percentile by a hair, and shows within this time.
const normsTTL = time.Minute

// dropNorms marks the organisation's norm groups of the instrument version
// out of date: the next report rebuilds them.
func (s *Server) dropNorms(orgID, instrument string) { s.norms.drop(orgID + "\x00" + instrument) }

// assessed marks what a new assessment of the organisation changes out of
// date on this server: its norm groups and its team dashboards. Other
// servers, and other organisations' all-users group, see it within their
// time to live.
func (s *Server) assessed(orgID, instrument string) {
	s.dropNorms(orgID, instrument)
	s.dropBoard(orgID)
}

// normGroups returns the instrument version's norm groups for the
// organisation, kept as swr says.
func (s *Server) normGroups(ctx context.Context, orgID, instrument string) (*norms.Groups, error) {
	gs, _, err := s.norms.get(ctx, orgID+"\x00"+instrument, func(ctx context.Context) (*norms.Groups, error) {
		return norms.Load(ctx, s.cfg.Store, orgID, instrument)
	})
	return gs, err
}

// assessmentNorms places an assessment's profile in the norm groups of
// its organisation and instrument version.
func (s *Server) assessmentNorms(ctx context.Context, orgID string, p *profile.Profile) (*norms.Placement, error) {
	gs, err := s.normGroups(ctx, orgID, p.Instrument)
	if err != nil {
		return nil, err
	}
	return gs.Place(p), nil
}
