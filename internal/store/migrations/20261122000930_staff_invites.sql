-- +goose Up
-- One-time invitations of staff (owner, admin, member, viewer) to a
-- workspace by e-mail; only the hash of the secret is stored. Creators have
-- their own, tied to their creator row (portal_invites).
CREATE TABLE staff_invites (
	token_hash TEXT PRIMARY KEY,
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	email TEXT NOT NULL,
	role TEXT NOT NULL,
	invited_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	used_at BIGINT
);
CREATE INDEX staff_invites_ws_email ON staff_invites(workspace_id, email);

-- +goose Down
DROP TABLE staff_invites;
