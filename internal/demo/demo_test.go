package demo

import (
	"testing"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/sim"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func smallWorld(t *testing.T) *sim.World {
	cfg := sim.DefaultConfig()
	cfg.Creators, cfg.Campaigns, cfg.CollaborationsPerCampaign = 300, 2, 12
	w, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestLoadMatchesTheWorld(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		w := smallWorld(t)
		l, err := Load(ctx, f.DB, w, f.Workspace, nil)
		storetest.Must(t, err)

		// Count the world independently of the loader.
		nCreators, nAccounts := 0, 0
		for c := range w.Creators() {
			nCreators++
			nAccounts += len(c.Accounts)
		}
		_, total, err := f.DB.Creators(ctx, f.Workspace.ID, store.CreatorFilter{Limit: 1})
		storetest.Must(t, err)
		if total != nCreators || len(l.Accounts) != nAccounts {
			t.Errorf("creators %d (want %d), accounts %d (want %d)", total, nCreators, len(l.Accounts), nAccounts)
		}
		cs, err := f.DB.Campaigns(ctx, f.Workspace.ID)
		storetest.Must(t, err)
		if len(cs) != len(w.Campaigns()) {
			t.Errorf("campaigns %d, want %d", len(cs), len(w.Campaigns()))
		}
		ks, err := f.DB.Collaborations(ctx, f.Workspace.ID, store.CollabFilter{})
		storetest.Must(t, err)
		if len(ks) != len(w.Collaborations()) {
			t.Fatalf("collaborations %d, want %d", len(ks), len(w.Collaborations()))
		}
		byStatus := map[campaigns.Status]int{}
		for _, k := range ks {
			byStatus[k.Status]++
		}
		want := map[campaigns.Status]int{}
		for _, k := range w.Collaborations() {
			want[campaigns.Status(k.Status)]++
		}
		for s, n := range want {
			if byStatus[s] != n {
				t.Errorf("status %s: %d, want %d", s, byStatus[s], n)
			}
		}
		// A stored creator is the simulated one, accounts and all.
		sc := w.Creator(7)
		got, err := f.DB.Creator(ctx, f.Workspace.ID, l.Creators[7])
		storetest.Must(t, err)
		if got.Name != sc.Name || len(got.Accounts) != len(sc.Accounts) {
			t.Fatalf("creator 7: %+v, want %+v", got, sc)
		}
		for _, a := range got.Accounts {
			found := false
			for _, sa := range sc.Accounts {
				if string(sa.Platform) == a.Platform && *a.Followers == sa.FollowerCount {
					found = true
				}
			}
			if !found {
				t.Errorf("account %s/%s with %d followers is not in the world", a.Platform, a.Handle, *a.Followers)
			}
		}
	})
}
