package store

import (
	"context"
	"encoding/json"
	"strings"
	"time"
)

// Campaign states, in the only order a campaign moves through them.
const (
	CampaignDraft    = "draft"    // raters are being added; nobody can answer yet
	CampaignOpen     = "open"     // raters answer through their links
	CampaignClosed   = "closed"   // answers are frozen; the report exists for its owner
	CampaignReleased = "released" // the subject sees the report; nothing changes ever again
)

// Rater groups a rater can be added in; the subject is the self group.
const (
	GroupSelf         = "self"
	GroupManager      = "manager"
	GroupPeer         = "peer"
	GroupDirectReport = "direct_report"
	GroupOther        = "other"
)

// Kinds of mail the outbox holds.
const (
	MailInvite   = "invite"   // the first mail to a rater, with their link
	MailReminder = "reminder" // a later mail to a rater who has not submitted
)

// Threshold bounds: the anonymity threshold never goes below
// MinCampaignThreshold, and the comment threshold never below the
// anonymity threshold. They match the feedback package's rules.
const (
	MinCampaignThreshold     = 3 // the least anonymity threshold a campaign may have
	DefaultCampaignThreshold = 3 // the anonymity threshold a campaign starts with
	DefaultCommentThreshold  = 5 // the comment threshold a campaign starts with
)

// MaxMailAttempts is how many times the outbox tries to send one mail
// before it gives up on it.
const MaxMailAttempts = 5

// Campaigns keeps 360-degree feedback campaigns: their raters, the raters'
// responses and the outbox of invitations and reminders. The store enforces
// the lifecycle draft → open → closed → released in the same transaction
// as each write, so that no answer lands in a campaign that is not open and
// no report is read from one that is not closed.
type Campaigns interface {
	// CreateCampaign stores a new campaign in the draft state, and self,
	// if not nil, as its self rater, in one transaction. It sets c.ID (if
	// empty), c.State, the default thresholds (if zero) and c.CreatedAt,
	// and self's ids and CreatedAt.
	CreateCampaign(ctx context.Context, c *Campaign, self *Rater) error
	// Campaign returns one of the organisation's campaigns, or fails with
	// fail.NotFound.
	Campaign(ctx context.Context, orgID, id string) (*Campaign, error)
	// ListCampaigns lists the organisation's campaigns, newest first.
	ListCampaigns(ctx context.Context, orgID string) ([]Campaign, error)
	// SetCampaignState moves a campaign one step along draft → open →
	// closed → released and returns it as it now is. Any other move fails:
	// with fail.Gone when the campaign is released (it never changes
	// again), else with fail.Conflict naming the state it is in.
	SetCampaignState(ctx context.Context, orgID, id, state string) (*Campaign, error)
	// SetCampaignThresholds changes a draft or open campaign's thresholds.
	// Once its first response has arrived they can be raised but never
	// lowered (fail.Conflict).
	SetCampaignThresholds(ctx context.Context, orgID, id string, anonymity, comments int) (*Campaign, error)

	// AddRater adds a rater to a draft or open campaign; the same email
	// twice in one campaign is a fail.Conflict. It sets r.ID, if empty,
	// and r.CreatedAt.
	AddRater(ctx context.Context, r *Rater) error
	// Raters lists a campaign's raters in the order they were added.
	Raters(ctx context.Context, orgID, campaignID string) ([]Rater, error)
	// RaterByToken finds the rater whose link has the token hash, with
	// their campaign, or fails with fail.NotFound.
	RaterByToken(ctx context.Context, orgID, tokenHash string) (*Rater, *Campaign, error)
	// SetRaterToken gives a rater of a draft or open campaign a new link:
	// the old one stops working.
	SetRaterToken(ctx context.Context, orgID, campaignID, raterID, tokenHash string) error

	// SaveResponse creates or replaces a rater's response while the
	// campaign is open: fail.Conflict before it opens, fail.Gone once it
	// has closed. A rater has one response; saving again updates it, and
	// once submitted it stays submitted. The first response fixes the
	// campaign's thresholds. It sets r.UpdatedAt and r.SubmittedAt.
	SaveResponse(ctx context.Context, r *Response) error
	// Response returns a rater's response, or fails with fail.NotFound.
	Response(ctx context.Context, orgID, campaignID, raterID string) (*Response, error)
	// CountResponses counts a campaign's submitted responses and its
	// drafts (saved, not submitted).
	CountResponses(ctx context.Context, orgID, campaignID string) (submitted, drafts int, err error)
	// ReportInput returns a closed or released campaign with its submitted
	// responses, read in one snapshot; a draft or open campaign has no
	// report yet (fail.Conflict).
	ReportInput(ctx context.Context, orgID, campaignID string) (*Campaign, []Response, error)

	// EnqueueMail adds a mail to the outbox. It sets m.ID, if empty, and
	// m.CreatedAt.
	EnqueueMail(ctx context.Context, m *Mail) error
	// PendingMail lists up to limit unsent mails of every organisation
	// that have been tried fewer than MaxMailAttempts times, oldest first.
	PendingMail(ctx context.Context, limit int) ([]Mail, error)
	// ClaimMail claims up to limit of those mails, oldest first, that no
	// live claim holds, each for lease, and returns them: senders sharing
	// the database never send the same mail, and a claim that lapses (its
	// sender died) lets another try. Sending or failing ends the claim.
	ClaimMail(ctx context.Context, limit int, lease time.Duration) ([]Mail, error)
	// CampaignMail lists a campaign's mails, oldest first.
	CampaignMail(ctx context.Context, orgID, campaignID string) ([]Mail, error)
	// MarkMailSent records that a mail went out.
	MarkMailSent(ctx context.Context, orgID, id string) error
	// MarkMailFailed records a failed attempt to send a mail and why.
	MarkMailFailed(ctx context.Context, orgID, id, reason string) error

	// EnsurePerson returns the organisation's person with the email,
	// compared case-insensitively, creating them with the name if there
	// is none.
	EnsurePerson(ctx context.Context, orgID, email, name string) (*Person, error)
}

// Campaign is one 360-degree feedback campaign about one person.
type Campaign struct {
	OrgID           string
	ID              string
	SubjectPersonID string
	// OwnerUserID is the user who runs the campaign, or "" for one run
	// from the command line.
	OwnerUserID string
	// Instrument is the instrument whose capability items raters answer.
	Instrument string
	State      string
	// Threshold is the anonymity threshold; CommentThreshold is the least
	// size of a group whose comments are shown.
	Threshold        int
	CommentThreshold int
	// ThresholdsLockedAt is when the first response arrived, after which
	// the thresholds can no longer be lowered; zero until then.
	ThresholdsLockedAt time.Time
	CreatedAt          time.Time
	// OpenedAt, ClosedAt and ReleasedAt are zero until the campaign gets there.
	OpenedAt   time.Time
	ClosedAt   time.Time
	ReleasedAt time.Time
}

// Rater is someone asked for feedback in one campaign. Their link carries a
// token of which the store keeps only the hash.
type Rater struct {
	OrgID      string
	CampaignID string
	ID         string
	Email      string
	// Group is one of GroupSelf, GroupManager, GroupPeer,
	// GroupDirectReport and GroupOther.
	Group     string
	TokenHash string
	CreatedAt time.Time
}

// Response is one rater's answers to one campaign.
type Response struct {
	OrgID      string
	CampaignID string
	RaterID    string
	// Group is the rater's group, filled in when a store reads responses.
	Group string
	// Answers maps a capability item id to a rating 1-5; an absent item
	// means "don't know".
	Answers json.RawMessage
	// Comments maps a scale to free text.
	Comments json.RawMessage
	// Submitted says whether the rater submitted; a response saved but not
	// submitted is a draft and counts for nothing.
	Submitted   bool
	SubmittedAt time.Time
	UpdatedAt   time.Time
}

// Mail is one message in the outbox. Its body holds LinkPlaceholder where
// the rater's link goes: the link is made when the mail is sent, so no
// token is ever stored.
type Mail struct {
	OrgID      string
	ID         string
	CampaignID string
	RaterID    string
	// Kind is MailInvite or MailReminder.
	Kind      string
	To        string
	Subject   string
	Body      string
	CreatedAt time.Time
	// SentAt is zero until the mail is sent.
	SentAt    time.Time
	Attempts  int
	LastError string
}

// LinkPlaceholder stands in a mail's body for the rater's link.
const LinkPlaceholder = "{{link}}"

// IsRaterGroup reports whether group is one a rater can be in.
func IsRaterGroup(group string) bool {
	switch group {
	case GroupSelf, GroupManager, GroupPeer, GroupDirectReport, GroupOther:
		return true
	}
	return false
}

// NextState returns the state a campaign in state moves to next, or "" for
// a released campaign, which never moves again.
func NextState(state string) string {
	switch state {
	case CampaignDraft:
		return CampaignOpen
	case CampaignOpen:
		return CampaignClosed
	case CampaignClosed:
		return CampaignReleased
	}
	return ""
}

// Validate reports, as a fail.Invalid error naming each bad field, whether c
// is fit to store as a new campaign. Zero thresholds mean the defaults.
func (c *Campaign) Validate() error {
	if c == nil {
		return invalid("campaign", problems{"campaign": "is missing"})
	}
	p := problems{}
	p.required("org_id", c.OrgID)
	p.required("subject_person_id", c.SubjectPersonID)
	p.required("instrument", c.Instrument)
	th, cth := c.Threshold, c.CommentThreshold
	if th == 0 {
		th = DefaultCampaignThreshold
	}
	if cth == 0 {
		cth = max(DefaultCommentThreshold, th)
	}
	p.thresholds(th, cth)
	return invalid("campaign", p)
}

// CheckThresholds reports, as a fail.Invalid error, whether a pair of
// thresholds breaks the anonymity rules.
func CheckThresholds(anonymity, comments int) error {
	p := problems{}
	p.thresholds(anonymity, comments)
	return invalid("thresholds", p)
}

func (p problems) thresholds(anonymity, comments int) {
	if anonymity < MinCampaignThreshold {
		p["threshold"] = "must be at least 3: in a smaller group each rater could work out the others' answers"
	}
	if comments < anonymity {
		p["comment_threshold"] = "must be at least the anonymity threshold"
	}
}

// Validate reports, as a fail.Invalid error naming each bad field, whether r
// is fit to store as a new rater.
func (r *Rater) Validate() error {
	if r == nil {
		return invalid("rater", problems{"rater": "is missing"})
	}
	p := problems{}
	p.required("org_id", r.OrgID)
	p.required("campaign_id", r.CampaignID)
	p.email("email", r.Email)
	p.required("token_hash", r.TokenHash)
	if !IsRaterGroup(r.Group) {
		p["group"] = "must be one of manager, peer, direct_report, other (or self, for the subject)"
	}
	return invalid("rater", p)
}

// Validate reports, as a fail.Invalid error naming each bad field, whether r
// is fit to store.
func (r *Response) Validate() error {
	if r == nil {
		return invalid("response", problems{"response": "is missing"})
	}
	p := problems{}
	p.required("org_id", r.OrgID)
	p.required("campaign_id", r.CampaignID)
	p.required("rater_id", r.RaterID)
	p.json("answers", r.Answers)
	p.json("comments", r.Comments)
	return invalid("response", p)
}

// Validate reports, as a fail.Invalid error naming each bad field, whether m
// is fit to put in the outbox.
func (m *Mail) Validate() error {
	if m == nil {
		return invalid("mail", problems{"mail": "is missing"})
	}
	p := problems{}
	p.required("org_id", m.OrgID)
	p.required("campaign_id", m.CampaignID)
	p.required("rater_id", m.RaterID)
	p.email("to", m.To)
	p.required("subject", m.Subject)
	p.required("body", m.Body)
	if m.Kind != MailInvite && m.Kind != MailReminder {
		p["kind"] = "must be invite or reminder"
	}
	if strings.ContainsAny(m.To, "\r\n") {
		p["to"] = "must not hold a line break"
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		p["subject"] = "must not hold a line break"
	}
	return invalid("mail", p)
}
