-- Queries of the accounts: users, sessions, memberships, coach grants and
-- API tokens. users and sessions are reference tables spanning
-- organisations; every query on the other tables filters on org_id first,
-- except list-memberships, which says why.

-- $3 is the email folded by the application (store.FoldEmail), so both
-- databases compare emails alike. A taken email inserts nothing, which the
-- caller tells from a taken id, an error.
-- name: insert-user
INSERT INTO users (id, email, email_lower, name, password_hash, created_at)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (email_lower) DO NOTHING;

-- name: get-user
SELECT id, email, name, password_hash, created_at
FROM users
WHERE id = $1;

-- name: get-user-by-email
SELECT id, email, name, password_hash, created_at
FROM users
WHERE email_lower = $1;

-- $3 is the organisation or '' for none, stored as NULL.
-- name: insert-session
INSERT INTO sessions (token_hash, user_id, org_id, created_at, expires_at)
VALUES ($1, $2, NULLIF($3, ''), $4, $5);

-- $2 is now. Times are fixed-width UTC text, so they compare as text in
-- time order; a session expires at expires_at exactly.
-- name: get-session
SELECT token_hash, user_id, COALESCE(org_id, ''), created_at, expires_at
FROM sessions
WHERE token_hash = $1 AND expires_at > $2;

-- name: delete-session
DELETE FROM sessions WHERE token_hash = $1;

-- organizations is the one table not distributed by org_id (a reference
-- table under Citus), so finding one by slug asks one place. $1 is the slug
-- folded by the application: slugs are stored lowercase.
-- name: get-organization-by-slug
SELECT id, slug, name, created_at
FROM organizations
WHERE slug = $1;

-- name: insert-membership
INSERT INTO memberships (org_id, user_id, person_id, role, created_at)
VALUES ($1, $2, $3, $4, $5);

-- name: membership-exists
SELECT 1 FROM memberships WHERE org_id = $1 AND user_id = $2;

-- name: get-membership
SELECT m.org_id, o.name, m.user_id, m.person_id, m.role, m.created_at
FROM memberships m
JOIN organizations o ON o.id = m.org_id
WHERE m.org_id = $1 AND m.user_id = $2;

-- Finding a user's organisations is this query's point, so it cannot
-- filter on org_id: under Citus it asks every shard, each of which finds
-- the user's rows through memberships_user.
-- name: list-memberships
SELECT m.org_id, o.name, m.user_id, m.person_id, m.role, m.created_at
FROM memberships m
JOIN organizations o ON o.id = m.org_id
WHERE m.user_id = $1
ORDER BY m.created_at, m.org_id;

-- name: list-org-memberships
SELECT m.org_id, o.name, m.user_id, m.person_id, m.role, m.created_at
FROM memberships m
JOIN organizations o ON o.id = m.org_id
WHERE m.org_id = $1
ORDER BY m.created_at, m.user_id;

-- name: insert-coach-grant
INSERT INTO coach_grants (org_id, person_id, coach_user_id, created_at)
VALUES ($1, $2, $3, $4)
ON CONFLICT (org_id, person_id, coach_user_id) DO NOTHING;

-- name: delete-coach-grant
DELETE FROM coach_grants
WHERE org_id = $1 AND person_id = $2 AND coach_user_id = $3;

-- name: list-coach-grants
SELECT coach_user_id
FROM coach_grants
WHERE org_id = $1 AND person_id = $2
ORDER BY created_at, coach_user_id;

-- name: list-coached-people
SELECT person_id
FROM coach_grants
WHERE org_id = $1 AND coach_user_id = $2
ORDER BY created_at, person_id;

-- name: insert-api-token
INSERT INTO api_tokens (org_id, id, user_id, name, token_hash, created_at)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: get-api-token
SELECT org_id, id, user_id, name, token_hash, created_at
FROM api_tokens
WHERE org_id = $1 AND token_hash = $2;

-- name: list-api-tokens
SELECT org_id, id, user_id, name, token_hash, created_at
FROM api_tokens
WHERE org_id = $1 AND user_id = $2
ORDER BY created_at DESC, id DESC;

-- The user's id is in the key, so another member's token is not found.
-- name: delete-api-token
DELETE FROM api_tokens WHERE org_id = $1 AND id = $2 AND user_id = $3;

-- Who an API token acts as, in one read: the token's user and their
-- membership of the token's organisation. Every request with a token asks.
-- name: get-token-principal
SELECT u.id, u.email, u.name, u.password_hash, u.created_at,
       m.org_id, o.name, m.user_id, m.person_id, m.role, m.created_at
FROM api_tokens t
JOIN users u ON u.id = t.user_id
JOIN memberships m ON m.org_id = t.org_id AND m.user_id = t.user_id
JOIN organizations o ON o.id = m.org_id
WHERE t.org_id = $1 AND t.token_hash = $2;

-- Who an unexpired session acts as, in one read. A session working in no
-- organisation, or in one its user has left, finds no row.
-- name: get-session-principal
SELECT s.token_hash, s.user_id, s.org_id, s.created_at, s.expires_at,
       u.id, u.email, u.name, u.password_hash, u.created_at,
       m.org_id, o.name, m.user_id, m.person_id, m.role, m.created_at
FROM sessions s
JOIN users u ON u.id = s.user_id
JOIN memberships m ON m.org_id = s.org_id AND m.user_id = s.user_id
JOIN organizations o ON o.id = m.org_id
WHERE s.token_hash = $1 AND s.expires_at > $2;
