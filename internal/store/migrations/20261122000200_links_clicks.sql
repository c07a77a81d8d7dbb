-- +goose Up
-- Tracked links. The slug is unique across workspaces because /c/{slug}
-- carries no workspace.
CREATE TABLE links (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	collaboration_id BIGINT NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
	variant_id BIGINT REFERENCES variants(id) ON DELETE SET NULL,
	slug TEXT NOT NULL UNIQUE,
	destination TEXT NOT NULL,
	utm_source TEXT NOT NULL DEFAULT '',
	utm_medium TEXT NOT NULL DEFAULT '',
	utm_campaign TEXT NOT NULL DEFAULT '',
	utm_content TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX links_ws ON links(workspace_id, collaboration_id);

-- One row per answered click. Raw IPs are never stored: ip_hash is a salted
-- hash whose salt changes daily.
CREATE TABLE clicks (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	link_id BIGINT NOT NULL REFERENCES links(id) ON DELETE CASCADE,
	click_id TEXT NOT NULL UNIQUE,
	at BIGINT NOT NULL,
	ip_hash TEXT NOT NULL DEFAULT '',
	bot BOOLEAN NOT NULL DEFAULT FALSE,
	bot_name TEXT NOT NULL DEFAULT '',
	device TEXT NOT NULL DEFAULT '',
	os TEXT NOT NULL DEFAULT '',
	browser TEXT NOT NULL DEFAULT '',
	in_app TEXT NOT NULL DEFAULT '',
	referrer TEXT NOT NULL DEFAULT '',
	country TEXT NOT NULL DEFAULT ''
);
CREATE INDEX clicks_link_at ON clicks(link_id, at);
CREATE INDEX clicks_ws_at ON clicks(workspace_id, at);

-- Rollups, updated in the same transaction as the clicks they count; reports
-- read these, never the raw clicks. hour and day are Unix seconds at the
-- start of the UTC hour or day.
CREATE TABLE click_hours (
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	link_id BIGINT NOT NULL REFERENCES links(id) ON DELETE CASCADE,
	hour BIGINT NOT NULL,
	humans BIGINT NOT NULL DEFAULT 0,
	bots BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (link_id, hour)
);
CREATE TABLE click_days (
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	link_id BIGINT NOT NULL REFERENCES links(id) ON DELETE CASCADE,
	day BIGINT NOT NULL,
	humans BIGINT NOT NULL DEFAULT 0,
	bots BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (link_id, day)
);
CREATE INDEX click_days_ws ON click_days(workspace_id, day);

-- +goose Down
DROP TABLE click_days;
DROP TABLE click_hours;
DROP TABLE clicks;
DROP TABLE links;
