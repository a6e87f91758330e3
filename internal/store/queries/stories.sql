-- Queries of the story bank. Every query names the organisation.

-- name: insert-story
INSERT INTO stories (
    org_id, id, person_id, title, side, contexts, phase,
    situation, task, action, result, why_context, created_at
) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13);

-- name: list-stories
SELECT org_id, id, person_id, title, side, contexts, phase,
       situation, task, action, result, why_context, created_at
FROM stories
WHERE org_id = $1 AND person_id = $2
ORDER BY created_at, id;

-- name: delete-story
DELETE FROM stories WHERE org_id = $1 AND person_id = $2 AND id = $3;
