package store

import (
	"context"
	"fmt"

	"github.com/chorushq/chorus/internal/conversions"
)

// PendingEvent is one order event of a group commit, with what recording it
// did. RecordEvents fills Result and Err.
type PendingEvent struct {
	Workspace *Workspace
	Event     conversions.Event
	Result    EventResult
	// Err is this event's own failure (bad data, a conflict); the others of
	// its batch are stored all the same.
	Err error
}

// RecordEvents records several events in one transaction, so that they
// share one commit and its fsync: the webhook path's group commit. Each
// event runs in its own savepoint, so one that fails is rolled back alone
// and reported in its Err while the rest commit. The returned error is the
// transaction's: when it is not nil nothing is stored and every event
// failed with it. Redeliveries within a batch see the earlier deliveries of
// the same batch, exactly as if they had come one after another.
func (db *DB) RecordEvents(ctx context.Context, evs []*PendingEvent) error {
	// RetryTx may run fn again after a lost connection: start clean each time.
	return db.RetryTx(ctx, func(tx *Tx) error {
		defer tx.CacheStatements()()
		for _, pe := range evs {
			pe.Result, pe.Err = EventResult{}, nil
		}
		for i, pe := range evs {
			if err := tx.recordInSavepoint(ctx, pe); err != nil {
				return fmt.Errorf("event %d of %d in batch: %w", i+1, len(evs), err)
			}
		}
		return nil
	})
}

// recordInSavepoint records pe inside a savepoint. It returns an error only
// when the transaction itself is lost; pe's own failure goes in pe.Err.
func (tx *Tx) recordInSavepoint(ctx context.Context, pe *PendingEvent) error {
	if _, err := tx.db.exec(ctx, tx.q, `SAVEPOINT record_event`); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	res, err := tx.RecordEvent(ctx, pe.Workspace, pe.Event)
	if err != nil {
		if connectionLost(err) || ctx.Err() != nil {
			return err
		}
		// ROLLBACK TO keeps the savepoint open; RELEASE below closes it
		// either way, so savepoints do not pile up over a long batch.
		if _, rerr := tx.db.exec(ctx, tx.q, `ROLLBACK TO SAVEPOINT record_event`); rerr != nil {
			return fmt.Errorf("rollback to savepoint after %v: %w", err, rerr)
		}
		pe.Err = err
	} else {
		pe.Result = res
	}
	if _, err := tx.db.exec(ctx, tx.q, `RELEASE SAVEPOINT record_event`); err != nil {
		return fmt.Errorf("release savepoint: %w", err)
	}
	return nil
}

// OrderCount is the number of orders stored in the workspace: the webhook
// benchmark checks it against the distinct orders it sent.
func (db *DB) OrderCount(ctx context.Context, ws int64) (int64, error) {
	var n int64
	if err := db.get(ctx, db.reader(), &n, `SELECT COUNT(*) FROM orders WHERE workspace_id = ?`, ws); err != nil {
		return 0, fmt.Errorf("count orders: %w", err)
	}
	return n, nil
}
