package store_test

import (
	"errors"
	"testing"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/ops"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func TestTemplatesAndMessages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		cr, k1, _ := opsFixture(t, f.DB, ws, "msg")
		tpl := ops.Template{Name: "intro", Subject: "Hi {{creator_name}}", Body: "{{link}}"}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateTemplate(ctx, ws, &tpl) }))
		dup := ops.Template{Name: "intro", Subject: "x", Body: "y"}
		if err := f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateTemplate(ctx, ws, &dup) }); !errors.Is(err, store.ErrConflict) {
			t.Errorf("duplicate name: %v", err)
		}
		tpl.Body = "{{code}}"
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.UpdateTemplate(ctx, ws, &tpl) }))
		got, err := f.DB.Template(ctx, ws, tpl.ID)
		storetest.Must(t, err)
		if got.Body != "{{code}}" || got.Name != "intro" {
			t.Errorf("template %+v", got)
		}
		if _, err := f.DB.Template(ctx, f.Workspace.ID+1000, tpl.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("template from another workspace: %v", err)
		}

		m := store.Message{CollaborationID: k1.ID, Kind: "outreach", To: cr.Email, Subject: "s", Text: "t"}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateMessage(ctx, ws, &m) }))
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			return tx.FinishMessage(ctx, ws, m.ID, "", errors.New("550 no such mailbox"))
		}))
		// A retry is allowed once per failure: the second concurrent retry conflicts.
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			_, err := tx.RetryMessage(ctx, ws, k1.ID, m.ID)
			return err
		}))
		if err := f.DB.Tx(ctx, func(tx *store.Tx) error {
			_, err := tx.RetryMessage(ctx, ws, k1.ID, m.ID)
			return err
		}); !errors.Is(err, store.ErrConflict) {
			t.Errorf("retry of a message being sent: %v", err)
		}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.FinishMessage(ctx, ws, m.ID, "<x@acme.test>", nil) }))
		thread, err := f.DB.Messages(ctx, ws, k1.ID)
		storetest.Must(t, err)
		if len(thread) != 1 || thread[0].Status != store.MessageSent || thread[0].Attempts != 2 || thread[0].Error != "" ||
			thread[0].SentAt == nil || thread[0].MessageID != "<x@acme.test>" {
			t.Errorf("thread %+v", thread)
		}

		// Owners must be staff of the workspace; nil clears the owner.
		creatorUser := f.AddUser(t, ws, "creator@msg.test", auth.Creator, &cr.ID)
		for _, tc := range []struct {
			owner *int64
			ok    bool
		}{{&f.Owner.ID, true}, {&creatorUser.ID, false}, {new(int64(999999)), false}, {nil, true}} {
			err := f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.SetCollaborationOwner(ctx, ws, k1.ID, tc.owner) })
			if (err == nil) != tc.ok || (err != nil && !errors.Is(err, store.ErrNotFound)) {
				t.Errorf("owner %v: %v, want ok=%v", tc.owner, err, tc.ok)
			}
		}
		if k, _ := f.DB.Collaboration(ctx, ws, k1.ID); k.OwnerID != nil {
			t.Errorf("owner %v after clearing", *k.OwnerID)
		}

		mains, err := f.DB.MainAccounts(ctx, ws, cr.ID)
		storetest.Must(t, err)
		// The TikTok account has 42,000 followers against Instagram's 5,000.
		if a := mains[cr.ID]; a.Handle != "ana.tt.msg" || *a.Followers != 42000 || a.Email != "ana@msg.test" {
			t.Errorf("main account %+v", a)
		}
	})
}
