package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func TestInviteIsOneTimeAndExpires(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		now := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
		f.DB.SetClock(func() time.Time { return now })
		w := newOpsWorld(t, f, ws, "inv", campaigns.Contracted)
		invite := func() string {
			var tok string
			storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
				var err error
				tok, err = tx.CreateInvite(ctx, ws, w.creator.ID, "Inv@Example.test", &f.Owner.ID, 72*time.Hour)
				return err
			}))
			return tok
		}
		old := invite()
		tok := invite()
		if _, err := f.DB.InviteByToken(ctx, old); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a replaced invitation still works: %v", err)
		}
		inv, err := f.DB.InviteByToken(ctx, tok)
		storetest.Must(t, err)
		if inv.Email != "inv@example.test" || inv.CreatorID != w.creator.ID || !inv.ExpiresAt.Equal(now.Add(72*time.Hour)) {
			t.Errorf("invite = %+v", inv)
		}
		var u *store.User
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			var err error
			u, _, err = tx.AcceptInvite(ctx, tok, "hash")
			return err
		}))
		m, err := f.DB.Membership(ctx, ws, u.ID)
		storetest.Must(t, err)
		if m.Role != auth.Creator || m.CreatorID == nil || *m.CreatorID != w.creator.ID {
			t.Errorf("membership = %+v", m)
		}
		err = f.DB.Tx(ctx, func(tx *store.Tx) error { _, _, err := tx.AcceptInvite(ctx, tok, "hash"); return err })
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("second use: %v, want not found", err)
		}
		late := invite()
		now = now.Add(73 * time.Hour)
		if _, err := f.DB.InviteByToken(ctx, late); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("expired invitation: %v", err)
		}
		// Inviting a staff member's address never demotes them.
		now = now.Add(time.Hour)
		var staff string
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			var err error
			staff, err = tx.CreateInvite(ctx, ws, w.creator.ID, f.Owner.Email, nil, time.Hour)
			return err
		}))
		err = f.DB.Tx(ctx, func(tx *store.Tx) error { _, _, err := tx.AcceptInvite(ctx, staff, ""); return err })
		if !errors.Is(err, store.ErrConflict) {
			t.Errorf("inviting the owner: %v, want conflict", err)
		}
		if m, _ := f.DB.Membership(ctx, ws, f.Owner.ID); m.Role != auth.Owner {
			t.Errorf("owner became %s", m.Role)
		}
	})
}

func TestCreatorCollaborationIsScoped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		a := newOpsWorld(t, f, ws, "ca", campaigns.Live)
		b := newOpsWorld(t, f, ws, "cb", campaigns.Live)
		if _, err := f.DB.CreatorCollaboration(ctx, ws, a.creator.ID, a.collab.ID); err != nil {
			t.Error(err)
		}
		for name, args := range map[string][3]int64{
			"another creator's":   {ws, a.creator.ID, b.collab.ID},
			"another workspace's": {ws + 1000, a.creator.ID, a.collab.ID},
		} {
			if _, err := f.DB.CreatorCollaboration(ctx, args[0], args[1], args[2]); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s collaboration: %v, want not found", name, err)
			}
		}
	})
}
