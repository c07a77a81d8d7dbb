package store_test

import (
	"testing"

	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/sim"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// BenchmarkSearchCreators is a filtered text search over 20,000 simulated
// creators on SQLite: a niche word, a platform and a follower floor, sorted
// by followers. bench/discovery.sh measures the same at a million.
func BenchmarkSearchCreators(b *testing.B) {
	f := storetest.New(b)
	ctx := storetest.Ctx(b)
	cfg := sim.DefaultConfig()
	cfg.Creators = 20_000
	w, err := sim.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	storetest.Must(b, f.DB.Tx(ctx, func(tx *store.Tx) error {
		im := tx.NewImporter(f.Workspace.ID)
		for c := range w.Creators() {
			for _, a := range c.Accounts {
				followers := a.FollowerCount
				err := im.Add(ctx, creators.Creator{Name: c.Name, Email: c.Email, NicheTags: creators.Tags(c.Niches)},
					creators.Account{Platform: string(a.Platform), Handle: a.Username, Biography: a.Biography, Followers: &followers})
				if err != nil {
					return err
				}
			}
		}
		return nil
	}))
	if _, err := f.DB.RefreshSearch(ctx, f.Workspace.ID); err != nil {
		b.Fatal(err)
	}
	filter := store.SearchFilter{Text: "fitness", Platform: "instagram", MinFollowers: 5000, Sort: "followers", Limit: 50}
	if hits, _, err := f.DB.SearchCreators(ctx, f.Workspace.ID, filter); err != nil || len(hits) != 50 {
		b.Fatalf("%d hits, %v: the benchmark must search a full page", len(hits), err)
	}
	for b.Loop() {
		if _, _, err := f.DB.SearchCreators(ctx, f.Workspace.ID, filter); err != nil {
			b.Fatal(err)
		}
	}
}
