-- 360-degree feedback: campaigns about one person, the raters asked to
-- answer, their responses, and the outbox of invitations and reminders.
--
-- Every table belongs to one organisation and has org_id first in its
-- primary key, in each unique key and in each foreign key to another
-- organisation's table, as 00002_accounts.sql explains; the PostgreSQL
-- adapter's tests check the rule against the live catalog.

-- +goose Up

-- state moves draft -> open -> closed -> released and never back; the store
-- enforces the order. thresholds_locked_at is set by the first response:
-- from then on the thresholds can be raised but never lowered. An owner of
-- NULL is the command line's local operator, who has no account.
CREATE TABLE campaigns (
    org_id               TEXT NOT NULL,
    id                   TEXT NOT NULL,
    subject_person_id    TEXT NOT NULL,
    owner_user_id        TEXT REFERENCES users (id),
    instrument           TEXT NOT NULL,
    state                TEXT NOT NULL CHECK (state IN ('draft', 'open', 'closed', 'released')),
    threshold            INTEGER NOT NULL CHECK (threshold >= 3),
    comment_threshold    INTEGER NOT NULL,
    thresholds_locked_at TEXT,
    created_at           TEXT NOT NULL,
    opened_at            TEXT,
    closed_at            TEXT,
    released_at          TEXT,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, subject_person_id) REFERENCES people (org_id, id),
    CHECK (comment_threshold >= threshold)
);

CREATE INDEX campaigns_org_created ON campaigns (org_id, created_at, id);

-- Only the SHA-256 hash of a rater's link token is kept. email_lower is the
-- email folded by the application: one rater per address in a campaign, so
-- nobody counts twice towards a group's threshold.
CREATE TABLE raters (
    org_id      TEXT NOT NULL,
    campaign_id TEXT NOT NULL,
    id          TEXT NOT NULL,
    email       TEXT NOT NULL,
    email_lower TEXT NOT NULL,
    rater_group TEXT NOT NULL CHECK (rater_group IN ('self', 'manager', 'peer', 'direct_report', 'other')),
    token_hash  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (org_id, campaign_id, id),
    UNIQUE (org_id, token_hash),
    UNIQUE (org_id, campaign_id, email_lower),
    FOREIGN KEY (org_id, campaign_id) REFERENCES campaigns (org_id, id) ON DELETE CASCADE
);

-- One response per rater: the key makes a second submit an update, never a
-- second row. submitted_at is NULL for a draft. answers and comments are
-- JSON TEXT, kept as the application wrote them.
CREATE TABLE responses (
    org_id       TEXT NOT NULL,
    campaign_id  TEXT NOT NULL,
    rater_id     TEXT NOT NULL,
    answers      TEXT NOT NULL,
    comments     TEXT NOT NULL,
    submitted_at TEXT,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (org_id, campaign_id, rater_id),
    FOREIGN KEY (org_id, campaign_id, rater_id) REFERENCES raters (org_id, campaign_id, id) ON DELETE CASCADE
);

-- The body holds a placeholder where the rater's link goes: the sender makes
-- a fresh link as it sends, so no token is ever stored in the clear.
CREATE TABLE outbox (
    org_id      TEXT NOT NULL,
    id          TEXT NOT NULL,
    campaign_id TEXT NOT NULL,
    rater_id    TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('invite', 'reminder')),
    to_email    TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    sent_at     TEXT,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, campaign_id, rater_id) REFERENCES raters (org_id, campaign_id, id) ON DELETE CASCADE
);

-- The sender's scan for unsent mail, across organisations.
CREATE INDEX outbox_pending ON outbox (sent_at, attempts, created_at);
CREATE INDEX outbox_campaign ON outbox (org_id, campaign_id, created_at);

-- +goose Down
DROP TABLE outbox;
DROP TABLE responses;
DROP TABLE raters;
DROP TABLE campaigns;
