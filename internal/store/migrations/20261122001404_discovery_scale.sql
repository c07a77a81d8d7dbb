-- +goose Up
-- Discovery at a million creators.
--
-- Search filtered by a tier scans the sort order's index within that tier
-- instead of the whole workspace: a tier of 0.3% of creators (mega) no
-- longer walks through the other 99.7% to fill a page. Name sorts and
-- real-share sorts are rare enough to keep no tier index.
CREATE INDEX creator_search_tier_score ON creator_search(workspace_id, tier, score);
CREATE INDEX creator_search_tier_followers ON creator_search(workspace_id, tier, followers);
CREATE INDEX creator_search_tier_er ON creator_search(workspace_id, tier, er);

-- New creators and accounts are queued for the search index by the store
-- code that inserts them (one statement per batch of an import), not by a
-- trigger per row; updates and new posts keep their triggers. The queue's
-- workspace index served no query (they read it by creator id).
DROP INDEX search_dirty_ws;
{{if eq .Dialect "sqlite"}}
DROP TRIGGER creators_dirty_ai;
DROP TRIGGER accounts_dirty_ai;
{{else}}
DROP TRIGGER creators_dirty ON creators;
DROP TRIGGER accounts_dirty ON accounts;
CREATE TRIGGER creators_dirty AFTER UPDATE ON creators FOR EACH ROW EXECUTE FUNCTION chorus_dirty_creator();
CREATE TRIGGER accounts_dirty AFTER UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION chorus_dirty_account();
{{end}}

-- +goose Down
{{if eq .Dialect "sqlite"}}
-- +goose StatementBegin
CREATE TRIGGER creators_dirty_ai AFTER INSERT ON creators BEGIN
	INSERT OR IGNORE INTO search_dirty (creator_id, workspace_id) VALUES (new.id, new.workspace_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER accounts_dirty_ai AFTER INSERT ON accounts BEGIN
	INSERT OR IGNORE INTO search_dirty (creator_id, workspace_id) VALUES (new.creator_id, new.workspace_id);
END;
-- +goose StatementEnd
{{else}}
DROP TRIGGER creators_dirty ON creators;
DROP TRIGGER accounts_dirty ON accounts;
CREATE TRIGGER creators_dirty AFTER INSERT OR UPDATE ON creators FOR EACH ROW EXECUTE FUNCTION chorus_dirty_creator();
CREATE TRIGGER accounts_dirty AFTER INSERT OR UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION chorus_dirty_account();
{{end}}
CREATE INDEX search_dirty_ws ON search_dirty(workspace_id);
DROP INDEX creator_search_tier_er;
DROP INDEX creator_search_tier_followers;
DROP INDEX creator_search_tier_score;
