-- +goose Up
-- A sync job fetches a list of accounts from the platform APIs in the
-- background. Its progress lives here, entry by entry, so that a page left
-- and come back to, or served by another node, shows where it is.
CREATE TABLE sync_jobs (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
	-- Who started it as shown on the page: an e-mail or an API token's name,
	-- kept when the user is gone.
	started_by TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'interrupted')),
	total BIGINT NOT NULL DEFAULT 0,
	done BIGINT NOT NULL DEFAULT 0,
	failed BIGINT NOT NULL DEFAULT 0,
	message TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	started_at BIGINT,
	-- updated_at is the job's heartbeat: a running job whose node died
	-- stops moving it.
	updated_at BIGINT NOT NULL,
	finished_at BIGINT
);
CREATE INDEX sync_jobs_ws ON sync_jobs(workspace_id, id);
CREATE INDEX sync_jobs_status ON sync_jobs(status);

CREATE TABLE sync_entries (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	job_id BIGINT NOT NULL REFERENCES sync_jobs(id) ON DELETE CASCADE,
	position BIGINT NOT NULL,
	platform TEXT NOT NULL,
	handle TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'skipped')),
	creator_id BIGINT REFERENCES creators(id) ON DELETE SET NULL,
	account_id BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
	creator_added BOOLEAN NOT NULL DEFAULT FALSE,
	posts_added BIGINT NOT NULL DEFAULT 0,
	posts_seen BIGINT NOT NULL DEFAULT 0,
	comments_added BIGINT NOT NULL DEFAULT 0,
	-- The platform's message for a failed entry, or why it was skipped.
	error TEXT NOT NULL DEFAULT '',
	finished_at BIGINT,
	UNIQUE (job_id, position)
);

-- +goose Down
DROP TABLE sync_entries;
DROP TABLE sync_jobs;
