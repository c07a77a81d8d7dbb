package store

import (
	"context"
	"fmt"

	"github.com/chorushq/chorus/internal/auth"
)

// CountRole counts a workspace's members holding role r. It reads in the
// transaction so that a check ("is this the last owner?") and the change it
// guards see the same rows.
func (tx *Tx) CountRole(ctx context.Context, workspaceID int64, r auth.Role) (int, error) {
	var n int
	err := tx.db.get(ctx, tx.q, &n, `SELECT COUNT(*) FROM memberships WHERE workspace_id = ? AND role = ?`, workspaceID, string(r))
	if err != nil {
		return 0, fmt.Errorf("count %s members of workspace %d: %w", r, workspaceID, err)
	}
	return n, nil
}
