package store_test

import (
	"errors"
	"testing"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func TestBriefShares(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		_, k1, k2 := opsFixture(t, f.DB, ws, "brief")
		b := campaigns.Brief{Product: "Glow serum", Hashtags: []string{"#ad"}, Formats: []string{"demo"}}
		var sh *store.BriefShare
		var tok string
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.UpdateBrief(ctx, ws, k1.CampaignID, b); err != nil {
				return err
			}
			var err error
			sh, tok, err = tx.CreateBriefShare(ctx, ws, k1.CampaignID, &f.Owner.ID)
			return err
		}))
		cp, err := f.DB.SharedBrief(ctx, tok)
		storetest.Must(t, err)
		if cp.ID != k1.CampaignID || cp.Brief.Product != "Glow serum" || cp.Brief.Formats[0] != "demo" {
			t.Errorf("shared brief %+v", cp)
		}
		if _, err := f.DB.SharedBrief(ctx, tok+"x"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("wrong token: %v", err)
		}
		// Revoking needs the right campaign and workspace.
		other, _ := f.AddWorkspace(t, "other", "o@other.test")
		for _, tc := range []struct{ ws, campaign int64 }{{other.ID, k1.CampaignID}, {ws, k2.CampaignID}} {
			err := f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.RevokeBriefShare(ctx, tc.ws, tc.campaign, sh.ID) })
			if !errors.Is(err, store.ErrNotFound) {
				t.Errorf("revoke as ws %d campaign %d: %v", tc.ws, tc.campaign, err)
			}
		}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.RevokeBriefShare(ctx, ws, k1.CampaignID, sh.ID) }))
		if _, err := f.DB.SharedBrief(ctx, tok); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("revoked token: %v", err)
		}
		list, err := f.DB.BriefShares(ctx, ws, k1.CampaignID)
		storetest.Must(t, err)
		if len(list) != 1 || list[0].RevokedAt == nil || list[0].Prefix != tok[:10] {
			t.Errorf("shares %+v", list)
		}
		if err := f.DB.Tx(ctx, func(tx *store.Tx) error {
			_, _, err := tx.CreateBriefShare(ctx, other.ID, k1.CampaignID, nil)
			return err
		}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("share another workspace's campaign: %v", err)
		}
	})
}
