package store_test

import (
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/engagement"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func f64(v float64) *float64 { return &v }

// searchCorpus is a hand-built workspace: five creators whose words, figures
// and audiences the expected results below were read from.
func searchCorpus(t *testing.T, f *storetest.Fixture) map[string]int64 {
	t.Helper()
	ctx := storetest.Ctx(t)
	type row struct {
		name, tags, platform, handle, bio string
		followers                         int64
		us                                float64
		er, real                          float64
		caption                           string
	}
	rows := []row{
		{"Ana Vegan", "food vegan", "instagram", "ana.cooks", "Plant-based recipes from Lisbon", 8_000, 0.10, 0.06, 0.90, "Easy #veganrecipes for busy weeks"},
		{"Ben Lifts", "fitness", "instagram", "benlifts", "Strength coach. Protein recipes too", 45_000, 0.55, 0.03, 0.80, "Leg day"},
		{"Cara Trails", "travel outdoors", "youtube", "caratrails", "Hiking and vegan camping food", 250_000, 0.40, 0.02, 0.95, "Vegan camp stove recipes"},
		{"Dev Codes", "tech", "youtube", "devcodes", "Keyboards and desks", 1_200_000, 0.70, 0.015, 0.60, "Best budget keyboard"},
		{"Eve Bakes", "food baking", "tiktok", "evebakes", "Sourdough every day", 30_000, 0.35, 0.09, 0.85, "Vegan sourdough? yes #recipes"},
	}
	ids := map[string]int64{}
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
		for _, r := range rows {
			c := creators.Creator{Name: r.name, NicheTags: creators.ParseTags(r.tags), Accounts: []creators.Account{{
				Platform: r.platform, Handle: r.handle, Biography: r.bio, Followers: i64(r.followers),
				Audience: creators.Audience{Country: map[string]float64{"US": r.us}},
			}}}
			if err := tx.CreateCreator(ctx, f.Workspace.ID, &c); err != nil {
				return err
			}
			ids[r.name] = c.ID
			if _, err := tx.AddPosts(ctx, f.Workspace.ID, c.Accounts[0].ID, []store.IngestPost{{
				URL: "https://example.test/" + r.handle + "/1", Caption: r.caption, PublishedAt: time.Unix(1_700_000_000, 0),
			}}); err != nil {
				return err
			}
			v := store.AccountVetting{AccountID: c.Accounts[0].ID, CreatorID: c.ID, VettedAt: 1, Followers: i64(r.followers),
				ER: f64(r.er), RealShare: f64(r.real)}
			if err := tx.SaveAccountVettings(ctx, f.Workspace.ID, []store.AccountVetting{v}); err != nil {
				return err
			}
			if err := tx.MarkSearchDirty(ctx, f.Workspace.ID, []int64{c.ID}); err != nil {
				return err
			}
		}
		return nil
	}))
	if _, err := f.DB.RefreshSearch(ctx, f.Workspace.ID); err != nil {
		t.Fatal(err)
	}
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
		// Scores 90, 70, 80, 40, 60 in corpus order.
		return tx.SetCreatorScores(ctx, f.Workspace.ID, map[int64]float64{
			ids["Ana Vegan"]: 90, ids["Ben Lifts"]: 70, ids["Cara Trails"]: 80, ids["Dev Codes"]: 40, ids["Eve Bakes"]: 60})
	}))
	return ids
}

var allPlans = []store.SearchPlan{store.PlanAuto, store.PlanIndex, store.PlanMatches, store.PlanRange}

func TestSearchCreators(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ids := searchCorpus(t, f)
		tests := []struct {
			name string
			f    store.SearchFilter
			want []string
		}{
			// Sorted by score: Ana 90, Cara 80, Ben 70, Eve 60, Dev 40.
			{"all by score", store.SearchFilter{}, []string{"Ana Vegan", "Cara Trails", "Ben Lifts", "Eve Bakes", "Dev Codes"}},
			// "vegan": Ana (name, tags), Cara (bio, caption), Eve (caption);
			// "#veganrecipes" is its own word, so it does not count for Ana.
			{"word", store.SearchFilter{Text: "Vegan"}, []string{"Ana Vegan", "Cara Trails", "Eve Bakes"}},
			// Both words: Cara's caption has both, Eve's caption has
			// "vegan" and the hashtag "recipes", Ana's bio has "recipes".
			{"two words", store.SearchFilter{Text: "vegan recipes"}, []string{"Ana Vegan", "Cara Trails", "Eve Bakes"}},
			{"hashtag word", store.SearchFilter{Text: "#veganrecipes"}, []string{"Ana Vegan"}},
			{"platform", store.SearchFilter{Platform: "youtube"}, []string{"Cara Trails", "Dev Codes"}},
			// Tiers with default thresholds: 8k nano, 45k and 30k micro.
			{"tier", store.SearchFilter{Tiers: []string{"micro"}}, []string{"Ben Lifts", "Eve Bakes"}},
			{"followers", store.SearchFilter{MinFollowers: 30_000, MaxFollowers: 250_000}, []string{"Cara Trails", "Ben Lifts", "Eve Bakes"}},
			{"er range", store.SearchFilter{MinER: f64(0.02), MaxER: f64(0.06)}, []string{"Ana Vegan", "Cara Trails", "Ben Lifts"}},
			// US share >= 40%: Ben 55%, Cara 40%, Dev 70%.
			{"country", store.SearchFilter{Country: "us", MinCountryShare: 0.40}, []string{"Cara Trails", "Ben Lifts", "Dev Codes"}},
			{"tags", store.SearchFilter{Tags: []string{"food"}}, []string{"Ana Vegan", "Eve Bakes"}},
			{"quality", store.SearchFilter{MinRealShare: f64(0.85)}, []string{"Ana Vegan", "Cara Trails", "Eve Bakes"}},
			{"score", store.SearchFilter{MinScore: f64(70)}, []string{"Ana Vegan", "Cara Trails", "Ben Lifts"}},
			{"by followers", store.SearchFilter{Text: "vegan", Sort: "followers"}, []string{"Cara Trails", "Eve Bakes", "Ana Vegan"}},
			{"by er asc", store.SearchFilter{Sort: "er", Asc: true, Limit: 2}, []string{"Dev Codes", "Cara Trails"}},
			{"page 2", store.SearchFilter{Limit: 2, Offset: 2}, []string{"Ben Lifts", "Eve Bakes"}},
			{"nothing", store.SearchFilter{Text: "vegan", Platform: "tiktok", Tags: []string{"tech"}}, nil},
		}
		// Every plan must give the page worked out by hand.
		for _, plan := range allPlans {
			for _, tt := range tests {
				hits, _, err := f.DB.SearchCreatorsPlan(ctx, f.Workspace.ID, tt.f, plan)
				if err != nil {
					t.Fatalf("%s, plan %d: %v", tt.name, plan, err)
				}
				var got []string
				for _, h := range hits {
					got = append(got, h.Name)
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("%s, plan %d: got %v, want %v", tt.name, plan, got, tt.want)
				}
			}
		}
		// Another workspace sees none of them.
		other, _ := f.AddWorkspace(t, "other", "o@other.test")
		if hits, _, err := f.DB.SearchCreators(ctx, other.ID, store.SearchFilter{Text: "vegan"}); err != nil || len(hits) != 0 {
			t.Errorf("other workspace: %v, %v", hits, err)
		}
		// An edit through the ordinary path reaches the index at the next search.
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			c, err := f.DB.Creator(ctx, f.Workspace.ID, ids["Dev Codes"])
			if err != nil {
				return err
			}
			c.NicheTags = creators.ParseTags("tech vegan")
			return tx.UpdateCreator(ctx, f.Workspace.ID, c)
		}))
		hits, _, err := f.DB.SearchCreators(ctx, f.Workspace.ID, store.SearchFilter{Text: "vegan", Sort: "name", Asc: true})
		// Ana, Cara, Dev, Eve by name.
		if err != nil || len(hits) != 4 || hits[2].Name != "Dev Codes" || hits[3].Name != "Eve Bakes" {
			t.Errorf("after edit: %+v, %v", hits, err)
		}
		// The more flag: 5 creators, pages of 4.
		if _, more, _ := f.DB.SearchCreators(ctx, f.Workspace.ID, store.SearchFilter{Limit: 4}); !more {
			t.Error("more = false with 5 creators in pages of 4")
		}
	})
}

// TestSearchPlansAgree runs filters over 600 generated creators under every
// plan: starting from the text matches, from the follower range or from the
// sort order's index must give the same pages, ties and unknowns included
// (scores repeat every 7 creators and a third are unknown; followers repeat
// and every 50th is unknown).
func TestSearchPlansAgree(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		words := []string{"vegan", "fitness", "travel", "tech"}
		platforms := []string{"instagram", "tiktok", "youtube"}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			im := tx.NewImporter(ws)
			for i := range 600 {
				bio := words[i%4] + " " + words[(i/4)%4]
				if i%97 == 0 {
					bio += " rareword" // creators 0, 97, ..., 582: 7 of them
				}
				var followers *int64
				if i%50 != 0 {
					followers = i64(int64((i * 7919) % 1_500 * 1000))
				}
				c := creators.Creator{Name: fmt.Sprintf("C%03d", i%300), Email: fmt.Sprintf("c%d@example.test", i%550)}
				a := creators.Account{Platform: platforms[i%3], Handle: fmt.Sprintf("h%d", i), Biography: bio, Followers: followers,
					Audience: creators.Audience{Country: map[string]float64{"US": float64(i%10) / 10}}}
				if err := im.Add(ctx, c, a); err != nil {
					return err
				}
			}
			return nil
		}))
		if _, err := f.DB.RefreshSearch(ctx, ws); err != nil {
			t.Fatal(err)
		}
		all, _, err := f.DB.SearchCreatorsPlan(ctx, ws, store.SearchFilter{Limit: 500, Sort: "name"}, store.PlanIndex)
		if err != nil {
			t.Fatal(err)
		}
		scores := map[int64]float64{}
		for i, h := range all {
			if i%3 != 0 {
				scores[h.CreatorID] = float64(i%7) * 10
			}
		}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.SetCreatorScores(ctx, ws, scores) }))
		tests := []store.SearchFilter{
			{},
			{Text: "vegan"},
			{Text: "rareword"},
			{Text: "rareword", Sort: "followers", Asc: true},
			{Text: "vegan travel", Tiers: []string{"mid"}},
			{Text: "tech", MinFollowers: 200_000, MaxFollowers: 400_000},
			{Text: "fitness", MinFollowers: 1_000_000, Sort: "er"},
			{MinFollowers: 1_400_000},
			{Tiers: []string{"nano"}, MinFollowers: 50_000}, // contradictory: nothing
			{Tiers: []string{"macro", "mega"}, Sort: "followers"},
			{Text: "vegan", Platform: "tiktok", Country: "us", MinCountryShare: 0.5},
			{Text: "travel", Sort: "name", Asc: true, Limit: 7, Offset: 14},
			{Text: "vegan", Limit: 10, Offset: 20},
			{Text: "rareword", MinFollowers: 1, Sort: "real_share"},
			{MaxFollowers: 30_000, Sort: "score", Asc: true, Limit: 9, Offset: 3},
		}
		for i, flt := range tests {
			want, wantMore, err := f.DB.SearchCreatorsPlan(ctx, ws, flt, store.PlanIndex)
			if err != nil {
				t.Fatalf("filter %d: %v", i, err)
			}
			if len(want) == 0 && i != 8 {
				t.Errorf("filter %d %+v: no hits; the case tests nothing", i, flt)
			}
			for _, plan := range allPlans {
				got, more, err := f.DB.SearchCreatorsPlan(ctx, ws, flt, plan)
				if err != nil {
					t.Fatalf("filter %d, plan %d: %v", i, plan, err)
				}
				if !reflect.DeepEqual(got, want) || more != wantMore {
					t.Errorf("filter %d %+v, plan %d: got %d hits (more %v), want %d (more %v)", i, flt, plan, len(got), more, len(want), wantMore)
				}
			}
		}
	})
}

// TestSaveSearchRowsKeepsLaterWrites: a writer that made search rows from
// what it read takes a creator off the queue only when nothing was written
// to the creator after it read the queue.
func TestSaveSearchRowsKeepsLaterWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		a := creators.Creator{Name: "Ana", Accounts: []creators.Account{{Platform: "instagram", Handle: "ana", Followers: i64(5000)}}}
		b := creators.Creator{Name: "Ben", Accounts: []creators.Account{{Platform: "tiktok", Handle: "ben", Followers: i64(50_000)}}}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.CreateCreator(ctx, ws, &a); err != nil {
				return err
			}
			return tx.CreateCreator(ctx, ws, &b)
		}))
		marks, err := f.DB.SearchMarks(ctx, ws, []int64{a.ID, b.ID})
		if err != nil || len(marks) != 2 {
			t.Fatalf("marks %v, %v; want both creators queued", marks, err)
		}
		// Ben is renamed after the marks were read, before the rows are saved.
		b.Name = "Ben Renamed"
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.UpdateCreator(ctx, ws, &b) }))
		srcs := []store.SearchSource{
			{CreatorID: a.ID, Name: "Ana", Accounts: []store.SearchAccount{{ID: a.Accounts[0].ID, Platform: "instagram", Handle: "ana", Followers: i64(5000), Audience: "{}"}}},
			{CreatorID: b.ID, Name: "Ben", Accounts: []store.SearchAccount{{ID: b.Accounts[0].ID, Platform: "tiktok", Handle: "ben", Followers: i64(50_000), Audience: "{}"}}},
		}
		rows, err := store.NewSearchRows(ws, engagement.DefaultThresholds(), time.Unix(1_700_000_000, 0), srcs)
		if err != nil {
			t.Fatal(err)
		}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.SaveSearchRows(ctx, ws, rows, marks) }))
		// Ana's row is final; Ben is still queued and his new name reaches
		// the index at the next refresh.
		if n, err := f.DB.RefreshSearch(ctx, ws); err != nil || n != 1 {
			t.Errorf("refreshed %d, %v; want 1 (Ben)", n, err)
		}
		for _, tt := range []struct {
			q    string
			want int
		}{{"ana", 1}, {"renamed", 1}} {
			if hits, _, err := f.DB.SearchCreatorsPlan(ctx, ws, store.SearchFilter{Text: tt.q}, store.PlanIndex); err != nil || len(hits) != tt.want {
				t.Errorf("search %q: %+v, %v; want %d hit", tt.q, hits, err, tt.want)
			}
		}
	})
}

// TestSearchCountries: the audience-country filter on the shares as
// written, to the last bit, whatever the case of the codes.
func TestSearchCountries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		audiences := []struct {
			name    string
			country map[string]float64
		}{
			{"Ana", map[string]float64{"us": 0.3, "GB": 0.2, "other": 0.5}},
			// The double after 0.3 (0.30000000000000004, 0.1*3 in
			// floating point).
			{"Bo", map[string]float64{"US": math.Nextafter(0.3, 1), "BR": 0.69999999999999996}},
			{"Cy", map[string]float64{"US": 0.9, "DE": 0.005}}, // under 1%: left out
			{"Di", map[string]float64{"USA": 0.2, "BR": 0.8}},  // not a two-letter code
			{"Ed", nil},
		}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			for _, a := range audiences {
				c := creators.Creator{Name: a.name, Accounts: []creators.Account{{Platform: "instagram", Handle: a.name,
					Followers: i64(1000), Audience: creators.Audience{Country: a.country}}}}
				if err := tx.CreateCreator(ctx, f.Workspace.ID, &c); err != nil {
					return err
				}
			}
			return nil
		}))
		tests := []struct {
			country string
			min     float64
			want    []string
		}{
			{"US", 0.3, []string{"Ana", "Bo", "Cy"}},
			{"us", math.Nextafter(0.3, 1), []string{"Bo", "Cy"}},
			{"US", 0, []string{"Ana", "Bo", "Cy"}},
			{"gb", 0.2, []string{"Ana"}},
			{"GB", 0.2000001, nil},
			{"BR", 0.7, []string{"Bo", "Di"}}, // 0.69999999999999996 is the double 0.7
			{"DE", 0, nil},
			{"USA", 0, nil},
			{"S:", 0, nil},
		}
		for _, plan := range allPlans {
			for _, tt := range tests {
				hits, _, err := f.DB.SearchCreatorsPlan(ctx, f.Workspace.ID,
					store.SearchFilter{Country: tt.country, MinCountryShare: tt.min, Sort: "name", Asc: true}, plan)
				storetest.Must(t, err)
				var got []string
				for _, h := range hits {
					got = append(got, h.Name)
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("plan %d, %s >= %v: %v, want %v", plan, tt.country, tt.min, got, tt.want)
				}
			}
		}
	})
}
