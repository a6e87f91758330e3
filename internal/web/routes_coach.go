package web

import "net/http"

// routesCoachUI registers the interview coach's practice page. It needs no
// account and stores nothing: the attempts so far travel in the form.
func (s *Server) routesCoachUI(u *ui) {
	s.handle(http.MethodGet, "/coach", "page", false, u.handleCoach())
	s.handle(http.MethodPost, "/coach", "page", false, s.rateLimited("coach", u.handleCoachAnswer()))
	s.routesStoriesUI(u)
}

// routesStoriesUI registers the story bank: a signed-in person's STAR
// stories, the coverage check and the prep sheet.
func (s *Server) routesStoriesUI(u *ui) {
	s.handle(http.MethodGet, "/coach/stories", "page", true, u.handleStories())
	s.handle(http.MethodPost, "/coach/stories", "page", true, u.handleStoryAdd())
	s.handle(http.MethodPost, "/coach/stories/delete", "page", true, u.handleStoryDelete())
	s.handle(http.MethodGet, "/coach/stories/prep.md", "page", true, u.handlePrepSheet(true))
	s.handle(http.MethodGet, "/coach/stories/prep.html", "page", true, u.handlePrepSheet(false))
}
