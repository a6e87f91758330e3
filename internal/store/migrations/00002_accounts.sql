-- Accounts: users who sign in, their sessions, their memberships of
-- organisations, the coaches people let see their profiles, API tokens,
-- and idempotency keys that make a retried submit of an assessment harmless.
--
-- users and sessions span organisations, like organizations: under Citus
-- they become reference tables, copied to every node, which distributed
-- tables may reference by any column. Every other table belongs to one
-- organisation and has org_id first in its primary key, in each unique key
-- and in each foreign key to another organisation's table, so all of an
-- organisation's rows sit on one shard. The PostgreSQL adapter's tests
-- check this rule against the live catalog.

-- +goose Up

-- email_lower is the email trimmed and folded by the application, which is
-- how emails are compared: one account per address, whatever its case.
CREATE TABLE users (
    id            TEXT NOT NULL PRIMARY KEY,
    email         TEXT NOT NULL,
    email_lower   TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

-- Only the hash of a session's token is kept. org_id is the organisation
-- the session works in, or NULL before it has chosen one.
CREATE TABLE sessions (
    token_hash TEXT NOT NULL PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id     TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE INDEX sessions_user ON sessions (user_id);

-- A member's person record is the subject of their own assessments; a
-- person has at most one account in an organisation.
CREATE TABLE memberships (
    org_id     TEXT NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id),
    person_id  TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'coach', 'member')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (org_id, user_id),
    UNIQUE (org_id, person_id),
    FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id)
);

-- Finds a user's organisations, the one lookup not by organisation.
CREATE INDEX memberships_user ON memberships (user_id);

-- A grant goes with the coach's membership and with the person.
CREATE TABLE coach_grants (
    org_id        TEXT NOT NULL,
    person_id     TEXT NOT NULL,
    coach_user_id TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (org_id, person_id, coach_user_id),
    FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, coach_user_id) REFERENCES memberships (org_id, user_id) ON DELETE CASCADE
);

CREATE INDEX coach_grants_coach ON coach_grants (org_id, coach_user_id);

-- Only the hash of a token's secret is kept. A token dies with its
-- owner's membership: a member who leaves keeps no access.
CREATE TABLE api_tokens (
    org_id     TEXT NOT NULL,
    id         TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (org_id, id),
    UNIQUE (org_id, token_hash),
    FOREIGN KEY (org_id, user_id) REFERENCES memberships (org_id, user_id) ON DELETE CASCADE
);

CREATE INDEX api_tokens_user_created ON api_tokens (org_id, user_id, created_at, id);

-- NULL when the submit carried no key: NULLs are distinct, so any number
-- of assessments may have none.
ALTER TABLE assessments ADD COLUMN idempotency_key TEXT;
CREATE UNIQUE INDEX assessments_idempotency_key ON assessments (org_id, person_id, idempotency_key);

-- +goose Down
DROP INDEX assessments_idempotency_key;
ALTER TABLE assessments DROP COLUMN idempotency_key;
DROP TABLE api_tokens;
DROP TABLE coach_grants;
DROP TABLE memberships;
DROP TABLE sessions;
DROP TABLE users;
