-- Queries of development plans, their ticks, journal entries and roles,
-- shared by SQLite and PostgreSQL. Every query filters on org_id first, so
-- under Citus it routes to the one shard that holds the organisation.

-- name: insert-plan
INSERT INTO plans (org_id, id, person_id, body, created_at)
VALUES ($1, $2, $3, $4, $5);

-- name: get-plan
SELECT org_id, id, person_id, body, created_at
FROM plans
WHERE org_id = $1 AND id = $2;

-- Ties in created_at fall back to the id, a UUIDv7 that grows with time.
-- name: list-plans
SELECT org_id, id, person_id, body, created_at
FROM plans
WHERE org_id = $1 AND person_id = $2
ORDER BY created_at DESC, id DESC;

-- name: plan-exists
SELECT 1 FROM plans WHERE org_id = $1 AND id = $2;

-- name: list-plan-ticks
SELECT org_id, plan_id, check_in_id, done_on
FROM plan_ticks
WHERE org_id = $1 AND plan_id = $2
ORDER BY check_in_id;

-- The ticks of every plan of one person, in one query rather than one per
-- plan.
-- name: list-person-plan-ticks
SELECT t.org_id, t.plan_id, t.check_in_id, t.done_on
FROM plan_ticks t
JOIN plans p ON p.org_id = t.org_id AND p.id = t.plan_id
WHERE t.org_id = $1 AND p.person_id = $2
ORDER BY t.plan_id, t.check_in_id;

-- A second tick of the same check-in keeps the first date.
-- name: insert-plan-tick
INSERT INTO plan_ticks (org_id, plan_id, check_in_id, done_on)
VALUES ($1, $2, $3, $4)
ON CONFLICT (org_id, plan_id, check_in_id) DO NOTHING;

-- name: delete-plan-tick
DELETE FROM plan_ticks WHERE org_id = $1 AND plan_id = $2 AND check_in_id = $3;

-- name: insert-journal-entry
INSERT INTO journal_entries (
    org_id, id, person_id, entry_date, situation, contexts, phase, need,
    approach, outcome, balanced, created_at
) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12);

-- name: list-journal-entries
SELECT org_id, id, person_id, entry_date, situation, contexts, phase, need,
       approach, outcome, balanced, created_at
FROM journal_entries
WHERE org_id = $1 AND person_id = $2
ORDER BY entry_date, created_at, id;

-- name: insert-role
INSERT INTO roles (org_id, id, name, definition, created_at)
VALUES ($1, $2, $3, $4, $5);

-- name: get-role
SELECT org_id, id, name, definition, created_at
FROM roles
WHERE org_id = $1 AND id = $2;

-- Names sort by the database's collation, as people's names do.
-- name: list-roles
SELECT org_id, id, name, definition, created_at
FROM roles
WHERE org_id = $1
ORDER BY name, id;
