package store

import (
	"context"
	"fmt"

	"github.com/chorushq/chorus/internal/analytics"
)

// CollaborationOutcome is what one collaboration brought so far, read for
// the conversion part of creator scores.
type CollaborationOutcome struct {
	ID        int64
	CreatorID int64
	Currency  string // the campaign's
	// Clicks are human clicks on its tracked links; Orders and Revenue the
	// default attribution model's credit in the campaign's currency.
	Clicks  int64
	Orders  float64
	Revenue int64
	Terms   analytics.Terms
}

// CollaborationOutcomes returns every collaboration of the workspace that
// has human clicks or credited orders, read from the click and credit
// rollups.
func (db *DB) CollaborationOutcomes(ctx context.Context, ws int64) ([]CollaborationOutcome, error) {
	var rows []struct {
		ID                 int64   `db:"id"`
		CreatorID          int64   `db:"creator_id"`
		Currency           string  `db:"currency"`
		Clicks             int64   `db:"clicks"`
		Orders             float64 `db:"orders"`
		Revenue            int64   `db:"revenue"`
		FeeMinor           int64   `db:"fee_minor"`
		SeedingMinor       int64   `db:"seeding_minor"`
		AmplificationMinor int64   `db:"amplification_minor"`
		CommissionBps      int64   `db:"commission_bps"`
	}
	err := db.sel(ctx, db.reader(), &rows, `SELECT * FROM (SELECT k.id, k.creator_id, p.currency,
		k.fee_minor, k.seeding_minor, k.amplification_minor, k.commission_bps,
		COALESCE((SELECT CAST(SUM(d.humans) AS BIGINT) FROM links l JOIN click_days d ON d.link_id = l.id
			WHERE l.workspace_id = k.workspace_id AND l.collaboration_id = k.id), 0) AS clicks,
		COALESCE((SELECT SUM(cd.conversions) FROM credit_days cd WHERE cd.workspace_id = k.workspace_id
			AND cd.collaboration_id = k.id AND cd.model = ? AND cd.currency = p.currency), 0) AS orders,
		COALESCE((SELECT CAST(SUM(cd.revenue_minor) AS BIGINT) FROM credit_days cd WHERE cd.workspace_id = k.workspace_id
			AND cd.collaboration_id = k.id AND cd.model = ? AND cd.currency = p.currency), 0) AS revenue
		FROM collaborations k JOIN campaigns p ON p.id = k.campaign_id WHERE k.workspace_id = ?) o
		WHERE o.clicks > 0 OR o.orders <> 0 ORDER BY o.id`, DefaultCreditModel, DefaultCreditModel, ws)
	if err != nil {
		return nil, fmt.Errorf("collaboration outcomes: %w", err)
	}
	out := make([]CollaborationOutcome, len(rows))
	for i, r := range rows {
		out[i] = CollaborationOutcome{ID: r.ID, CreatorID: r.CreatorID, Currency: r.Currency, Clicks: r.Clicks,
			Orders: r.Orders, Revenue: r.Revenue, Terms: analytics.Terms{FeeMinor: r.FeeMinor, SeedingMinor: r.SeedingMinor,
				AmplificationMinor: r.AmplificationMinor, CommissionBps: r.CommissionBps}}
	}
	return out, nil
}
