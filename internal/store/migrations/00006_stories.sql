-- Story bank: the STAR stories a person prepares for interviews, each tagged
-- with the side it shows (management or leadership), the situation it
-- happened in and why that situation called for that side.
--
-- Every table belongs to one organisation and has org_id first in its
-- primary key and in each foreign key, as 00002_accounts.sql explains; the
-- PostgreSQL adapter's tests check the rule against the live catalog.

-- +goose Up

-- contexts is a JSON array of framework context keys; phase is a framework
-- phase key or ''.
CREATE TABLE stories (
    org_id      TEXT NOT NULL,
    id          TEXT NOT NULL,
    person_id   TEXT NOT NULL,
    title       TEXT NOT NULL,
    side        TEXT NOT NULL CHECK (side IN ('management', 'leadership')),
    contexts    TEXT NOT NULL,
    phase       TEXT NOT NULL,
    situation   TEXT NOT NULL,
    task        TEXT NOT NULL,
    action      TEXT NOT NULL,
    result      TEXT NOT NULL,
    why_context TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id) ON DELETE CASCADE
);

CREATE INDEX stories_person ON stories (org_id, person_id, created_at, id);

-- +goose Down
DROP TABLE stories;
