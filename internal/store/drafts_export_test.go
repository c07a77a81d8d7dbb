package store

import "context"

// ExecForTest runs a statement in the transaction, so that tests of drafts,
// rights and payouts can seed posts, snapshots and clicks that other parts
// of the store write.
func (tx *Tx) ExecForTest(ctx context.Context, query string, args ...any) error {
	_, err := tx.db.exec(ctx, tx.q, query, args...)
	return err
}

// PostIDForTest finds the post of a collaboration.
func (tx *Tx) PostIDForTest(ctx context.Context, collabID int64) (int64, error) {
	var id int64
	err := tx.db.get(ctx, tx.q, &id, `SELECT id FROM posts WHERE collaboration_id = ? ORDER BY id DESC LIMIT 1`, collabID)
	return id, err
}

// HasTableForTest reports whether a table of another part of the schema
// exists yet.
func (db *DB) HasTableForTest(ctx context.Context, name string) bool {
	ok, err := db.hasTable(ctx, name)
	return ok && err == nil
}
