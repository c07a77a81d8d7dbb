package store

import (
	"context"
	"fmt"
	"time"
)

// sessionTouchEvery is how stale last_seen_at may get before a request
// refreshes it: the idle limit is days, so a minute is precise enough, and
// a page that makes many requests writes once.
const sessionTouchEvery = int64(time.Minute / time.Second)

// ActiveSession loads a session that is before its absolute expiry and was
// used within idle (0: no idle limit), and records this use when the last
// one recorded is a minute old or more. A session past either limit is
// ErrNotFound, like an unknown one.
func (db *DB) ActiveSession(ctx context.Context, hash string, idle time.Duration) (*Session, error) {
	now := db.Now().Unix()
	q := `SELECT token_hash, user_id, workspace_id, created_at, expires_at, last_seen_at FROM sessions
		WHERE token_hash = ? AND expires_at > ?`
	args := []any{hash, now}
	if idle > 0 {
		q += ` AND last_seen_at > ?`
		args = append(args, now-int64(idle/time.Second))
	}
	var s Session
	if err := db.get(ctx, db.reader(), &s, q, args...); err != nil {
		return nil, fmt.Errorf("session: %w", err)
	}
	if now-s.LastSeenAt >= sessionTouchEvery {
		if _, err := db.exec(ctx, db.w, `UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`, now, hash); err != nil {
			return nil, fmt.Errorf("session: record use: %w", err)
		}
		s.LastSeenAt = now
	}
	return &s, nil
}
