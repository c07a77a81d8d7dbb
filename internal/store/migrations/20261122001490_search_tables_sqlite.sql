-- +goose Up
-- On SQLite a table whose primary key is not INTEGER keeps its rows in one
-- B-tree and the key in a second: every row written twice. A vetting run at
-- a million creators writes 1.4 million account results and 3 million
-- audience-country rows, so these two tables keep their key once: the
-- account id as the rowid, the country rows in their key's B-tree. The
-- columns and their meaning do not change; PostgreSQL has no rowid and
-- keeps its tables.
{{if eq .Dialect "sqlite"}}
CREATE TABLE account_vetting_new (
	account_id INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	creator_id BIGINT NOT NULL REFERENCES creators(id) ON DELETE CASCADE,
	vetted_at BIGINT NOT NULL,
	followers BIGINT,
	tier TEXT NOT NULL DEFAULT '',
	er {{.Real}},
	er_views {{.Real}},
	er_posts INTEGER NOT NULL DEFAULT 0,
	percentile {{.Real}},
	p_fake {{.Real}},
	real_share {{.Real}},
	comment_quality {{.Real}},
	sponsored_share {{.Real}},
	detail TEXT NOT NULL DEFAULT '{}'
);
INSERT INTO account_vetting_new SELECT account_id, workspace_id, creator_id, vetted_at, followers, tier, er, er_views, er_posts,
	percentile, p_fake, real_share, comment_quality, sponsored_share, detail FROM account_vetting;
DROP TABLE account_vetting;
ALTER TABLE account_vetting_new RENAME TO account_vetting;
CREATE INDEX account_vetting_creator ON account_vetting(workspace_id, creator_id);

CREATE TABLE creator_countries_new (
	creator_id BIGINT NOT NULL REFERENCES creators(id) ON DELETE CASCADE,
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	country TEXT NOT NULL,
	share {{.Real}} NOT NULL,
	PRIMARY KEY (creator_id, country)
) WITHOUT ROWID;
INSERT INTO creator_countries_new SELECT creator_id, workspace_id, country, share FROM creator_countries;
DROP TABLE creator_countries;
ALTER TABLE creator_countries_new RENAME TO creator_countries;
{{end}}

-- +goose Down
{{if eq .Dialect "sqlite"}}
CREATE TABLE account_vetting_old (
	account_id BIGINT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	creator_id BIGINT NOT NULL REFERENCES creators(id) ON DELETE CASCADE,
	vetted_at BIGINT NOT NULL,
	followers BIGINT,
	tier TEXT NOT NULL DEFAULT '',
	er {{.Real}},
	er_views {{.Real}},
	er_posts INTEGER NOT NULL DEFAULT 0,
	percentile {{.Real}},
	p_fake {{.Real}},
	real_share {{.Real}},
	comment_quality {{.Real}},
	sponsored_share {{.Real}},
	detail TEXT NOT NULL DEFAULT '{}'
);
INSERT INTO account_vetting_old SELECT account_id, workspace_id, creator_id, vetted_at, followers, tier, er, er_views, er_posts,
	percentile, p_fake, real_share, comment_quality, sponsored_share, detail FROM account_vetting;
DROP TABLE account_vetting;
ALTER TABLE account_vetting_old RENAME TO account_vetting;
CREATE INDEX account_vetting_creator ON account_vetting(workspace_id, creator_id);

CREATE TABLE creator_countries_old (
	creator_id BIGINT NOT NULL REFERENCES creators(id) ON DELETE CASCADE,
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	country TEXT NOT NULL,
	share {{.Real}} NOT NULL,
	PRIMARY KEY (creator_id, country)
);
INSERT INTO creator_countries_old SELECT creator_id, workspace_id, country, share FROM creator_countries;
DROP TABLE creator_countries;
ALTER TABLE creator_countries_old RENAME TO creator_countries;
{{end}}
