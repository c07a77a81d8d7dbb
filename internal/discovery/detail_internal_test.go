package discovery

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/engagement"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// TestBareAssessment: the result read back for a bare account, whose detail
// a run no longer stores, is the one the stored detail gave: the profile's
// assessment through JSON, with the account model's verdict and reasons.
func TestBareAssessment(t *testing.T) {
	models, err := LoadModels()
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		yes, no := true, false
		c := creators.Creator{Name: "Dee Park", Accounts: []creators.Account{
			{Platform: "tiktok", Handle: "dee.makes", Followers: ptr(int64(620_000)), Following: ptr(int64(7_400)), MediaCount: ptr(int64(3)),
				Biography: "follow for follow", HasProfilePic: &no, IsPrivate: &no},
			{Platform: "instagram", Handle: "dee.park", Followers: ptr(int64(8_100)), HasProfilePic: &yes},
		}}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateCreator(ctx, ws, &c) }))
		v, err := NewVetter(f.DB)
		storetest.Must(t, err)
		_, err = v.Run(ctx, ws)
		storetest.Must(t, err)
		vets, err := f.DB.AccountVettingsOf(ctx, ws, []int64{c.ID})
		storetest.Must(t, err)
		_, accts, err := f.DB.VetCreators(ctx, ws, c.ID, c.ID)
		storetest.Must(t, err)
		cr, err := f.DB.Creator(ctx, ws, c.ID)
		storetest.Must(t, err)
		if len(vets) != 2 || len(accts) != 2 {
			t.Fatalf("%d results, %d accounts", len(vets), len(accts))
		}
		th := engagement.Thresholds{Micro: f.Workspace.TierMicro, Mid: f.Workspace.TierMid, Macro: f.Workspace.TierMacro, Mega: f.Workspace.TierMega}
		d := &details{db: f.DB, ws: ws}
		for _, r := range vets {
			if r.Detail != "" {
				t.Errorf("account %d: detail %s stored", r.AccountID, r.Detail)
			}
			got, err := d.assessment(ctx, r, cr)
			storetest.Must(t, err)
			// What a run stored before, and readers decoded.
			var a store.VetAccount
			for _, x := range accts {
				if x.ID == r.AccountID {
					a = x
				}
			}
			as, _, _ := Assess(models, th, AccountData{Account: a})
			b, err := json.Marshal(as)
			storetest.Must(t, err)
			var want Assessment
			storetest.Must(t, json.Unmarshal(b, &want))
			if !reflect.DeepEqual(got, want) {
				t.Errorf("account %s: recomputed %+v, stored before %s", a.Handle, got, b)
			}
		}
		// 620,000 followers is macro (500k-1M), 8,100 nano; the account
		// model explains its verdict.
		for _, r := range vets {
			got, _ := d.assessment(ctx, r, cr)
			want := map[int64]engagement.Tier{c.Accounts[0].ID: engagement.Macro, c.Accounts[1].ID: engagement.Nano}[r.AccountID]
			if got.Tier != want || got.Account == nil || len(got.Account.Reasons) == 0 {
				t.Errorf("account %d: tier %q (want %q), verdict %+v", r.AccountID, got.Tier, want, got.Account)
			}
		}
	})
}

func ptr[T any](v T) *T { return &v }
