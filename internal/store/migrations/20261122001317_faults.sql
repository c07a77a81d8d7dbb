-- +goose Up
-- Refunds that arrived before their order (webhooks are not delivered in
-- order): kept here and applied, then deleted, when the order arrives. Keyed
-- like refunds, by the shop's ids, so a redelivery is stored once.
CREATE TABLE pending_refunds (
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	order_external_id TEXT NOT NULL,
	external_id TEXT NOT NULL,
	provider TEXT NOT NULL,
	amount_minor BIGINT NOT NULL,
	currency TEXT NOT NULL DEFAULT '',
	at BIGINT NOT NULL,
	received_at BIGINT NOT NULL,
	PRIMARY KEY (workspace_id, order_external_id, external_id)
);

-- When the current attempt to send a message started: a message still
-- "sending" long after that was cut off by a crash (see RecoverSending).
ALTER TABLE messages ADD COLUMN sending_at BIGINT;

-- +goose Down
ALTER TABLE messages DROP COLUMN sending_at;
DROP TABLE pending_refunds;
