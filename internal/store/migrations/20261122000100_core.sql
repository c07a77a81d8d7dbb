-- +goose Up
-- Times are Unix seconds (UTC) in BIGINT columns on both engines: comparisons,
-- windows and hourly rollups are then plain integer arithmetic everywhere.
-- Money is BIGINT minor units next to an ISO 4217 currency code.
CREATE TABLE workspaces (
	id {{.ID}},
	slug TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	currency TEXT NOT NULL DEFAULT 'USD',
	-- Follower thresholds of the tiers micro, mid, macro, mega (nano below).
	tier_micro BIGINT NOT NULL DEFAULT 10000,
	tier_mid BIGINT NOT NULL DEFAULT 100000,
	tier_macro BIGINT NOT NULL DEFAULT 500000,
	tier_mega BIGINT NOT NULL DEFAULT 1000000,
	lookback_days INTEGER NOT NULL DEFAULT 30,
	gross_margin_bps INTEGER NOT NULL DEFAULT 6000,
	created_at BIGINT NOT NULL
);

CREATE TABLE users (
	id {{.ID}},
	email TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL DEFAULT '',
	password_hash TEXT NOT NULL,
	created_at BIGINT NOT NULL
);

CREATE TABLE memberships (
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer', 'creator')),
	-- For the creator role: the creator this user is.
	creator_id BIGINT,
	created_at BIGINT NOT NULL,
	PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX memberships_user ON memberships(user_id);

CREATE TABLE sessions (
	-- SHA-256 of the cookie value; the value itself is never stored.
	token_hash TEXT PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	prefix TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	role TEXT NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
	created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
	created_at BIGINT NOT NULL,
	last_used_at BIGINT,
	revoked_at BIGINT
);
CREATE INDEX api_tokens_ws ON api_tokens(workspace_id);

CREATE TABLE creators (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	email TEXT NOT NULL DEFAULT '',
	country TEXT NOT NULL DEFAULT '',
	-- Space-separated lower-case tags.
	niche_tags TEXT NOT NULL DEFAULT '',
	notes TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX creators_ws ON creators(workspace_id, id);

CREATE TABLE accounts (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	creator_id BIGINT NOT NULL REFERENCES creators(id) ON DELETE CASCADE,
	platform TEXT NOT NULL,
	handle TEXT NOT NULL,
	url TEXT NOT NULL DEFAULT '',
	-- NULL means unknown, which is not zero.
	followers BIGINT,
	following BIGINT,
	media_count BIGINT,
	biography TEXT NOT NULL DEFAULT '',
	has_profile_pic BOOLEAN,
	is_private BOOLEAN,
	-- Audience demographics as JSON: {"country":{"US":0.4},"age":{"18-24":0.3},"gender":{"f":0.6}}.
	audience TEXT NOT NULL DEFAULT '{}',
	rate_minor BIGINT,
	rate_currency TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	UNIQUE (workspace_id, platform, handle)
);
CREATE INDEX accounts_creator ON accounts(creator_id);

CREATE TABLE campaigns (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	slug TEXT NOT NULL,
	name TEXT NOT NULL,
	goal TEXT NOT NULL DEFAULT 'sales',
	status TEXT NOT NULL DEFAULT 'draft',
	budget_minor BIGINT NOT NULL DEFAULT 0,
	currency TEXT NOT NULL,
	starts_at BIGINT,
	ends_at BIGINT,
	-- The brief as JSON (product, messages, do's and don'ts, hashtags, keywords,
	-- disclosure, banned claims, formats, deadline): one document, edited whole.
	brief TEXT NOT NULL DEFAULT '{}',
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	UNIQUE (workspace_id, slug)
);

CREATE TABLE variants (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	campaign_id BIGINT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('hook', 'offer', 'format', 'cta')),
	description TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	UNIQUE (campaign_id, name)
);

CREATE TABLE collaborations (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	campaign_id BIGINT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
	creator_id BIGINT NOT NULL REFERENCES creators(id) ON DELETE CASCADE,
	variant_id BIGINT REFERENCES variants(id) ON DELETE SET NULL,
	owner_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
	status TEXT NOT NULL,
	fee_minor BIGINT NOT NULL DEFAULT 0,
	seeding_minor BIGINT NOT NULL DEFAULT 0,
	amplification_minor BIGINT NOT NULL DEFAULT 0,
	commission_bps INTEGER NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	UNIQUE (campaign_id, creator_id)
);
CREATE INDEX collaborations_ws ON collaborations(workspace_id, status);
CREATE INDEX collaborations_creator ON collaborations(creator_id);

CREATE TABLE collaboration_events (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	collaboration_id BIGINT NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
	user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
	from_status TEXT NOT NULL,
	to_status TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	at BIGINT NOT NULL
);
CREATE INDEX collaboration_events_collab ON collaboration_events(collaboration_id, id);

CREATE TABLE posts (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	collaboration_id BIGINT REFERENCES collaborations(id) ON DELETE SET NULL,
	platform TEXT NOT NULL,
	url TEXT NOT NULL DEFAULT '',
	kind TEXT NOT NULL DEFAULT 'image',
	caption TEXT NOT NULL DEFAULT '',
	sponsored BOOLEAN NOT NULL DEFAULT FALSE,
	published_at BIGINT NOT NULL
);
CREATE INDEX posts_account ON posts(account_id, published_at);

CREATE TABLE post_snapshots (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	post_id BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	at BIGINT NOT NULL,
	views BIGINT, impressions BIGINT, reach BIGINT,
	likes BIGINT, comments BIGINT, saves BIGINT, shares BIGINT,
	watch_time_s BIGINT, completion_rate {{.Real}}, link_clicks BIGINT
);
CREATE INDEX post_snapshots_post ON post_snapshots(post_id, at);

CREATE TABLE comments (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	post_id BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	author TEXT NOT NULL DEFAULT '',
	text TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX comments_post ON comments(post_id, created_at);

-- +goose Down
DROP TABLE comments;
DROP TABLE post_snapshots;
DROP TABLE posts;
DROP TABLE collaboration_events;
DROP TABLE collaborations;
DROP TABLE variants;
DROP TABLE campaigns;
DROP TABLE accounts;
DROP TABLE creators;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE memberships;
DROP TABLE users;
DROP TABLE workspaces;
