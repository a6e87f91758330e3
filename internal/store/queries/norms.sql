-- Queries of norm groups and item statistics, shared by SQLite and
-- PostgreSQL. A norm group comes back as counts of scores: one row per scale
-- or facet and distinct score, never one per person. Profile scores are
-- rounded to one decimal, so a group of any size is at most 1,001 rows per
-- scale and facet. A scale's row has facet ''.

-- An organisation's people: each one's latest assessment of the
-- instrument ($2), latest by created_at, then by id as list-assessments
-- breaks ties.
-- name: org-norm-group
WITH latest AS (
    SELECT id, management, leadership
    FROM (
        SELECT id, management, leadership,
               ROW_NUMBER() OVER (PARTITION BY person_id ORDER BY created_at DESC, id DESC) AS nth
        FROM assessments
        WHERE org_id = $1 AND instrument = $2
    ) ranked
    WHERE nth = 1
)
SELECT 'management', '', management, COUNT(*) FROM latest GROUP BY management
UNION ALL
SELECT 'leadership', '', leadership, COUNT(*) FROM latest GROUP BY leadership
UNION ALL
SELECT f.scale, f.facet, f.score, COUNT(*)
FROM assessment_facets f
JOIN latest l ON l.id = f.assessment_id
WHERE f.org_id = $1
GROUP BY f.scale, f.facet, f.score
ORDER BY 1, 2, 3;

-- Every stored assessment of the instrument ($1), in every organisation.
-- This is the one query of the store that does not filter on org_id: under
-- Citus it asks every shard. It selects scale and facet names, scores and
-- counts only, so nothing it returns names or tells apart an organisation,
-- a person or an assessment.
-- name: all-norm-group
SELECT 'management', '', management, COUNT(*) FROM assessments WHERE instrument = $1 GROUP BY management
UNION ALL
SELECT 'leadership', '', leadership, COUNT(*) FROM assessments WHERE instrument = $1 GROUP BY leadership
UNION ALL
SELECT f.scale, f.facet, f.score, COUNT(*)
FROM assessment_facets f
JOIN assessments a ON a.org_id = f.org_id AND a.id = f.assessment_id
WHERE a.instrument = $1
GROUP BY f.scale, f.facet, f.score
ORDER BY 1, 2, 3;

-- The answers of an organisation's assessments of the instrument ($2),
-- oldest first, for the item statistics to stream through.
-- name: list-answers
SELECT answers
FROM assessments
WHERE org_id = $1 AND instrument = $2
ORDER BY created_at, id;
