package web

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
)

// routesTeamsAPI registers the JSON API of the team dashboards: the
// organisation-wide view and one team's, for owners, admins and coaches.
// Both read one plan of the organisation's whole family of slices, so no
// aggregate shown by one can be differenced against another.
func (s *Server) routesTeamsAPI(reg *apiRegistry) {
	get := http.MethodGet
	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "get-org-dashboard", Method: get, Path: apiPrefix + "/dashboard", Tags: []string{"Team dashboards"},
		Summary: "Get the organisation-wide dashboard",
		Description: "Returns the organisation's aggregate scores, its quadrant counts, and for one page of its teams (in tree order) a heatmap of team × facet and each team's management share " +
			"against the advisor's recommendation for its declared context and phase, naming the risk of over-indexing. " +
			"as_of says when the figures were read: a large organisation's are rebuilt in the background at most every 30 seconds. " +
			"Every aggregate covers at least the anonymity threshold of people, and no shown aggregate can be differenced against another to isolate fewer: " +
			"suppressed slices say why and nothing else. For owners, admins and coaches; anyone else is answered 404.",
		Errors: []int{http.StatusNotFound},
	}, s.opOrgDashboard)

	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "get-team-dashboard", Method: get, Path: apiPrefix + "/teams/{id}/dashboard", Tags: []string{"Team dashboards"},
		Summary: "Get a team's dashboard",
		Description: "Returns one team's aggregate (with all its sub-teams), its people on the management × leadership grid (only those the caller may see one by one; " +
			"the rest count in the quadrant counts), a heatmap of the team and its sub-teams × facets, its blend against the advisor's recommendation with the risk of over-indexing, " +
			"and the fit of the people the caller may see to the roles they hold or are proposed for. A team of another organisation is 404.",
		Errors: []int{http.StatusNotFound},
	}, s.opTeamDashboard)
}

type apiOrgDashboardOutput struct {
	Body *OrgDashboard
}

// apiOrgDashboardInput pages the organisation's teams.
type apiOrgDashboardInput struct {
	Page    int `query:"page" minimum:"1" default:"1" doc:"The page of teams, from 1, in tree order (depth first, siblings by name)."`
	PerPage int `query:"per_page" minimum:"1" maximum:"500" default:"50" doc:"Teams on a page."`
}

func (s *Server) opOrgDashboard(ctx context.Context, in *apiOrgDashboardInput) (*apiOrgDashboardOutput, error) {
	d, err := s.orgDashboard(ctx, apiPrincipal(ctx), in.Page, in.PerPage)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return &apiOrgDashboardOutput{Body: d}, nil
}

type apiTeamDashboardOutput struct {
	Body *TeamDashboard
}

func (s *Server) opTeamDashboard(ctx context.Context, in *apiIDInput) (*apiTeamDashboardOutput, error) {
	d, _, err := s.teamDashboard(ctx, apiPrincipal(ctx), in.ID)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return &apiTeamDashboardOutput{Body: d}, nil
}
