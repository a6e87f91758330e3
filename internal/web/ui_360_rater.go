package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/twohats/twohats/internal/campaign"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/store"
)

// dontKnow is the form value of a rater's "don't know": the item is left
// out of their answers.
const dontKnow = "dk"

// raterView is a rater's form.
type raterView struct {
	// Action is the form's address: the rater's own link.
	Action  string
	Subject string
	Self    bool
	Manager bool
	Items   []raterItem
	// Comments are the two scales' comment boxes.
	Comments  []raterComment
	Submitted bool
	Answered  int
	Total     int
	Errors    []fieldMsg
	Threshold int
}

// raterItem is one item of the form, with its choices.
type raterItem struct {
	ID, Anchor, Text string
	Number           int
	Error            string
	Choices          []choiceView
}

// raterComment is one scale's comment box.
type raterComment struct {
	ID, Label, Hint, Value, Error string
}

// raterMessage is the page a link that does not open a form gets: it says
// why in general terms and shows nothing of any campaign.
type raterMessage struct {
	Status           int
	Heading, Message string
}

// raterHeaders keep a rater's page, whose address is their token, out of
// caches, referrers and search engines.
func raterHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Robots-Tag", "noindex, nofollow")
	h.Set("Cache-Control", "no-store")
}

// raterFailed renders the page for a link that cannot be used: 404 for one
// that finds no rater, 410 for a closed campaign, 409 for one not open yet.
func (u *ui) raterFailed(w http.ResponseWriter, r *http.Request, err error) {
	var m raterMessage
	switch fail.Code(err) {
	case fail.NotFound:
		m = raterMessage{http.StatusNotFound, "This link does not work",
			"Check that the whole link was copied. If it still does not work, ask the person who sent it to you for a new one: a newer link replaces older ones."}
	case fail.Gone:
		m = raterMessage{http.StatusGone, "This feedback has closed",
			"Answers can no longer be given or changed. Thank you for your time."}
	case fail.Conflict:
		m = raterMessage{http.StatusConflict, "This feedback has not started yet",
			"The link will work once the feedback opens. Please come back later."}
	default:
		u.internal(w, r, err)
		return
	}
	raterHeaders(w)
	u.render(w, r, m.Status, "rater_message", &view{Title: m.Heading, Data: m})
}

func (u *ui) handleRaterForm() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := r.PathValue("token")
		f, err := u.s.campaigns().Open(r.Context(), token)
		if err != nil {
			u.raterFailed(w, r, err)
			return
		}
		notice := ""
		switch {
		case r.URL.Query().Has("submitted"):
			notice = "Thank you: your answers are submitted. You can change them with this link until the feedback closes."
		case r.URL.Query().Has("saved"):
			notice = "Your answers are saved. Come back with the same link to finish them."
		}
		v := raterForm(f, token, f.Saved, nil)
		raterHeaders(w)
		u.render(w, r, http.StatusOK, "rater", &view{Title: v.title(), Notice: notice, Data: v})
	})
}

func (v *raterView) title() string {
	if v.Self {
		return "Rate yourself"
	}
	return "Feedback for " + v.Subject
}

// raterForm builds the form from what the rater has, with the problems of
// a refused save.
func raterForm(f *campaign.Form, token string, a campaign.Answers, problems map[string]string) *raterView {
	v := &raterView{Action: campaign.LinkPath(token), Subject: f.Subject.Name, Self: f.Rater.Group == store.GroupSelf,
		Manager: f.Rater.Group == store.GroupManager, Submitted: f.Submitted, Total: len(f.Items), Threshold: f.Campaign.Threshold}
	for i, it := range f.Items {
		anchor := "item-" + strings.ReplaceAll(it.ID, ".", "-")
		ri := raterItem{ID: it.ID, Anchor: anchor, Text: it.Text, Number: i + 1, Error: problems["answers."+it.ID]}
		got, answered := a.Answers[it.ID]
		if answered {
			v.Answered++
		}
		for _, pt := range f.Scale {
			ri.Choices = append(ri.Choices, choiceView{Name: it.ID, Value: strconv.Itoa(pt.Value), Label: pt.Label,
				ID: anchor + "-" + strconv.Itoa(pt.Value), Checked: answered && got == pt.Value})
		}
		ri.Choices = append(ri.Choices, choiceView{Name: it.ID, Value: dontKnow, Label: "Don't know", ID: anchor + "-dk"})
		if ri.Error != "" {
			v.Errors = append(v.Errors, fieldMsg{ID: ri.Choices[0].ID, Message: "Item " + strconv.Itoa(ri.Number) + ": " + ri.Error})
		}
		v.Items = append(v.Items, ri)
	}
	for _, s := range f.Scales {
		c := raterComment{ID: "comment-" + s.Key, Value: a.Comments[s.Key], Error: problems["comments."+s.Key]}
		who := "they"
		if v.Self {
			who = "you"
		}
		switch s.Key {
		case framework.Management:
			c.Label = "Anything to add about how " + who + " manage? (optional)"
			c.Hint = "Managing: plans, processes, control and reliable delivery."
		case framework.Leadership:
			c.Label = "Anything to add about how " + who + " lead? (optional)"
			c.Hint = "Leading: direction, influence, change and people's commitment."
		default:
			c.Label = s.Name + " (optional)"
		}
		if c.Error != "" {
			v.Errors = append(v.Errors, fieldMsg{ID: c.ID, Message: c.Error})
		}
		v.Comments = append(v.Comments, c)
	}
	return v
}

// raterAnswers reads a rater's form: each item's rating, or nothing for
// "don't know" and for an item left unanswered, and the comments. A value
// that is not a rating is kept as 0, for the scorer to refuse by item.
func raterAnswers(r *http.Request, f *campaign.Form) campaign.Answers {
	a := campaign.Answers{Answers: map[string]int{}, Comments: map[string]string{}}
	for _, it := range f.Items {
		v := r.PostFormValue(it.ID)
		if v == "" || v == dontKnow {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			n = 0
		}
		a.Answers[it.ID] = n
	}
	for _, s := range f.Scales {
		if text := r.PostFormValue("comment-" + s.Key); strings.TrimSpace(text) != "" {
			a.Comments[s.Key] = text
		}
	}
	return a
}

func (u *ui) handleRaterSave() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := r.PathValue("token")
		svc := u.s.campaigns()
		f, err := svc.Open(r.Context(), token)
		if err != nil {
			u.raterFailed(w, r, err)
			return
		}
		if err := r.ParseForm(); err != nil {
			u.fail(w, r, &fail.Error{Code: fail.Invalid, Message: "the form could not be read; please try again"})
			return
		}
		a := raterAnswers(r, f)
		submit := r.PostFormValue("action") == "submit"
		if _, err := svc.Respond(r.Context(), token, a, submit); err != nil {
			if fail.Code(err) != fail.Invalid {
				u.raterFailed(w, r, err)
				return
			}
			v := raterForm(f, token, a, fail.FieldsOf(err))
			raterHeaders(w)
			u.render(w, r, http.StatusUnprocessableEntity, "rater", &view{Title: v.title(), Data: v})
			return
		}
		next := campaign.LinkPath(token) + "?saved=1"
		if submit {
			next = campaign.LinkPath(token) + "?submitted=1"
		}
		raterHeaders(w)
		http.Redirect(w, r, next, http.StatusSeeOther)
	})
}
