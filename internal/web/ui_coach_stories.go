package web

import (
	"bytes"
	"net/http"
	"slices"
	"strings"

	"github.com/twohats/twohats/internal/coach"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
)

// storiesView is the story bank page.
type storiesView struct {
	Stories  []store.Story
	Coverage coach.Coverage
	Form     storyForm
	Errors   []fieldMsg
}

// storyForm is the form that adds a story, as filled in.
type storyForm struct {
	store.Story
	Fields situationForm
	Sides  []choiceView
	// FieldErrors are shown beside their fields, by form field name.
	FieldErrors map[string]string
}

func (u *ui) newStoryForm(s store.Story) storyForm {
	f := storyForm{Story: s, FieldErrors: map[string]string{}}
	if g, err := u.s.growth(); err == nil {
		f.Fields = newSituationForm(g.Advisor, s.Contexts, s.Phase, "")
	}
	for _, side := range []struct{ key, label string }{
		{store.SideManagement, "Management: a process, schedule, budget or standard you ran"},
		{store.SideLeadership, "Leadership: a change, vision or coalition you led"},
	} {
		f.Sides = append(f.Sides, choiceView{ID: "side-" + side.key, Name: "side", Value: side.key, Label: side.label, Checked: s.Side == side.key})
	}
	return f
}

// coachStories converts stored stories to the coach's, for the coverage
// check and the prep sheet.
func coachStories(list []store.Story) []coach.Story {
	out := make([]coach.Story, len(list))
	for i, s := range list {
		out[i] = coach.Story{Title: s.Title, Side: s.Side, Contexts: s.Contexts, Phase: s.Phase, Situation: s.Situation,
			Task: s.Task, Action: s.Action, Result: s.Result, WhyContext: s.WhyContext}
	}
	return out
}

func (u *ui) storiesPage(w http.ResponseWriter, r *http.Request, status int, form storyForm, errs []fieldMsg, notice string) {
	p, _ := principalFrom(r.Context())
	list, err := u.s.cfg.Store.StoryBank(r.Context(), p.Membership.OrgID, p.Membership.PersonID)
	if err != nil {
		u.internal(w, r, err)
		return
	}
	v := &storiesView{Stories: list, Coverage: coach.CheckCoverage(coachStories(list)), Form: form, Errors: errs}
	title := "Story bank"
	if len(errs) > 0 {
		title = "Error: " + title
	}
	u.render(w, r, status, "coach_stories", &view{Title: title, Nav: "coach", Notice: notice, Data: v})
}

func (u *ui) handleStories() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		notice := ""
		switch r.URL.Query().Get("done") {
		case "added":
			notice = "Story added."
		case "deleted":
			notice = "Story deleted."
		}
		u.storiesPage(w, r, http.StatusOK, u.newStoryForm(store.Story{}), nil, notice)
	})
}

func (u *ui) handleStoryAdd() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			u.badForm(w, r, err)
			return
		}
		p, _ := principalFrom(r.Context())
		f := r.PostForm
		s := store.Story{OrgID: p.Membership.OrgID, PersonID: p.Membership.PersonID,
			Title: strings.TrimSpace(f.Get("title")), Side: f.Get("side"), Contexts: f["context"], Phase: f.Get("phase"),
			Situation: strings.TrimSpace(f.Get("situation")), Task: strings.TrimSpace(f.Get("task")),
			Action: strings.TrimSpace(f.Get("action")), Result: strings.TrimSpace(f.Get("result")),
			WhyContext: strings.TrimSpace(f.Get("why_context"))}
		problems := coachStories([]store.Story{s})[0].Problems()
		if fw := u.s.cfg.Catalog.Framework; fw != nil {
			for _, c := range s.Contexts {
				if !slices.Contains(fw.ContextKeys(), c) {
					problems["context"] = "choose contexts from the list"
				}
			}
			if s.Phase != "" && !slices.Contains(fw.PhaseKeys(), s.Phase) {
				problems["phase"] = "choose a phase from the list"
			}
		}
		if len(problems) == 0 {
			err := u.s.cfg.Store.AddStory(r.Context(), &s)
			if err == nil {
				http.Redirect(w, r, "/coach/stories?done=added", http.StatusSeeOther)
				return
			}
			if fail.Code(err) != fail.Invalid {
				u.internal(w, r, err)
				return
			}
			problems = fail.FieldsOf(err)
		}
		form := u.newStoryForm(s)
		var errs []fieldMsg
		for _, k := range []string{"title", "side", "context", "phase", "situation", "task", "action", "result", "why_context"} {
			msg, ok := problems[k]
			if !ok {
				continue
			}
			id := strings.ReplaceAll(k, "_", "-")
			switch k {
			case "side":
				id = "side-management"
			case "context":
				id = "context-mature"
			case "phase":
				id = "phase-launch"
			}
			msg = strings.ToUpper(msg[:1]) + msg[1:] + "."
			form.FieldErrors[k] = msg
			errs = append(errs, fieldMsg{ID: id, Message: fieldLabel(k) + ": " + msg})
		}
		u.storiesPage(w, r, http.StatusUnprocessableEntity, form, errs, "")
	})
}

func fieldLabel(k string) string {
	switch k {
	case "why_context":
		return "Why the situation called for it"
	case "side":
		return "Side"
	}
	return strings.ToUpper(k[:1]) + k[1:]
}

func (u *ui) handleStoryDelete() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			u.badForm(w, r, err)
			return
		}
		p, _ := principalFrom(r.Context())
		id := r.PostForm.Get("id")
		if id == "" {
			u.fail(w, r, fail.Errorf(fail.NotFound, "no such story"))
			return
		}
		if err := u.s.cfg.Store.DeleteStory(r.Context(), p.Membership.OrgID, p.Membership.PersonID, id); err != nil {
			u.fail(w, r, err)
			return
		}
		http.Redirect(w, r, "/coach/stories?done=deleted", http.StatusSeeOther)
	})
}

// handlePrepSheet serves the one-page prep sheet as Markdown or HTML, as a
// download.
func (u *ui) handlePrepSheet(markdown bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := principalFrom(r.Context())
		list, err := u.s.cfg.Store.StoryBank(r.Context(), p.Membership.OrgID, p.Membership.PersonID)
		if err != nil {
			u.internal(w, r, err)
			return
		}
		var b bytes.Buffer
		name, ct, file := p.User.Name, "text/html; charset=utf-8", "prep-sheet.html"
		if markdown {
			ct, file = "text/markdown; charset=utf-8", "prep-sheet.md"
			err = coach.PrepSheetMarkdown(&b, name, coachStories(list))
		} else {
			err = coach.PrepSheetHTML(&b, name, coachStories(list))
		}
		if err != nil {
			u.internal(w, r, err)
			return
		}
		h := w.Header()
		h.Set("Content-Type", ct)
		h.Set("Content-Disposition", `attachment; filename="`+file+`"`)
		h.Set("Cache-Control", "no-store")
		_, _ = w.Write(b.Bytes())
	})
}

// storyPart is one STAR text field of the story form.
type storyPart struct {
	ID, Name, Label, Hint, Value string
}

// Parts lists the story form's text fields in STAR order, then the context.
func (f storyForm) Parts() []storyPart {
	return []storyPart{
		{"situation", "situation", "Situation", "Where and when: what was going on.", f.Situation},
		{"task", "task", "Task (optional)", "What had to be achieved.", f.Task},
		{"action", "action", "Action", "What you did, in the first person.", f.Action},
		{"result", "result", "Result", "What came of it, with a number if you have one.", f.Result},
		{"why-context", "why_context", "Why the situation called for it", "Why this needed managing (control, consistency) or leading (change, commitment).", f.WhyContext},
	}
}
