package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
	"golang.org/x/crypto/bcrypt"
)

// TestSessionIdleExpiry signs in once and comes back after gaps: a gap
// shorter than the idle limit keeps the session (and moves its last use),
// a longer one ends it although its absolute expiry is weeks away.
func TestSessionIdleExpiry(t *testing.T) {
	const day = 24 * time.Hour
	tests := []struct {
		name   string
		idle   time.Duration // web.Config.SessionIdle
		visits []time.Duration
		want   []int
	}{
		// Default 7 days: visits 6 days apart keep it alive past 7 days
		// from sign-in; 7 days and a second after the last visit, it ends.
		{"default", 0, []time.Duration{6 * day, 12 * day, 19*day + time.Second}, []int{200, 200, 401}},
		{"one hour", time.Hour, []time.Duration{59 * time.Minute, 2 * time.Hour}, []int{200, 401}},
		// The absolute expiry (30 days here) still ends a busy session.
		{"absolute", 0, []time.Duration{6 * day, 12 * day, 18 * day, 24 * day, 30 * day}, []int{200, 200, 200, 200, 401}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := storetest.New(t)
			t0 := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
			now := t0
			clock := func() time.Time { return now }
			f.DB.SetClock(clock)
			srv, err := New(Config{DB: f.DB, Now: clock, SessionIdle: tt.idle, BcryptCost: bcrypt.MinCost, RateLimits: &RateLimits{Off: true}})
			storetest.Must(t, err)
			h := srv.Handler()
			ctx := context.Background()
			tok := auth.NewToken("chs_")
			storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
				return tx.CreateSession(ctx, &store.Session{TokenHash: auth.HashToken(tok), UserID: f.Owner.ID, WorkspaceID: f.Workspace.ID,
					CreatedAt: t0.Unix(), ExpiresAt: t0.Add(30 * day).Unix()})
			}))
			for i, at := range tt.visits {
				now = t0.Add(at)
				r := httptest.NewRequest("GET", "/api/v1/me", nil)
				r.AddCookie(&http.Cookie{Name: sessionCookie, Value: tok})
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if w.Code != tt.want[i] {
					t.Errorf("visit at %v: %d, want %d", at, w.Code, tt.want[i])
				}
			}
		})
	}
}
