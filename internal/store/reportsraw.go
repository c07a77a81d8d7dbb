package store

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/chorushq/chorus/internal/analytics"
)

// RawCampaignFigures computes what CampaignReport reads from the rollups
// (click_days, credit_days), but from the raw events instead: every click
// row of the campaign's links and every order it credits. It is the
// baseline of the reports benchmark, which checks that both agree and
// measures what the rollups save; nothing else should call it, as it reads
// rows in proportion to the campaign's traffic.
func (db *DB) RawCampaignFigures(ctx context.Context, ws, campaign int64) (map[int64]*ReportRow, error) {
	var currency string
	if err := db.get(ctx, db.reader(), &currency, `SELECT currency FROM campaigns WHERE id = ? AND workspace_id = ?`, campaign, ws); err != nil {
		return nil, fmt.Errorf("campaign %d: %w", campaign, err)
	}
	var ids []int64
	if err := db.sel(ctx, db.reader(), &ids, `SELECT id FROM collaborations WHERE workspace_id = ? AND campaign_id = ?`, ws, campaign); err != nil {
		return nil, fmt.Errorf("collaborations of campaign %d: %w", campaign, err)
	}
	rows := make(map[int64]*ReportRow, len(ids))
	for _, id := range ids {
		rows[id] = &ReportRow{ID: id}
	}
	// Both queries go through the campaign's links and collaborations by
	// IN (subquery), so that they read the campaign's rows by index
	// (clicks_link_at, orders_collab) instead of scanning the workspace's:
	// the fastest raw computation, which is the fair baseline.
	var clicks []struct {
		Collab int64 `db:"collaboration_id"`
		Humans int64 `db:"humans"`
	}
	if err := db.sel(ctx, db.reader(), &clicks, `SELECT l.collaboration_id, x.humans FROM (SELECT c.link_id, COUNT(*) AS humans FROM clicks c
		WHERE c.link_id IN (SELECT l.id FROM links l JOIN collaborations k ON k.id = l.collaboration_id WHERE k.workspace_id = ? AND k.campaign_id = ?)
		AND NOT c.bot GROUP BY c.link_id) x JOIN links l ON l.id = x.link_id`, ws, campaign); err != nil {
		return nil, fmt.Errorf("raw clicks of campaign %d: %w", campaign, err)
	}
	for _, c := range clicks {
		if r := rows[c.Collab]; r != nil {
			r.HumanClicks += c.Humans // a collaboration may have several links
		}
	}
	var credit []struct {
		Collab  int64   `db:"collaboration_id"`
		Conv    float64 `db:"conversions"`
		Revenue int64   `db:"revenue_minor"`
		New     float64 `db:"new_customers"`
	}
	if err := db.sel(ctx, db.reader(), &credit, `SELECT o.collaboration_id, SUM(o.credit_conversions) AS conversions,
		CAST(SUM(o.credit_minor) AS BIGINT) AS revenue_minor,
		SUM(CASE WHEN o.new_customer THEN o.credit_conversions ELSE 0 END) AS new_customers
		FROM orders o WHERE o.workspace_id = ? AND o.collaboration_id IN (SELECT id FROM collaborations WHERE workspace_id = ? AND campaign_id = ?)
		AND o.currency = ? GROUP BY o.collaboration_id`, ws, ws, campaign, currency); err != nil {
		return nil, fmt.Errorf("raw orders of campaign %d: %w", campaign, err)
	}
	for _, c := range credit {
		if r := rows[c.Collab]; r != nil {
			r.Default = Metrics{Conversions: c.Conv, RevenueMinor: c.Revenue, NewCustomers: c.New}
		}
	}
	return rows, nil
}

// RawReportFacts is the part of ReportFacts the dashboard reads, for the
// given campaigns, with every figure that comes from events computed from
// the raw rows by RawCampaignFigures (human clicks, and the default model's
// orders, revenue and new customers) instead of from the rollups. The
// collaborations come from the Collaborations listing, in ReportFacts'
// order; what it does not list (the creator's followers, the variant's
// name) stays empty, as the dashboard does not use it. Like
// RawCampaignFigures it is the benchmark's baseline and a check, nothing
// more: it reads every click and order of the campaigns.
func (db *DB) RawReportFacts(ctx context.Context, ws int64, campaigns []int64) ([]analytics.Collaboration, error) {
	if len(campaigns) == 0 {
		return nil, nil
	}
	ks, err := db.Collaborations(ctx, ws, CollabFilter{})
	if err != nil {
		return nil, err
	}
	var out []analytics.Collaboration
	for _, cp := range campaigns {
		raw, err := db.RawCampaignFigures(ctx, ws, cp)
		if err != nil {
			return nil, err
		}
		for _, k := range ks {
			if k.CampaignID != cp {
				continue
			}
			f := analytics.Collaboration{ID: k.ID, CampaignID: k.CampaignID, Campaign: k.CampaignName, CreatorID: k.CreatorID,
				Creator: k.CreatorName, Terms: analytics.Terms{FeeMinor: k.FeeMinor, SeedingMinor: k.SeedingMinor,
					AmplificationMinor: k.AmplificationMinor, CommissionBps: k.CommissionBps}}
			if k.VariantID != nil {
				f.VariantID = *k.VariantID
			}
			if r := raw[k.ID]; r != nil {
				f.Clicks = r.HumanClicks
				// Rounded as ReportFacts rounds: reports count whole orders.
				f.Orders = int64(math.Round(r.Default.Conversions))
				f.Revenue = r.Default.RevenueMinor
				f.NewCustomers = int64(math.Round(r.Default.NewCustomers))
			}
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b analytics.Collaboration) int {
		return cmp.Or(cmp.Compare(a.CampaignID, b.CampaignID), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}
