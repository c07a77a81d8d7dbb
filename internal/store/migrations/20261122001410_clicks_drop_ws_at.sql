-- +goose Up
-- Every click paid a B-tree insert into clicks_ws_at, and only retention
-- read it; retention now walks the workspace's links and clicks_link_at.
DROP INDEX clicks_ws_at;

-- +goose Down
CREATE INDEX clicks_ws_at ON clicks(workspace_id, at);
