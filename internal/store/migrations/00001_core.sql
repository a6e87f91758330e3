-- The core schema: organisations, their people, completed assessments with
-- their facet scores, and drafts of assessments in progress.
--
-- Ids are UUIDv7 strings made by the application, so a row keeps its id when
-- data moves from SQLite to PostgreSQL. Times are UTC RFC 3339 TEXT with nine
-- fractional digits, so they sort as text and read the same in both. JSON is
-- TEXT, kept byte for byte as the application wrote it.

-- +goose Up

-- organizations is the one table not distributed by org_id: under Citus it
-- becomes a reference table, which distributed tables may reference.
CREATE TABLE organizations (
    id         TEXT NOT NULL PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE people (
    org_id     TEXT NOT NULL REFERENCES organizations (id),
    id         TEXT NOT NULL,
    email      TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (org_id, id),
    UNIQUE (org_id, email)
);

CREATE TABLE assessments (
    org_id             TEXT NOT NULL,
    id                 TEXT NOT NULL,
    person_id          TEXT NOT NULL,
    instrument         TEXT NOT NULL,
    answers            TEXT NOT NULL,
    profile            TEXT NOT NULL,
    management         DOUBLE PRECISION NOT NULL,
    leadership         DOUBLE PRECISION NOT NULL,
    tendency           DOUBLE PRECISION NOT NULL,
    judgement_accuracy DOUBLE PRECISION NOT NULL,
    quadrant           TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id)
);

-- Lists are newest first, per organisation and per person.
CREATE INDEX assessments_org_created ON assessments (org_id, created_at, id);
CREATE INDEX assessments_org_person_created ON assessments (org_id, person_id, created_at, id);

-- One row per facet score, so norms and heatmaps can aggregate in SQL
-- without parsing the profile JSON.
CREATE TABLE assessment_facets (
    org_id        TEXT NOT NULL,
    assessment_id TEXT NOT NULL,
    scale         TEXT NOT NULL,
    facet         TEXT NOT NULL,
    score         DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (org_id, assessment_id, scale, facet),
    FOREIGN KEY (org_id, assessment_id) REFERENCES assessments (org_id, id) ON DELETE CASCADE
);

-- A draft is disposable: it goes with its person.
CREATE TABLE drafts (
    org_id     TEXT NOT NULL,
    person_id  TEXT NOT NULL,
    instrument TEXT NOT NULL,
    answers    TEXT NOT NULL,
    position   INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (org_id, person_id, instrument),
    FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE drafts;
DROP TABLE assessment_facets;
DROP TABLE assessments;
DROP TABLE people;
DROP TABLE organizations;
