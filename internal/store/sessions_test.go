package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func TestSessionIdleExpiry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := context.Background()
		t0 := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
		now := t0
		f.DB.SetClock(func() time.Time { return now })
		const day = 24 * time.Hour
		idle := 7 * day
		s := &store.Session{TokenHash: auth.HashToken("idle"), UserID: f.Owner.ID, WorkspaceID: f.Workspace.ID,
			CreatedAt: t0.Unix(), ExpiresAt: t0.Add(30 * day).Unix()}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateSession(ctx, s) }))
		// L is the last use step 3 records: 2 min + 7 days - 1 s after t0.
		const L = 2*time.Minute + 7*day - time.Second
		steps := []struct {
			at       time.Duration // since t0
			idle     time.Duration
			live     bool
			lastSeen time.Duration // since t0, after the call
		}{
			{30 * time.Second, idle, true, 0},              // under a minute since the last use: no write
			{2 * time.Minute, idle, true, 2 * time.Minute}, // refreshed
			{L, idle, true, L},                             // 1 s short of 7 idle days since 2 min
			{L + 7*day, idle, false, 0},                    // 7 idle days since L: ended
			{L + 7*day, 0, true, L + 7*day},                // without an idle limit it is still before 30 days
			{30 * day, 0, false, 0},                        // the absolute expiry, however recent the use
		}
		for i, st := range steps {
			now = t0.Add(st.at)
			got, err := f.DB.ActiveSession(ctx, s.TokenHash, st.idle)
			if !st.live {
				if !errors.Is(err, store.ErrNotFound) {
					t.Errorf("step %d (%v): %+v, %v; want ErrNotFound", i, st.at, got, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("step %d (%v): %v", i, st.at, err)
			}
			if want := t0.Add(st.lastSeen).Unix(); got.LastSeenAt != want {
				t.Errorf("step %d (%v): last seen %d, want %d", i, st.at, got.LastSeenAt, want)
			}
		}
	})
}
