package web

import (
	"net/http"
	"strings"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/report"
	"github.com/twohats/twohats/internal/store"
)

// landingView is the landing page: the framework in a few lines and, for a
// signed-in person, where they are.
type landingView struct {
	Dimensions []framework.Dimension
	Families   []framework.ContextFamily
	// Signed-in only.
	SignedIn    bool
	Name        string
	InProgress  bool
	Answered    int
	Total       int
	Latest      *store.Assessment
	LatestName  string
	Assessments int
}

func (u *ui) handleLanding() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		fw := u.s.cfg.Catalog.Framework
		v := &landingView{Dimensions: fw.Dimensions, Families: fw.ContextFamilies}
		q := r.URL.Query()
		notice := ""
		switch {
		case q.Has("saved"):
			notice = "Your answers are saved. Carry on whenever you like: nothing is lost."
		case q.Has("welcome"):
			notice = "Welcome to twohats. Your account is ready."
		case q.Has("signedout"):
			notice = "You are signed out."
		}
		if p, ok := principalFrom(ctx); ok {
			v.SignedIn, v.Name = true, p.User.Name
			if q.Has("switched") {
				notice = "You are now working in " + p.Membership.OrgName + "."
			}
			sc, err := u.scorer()
			if err != nil {
				u.internal(w, r, err)
				return
			}
			m := p.Membership
			if _, err := u.s.cfg.Store.Draft(ctx, m.OrgID, m.PersonID, sc.Instrument().ID); err == nil {
				resp, err := u.loadDraft(ctx, p, sc)
				if err != nil {
					u.internal(w, r, err)
					return
				}
				v.InProgress, v.Answered, v.Total = true, answeredCount(sc, resp), len(sc.Instrument().Items)
			} else if fail.Code(err) != fail.NotFound {
				u.internal(w, r, err)
				return
			}
			own, err := u.s.cfg.Store.Assessments(ctx, m.OrgID, store.AssessmentFilter{PersonID: m.PersonID})
			if err != nil {
				u.internal(w, r, err)
				return
			}
			if len(own) > 0 {
				v.Latest, v.Assessments = &own[0], len(own)
				v.LatestName = report.QuadrantName(own[0].Quadrant)
			}
		}
		u.render(w, r, http.StatusOK, "landing", &view{Title: "Know when to manage and when to lead", Nav: "home", Notice: notice, Data: v})
	})
}

// handleNotFound answers any address no other route takes.
func (u *ui) handleNotFound() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			writeProblemStatus(w, r, http.StatusNotFound, "no such endpoint")
			return
		}
		u.notFound(w, r)
	})
}
