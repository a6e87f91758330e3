package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/twohats/twohats/internal/campaign"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/report"
	"github.com/twohats/twohats/internal/store"
)

// campaignsView is the list of campaigns and the form that starts one.
type campaignsView struct {
	Campaigns []campaignRow
	People    []personOption
	Errors    map[string]string
	Subject   string
	Threshold string
	Comments  string
}

// campaignRow is one campaign in the list.
type campaignRow struct {
	ID, Subject, State string
	Self               bool
	CreatedAt          time.Time
	Report             bool
}

// personOption is a person a campaign can be about.
type personOption struct {
	ID, Name, Email string
	Self            bool
}

// stateNames says what each state means, for people.
var stateNames = map[string]string{
	store.CampaignDraft:    "Draft: adding raters",
	store.CampaignOpen:     "Open: raters are answering",
	store.CampaignClosed:   "Closed: answers are final",
	store.CampaignReleased: "Released to the subject",
}

func (u *ui) handleCampaigns() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, err := u.campaignsView(r, nil)
		if err != nil {
			u.fail(w, r, err)
			return
		}
		notice := ""
		if r.URL.Query().Has("created") {
			notice = "The campaign is created."
		}
		u.render(w, r, http.StatusOK, "campaigns", &view{Title: "360-degree feedback", Nav: "campaigns", Notice: notice, Data: v})
	})
}

// campaignsView builds the list page, with the form's errors if any.
func (u *ui) campaignsView(r *http.Request, errs map[string]string) (*campaignsView, error) {
	ctx := r.Context()
	p, _ := principalFrom(ctx)
	list, err := u.s.visibleCampaigns(ctx, p)
	if err != nil {
		return nil, err
	}
	people, err := u.s.cfg.Store.People(ctx, p.Membership.OrgID)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	v := &campaignsView{Errors: errs, Subject: p.Membership.PersonID,
		Threshold: strconv.Itoa(store.DefaultCampaignThreshold), Comments: strconv.Itoa(store.DefaultCommentThreshold)}
	for _, pe := range people {
		names[pe.ID] = pe.Name
		ok, err := u.s.canView(ctx, p, pe.ID)
		if err != nil {
			return nil, err
		}
		if ok {
			o := personOption{ID: pe.ID, Name: pe.Name, Email: pe.Email, Self: pe.ID == p.Membership.PersonID}
			if o.Self {
				v.People = append([]personOption{o}, v.People...)
			} else {
				v.People = append(v.People, o)
			}
		}
	}
	for i := range list {
		c := &list[i]
		rights, err := u.s.campaignRights(ctx, p, c)
		if err != nil {
			return nil, err
		}
		name := names[c.SubjectPersonID]
		if name == "" {
			name = "Someone"
		}
		v.Campaigns = append(v.Campaigns, campaignRow{ID: c.ID, Subject: name, State: stateNames[c.State],
			Self: rights.Subject, CreatedAt: c.CreatedAt, Report: rights.Report})
	}
	if errs != nil {
		v.Subject, v.Threshold, v.Comments = r.PostFormValue("subject"), r.PostFormValue("threshold"), r.PostFormValue("comment_threshold")
	}
	return v, nil
}

// formInt reads a whole number from a form field; a blank field is def.
func formInt(r *http.Request, field string, def int, errs map[string]string) int {
	v := strings.TrimSpace(r.PostFormValue(field))
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		errs[field] = "Enter a whole number, such as " + strconv.Itoa(def)
	}
	return n
}

func (u *ui) handleCampaignCreate() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p, _ := principalFrom(ctx)
		errs := map[string]string{}
		th := formInt(r, "threshold", store.DefaultCampaignThreshold, errs)
		cth := formInt(r, "comment_threshold", store.DefaultCommentThreshold, errs)
		subject := r.PostFormValue("subject")
		var c *store.Campaign
		err := u.s.checkCampaignSubject(ctx, p, subject)
		if err == nil && len(errs) == 0 {
			c, err = u.s.campaigns().Create(ctx, p.Membership.OrgID, subject, p.User.ID, th, cth)
		}
		if err == nil && len(errs) == 0 {
			http.Redirect(w, r, "/campaigns/"+c.ID+"?created=1", http.StatusSeeOther)
			return
		}
		for k, msg := range fail.FieldsOf(err) {
			switch k {
			case "subject_person_id":
				errs["subject"] = "Choose the person the feedback is about"
			case "threshold":
				errs["threshold"] = "The anonymity threshold " + msg
			case "comment_threshold":
				errs["comment_threshold"] = "The comment threshold " + msg
			}
		}
		if err != nil && len(errs) == 0 {
			u.fail(w, r, err)
			return
		}
		v, verr := u.campaignsView(r, errs)
		if verr != nil {
			u.fail(w, r, verr)
			return
		}
		u.render(w, r, http.StatusUnprocessableEntity, "campaigns", &view{Title: "360-degree feedback", Nav: "campaigns", Data: v})
	})
}

// campaignView is one campaign's page.
type campaignView struct {
	ID, State, StateName  string
	Subject, SubjectEmail string
	Rights                campaignRights
	Threshold, Comments   int
	LockedAt              time.Time
	Steps                 []stepView
	// Next is the step the campaign's manager can take now, if any.
	Next       *nextStep
	Groups     []groupCount
	Raters     []store.Rater
	RaterCount int
	Submitted  int
	Drafts     int
	CanEdit    bool
	GroupKeys  []groupOption
	Errors     map[string]string
	// Problem is an error about the campaign as a whole, such as a move
	// its state forbids.
	Problem string
	Email   string
	Group   string
	Mail    bool
	Outbox  outboxSummary
	// Links are fresh links, shown once after the manager asks for them.
	Links []campaign.LinkInfo
}

// stepView is one state of the lifecycle, on the campaign page.
type stepView struct {
	Name    string
	At      time.Time
	Done    bool
	Current bool
}

// nextStep is the move a campaign's manager can make next.
type nextStep struct {
	State, Label, Explain string
}

// groupCount is how many raters a group has.
type groupCount struct {
	Name string
	N    int
}

// groupOption is a group a rater can be added in.
type groupOption struct {
	Key, Name string
}

// outboxSummary counts a campaign's mail.
type outboxSummary struct {
	Sent, Pending, Failed int
	LastError             string
}

var nextSteps = map[string]nextStep{
	store.CampaignDraft: {store.CampaignOpen, "Open for answers",
		"Raters' links start to work. Raters can still be added while it is open."},
	store.CampaignOpen: {store.CampaignClosed, "Close and make the report",
		"Answers become final and links stop working. The report is made from the answers submitted by then."},
	store.CampaignClosed: {store.CampaignReleased, "Release the report to the subject",
		"The subject can then see the report. A released campaign never changes again: more feedback means a new campaign."},
}

func (u *ui) handleCampaign() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		notice := ""
		switch {
		case q.Has("created"):
			notice = "The campaign is created, in draft. Add its raters, then open it."
		case q.Has("added"):
			notice = "The rater is added."
		case q.Has("moved"):
			notice = "The campaign is now " + strings.ToLower(stateNames[q.Get("moved")]) + "."
		case q.Has("thresholds"):
			notice = "The thresholds are changed."
		case q.Has("reminded"):
			notice = "Reminders are on their way to " + q.Get("reminded") + " rater(s) who have not submitted."
		}
		u.campaignPage(w, r, http.StatusOK, notice, nil)
	})
}

// campaignPage renders a campaign's page; edit, if not nil, fills in what a
// failed form needs (errors, values, fresh links).
func (u *ui) campaignPage(w http.ResponseWriter, r *http.Request, status int, notice string, edit func(*campaignView)) {
	ctx := r.Context()
	p, _ := principalFrom(ctx)
	c, rights, err := u.s.visibleCampaign(ctx, p, r.PathValue("id"))
	if err != nil {
		u.fail(w, r, err)
		return
	}
	st := u.s.cfg.Store
	subject, err := st.Person(ctx, c.OrgID, c.SubjectPersonID)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	v := &campaignView{ID: c.ID, State: c.State, StateName: stateNames[c.State], Subject: subject.Name, SubjectEmail: subject.Email,
		Rights: rights, Threshold: c.Threshold, Comments: c.CommentThreshold, LockedAt: c.ThresholdsLockedAt,
		CanEdit: rights.Manage && (c.State == store.CampaignDraft || c.State == store.CampaignOpen), Mail: u.s.cfg.Mail,
		Group: store.GroupPeer}
	for _, s := range []struct {
		state string
		at    time.Time
	}{{store.CampaignDraft, c.CreatedAt}, {store.CampaignOpen, c.OpenedAt}, {store.CampaignClosed, c.ClosedAt}, {store.CampaignReleased, c.ReleasedAt}} {
		v.Steps = append(v.Steps, stepView{Name: stateNames[s.state], At: s.at, Done: !s.at.IsZero(), Current: s.state == c.State})
	}
	if next, ok := nextSteps[c.State]; ok && rights.Manage {
		v.Next = &next
	}
	for _, g := range campaign.Groups() {
		v.GroupKeys = append(v.GroupKeys, groupOption{Key: g, Name: report.GroupName(g)})
	}
	if rights.Manage {
		raters, err := st.Raters(ctx, c.OrgID, c.ID)
		if err != nil {
			u.fail(w, r, err)
			return
		}
		v.Raters, v.RaterCount = raters, len(raters)
		counts := map[string]int{}
		for _, rt := range raters {
			counts[rt.Group]++
		}
		for _, g := range append([]string{store.GroupSelf}, campaign.Groups()...) {
			v.Groups = append(v.Groups, groupCount{Name: report.GroupName(g), N: counts[g]})
		}
		if v.Submitted, v.Drafts, err = st.CountResponses(ctx, c.OrgID, c.ID); err != nil {
			u.fail(w, r, err)
			return
		}
		if v.Mail {
			mails, err := st.CampaignMail(ctx, c.OrgID, c.ID)
			if err != nil {
				u.fail(w, r, err)
				return
			}
			for _, m := range mails {
				switch {
				case !m.SentAt.IsZero():
					v.Outbox.Sent++
				case m.Attempts >= store.MaxMailAttempts:
					v.Outbox.Failed++
					v.Outbox.LastError = m.LastError
				default:
					v.Outbox.Pending++
					if m.LastError != "" {
						v.Outbox.LastError = m.LastError
					}
				}
			}
		}
	}
	if edit != nil {
		edit(v)
	}
	title := "360-degree feedback for " + subject.Name
	if rights.Subject {
		title = "Your 360-degree feedback"
	}
	u.render(w, r, status, "campaign", &view{Title: title, Nav: "campaigns", Notice: notice, Data: v})
}

// managedCampaign is the first step of every campaign form: the campaign,
// which the principal must manage.
func (u *ui) managedCampaign(w http.ResponseWriter, r *http.Request) (*store.Campaign, bool) {
	p, _ := principalFrom(r.Context())
	c, rights, err := u.s.visibleCampaign(r.Context(), p, r.PathValue("id"))
	if err == nil && !rights.Manage {
		err = forbiddenCampaign(r.PathValue("id"))
	}
	if err != nil {
		u.fail(w, r, err)
		return nil, false
	}
	return c, true
}

// campaignFormFailed shows the campaign page again with what went wrong:
// field errors beside their fields, anything else at the top.
func (u *ui) campaignFormFailed(w http.ResponseWriter, r *http.Request, err error, fill func(*campaignView)) {
	switch fail.Code(err) {
	case fail.Invalid, fail.Conflict, fail.Gone:
	default:
		u.fail(w, r, err)
		return
	}
	u.campaignPage(w, r, statusOf(err), "", func(v *campaignView) {
		v.Errors = map[string]string{}
		for k, msg := range fail.FieldsOf(err) {
			v.Errors[k] = msg
		}
		// A conflict with the campaign's state is news for the whole page,
		// even when it also names a field.
		if len(v.Errors) == 0 || fail.Code(err) != fail.Invalid {
			v.Problem = fail.Message(err)
		}
		if fill != nil {
			fill(v)
		}
	})
}

func (u *ui) handleCampaignAddRater() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := u.managedCampaign(w, r)
		if !ok {
			return
		}
		email, group := strings.TrimSpace(r.PostFormValue("email")), r.PostFormValue("group")
		_, _, err := u.s.campaigns().AddRater(r.Context(), c.OrgID, c.ID, email, group)
		if err != nil {
			u.campaignFormFailed(w, r, err, func(v *campaignView) {
				v.Email, v.Group = email, group
				if msg, ok := v.Errors["email"]; ok {
					v.Errors["email"] = "The email " + msg
				}
			})
			return
		}
		http.Redirect(w, r, "/campaigns/"+c.ID+"?added=1#raters", http.StatusSeeOther)
	})
}

func (u *ui) handleCampaignMove() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := u.managedCampaign(w, r)
		if !ok {
			return
		}
		state := r.PostFormValue("state")
		if _, err := u.s.campaigns().Move(r.Context(), c.OrgID, c.ID, state); err != nil {
			u.campaignFormFailed(w, r, err, nil)
			return
		}
		http.Redirect(w, r, "/campaigns/"+c.ID+"?moved="+url.QueryEscape(state), http.StatusSeeOther)
	})
}

func (u *ui) handleCampaignThresholds() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := u.managedCampaign(w, r)
		if !ok {
			return
		}
		errs := map[string]string{}
		th := formInt(r, "threshold", c.Threshold, errs)
		cth := formInt(r, "comment_threshold", c.CommentThreshold, errs)
		var err error
		if len(errs) > 0 {
			err = &fail.Error{Code: fail.Invalid, Message: "the thresholds are not numbers", Fields: errs}
		} else {
			_, err = u.s.cfg.Store.SetCampaignThresholds(r.Context(), c.OrgID, c.ID, th, cth)
		}
		if err != nil {
			u.campaignFormFailed(w, r, err, nil)
			return
		}
		http.Redirect(w, r, "/campaigns/"+c.ID+"?thresholds=1", http.StatusSeeOther)
	})
}

func (u *ui) handleCampaignLinks() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := u.managedCampaign(w, r)
		if !ok {
			return
		}
		links, err := u.s.campaigns().Links(r.Context(), c.OrgID, c.ID, u.s.linkBase(r))
		if err != nil {
			u.campaignFormFailed(w, r, err, nil)
			return
		}
		u.campaignPage(w, r, http.StatusOK, "Here are the raters' links. Copy them now: they are not shown again, and making links again replaces these.",
			func(v *campaignView) { v.Links = links })
	})
}

func (u *ui) handleCampaignRemind() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := u.managedCampaign(w, r)
		if !ok {
			return
		}
		n, err := u.s.campaigns().Remind(r.Context(), c.OrgID, c.ID)
		if err != nil {
			u.campaignFormFailed(w, r, err, nil)
			return
		}
		http.Redirect(w, r, "/campaigns/"+c.ID+"?reminded="+strconv.Itoa(n), http.StatusSeeOther)
	})
}

// campaignReportView is the report page of a campaign.
type campaignReportView struct {
	ID, Subject string
	Self        bool
	Released    bool
	V           *report.FeedbackView
}

// campaignReport builds the report of a campaign the principal may see the
// report of; anything else is fail.NotFound.
func (u *ui) campaignReport(r *http.Request) (*campaign.Report, *store.Person, campaignRights, error) {
	ctx := r.Context()
	p, _ := principalFrom(ctx)
	c, rights, err := u.s.visibleCampaign(ctx, p, r.PathValue("id"))
	if err == nil && !rights.Report {
		err = fail.Errorf(fail.NotFound, "no report of campaign %q you may see yet", r.PathValue("id"))
	}
	if err != nil {
		return nil, nil, rights, err
	}
	rep, err := u.s.campaigns().Report(ctx, c.OrgID, c.ID)
	if err != nil {
		return nil, nil, rights, err
	}
	subject, err := u.s.cfg.Store.Person(ctx, c.OrgID, c.SubjectPersonID)
	if err != nil {
		return nil, nil, rights, err
	}
	return rep, subject, rights, nil
}

func (u *ui) handleCampaignReport() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rep, subject, rights, err := u.campaignReport(r)
		if err != nil {
			u.fail(w, r, err)
			return
		}
		fv, err := report.Feedback(rep.Report, report.FeedbackOptions{Subject: subject.Name, Development: rep.Development})
		if err != nil {
			u.internal(w, r, err)
			return
		}
		v := &campaignReportView{ID: rep.Source.ID, Subject: subject.Name, Self: rights.Subject, Released: rep.Source.State == store.CampaignReleased, V: fv}
		title := "360-degree feedback for " + subject.Name
		if rights.Subject {
			title = "Your 360-degree feedback"
		}
		u.render(w, r, http.StatusOK, "campaign_report", &view{Title: title, Nav: "campaigns", Data: v})
	})
}

// handleCampaignReportHTML serves the report as a standalone HTML file to
// save or print: inline CSS and SVG, no script, nothing fetched.
func (u *ui) handleCampaignReportHTML() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rep, subject, _, err := u.campaignReport(r)
		if err != nil {
			u.fail(w, r, err)
			return
		}
		var b bytes.Buffer
		if err := report.FeedbackHTML(&b, rep.Report, report.FeedbackOptions{Subject: subject.Name, Development: rep.Development}); err != nil {
			u.internal(w, r, err)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		// The file carries its own styles and nothing else.
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
		h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="360-feedback-%s.html"`, rep.Source.ID))
		_, _ = w.Write(b.Bytes())
	})
}
