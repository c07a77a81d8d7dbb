-- +goose Up
-- Imports started from the web page run in the background; this is their
-- record, so that a user can leave the page and come back to the outcome.
CREATE TABLE import_jobs (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
	file_name TEXT NOT NULL,
	bytes_total BIGINT NOT NULL DEFAULT 0,
	status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
	-- The outcome as JSON: counts when done, row errors when failed.
	result TEXT NOT NULL DEFAULT '{}',
	created_at BIGINT NOT NULL,
	finished_at BIGINT
);
CREATE INDEX import_jobs_ws ON import_jobs(workspace_id, id);

-- +goose Down
DROP TABLE import_jobs;
