-- +goose Up
-- A vetting run writes creators' search rows from what it read outside its
-- write transaction. A write to a creator between that read and the run's
-- write must keep the creator queued: each queue entry counts the writes
-- that queued it, and the run removes an entry only if the count it read
-- before reading the creator is still there.
ALTER TABLE search_dirty ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
{{if eq .Dialect "sqlite"}}
DROP TRIGGER creators_dirty_au;
DROP TRIGGER accounts_dirty_au;
DROP TRIGGER posts_dirty_ai;
-- +goose StatementBegin
CREATE TRIGGER creators_dirty_au AFTER UPDATE ON creators BEGIN
	INSERT INTO search_dirty (creator_id, workspace_id) VALUES (new.id, new.workspace_id)
		ON CONFLICT (creator_id) DO UPDATE SET seq = search_dirty.seq + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER accounts_dirty_au AFTER UPDATE ON accounts BEGIN
	INSERT INTO search_dirty (creator_id, workspace_id) VALUES (new.creator_id, new.workspace_id)
		ON CONFLICT (creator_id) DO UPDATE SET seq = search_dirty.seq + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER posts_dirty_ai AFTER INSERT ON posts BEGIN
	INSERT INTO search_dirty (creator_id, workspace_id)
		SELECT creator_id, workspace_id FROM accounts WHERE id = new.account_id
		ON CONFLICT (creator_id) DO UPDATE SET seq = search_dirty.seq + 1;
END;
-- +goose StatementEnd
{{else}}
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION chorus_dirty_creator() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO search_dirty (creator_id, workspace_id) VALUES (NEW.id, NEW.workspace_id)
		ON CONFLICT (creator_id) DO UPDATE SET seq = search_dirty.seq + 1;
	RETURN NULL;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION chorus_dirty_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO search_dirty (creator_id, workspace_id) VALUES (NEW.creator_id, NEW.workspace_id)
		ON CONFLICT (creator_id) DO UPDATE SET seq = search_dirty.seq + 1;
	RETURN NULL;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION chorus_dirty_post() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO search_dirty (creator_id, workspace_id)
		SELECT creator_id, workspace_id FROM accounts WHERE id = NEW.account_id
		ON CONFLICT (creator_id) DO UPDATE SET seq = search_dirty.seq + 1;
	RETURN NULL;
END $$;
-- +goose StatementEnd
{{end}}

-- +goose Down
{{if eq .Dialect "sqlite"}}
DROP TRIGGER creators_dirty_au;
DROP TRIGGER accounts_dirty_au;
DROP TRIGGER posts_dirty_ai;
-- +goose StatementBegin
CREATE TRIGGER creators_dirty_au AFTER UPDATE ON creators BEGIN
	INSERT OR IGNORE INTO search_dirty (creator_id, workspace_id) VALUES (new.id, new.workspace_id);
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
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION chorus_dirty_creator() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO search_dirty (creator_id, workspace_id) VALUES (NEW.id, NEW.workspace_id) ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION chorus_dirty_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO search_dirty (creator_id, workspace_id) VALUES (NEW.creator_id, NEW.workspace_id) ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION chorus_dirty_post() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO search_dirty (creator_id, workspace_id)
		SELECT creator_id, workspace_id FROM accounts WHERE id = NEW.account_id ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
-- +goose StatementEnd
{{end}}
ALTER TABLE search_dirty DROP COLUMN seq;
