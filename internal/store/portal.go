package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/campaigns"
)

// Invite is a one-time invitation of a creator to the portal.
type Invite struct {
	WorkspaceID int64     `db:"workspace_id"`
	CreatorID   int64     `db:"creator_id"`
	Email       string    `db:"email"`
	ExpiresUnix int64     `db:"expires_at"`
	ExpiresAt   time.Time `db:"-"`
}

// CreateInvite makes an invitation for a creator of the workspace and
// returns its secret, which is stored only as a hash. Earlier unused
// invitations of the creator stop working.
func (tx *Tx) CreateInvite(ctx context.Context, ws, creatorID int64, email string, by *int64, ttl time.Duration) (string, error) {
	var n int
	if err := tx.db.get(ctx, tx.q, &n, `SELECT COUNT(*) FROM creators WHERE id = ? AND workspace_id = ?`, creatorID, ws); err != nil {
		return "", err
	}
	if n == 0 {
		return "", fmt.Errorf("creator %d: %w", creatorID, ErrNotFound)
	}
	now := tx.db.Now()
	if _, err := tx.db.exec(ctx, tx.q, `UPDATE portal_invites SET expires_at = ? WHERE workspace_id = ? AND creator_id = ? AND used_at IS NULL AND expires_at > ?`,
		now.Unix(), ws, creatorID, now.Unix()); err != nil {
		return "", fmt.Errorf("revoke earlier invitations: %w", err)
	}
	token := auth.NewToken("chi_")
	if _, err := tx.db.exec(ctx, tx.q, `INSERT INTO portal_invites (token_hash, workspace_id, creator_id, email, invited_by, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, auth.HashToken(token), ws, creatorID, strings.ToLower(strings.TrimSpace(email)), by, now.Unix(), now.Add(ttl).Unix()); err != nil {
		return "", fmt.Errorf("invite creator %d: %w", creatorID, err)
	}
	return token, nil
}

// InviteByToken finds an unused, unexpired invitation.
func (db *DB) InviteByToken(ctx context.Context, token string) (*Invite, error) {
	var inv Invite
	if err := db.get(ctx, db.reader(), &inv, `SELECT workspace_id, creator_id, email, expires_at FROM portal_invites
		WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`, auth.HashToken(token), db.Now().Unix()); err != nil {
		return nil, fmt.Errorf("invitation: %w", err)
	}
	inv.ExpiresAt = time.Unix(inv.ExpiresUnix, 0).UTC()
	return &inv, nil
}

// AcceptInvite uses an invitation once: it creates the user with the
// password hash (or, when the e-mail already has an account, keeps that
// account and its password) and makes them the creator in the workspace.
func (tx *Tx) AcceptInvite(ctx context.Context, token, passwordHash string) (*User, *Invite, error) {
	var inv Invite
	now := tx.db.Now().Unix()
	hash := auth.HashToken(token)
	if err := tx.db.get(ctx, tx.q, &inv, `SELECT workspace_id, creator_id, email, expires_at FROM portal_invites
		WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`, hash, now); err != nil {
		return nil, nil, fmt.Errorf("invitation: %w", err)
	}
	u, err := tx.useInvite(ctx, "portal_invites", hash, now, inv.Email, passwordHash)
	if err != nil {
		return nil, nil, err
	}
	var role string
	err = tx.db.get(ctx, tx.q, &role, `SELECT role FROM memberships WHERE workspace_id = ? AND user_id = ?`, inv.WorkspaceID, u.ID)
	switch {
	case err == nil && role != string(auth.Creator):
		// Staff keep their role: an invitation never demotes anyone.
		return nil, nil, fmt.Errorf("%w: %s is already a %s of this workspace", ErrConflict, inv.Email, role)
	case err != nil && !errors.Is(err, ErrNotFound):
		return nil, nil, err
	}
	creatorID := inv.CreatorID
	if err := tx.SetMembership(ctx, inv.WorkspaceID, u.ID, auth.Creator, &creatorID); err != nil {
		return nil, nil, err
	}
	inv.ExpiresAt = time.Unix(inv.ExpiresUnix, 0).UTC()
	return u, &inv, nil
}

// CreatorCollaboration loads a collaboration only if it is the creator's,
// in the workspace: the portal's one way in to a collaboration.
func (db *DB) CreatorCollaboration(ctx context.Context, ws, creatorID, id int64) (*campaigns.Collaboration, error) {
	var r collabRow
	if err := db.get(ctx, db.reader(), &r, collabSelect+` WHERE k.id = ? AND k.workspace_id = ? AND k.creator_id = ?`, id, ws, creatorID); err != nil {
		return nil, fmt.Errorf("collaboration %d: %w", id, err)
	}
	k := r.collab()
	return &k, nil
}

// CollaborationClicks counts human and bot clicks on a collaboration's
// tracked links, from the daily rollup; 0 when links are not in the schema.
func (db *DB) CollaborationClicks(ctx context.Context, ws, collabID int64) (humans, bots int64, err error) {
	ok, err := db.hasTable(ctx, "click_days")
	if err != nil || !ok {
		return 0, 0, err
	}
	var r struct {
		Humans int64 `db:"humans"`
		Bots   int64 `db:"bots"`
	}
	if err := db.get(ctx, db.reader(), &r, `SELECT COALESCE(SUM(d.humans), 0) AS humans, COALESCE(SUM(d.bots), 0) AS bots
		FROM click_days d JOIN links l ON l.id = d.link_id WHERE l.workspace_id = ? AND l.collaboration_id = ?`, ws, collabID); err != nil {
		return 0, 0, fmt.Errorf("clicks of collaboration %d: %w", collabID, err)
	}
	return r.Humans, r.Bots, nil
}
