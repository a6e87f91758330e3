package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
)

// campaignWriteStmts are the campaign queries run on the write pool.
type campaignWriteStmts struct {
	InsertCampaign        *sql.Stmt `query:"insert-campaign"`
	ReadCampaign          *sql.Stmt `query:"read-campaign"`
	OpenCampaign          *sql.Stmt `query:"open-campaign"`
	CloseCampaign         *sql.Stmt `query:"close-campaign"`
	ReleaseCampaign       *sql.Stmt `query:"release-campaign"`
	SetCampaignThresholds *sql.Stmt `query:"set-campaign-thresholds"`
	ClaimEditableCampaign *sql.Stmt `query:"claim-editable-campaign"`
	ClaimOpenCampaign     *sql.Stmt `query:"claim-open-campaign"`
	InsertRater           *sql.Stmt `query:"insert-rater"`
	RaterEmailTaken       *sql.Stmt `query:"rater-email-taken"`
	SetRaterToken         *sql.Stmt `query:"set-rater-token"`
	UpsertResponse        *sql.Stmt `query:"upsert-response"`
	InsertMail            *sql.Stmt `query:"insert-mail"`
	MarkMailSent          *sql.Stmt `query:"mark-mail-sent"`
	MarkMailFailed        *sql.Stmt `query:"mark-mail-failed"`
	ListClaimableMail     *sql.Stmt `query:"list-claimable-mail"`
	ClaimMail             *sql.Stmt `query:"claim-mail"`
}

// campaignReadStmts are the campaign queries run on the read pool.
type campaignReadStmts struct {
	GetCampaign            *sql.Stmt `query:"get-campaign"`
	ListCampaigns          *sql.Stmt `query:"list-campaigns"`
	ListRaters             *sql.Stmt `query:"list-raters"`
	GetRaterByToken        *sql.Stmt `query:"get-rater-by-token"`
	GetResponse            *sql.Stmt `query:"get-response"`
	CountResponses         *sql.Stmt `query:"count-responses"`
	ListSubmittedResponses *sql.Stmt `query:"list-submitted-responses"`
	ListPendingMail        *sql.Stmt `query:"list-pending-mail"`
	ListCampaignMail       *sql.Stmt `query:"list-campaign-mail"`
}

// campaignStmts are the prepared campaign queries of one DB.
type campaignStmts struct {
	w campaignWriteStmts
	r campaignReadStmts
}

// CreateCampaign stores a draft campaign about one of the organisation's
// people, with its self rater if self is not nil.
func (db *DB) CreateCampaign(ctx context.Context, c *store.Campaign, self *store.Rater) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if self != nil {
		// The campaign's id is not known yet: check the rest.
		v := *self
		v.OrgID, v.CampaignID, v.Group = c.OrgID, "new", store.GroupSelf
		if err := v.Validate(); err != nil {
			return err
		}
	}
	q := &db.campaigns
	id, err := db.idOr(c.ID)
	if err != nil {
		return err
	}
	th, cth := c.Threshold, c.CommentThreshold
	if th == 0 {
		th = store.DefaultCampaignThreshold
	}
	if cth == 0 {
		cth = max(store.DefaultCommentThreshold, th)
	}
	var selfID string
	if self != nil {
		if selfID, err = db.idOr(self.ID); err != nil {
			return err
		}
	}
	created, createdText := db.timestamp()
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		if found, err := exists(tx.StmtContext(ctx, db.w.PersonExists).QueryRowContext(ctx, c.OrgID, c.SubjectPersonID)); err != nil {
			return fmt.Errorf("look up subject: %w", err)
		} else if !found {
			return unknownPersonField("subject_person_id", c.OrgID, c.SubjectPersonID)
		}
		_, err := tx.StmtContext(ctx, q.w.InsertCampaign).ExecContext(ctx,
			c.OrgID, id, c.SubjectPersonID, c.OwnerUserID, c.Instrument, th, cth, createdText)
		switch db.outcome(err) {
		case succeeded:
		case unique:
			return fail.Errorf(fail.Conflict, "campaign %q already exists", id)
		case foreignKey:
			e := fail.Errorf(fail.Invalid, "user %q does not exist", c.OwnerUserID)
			e.Fields = map[string]string{"owner_user_id": "no such user"}
			return e
		default:
			return fmt.Errorf("insert campaign: %w", err)
		}
		if self == nil {
			return nil
		}
		email := strings.TrimSpace(self.Email)
		_, err = tx.StmtContext(ctx, q.w.InsertRater).ExecContext(ctx,
			c.OrgID, id, selfID, email, store.FoldEmail(email), store.GroupSelf, self.TokenHash, createdText)
		if err != nil {
			return fmt.Errorf("insert self rater: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	c.ID, c.State, c.Threshold, c.CommentThreshold, c.CreatedAt = id, store.CampaignDraft, th, cth, created
	c.ThresholdsLockedAt, c.OpenedAt, c.ClosedAt, c.ReleasedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if self != nil {
		self.OrgID, self.CampaignID, self.ID, self.Group = c.OrgID, id, selfID, store.GroupSelf
		self.Email, self.CreatedAt = strings.TrimSpace(self.Email), created
	}
	return nil
}

// Campaign returns one of the organisation's campaigns.
func (db *DB) Campaign(ctx context.Context, orgID, id string) (*store.Campaign, error) {
	if err := store.CheckRequired("campaign lookup", map[string]string{"org_id": orgID, "id": id}); err != nil {
		return nil, err
	}
	q := &db.campaigns
	c, err := scanCampaign(q.r.GetCampaign.QueryRowContext(ctx, orgID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, campaignNotFound(id)
	}
	if err != nil {
		return nil, fmt.Errorf("read campaign %q: %w", id, err)
	}
	return &c, nil
}

// ListCampaigns lists the organisation's campaigns, newest first.
func (db *DB) ListCampaigns(ctx context.Context, orgID string) ([]store.Campaign, error) {
	if err := store.CheckRequired("campaign list", map[string]string{"org_id": orgID}); err != nil {
		return nil, err
	}
	q := &db.campaigns
	list, err := collect(ctx, q.r.ListCampaigns, scanCampaign, orgID)
	if err != nil {
		return nil, fmt.Errorf("list campaigns: %w", err)
	}
	return list, nil
}

// SetCampaignState moves the campaign one step along its lifecycle.
func (db *DB) SetCampaignState(ctx context.Context, orgID, id, state string) (*store.Campaign, error) {
	if err := store.CheckRequired("campaign transition", map[string]string{"org_id": orgID, "id": id, "state": state}); err != nil {
		return nil, err
	}
	q := &db.campaigns
	var err error
	var stmt *sql.Stmt
	switch state {
	case store.CampaignOpen:
		stmt = q.w.OpenCampaign
	case store.CampaignClosed:
		stmt = q.w.CloseCampaign
	case store.CampaignReleased:
		stmt = q.w.ReleaseCampaign
	default:
		e := fail.Errorf(fail.Invalid, "a campaign cannot be moved to %q; want open, closed or released", state)
		e.Fields = map[string]string{"state": "must be open, closed or released"}
		return nil, e
	}
	_, now := db.timestamp()
	prev := map[string]string{store.CampaignOpen: store.CampaignDraft, store.CampaignClosed: store.CampaignOpen, store.CampaignReleased: store.CampaignClosed}
	var c store.Campaign
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.StmtContext(ctx, stmt).ExecContext(ctx, orgID, id, now)
		if err != nil {
			return fmt.Errorf("move campaign %q to %s: %w", id, state, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("move campaign %q to %s: %w", id, state, err)
		}
		c, err = scanCampaign(tx.StmtContext(ctx, q.w.ReadCampaign).QueryRowContext(ctx, orgID, id))
		if errors.Is(err, sql.ErrNoRows) {
			return campaignNotFound(id)
		}
		if err != nil {
			return fmt.Errorf("read campaign %q: %w", id, err)
		}
		if n == 1 {
			return nil
		}
		// Only a released campaign is gone for good; any other
		// wrong move is a conflict with the state it is in.
		return wrongState(&c, "move to "+state, prev[state], store.CampaignClosed)
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// SetCampaignThresholds changes a draft or open campaign's thresholds,
// refusing to lower them once a response has arrived.
func (db *DB) SetCampaignThresholds(ctx context.Context, orgID, id string, anonymity, comments int) (*store.Campaign, error) {
	if err := store.CheckRequired("campaign thresholds", map[string]string{"org_id": orgID, "id": id}); err != nil {
		return nil, err
	}
	if err := store.CheckThresholds(anonymity, comments); err != nil {
		return nil, err
	}
	q := &db.campaigns
	var err error
	var c store.Campaign
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.StmtContext(ctx, q.w.SetCampaignThresholds).ExecContext(ctx, orgID, id, anonymity, comments)
		if err != nil {
			return fmt.Errorf("set thresholds of campaign %q: %w", id, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("set thresholds of campaign %q: %w", id, err)
		}
		c, err = scanCampaign(tx.StmtContext(ctx, q.w.ReadCampaign).QueryRowContext(ctx, orgID, id))
		if errors.Is(err, sql.ErrNoRows) {
			return campaignNotFound(id)
		}
		if err != nil {
			return fmt.Errorf("read campaign %q: %w", id, err)
		}
		switch {
		case n == 1:
			return nil
		case c.State != store.CampaignDraft && c.State != store.CampaignOpen:
			return wrongState(&c, "change its thresholds", store.CampaignDraft, store.CampaignOpen)
		default:
			e := fail.Errorf(fail.Conflict, "the thresholds of campaign %q are fixed since its first response arrived: they can be raised but not lowered below %d (anonymity) and %d (comments)",
				id, c.Threshold, c.CommentThreshold)
			e.Fields = map[string]string{}
			if anonymity < c.Threshold {
				e.Fields["threshold"] = fmt.Sprintf("cannot go below %d", c.Threshold)
			}
			if comments < c.CommentThreshold {
				e.Fields["comment_threshold"] = fmt.Sprintf("cannot go below %d", c.CommentThreshold)
			}
			return e
		}
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// AddRater adds a rater to a draft or open campaign.
func (db *DB) AddRater(ctx context.Context, r *store.Rater) error {
	if err := r.Validate(); err != nil {
		return err
	}
	q := &db.campaigns
	id, err := db.idOr(r.ID)
	if err != nil {
		return err
	}
	email := strings.TrimSpace(r.Email)
	created, createdText := db.timestamp()
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.claimEditable(ctx, tx, q, r.OrgID, r.CampaignID, "add a rater"); err != nil {
			return err
		}
		if found, err := exists(tx.StmtContext(ctx, q.w.RaterEmailTaken).QueryRowContext(ctx, r.OrgID, r.CampaignID, store.FoldEmail(email))); err != nil {
			return fmt.Errorf("look up rater: %w", err)
		} else if found {
			e := fail.Errorf(fail.Conflict, "%s is already a rater in this campaign: each person rates once", email)
			e.Fields = map[string]string{"email": "is already a rater in this campaign"}
			return e
		}
		_, err := tx.StmtContext(ctx, q.w.InsertRater).ExecContext(ctx,
			r.OrgID, r.CampaignID, id, email, store.FoldEmail(email), r.Group, r.TokenHash, createdText)
		switch db.outcome(err) {
		case succeeded:
			return nil
		case unique:
			return fail.Errorf(fail.Conflict, "rater %q, or one with the same link, already exists", id)
		default:
			return fmt.Errorf("insert rater: %w", err)
		}
	})
	if err != nil {
		return err
	}
	r.ID, r.Email, r.CreatedAt = id, email, created
	return nil
}

// claimEditable locks a draft or open campaign's row for the transaction,
// or explains why the campaign cannot be changed.
func (db *DB) claimEditable(ctx context.Context, tx *sql.Tx, q *campaignStmts, orgID, id, what string) error {
	res, err := tx.StmtContext(ctx, q.w.ClaimEditableCampaign).ExecContext(ctx, orgID, id)
	if err != nil {
		return fmt.Errorf("claim campaign %q: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("claim campaign %q: %w", id, err)
	} else if n == 1 {
		return nil
	}
	return db.explainState(ctx, tx, q, orgID, id, what, store.CampaignDraft, store.CampaignOpen)
}

// explainState reads the campaign in tx and returns why it cannot do what,
// which only a campaign from state first to state last can: fail.NotFound
// when there is no such campaign, else wrongState.
func (db *DB) explainState(ctx context.Context, tx *sql.Tx, q *campaignStmts, orgID, id, what, first, last string) error {
	c, err := scanCampaign(tx.StmtContext(ctx, q.w.ReadCampaign).QueryRowContext(ctx, orgID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return campaignNotFound(id)
	}
	if err != nil {
		return fmt.Errorf("read campaign %q: %w", id, err)
	}
	return wrongState(&c, what, first, last)
}

// Raters lists the campaign's raters in the order they were added.
func (db *DB) Raters(ctx context.Context, orgID, campaignID string) ([]store.Rater, error) {
	if err := store.CheckRequired("rater list", map[string]string{"org_id": orgID, "campaign_id": campaignID}); err != nil {
		return nil, err
	}
	q := &db.campaigns
	list, err := collect(ctx, q.r.ListRaters, scanRater, orgID, campaignID)
	if err != nil {
		return nil, fmt.Errorf("list raters of campaign %q: %w", campaignID, err)
	}
	return list, nil
}

// RaterByToken finds the rater with the token hash, and their campaign.
func (db *DB) RaterByToken(ctx context.Context, orgID, tokenHash string) (*store.Rater, *store.Campaign, error) {
	if err := store.CheckRequired("rater lookup", map[string]string{"org_id": orgID, "token_hash": tokenHash}); err != nil {
		return nil, nil, err
	}
	q := &db.campaigns
	var err error
	var r store.Rater
	var c store.Campaign
	var rCreated string
	var ct campaignTimes
	err = q.r.GetRaterByToken.QueryRowContext(ctx, orgID, tokenHash).Scan(
		&r.OrgID, &r.CampaignID, &r.ID, &r.Email, &r.Group, &r.TokenHash, &rCreated,
		&c.OrgID, &c.ID, &c.SubjectPersonID, &c.OwnerUserID, &c.Instrument, &c.State,
		&c.Threshold, &c.CommentThreshold, &ct.locked, &ct.created, &ct.opened, &ct.closed, &ct.released)
	if errors.Is(err, sql.ErrNoRows) {
		// The hash of a secret: not worth echoing.
		return nil, nil, fail.Errorf(fail.NotFound, "no rater has that link")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read rater: %w", err)
	}
	if r.CreatedAt, err = parseTime(rCreated); err != nil {
		return nil, nil, fmt.Errorf("rater %q: %w", r.ID, err)
	}
	if err := ct.into(&c); err != nil {
		return nil, nil, err
	}
	return &r, &c, nil
}

// SetRaterToken replaces the hash of a rater's link token.
func (db *DB) SetRaterToken(ctx context.Context, orgID, campaignID, raterID, tokenHash string) error {
	if err := store.CheckRequired("rater link", map[string]string{"org_id": orgID, "campaign_id": campaignID, "rater_id": raterID, "token_hash": tokenHash}); err != nil {
		return err
	}
	q := &db.campaigns
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.claimEditable(ctx, tx, q, orgID, campaignID, "give a rater a new link"); err != nil {
			return err
		}
		res, err := tx.StmtContext(ctx, q.w.SetRaterToken).ExecContext(ctx, orgID, campaignID, raterID, tokenHash)
		switch db.outcome(err) {
		case succeeded:
		case unique:
			return fail.Errorf(fail.Conflict, "another rater has the same link")
		default:
			return fmt.Errorf("set link of rater %q: %w", raterID, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("set link of rater %q: %w", raterID, err)
		} else if n == 0 {
			return fail.Errorf(fail.NotFound, "rater %q not found in campaign %q", raterID, campaignID)
		}
		return nil
	})
}

// SaveResponse creates or updates a rater's response while the campaign is
// open.
func (db *DB) SaveResponse(ctx context.Context, r *store.Response) error {
	if err := r.Validate(); err != nil {
		return err
	}
	q := &db.campaigns
	var err error
	updated, now := db.timestamp()
	submittedText := ""
	if r.Submitted {
		submittedText = now
	}
	var stored string
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.StmtContext(ctx, q.w.ClaimOpenCampaign).ExecContext(ctx, r.OrgID, r.CampaignID, now)
		if err != nil {
			return fmt.Errorf("claim campaign %q: %w", r.CampaignID, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("claim campaign %q: %w", r.CampaignID, err)
		} else if n == 0 {
			return db.explainState(ctx, tx, q, r.OrgID, r.CampaignID, "take answers", store.CampaignOpen, store.CampaignOpen)
		}
		err = tx.StmtContext(ctx, q.w.UpsertResponse).QueryRowContext(ctx,
			r.OrgID, r.CampaignID, r.RaterID, string(r.Answers), string(r.Comments), submittedText, now).Scan(&stored)
		switch db.outcome(err) {
		case succeeded:
			return nil
		case foreignKey:
			return fail.Errorf(fail.NotFound, "rater %q not found in campaign %q", r.RaterID, r.CampaignID)
		default:
			return fmt.Errorf("save response: %w", err)
		}
	})
	if err != nil {
		return err
	}
	r.UpdatedAt, r.Submitted, r.SubmittedAt = updated, stored != "", time.Time{}
	if stored != "" {
		if r.SubmittedAt, err = parseTime(stored); err != nil {
			return fmt.Errorf("response of rater %q: %w", r.RaterID, err)
		}
	}
	return nil
}

// Response returns the rater's response.
func (db *DB) Response(ctx context.Context, orgID, campaignID, raterID string) (*store.Response, error) {
	if err := store.CheckRequired("response lookup", map[string]string{"org_id": orgID, "campaign_id": campaignID, "rater_id": raterID}); err != nil {
		return nil, err
	}
	q := &db.campaigns
	r, err := scanResponse(q.r.GetResponse.QueryRowContext(ctx, orgID, campaignID, raterID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fail.Errorf(fail.NotFound, "rater %q has no response yet", raterID)
	}
	if err != nil {
		return nil, fmt.Errorf("read response: %w", err)
	}
	return &r, nil
}

// CountResponses counts the campaign's submitted responses and drafts.
func (db *DB) CountResponses(ctx context.Context, orgID, campaignID string) (submitted, drafts int, err error) {
	if err := store.CheckRequired("response count", map[string]string{"org_id": orgID, "campaign_id": campaignID}); err != nil {
		return 0, 0, err
	}
	q := &db.campaigns
	var all int
	if err := q.r.CountResponses.QueryRowContext(ctx, orgID, campaignID).Scan(&submitted, &all); err != nil {
		return 0, 0, fmt.Errorf("count responses: %w", err)
	}
	return submitted, all - submitted, nil
}

// ReportInput returns a closed or released campaign and its submitted
// responses from one snapshot.
func (db *DB) ReportInput(ctx context.Context, orgID, campaignID string) (*store.Campaign, []store.Response, error) {
	if err := store.CheckRequired("report", map[string]string{"org_id": orgID, "campaign_id": campaignID}); err != nil {
		return nil, nil, err
	}
	q := &db.campaigns
	var err error
	var c store.Campaign
	var list []store.Response
	err = db.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		c, err = scanCampaign(tx.StmtContext(ctx, q.r.GetCampaign).QueryRowContext(ctx, orgID, campaignID))
		if errors.Is(err, sql.ErrNoRows) {
			return campaignNotFound(campaignID)
		}
		if err != nil {
			return fmt.Errorf("read campaign %q: %w", campaignID, err)
		}
		if c.State != store.CampaignClosed && c.State != store.CampaignReleased {
			return wrongState(&c, "give a report", store.CampaignClosed, store.CampaignReleased)
		}
		list, err = collect(ctx, tx.StmtContext(ctx, q.r.ListSubmittedResponses), scanResponse, orgID, campaignID)
		if err != nil {
			return fmt.Errorf("list responses of campaign %q: %w", campaignID, err)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return &c, list, nil
}

// EnqueueMail adds a mail to the outbox.
func (db *DB) EnqueueMail(ctx context.Context, m *store.Mail) error {
	if err := m.Validate(); err != nil {
		return err
	}
	q := &db.campaigns
	id, err := db.idOr(m.ID)
	if err != nil {
		return err
	}
	created, createdText := db.timestamp()
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.StmtContext(ctx, q.w.InsertMail).ExecContext(ctx,
			m.OrgID, id, m.CampaignID, m.RaterID, m.Kind, strings.TrimSpace(m.To), m.Subject, m.Body, createdText)
		switch db.outcome(err) {
		case succeeded:
			return nil
		case unique:
			return fail.Errorf(fail.Conflict, "mail %q already exists", id)
		case foreignKey:
			e := fail.Errorf(fail.Invalid, "rater %q is not in campaign %q", m.RaterID, m.CampaignID)
			e.Fields = map[string]string{"rater_id": "no such rater in the campaign"}
			return e
		default:
			return fmt.Errorf("insert mail: %w", err)
		}
	})
	if err != nil {
		return err
	}
	m.ID, m.CreatedAt, m.To = id, created, strings.TrimSpace(m.To)
	return nil
}

// PendingMail lists up to limit unsent mails that may be tried again, oldest
// first.
func (db *DB) PendingMail(ctx context.Context, limit int) ([]store.Mail, error) {
	if limit <= 0 {
		e := fail.Errorf(fail.Invalid, "the limit of pending mail must be positive, not %d", limit)
		e.Fields = map[string]string{"limit": "must be positive"}
		return nil, e
	}
	q := &db.campaigns
	list, err := collect(ctx, q.r.ListPendingMail, scanMail, store.MaxMailAttempts, limit)
	if err != nil {
		return nil, fmt.Errorf("list pending mail: %w", err)
	}
	return list, nil
}

// ClaimMail claims up to limit unsent mails, oldest first, that no live
// claim holds, each until lease from now, and returns them.
func (db *DB) ClaimMail(ctx context.Context, limit int, lease time.Duration) ([]store.Mail, error) {
	if limit <= 0 || lease <= 0 {
		e := fail.Errorf(fail.Invalid, "claiming mail needs a positive limit and lease, not %d and %s", limit, lease)
		e.Fields = map[string]string{"limit": "must be positive", "lease": "must be positive"}
		return nil, e
	}
	q := &db.campaigns
	t, now := db.timestamp()
	until := formatTime(t.Add(lease))
	var claimed []store.Mail
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		claimed = claimed[:0]
		list, err := collect(ctx, tx.StmtContext(ctx, q.w.ListClaimableMail), scanMail, store.MaxMailAttempts, limit, now)
		if err != nil {
			return err
		}
		claim := tx.StmtContext(ctx, q.w.ClaimMail)
		for _, m := range list {
			res, err := claim.ExecContext(ctx, m.OrgID, m.ID, until, now)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 1 {
				claimed = append(claimed, m)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim mail: %w", err)
	}
	return claimed, nil
}

// CampaignMail lists the campaign's mails, oldest first.
func (db *DB) CampaignMail(ctx context.Context, orgID, campaignID string) ([]store.Mail, error) {
	if err := store.CheckRequired("mail list", map[string]string{"org_id": orgID, "campaign_id": campaignID}); err != nil {
		return nil, err
	}
	q := &db.campaigns
	list, err := collect(ctx, q.r.ListCampaignMail, scanMail, orgID, campaignID)
	if err != nil {
		return nil, fmt.Errorf("list mail of campaign %q: %w", campaignID, err)
	}
	return list, nil
}

// MarkMailSent records that the mail went out.
func (db *DB) MarkMailSent(ctx context.Context, orgID, id string) error {
	return db.markMail(ctx, orgID, id, func(q *campaignStmts) *sql.Stmt { return q.w.MarkMailSent }, func(now string) any { return now })
}

// MarkMailFailed records a failed attempt to send the mail.
func (db *DB) MarkMailFailed(ctx context.Context, orgID, id, reason string) error {
	return db.markMail(ctx, orgID, id, func(q *campaignStmts) *sql.Stmt { return q.w.MarkMailFailed }, func(string) any { return reason })
}

func (db *DB) markMail(ctx context.Context, orgID, id string, stmt func(*campaignStmts) *sql.Stmt, arg func(now string) any) error {
	if err := store.CheckRequired("mail", map[string]string{"org_id": orgID, "id": id}); err != nil {
		return err
	}
	q := &db.campaigns
	_, now := db.timestamp()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.StmtContext(ctx, stmt(q)).ExecContext(ctx, orgID, id, arg(now))
		if err != nil {
			return fmt.Errorf("update mail %q: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("update mail %q: %w", id, err)
		} else if n == 0 {
			return fail.Errorf(fail.NotFound, "no unsent mail %q", id)
		}
		return nil
	})
}

// EnsurePerson returns the organisation's person with the email, creating
// them if need be.
func (db *DB) EnsurePerson(ctx context.Context, orgID, email, name string) (*store.Person, error) {
	p := map[string]string{"org_id": orgID}
	if err := store.CheckRequired("person", p); err != nil {
		return nil, err
	}
	if err := (&store.User{Email: email}).Validate(); err != nil {
		e := fail.Errorf(fail.Invalid, "%q is not an email address, like ann@example.com", strings.TrimSpace(email))
		e.Fields = map[string]string{"email": "must be an email address, like ann@example.com"}
		return nil, e
	}
	email = strings.TrimSpace(email)
	name = strings.TrimSpace(name)
	if name == "" {
		name, _, _ = strings.Cut(email, "@")
	}
	_, createdText := db.timestamp()
	var id string
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.StmtContext(ctx, db.w.OrganizationName).QueryRowContext(ctx, orgID).Scan(new(string))
		if errors.Is(err, sql.ErrNoRows) {
			return fail.Errorf(fail.NotFound, "organisation %q not found", orgID)
		}
		if err != nil {
			return fmt.Errorf("read organisation %q: %w", orgID, err)
		}
		err = tx.StmtContext(ctx, db.w.PersonIDByFoldedEmail).QueryRowContext(ctx, orgID, email).Scan(&id)
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		// Nobody has the email: a new person. Another transaction may be
		// adding the same email, so read the id back.
		newID, err := db.newID()
		if err != nil {
			return err
		}
		if _, err := tx.StmtContext(ctx, db.w.InsertPerson).ExecContext(ctx, orgID, newID, email, name, createdText); err != nil {
			return fmt.Errorf("insert person: %w", err)
		}
		return tx.StmtContext(ctx, db.w.PersonIDByEmail).QueryRowContext(ctx, orgID, email).Scan(&id)
	})
	if err != nil {
		return nil, fmt.Errorf("ensure person %s: %w", email, err)
	}
	return db.Person(ctx, orgID, id)
}

// campaignTimes are a campaign's times as read, empty for NULL.
type campaignTimes struct {
	locked, created, opened, closed, released string
}

// into parses the times into c.
func (t campaignTimes) into(c *store.Campaign) error {
	var err error
	if c.CreatedAt, err = parseTime(t.created); err != nil {
		return fmt.Errorf("campaign %q: %w", c.ID, err)
	}
	for _, f := range []struct {
		text string
		dst  *time.Time
	}{{t.locked, &c.ThresholdsLockedAt}, {t.opened, &c.OpenedAt}, {t.closed, &c.ClosedAt}, {t.released, &c.ReleasedAt}} {
		*f.dst = time.Time{}
		if f.text == "" {
			continue
		}
		if *f.dst, err = parseTime(f.text); err != nil {
			return fmt.Errorf("campaign %q: %w", c.ID, err)
		}
	}
	return nil
}

func scanCampaign(row scanner) (store.Campaign, error) {
	var c store.Campaign
	var t campaignTimes
	if err := row.Scan(&c.OrgID, &c.ID, &c.SubjectPersonID, &c.OwnerUserID, &c.Instrument, &c.State,
		&c.Threshold, &c.CommentThreshold, &t.locked, &t.created, &t.opened, &t.closed, &t.released); err != nil {
		return store.Campaign{}, err
	}
	if err := t.into(&c); err != nil {
		return store.Campaign{}, err
	}
	return c, nil
}

func scanRater(row scanner) (store.Rater, error) {
	var r store.Rater
	var created string
	if err := row.Scan(&r.OrgID, &r.CampaignID, &r.ID, &r.Email, &r.Group, &r.TokenHash, &created); err != nil {
		return store.Rater{}, err
	}
	var err error
	if r.CreatedAt, err = parseTime(created); err != nil {
		return store.Rater{}, fmt.Errorf("rater %q: %w", r.ID, err)
	}
	return r, nil
}

func scanResponse(row scanner) (store.Response, error) {
	var r store.Response
	var answers, comments, submitted, updated string
	if err := row.Scan(&r.OrgID, &r.CampaignID, &r.RaterID, &r.Group, &answers, &comments, &submitted, &updated); err != nil {
		return store.Response{}, err
	}
	r.Answers, r.Comments = []byte(answers), []byte(comments)
	var err error
	if r.UpdatedAt, err = parseTime(updated); err != nil {
		return store.Response{}, fmt.Errorf("response of rater %q: %w", r.RaterID, err)
	}
	if submitted != "" {
		r.Submitted = true
		if r.SubmittedAt, err = parseTime(submitted); err != nil {
			return store.Response{}, fmt.Errorf("response of rater %q: %w", r.RaterID, err)
		}
	}
	return r, nil
}

func scanMail(row scanner) (store.Mail, error) {
	var m store.Mail
	var created, sent string
	if err := row.Scan(&m.OrgID, &m.ID, &m.CampaignID, &m.RaterID, &m.Kind, &m.To, &m.Subject, &m.Body, &created,
		&sent, &m.Attempts, &m.LastError); err != nil {
		return store.Mail{}, err
	}
	var err error
	if m.CreatedAt, err = parseTime(created); err != nil {
		return store.Mail{}, fmt.Errorf("mail %q: %w", m.ID, err)
	}
	if sent != "" {
		if m.SentAt, err = parseTime(sent); err != nil {
			return store.Mail{}, fmt.Errorf("mail %q: %w", m.ID, err)
		}
	}
	return m, nil
}

func campaignNotFound(id string) error {
	return fail.Errorf(fail.NotFound, "campaign %q not found", id)
}

// stage orders the states of the lifecycle.
var stage = map[string]int{store.CampaignDraft: 0, store.CampaignOpen: 1, store.CampaignClosed: 2, store.CampaignReleased: 3}

// wrongState explains why campaign c cannot do what, which only a campaign
// from state first to state last can: fail.Gone when c is past last (it
// can never get back there), fail.Conflict when it has not reached first.
func wrongState(c *store.Campaign, what, first, last string) error {
	code := fail.Conflict
	if stage[c.State] > stage[last] {
		code = fail.Gone
	}
	msg := fmt.Sprintf("campaign %q is %s, so it cannot %s", c.ID, c.State, what)
	switch {
	case c.State == store.CampaignReleased:
		msg += ": a released campaign never changes again; start a new campaign to collect more feedback"
	case strings.HasPrefix(what, "move to "):
		msg += "; from " + c.State + " it can only move to " + store.NextState(c.State)
	case c.State == store.CampaignClosed:
		msg += ": its answers are final"
	case code == fail.Conflict && first == store.CampaignOpen:
		msg += " until it is opened"
	case code == fail.Conflict && first == store.CampaignClosed:
		msg += " until it is closed"
	}
	return fail.Errorf(code, "%s", msg)
}

func unknownPersonField(field, orgID, personID string) error {
	e := fail.Errorf(fail.Invalid, "person %q is not in organisation %q", personID, orgID)
	e.Fields = map[string]string{field: "no such person in this organisation"}
	return e
}
