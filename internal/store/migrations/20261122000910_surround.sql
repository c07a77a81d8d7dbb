-- +goose Up
-- Surround sound and share of voice read every post of a workspace in a
-- period, not only a campaign's.
CREATE INDEX posts_ws_published ON posts(workspace_id, published_at);

-- +goose Down
DROP INDEX posts_ws_published;
