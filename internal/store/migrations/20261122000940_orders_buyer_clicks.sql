-- +goose Up
-- Attribution reads the last 50 earlier orders of a buyer that carry a
-- click id. With only orders_customer, a buyer with many orders and no
-- click ids (a shop's guest or point-of-sale customer) made each new order
-- of theirs read every earlier one: quadratic, minutes per thousand orders
-- at 70,000 orders of one buyer. The partial index holds only orders with a
-- click id, so the query reads at most 50 entries.
CREATE INDEX orders_customer_clicked ON orders(workspace_id, customer_ref, at) WHERE click_id <> '';

-- +goose Down
DROP INDEX orders_customer_clicked;
