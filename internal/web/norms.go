package web

import (
	"context"

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

// normGroups reads the instrument version's norm groups for the
// organisation.
func (s *Server) normGroups(ctx context.Context, orgID, instrument string) (*norms.Groups, error) {
	return norms.Load(ctx, s.cfg.Store, orgID, instrument)
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
