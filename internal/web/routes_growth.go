package web

import "net/http"

// routesGrowthUI registers the pages of the advisor and of growing the side
// a person underuses: the situation advisor, the myths quiz and the FAQ,
// which need no account, and the candidate comparison, development plans
// and the reflection journal of the signed-in. The advisor's data was
// checked when routesGrowthAPI registered the API.
func (s *Server) routesGrowthUI(u *ui) {
	const page = "page"
	get, post := http.MethodGet, http.MethodPost

	s.handle(get, "/advise", page, false, u.handleAdvise())
	s.handle(get, "/myths", page, false, u.handleMyths())
	s.handle(post, "/myths", page, false, u.handleMythAnswer())
	s.handle(get, "/faq", page, false, u.handleFAQ())

	s.handle(get, "/fit", page, true, u.handleFitForm())
	s.handle(post, "/fit", page, true, u.handleFit())

	s.handle(get, "/plan", page, true, u.handlePlans())
	s.handle(post, "/plan", page, true, u.handlePlanCreate())
	s.handle(get, "/plan/{id}", page, true, u.handlePlan())
	s.handle(post, "/plan/{id}/check-ins", page, true, u.handlePlanCheckIns())

	s.handle(get, "/journal", page, true, u.handleJournal())
	s.handle(post, "/journal", page, true, u.handleJournalAdd())
}
