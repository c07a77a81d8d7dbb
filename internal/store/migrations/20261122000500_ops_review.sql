-- +goose Up
-- Content review: a draft is one deliverable's thread of versions; every
-- version is kept with its automatic compliance report (JSON, as
-- compliance.Report) and the reviewers' decisions.
CREATE TABLE drafts (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	collaboration_id BIGINT NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	-- pending, changes_requested or approved: the state of the latest version.
	status TEXT NOT NULL DEFAULT 'pending',
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX drafts_collab ON drafts(workspace_id, collaboration_id);

CREATE TABLE draft_versions (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	draft_id BIGINT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
	version INTEGER NOT NULL,
	caption TEXT NOT NULL DEFAULT '',
	-- Links to published or scheduled posts, one a line.
	post_urls TEXT NOT NULL DEFAULT '',
	report TEXT NOT NULL DEFAULT '{}',
	report_status TEXT NOT NULL DEFAULT 'pass',
	submitted_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
	created_at BIGINT NOT NULL,
	UNIQUE (draft_id, version)
);

-- Media are files under the data directory, stored under generated names;
-- the uploader's file name is kept for display only.
CREATE TABLE draft_media (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	version_id BIGINT NOT NULL REFERENCES draft_versions(id) ON DELETE CASCADE,
	stored_name TEXT NOT NULL UNIQUE,
	original_name TEXT NOT NULL DEFAULT '',
	content_type TEXT NOT NULL,
	size BIGINT NOT NULL
);
CREATE INDEX draft_media_version ON draft_media(version_id);

CREATE TABLE draft_reviews (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	version_id BIGINT NOT NULL REFERENCES draft_versions(id) ON DELETE CASCADE,
	user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
	decision TEXT NOT NULL CHECK (decision IN ('approve', 'request_changes', 'comment')),
	comment TEXT NOT NULL DEFAULT '',
	at BIGINT NOT NULL
);
CREATE INDEX draft_reviews_version ON draft_reviews(version_id, id);

-- The workspace's own banned claims, in compliance.ParseRules syntax.
CREATE TABLE claim_lists (
	workspace_id BIGINT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
	body TEXT NOT NULL DEFAULT '',
	updated_at BIGINT NOT NULL
);

-- Usage rights per asset: an approved draft or a post.
CREATE TABLE usage_rights (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	collaboration_id BIGINT NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
	draft_id BIGINT REFERENCES drafts(id) ON DELETE CASCADE,
	post_id BIGINT REFERENCES posts(id) ON DELETE CASCADE,
	-- Space-separated channel names (paid_social, whitelisting, ...).
	channels TEXT NOT NULL,
	territory TEXT NOT NULL DEFAULT 'worldwide',
	starts_at BIGINT NOT NULL,
	ends_at BIGINT NOT NULL,
	exclusive BOOLEAN NOT NULL DEFAULT FALSE,
	fee_minor BIGINT NOT NULL DEFAULT 0,
	currency TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX usage_rights_ws_end ON usage_rights(workspace_id, ends_at);
CREATE INDEX usage_rights_collab ON usage_rights(collaboration_id);

-- Payout terms beyond the collaboration's flat fee and commission.
CREATE TABLE payout_terms (
	collaboration_id BIGINT PRIMARY KEY REFERENCES collaborations(id) ON DELETE CASCADE,
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	per_deliverable_minor BIGINT NOT NULL DEFAULT 0,
	-- Bonuses as JSON: [{"revenue_minor": 100000, "amount_minor": 5000}].
	bonuses TEXT NOT NULL DEFAULT '[]',
	updated_at BIGINT NOT NULL
);

-- A payout run pays every balance once; running the same key again finds
-- this row and changes nothing.
CREATE TABLE payout_runs (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	run_key TEXT NOT NULL,
	user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
	created_at BIGINT NOT NULL,
	UNIQUE (workspace_id, run_key)
);

-- The ledger, append-only: accruals (what became owed, per kind) are
-- positive, payments negative; a collaboration's balance is the sum.
CREATE TABLE payout_entries (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	collaboration_id BIGINT NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
	run_id BIGINT REFERENCES payout_runs(id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	amount_minor BIGINT NOT NULL,
	currency TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	at BIGINT NOT NULL
);
CREATE INDEX payout_entries_collab ON payout_entries(workspace_id, collaboration_id, id);

-- One-time invitations to the creator portal; only the hash is stored.
CREATE TABLE portal_invites (
	token_hash TEXT PRIMARY KEY,
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	creator_id BIGINT NOT NULL REFERENCES creators(id) ON DELETE CASCADE,
	email TEXT NOT NULL,
	invited_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	used_at BIGINT
);
CREATE INDEX portal_invites_creator ON portal_invites(workspace_id, creator_id);

-- +goose Down
DROP TABLE portal_invites;
DROP TABLE payout_entries;
DROP TABLE payout_runs;
DROP TABLE payout_terms;
DROP TABLE usage_rights;
DROP TABLE claim_lists;
DROP TABLE draft_reviews;
DROP TABLE draft_media;
DROP TABLE draft_versions;
DROP TABLE drafts;
