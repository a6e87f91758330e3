package web

import "net/http"

// routesNormsUI registers the admin pages of the instrument versions'
// statistics: reliability, item analysis and norm groups, for owners and
// admins of an organisation (anyone else gets the not-found page).
func (s *Server) routesNormsUI(u *ui) {
	const page = "page"
	get := http.MethodGet

	s.handle(get, "/admin/instruments", page, true, u.handleInstruments())
	s.handle(get, "/admin/instruments/{id}", page, true, u.handleInstrumentStats())
}
