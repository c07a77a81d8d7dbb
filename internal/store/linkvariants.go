package store

import (
	"context"
	"fmt"
)

// LinkClicks is the human clicks on a collaboration's links that carry one
// variant of their own (VariantID 0: links without one, which take the
// collaboration's).
type LinkClicks struct {
	CollaborationID int64 `db:"collaboration_id"`
	VariantID       int64 `db:"variant_id"`
	Clicks          int64 `db:"clicks"`
}

// LinkOrder is an order the default model credited to a collaboration of
// the campaign, with the variant of the link whose click won the credit (0
// when the link has none, or when a code or a survey answer won it).
type LinkOrder struct {
	CollaborationID int64 `db:"collaboration_id"`
	VariantID       int64 `db:"variant_id"`
	// Value is what the order is worth after refunds, minor units of the
	// campaign's currency.
	Value int64 `db:"value"`
}

// LinkVariantClicks sums the human clicks of the campaign's links by
// collaboration and link variant, from the daily rollup.
func (db *DB) LinkVariantClicks(ctx context.Context, ws, campaignID int64) ([]LinkClicks, error) {
	var out []LinkClicks
	if err := db.sel(ctx, db.reader(), &out, `SELECT l.collaboration_id, COALESCE(l.variant_id, 0) AS variant_id,
		COALESCE(SUM(d.humans), 0) AS clicks
		FROM links l JOIN collaborations k ON k.id = l.collaboration_id LEFT JOIN click_days d ON d.link_id = l.id
		WHERE l.workspace_id = ? AND k.campaign_id = ? GROUP BY l.collaboration_id, COALESCE(l.variant_id, 0)
		ORDER BY l.collaboration_id, variant_id`, ws, campaignID); err != nil {
		return nil, fmt.Errorf("clicks by link variant of campaign %d: %w", campaignID, err)
	}
	return out, nil
}

// LinkVariantOrders lists the orders credited to the campaign's
// collaborations (default model, the campaign's currency, no test orders,
// not wholly refunded) with the variant of the link of the last credited
// click.
func (db *DB) LinkVariantOrders(ctx context.Context, ws, campaignID int64) ([]LinkOrder, error) {
	var out []LinkOrder
	if err := db.sel(ctx, db.reader(), &out, `SELECT o.collaboration_id, o.total_minor - o.refunded_minor AS value,
		CASE WHEN o.rule = 'click' THEN COALESCE((SELECT l.variant_id FROM order_touches t JOIN clicks c ON c.click_id = t.ref
			JOIN links l ON l.id = c.link_id
			WHERE t.order_id = o.id AND t.kind = 'click' AND t.collaboration_id = o.collaboration_id AND c.workspace_id = o.workspace_id
			ORDER BY t.at DESC LIMIT 1), 0) ELSE 0 END AS variant_id
		FROM orders o JOIN collaborations k ON k.id = o.collaboration_id JOIN campaigns p ON p.id = k.campaign_id
		WHERE o.workspace_id = ? AND k.campaign_id = ? AND o.currency = p.currency AND NOT o.test AND o.credit_conversions > 0
		ORDER BY o.id`, ws, campaignID); err != nil {
		return nil, fmt.Errorf("orders by link variant of campaign %d: %w", campaignID, err)
	}
	return out, nil
}
