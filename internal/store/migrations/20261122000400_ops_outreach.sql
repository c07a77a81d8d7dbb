-- +goose Up
-- Secret links that show a campaign's brief to creators without signing in.
-- Only the SHA-256 of the token is kept; revoking sets revoked_at.
CREATE TABLE brief_shares (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	campaign_id BIGINT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
	token_hash TEXT NOT NULL UNIQUE,
	-- The first characters of the token, to tell links apart in the list.
	prefix TEXT NOT NULL,
	created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
	created_at BIGINT NOT NULL,
	revoked_at BIGINT
);
CREATE INDEX brief_shares_campaign ON brief_shares(campaign_id);

CREATE TABLE message_templates (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	UNIQUE (workspace_id, name)
);

-- The thread of a collaboration: every outgoing message, with its fate.
CREATE TABLE messages (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	collaboration_id BIGINT NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
	deliverable_id BIGINT,
	kind TEXT NOT NULL CHECK (kind IN ('outreach', 'reminder')),
	to_addr TEXT NOT NULL,
	subject TEXT NOT NULL,
	body_text TEXT NOT NULL,
	body_html TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
	error TEXT NOT NULL DEFAULT '',
	attempts INTEGER NOT NULL DEFAULT 0,
	message_id TEXT NOT NULL DEFAULT '',
	created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
	created_at BIGINT NOT NULL,
	sent_at BIGINT
);
CREATE INDEX messages_collab ON messages(collaboration_id, id);

CREATE TABLE deliverables (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	collaboration_id BIGINT NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('post', 'reel', 'story', 'video', 'short', 'blog')),
	platform TEXT NOT NULL,
	due_at BIGINT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('planned', 'submitted', 'approved', 'live', 'missed')),
	submitted_at BIGINT,
	approved_at BIGINT,
	live_at BIGINT,
	missed_at BIGINT,
	reminded_at BIGINT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX deliverables_collab ON deliverables(collaboration_id, due_at);
-- The reminder job's scan: planned, past due, not yet reminded.
CREATE INDEX deliverables_due ON deliverables(status, due_at);

-- +goose Down
DROP TABLE deliverables;
DROP TABLE messages;
DROP TABLE message_templates;
DROP TABLE brief_shares;
