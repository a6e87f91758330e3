package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/twohats/twohats/internal/advisor"
	"github.com/twohats/twohats/internal/fail"
)

// familyView is one family of contexts, whose emphasis the form shows.
type familyView struct {
	Name     string
	Emphasis string
	Contexts []choiceView
}

// situationForm is the contexts, phase and need of a form, as chosen.
type situationForm struct {
	Families []familyView
	Phases   []choiceView
	Needs    []choiceView
	// Need is the need chosen, for the select.
	Need string
}

// newSituationForm lists every context, phase and need of the framework,
// marking those chosen.
func newSituationForm(a *advisor.Advisor, contexts []string, phase, need string) situationForm {
	fw := a.Framework()
	f := situationForm{Need: need}
	for _, fam := range fw.ContextFamilies {
		fv := familyView{Name: fam.Name, Emphasis: fam.Emphasis}
		for _, c := range fam.Members {
			fv.Contexts = append(fv.Contexts, choiceView{ID: "context-" + c.Key, Name: "context", Value: c.Key, Label: c.Name, Checked: slices.Contains(contexts, c.Key)})
		}
		f.Families = append(f.Families, fv)
	}
	for _, p := range fw.Phases {
		f.Phases = append(f.Phases, choiceView{ID: "phase-" + p.Key, Name: "phase", Value: p.Key, Label: p.Name + ": " + strings.ToLower(p.Need[:1]) + p.Need[1:], Checked: p.Key == phase})
	}
	for _, n := range a.Needs() {
		f.Needs = append(f.Needs, choiceView{ID: "need-" + n.Key, Name: "need", Value: n.Key, Label: n.Name, Checked: n.Key == need})
	}
	return f
}

// situationErrors turns the advisor's complaints about a situation into an
// error summary whose links reach the form's controls.
func situationErrors(err error) []fieldMsg {
	fields := fail.FieldsOf(err)
	var out []fieldMsg
	seen := map[string]bool{}
	for _, k := range sortedKeys(fields) {
		id, msg := "", fields[k]
		switch {
		case k == "contexts" || strings.HasPrefix(k, "contexts["):
			id = "context-mature"
			if k == "contexts" {
				msg = "Choose at least one context that describes the organisation."
			}
		case k == "phase":
			id = "phase-launch"
			if !strings.HasPrefix(msg, "unknown") {
				msg = "Choose the phase the work is in."
			}
		case k == "need":
			id = "need"
		default:
			continue
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, fieldMsg{ID: id, Message: msg})
	}
	if len(out) == 0 && err != nil {
		out = append(out, fieldMsg{ID: "context-mature", Message: fail.Message(err)})
	}
	return out
}

// adviseView is the advisor page.
type adviseView struct {
	Form   situationForm
	Errors []fieldMsg
	Advice *adviceView
}

// adviceView is advice as the page shows it.
type adviceView struct {
	advisor.Advice
	Leadership int
	// Share is the management share, for the bar.
	Share     float64
	Situation string
}

func (u *ui) handleAdvise() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := u.s.mustGrowth().Advisor
		q := r.URL.Query()
		s := advisor.Situation{Contexts: q["context"], Phase: q.Get("phase"), Need: q.Get("need")}
		v := &adviseView{Form: newSituationForm(a, s.Contexts, s.Phase, s.Need)}
		status := http.StatusOK
		if len(q) > 0 {
			adv, err := a.Advise(s)
			if err != nil {
				if fail.Code(err) != fail.Invalid {
					u.internal(w, r, err)
					return
				}
				v.Errors, status = situationErrors(err), http.StatusUnprocessableEntity
			} else {
				v.Advice = &adviceView{Advice: adv, Leadership: 100 - adv.ManagementShare, Share: float64(adv.ManagementShare), Situation: situationSentence(a, s)}
			}
		}
		title := "Situation advisor"
		if v.Errors != nil {
			title = "Error: " + title
		}
		u.render(w, r, status, "advise", &view{Title: title, Nav: "advise", Data: v})
	})
}

// situationSentence names a situation in words.
func situationSentence(a *advisor.Advisor, s advisor.Situation) string {
	fw := a.Framework()
	var names []string
	for _, k := range s.Contexts {
		if c, _, ok := fw.Context(k); ok {
			names = append(names, c.Name)
		}
	}
	ph, _ := fw.Phase(s.Phase)
	out := strings.Join(names, ", ") + "; " + strings.ToLower(ph.Name) + " phase"
	for _, n := range a.Needs() {
		if n.Key == s.Need {
			out += "; the need is " + strings.ToLower(n.Name)
		}
	}
	return out
}

// mythsView is one step of the myths quiz: a question, or the reality
// after an answer to it.
type mythsView struct {
	// Index is the question's place, from 0; Number from 1.
	Index, Number, Total int
	// Right is how many answers were right before this question.
	Right    int
	Question advisor.Question
	Marked   *advisor.Marked
	// Next is the address of the next question; "" after the last.
	Next    string
	Percent int
	Error   string
}

// quizStep reads which question a request is at and the score so far,
// clamped to the quiz.
func quizStep(values url.Values, total int) (index, right int) {
	index, _ = strconv.Atoi(values.Get("q"))
	right, _ = strconv.Atoi(values.Get("right"))
	index = max(0, min(index, total-1))
	right = max(0, min(right, index))
	return index, right
}

func (u *ui) handleMyths() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		qs := u.s.mustGrowth().Advisor.Quiz()
		i, right := quizStep(r.URL.Query(), len(qs))
		v := &mythsView{Index: i, Number: i + 1, Total: len(qs), Right: right, Question: qs[i]}
		u.render(w, r, http.StatusOK, "myths", &view{Title: "Myths quiz", Nav: "myths", Data: v})
	})
}

func (u *ui) handleMythAnswer() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			u.badForm(w, r, err)
			return
		}
		a := u.s.mustGrowth().Advisor
		qs := a.Quiz()
		i, right := quizStep(r.PostForm, len(qs))
		v := &mythsView{Index: i, Number: i + 1, Total: len(qs), Right: right, Question: qs[i]}
		answer := r.PostForm.Get("answer")
		if answer != "true" && answer != "false" {
			v.Error = "Choose true or false."
			u.render(w, r, http.StatusUnprocessableEntity, "myths", &view{Title: "Error: Myths quiz", Nav: "myths", Data: v})
			return
		}
		m, err := a.Answer(qs[i].ID, answer == "true")
		if err != nil {
			u.internal(w, r, err)
			return
		}
		v.Marked = &m
		if m.Correct {
			v.Right++
		}
		if i+1 < len(qs) {
			v.Next = fmt.Sprintf("/myths?q=%d&right=%d", i+1, v.Right)
		}
		v.Percent = 100 * v.Right / len(qs)
		u.render(w, r, http.StatusOK, "myths", &view{Title: "Myths quiz", Nav: "myths", Data: v})
	})
}

func (u *ui) handleFAQ() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.render(w, r, http.StatusOK, "faq", &view{Title: "Questions and answers", Nav: "faq", Data: u.s.mustGrowth().Advisor.FAQ()})
	})
}
