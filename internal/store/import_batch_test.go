package store_test

import (
	"fmt"
	"testing"

	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// TestImporterBatches imports more rows than one batch holds, with the
// cases that must see rows still in a pending batch: a second account of a
// creator named by e-mail, the same account twice, and an e-mail of a
// creator stored before the import.
func TestImporterBatches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		old := creators.Creator{Name: "Old", Email: "Old@Example.test", Accounts: []creators.Account{{Platform: "instagram", Handle: "old"}}}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateCreator(ctx, ws, &old) }))
		var res store.ImportResult
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			im := tx.NewImporter(ws)
			add := func(name, email, platform, handle string, followers int64) error {
				return im.Add(ctx, creators.Creator{Name: name, Email: email}, creators.Account{Platform: platform, Handle: handle, Followers: i64(followers)})
			}
			// 1,200 creators, each with an Instagram account and, for
			// every third, a TikTok account found by e-mail: 1,600 new
			// accounts, more than three batches of 500.
			for i := range 1200 {
				email := fmt.Sprintf("c%d@example.test", i)
				if err := add(fmt.Sprintf("C%d", i), email, "instagram", fmt.Sprintf("c%d", i), int64(i)); err != nil {
					return err
				}
				if i%3 == 0 {
					if err := add(fmt.Sprintf("C%d", i), email, "tiktok", fmt.Sprintf("c%d", i), 1); err != nil {
						return err
					}
				}
			}
			// c1199 is in the pending batch: this row updates it.
			if err := add("C1199 renamed", "", "instagram", "c1199", 5); err != nil {
				return err
			}
			// Joins the creator stored before the import.
			if err := add("Old", "old@example.test", "youtube", "oldtube", 7); err != nil {
				return err
			}
			res = im.Result
			return nil
		}))
		// Rows: 1200 + 400 + 1 + 1; new creators 1200; new accounts
		// 1200 + 400 + 1; updated 1.
		want := store.ImportResult{Rows: 1602, CreatorsAdded: 1200, AccountsAdded: 1601, AccountsUpdated: 1}
		if res != want {
			t.Errorf("result %+v, want %+v", res, want)
		}
		_, total, err := f.DB.Creators(ctx, ws, store.CreatorFilter{Limit: 1})
		if err != nil || total != 1201 {
			t.Errorf("creators %d, %v; want 1201", total, err)
		}
		list, _, err := f.DB.Creators(ctx, ws, store.CreatorFilter{Query: "c1199"})
		if err != nil || len(list) != 1 || list[0].Name != "C1199 renamed" || *list[0].Accounts[0].Followers != 5 {
			t.Errorf("c1199: %+v, %v", list, err)
		}
		c, err := f.DB.Creator(ctx, ws, old.ID)
		if err != nil || len(c.Accounts) != 2 {
			t.Errorf("old creator: %+v, %v", c, err)
		}
		// Every third creator has both accounts: C300 is one.
		list, _, err = f.DB.Creators(ctx, ws, store.CreatorFilter{Query: "C300"})
		found := false
		for _, cr := range list {
			if cr.Name == "C300" {
				found = len(cr.Accounts) == 2
			}
		}
		if err != nil || !found {
			t.Errorf("C300: %+v, %v", list, err)
		}
	})
}
