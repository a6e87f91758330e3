package web

import "net/http"

// routesUI registers the pages of the web app. Every template is parsed here,
// so a broken one fails New.
func (s *Server) routesUI() error {
	u, err := newUI(s)
	if err != nil {
		return err
	}
	s.pageError = u.fail
	const page, asset = "page", "asset"
	get, post := http.MethodGet, http.MethodPost

	s.handle(get, "/{$}", page, false, u.handleLanding())
	s.handle(get, "/static/{file}", asset, false, u.handleStatic())

	s.handle(get, "/signup", page, false, u.handleSignupForm())
	s.handle(post, "/signup", page, false, s.rateLimited("signup", u.handleSignup()))
	s.handle(get, "/signin", page, false, u.handleSigninForm())
	s.handle(post, "/signin", page, false, s.rateLimited("signin", u.handleSignin()))
	s.handle(post, "/signout", page, false, u.handleSignout())

	s.handle(get, "/assess", page, true, u.handleAssessStart())
	s.handle(get, "/assess/{page}", page, true, u.handleAssessPage())
	s.handle(post, "/assess/{page}", page, true, u.handleAssessSave())

	s.handle(get, "/profiles", page, true, u.handleProfiles())
	s.handle(get, "/profiles/{id}", page, true, u.handleReport())

	s.handle(get, "/settings/tokens", page, true, u.handleTokens())
	s.handle(post, "/settings/tokens", page, true, u.handleTokenCreate())
	s.handle(post, "/settings/tokens/{id}/delete", page, true, u.handleTokenDelete())
	s.handle(get, "/settings/access", page, true, u.handleAccess())
	s.handle(post, "/settings/access", page, true, u.handleAccessGrant())
	s.handle(post, "/settings/access/{coach}/revoke", page, true, u.handleAccessRevoke())

	s.handle(get, "/settings/orgs", page, true, u.handleOrgs())
	s.handle(post, "/settings/orgs/{org}/switch", page, true, u.handleOrgSwitch())

	s.handle(get, "/org", page, true, u.handleOrg())
	s.handle(post, "/org/members", page, true, u.handleOrgAdd())

	s.routes360UI(u)
	s.routesGrowthUI(u)
	s.routesTeamsUI(u)
	s.routesNormsUI(u)
	s.routesCoachUI(u)

	// Any other address gets the friendly not-found page (or, under /api/,
	// a problem document).
	s.handle(get, "/", page, false, u.handleNotFound())
	return nil
}
