package store

import (
	"context"
	"fmt"
	"time"

	"github.com/chorushq/chorus/internal/auth"
)

// Workspace is one brand or client.
type Workspace struct {
	ID             int64  `db:"id" json:"id"`
	Slug           string `db:"slug" json:"slug"`
	Name           string `db:"name" json:"name"`
	Currency       string `db:"currency" json:"currency"`
	TierMicro      int64  `db:"tier_micro" json:"tier_micro"`
	TierMid        int64  `db:"tier_mid" json:"tier_mid"`
	TierMacro      int64  `db:"tier_macro" json:"tier_macro"`
	TierMega       int64  `db:"tier_mega" json:"tier_mega"`
	LookbackDays   int64  `db:"lookback_days" json:"lookback_days"`
	GrossMarginBps int64  `db:"gross_margin_bps" json:"gross_margin_bps"`
	CreatedAt      int64  `db:"created_at" json:"-"`
}

// User is a person who signs in.
type User struct {
	ID           int64  `db:"id" json:"id"`
	Email        string `db:"email" json:"email"`
	Name         string `db:"name" json:"name"`
	PasswordHash string `db:"password_hash" json:"-"`
	CreatedAt    int64  `db:"created_at" json:"-"`
}

// Membership is a user's role in a workspace.
type Membership struct {
	WorkspaceID   int64     `db:"workspace_id"`
	WorkspaceName string    `db:"workspace_name"`
	WorkspaceSlug string    `db:"workspace_slug"`
	UserID        int64     `db:"user_id"`
	Role          auth.Role `db:"role"`
	CreatorID     *int64    `db:"creator_id"`
}

const workspaceCols = "id, slug, name, currency, tier_micro, tier_mid, tier_macro, tier_mega, lookback_days, gross_margin_bps, created_at"

// CreateWorkspace adds a workspace.
func (tx *Tx) CreateWorkspace(ctx context.Context, w *Workspace) error {
	if w.Currency == "" {
		w.Currency = "USD"
	}
	w.CreatedAt = tx.db.Now().Unix()
	id, err := tx.db.insert(ctx, tx.q, `INSERT INTO workspaces (slug, name, currency, created_at) VALUES (?, ?, ?, ?)`,
		w.Slug, w.Name, w.Currency, w.CreatedAt)
	if err != nil {
		return fmt.Errorf("create workspace %q: %w", w.Slug, err)
	}
	w.ID = id
	return tx.db.get(ctx, tx.q, w, `SELECT `+workspaceCols+` FROM workspaces WHERE id = ?`, id)
}

// Workspace loads a workspace by id.
func (db *DB) Workspace(ctx context.Context, id int64) (*Workspace, error) {
	var w Workspace
	if err := db.get(ctx, db.reader(), &w, `SELECT `+workspaceCols+` FROM workspaces WHERE id = ?`, id); err != nil {
		return nil, fmt.Errorf("workspace %d: %w", id, err)
	}
	return &w, nil
}

// WorkspaceBySlug loads a workspace by slug.
func (db *DB) WorkspaceBySlug(ctx context.Context, slug string) (*Workspace, error) {
	var w Workspace
	if err := db.get(ctx, db.reader(), &w, `SELECT `+workspaceCols+` FROM workspaces WHERE slug = ?`, slug); err != nil {
		return nil, fmt.Errorf("workspace %q: %w", slug, err)
	}
	return &w, nil
}

// UpdateWorkspaceSettings saves a workspace's settings.
func (tx *Tx) UpdateWorkspaceSettings(ctx context.Context, w *Workspace) error {
	_, err := tx.db.exec(ctx, tx.q, `UPDATE workspaces SET name = ?, currency = ?, tier_micro = ?, tier_mid = ?, tier_macro = ?,
		tier_mega = ?, lookback_days = ?, gross_margin_bps = ? WHERE id = ?`,
		w.Name, w.Currency, w.TierMicro, w.TierMid, w.TierMacro, w.TierMega, w.LookbackDays, w.GrossMarginBps, w.ID)
	if err != nil {
		return fmt.Errorf("update workspace %d: %w", w.ID, err)
	}
	return nil
}

// CreateUser adds a user with a password hash.
func (tx *Tx) CreateUser(ctx context.Context, u *User) error {
	u.CreatedAt = tx.db.Now().Unix()
	id, err := tx.db.insert(ctx, tx.q, `INSERT INTO users (email, name, password_hash, created_at) VALUES (?, ?, ?, ?)`,
		u.Email, u.Name, u.PasswordHash, u.CreatedAt)
	if err != nil {
		return fmt.Errorf("create user %q: %w", u.Email, err)
	}
	u.ID = id
	return nil
}

// SetPassword replaces a user's password hash and ends all their sessions.
func (tx *Tx) SetPassword(ctx context.Context, userID int64, hash string) error {
	res, err := tx.db.exec(ctx, tx.q, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, userID)
	if err != nil {
		return fmt.Errorf("set password of user %d: %w", userID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("user %d: %w", userID, ErrNotFound)
	}
	_, err = tx.db.exec(ctx, tx.q, `DELETE FROM sessions WHERE user_id = ?`, userID)
	return err
}

// UserByEmail loads a user by e-mail address.
func (db *DB) UserByEmail(ctx context.Context, email string) (*User, error) {
	var u User
	if err := db.get(ctx, db.reader(), &u, `SELECT id, email, name, password_hash, created_at FROM users WHERE email = ?`, email); err != nil {
		return nil, fmt.Errorf("user %q: %w", email, err)
	}
	return &u, nil
}

// User loads a user by id.
func (db *DB) User(ctx context.Context, id int64) (*User, error) {
	var u User
	if err := db.get(ctx, db.reader(), &u, `SELECT id, email, name, password_hash, created_at FROM users WHERE id = ?`, id); err != nil {
		return nil, fmt.Errorf("user %d: %w", id, err)
	}
	return &u, nil
}

// SetMembership gives a user a role in a workspace, replacing any other.
func (tx *Tx) SetMembership(ctx context.Context, workspaceID, userID int64, role auth.Role, creatorID *int64) error {
	_, err := tx.db.exec(ctx, tx.q, `INSERT INTO memberships (workspace_id, user_id, role, creator_id, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role, creator_id = excluded.creator_id`,
		workspaceID, userID, string(role), creatorID, tx.db.Now().Unix())
	if err != nil {
		return fmt.Errorf("set role of user %d in workspace %d: %w", userID, workspaceID, err)
	}
	return nil
}

// RemoveMembership takes a user out of a workspace and ends their sessions there.
func (tx *Tx) RemoveMembership(ctx context.Context, workspaceID, userID int64) error {
	if _, err := tx.db.exec(ctx, tx.q, `DELETE FROM memberships WHERE workspace_id = ? AND user_id = ?`, workspaceID, userID); err != nil {
		return fmt.Errorf("remove user %d from workspace %d: %w", userID, workspaceID, err)
	}
	_, err := tx.db.exec(ctx, tx.q, `DELETE FROM sessions WHERE workspace_id = ? AND user_id = ?`, workspaceID, userID)
	return err
}

const membershipSelect = `SELECT m.workspace_id, w.name AS workspace_name, w.slug AS workspace_slug, m.user_id, m.role, m.creator_id
	FROM memberships m JOIN workspaces w ON w.id = m.workspace_id`

// Memberships lists the workspaces a user belongs to.
func (db *DB) Memberships(ctx context.Context, userID int64) ([]Membership, error) {
	var ms []Membership
	err := db.sel(ctx, db.reader(), &ms, membershipSelect+` WHERE m.user_id = ? ORDER BY w.name`, userID)
	if err != nil {
		return nil, fmt.Errorf("memberships of user %d: %w", userID, err)
	}
	return ms, nil
}

// Membership loads a user's role in one workspace.
func (db *DB) Membership(ctx context.Context, workspaceID, userID int64) (*Membership, error) {
	var m Membership
	if err := db.get(ctx, db.reader(), &m, membershipSelect+` WHERE m.workspace_id = ? AND m.user_id = ?`, workspaceID, userID); err != nil {
		return nil, fmt.Errorf("membership of user %d in workspace %d: %w", userID, workspaceID, err)
	}
	return &m, nil
}

// Member is a user with their role, for the settings page.
type Member struct {
	UserID int64     `db:"user_id" json:"user_id"`
	Email  string    `db:"email" json:"email"`
	Name   string    `db:"name" json:"name"`
	Role   auth.Role `db:"role" json:"role"`
}

// Members lists a workspace's users.
func (db *DB) Members(ctx context.Context, workspaceID int64) ([]Member, error) {
	var ms []Member
	err := db.sel(ctx, db.reader(), &ms, `SELECT u.id AS user_id, u.email, u.name, m.role FROM memberships m
		JOIN users u ON u.id = m.user_id WHERE m.workspace_id = ? ORDER BY u.email`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("members of workspace %d: %w", workspaceID, err)
	}
	return ms, nil
}

// Session is a signed-in browser.
type Session struct {
	TokenHash   string `db:"token_hash"`
	UserID      int64  `db:"user_id"`
	WorkspaceID int64  `db:"workspace_id"`
	CreatedAt   int64  `db:"created_at"`
	ExpiresAt   int64  `db:"expires_at"`
	// LastSeenAt is when the session was last used, to the minute.
	LastSeenAt int64 `db:"last_seen_at"`
}

// CreateSession stores a session for the token's hash.
func (tx *Tx) CreateSession(ctx context.Context, s *Session) error {
	s.LastSeenAt = s.CreatedAt
	_, err := tx.db.exec(ctx, tx.q, `INSERT INTO sessions (token_hash, user_id, workspace_id, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)`,
		s.TokenHash, s.UserID, s.WorkspaceID, s.CreatedAt, s.ExpiresAt, s.LastSeenAt)
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// SessionByHash loads a live session.
func (db *DB) SessionByHash(ctx context.Context, hash string) (*Session, error) {
	var s Session
	err := db.get(ctx, db.reader(), &s, `SELECT token_hash, user_id, workspace_id, created_at, expires_at FROM sessions
		WHERE token_hash = ? AND expires_at > ?`, hash, db.Now().Unix())
	if err != nil {
		return nil, fmt.Errorf("session: %w", err)
	}
	return &s, nil
}

// SwitchSessionWorkspace points a session at another workspace.
func (tx *Tx) SwitchSessionWorkspace(ctx context.Context, hash string, workspaceID int64) error {
	_, err := tx.db.exec(ctx, tx.q, `UPDATE sessions SET workspace_id = ? WHERE token_hash = ?`, workspaceID, hash)
	return err
}

// DeleteSession signs a session out.
func (tx *Tx) DeleteSession(ctx context.Context, hash string) error {
	_, err := tx.db.exec(ctx, tx.q, `DELETE FROM sessions WHERE token_hash = ?`, hash)
	return err
}

// DeleteUserSessions signs a user out everywhere.
func (tx *Tx) DeleteUserSessions(ctx context.Context, userID int64) error {
	_, err := tx.db.exec(ctx, tx.q, `DELETE FROM sessions WHERE user_id = ?`, userID)
	return err
}

// APIToken is a workspace's API token; the secret is never stored.
type APIToken struct {
	ID          int64     `db:"id" json:"id"`
	WorkspaceID int64     `db:"workspace_id" json:"-"`
	Name        string    `db:"name" json:"name"`
	Prefix      string    `db:"prefix" json:"prefix"`
	TokenHash   string    `db:"token_hash" json:"-"`
	Role        auth.Role `db:"role" json:"role"`
	CreatedBy   *int64    `db:"created_by" json:"created_by,omitempty"`
	CreatedAt   int64     `db:"created_at" json:"created_at"`
	LastUsedAt  *int64    `db:"last_used_at" json:"last_used_at,omitempty"`
	RevokedAt   *int64    `db:"revoked_at" json:"revoked_at,omitempty"`
}

// CreateToken makes a new API token and returns its secret, which is shown
// once and stored only as a hash.
func (tx *Tx) CreateToken(ctx context.Context, t *APIToken) (string, error) {
	secret := auth.NewToken("cht_")
	t.TokenHash = auth.HashToken(secret)
	t.Prefix = secret[:10]
	t.CreatedAt = tx.db.Now().Unix()
	id, err := tx.db.insert(ctx, tx.q, `INSERT INTO api_tokens (workspace_id, name, prefix, token_hash, role, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, t.WorkspaceID, t.Name, t.Prefix, t.TokenHash, string(t.Role), t.CreatedBy, t.CreatedAt)
	if err != nil {
		return "", fmt.Errorf("create token %q: %w", t.Name, err)
	}
	t.ID = id
	return secret, nil
}

const tokenCols = `id, workspace_id, name, prefix, token_hash, role, created_by, created_at, last_used_at, revoked_at`

// TokenBySecret loads the live token whose secret is given and marks it used.
func (db *DB) TokenBySecret(ctx context.Context, secret string) (*APIToken, error) {
	var t APIToken
	if err := db.get(ctx, db.reader(), &t, `SELECT `+tokenCols+` FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL`,
		auth.HashToken(secret)); err != nil {
		return nil, fmt.Errorf("api token: %w", err)
	}
	now := db.Now().Unix()
	// Record use at most once a minute so tokens used in a loop do not turn
	// every API read into a write.
	if t.LastUsedAt == nil || now-*t.LastUsedAt >= int64(time.Minute/time.Second) {
		if _, err := db.exec(ctx, db.w, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, now, t.ID); err != nil {
			return nil, fmt.Errorf("api token: %w", err)
		}
		t.LastUsedAt = &now
	}
	return &t, nil
}

// Tokens lists a workspace's tokens.
func (db *DB) Tokens(ctx context.Context, workspaceID int64) ([]APIToken, error) {
	var ts []APIToken
	if err := db.sel(ctx, db.reader(), &ts, `SELECT `+tokenCols+` FROM api_tokens WHERE workspace_id = ? ORDER BY id`, workspaceID); err != nil {
		return nil, fmt.Errorf("tokens: %w", err)
	}
	return ts, nil
}

// RevokeToken revokes a token of the workspace.
func (tx *Tx) RevokeToken(ctx context.Context, workspaceID, id int64) error {
	res, err := tx.db.exec(ctx, tx.q, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND workspace_id = ? AND revoked_at IS NULL`,
		tx.db.Now().Unix(), id, workspaceID)
	if err != nil {
		return fmt.Errorf("revoke token %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("token %d: %w", id, ErrNotFound)
	}
	return nil
}
