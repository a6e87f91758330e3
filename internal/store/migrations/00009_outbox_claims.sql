-- The outbox is drained by every twohats serve that shares the database. A
-- sender claims the mails it is about to send for a lease: claimed_until is
-- when the claim lapses (UTC RFC 3339 TEXT, as every time), NULL when no one
-- holds it. Another sender skips a mail whose claim is live, so two
-- instances never send the same mail; a sender that dies mid-send leaves a
-- claim that lapses, and the mail is tried again (at least once, never
-- twice by live senders).

-- +goose Up
ALTER TABLE outbox ADD COLUMN claimed_until TEXT;

-- +goose Down
ALTER TABLE outbox DROP COLUMN claimed_until;
