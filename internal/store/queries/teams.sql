-- Queries of teams, their members, mentor opt-ins, the organisation-wide
-- reads of the dashboards and a person's data, shared by SQLite and
-- PostgreSQL. Every query filters on org_id first, so under Citus it routes
-- to the one shard that holds the organisation.

-- name: upsert-team
INSERT INTO teams (org_id, id, parent_id, name, contexts, phase, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (org_id, id) DO UPDATE
SET parent_id = excluded.parent_id, name = excluded.name, contexts = excluded.contexts, phase = excluded.phase;

-- name: get-team
SELECT org_id, id, COALESCE(parent_id, ''), name, contexts, phase, created_at
FROM teams
WHERE org_id = $1 AND id = $2;

-- name: team-parent
SELECT COALESCE(parent_id, '') FROM teams WHERE org_id = $1 AND id = $2;

-- name: list-teams
SELECT org_id, id, COALESCE(parent_id, ''), name, contexts, phase, created_at
FROM teams
WHERE org_id = $1
ORDER BY name, id;

-- name: team-has-children
SELECT 1 FROM teams WHERE org_id = $1 AND parent_id = $2 LIMIT 1;

-- name: delete-team
DELETE FROM teams WHERE org_id = $1 AND id = $2;

-- name: upsert-team-member
INSERT INTO team_members (org_id, team_id, person_id, role_held, proposed_role, created_at)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (org_id, team_id, person_id) DO UPDATE
SET role_held = excluded.role_held, proposed_role = excluded.proposed_role;

-- name: delete-team-member
DELETE FROM team_members WHERE org_id = $1 AND team_id = $2 AND person_id = $3;

-- name: list-team-members
SELECT org_id, team_id, person_id, COALESCE(role_held, ''), COALESCE(proposed_role, '')
FROM team_members
WHERE org_id = $1
ORDER BY team_id, person_id;

-- name: insert-mentor
INSERT INTO mentors (org_id, person_id, created_at)
VALUES ($1, $2, $3)
ON CONFLICT (org_id, person_id) DO NOTHING;

-- name: delete-mentor
DELETE FROM mentors WHERE org_id = $1 AND person_id = $2;

-- name: list-mentors
SELECT person_id FROM mentors WHERE org_id = $1 ORDER BY person_id;

-- Each assessed person's latest scores, which the store keeps in
-- latest_scores as it writes assessments: one narrow row a person, read
-- along the primary key.
-- name: list-latest-scores
SELECT person_id, assessment_id, management, leadership, quadrant, facets
FROM latest_scores
WHERE org_id = $1
ORDER BY person_id;

-- PostgreSQL only, run through pgx by the COPY import rather than prepared:
-- the newest assessment of each person in a batch, as parallel arrays,
-- made the person's latest scores unless they have newer ones, as
-- upsert-latest-score does one at a time.
-- name: upsert-latest-scores-unnest
INSERT INTO latest_scores (org_id, person_id, assessment_id, created_at, management, leadership, quadrant, facets)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::text[], $8::text[])
ON CONFLICT (org_id, person_id) DO UPDATE
SET assessment_id = excluded.assessment_id, created_at = excluded.created_at,
    management = excluded.management, leadership = excluded.leadership,
    quadrant = excluded.quadrant, facets = excluded.facets
WHERE excluded.created_at > latest_scores.created_at
   OR (excluded.created_at = latest_scores.created_at AND excluded.assessment_id > latest_scores.assessment_id);

-- PostgreSQL only: what the foreign key from assessments to people did row
-- by row before migration 11. Writing assessments and deleting a person's
-- data exclude each other per organisation, by a transaction-level advisory
-- lock (in memory: no row is locked or written): writers share it, a
-- deletion takes it alone, first. A writer that has it sees every deletion
-- before it committed, and a deletion waits for the writers under way, so
-- no assessment outlives its person. 1752461412 is the lock's namespace,
-- the first four bytes of "hats". (hashtext may map two organisations to
-- one lock: they then wait for each other, no more.)
-- name: share-person-data-lock
SELECT pg_advisory_xact_lock_shared(1752461412, hashtext($1));

-- name: take-person-data-lock
SELECT pg_advisory_xact_lock(1752461412, hashtext($1));

-- PostgreSQL only, run as text by the COPY import: the first of the
-- pairs ($1 org ids, $2 person ids) that is not a person, or no row.
-- name: missing-people-unnest
SELECT u.org_id, u.id
FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(org_id, id, n)
WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.org_id = u.org_id AND p.id = u.id)
ORDER BY u.n
LIMIT 1;

-- Rebuilding an organisation's latest scores from its assessments, after
-- an import was cut off by the death of its process (store.Teams).
-- name: delete-org-latest-scores
DELETE FROM latest_scores WHERE org_id = $1;

-- name: rebuild-org-latest-scores
INSERT INTO latest_scores (org_id, person_id, assessment_id, created_at, management, leadership, quadrant, facets)
SELECT org_id, person_id, id, created_at, management, leadership, quadrant, facets
FROM (
    SELECT org_id, person_id, id, created_at, management, leadership, quadrant, facets,
           ROW_NUMBER() OVER (PARTITION BY person_id ORDER BY created_at DESC, id DESC) AS nth
    FROM assessments
    WHERE org_id = $1
) ranked
WHERE nth = 1;

-- $3 is the person's email folded as raters.email_lower holds it.
-- name: count-person-data
SELECT
    (SELECT count(*) FROM people WHERE org_id = $1 AND id = $2),
    (SELECT count(*) FROM assessments WHERE org_id = $1 AND person_id = $2),
    (SELECT count(*) FROM latest_scores WHERE org_id = $1 AND person_id = $2),
    (SELECT count(*) FROM drafts WHERE org_id = $1 AND person_id = $2),
    (SELECT count(*) FROM campaigns WHERE org_id = $1 AND subject_person_id = $2),
    (SELECT count(*) FROM raters r JOIN campaigns c ON c.org_id = r.org_id AND c.id = r.campaign_id
        WHERE r.org_id = $1 AND c.subject_person_id = $2),
    (SELECT count(*) FROM raters WHERE org_id = $1 AND email_lower = $3),
    (SELECT count(*) FROM responses s JOIN raters r ON r.org_id = s.org_id AND r.campaign_id = s.campaign_id AND r.id = s.rater_id
        JOIN campaigns c ON c.org_id = r.org_id AND c.id = r.campaign_id
        WHERE s.org_id = $1 AND (c.subject_person_id = $2 OR r.email_lower = $3)),
    (SELECT count(*) FROM plans WHERE org_id = $1 AND person_id = $2),
    (SELECT count(*) FROM journal_entries WHERE org_id = $1 AND person_id = $2),
    (SELECT count(*) FROM team_members WHERE org_id = $1 AND person_id = $2),
    (SELECT count(*) FROM mentors WHERE org_id = $1 AND person_id = $2),
    (SELECT count(*) FROM memberships WHERE org_id = $1 AND person_id = $2),
    (SELECT count(*) FROM coach_grants WHERE org_id = $1 AND person_id = $2),
    (SELECT count(*) FROM stories WHERE org_id = $1 AND person_id = $2);

-- name: delete-person-campaigns
DELETE FROM campaigns WHERE org_id = $1 AND subject_person_id = $2;

-- name: delete-person-rater-links
DELETE FROM raters WHERE org_id = $1 AND email_lower = $2;

-- name: delete-person-assessments
DELETE FROM assessments WHERE org_id = $1 AND person_id = $2;

-- name: delete-person-membership
DELETE FROM memberships WHERE org_id = $1 AND person_id = $2;

-- Drafts, plans, journal entries, stories, team memberships, mentor
-- opt-ins, coach grants and latest scores go with the person (ON DELETE
-- CASCADE).
-- name: delete-person
DELETE FROM people WHERE org_id = $1 AND id = $2;

-- name: person-email
SELECT email FROM people WHERE org_id = $1 AND id = $2;
