package store

import "context"

// CopySecretForTest copies a sealed value byte for byte into another
// workspace's row, as someone with write access to the database might.
func (tx *Tx) CopySecretForTest(ctx context.Context, from, to int64, name string) error {
	_, err := tx.db.exec(ctx, tx.q, `INSERT INTO integration_secrets (workspace_id, name, sealed, updated_at)
		SELECT ?, name, sealed, updated_at FROM integration_secrets WHERE workspace_id = ? AND name = ?`, to, from, name)
	return err
}
