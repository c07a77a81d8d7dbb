package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/chorushq/chorus/internal/analytics"
)

// CampaignVisitorClicks lists the human clicks on a campaign's links in
// [from, to) with what links them to a visitor: the day's IP hash with the
// device and operating system, and the buyer of any order whose journey
// holds the click (the order's customer reference, else the order itself).
// It reads raw clicks, so it serves a page that asks for one campaign's
// period, never the click path.
func (db *DB) CampaignVisitorClicks(ctx context.Context, ws, campaignID int64, from, to time.Time) ([]analytics.VisitorClick, error) {
	var rows []struct {
		ClickID string `db:"click_id"`
		At      int64  `db:"at"`
		IPHash  string `db:"ip_hash"`
		Device  string `db:"device"`
		OS      string `db:"os"`
		Creator int64  `db:"creator_id"`
	}
	if err := db.sel(ctx, db.reader(), &rows, `SELECT c.click_id, c.at, c.ip_hash, c.device, c.os, k.creator_id
		FROM clicks c JOIN links l ON l.id = c.link_id JOIN collaborations k ON k.id = l.collaboration_id
		WHERE c.workspace_id = ? AND k.campaign_id = ? AND NOT c.bot AND c.at >= ? AND c.at < ? ORDER BY c.at, c.id`,
		ws, campaignID, from.Unix(), to.Unix()); err != nil {
		return nil, fmt.Errorf("visitor clicks of campaign %d: %w", campaignID, err)
	}
	// The journeys' click touches of this campaign's collaborations: an
	// index on the collaboration finds them, where one on the click id
	// would be needed to ask click by click.
	var touches []struct {
		Ref      string `db:"ref"`
		OrderID  int64  `db:"order_id"`
		Customer string `db:"customer_ref"`
	}
	if err := db.sel(ctx, db.reader(), &touches, `SELECT t.ref, t.order_id, o.customer_ref
		FROM order_touches t JOIN collaborations k ON k.id = t.collaboration_id JOIN orders o ON o.id = t.order_id
		WHERE t.workspace_id = ? AND k.campaign_id = ? AND t.kind = 'click' AND NOT o.test ORDER BY t.order_id`,
		ws, campaignID); err != nil {
		return nil, fmt.Errorf("journeys of campaign %d: %w", campaignID, err)
	}
	buyer := make(map[string]string, len(touches))
	for _, t := range touches {
		if _, ok := buyer[t.Ref]; ok {
			continue
		}
		b := "order:" + strconv.FormatInt(t.OrderID, 10)
		if t.Customer != "" {
			b = "customer:" + t.Customer
		}
		buyer[t.Ref] = b
	}
	out := make([]analytics.VisitorClick, len(rows))
	for i, r := range rows {
		out[i] = analytics.VisitorClick{ClickID: r.ClickID, At: time.Unix(r.At, 0).UTC(), Creator: r.Creator, Buyer: buyer[r.ClickID]}
		if r.IPHash != "" {
			out[i].Visitor = r.IPHash + "|" + r.Device + "|" + r.OS
		}
	}
	return out, nil
}
