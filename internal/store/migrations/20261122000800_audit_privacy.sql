-- +goose Up
-- Who did what sensitive thing, when: role changes, secrets, tokens, payouts,
-- exports, deletions, sign-ins. Rows are only ever added (and removed with
-- their workspace). actor_user_id and actor_token_id are kept as plain
-- numbers, not foreign keys, so that deleting a user or a token does not
-- rewrite the history of what they did; actor keeps the name readable.
CREATE TABLE audit_events (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	at BIGINT NOT NULL,
	actor_user_id BIGINT,
	actor_token_id BIGINT,
	actor TEXT NOT NULL DEFAULT '',
	action TEXT NOT NULL,
	object_kind TEXT NOT NULL DEFAULT '',
	object_id BIGINT,
	-- A short human detail; never a secret, a password or a token value.
	detail TEXT NOT NULL DEFAULT '',
	ip_hash TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_ws_at ON audit_events(workspace_id, at, id);

-- Privacy settings per workspace. retention_days 0 keeps raw clicks for
-- ever; otherwise raw clicks older than that many days are deleted (the
-- hourly and daily rollups stay).
CREATE TABLE workspace_privacy (
	workspace_id BIGINT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
	retention_days INTEGER NOT NULL DEFAULT 0 CHECK (retention_days >= 0),
	updated_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE workspace_privacy;
DROP TABLE audit_events;
