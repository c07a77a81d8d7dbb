package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/auth"
)

// StaffInvite is a one-time invitation to join a workspace's team.
type StaffInvite struct {
	WorkspaceID int64     `db:"workspace_id" json:"-"`
	Email       string    `db:"email" json:"email"`
	Role        auth.Role `db:"role" json:"role"`
	ExpiresUnix int64     `db:"expires_at" json:"-"`
	ExpiresAt   time.Time `db:"-" json:"expires_at"`
}

const staffInviteCols = `workspace_id, email, role, expires_at`

// CreateStaffInvite invites email to the workspace with role and returns
// the secret, which is stored only as a hash. An earlier unused invitation
// of the same address to the workspace stops working, so the newest link
// and role are the ones that count.
func (tx *Tx) CreateStaffInvite(ctx context.Context, ws int64, email string, role auth.Role, by *int64, ttl time.Duration) (string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	now := tx.db.Now()
	if _, err := tx.db.exec(ctx, tx.q, `UPDATE staff_invites SET expires_at = ? WHERE workspace_id = ? AND email = ? AND used_at IS NULL AND expires_at > ?`,
		now.Unix(), ws, email, now.Unix()); err != nil {
		return "", fmt.Errorf("revoke earlier invitations of %s: %w", email, err)
	}
	token := auth.NewToken("chj_")
	if _, err := tx.db.exec(ctx, tx.q, `INSERT INTO staff_invites (token_hash, workspace_id, email, role, invited_by, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, auth.HashToken(token), ws, email, string(role), by, now.Unix(), now.Add(ttl).Unix()); err != nil {
		return "", fmt.Errorf("invite %s: %w", email, err)
	}
	return token, nil
}

// StaffInviteByToken finds an unused, unexpired invitation.
func (db *DB) StaffInviteByToken(ctx context.Context, token string) (*StaffInvite, error) {
	var inv StaffInvite
	if err := db.get(ctx, db.reader(), &inv, `SELECT `+staffInviteCols+` FROM staff_invites WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`,
		auth.HashToken(token), db.Now().Unix()); err != nil {
		return nil, fmt.Errorf("invitation: %w", err)
	}
	inv.ExpiresAt = time.Unix(inv.ExpiresUnix, 0).UTC()
	return &inv, nil
}

// AcceptStaffInvite uses an invitation once: it creates the user with the
// password hash (an address that already has an account keeps it and its
// password) and gives them the invited role. Someone already in the
// workspace is ErrConflict: an invitation never changes a role.
func (tx *Tx) AcceptStaffInvite(ctx context.Context, token, passwordHash string) (*User, *StaffInvite, error) {
	var inv StaffInvite
	now := tx.db.Now().Unix()
	hash := auth.HashToken(token)
	if err := tx.db.get(ctx, tx.q, &inv, `SELECT `+staffInviteCols+` FROM staff_invites WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`,
		hash, now); err != nil {
		return nil, nil, fmt.Errorf("invitation: %w", err)
	}
	u, err := tx.useInvite(ctx, "staff_invites", hash, now, inv.Email, passwordHash)
	if err != nil {
		return nil, nil, err
	}
	var role string
	err = tx.db.get(ctx, tx.q, &role, `SELECT role FROM memberships WHERE workspace_id = ? AND user_id = ?`, inv.WorkspaceID, u.ID)
	switch {
	case err == nil:
		return nil, nil, fmt.Errorf("%w: %s is already a %s of this workspace", ErrConflict, inv.Email, role)
	case !errors.Is(err, ErrNotFound):
		return nil, nil, err
	}
	if err := tx.SetMembership(ctx, inv.WorkspaceID, u.ID, inv.Role, nil); err != nil {
		return nil, nil, err
	}
	inv.ExpiresAt = time.Unix(inv.ExpiresUnix, 0).UTC()
	return u, &inv, nil
}

// useInvite marks the invitation in table (portal_invites or staff_invites)
// used, once, and returns the account of its address: the existing one, or
// a new one with passwordHash.
func (tx *Tx) useInvite(ctx context.Context, table, hash string, now int64, email, passwordHash string) (*User, error) {
	res, err := tx.db.exec(ctx, tx.q, `UPDATE `+table+` SET used_at = ? WHERE token_hash = ? AND used_at IS NULL`, now, hash)
	if err != nil {
		return nil, fmt.Errorf("use invitation: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, fmt.Errorf("invitation: %w", ErrNotFound)
	}
	var u User
	err = tx.db.get(ctx, tx.q, &u, `SELECT id, email, name, password_hash, created_at FROM users WHERE email = ?`, email)
	switch {
	case errors.Is(err, ErrNotFound):
		u = User{Email: email, Name: strings.Split(email, "@")[0], PasswordHash: passwordHash}
		if err := tx.CreateUser(ctx, &u); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, fmt.Errorf("user %s: %w", email, err)
	}
	return &u, nil
}
