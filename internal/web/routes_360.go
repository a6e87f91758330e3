package web

import "net/http"

// routes360UI registers the pages of 360-degree feedback: the campaigns of
// the signed-in user, and the raters' forms, which need no account: their
// address is the rater's secret link (the request log hides it).
func (s *Server) routes360UI(u *ui) {
	const page = "page"
	get, post := http.MethodGet, http.MethodPost

	s.handle(get, "/campaigns", page, true, u.handleCampaigns())
	s.handle(post, "/campaigns", page, true, u.handleCampaignCreate())
	s.handle(get, "/campaigns/{id}", page, true, u.handleCampaign())
	s.handle(post, "/campaigns/{id}/raters", page, true, u.handleCampaignAddRater())
	s.handle(post, "/campaigns/{id}/state", page, true, u.handleCampaignMove())
	s.handle(post, "/campaigns/{id}/thresholds", page, true, u.handleCampaignThresholds())
	s.handle(post, "/campaigns/{id}/links", page, true, u.handleCampaignLinks())
	s.handle(post, "/campaigns/{id}/remind", page, true, u.handleCampaignRemind())
	s.handle(get, "/campaigns/{id}/report", page, true, u.handleCampaignReport())
	s.handle(get, "/campaigns/{id}/report.html", page, true, u.handleCampaignReportHTML())

	s.handle(get, "/r/{token}", page, false, u.handleRaterForm())
	s.handle(post, "/r/{token}", page, false, u.handleRaterSave())
}
