-- +goose Up
-- Integration secrets (webhook secrets, a shop's admin token) sealed with
-- AES-GCM under a key derived from the server secret; the plaintext is never
-- stored. The email salt is not a secret of the shop but of the workspace: it
-- keys the hashes of buyers' addresses, so it never leaves the server either.
CREATE TABLE integration_secrets (
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	sealed {{.Blob}} NOT NULL,
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (workspace_id, name)
);

-- Discount codes issued to collaborations. normalized is the matching form
-- (upper case, trimmed): codes are case-insensitive.
CREATE TABLE discount_codes (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	collaboration_id BIGINT NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
	code TEXT NOT NULL,
	normalized TEXT NOT NULL,
	percent INTEGER NOT NULL DEFAULT 0,
	shopify_id TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	UNIQUE (workspace_id, normalized)
);
CREATE INDEX discount_codes_collab ON discount_codes(collaboration_id);

-- Webhook deliveries already processed: a redelivery changes nothing.
CREATE TABLE webhook_deliveries (
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	provider TEXT NOT NULL,
	delivery_id TEXT NOT NULL,
	received_at BIGINT NOT NULL,
	PRIMARY KEY (workspace_id, provider, delivery_id)
);

-- One row per order, whichever way it arrived; external_id is the shop's
-- order id and deduplicates across webhooks and the conversions API. The
-- default model's decision and the credit still standing after refunds are
-- kept on the row, so a refund or a late survey answer can move exactly what
-- was credited.
CREATE TABLE orders (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	provider TEXT NOT NULL,
	shop TEXT NOT NULL DEFAULT '',
	external_id TEXT NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	at BIGINT NOT NULL,
	currency TEXT NOT NULL,
	total_minor BIGINT NOT NULL,
	subtotal_minor BIGINT NOT NULL DEFAULT 0,
	discount_minor BIGINT NOT NULL DEFAULT 0,
	refunded_minor BIGINT NOT NULL DEFAULT 0,
	-- Space-separated normalised discount codes, in the order applied.
	codes TEXT NOT NULL DEFAULT '',
	landing_site TEXT NOT NULL DEFAULT '',
	utm_source TEXT NOT NULL DEFAULT '',
	utm_medium TEXT NOT NULL DEFAULT '',
	utm_campaign TEXT NOT NULL DEFAULT '',
	utm_content TEXT NOT NULL DEFAULT '',
	click_id TEXT NOT NULL DEFAULT '',
	-- Note attributes / meta data as a JSON object of strings.
	attributes TEXT NOT NULL DEFAULT '{}',
	-- Keyed hash of the buyer (e-mail, else the shop's customer id); never the address.
	customer_ref TEXT NOT NULL DEFAULT '',
	new_customer BOOLEAN NOT NULL DEFAULT FALSE,
	paid BOOLEAN NOT NULL DEFAULT FALSE,
	test BOOLEAN NOT NULL DEFAULT FALSE,
	delivery_id TEXT NOT NULL DEFAULT '',
	-- The default model's decision (collaboration_id 0 = nobody).
	collaboration_id BIGINT NOT NULL DEFAULT 0,
	rule TEXT NOT NULL DEFAULT 'none',
	reason TEXT NOT NULL DEFAULT '',
	platform TEXT NOT NULL DEFAULT '',
	credit_conversions {{.Real}} NOT NULL DEFAULT 0,
	credit_minor BIGINT NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	UNIQUE (workspace_id, external_id)
);
CREATE INDEX orders_ws_at ON orders(workspace_id, at);
CREATE INDEX orders_customer ON orders(workspace_id, customer_ref, at);

CREATE TABLE refunds (
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	order_id BIGINT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
	external_id TEXT NOT NULL,
	amount_minor BIGINT NOT NULL,
	at BIGINT NOT NULL,
	PRIMARY KEY (order_id, external_id)
);

-- The touches of the buyer's journey before an order: human clicks of the
-- same visitor within the lookback window, the creator's code, the survey
-- answer. The multi-touch models run over these.
CREATE TABLE order_touches (
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	order_id BIGINT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
	collaboration_id BIGINT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('click', 'code', 'survey')),
	at BIGINT NOT NULL,
	ref TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (order_id, kind, ref)
);
CREATE INDEX order_touches_collab ON order_touches(workspace_id, collaboration_id);

-- Post-purchase survey answers, keyed by the shop's order id: an answer may
-- come before the order does.
CREATE TABLE survey_answers (
	id {{.ID}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	order_external_id TEXT NOT NULL,
	answer TEXT NOT NULL,
	collaboration_id BIGINT NOT NULL DEFAULT 0,
	platform TEXT NOT NULL DEFAULT '',
	matched TEXT NOT NULL DEFAULT '',
	confidence {{.Real}} NOT NULL DEFAULT 0,
	at BIGINT NOT NULL,
	UNIQUE (workspace_id, order_external_id)
);

-- Default-model credit per collaboration (0 = unattributed) and UTC day of
-- the order, updated in the transaction that stores, refunds or re-decides
-- an order; reports read this, never the orders.
CREATE TABLE credit_days (
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	collaboration_id BIGINT NOT NULL,
	day BIGINT NOT NULL,
	model TEXT NOT NULL,
	currency TEXT NOT NULL,
	conversions {{.Real}} NOT NULL DEFAULT 0,
	revenue_minor BIGINT NOT NULL DEFAULT 0,
	new_customers {{.Real}} NOT NULL DEFAULT 0,
	PRIMARY KEY (workspace_id, collaboration_id, model, currency, day)
);

-- +goose Down
DROP TABLE credit_days;
DROP TABLE survey_answers;
DROP TABLE order_touches;
DROP TABLE refunds;
DROP TABLE orders;
DROP TABLE webhook_deliveries;
DROP TABLE discount_codes;
DROP TABLE integration_secrets;
