-- Organisations at scale (issue 8): an import writes one row per assessment,
-- and the dashboards read one narrow row per person.
--
-- - The profile JSON goes. Nothing read it back: every reader scores the
--   stored answers again, which are the truth (instrument versions are
--   immutable).
-- - The facet scores move from assessment_facets, twelve rows an
--   assessment, into the assessment row as one compact TEXT column, facets,
--   in the canonical form sqldb/facets.go writes and parses:
--       scale:facet=score,facet=score;scale:facet=score
--   scales in order, each scale's facets in order, every score a whole
--   number of tenths with one decimal ("62.5", "80.0", "-0.5"), '' for none.
-- - latest_scores holds each person's latest assessment (newest created_at,
--   then the largest id), which the store keeps in the same transaction as
--   every assessment it writes; it goes with the person or the assessment.
--
-- Every table belongs to one organisation and has org_id first in its
-- primary key and in each foreign key, as 00002_accounts.sql explains.

-- +goose Up

ALTER TABLE assessments ADD COLUMN facets TEXT NOT NULL DEFAULT '';

-- Scores are whole tenths (the scorer rounds them), so round(score * 10) is
-- their exact integer count of tenths in both databases, written with
-- integer arithmetic so both print it the same way.
UPDATE assessments
SET facets = e.facets
FROM (
    SELECT org_id, assessment_id, string_agg(scale || ':' || entries, ';' ORDER BY scale) AS facets
    FROM (
        SELECT org_id, assessment_id, scale,
               string_agg(facet || '=' || tenths, ',' ORDER BY facet) AS entries
        FROM (
            SELECT org_id, assessment_id, scale, facet,
                   CASE WHEN round(score * 10) < 0 THEN '-' ELSE '' END
                   || CAST(CAST(abs(round(score * 10)) AS INTEGER) / 10 AS TEXT)
                   || '.' || CAST(CAST(abs(round(score * 10)) AS INTEGER) % 10 AS TEXT) AS tenths
            FROM assessment_facets
        ) f
        GROUP BY org_id, assessment_id, scale
    ) s
    GROUP BY org_id, assessment_id
) e
WHERE e.org_id = assessments.org_id AND e.assessment_id = assessments.id;

ALTER TABLE assessments DROP COLUMN profile;
DROP TABLE assessment_facets;

CREATE TABLE latest_scores (
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

-- Serves the cascade when a person's assessments are deleted.
CREATE INDEX latest_scores_assessment ON latest_scores (org_id, assessment_id);

INSERT INTO latest_scores (org_id, person_id, assessment_id, created_at, management, leadership, quadrant, facets)
SELECT org_id, person_id, id, created_at, management, leadership, quadrant, facets
FROM (
    SELECT org_id, person_id, id, created_at, management, leadership, quadrant, facets,
           ROW_NUMBER() OVER (PARTITION BY org_id, person_id ORDER BY created_at DESC, id DESC) AS nth
    FROM assessments
) ranked
WHERE nth = 1;

-- +goose Down
-- The shape comes back, not the data: the profile JSON is gone for good
-- (the answers rescore to it), and the facet scores stay in
-- assessments.facets rather than being split back into rows.
DROP TABLE latest_scores;
CREATE TABLE assessment_facets (
    org_id        TEXT NOT NULL,
    assessment_id TEXT NOT NULL,
    scale         TEXT NOT NULL,
    facet         TEXT NOT NULL,
    score         DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (org_id, assessment_id, scale, facet),
    FOREIGN KEY (org_id, assessment_id) REFERENCES assessments (org_id, id) ON DELETE CASCADE
);
ALTER TABLE assessments ADD COLUMN profile TEXT NOT NULL DEFAULT '{}';
