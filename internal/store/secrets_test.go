package store_test

import (
	"errors"
	"testing"

	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func TestSecretsAreSealedPerWorkspace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		box, err := store.NewSecretBox([]byte("server secret of sixteen+ bytes"))
		storetest.Must(t, err)
		other, _ := f.AddWorkspace(t, "globex", "owner@globex.test")
		ws := f.Workspace.ID
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.SetSecret(ctx, box, ws, store.SecretShopifyWebhook, "shpss_acme"); err != nil {
				return err
			}
			return tx.SetSecret(ctx, box, other.ID, store.SecretShopifyWebhook, "shpss_globex")
		}))
		for _, tt := range []struct {
			ws   int64
			want string
		}{{ws, "shpss_acme"}, {other.ID, "shpss_globex"}} {
			got, err := f.DB.Secret(ctx, box, tt.ws, store.SecretShopifyWebhook)
			if err != nil || got != tt.want {
				t.Errorf("workspace %d: %q, %v; want %q", tt.ws, got, err, tt.want)
			}
		}
		// Another server secret cannot open it.
		wrong, _ := store.NewSecretBox([]byte("another server secret entirely"))
		if _, err := f.DB.Secret(ctx, wrong, ws, store.SecretShopifyWebhook); err == nil {
			t.Error("opened with the wrong key")
		}
		if _, err := f.DB.Secret(ctx, box, ws, store.SecretWooWebhook); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unset secret: %v, want ErrNotFound", err)
		}
		set, err := f.DB.SecretsSet(ctx, ws)
		storetest.Must(t, err)
		if !set[store.SecretShopifyWebhook] || set[store.SecretWooWebhook] || len(set) != len(store.SecretNames) {
			t.Errorf("set: %v", set)
		}
		// An empty value deletes.
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.SetSecret(ctx, box, ws, store.SecretShopifyWebhook, "") }))
		if _, err := f.DB.Secret(ctx, box, ws, store.SecretShopifyWebhook); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleted secret: %v", err)
		}
		if _, err := store.NewSecretBox(nil); !errors.Is(err, store.ErrNoServerSecret) {
			t.Errorf("no server secret: %v", err)
		}
	})
}

func TestSealedValueIsBoundToItsRow(t *testing.T) {
	// The workspace id and name are the GCM additional data: a value copied
	// from one workspace's row into another's must not open.
	f := storetest.New(t)
	ctx := storetest.Ctx(t)
	box, _ := store.NewSecretBox([]byte("server secret of sixteen+ bytes"))
	other, _ := f.AddWorkspace(t, "globex", "owner@globex.test")
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
		return tx.SetSecret(ctx, box, f.Workspace.ID, store.SecretShopifyWebhook, "shpss_acme")
	}))
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
		return tx.CopySecretForTest(ctx, f.Workspace.ID, other.ID, store.SecretShopifyWebhook)
	}))
	if v, err := f.DB.Secret(ctx, box, other.ID, store.SecretShopifyWebhook); err == nil {
		t.Errorf("copied secret opened in another workspace: %q", v)
	}
}

func TestDiscountCodesAreCaseInsensitivePerWorkspace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		w := newWorld(t, f)
		ws := f.Workspace.ID
		err := f.DB.Tx(w.ctx, func(tx *store.Tx) error {
			return tx.CreateDiscountCode(w.ctx, ws, &store.DiscountCode{CollaborationID: w.leo, Code: " maya15"})
		})
		if !errors.Is(err, store.ErrConflict) {
			t.Errorf("maya15 again, lower case: %v, want ErrConflict", err)
		}
		storetest.Must(t, f.DB.Tx(w.ctx, func(tx *store.Tx) error {
			taken, err := tx.CodeTaken(w.ctx, ws, "Maya15")
			if err != nil || !taken {
				t.Errorf("CodeTaken(Maya15) = %v, %v", taken, err)
			}
			h, err := tx.CollaborationHandle(w.ctx, ws, w.leo)
			if h != "leoruns" {
				t.Errorf("handle of Leo's collaboration: %q, %v", h, err)
			}
			return err
		}))
		codes, err := f.DB.DiscountCodes(w.ctx, ws, w.campaign, 0)
		storetest.Must(t, err)
		if len(codes) != 1 || codes[0].Code != "MAYA15" || codes[0].CollaborationID != w.maya || codes[0].CreatorName != "Maya Lopez" {
			t.Errorf("codes: %+v", codes)
		}
	})
}
