package web

import (
	"context"

	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/tracking"
)

// hookBatch is the most order deliveries one commit carries. Each costs
// a few statements (about 0.3 ms of SQLite CPU), so 200 keep a commit
// under ~100 ms even when the batch is full.
const hookBatch = 200

// newHookBatcher group-commits verified webhook deliveries: under load many
// deliveries share one transaction and its fsync, each in its own
// savepoint (store.DB.RecordEvents), and each is answered only after its
// batch committed, so a 200 still means the order is durable. Idle, a
// delivery commits at once: the batcher never lingers. settle runs before
// each batch so that the clicks an order names are in the database.
func newHookBatcher(db *store.DB, settle func(context.Context)) *tracking.Batcher[*store.PendingEvent] {
	return tracking.NewBatcher(func(ctx context.Context, evs []*store.PendingEvent) error {
		settle(ctx)
		return db.RecordEvents(ctx, evs)
	}, hookBatch, 0)
}
