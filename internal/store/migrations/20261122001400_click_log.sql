-- +goose Up
-- How far the database has ingested each click log (internal/clicklog),
-- written in the same transaction as the clicks it ingests, so that a
-- restart replays exactly what is missing.
CREATE TABLE click_log_checkpoints (
	log_id TEXT PRIMARY KEY,
	seg BIGINT NOT NULL,
	off BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE click_log_checkpoints;
