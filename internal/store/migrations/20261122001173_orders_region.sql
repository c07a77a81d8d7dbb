-- +goose Up
-- Where an order ships ("US", "US-CA"; '' when the shop did not say), so a
-- campaign that holds back regions can compare them with the exposed ones.
ALTER TABLE orders ADD COLUMN region TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE orders DROP COLUMN region;
