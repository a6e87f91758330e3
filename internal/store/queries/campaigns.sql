-- Queries of 360-degree feedback: campaigns, raters, responses and the
-- outbox. Every query filters on org_id first, except list-pending-mail,
-- which says why. Nullable times are read as '' for NULL.

-- $4 is the owner's user id or '' for the command line, stored as NULL.
-- name: insert-campaign
INSERT INTO campaigns (org_id, id, subject_person_id, owner_user_id, instrument, state,
                       threshold, comment_threshold, created_at)
VALUES ($1, $2, $3, NULLIF($4, ''), $5, 'draft', $6, $7, $8);

-- name: get-campaign
SELECT org_id, id, subject_person_id, COALESCE(owner_user_id, ''), instrument, state,
       threshold, comment_threshold, COALESCE(thresholds_locked_at, ''), created_at,
       COALESCE(opened_at, ''), COALESCE(closed_at, ''), COALESCE(released_at, '')
FROM campaigns
WHERE org_id = $1 AND id = $2;

-- The same as get-campaign, run inside a write transaction.
-- name: read-campaign
SELECT org_id, id, subject_person_id, COALESCE(owner_user_id, ''), instrument, state,
       threshold, comment_threshold, COALESCE(thresholds_locked_at, ''), created_at,
       COALESCE(opened_at, ''), COALESCE(closed_at, ''), COALESCE(released_at, '')
FROM campaigns
WHERE org_id = $1 AND id = $2;

-- name: list-campaigns
SELECT org_id, id, subject_person_id, COALESCE(owner_user_id, ''), instrument, state,
       threshold, comment_threshold, COALESCE(thresholds_locked_at, ''), created_at,
       COALESCE(opened_at, ''), COALESCE(closed_at, ''), COALESCE(released_at, '')
FROM campaigns
WHERE org_id = $1
ORDER BY created_at DESC, id DESC;

-- Each step of the lifecycle updates only a campaign in the state before
-- it, so two racing transitions cannot both succeed; $3 is now.
-- name: open-campaign
UPDATE campaigns SET state = 'open', opened_at = $3
WHERE org_id = $1 AND id = $2 AND state = 'draft';

-- name: close-campaign
UPDATE campaigns SET state = 'closed', closed_at = $3
WHERE org_id = $1 AND id = $2 AND state = 'open';

-- name: release-campaign
UPDATE campaigns SET state = 'released', released_at = $3
WHERE org_id = $1 AND id = $2 AND state = 'closed';

-- Once the first response has arrived, thresholds may only go up.
-- name: set-campaign-thresholds
UPDATE campaigns SET threshold = $3, comment_threshold = $4
WHERE org_id = $1 AND id = $2 AND state IN ('draft', 'open')
  AND (thresholds_locked_at IS NULL OR ($3 >= threshold AND $4 >= comment_threshold));

-- Takes the campaign's row lock (a no-op update) while it is still draft or
-- open, so a rater cannot be added to, or get a new link in, a campaign
-- that a concurrent transaction is closing.
-- name: claim-editable-campaign
UPDATE campaigns SET state = state
WHERE org_id = $1 AND id = $2 AND state IN ('draft', 'open');

-- Run first by every response: it succeeds only while the campaign is open,
-- fixes the thresholds at the first response ($3 is now), and holds the
-- campaign's row lock until the response commits, so a close waits for
-- responses in flight and no response lands after it.
-- name: claim-open-campaign
UPDATE campaigns SET thresholds_locked_at = COALESCE(thresholds_locked_at, $3)
WHERE org_id = $1 AND id = $2 AND state = 'open';

-- $5 is the email folded by the application (store.FoldEmail).
-- name: insert-rater
INSERT INTO raters (org_id, campaign_id, id, email, email_lower, rater_group, token_hash, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8);

-- name: rater-email-taken
SELECT 1 FROM raters WHERE org_id = $1 AND campaign_id = $2 AND email_lower = $3;

-- name: list-raters
SELECT org_id, campaign_id, id, email, rater_group, token_hash, created_at
FROM raters
WHERE org_id = $1 AND campaign_id = $2
ORDER BY created_at, id;

-- name: get-rater-by-token
SELECT r.org_id, r.campaign_id, r.id, r.email, r.rater_group, r.token_hash, r.created_at,
       c.org_id, c.id, c.subject_person_id, COALESCE(c.owner_user_id, ''), c.instrument, c.state,
       c.threshold, c.comment_threshold, COALESCE(c.thresholds_locked_at, ''), c.created_at,
       COALESCE(c.opened_at, ''), COALESCE(c.closed_at, ''), COALESCE(c.released_at, '')
FROM raters r
JOIN campaigns c ON c.org_id = r.org_id AND c.id = r.campaign_id
WHERE r.org_id = $1 AND r.token_hash = $2;

-- name: set-rater-token
UPDATE raters SET token_hash = $4
WHERE org_id = $1 AND campaign_id = $2 AND id = $3;

-- One row per rater: a second save or submit updates it. Once submitted a
-- response stays submitted ($6 is '' for a save, the time for a submit).
-- name: upsert-response
INSERT INTO responses (org_id, campaign_id, rater_id, answers, comments, submitted_at, updated_at)
VALUES ($1, $2, $3, $4, $5, NULLIF($6, ''), $7)
ON CONFLICT (org_id, campaign_id, rater_id) DO UPDATE
SET answers = excluded.answers,
    comments = excluded.comments,
    submitted_at = COALESCE(excluded.submitted_at, responses.submitted_at),
    updated_at = excluded.updated_at
RETURNING COALESCE(submitted_at, '');

-- name: get-response
SELECT s.org_id, s.campaign_id, s.rater_id, r.rater_group, s.answers, s.comments,
       COALESCE(s.submitted_at, ''), s.updated_at
FROM responses s
JOIN raters r ON r.org_id = s.org_id AND r.campaign_id = s.campaign_id AND r.id = s.rater_id
WHERE s.org_id = $1 AND s.campaign_id = $2 AND s.rater_id = $3;

-- name: count-responses
SELECT COUNT(submitted_at), COUNT(*)
FROM responses
WHERE org_id = $1 AND campaign_id = $2;

-- Ordered by rater id only so the order is stable; the report does not
-- depend on it.
-- name: list-submitted-responses
SELECT s.org_id, s.campaign_id, s.rater_id, r.rater_group, s.answers, s.comments,
       COALESCE(s.submitted_at, ''), s.updated_at
FROM responses s
JOIN raters r ON r.org_id = s.org_id AND r.campaign_id = s.campaign_id AND r.id = s.rater_id
WHERE s.org_id = $1 AND s.campaign_id = $2 AND s.submitted_at IS NOT NULL
ORDER BY s.rater_id;

-- name: insert-mail
INSERT INTO outbox (org_id, id, campaign_id, rater_id, kind, to_email, subject, body, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9);

-- The sender drains every organisation's outbox, so this query cannot
-- filter on org_id: under Citus it asks every shard, each of which finds
-- its unsent mail through outbox_pending.
-- name: list-pending-mail
SELECT org_id, id, campaign_id, rater_id, kind, to_email, subject, body, created_at,
       COALESCE(sent_at, ''), attempts, last_error
FROM outbox
WHERE sent_at IS NULL AND attempts < $1
ORDER BY created_at, org_id, id
LIMIT $2;

-- The mails a sender may claim: unsent, tried fewer than $1 times, and
-- claimed by no live sender ($3 is now). Across every organisation, as
-- list-pending-mail.
-- name: list-claimable-mail
SELECT org_id, id, campaign_id, rater_id, kind, to_email, subject, body, created_at,
       COALESCE(sent_at, ''), attempts, last_error
FROM outbox
WHERE sent_at IS NULL AND attempts < $1 AND (claimed_until IS NULL OR claimed_until < $3)
ORDER BY created_at, org_id, id
LIMIT $2;

-- Claims one mail until $3 if it is still unsent and unclaimed at $4 (now).
-- The conditions are on the row itself, so a sender that waited for another
-- one's claim to commit finds the row claimed and updates nothing.
-- name: claim-mail
UPDATE outbox SET claimed_until = $3
WHERE org_id = $1 AND id = $2 AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < $4);

-- name: list-campaign-mail
SELECT org_id, id, campaign_id, rater_id, kind, to_email, subject, body, created_at,
       COALESCE(sent_at, ''), attempts, last_error
FROM outbox
WHERE org_id = $1 AND campaign_id = $2
ORDER BY created_at, id;

-- name: mark-mail-sent
UPDATE outbox SET sent_at = $3, attempts = attempts + 1, last_error = '', claimed_until = NULL
WHERE org_id = $1 AND id = $2 AND sent_at IS NULL;

-- name: mark-mail-failed
UPDATE outbox SET attempts = attempts + 1, last_error = $3, claimed_until = NULL
WHERE org_id = $1 AND id = $2 AND sent_at IS NULL;
