-- Queries of norm groups and item statistics, shared by SQLite and
-- PostgreSQL. A norm group's query returns the scores of its members, one
-- row each: the two scales and the facets in their stored text form
-- (sqldb/facets.go), which the store counts as it reads them. Scores are
-- whole tenths, so a group of any size counts at most 1,001 distinct
-- scores per scale and facet.

-- An organisation's people: each one's latest assessment of the
-- instrument ($2), latest by created_at, then by id as list-assessments
-- breaks ties. (latest_scores holds each person's latest assessment of
-- any instrument, which may be of another version, so it cannot serve.)
-- name: org-norm-group
SELECT management, leadership, facets
FROM (
    SELECT management, leadership, facets,
           ROW_NUMBER() OVER (PARTITION BY person_id ORDER BY created_at DESC, id DESC) AS nth
    FROM assessments
    WHERE org_id = $1 AND instrument = $2
) ranked
WHERE nth = 1;

-- Every stored assessment of the instrument ($1), in every organisation.
-- This is the one query of the store that does not filter on org_id: under
-- Citus it asks every shard. It selects scores only, so nothing it returns
-- names or tells apart an organisation, a person or an assessment.
-- name: all-norm-group
SELECT management, leadership, facets
FROM assessments
WHERE instrument = $1;

-- The answers of an organisation's assessments of the instrument ($2),
-- oldest first, for the item statistics to stream through.
-- name: list-answers
SELECT answers
FROM assessments
WHERE org_id = $1 AND instrument = $2
ORDER BY created_at, id;
