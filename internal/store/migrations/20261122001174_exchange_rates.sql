-- +goose Up
-- The exchange rate a workspace gives the budget planner to restate the
-- built-in USD benchmarks in its own currency: units of currency per US
-- dollar, in millionths. currency is the workspace's currency when the rate
-- was set, so a rate left behind by a change of currency is not applied.
CREATE TABLE workspace_exchange_rates (
	workspace_id BIGINT NOT NULL PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
	currency TEXT NOT NULL,
	per_usd_ppm BIGINT NOT NULL CHECK (per_usd_ppm > 0),
	updated_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE workspace_exchange_rates;
