package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/twohats/twohats/internal/advisor"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/growth"
)

// journalView is the reflection journal page.
type journalView struct {
	Purpose advisor.Cited
	Form    journalForm
	Errors  []fieldMsg
	Entries []journalRow
	Report  *journalReportView
}

// journalForm is the form that adds an entry, as filled in.
type journalForm struct {
	Date       string
	Situation  string
	Balanced   string
	Fields     situationForm
	Approaches []choiceView
	Outcomes   []choiceView
	// DateError, SituationError are shown beside their fields.
	DateError, SituationError string
}

// journalRow is one entry with the advisor's recommendation.
type journalRow struct {
	Date        time.Time
	Situation   string
	Contexts    string
	Phase       string
	Approach    string
	Recommended string
	Match       bool
	Outcome     int
	Balanced    string
}

// journalReportView is the report in words.
type journalReportView struct {
	advisor.JournalReport
	// Default says the default under pressure in a sentence.
	Default string
}

// outcomeLabels name the outcomes 1-5.
var outcomeLabels = []string{"1 · badly", "2", "3", "4", "5 · very well"}

func newJournalForm(g *growth.Service, date string, e advisor.Entry) journalForm {
	f := journalForm{Date: date, Situation: e.Situation, Balanced: e.Balanced, Fields: newSituationForm(g.Advisor, e.Contexts, e.Phase, e.Need)}
	for _, ap := range advisor.Orientations() {
		f.Approaches = append(f.Approaches, choiceView{ID: "approach-" + ap, Name: "approach", Value: ap, Label: strings.ToUpper(ap[:1]) + ap[1:], Checked: e.Approach == ap})
	}
	for i, l := range outcomeLabels {
		f.Outcomes = append(f.Outcomes, choiceView{ID: fmt.Sprintf("outcome-%d", i+1), Name: "outcome", Value: strconv.Itoa(i + 1), Label: l, Checked: e.Outcome == i+1})
	}
	return f
}

// renderJournal shows the principal's journal with the form as given.
func (u *ui) renderJournal(w http.ResponseWriter, r *http.Request, status int, form journalForm, errs []fieldMsg, notice string) {
	ctx := r.Context()
	p, _ := principalFrom(ctx)
	g := u.s.mustGrowth()
	list, rep, err := g.Journal(ctx, p.Membership.OrgID, p.Membership.PersonID)
	if err != nil {
		u.internal(w, r, err)
		return
	}
	v := &journalView{Purpose: g.Advisor.Purpose(), Form: form, Errors: errs}
	fw := g.Advisor.Framework()
	for i, e := range list {
		var names []string
		for _, c := range e.Contexts {
			if ctxt, _, ok := fw.Context(c); ok {
				names = append(names, ctxt.Name)
			}
		}
		ph, _ := fw.Phase(e.Phase)
		rv := rep.Reviews[i]
		v.Entries = append(v.Entries, journalRow{Date: e.Date, Situation: e.Situation, Contexts: strings.Join(names, ", "), Phase: ph.Name,
			Approach: e.Approach, Recommended: rv.Recommended, Match: rv.Match, Outcome: e.Outcome, Balanced: e.Balanced})
	}
	// Newest first on the page, which reads as a diary.
	for i, j := 0, len(v.Entries)-1; i < j; i, j = i+1, j-1 {
		v.Entries[i], v.Entries[j] = v.Entries[j], v.Entries[i]
	}
	if rep.Entries > 0 {
		v.Report = &journalReportView{JournalReport: rep, Default: pressureSentence(rep.Default)}
	}
	title := "Reflection journal"
	if len(errs) > 0 {
		title = "Error: " + title
	}
	u.render(w, r, status, "journal", &view{Title: title, Nav: "journal", Notice: notice, Data: v})
}

// pressureSentence says what a journal shows of a person's default.
func pressureSentence(d advisor.PressureDefault) string {
	where := "across your entries"
	if d.Basis == "pressure" {
		where = "under pressure (in crises)"
	}
	if d.Approach == "" {
		return fmt.Sprintf("No single default %s yet: your approaches are evenly split.", where)
	}
	return fmt.Sprintf("Your default %s is to %s: %d of %d entries.", where, d.Approach, d.Count, d.Of)
}

func (u *ui) handleJournal() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		notice := ""
		if r.URL.Query().Has("added") {
			notice = "Your entry is added, and the report below includes it."
		}
		today := u.s.cfg.Now().UTC().Format(time.DateOnly)
		u.renderJournal(w, r, http.StatusOK, newJournalForm(u.s.mustGrowth(), today, advisor.Entry{}), nil, notice)
	})
}

func (u *ui) handleJournalAdd() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			u.badForm(w, r, err)
			return
		}
		ctx := r.Context()
		p, _ := principalFrom(ctx)
		g := u.s.mustGrowth()
		f := r.PostForm
		e := advisor.Entry{Situation: strings.TrimSpace(f.Get("situation")), Contexts: f["context"], Phase: f.Get("phase"), Need: f.Get("need"),
			Approach: f.Get("approach"), Balanced: strings.TrimSpace(f.Get("balanced"))}
		e.Outcome, _ = strconv.Atoi(f.Get("outcome"))
		date := strings.TrimSpace(f.Get("date"))
		form := newJournalForm(g, date, e)
		var errs []fieldMsg
		if d, err := time.Parse(time.DateOnly, date); err == nil {
			e.Date = d
		} else {
			form.DateError = "Enter the day of the situation, such as 2025-06-02."
			errs = append(errs, fieldMsg{ID: "entry-date", Message: form.DateError})
		}
		if len(e.Situation) > 2000 || len(e.Balanced) > 2000 {
			errs = append(errs, fieldMsg{ID: "situation", Message: "Keep the situation and what a balanced approach would have done to 2,000 characters each."})
		}
		if len(errs) == 0 {
			if _, err := g.AddEntry(ctx, p.Membership.OrgID, p.Membership.PersonID, e); err != nil {
				if fail.Code(err) != fail.Invalid {
					u.internal(w, r, err)
					return
				}
				errs = append(errs, entryErrors(err, &form)...)
			}
		}
		if len(errs) > 0 {
			u.renderJournal(w, r, http.StatusUnprocessableEntity, form, errs, "")
			return
		}
		http.Redirect(w, r, "/journal?added=1", http.StatusSeeOther)
	})
}

// entryErrors links the advisor's complaints about an entry to the form.
func entryErrors(err error, form *journalForm) []fieldMsg {
	fields := fail.FieldsOf(err)
	var out []fieldMsg
	seen := map[string]bool{}
	add := func(id, msg string) {
		if !seen[id] {
			seen[id] = true
			out = append(out, fieldMsg{ID: id, Message: msg})
		}
	}
	for _, k := range sortedKeys(fields) {
		switch {
		case k == "situation":
			form.SituationError = "Describe the situation in a sentence or two."
			add("situation", form.SituationError)
		case k == "contexts" || strings.HasPrefix(k, "contexts["):
			add("context-mature", "Choose at least one context the situation was in.")
		case k == "phase":
			add("phase-launch", "Choose the phase the work was in.")
		case k == "need":
			add("need", fields[k])
		case k == "approach":
			add("approach-manage", "Choose the approach you used: manage, lead or blend.")
		case k == "outcome":
			add("outcome-1", "Choose how it went, from 1 (badly) to 5 (very well).")
		case k == "date":
			add("entry-date", "Enter the day of the situation.")
		}
	}
	if len(out) == 0 {
		add("situation", fail.Message(err))
	}
	return out
}
