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
			// 2,900 creators, each with an Instagram account and, for
			// every third (0, 3, ..., 2898), a TikTok account found by
			// e-mail: 2,900 + 967 = 3,867 new accounts, a batch of 2,000
			// and a pending one of 1,867.
			for i := range 2900 {
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
			// c2899 is in the pending batch: this row updates it.
			if err := add("C2899 renamed", "", "instagram", "c2899", 5); err != nil {
				return err
			}
			// Joins the creator stored before the import.
			if err := add("Old", "old@example.test", "youtube", "oldtube", 7); err != nil {
				return err
			}
			res = im.Result
			return nil
		}))
		// Rows: 2900 + 967 + 1 + 1; new creators 2900; new accounts
		// 2900 + 967 + 1; updated 1.
		want := store.ImportResult{Rows: 3869, CreatorsAdded: 2900, AccountsAdded: 3868, AccountsUpdated: 1}
		if res != want {
			t.Errorf("result %+v, want %+v", res, want)
		}
		_, total, err := f.DB.Creators(ctx, ws, store.CreatorFilter{Limit: 1})
		if err != nil || total != 2901 {
			t.Errorf("creators %d, %v; want 2901", total, err)
		}
		list, _, err := f.DB.Creators(ctx, ws, store.CreatorFilter{Query: "c2899"})
		if err != nil || len(list) != 1 || list[0].Name != "C2899 renamed" || *list[0].Accounts[0].Followers != 5 {
			t.Errorf("c2899: %+v, %v", list, err)
		}
		// Every creator was queued for the search index without a trigger:
		// the 2,900 imported and Old, which gained an account.
		if n, err := f.DB.RefreshSearch(ctx, ws); err != nil || n != 2901 {
			t.Errorf("search rows refreshed %d, %v; want 2901", n, err)
		}
		if hits, _, err := f.DB.SearchCreators(ctx, ws, store.SearchFilter{Text: "oldtube"}); err != nil || len(hits) != 1 || hits[0].CreatorID != old.ID {
			t.Errorf("search oldtube: %+v, %v", hits, err)
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
