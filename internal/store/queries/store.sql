-- Queries of the store adapters, shared by SQLite and PostgreSQL.
-- Placeholders are $1, $2, ...; each query ends at the next "-- name:" line.
-- Every query on an organisation's data filters on org_id first, so under
-- Citus it routes to the one shard that holds the organisation.

-- name: local-ids
SELECT o.id, p.id
FROM organizations o
JOIN people p ON p.org_id = o.id
WHERE o.slug = $1 AND p.email = $2;

-- name: insert-organization
INSERT INTO organizations (id, slug, name, created_at)
VALUES ($1, $2, $3, $4)
ON CONFLICT (slug) DO NOTHING;

-- name: organization-id-by-slug
SELECT id FROM organizations WHERE slug = $1;

-- name: organization-name
SELECT name FROM organizations WHERE id = $1;

-- name: insert-person
INSERT INTO people (org_id, id, email, name, created_at)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (org_id, email) DO NOTHING;

-- name: person-id-by-email
SELECT id FROM people WHERE org_id = $1 AND email = $2;

-- Emails compare case-insensitively when a user joins: a person added as
-- Ann@Example.com is adopted by the user ann@example.com. lower() folds
-- ASCII only in SQLite, all of Unicode in PostgreSQL; both sides of the
-- comparison go through the same lower(), so each database is consistent.
-- The oldest match wins if letter case alone made two people.
-- name: person-id-by-folded-email
SELECT id FROM people
WHERE org_id = $1 AND lower(email) = lower($2)
ORDER BY created_at, id
LIMIT 1;

-- name: person-exists
SELECT 1 FROM people WHERE org_id = $1 AND id = $2;

-- name: get-person
SELECT org_id, id, email, name, created_at
FROM people
WHERE org_id = $1 AND id = $2;

-- Names sort by the database's collation: byte order in SQLite and in a
-- PostgreSQL database with the C locale, language order in others.
-- name: list-people
SELECT org_id, id, email, name, created_at
FROM people
WHERE org_id = $1
ORDER BY name, id;

-- $13 is the idempotency key or '' for none, stored as NULL so that any
-- number of assessments can have none. A key the person already used
-- inserts nothing, which the caller tells from a repeated id, an error.
-- The conflict target names the partial unique index's predicate
-- (00008_import.sql), which both databases need to match it.
-- facets ($11) is the canonical text of sqldb/facets.go.
-- name: insert-assessment
INSERT INTO assessments (
    org_id, id, person_id, instrument, answers,
    management, leadership, tendency, judgement_accuracy, quadrant, facets, created_at,
    idempotency_key
) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULLIF($13, ''))
ON CONFLICT (org_id, person_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING;

-- Makes the assessment the person's latest unless one they already have is
-- newer: newer by created_at, then by id, as list-assessments orders them.
-- name: upsert-latest-score
INSERT INTO latest_scores (org_id, person_id, assessment_id, created_at, management, leadership, quadrant, facets)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (org_id, person_id) DO UPDATE
SET assessment_id = excluded.assessment_id, created_at = excluded.created_at,
    management = excluded.management, leadership = excluded.leadership,
    quadrant = excluded.quadrant, facets = excluded.facets
WHERE excluded.created_at > latest_scores.created_at
   OR (excluded.created_at = latest_scores.created_at AND excluded.assessment_id > latest_scores.assessment_id);

-- name: get-assessment
SELECT org_id, id, person_id, instrument, answers,
       management, leadership, tendency, judgement_accuracy, quadrant, facets,
       COALESCE(idempotency_key, ''), created_at
FROM assessments
WHERE org_id = $1 AND id = $2;

-- name: get-assessment-by-idempotency-key
SELECT org_id, id, person_id, instrument, answers,
       management, leadership, tendency, judgement_accuracy, quadrant, facets,
       COALESCE(idempotency_key, ''), created_at
FROM assessments
WHERE org_id = $1 AND person_id = $2 AND idempotency_key = $3;

-- $2 is a person id or '' for everyone; $3 is the most rows to return.
-- Ties in created_at fall back to the id, a UUIDv7 that grows with time.
-- name: list-assessments
SELECT org_id, id, person_id, instrument, answers,
       management, leadership, tendency, judgement_accuracy, quadrant, facets,
       COALESCE(idempotency_key, ''), created_at
FROM assessments
WHERE org_id = $1 AND ($2 = '' OR person_id = $2)
ORDER BY created_at DESC, id DESC
LIMIT $3;

-- name: upsert-draft
INSERT INTO drafts (org_id, person_id, instrument, answers, position, updated_at)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (org_id, person_id, instrument) DO UPDATE
SET answers = excluded.answers, position = excluded.position, updated_at = excluded.updated_at;

-- name: get-draft
SELECT answers, position, updated_at
FROM drafts
WHERE org_id = $1 AND person_id = $2 AND instrument = $3;

-- name: delete-draft
DELETE FROM drafts WHERE org_id = $1 AND person_id = $2 AND instrument = $3;
