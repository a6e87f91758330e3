package web

import (
	"context"
	"slices"
	"sync"

	"github.com/twohats/twohats/internal/advisor"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/growth"
	"github.com/twohats/twohats/internal/store"
)

// growthAdvisors caches the advisor of each framework: building one parses
// and checks every advisor data file, which a request should not repeat.
var growthAdvisors sync.Map // *framework.Framework → *advisor.Advisor

// growth returns the service that runs fit, plans and the journal on the
// server's store. The routes call it at start-up, so broken advisor data
// stops New rather than a request.
func (s *Server) growth() (*growth.Service, error) {
	fw := s.cfg.Catalog.Framework
	v, ok := growthAdvisors.Load(fw)
	if !ok {
		a, err := advisor.New(fw)
		if err != nil {
			return nil, err
		}
		v, _ = growthAdvisors.LoadOrStore(fw, a)
	}
	return &growth.Service{Store: s.cfg.Store, Catalog: s.cfg.Catalog, Advisor: v.(*advisor.Advisor), Now: s.cfg.Now}, nil
}

// mustGrowth is growth for a request, after start-up checked the data.
func (s *Server) mustGrowth() *growth.Service {
	g, err := s.growth()
	if err != nil {
		panic("web: the advisor data broke after start-up: " + err.Error())
	}
	return g
}

// visiblePlan returns a plan of the principal's organisation whose person
// the principal may see; anything else is fail.NotFound.
func (s *Server) visiblePlan(ctx context.Context, p *Principal, id string) (*growth.Plan, error) {
	plan, err := s.mustGrowth().GetPlan(ctx, p.Membership.OrgID, id)
	if err != nil {
		return nil, err
	}
	ok, err := s.canView(ctx, p, plan.PersonID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fail.Errorf(fail.NotFound, "no plan %q", id)
	}
	return plan, nil
}

// ownPlan returns one of the principal's own plans: only the person whose
// plan it is ticks its check-ins. Anything else is fail.NotFound.
func (s *Server) ownPlan(ctx context.Context, p *Principal, id string) (*growth.Plan, error) {
	plan, err := s.mustGrowth().GetPlan(ctx, p.Membership.OrgID, id)
	if err == nil && plan.PersonID != p.Membership.PersonID {
		err = fail.Errorf(fail.NotFound, "no plan %q of yours", id)
	}
	return plan, err
}

// visiblePeople lists the organisation's people whose profiles the
// principal may see, by name: everyone for an owner or admin, the people
// who granted a coach access and the coach, else the principal alone.
func (s *Server) visiblePeople(ctx context.Context, p *Principal) ([]store.Person, error) {
	people, err := s.cfg.Store.People(ctx, p.Membership.OrgID)
	if err != nil {
		return nil, err
	}
	if canSeeAll(p.Membership.Role) {
		return people, nil
	}
	var coached []string
	if p.Membership.Role == store.RoleCoach {
		if coached, err = s.cfg.Store.CoachedPeople(ctx, p.Membership.OrgID, p.User.ID); err != nil {
			return nil, err
		}
	}
	out := []store.Person{}
	for _, pe := range people {
		if pe.ID == p.Membership.PersonID || slices.Contains(coached, pe.ID) {
			out = append(out, pe)
		}
	}
	return out, nil
}
