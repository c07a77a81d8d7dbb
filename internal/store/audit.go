package store

import (
	"context"
	"fmt"
	"strings"
)

// AuditEvent is one sensitive action: who did what to which object, when.
type AuditEvent struct {
	ID           int64  `db:"id" json:"id"`
	WorkspaceID  int64  `db:"workspace_id" json:"-"`
	At           int64  `db:"at" json:"at"`
	ActorUserID  *int64 `db:"actor_user_id" json:"actor_user_id,omitempty"`
	ActorTokenID *int64 `db:"actor_token_id" json:"actor_token_id,omitempty"`
	// Actor is the user's e-mail or the token's name at the time.
	Actor  string `db:"actor" json:"actor"`
	Action string `db:"action" json:"action"`
	// ObjectKind and ObjectID name what was acted on ("creator", 12).
	ObjectKind string `db:"object_kind" json:"object_kind,omitempty"`
	ObjectID   *int64 `db:"object_id" json:"object_id,omitempty"`
	// Detail is a short note for people; never a secret.
	Detail string `db:"detail" json:"detail,omitempty"`
	IPHash string `db:"ip_hash" json:"-"`
}

const auditCols = `id, workspace_id, at, actor_user_id, actor_token_id, actor, action, object_kind, object_id, detail, ip_hash`

// Audit records e in the transaction of the action it describes, so that
// the action and its record commit or fail together. At defaults to now.
func (tx *Tx) Audit(ctx context.Context, e *AuditEvent) error {
	if e.WorkspaceID == 0 || e.Action == "" {
		return fmt.Errorf("audit: workspace and action are required (got %d, %q)", e.WorkspaceID, e.Action)
	}
	if e.At == 0 {
		e.At = tx.db.Now().Unix()
	}
	id, err := tx.db.insert(ctx, tx.q, `INSERT INTO audit_events (workspace_id, at, actor_user_id, actor_token_id, actor, action,
		object_kind, object_id, detail, ip_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.WorkspaceID, e.At, e.ActorUserID, e.ActorTokenID, e.Actor, e.Action, e.ObjectKind, e.ObjectID, clip(e.Detail, 500), e.IPHash)
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	e.ID = id
	return nil
}

// AuditFilter narrows AuditEvents. Before pages backwards: events with an id
// below it; 0 means from the newest.
type AuditFilter struct {
	Action string
	Before int64
	Limit  int
}

// AuditEvents lists a workspace's audit events, newest first.
func (db *DB) AuditEvents(ctx context.Context, ws int64, f AuditFilter) ([]AuditEvent, error) {
	q := `SELECT ` + auditCols + ` FROM audit_events WHERE workspace_id = ?`
	args := []any{ws}
	if f.Action != "" {
		q += ` AND action = ?`
		args = append(args, f.Action)
	}
	if f.Before > 0 {
		q += ` AND id < ?`
		args = append(args, f.Before)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	q += fmt.Sprintf(` ORDER BY id DESC LIMIT %d`, f.Limit)
	out := []AuditEvent{}
	if err := db.sel(ctx, db.reader(), &out, q, args...); err != nil {
		return nil, fmt.Errorf("audit events of workspace %d: %w", ws, err)
	}
	return out, nil
}

// clip shortens s to at most n bytes; a rune cut in half is dropped.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}
