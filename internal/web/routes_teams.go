package web

import "net/http"

// routesTeamsUI registers the team dashboard pages: the organisation-wide
// view and one team's, for owners, admins and coaches, and the peer mentors
// a signed-in person is suggested.
func (s *Server) routesTeamsUI(u *ui) {
	const page = "page"
	get, post := http.MethodGet, http.MethodPost
	s.handle(get, "/org/teams", page, true, u.handleOrgDashboard())
	s.handle(get, "/org/teams/{id}", page, true, u.handleTeamDashboard())
	s.handle(get, "/mentors", page, true, u.handleMentors())
	s.handle(post, "/mentors", page, true, u.handleMentorOptIn())
}
