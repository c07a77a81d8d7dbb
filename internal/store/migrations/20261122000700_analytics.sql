-- +goose Up
-- Reports find a campaign's posts through their collaborations.
CREATE INDEX posts_collab ON posts(workspace_id, collaboration_id);
-- Experiments read the order values of a campaign's collaborations.
CREATE INDEX orders_collab ON orders(workspace_id, collaboration_id);

-- Regions (ISO country codes, or any region names the shop reports) a
-- campaign holds back: no creator targets them, and their orders are the
-- control of the holdout test.
CREATE TABLE campaign_holdouts (
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	campaign_id BIGINT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
	region TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	PRIMARY KEY (campaign_id, region)
);
CREATE INDEX campaign_holdouts_ws ON campaign_holdouts(workspace_id, campaign_id);

-- +goose Down
DROP TABLE campaign_holdouts;
DROP INDEX orders_collab;
DROP INDEX posts_collab;
