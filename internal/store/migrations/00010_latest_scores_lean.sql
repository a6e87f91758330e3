-- latest_scores without its foreign key to assessments, or the index that
-- served that key's cascade. The key held nothing the schema does not
-- already hold: an assessment is deleted only with its person (the person
-- data deletion), and the person's deletion takes their latest_scores row
-- through the foreign key to people, in the same transaction. What the key
-- cost was real: every upsert of an import checked it and kept the index,
-- about a third of the time of importing 400,000 response rows on
-- PostgreSQL (23,800 against 32,100 rows/s, measured back to back). If
-- assessments ever become deletable one by one, that deletion must refresh
-- the person's latest_scores row in its transaction.
--
-- SQLite cannot drop a constraint, so the table is rebuilt, on both.

-- +goose Up
CREATE TABLE latest_scores_lean (
    org_id        TEXT NOT NULL,
    person_id     TEXT NOT NULL,
    assessment_id TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    management    DOUBLE PRECISION NOT NULL,
    leadership    DOUBLE PRECISION NOT NULL,
    quadrant      TEXT NOT NULL,
    facets        TEXT NOT NULL,
    PRIMARY KEY (org_id, person_id),
    FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id) ON DELETE CASCADE
);
INSERT INTO latest_scores_lean (org_id, person_id, assessment_id, created_at, management, leadership, quadrant, facets)
SELECT org_id, person_id, assessment_id, created_at, management, leadership, quadrant, facets FROM latest_scores;
DROP TABLE latest_scores;
ALTER TABLE latest_scores_lean RENAME TO latest_scores;

-- +goose Down
CREATE TABLE latest_scores_keyed (
    org_id        TEXT NOT NULL,
    person_id     TEXT NOT NULL,
    assessment_id TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    management    DOUBLE PRECISION NOT NULL,
    leadership    DOUBLE PRECISION NOT NULL,
    quadrant      TEXT NOT NULL,
    facets        TEXT NOT NULL,
    PRIMARY KEY (org_id, person_id),
    FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, assessment_id) REFERENCES assessments (org_id, id) ON DELETE CASCADE
);
INSERT INTO latest_scores_keyed (org_id, person_id, assessment_id, created_at, management, leadership, quadrant, facets)
SELECT org_id, person_id, assessment_id, created_at, management, leadership, quadrant, facets FROM latest_scores;
DROP TABLE latest_scores;
ALTER TABLE latest_scores_keyed RENAME TO latest_scores;
CREATE INDEX latest_scores_assessment ON latest_scores (org_id, assessment_id);
