-- Importing responses at scale (issue 8): an imported assessment has no
-- idempotency key, so the unique index over (org_id, person_id,
-- idempotency_key) only ever guarded the few assessments submitted with
-- one. Made partial, it holds just those rows, and an import no longer pays
-- for one more index entry per row. The index's uniqueness is the same:
-- NULL keys never conflicted. A query that relies on it for ON CONFLICT
-- names the same predicate (store.sql, insert-assessment).
--
-- The answers column changes what it may hold, not its type: assess.Record
-- now writes the compact form of profile.CompactPrefix ("d1:" and one digit
-- per answer slot, about a tenth of the answers JSON and so of the bytes an
-- import writes). Rows stored before keep their answers JSON, which every
-- reader still accepts, so no data moves.
--
-- Every table belongs to one organisation and has org_id first in its
-- primary key and in each unique key, as 00002_accounts.sql explains.

-- +goose Up
DROP INDEX assessments_idempotency_key;
CREATE UNIQUE INDEX assessments_idempotency_key ON assessments (org_id, person_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- +goose Down
DROP INDEX assessments_idempotency_key;
CREATE UNIQUE INDEX assessments_idempotency_key ON assessments (org_id, person_id, idempotency_key);
