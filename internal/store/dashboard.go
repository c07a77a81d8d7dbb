package store

import (
	"context"
	"fmt"

	"github.com/chorushq/chorus/internal/campaigns"
)

// CollabTally is how many of a campaign's collaborations are at one status
// of the pipeline, with their fees, seeding and amplification summed (minor
// units of the campaign's currency).
type CollabTally struct {
	CampaignID int64            `db:"campaign_id"`
	Status     campaigns.Status `db:"status"`
	N          int              `db:"n"`
	TermsMinor int64            `db:"terms_minor"`
}

// CollabTallies counts the workspace's collaborations by campaign and
// status: what the dashboard's pipeline and campaign table show, in one
// grouped query instead of a listing of every collaboration with its names.
func (db *DB) CollabTallies(ctx context.Context, ws int64) ([]CollabTally, error) {
	var out []CollabTally
	if err := db.sel(ctx, db.reader(), &out, `SELECT campaign_id, status, COUNT(*) AS n,
		CAST(SUM(fee_minor + seeding_minor + amplification_minor) AS BIGINT) AS terms_minor
		FROM collaborations WHERE workspace_id = ? GROUP BY campaign_id, status ORDER BY campaign_id, status`, ws); err != nil {
		return nil, fmt.Errorf("collaborations by campaign and status: %w", err)
	}
	return out, nil
}
