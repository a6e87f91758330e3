-- Growth: development plans and the check-ins ticked off on them,
-- reflection journal entries, and the roles an organisation compares people
-- against.
--
-- Every table belongs to one organisation and has org_id first in its
-- primary key, in each unique key and in each foreign key to another
-- organisation's table, as 00002_accounts.sql explains; the PostgreSQL
-- adapter's tests check the rule against the live catalog.

-- +goose Up

-- body is the plan JSON the advisor wrote (its targets, schedule and
-- check-ins), kept byte for byte; what is done lives in plan_ticks.
CREATE TABLE plans (
    org_id     TEXT NOT NULL,
    id         TEXT NOT NULL,
    person_id  TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id) ON DELETE CASCADE
);

CREATE INDEX plans_person_created ON plans (org_id, person_id, created_at, id);

-- One row per check-in done: the key makes a second tick a no-op.
CREATE TABLE plan_ticks (
    org_id      TEXT NOT NULL,
    plan_id     TEXT NOT NULL,
    check_in_id TEXT NOT NULL,
    done_on     TEXT NOT NULL,
    PRIMARY KEY (org_id, plan_id, check_in_id),
    FOREIGN KEY (org_id, plan_id) REFERENCES plans (org_id, id) ON DELETE CASCADE
);

-- contexts is a JSON array of context keys. entry_date is the day of the
-- situation as YYYY-MM-DD; need is '' when the entry names none.
CREATE TABLE journal_entries (
    org_id     TEXT NOT NULL,
    id         TEXT NOT NULL,
    person_id  TEXT NOT NULL,
    entry_date TEXT NOT NULL,
    situation  TEXT NOT NULL,
    contexts   TEXT NOT NULL,
    phase      TEXT NOT NULL,
    need       TEXT NOT NULL,
    approach   TEXT NOT NULL CHECK (approach IN ('manage', 'lead', 'blend')),
    outcome    INTEGER NOT NULL CHECK (outcome BETWEEN 1 AND 5),
    balanced   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id) ON DELETE CASCADE
);

CREATE INDEX journal_entries_person_date ON journal_entries (org_id, person_id, entry_date, created_at, id);

-- definition is the role JSON (contexts and phases, or facet levels).
CREATE TABLE roles (
    org_id     TEXT NOT NULL REFERENCES organizations (id),
    id         TEXT NOT NULL,
    name       TEXT NOT NULL,
    definition TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (org_id, id),
    UNIQUE (org_id, name)
);

-- +goose Down
DROP TABLE roles;
DROP TABLE journal_entries;
DROP TABLE plan_ticks;
DROP TABLE plans;
