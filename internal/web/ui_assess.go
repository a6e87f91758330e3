package web

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/twohats/twohats/internal/assess"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/store"
)

// How many items of each section one web page holds: short enough to answer
// without losing the thread, long enough that the whole takes seven pages.
var itemsPerPage = map[string]int{
	instrument.Capability: 12,
	instrument.Tendency:   0, // the whole section
	instrument.SJT:        4,
}

// formPage is one page of the questionnaire in the browser: a run of items
// of one section.
type formPage struct {
	section instrument.Section
	items   []*instrument.Item
}

// formPlan cuts the instrument into pages, section by section.
func formPlan(in *instrument.Instrument) []formPage {
	var pages []formPage
	for _, sec := range []string{instrument.Capability, instrument.Tendency, instrument.SJT} {
		var items []*instrument.Item
		for i := range in.Items {
			if in.Items[i].Section == sec {
				items = append(items, &in.Items[i])
			}
		}
		n := itemsPerPage[sec]
		if n <= 0 {
			n = len(items)
		}
		for len(items) > 0 {
			k := min(n, len(items))
			pages = append(pages, formPage{section: in.Section(sec), items: items[:k:k]})
			items = items[k:]
		}
	}
	return pages
}

// pageOf returns the index of the page that holds the item.
func pageOf(plan []formPage, id string) int {
	for p, pg := range plan {
		for _, it := range pg.items {
			if it.ID == id {
				return p
			}
		}
	}
	return -1
}

// answerSlots is the number of Response slots an item fills.
func answerSlots(it *instrument.Item) int {
	if it.Section == instrument.SJT {
		return len(it.Options)
	}
	return 1
}

// itemDone reports whether every slot of the item is answered.
func itemDone(sc *profile.Scorer, r profile.Response, it *instrument.Item) bool {
	off, _ := sc.Offset(it.ID)
	for j := range answerSlots(it) {
		if r[off+j] == 0 {
			return false
		}
	}
	return true
}

// answeredCount counts the items whose every slot has an answer.
func answeredCount(sc *profile.Scorer, r profile.Response) int {
	in := sc.Instrument()
	n := 0
	for i := range in.Items {
		if itemDone(sc, r, &in.Items[i]) {
			n++
		}
	}
	return n
}

// encodeAnswers validates answers with EncodePartial and returns the dense
// response of the valid ones and what is wrong with the others, by item id.
// Unlike EncodePartial alone it accepts a scenario with only some options
// rated, which a page saved halfway leaves: the unrated options are checked
// with a stand-in rating and then left unanswered.
func encodeAnswers(sc *profile.Scorer, a profile.Answers) (profile.Response, map[string]string) {
	in := sc.Instrument()
	a.Answers = maps.Clone(a.Answers)
	type hole struct {
		item string
		opt  int
	}
	var holes []hole
	for id, raw := range a.Answers {
		it, ok := in.Item(id)
		if !ok || it.Section != instrument.SJT {
			continue
		}
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil {
			continue // EncodePartial names the problem
		}
		filled := false
		for j, o := range it.Options {
			if _, ok := m[o.ID]; !ok {
				m[o.ID] = json.RawMessage(strconv.Itoa(instrument.MinRating))
				holes = append(holes, hole{id, j})
				filled = true
			}
		}
		if filled {
			b, _ := json.Marshal(m)
			a.Answers[id] = b
		}
	}
	r, err := sc.EncodePartial(a)
	var bad map[string]string
	if err != nil {
		bad = fail.FieldsOf(err)
		if len(bad) == 0 {
			bad = map[string]string{"instrument": fail.Message(err)}
		}
		for id := range bad {
			delete(a.Answers, id)
		}
		if r, err = sc.EncodePartial(a); err != nil {
			// Only the instrument itself can still be wrong: start afresh.
			r = make(profile.Response, sc.Slots())
			return r, bad
		}
	}
	for _, h := range holes {
		if _, dropped := bad[h.item]; dropped {
			continue
		}
		off, _ := sc.Offset(h.item)
		r[off+h.opt] = 0
	}
	return r, bad
}

// formAnswers reads the answers a page posted. A capability or tendency
// answer comes as item=value, a scenario rating as item:option=rating. Keys
// other than the page's controls are taken as item ids, so that an unknown
// one is reported by EncodePartial rather than silently dropped.
func formAnswers(form map[string][]string) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	sjt := map[string]map[string]json.RawMessage{}
	for key, vals := range form {
		if key == "action" || key == "attempt" || len(vals) == 0 {
			continue
		}
		v := jsonValue(vals[0])
		if item, opt, ok := strings.Cut(key, ":"); ok {
			if sjt[item] == nil {
				sjt[item] = map[string]json.RawMessage{}
			}
			sjt[item][opt] = v
			continue
		}
		out[key] = v
	}
	for item, m := range sjt {
		b, _ := json.Marshal(m)
		out[item] = b
	}
	return out
}

// jsonValue writes a form value as JSON: a whole number as a number,
// anything else as a string, for EncodePartial to judge.
func jsonValue(s string) json.RawMessage {
	if n, err := strconv.Atoi(s); err == nil {
		return json.RawMessage(strconv.Itoa(n))
	}
	b, _ := json.Marshal(s)
	return b
}

// mergeAnswers lays the posted answers over the saved ones. A scenario's
// posted ratings are merged option by option with its saved ones.
func mergeAnswers(saved, posted map[string]json.RawMessage) map[string]json.RawMessage {
	out := maps.Clone(saved)
	if out == nil {
		out = map[string]json.RawMessage{}
	}
	for id, raw := range posted {
		var was, now map[string]json.RawMessage
		if json.Unmarshal(out[id], &was) == nil && was != nil && json.Unmarshal(raw, &now) == nil && now != nil {
			maps.Copy(was, now)
			raw, _ = json.Marshal(was)
		}
		out[id] = raw
	}
	return out
}

// loadDraft returns the principal's saved answers, or an empty response.
// Answers that no longer fit the instrument are dropped and logged rather
// than locking the person out of their assessment.
func (u *ui) loadDraft(ctx context.Context, p *Principal, sc *profile.Scorer) (profile.Response, error) {
	m := p.Membership
	d, err := u.s.cfg.Store.Draft(ctx, m.OrgID, m.PersonID, sc.Instrument().ID)
	if fail.Code(err) == fail.NotFound {
		return make(profile.Response, sc.Slots()), nil
	}
	if err != nil {
		return nil, err
	}
	var a profile.Answers
	if err := json.Unmarshal(d.Answers, &a); err != nil {
		u.s.log.WarnContext(ctx, "unreadable draft", "org", m.OrgID, "person", m.PersonID, "err", err)
		return make(profile.Response, sc.Slots()), nil
	}
	r, bad := encodeAnswers(sc, a)
	if len(bad) > 0 {
		u.s.log.WarnContext(ctx, "draft answers dropped", "org", m.OrgID, "person", m.PersonID, "items", sortedKeys(bad))
	}
	return r, nil
}

func (u *ui) saveDraft(ctx context.Context, p *Principal, sc *profile.Scorer, r profile.Response, page int) error {
	b, err := json.Marshal(sc.Decode(r))
	if err != nil {
		return err
	}
	m := p.Membership
	return u.s.cfg.Store.SaveDraft(ctx, &store.Draft{OrgID: m.OrgID, PersonID: m.PersonID, Instrument: sc.Instrument().ID, Answers: b, Position: page})
}

// scorer is the scorer of the instrument new assessments use.
func (u *ui) scorer() (*profile.Scorer, error) { return u.s.cfg.Catalog.Scorer(instrument.Default) }

// resumePage is the first page with an unanswered item, or the last page
// when everything is answered.
func resumePage(sc *profile.Scorer, plan []formPage, r profile.Response) int {
	for p, pg := range plan {
		for _, it := range pg.items {
			if !itemDone(sc, r, it) {
				return p
			}
		}
	}
	return len(plan) - 1
}

func (u *ui) handleAssessStart() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := principalFrom(r.Context())
		sc, err := u.scorer()
		if err != nil {
			u.internal(w, r, err)
			return
		}
		resp, err := u.loadDraft(r.Context(), p, sc)
		if err != nil {
			u.internal(w, r, err)
			return
		}
		page := resumePage(sc, formPlan(sc.Instrument()), resp)
		http.Redirect(w, r, fmt.Sprintf("/assess/%d", page+1), http.StatusSeeOther)
	})
}

// pageIndex reads the 1-based page number of the path as a 0-based index.
func pageIndex(r *http.Request, plan []formPage) (int, bool) {
	n, err := strconv.Atoi(r.PathValue("page"))
	if err != nil || n < 1 || n > len(plan) || strconv.Itoa(n) != r.PathValue("page") {
		return 0, false
	}
	return n - 1, true
}

// assessView is what an assessment page shows.
type assessView struct {
	Page, Pages     int // 1-based
	Section         instrument.Section
	Answered, Total int
	Items           []itemView
	First, Last     bool
	// Errors are the problems with the posted answers, in page order.
	Errors []itemError
	// Missing lists, page by page, what is still unanswered when the
	// person tried to finish.
	Missing []missingPage
	// Attempt makes a repeated finish harmless: it is the idempotency key
	// of the submit.
	Attempt string
}

// itemView is one question on a page.
type itemView struct {
	ID, Anchor string
	Kind       string
	Number     int
	// InSection is the item's number within its section.
	InSection int
	// Label names the item in headings and lists: "Question 3" or
	// "Situation 2".
	Label    string
	Text     string
	Scenario string
	Choices  []choiceView // capability and tendency
	Options  []optionView // scenarios
	Error    string
	Done     bool
}

// optionView is one response to a scenario, rated on the scenario scale.
type optionView struct {
	ID, Anchor string
	Text       string
	Choices    []choiceView
}

// choiceView is one radio button.
type choiceView struct {
	Name, Value, Label, ID string
	Checked                bool
}

// itemError names an item whose answer was refused.
type itemError struct {
	ID, Anchor, Message string
	// Page is the 1-based page that holds the item, or 0 if none does.
	Page int
}

// missingPage lists the unanswered items of one page.
type missingPage struct {
	Page  int
	Title string
	Items []itemError
}

func anchor(id string) string { return "q-" + id }

// buildAssessView lays out page p of the plan with the answers in r.
func buildAssessView(sc *profile.Scorer, plan []formPage, p int, r profile.Response, bad map[string]string) *assessView {
	in := sc.Instrument()
	number, inSection := 0, 0
	for _, pg := range plan[:p] {
		number += len(pg.items)
		if pg.section.Key == plan[p].section.Key {
			inSection += len(pg.items)
		}
	}
	v := &assessView{
		Page: p + 1, Pages: len(plan), Section: plan[p].section,
		Answered: answeredCount(sc, r), Total: len(in.Items),
		First: p == 0, Last: p == len(plan)-1,
	}
	for i, it := range plan[p].items {
		off, _ := sc.Offset(it.ID)
		iv := itemView{ID: it.ID, Anchor: anchor(it.ID), Kind: it.Section, Number: number + i + 1, InSection: inSection + i + 1,
			Label: itemLabel(it, number+i+1, inSection+i+1),
			Text:  it.Text, Scenario: it.Scenario, Error: bad[it.ID], Done: itemDone(sc, r, it)}
		switch it.Section {
		case instrument.Capability:
			for _, pt := range in.RatingScale {
				iv.Choices = append(iv.Choices, choiceView{Name: it.ID, Value: strconv.Itoa(pt.Value), Label: pt.Label,
					ID: fmt.Sprintf("%s-%d", iv.Anchor, pt.Value), Checked: int(r[off]) == pt.Value})
			}
		case instrument.Tendency:
			for j, o := range it.Options {
				iv.Choices = append(iv.Choices, choiceView{Name: it.ID, Value: o.ID, Label: o.Text,
					ID: iv.Anchor + "-" + o.ID, Checked: int(r[off]) == j+1})
			}
		case instrument.SJT:
			for j, o := range it.Options {
				ov := optionView{ID: o.ID, Anchor: iv.Anchor + "-" + o.ID, Text: o.Text}
				for _, pt := range in.SJTScale {
					ov.Choices = append(ov.Choices, choiceView{Name: it.ID + ":" + o.ID, Value: strconv.Itoa(pt.Value), Label: pt.Label,
						ID: fmt.Sprintf("%s-%d", ov.Anchor, pt.Value), Checked: int(r[off+j]) == pt.Value})
				}
				iv.Options = append(iv.Options, ov)
			}
		}
		v.Items = append(v.Items, iv)
	}
	for _, id := range sortedKeys(bad) {
		e := itemError{ID: id, Anchor: anchor(id), Message: bad[id]}
		if pg := pageOf(plan, id); pg >= 0 {
			e.Page = pg + 1
		}
		v.Errors = append(v.Errors, e)
	}
	// Errors of this page first, in the order the page shows them.
	slices.SortStableFunc(v.Errors, func(a, b itemError) int { return a.Page - b.Page })
	return v
}

// itemLabel names an item as the page shows it: scenarios by their number
// among the situations, other items by their question number.
func itemLabel(it *instrument.Item, number, inSection int) string {
	if it.Section == instrument.SJT {
		return fmt.Sprintf("Situation %d", inSection)
	}
	return fmt.Sprintf("Question %d", number)
}

// missing lists what is unanswered, page by page.
func missing(sc *profile.Scorer, plan []formPage, r profile.Response) []missingPage {
	var out []missingPage
	number := 0
	inSection := map[string]int{}
	for p, pg := range plan {
		mp := missingPage{Page: p + 1, Title: pg.section.Title}
		for i, it := range pg.items {
			inSection[it.Section]++
			if !itemDone(sc, r, it) {
				mp.Items = append(mp.Items, itemError{ID: it.ID, Anchor: anchor(it.ID), Page: p + 1,
					Message: itemLabel(it, number+i+1, inSection[it.Section])})
			}
		}
		number += len(pg.items)
		if len(mp.Items) > 0 {
			out = append(out, mp)
		}
	}
	return out
}

func (u *ui) renderAssess(w http.ResponseWriter, r *http.Request, status int, v *assessView) {
	if v.Attempt == "" {
		v.Attempt, _ = newSecret()
	}
	title := fmt.Sprintf("%s · page %d of %d", v.Section.Title, v.Page, v.Pages)
	if len(v.Errors) > 0 || len(v.Missing) > 0 {
		title = "Check your answers · " + title
	}
	u.render(w, r, status, "assess", &view{Title: title, Nav: "assess", Data: v})
}

func (u *ui) handleAssessPage() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := principalFrom(r.Context())
		sc, err := u.scorer()
		if err != nil {
			u.internal(w, r, err)
			return
		}
		plan := formPlan(sc.Instrument())
		idx, ok := pageIndex(r, plan)
		if !ok {
			u.notFound(w, r)
			return
		}
		resp, err := u.loadDraft(r.Context(), p, sc)
		if err != nil {
			u.internal(w, r, err)
			return
		}
		u.renderAssess(w, r, http.StatusOK, buildAssessView(sc, plan, idx, resp, nil))
	})
}

// validAttempt reports whether an attempt id is one renderAssess could have
// made, so that it is safe as part of an idempotency key.
func validAttempt(s string) bool {
	if len(s) < 16 || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func (u *ui) handleAssessSave() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p, _ := principalFrom(ctx)
		sc, err := u.scorer()
		if err != nil {
			u.internal(w, r, err)
			return
		}
		plan := formPlan(sc.Instrument())
		idx, ok := pageIndex(r, plan)
		if !ok {
			u.notFound(w, r)
			return
		}
		if err := r.ParseForm(); err != nil {
			u.badForm(w, r, err)
			return
		}
		action := r.PostForm.Get("action")
		attempt := r.PostForm.Get("attempt")
		if !validAttempt(attempt) {
			attempt = ""
		}
		m := p.Membership
		key := ""
		if attempt != "" {
			key = "web-" + attempt
		}
		// A finish that already went through (a double click, a reload)
		// shows the assessment it made.
		if action == "finish" && key != "" {
			prev, err := u.s.cfg.Store.AssessmentByIdempotencyKey(ctx, m.OrgID, m.PersonID, key)
			if err == nil {
				http.Redirect(w, r, "/profiles/"+prev.ID, http.StatusSeeOther)
				return
			}
			if fail.Code(err) != fail.NotFound {
				u.internal(w, r, err)
				return
			}
		}
		saved, err := u.loadDraft(ctx, p, sc)
		if err != nil {
			u.internal(w, r, err)
			return
		}
		posted := formAnswers(r.PostForm)
		all := profile.Answers{Instrument: sc.Instrument().ID, Answers: mergeAnswers(sc.Decode(saved).Answers, posted)}
		resp, bad := encodeAnswers(sc, all)
		if len(bad) > 0 {
			// Nothing is saved: the page comes back with the valid answers
			// kept, each refused one as it was saved, and named.
			for id := range bad {
				delete(posted, id)
			}
			all.Answers = mergeAnswers(sc.Decode(saved).Answers, posted)
			resp, _ = encodeAnswers(sc, all)
			v := buildAssessView(sc, plan, idx, resp, bad)
			v.Attempt = attempt
			u.renderAssess(w, r, http.StatusUnprocessableEntity, v)
			return
		}
		next := idx
		switch action {
		case "back":
			next = max(0, idx-1)
		case "next", "finish":
			next = min(len(plan)-1, idx+1)
		}
		if err := u.saveDraft(ctx, p, sc, resp, next); err != nil {
			u.internal(w, r, err)
			return
		}
		switch {
		case action == "later":
			http.Redirect(w, r, "/?saved=1", http.StatusSeeOther)
		case action == "back" || action == "next" && idx < len(plan)-1:
			http.Redirect(w, r, fmt.Sprintf("/assess/%d", next+1), http.StatusSeeOther)
		case action == "finish" || action == "next":
			if !resp.Complete() {
				v := buildAssessView(sc, plan, idx, resp, nil)
				v.Missing = missing(sc, plan, resp)
				v.Attempt = attempt
				u.renderAssess(w, r, http.StatusUnprocessableEntity, v)
				return
			}
			a, _, _, err := assess.Submit(ctx, u.s.cfg.Store, sc, m.OrgID, m.PersonID, resp, key)
			if err != nil {
				u.internal(w, r, err)
				return
			}
			u.s.assessed(m.OrgID, sc.Instrument().ID)
			http.Redirect(w, r, "/profiles/"+a.ID, http.StatusSeeOther)
		default:
			http.Redirect(w, r, fmt.Sprintf("/assess/%d", idx+1), http.StatusSeeOther)
		}
	})
}
