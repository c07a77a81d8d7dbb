package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ClickLogCheckpoint returns how far the click log id has been ingested:
// the segment and the offset of its next unread record; 0, 0 when the
// database has never seen it.
func (db *DB) ClickLogCheckpoint(ctx context.Context, id string) (seg, off int64, err error) {
	var r struct {
		Seg int64 `db:"seg"`
		Off int64 `db:"off"`
	}
	err = db.get(ctx, db.w, &r, `SELECT seg, off FROM click_log_checkpoints WHERE log_id = ?`, id)
	if errors.Is(err, ErrNotFound) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("click log %s checkpoint: %w", id, err)
	}
	return r.Seg, r.Off, nil
}

// IngestClicks stores clicks from the click log id (with their rollups,
// as InsertClicks) and moves the log's checkpoint to seg, off in the same
// transaction. Clicks whose link was deleted after they were answered are
// dropped, as the deletion would have removed them, and counted.
func (db *DB) IngestClicks(ctx context.Context, id string, seg, off int64, clicks []Click) (dropped int, err error) {
	db.ingest.Lock()
	defer db.ingest.Unlock()
	if db.ingest.stmts == nil && db.dialect == SQLite {
		// Parsing a 256-row INSERT was a fifth of ingestion's CPU;
		// PostgreSQL's driver keeps its own statement cache.
		if db.ingest.stmts, err = db.PrepareClickStatements(ctx); err != nil {
			return 0, err
		}
	}
	err = db.RetryTx(ctx, func(tx *Tx) error {
		keep, err := tx.liveLinkClicks(ctx, clicks)
		if err != nil {
			return err
		}
		dropped = len(clicks) - len(keep)
		if err := tx.InsertClicksWith(ctx, db.ingest.stmts, keep); err != nil {
			return err
		}
		_, err = tx.db.exec(ctx, tx.q, `INSERT INTO click_log_checkpoints (log_id, seg, off, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (log_id) DO UPDATE SET seg = excluded.seg, off = excluded.off, updated_at = excluded.updated_at`,
			id, seg, off, time.Now().Unix())
		if err != nil {
			return fmt.Errorf("click log %s checkpoint: %w", id, err)
		}
		return nil
	})
	return dropped, err
}

// liveLinkClicks returns the clicks whose link still exists, reading in
// the transaction so that a link cannot vanish between check and insert
// on SQLite; on PostgreSQL a concurrent deletion fails the insert on its
// foreign key and the ingester retries.
func (tx *Tx) liveLinkClicks(ctx context.Context, clicks []Click) ([]Click, error) {
	if len(clicks) == 0 {
		return nil, nil
	}
	seen := map[int64]bool{}
	var args []any
	for _, c := range clicks {
		if !seen[c.LinkID] {
			seen[c.LinkID] = true
			args = append(args, c.LinkID)
		}
	}
	live := make(map[int64]bool, len(args))
	for rest := args; len(rest) > 0; {
		n := min(len(rest), 500)
		var found []int64
		if err := tx.db.sel(ctx, tx.q, &found, `SELECT id FROM links WHERE id IN (`+placeholders(n)+`)`, rest[:n]...); err != nil {
			return nil, fmt.Errorf("look up links of clicks: %w", err)
		}
		for _, id := range found {
			live[id] = true
		}
		rest = rest[n:]
	}
	if len(live) == len(args) {
		return clicks, nil
	}
	keep := make([]Click, 0, len(clicks))
	for _, c := range clicks {
		if live[c.LinkID] {
			keep = append(keep, c)
		}
	}
	return keep, nil
}
