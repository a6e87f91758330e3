// Package campaign runs 360-degree feedback campaigns on a store: it makes the
// raters' links, takes their answers, queues invitations and reminders in the
// outbox, and builds the anonymity-safe report with feedback.Build. The web
// app, the JSON API and the command line all go through it, so a campaign
// follows the same rules wherever it is run from.
//
// It decides nothing about anonymity itself: the thresholds and what a
// report may show are the feedback package's, and the lifecycle is enforced
// by the store, in the transaction of each write.
package campaign

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/feedback"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/store"
)

// MaxItems is the most items a rater is asked to rate: more and raters tire
// and answer carelessly.
const MaxItems = 40

// MaxCommentRunes bounds one comment.
const MaxCommentRunes = 2000

// TokenPrefix starts every rater token, so a leaked one is recognisable.
const TokenPrefix = "rt_"

// Service runs campaigns on a store.
type Service struct {
	Store   store.Store
	Catalog *catalog.Catalog
	// Mail says whether a sender delivers the outbox. When it does, opening
	// a campaign queues an invitation to each rater and reminders can be
	// sent; when it does not, the campaign's owner copies the links.
	Mail bool
}

// NewToken returns a new rater token for the organisation and the hash to
// store. The secret is 256 random bits; the organisation's id is part of the
// token, so a lookup goes straight to the organisation's rows, as with API
// tokens.
func NewToken(orgID string) (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("make a rater token: %w", err)
	}
	secret := base64.RawURLEncoding.EncodeToString(b)
	return TokenPrefix + orgID + "_" + secret, hashSecret(secret), nil
}

// ParseToken splits a rater token into its organisation id and the hash of
// its secret.
func ParseToken(token string) (orgID, hash string, ok bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(token), TokenPrefix)
	if !ok {
		return "", "", false
	}
	// The secret is base64url, which may itself hold "_"; organisation ids
	// never do.
	i := strings.Index(rest, "_")
	if i <= 0 || len(rest)-i-1 < 43 {
		return "", "", false
	}
	return rest[:i], hashSecret(rest[i+1:]), true
}

// hashSecret is how a token's secret is stored: hex SHA-256. The secret is
// 256 random bits, so a fast hash is enough.
func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// LinkPath is the path of a rater's form.
func LinkPath(token string) string { return "/r/" + token }

// Link is the address of a rater's form under baseURL, such as
// "http://127.0.0.1:8080".
func Link(baseURL, token string) string {
	return strings.TrimRight(baseURL, "/") + LinkPath(token)
}

// errNoLink answers every token that finds no rater: it says nothing about
// why, so a guess learns nothing.
var errNoLink = fail.Errorf(fail.NotFound, "this feedback link does not work: check that it was copied whole, or ask the person who sent it for a new one")

// Create starts a draft campaign about one of the organisation's people, run
// by the user ownerUserID ("" from the command line), with the subject as
// its self rater. Zero thresholds mean the defaults.
func (s *Service) Create(ctx context.Context, orgID, subjectPersonID, ownerUserID string, threshold, commentThreshold int) (*store.Campaign, error) {
	subject, err := s.Store.Person(ctx, orgID, subjectPersonID)
	if err != nil {
		if fail.Code(err) == fail.NotFound {
			e := fail.Errorf(fail.Invalid, "no person %q in this organisation to run a campaign about", subjectPersonID)
			e.Fields = map[string]string{"subject_person_id": "no such person in this organisation"}
			return nil, e
		}
		return nil, err
	}
	sc, err := s.Catalog.Scorer(instrument.Default)
	if err != nil {
		return nil, err
	}
	if n := len(sc.Instrument().ItemsIn(instrument.Capability)); n > MaxItems {
		return nil, fmt.Errorf("instrument %s has %d capability items, more than the %d a rater is asked", sc.Instrument().ID, n, MaxItems)
	}
	_, hash, err := NewToken(orgID)
	if err != nil {
		return nil, err
	}
	c := &store.Campaign{OrgID: orgID, SubjectPersonID: subject.ID, OwnerUserID: ownerUserID, Instrument: sc.Instrument().ID,
		Threshold: threshold, CommentThreshold: commentThreshold}
	self := &store.Rater{Email: subject.Email, TokenHash: hash}
	if err := s.Store.CreateCampaign(ctx, c, self); err != nil {
		return nil, err
	}
	return c, nil
}

// Groups lists the groups a rater can be added in, in report order; the
// subject is the self group, added with the campaign.
func Groups() []string {
	return []string{store.GroupManager, store.GroupPeer, store.GroupDirectReport, store.GroupOther}
}

// CheckGroup reports, as a fail.Invalid error naming the field "group",
// whether a rater can be added in group.
func CheckGroup(group string) error {
	if slices.Contains(Groups(), group) {
		return nil
	}
	msg := fmt.Sprintf("unknown group %q; want one of %s", group, strings.Join(Groups(), ", "))
	if group == store.GroupSelf {
		msg = "the self group is the subject's own, added with the campaign; add raters as " + strings.Join(Groups(), ", ")
	}
	e := fail.Errorf(fail.Invalid, "%s", msg)
	e.Fields = map[string]string{"group": "must be one of " + strings.Join(Groups(), ", ")}
	return e
}

// AddRater adds a rater by email in one of Groups to a draft or open
// campaign and returns their token, which works until a new link is made
// for them. When mail is on and the campaign is open, an invitation is
// queued at once.
func (s *Service) AddRater(ctx context.Context, orgID, campaignID, email, group string) (*store.Rater, string, error) {
	if err := CheckGroup(group); err != nil {
		return nil, "", err
	}
	token, hash, err := NewToken(orgID)
	if err != nil {
		return nil, "", err
	}
	r := &store.Rater{OrgID: orgID, CampaignID: campaignID, Email: email, Group: group, TokenHash: hash}
	if err := s.Store.AddRater(ctx, r); err != nil {
		return nil, "", err
	}
	if s.Mail {
		c, err := s.Store.Campaign(ctx, orgID, campaignID)
		if err != nil {
			return nil, "", err
		}
		if c.State == store.CampaignOpen {
			if err := s.enqueue(ctx, c, []store.Rater{*r}, store.MailInvite); err != nil {
				return nil, "", err
			}
		}
	}
	return r, token, nil
}

// Move moves a campaign one step along draft → open → closed → released.
// Opening it queues an invitation to every rater when mail is on.
func (s *Service) Move(ctx context.Context, orgID, campaignID, state string) (*store.Campaign, error) {
	c, err := s.Store.SetCampaignState(ctx, orgID, campaignID, state)
	if err != nil {
		return nil, err
	}
	if s.Mail && state == store.CampaignOpen {
		raters, err := s.Store.Raters(ctx, orgID, campaignID)
		if err != nil {
			return nil, err
		}
		if err := s.enqueue(ctx, c, raters, store.MailInvite); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// LinkInfo is one rater's link, as `twohats campaign links --format json`
// prints it.
type LinkInfo struct {
	RaterID string `json:"-"`
	Email   string `json:"email"`
	Group   string `json:"group"`
	URL     string `json:"url"`
	Token   string `json:"token"`
}

// Links makes a fresh link for each rater of a draft or open campaign (or
// only those whose ids are in only, when it is not empty) and returns them,
// self first. Only a token's hash is stored, so the links cannot be shown
// again: making them again replaces them, and a rater's earlier link stops
// working. Saved answers are kept with the rater, not the link.
func (s *Service) Links(ctx context.Context, orgID, campaignID, baseURL string, only ...string) ([]LinkInfo, error) {
	c, err := s.Store.Campaign(ctx, orgID, campaignID)
	if err != nil {
		return nil, err
	}
	if c.State != store.CampaignDraft && c.State != store.CampaignOpen {
		return nil, fail.Errorf(fail.Gone, "campaign %q is %s: its links no longer work, so there are none to make", c.ID, c.State)
	}
	raters, err := s.Store.Raters(ctx, orgID, campaignID)
	if err != nil {
		return nil, err
	}
	out := []LinkInfo{}
	for _, r := range raters {
		if len(only) > 0 && !slices.Contains(only, r.ID) {
			continue
		}
		token, hash, err := NewToken(orgID)
		if err != nil {
			return nil, err
		}
		if err := s.Store.SetRaterToken(ctx, orgID, campaignID, r.ID, hash); err != nil {
			return nil, err
		}
		out = append(out, LinkInfo{RaterID: r.ID, Email: r.Email, Group: r.Group, URL: Link(baseURL, token), Token: token})
	}
	return out, nil
}

// Remind queues a reminder to every rater of an open campaign who has not
// submitted, when mail is on, and returns how many it queued.
func (s *Service) Remind(ctx context.Context, orgID, campaignID string) (int, error) {
	if !s.Mail {
		return 0, fail.Errorf(fail.Conflict, "no mail server is set up, so reminders cannot be sent: copy the raters' links instead")
	}
	c, err := s.Store.Campaign(ctx, orgID, campaignID)
	if err != nil {
		return 0, err
	}
	if c.State != store.CampaignOpen {
		code := fail.Conflict
		if c.State != store.CampaignDraft {
			code = fail.Gone
		}
		return 0, fail.Errorf(code, "campaign %q is %s: reminders go out only while it is open", c.ID, c.State)
	}
	raters, err := s.Store.Raters(ctx, orgID, campaignID)
	if err != nil {
		return 0, err
	}
	var due []store.Rater
	for _, r := range raters {
		resp, err := s.Store.Response(ctx, orgID, campaignID, r.ID)
		switch {
		case fail.Code(err) == fail.NotFound:
		case err != nil:
			return 0, err
		case resp.Submitted:
			continue
		}
		due = append(due, r)
	}
	return len(due), s.enqueue(ctx, c, due, store.MailReminder)
}

// enqueue queues one mail of the kind to each rater.
func (s *Service) enqueue(ctx context.Context, c *store.Campaign, raters []store.Rater, kind string) error {
	if len(raters) == 0 {
		return nil
	}
	subject, err := s.Store.Person(ctx, c.OrgID, c.SubjectPersonID)
	if err != nil {
		return err
	}
	for _, r := range raters {
		m := &store.Mail{OrgID: c.OrgID, CampaignID: c.ID, RaterID: r.ID, Kind: kind, To: r.Email}
		m.Subject, m.Body = mailText(kind, r.Group, oneLine(subject.Name))
		if err := s.Store.EnqueueMail(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// oneLine keeps a name fit for a mail header.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// mailText is the subject and body of a mail to a rater in group about the
// subject; the body holds store.LinkPlaceholder where the link goes.
func mailText(kind, group, subject string) (string, string) {
	var b strings.Builder
	title := "Your feedback for " + subject
	if group == store.GroupSelf {
		title = "Your 360-degree feedback: rate yourself"
	}
	if kind == store.MailReminder {
		title = "Reminder: " + title
		b.WriteString("This is a reminder: your answers are still welcome until the feedback closes.\n\n")
	}
	if group == store.GroupSelf {
		b.WriteString("You have asked colleagues for feedback on how you manage and how you lead. Rate yourself on the same behaviours, so that the report can set your view beside theirs:\n\n")
	} else {
		fmt.Fprintf(&b, "%s has asked for your feedback on how they manage and how they lead. It takes about ten minutes, and you need no account.\n\n", subject)
		if group == store.GroupManager {
			b.WriteString("You are asked as their manager: your ratings are shown as the manager's, so they are not anonymous.\n\n")
		} else {
			b.WriteString("Your answers are anonymous: they are only ever shown pooled with those of at least two others, never on their own.\n\n")
		}
	}
	b.WriteString(store.LinkPlaceholder + "\n\n")
	b.WriteString("The link is personal: please do not forward it. It replaces any earlier link you were sent.\n")
	return title, b.String()
}

// Sender delivers one plain-text mail.
type Sender interface {
	Send(ctx context.Context, to, subject, body string) error
}

// mailLease is how long a sender holds the mails it claimed: long enough to
// send a batch, short enough that a crashed sender's mails go out soon.
const mailLease = 5 * time.Minute

// Drain claims and sends up to limit mails from the outbox, each with a fresh link
// under baseURL made as it goes out (so no token is ever stored), and
// returns how many it sent. A mail that fails is kept for a later drain,
// up to store.MaxMailAttempts tries; one whose campaign is no longer open
// is not sent.
func (s *Service) Drain(ctx context.Context, sender Sender, baseURL string, limit int) (int, error) {
	pending, err := s.Store.ClaimMail(ctx, limit, mailLease)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, m := range pending {
		if err := ctx.Err(); err != nil {
			return sent, err
		}
		token, hash, err := NewToken(m.OrgID)
		if err != nil {
			return sent, err
		}
		if err := s.Store.SetRaterToken(ctx, m.OrgID, m.CampaignID, m.RaterID, hash); err != nil {
			if c := fail.Code(err); c == fail.Gone || c == fail.Conflict || c == fail.NotFound {
				if err := s.Store.MarkMailFailed(ctx, m.OrgID, m.ID, "not sent: "+fail.Message(err)); err != nil {
					return sent, err
				}
				continue
			}
			return sent, err
		}
		body := strings.ReplaceAll(m.Body, store.LinkPlaceholder, Link(baseURL, token))
		if err := sender.Send(ctx, m.To, m.Subject, body); err != nil {
			// The error names the server's answer, never the body.
			if err := s.Store.MarkMailFailed(ctx, m.OrgID, m.ID, err.Error()); err != nil {
				return sent, err
			}
			continue
		}
		if err := s.Store.MarkMailSent(ctx, m.OrgID, m.ID); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}

// Form is what a rater's link opens: whom they rate, the items to rate and
// what they have saved so far.
type Form struct {
	Rater    *store.Rater
	Campaign *store.Campaign
	// Subject is the person rated.
	Subject *store.Person
	// Items are the capability items, in the instrument's order, worded
	// for an observer (or, for the self rater, for themselves).
	Items  []FormItem
	Scale  []instrument.ScalePoint
	Scales []framework.Scale
	// Saved is the rater's response so far.
	Saved Answers
	// Submitted says whether the rater has submitted.
	Submitted bool
}

// FormItem is one item of a rater's form.
type FormItem struct {
	ID, Text, Scale string
}

// Answers is what a rater gives: a rating 1-5 by capability item id (an
// absent item means "don't know") and an optional comment by scale.
type Answers struct {
	Answers  map[string]int    `json:"answers"`
	Comments map[string]string `json:"comments,omitempty"`
}

// Open resolves a rater's token to their form. An unknown token is
// fail.NotFound; a campaign not open yet is fail.Conflict; a closed or
// released one is fail.Gone. None of these errors says anything about the
// campaign or its subject.
func (s *Service) Open(ctx context.Context, token string) (*Form, error) {
	r, c, err := s.rater(ctx, token)
	if err != nil {
		return nil, err
	}
	subject, err := s.Store.Person(ctx, c.OrgID, c.SubjectPersonID)
	if err != nil {
		return nil, err
	}
	sc, err := s.Catalog.Scorer(c.Instrument)
	if err != nil {
		return nil, err
	}
	in := sc.Instrument()
	f := &Form{Rater: r, Campaign: c, Subject: subject, Scale: in.RatingScale, Scales: sc.Framework().Scales}
	for _, it := range in.ItemsIn(instrument.Capability) {
		text := it.ObserverText
		if r.Group == store.GroupSelf || text == "" {
			text = it.Text
		}
		f.Items = append(f.Items, FormItem{ID: it.ID, Text: text, Scale: it.Scale})
	}
	if len(f.Items) > MaxItems {
		return nil, fmt.Errorf("instrument %s has %d capability items, more than the %d a rater is asked", in.ID, len(f.Items), MaxItems)
	}
	resp, err := s.Store.Response(ctx, c.OrgID, c.ID, r.ID)
	switch {
	case fail.Code(err) == fail.NotFound:
		f.Saved = Answers{Answers: map[string]int{}, Comments: map[string]string{}}
	case err != nil:
		return nil, err
	default:
		if f.Saved, err = decodeAnswers(resp); err != nil {
			return nil, err
		}
		f.Submitted = resp.Submitted
	}
	return f, nil
}

// rater finds the rater of a token and checks that their campaign is open.
func (s *Service) rater(ctx context.Context, token string) (*store.Rater, *store.Campaign, error) {
	orgID, hash, ok := ParseToken(token)
	if !ok {
		return nil, nil, errNoLink
	}
	r, c, err := s.Store.RaterByToken(ctx, orgID, hash)
	if fail.Code(err) == fail.NotFound {
		return nil, nil, errNoLink
	}
	if err != nil {
		return nil, nil, err
	}
	switch c.State {
	case store.CampaignOpen:
		return r, c, nil
	case store.CampaignDraft:
		return nil, nil, fail.Errorf(fail.Conflict, "this feedback has not started yet: the link will work once it opens")
	default:
		return nil, nil, fail.Errorf(fail.Gone, "this feedback has closed: answers can no longer be given or changed")
	}
}

// Respond validates a rater's answers against their campaign's instrument
// and saves them, submitting them if submit is set. Saving again, or
// submitting again, updates the one response.
func (s *Service) Respond(ctx context.Context, token string, a Answers, submit bool) (*store.Response, error) {
	r, c, err := s.rater(ctx, token)
	if err != nil {
		return nil, err
	}
	sc, err := s.Catalog.Scorer(c.Instrument)
	if err != nil {
		return nil, err
	}
	answers, comments, err := CheckAnswers(sc, a)
	if err != nil {
		return nil, err
	}
	resp := &store.Response{OrgID: c.OrgID, CampaignID: c.ID, RaterID: r.ID, Answers: answers, Comments: comments, Submitted: submit}
	if err := s.Store.SaveResponse(ctx, resp); err != nil {
		if fail.Code(err) == fail.Gone {
			// Closed between the lookup and the save.
			return nil, fail.Errorf(fail.Gone, "this feedback has closed: answers can no longer be given or changed")
		}
		return nil, err
	}
	return resp, nil
}

// CheckAnswers validates a rater's answers (capability items only, each 1-5;
// comments only on the two scales, each at most MaxCommentRunes) and returns
// them as the JSON a response stores. Every problem is reported under its
// field, "answers.<item id>" or "comments.<scale>", in one fail.Invalid
// error.
func CheckAnswers(sc *profile.Scorer, a Answers) (answers, comments json.RawMessage, err error) {
	bad := map[string]string{}
	if _, err := sc.Observe(a.Answers); err != nil {
		fields := fail.FieldsOf(err)
		if len(fields) == 0 {
			return nil, nil, err
		}
		for id, msg := range fields {
			bad["answers."+id] = msg
		}
	}
	clean := map[string]string{}
	for scale, text := range a.Comments {
		text = strings.TrimSpace(text)
		switch {
		case scale != framework.Management && scale != framework.Leadership:
			bad["comments."+scale] = fmt.Sprintf("unknown scale %q; want %s or %s", scale, framework.Management, framework.Leadership)
		case utf8.RuneCountInString(text) > MaxCommentRunes:
			bad["comments."+scale] = fmt.Sprintf("is %d characters long; keep it to %d", utf8.RuneCountInString(text), MaxCommentRunes)
		case text != "":
			clean[scale] = text
		}
	}
	if len(bad) > 0 {
		keys := slices.Sorted(maps.Keys(bad))
		msg := fmt.Sprintf("%d answer(s) are wrong: %s", len(keys), strings.Join(keys[:min(len(keys), 8)], ", "))
		if len(keys) > 8 {
			msg += fmt.Sprintf(" and %d more", len(keys)-8)
		}
		return nil, nil, &fail.Error{Code: fail.Invalid, Message: msg, Fields: bad}
	}
	if a.Answers == nil {
		a.Answers = map[string]int{}
	}
	answers, err = json.Marshal(a.Answers)
	if err != nil {
		return nil, nil, err
	}
	comments, err = json.Marshal(clean)
	if err != nil {
		return nil, nil, err
	}
	return answers, comments, nil
}

// ParseAnswersFile reads the answers JSON of the core assessment,
// {"instrument":"core@1","answers":{"<item id>": <rating>}}, restricted to
// capability items, as a rater's answers to a campaign on the instrument.
func ParseAnswersFile(data []byte, instrumentID string) (Answers, error) {
	doc, err := profile.ParseAnswers(data)
	if err != nil {
		return Answers{}, err
	}
	if doc.Instrument != instrumentID {
		e := fail.Errorf(fail.Invalid, "the answers are for instrument %q, but the campaign asks %q", doc.Instrument, instrumentID)
		e.Fields = map[string]string{"instrument": fmt.Sprintf("want %q", instrumentID)}
		return Answers{}, e
	}
	a := Answers{Answers: map[string]int{}}
	bad := map[string]string{}
	for id, raw := range doc.Answers {
		var v int
		if err := json.Unmarshal(raw, &v); err != nil {
			bad["answers."+id] = fmt.Sprintf("want a whole number from %d to %d, got %s: raters answer capability items only", instrument.MinRating, instrument.MaxRating, raw)
			continue
		}
		a.Answers[id] = v
	}
	if len(bad) > 0 {
		keys := slices.Sorted(maps.Keys(bad))
		return Answers{}, &fail.Error{Code: fail.Invalid, Message: fmt.Sprintf("%d answer(s) are wrong: %s", len(keys), strings.Join(keys[:min(len(keys), 8)], ", ")), Fields: bad}
	}
	return a, nil
}

// decodeAnswers reads a stored response back.
func decodeAnswers(r *store.Response) (Answers, error) {
	a := Answers{Answers: map[string]int{}, Comments: map[string]string{}}
	if err := json.Unmarshal(r.Answers, &a.Answers); err != nil {
		return Answers{}, fmt.Errorf("stored answers of rater %q: %w", r.RaterID, err)
	}
	if err := json.Unmarshal(r.Comments, &a.Comments); err != nil {
		return Answers{}, fmt.Errorf("stored comments of rater %q: %w", r.RaterID, err)
	}
	return a, nil
}

// Report is a campaign's 360 report: feedback.Report, whose JSON it extends
// with "development", the subject's development focus computed from the
// others' view.
type Report struct {
	*feedback.Report
	// Development is the focus the others' view gives, in the profile
	// JSON's shape; empty when all-others lacks a score on some facet.
	Development []profile.DevelopmentDoc `json:"development"`
	// Focus is the same focus, for the pages; Side is "" when there is none.
	Focus profile.Focus `json:"-"`
	// Source is the campaign the report is of.
	Source *store.Campaign `json:"-"`
}

// Report builds the report of a closed or released campaign from its
// submitted responses. A draft or open campaign has none (fail.Conflict).
func (s *Service) Report(ctx context.Context, orgID, campaignID string) (*Report, error) {
	c, responses, err := s.Store.ReportInput(ctx, orgID, campaignID)
	if err != nil {
		return nil, err
	}
	sc, err := s.Catalog.Scorer(c.Instrument)
	if err != nil {
		return nil, err
	}
	in := feedback.Input{CampaignID: c.ID, Threshold: c.Threshold, CommentThreshold: c.CommentThreshold}
	for i := range responses {
		a, err := decodeAnswers(&responses[i])
		if err != nil {
			return nil, err
		}
		in.Ratings = append(in.Ratings, feedback.Rating{RaterID: responses[i].RaterID, Group: responses[i].Group, Answers: a.Answers, Comments: a.Comments})
	}
	fr, err := feedback.Build(sc, in)
	if err != nil {
		return nil, fmt.Errorf("build the report of campaign %q: %w", c.ID, err)
	}
	rep := &Report{Report: fr, Development: []profile.DevelopmentDoc{}, Source: c}
	if scales, facets, ok := fr.OthersView(); ok {
		if rep.Focus, err = sc.FocusFor(scales, facets); err != nil {
			return nil, err
		}
		rep.Development = rep.Focus.Development()
	}
	return rep, nil
}
