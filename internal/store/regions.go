package store

import (
	"context"
	"fmt"
	"time"
)

// RegionCount is a region's orders before and during a period.
type RegionCount struct {
	Region string `db:"region"` // "" for orders without a region
	Pre    int64  `db:"pre"`
	During int64  `db:"during"`
}

// RegionOrders counts the workspace's orders in currency by region: Pre in
// [preFrom, from), During in [from, to). Test orders are left out. Regions
// are as stored ("US", "US-CA"); the caller groups them into the units its
// holdout compares.
func (db *DB) RegionOrders(ctx context.Context, ws int64, currency string, preFrom, from, to time.Time) ([]RegionCount, error) {
	var out []RegionCount
	if err := db.sel(ctx, db.reader(), &out, `SELECT region,
		SUM(CASE WHEN at < ? THEN 1 ELSE 0 END) AS pre, SUM(CASE WHEN at >= ? THEN 1 ELSE 0 END) AS during
		FROM orders WHERE workspace_id = ? AND currency = ? AND NOT test AND at >= ? AND at < ?
		GROUP BY region ORDER BY region`, from.Unix(), from.Unix(), ws, currency, preFrom.Unix(), to.Unix()); err != nil {
		return nil, fmt.Errorf("orders by region: %w", err)
	}
	return out, nil
}
