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

-- Each person's latest assessment (newest created_at, then the largest id,
-- a UUIDv7) with its facets, in one pass the index on (org_id, person_id,
-- created_at, id) serves.
-- name: list-latest-scores
SELECT l.person_id, l.id, l.management, l.leadership, l.quadrant, f.scale, f.facet, f.score
FROM (
    SELECT org_id, id, person_id, management, leadership, quadrant,
           ROW_NUMBER() OVER (PARTITION BY person_id ORDER BY created_at DESC, id DESC) AS rn
    FROM assessments
    WHERE org_id = $1
) l
JOIN assessment_facets f ON f.org_id = l.org_id AND f.assessment_id = l.id
WHERE l.rn = 1
ORDER BY l.person_id, f.scale, f.facet;

-- $3 is the person's email folded as raters.email_lower holds it.
-- name: count-person-data
SELECT
    (SELECT count(*) FROM people WHERE org_id = $1 AND id = $2),
    (SELECT count(*) FROM assessments WHERE org_id = $1 AND person_id = $2),
    (SELECT count(*) FROM assessment_facets f JOIN assessments a ON a.org_id = f.org_id AND a.id = f.assessment_id
        WHERE f.org_id = $1 AND a.person_id = $2),
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
    (SELECT count(*) FROM coach_grants WHERE org_id = $1 AND person_id = $2);

-- name: delete-person-campaigns
DELETE FROM campaigns WHERE org_id = $1 AND subject_person_id = $2;

-- name: delete-person-rater-links
DELETE FROM raters WHERE org_id = $1 AND email_lower = $2;

-- name: delete-person-assessments
DELETE FROM assessments WHERE org_id = $1 AND person_id = $2;

-- name: delete-person-membership
DELETE FROM memberships WHERE org_id = $1 AND person_id = $2;

-- Drafts, plans, journal entries, team memberships, mentor opt-ins and
-- coach grants go with the person (ON DELETE CASCADE).
-- name: delete-person
DELETE FROM people WHERE org_id = $1 AND id = $2;

-- name: person-email
SELECT email FROM people WHERE org_id = $1 AND id = $2;
