package store_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/engagement"
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

// BenchmarkNewSearchRows makes the search rows of 1,000 simulated creators
// with their audiences, as a vetting run's reading goroutine does for each
// page: the words, the main account, its audience countries as text.
func BenchmarkNewSearchRows(b *testing.B) {
	cfg := sim.DefaultConfig()
	cfg.Creators = 1000
	w, err := sim.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	var srcs []store.SearchSource
	var id int64
	for c := range w.Creators() {
		s := store.SearchSource{CreatorID: int64(c.Index + 1), Name: c.Name, NicheTags: strings.Join(c.Niches, " ")}
		for _, a := range c.Accounts {
			aud := creators.Audience{Country: map[string]float64{}}
			for _, sh := range a.Audience.Countries {
				aud.Country[sh.Key] = sh.Share
			}
			raw, err := json.Marshal(aud)
			if err != nil {
				b.Fatal(err)
			}
			id++
			followers := a.FollowerCount
			s.Accounts = append(s.Accounts, store.SearchAccount{ID: id, Platform: string(a.Platform), Handle: a.Username,
				Biography: a.Biography, Followers: &followers, Audience: string(raw)})
		}
		srcs = append(srcs, s)
	}
	th, now := engagement.DefaultThresholds(), time.Unix(1_700_000_000, 0)
	for b.Loop() {
		if _, err := store.NewSearchRows(1, th, now, srcs); err != nil {
			b.Fatal(err)
		}
	}
}
