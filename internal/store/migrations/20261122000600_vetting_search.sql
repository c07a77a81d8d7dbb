-- +goose Up
-- Vetting and discovery: what a vetting run reads (follower samples, follower
-- history), what it writes (comment verdicts, account results), the campaign's
-- score settings, the runs themselves, and the search table with its
-- full-text index.

-- A sample of an account's followers, each a profile in the DESIGN.md account
-- shape (JSON), with the account model's verdict once vetted.
CREATE TABLE follower_samples (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	profile TEXT NOT NULL,
	p_fake {{.Real}},
	fake BOOLEAN,
	created_at BIGINT NOT NULL
);
CREATE INDEX follower_samples_account ON follower_samples(account_id);

-- Follower counts over time, for follower-jump anomalies.
CREATE TABLE follower_history (
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	at BIGINT NOT NULL,
	followers BIGINT NOT NULL,
	PRIMARY KEY (account_id, at)
);

-- The comment model's verdict on a stored comment.
CREATE TABLE comment_verdicts (
	comment_id BIGINT PRIMARY KEY REFERENCES comments(id) ON DELETE CASCADE,
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	p_spam {{.Real}} NOT NULL,
	label TEXT NOT NULL,
	intent TEXT NOT NULL
);

-- One vetting result per account: the columns are what search filters and
-- sorts on; detail is the whole explained record as JSON. NULL is unknown.
CREATE TABLE account_vetting (
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
CREATE INDEX account_vetting_creator ON account_vetting(workspace_id, creator_id);

-- A campaign's score weights; no row means the defaults.
CREATE TABLE campaign_scoring (
	campaign_id BIGINT PRIMARY KEY REFERENCES campaigns(id) ON DELETE CASCADE,
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	config TEXT NOT NULL,
	updated_at BIGINT NOT NULL
);

-- Vetting runs over a whole workspace, so a page can follow one it did not
-- start and come back to it later.
CREATE TABLE vetting_jobs (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	status TEXT NOT NULL,
	total BIGINT NOT NULL DEFAULT 0,
	done BIGINT NOT NULL DEFAULT 0,
	error TEXT NOT NULL DEFAULT '',
	started_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	finished_at BIGINT
);
CREATE INDEX vetting_jobs_ws ON vetting_jobs(workspace_id, id);

-- One search row per creator: its words (name, tags, bios, captions with
-- their hashtags) and the figures of its main account (most followers).
CREATE TABLE creator_search (
	creator_id {{if eq .Dialect "sqlite"}}INTEGER{{else}}BIGINT{{end}} PRIMARY KEY REFERENCES creators(id) ON DELETE CASCADE,
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	body TEXT NOT NULL,
	platforms TEXT NOT NULL DEFAULT '',
	niche_tags TEXT NOT NULL DEFAULT '',
	followers BIGINT,
	tier TEXT NOT NULL DEFAULT '',
	er {{.Real}},
	real_share {{.Real}},
	score {{.Real}},
	indexed_at BIGINT NOT NULL
);
CREATE INDEX creator_search_score ON creator_search(workspace_id, score);
CREATE INDEX creator_search_followers ON creator_search(workspace_id, followers);
CREATE INDEX creator_search_er ON creator_search(workspace_id, er);

-- The main account's audience by country, for "US >= 30%" filters.
CREATE TABLE creator_countries (
	creator_id BIGINT NOT NULL REFERENCES creators(id) ON DELETE CASCADE,
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	country TEXT NOT NULL,
	share {{.Real}} NOT NULL,
	PRIMARY KEY (creator_id, country)
);
-- No index on (country, share): search reaches these rows from a creator,
-- by the primary key, and a second index doubles the cost of every refresh.

-- Creators whose search row is out of date. Triggers fill it on every write
-- that changes a creator's words or figures, whoever makes the write (import,
-- forms, API, connectors); the store empties it when it refreshes the rows.
CREATE TABLE search_dirty (
	creator_id BIGINT PRIMARY KEY REFERENCES creators(id) ON DELETE CASCADE,
	workspace_id BIGINT NOT NULL
);
CREATE INDEX search_dirty_ws ON search_dirty(workspace_id);

{{if eq .Dialect "sqlite"}}
CREATE VIRTUAL TABLE creator_fts USING fts5(body, content='creator_search', content_rowid='creator_id', tokenize='unicode61 remove_diacritics 0', detail='none');

-- +goose StatementBegin
CREATE TRIGGER creator_search_ai AFTER INSERT ON creator_search BEGIN
	INSERT INTO creator_fts(rowid, body) VALUES (new.creator_id, new.body);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER creator_search_ad AFTER DELETE ON creator_search BEGIN
	INSERT INTO creator_fts(creator_fts, rowid, body) VALUES ('delete', old.creator_id, old.body);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER creator_search_au AFTER UPDATE OF body ON creator_search BEGIN
	INSERT INTO creator_fts(creator_fts, rowid, body) VALUES ('delete', old.creator_id, old.body);
	INSERT INTO creator_fts(rowid, body) VALUES (new.creator_id, new.body);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER creators_dirty_ai AFTER INSERT ON creators BEGIN
	INSERT OR IGNORE INTO search_dirty (creator_id, workspace_id) VALUES (new.id, new.workspace_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER creators_dirty_au AFTER UPDATE ON creators BEGIN
	INSERT OR IGNORE INTO search_dirty (creator_id, workspace_id) VALUES (new.id, new.workspace_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER accounts_dirty_ai AFTER INSERT ON accounts BEGIN
	INSERT OR IGNORE INTO search_dirty (creator_id, workspace_id) VALUES (new.creator_id, new.workspace_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER accounts_dirty_au AFTER UPDATE ON accounts BEGIN
	INSERT OR IGNORE INTO search_dirty (creator_id, workspace_id) VALUES (new.creator_id, new.workspace_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER posts_dirty_ai AFTER INSERT ON posts BEGIN
	INSERT OR IGNORE INTO search_dirty (creator_id, workspace_id)
		SELECT creator_id, workspace_id FROM accounts WHERE id = new.account_id;
END;
-- +goose StatementEnd
{{else}}
ALTER TABLE creator_search ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED;
CREATE INDEX creator_search_tsv ON creator_search USING GIN (tsv);

-- +goose StatementBegin
CREATE FUNCTION chorus_dirty_creator() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO search_dirty (creator_id, workspace_id) VALUES (NEW.id, NEW.workspace_id) ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION chorus_dirty_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO search_dirty (creator_id, workspace_id) VALUES (NEW.creator_id, NEW.workspace_id) ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION chorus_dirty_post() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO search_dirty (creator_id, workspace_id)
		SELECT creator_id, workspace_id FROM accounts WHERE id = NEW.account_id ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER creators_dirty AFTER INSERT OR UPDATE ON creators FOR EACH ROW EXECUTE FUNCTION chorus_dirty_creator();
CREATE TRIGGER accounts_dirty AFTER INSERT OR UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION chorus_dirty_account();
CREATE TRIGGER posts_dirty AFTER INSERT ON posts FOR EACH ROW EXECUTE FUNCTION chorus_dirty_post();
{{end}}

-- +goose Down
{{if eq .Dialect "sqlite"}}
DROP TRIGGER posts_dirty_ai;
DROP TRIGGER accounts_dirty_au;
DROP TRIGGER accounts_dirty_ai;
DROP TRIGGER creators_dirty_au;
DROP TRIGGER creators_dirty_ai;
DROP TRIGGER creator_search_au;
DROP TRIGGER creator_search_ad;
DROP TRIGGER creator_search_ai;
DROP TABLE creator_fts;
{{else}}
DROP TRIGGER posts_dirty ON posts;
DROP TRIGGER accounts_dirty ON accounts;
DROP TRIGGER creators_dirty ON creators;
DROP FUNCTION chorus_dirty_post();
DROP FUNCTION chorus_dirty_account();
DROP FUNCTION chorus_dirty_creator();
{{end}}
DROP TABLE search_dirty;
DROP TABLE creator_countries;
DROP TABLE creator_search;
DROP TABLE vetting_jobs;
DROP TABLE campaign_scoring;
DROP TABLE account_vetting;
DROP TABLE comment_verdicts;
DROP TABLE follower_history;
DROP TABLE follower_samples;
