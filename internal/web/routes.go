package web

import "net/http"

// routesSetup registers every route of the server. Pages live in
// routes_ui.go's routesUI, the JSON API in routes_api.go's routesAPI; this is
// the one list of what else is served.
func (s *Server) routesSetup() error {
	s.handle(http.MethodGet, "/healthz", "ops", false, s.handleHealthz())
	s.handle(http.MethodGet, "/readyz", "ops", false, s.handleReadyz())
	if err := s.routesAPI(); err != nil {
		return err
	}
	return s.routesUI()
}
