-- +goose Up
-- (Numbered after 20261122000910_surround: goose refuses a migration lower than
-- one a database already has, so 000900 would stop databases made since then.)
-- When a session was last used, so that one left alone for longer than the
-- idle limit ends before its absolute expiry. It is refreshed at most once a
-- minute, so that reading pages does not turn into a write per request.
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT NOT NULL DEFAULT 0;
UPDATE sessions SET last_seen_at = created_at;

-- +goose Down
ALTER TABLE sessions DROP COLUMN last_seen_at;
