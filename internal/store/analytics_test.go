package store_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/analytics"
	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/conversions"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// reportWorld is a campaign with two collaborations: Ana (8,000 followers
// on Instagram, 3,000 on TikTok; variant "Hook A"; a code) and Ben (no
// follower count, no variant).
type reportWorld struct {
	campaign, variant, ana, ben, post int64
}

var day1 = time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)

func buildReportWorld(t *testing.T, f *storetest.Fixture) reportWorld {
	t.Helper()
	ctx := storetest.Ctx(t)
	ws := f.Workspace.ID
	var w reportWorld
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
		ana := creators.Creator{Name: "Ana", Accounts: []creators.Account{
			{Platform: "instagram", Handle: "ana", Followers: i64(8000)}, {Platform: "tiktok", Handle: "ana", Followers: i64(3000)}}}
		ben := creators.Creator{Name: "Ben", Accounts: []creators.Account{{Platform: "youtube", Handle: "ben"}}}
		for _, c := range []*creators.Creator{&ana, &ben} {
			if err := tx.CreateCreator(ctx, ws, c); err != nil {
				return err
			}
		}
		cp := campaigns.Campaign{Name: "Spring", Slug: "spring", Currency: "USD", Goal: "sales", Status: "active"}
		if err := tx.CreateCampaign(ctx, ws, &cp); err != nil {
			return err
		}
		v := campaigns.Variant{CampaignID: cp.ID, Name: "Hook A", Kind: "hook"}
		if err := tx.CreateVariant(ctx, ws, &v); err != nil {
			return err
		}
		ka := campaigns.Collaboration{CampaignID: cp.ID, CreatorID: ana.ID, VariantID: &v.ID, Status: campaigns.Prospect,
			FeeMinor: 20000, SeedingMinor: 2000, CommissionBps: 1000}
		kb := campaigns.Collaboration{CampaignID: cp.ID, CreatorID: ben.ID, Status: campaigns.Prospect, FeeMinor: 5000}
		for _, k := range []*campaigns.Collaboration{&ka, &kb} {
			if err := tx.CreateCollaboration(ctx, ws, k); err != nil {
				return err
			}
		}
		la := store.Link{CollaborationID: ka.ID, Slug: "ana-" + fmt.Sprint(ws), Destination: "https://shop.test/"}
		lb := store.Link{CollaborationID: kb.ID, Slug: "ben-" + fmt.Sprint(ws), Destination: "https://shop.test/"}
		for _, l := range []*store.Link{&la, &lb} {
			if err := tx.CreateLink(ctx, ws, l); err != nil {
				return err
			}
		}
		d1, d2 := day1.Unix()+3600, day1.Unix()+86400+60
		var clicks []store.Click
		// Ana: 3 human clicks and a bot on day 1, 2 human clicks on day 2;
		// Ben: 1 human click on day 1.
		for i, c := range []struct {
			link, at int64
			bot      bool
		}{{la.ID, d1, false}, {la.ID, d1, false}, {la.ID, d1, false}, {la.ID, d1, true}, {la.ID, d2, false}, {la.ID, d2, false}, {lb.ID, d1, false}} {
			clicks = append(clicks, store.Click{WorkspaceID: ws, LinkID: c.link, ClickID: fmt.Sprintf("c%d-%d", ws, i), At: c.at, Bot: c.bot})
		}
		if err := tx.InsertClicks(ctx, clicks); err != nil {
			return err
		}
		if err := tx.CreateDiscountCode(ctx, ws, &store.DiscountCode{CollaborationID: ka.ID, Code: "ANA10"}); err != nil {
			return err
		}
		// Two orders with Ana's code on day 2: 5,000 and 7,000 cents.
		for i, total := range []int64{5000, 7000} {
			o := conversions.Order{Provider: conversions.ProviderShopify, ExternalID: fmt.Sprint("o", i), Time: day1.Add(30 * time.Hour),
				Currency: "USD", Total: total, DiscountCodes: []string{"ANA10"}, Customer: conversions.Customer{Status: conversions.CustomerNew}}
			if _, err := tx.RecordEvent(ctx, f.Workspace, conversions.Event{Kind: conversions.KindOrderCreated, Provider: o.Provider, Order: &o}); err != nil {
				return err
			}
		}
		p := store.Post{CollaborationID: &ka.ID, Platform: "instagram", URL: "https://instagram.test/p/1", PublishedAt: day1}
		if err := tx.CreatePost(ctx, ws, &p); err != nil {
			return err
		}
		w = reportWorld{campaign: cp.ID, variant: v.ID, ana: ka.ID, ben: kb.ID, post: p.ID}
		half := 0.5
		return tx.AddSnapshots(ctx, ws, []analytics.Snapshot{
			{PostID: p.ID, At: day1.Add(2 * time.Hour), Views: i64(1000), Likes: i64(100)},
			{PostID: p.ID, At: day1.Add(26 * time.Hour), Views: i64(4000), Impressions: i64(10000), Likes: i64(400), Comments: i64(40),
				CompletionRate: &half},
		})
	}))
	return w
}

func TestReportFacts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		w := buildReportWorld(t, f)
		// Three comments on Ana's post, two judged: one genuine, one spam.
		p, err := f.DB.Post(ctx, f.Workspace.ID, w.post)
		storetest.Must(t, err)
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			_, err := tx.AddPosts(ctx, f.Workspace.ID, p.AccountID, []store.IngestPost{{URL: p.URL, PublishedAt: p.PublishedAt,
				Comments: []store.IngestComment{{Author: "a", Text: "love it", CreatedAt: day1}, {Author: "b", Text: "follow me", CreatedAt: day1},
					{Author: "c", Text: "?", CreatedAt: day1}}}})
			return err
		}))
		cs, err := f.DB.CommentsOfPosts(ctx, f.Workspace.ID, []int64{w.post})
		storetest.Must(t, err)
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			return tx.SaveCommentVerdicts(ctx, f.Workspace.ID, []store.CommentVerdict{{CommentID: cs[0].ID, Label: "genuine"},
				{CommentID: cs[1].ID, PSpam: 0.9, Label: "spam"}})
		}))
		ks, posts, err := f.DB.ReportFacts(ctx, f.Workspace.ID, store.FactsFilter{CampaignID: w.campaign})
		storetest.Must(t, err)
		if len(ks) != 2 {
			t.Fatalf("collaborations = %+v", ks)
		}
		ana, ben := ks[0], ks[1]
		// Ana: the larger account decides the tier; 5 human clicks (the bot
		// is not counted); two orders of 5,000 + 7,000 by her code.
		if ana.ID != w.ana || ana.Followers != 8000 || ana.Variant != "Hook A" || ana.Clicks != 5 || ana.Orders != 2 ||
			ana.Revenue != 12000 || ana.NewCustomers != 2 || ana.FeeMinor != 20000 || ana.CommissionBps != 1000 {
			t.Errorf("Ana = %+v", ana)
		}
		if ben.ID != w.ben || ben.Followers != 0 || ben.VariantID != 0 || ben.Clicks != 1 || ben.Orders != 0 {
			t.Errorf("Ben = %+v", ben)
		}
		// The latest snapshot only.
		if len(posts) != 1 || posts[0].ID != w.post || posts[0].Followers != 8000 || posts[0].Likes != 400 || posts[0].Views != 4000 ||
			!posts[0].HasCompletion || posts[0].Completion != 0.5 || posts[0].Platform != "instagram" ||
			posts[0].CommentsClassified != 2 || posts[0].CommentsGenuine != 1 {
			t.Errorf("posts = %+v", posts)
		}
		// Cost of Ana = 20,000 + 2,000 + 10% of 12,000 = 23,200; CPA 11,600.
		rep := analytics.Build(analytics.Input{Currency: "USD", MarginBps: 6000, Collaborations: ks, Posts: posts})
		if rep.Collaborations[0].Cost != 23200 || rep.Collaborations[0].Metrics.CPA.V != 11600 {
			t.Errorf("Ana's row = %+v", rep.Collaborations[0])
		}

		days, err := f.DB.ReportDays(ctx, f.Workspace.ID, store.FactsFilter{CampaignID: w.campaign})
		storetest.Must(t, err)
		want := []store.Day{
			{CollaborationID: w.ana, Day: day1, Clicks: 3},
			{CollaborationID: w.ben, Day: day1, Clicks: 1},
			{CollaborationID: w.ana, Day: day1.AddDate(0, 0, 1), Clicks: 2, Orders: 2, Revenue: 12000},
		}
		if len(days) != len(want) {
			t.Fatalf("days = %+v", days)
		}
		for i := range want {
			if days[i] != want[i] {
				t.Errorf("day %d = %+v, want %+v", i, days[i], want[i])
			}
		}

		tot, err := f.DB.ReportDayTotals(ctx, f.Workspace.ID, store.FactsFilter{CampaignID: w.campaign})
		storetest.Must(t, err)
		// Day 1: 3 + 1 clicks; day 2: 2 clicks, 2 orders of 12,000.
		if len(tot) != 2 || tot[0] != (store.Day{Day: day1, Clicks: 4}) ||
			tot[1] != (store.Day{Day: day1.AddDate(0, 0, 1), Clicks: 2, Orders: 2, Revenue: 12000}) {
			t.Errorf("day totals = %+v", tot)
		}
		only, err := f.DB.ReportDays(ctx, f.Workspace.ID, store.FactsFilter{CampaignID: w.campaign, Collaborations: []int64{w.ben}})
		storetest.Must(t, err)
		if len(only) != 1 || only[0].CollaborationID != w.ben || only[0].Clicks != 1 {
			t.Errorf("Ben's days = %+v", only)
		}

		vals, err := f.DB.OrderValues(ctx, f.Workspace.ID, w.campaign)
		storetest.Must(t, err)
		if len(vals[w.ana]) != 2 || vals[w.ana][0]+vals[w.ana][1] != 12000 {
			t.Errorf("order values = %v", vals)
		}

		// Another workspace sees none of it.
		other, _ := f.AddWorkspace(t, "globex", "owner@globex.test")
		ks, posts, err = f.DB.ReportFacts(ctx, other.ID, store.FactsFilter{CampaignID: w.campaign})
		if err != nil || len(ks) != 0 || len(posts) != 0 {
			t.Errorf("other workspace: %v %v %v", ks, posts, err)
		}
	})
}

func TestPostsAndSnapshots(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		w := buildReportWorld(t, f)
		ws := f.Workspace.ID
		ss, err := f.DB.PostSnapshots(ctx, ws, w.post)
		storetest.Must(t, err)
		if len(ss) != 2 || *ss[0].Likes != 100 || *ss[1].Likes != 400 || ss[0].Impressions != nil || *ss[1].CompletionRate != 0.5 {
			t.Errorf("growth = %+v", ss)
		}
		// Ben has no TikTok account: no post there.
		err = f.DB.Tx(ctx, func(tx *store.Tx) error {
			return tx.CreatePost(ctx, ws, &store.Post{CollaborationID: &w.ben, Platform: "tiktok", PublishedAt: day1})
		})
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("post on a platform without an account: %v", err)
		}
		// Another workspace can neither post to the collaboration nor add
		// snapshots to the post; a bad post in a batch stores nothing.
		other, _ := f.AddWorkspace(t, "globex", "owner@globex.test")
		err = f.DB.Tx(ctx, func(tx *store.Tx) error {
			return tx.CreatePost(ctx, other.ID, &store.Post{CollaborationID: &w.ana, Platform: "instagram", PublishedAt: day1})
		})
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("post to another workspace's collaboration: %v", err)
		}
		err = f.DB.Tx(ctx, func(tx *store.Tx) error {
			return tx.AddSnapshots(ctx, ws, []analytics.Snapshot{{PostID: w.post, At: day1, Likes: i64(1)}, {PostID: w.post + 1000, At: day1}})
		})
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("snapshot of a missing post: %v", err)
		}
		ss, _ = f.DB.PostSnapshots(ctx, ws, w.post)
		if len(ss) != 2 {
			t.Errorf("a failed batch stored %d snapshots, want the 2 from before", len(ss))
		}
		if _, err := f.DB.Post(ctx, other.ID, w.post); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("post from another workspace: %v", err)
		}
	})
}

func TestDailyOrdersAndHoldouts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		w := buildReportWorld(t, f)
		ws := f.Workspace.ID
		// The two orders are on day 2; the days around it are listed as 0.
		days, err := f.DB.DailyOrders(ctx, ws, "USD", "", day1.AddDate(0, 0, -1), day1.AddDate(0, 0, 2).Add(5*time.Hour))
		storetest.Must(t, err)
		want := []float64{0, 0, 2, 0}
		if len(days) != len(want) {
			t.Fatalf("days = %+v", days)
		}
		for i, d := range days {
			if d.Count != want[i] || !d.Day.Equal(day1.AddDate(0, 0, i-1)) {
				t.Errorf("day %d = %+v, want %v on %s", i, d, want[i], day1.AddDate(0, 0, i-1))
			}
		}
		if days, _ := f.DB.DailyOrders(ctx, ws, "EUR", "", day1, day1.AddDate(0, 0, 2)); days[1].Count != 0 {
			t.Errorf("EUR orders = %+v", days)
		}

		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.SetHoldouts(ctx, ws, w.campaign, []string{"US", "GB", "US"}) }))
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.SetHoldouts(ctx, ws, w.campaign, []string{"US", "GB", "US"}) }))
		got, err := f.DB.Holdouts(ctx, ws, w.campaign)
		storetest.Must(t, err)
		if len(got) != 2 || got[0] != "GB" || got[1] != "US" {
			t.Errorf("holdouts = %v", got)
		}
		other, _ := f.AddWorkspace(t, "globex", "owner@globex.test")
		err = f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.SetHoldouts(ctx, other.ID, w.campaign, []string{"FR"}) })
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("holdouts of another workspace's campaign: %v", err)
		}
	})
}

func TestBrandPostsSamplesAndJourneys(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		w := buildReportWorld(t, f)
		ws := f.Workspace.ID
		ms, err := f.DB.BrandPosts(ctx, ws, day1.AddDate(0, 0, -1), day1.AddDate(0, 0, 2))
		storetest.Must(t, err)
		// Ana's post: the latest snapshot has no reach; 400 likes + 40 comments.
		if len(ms) != 1 || ms[0].PostID != w.post || ms[0].CampaignID != w.campaign || ms[0].CollaborationID != w.ana ||
			ms[0].Followers != 8000 || ms[0].Reach != 0 || ms[0].Engagements != 440 {
			t.Errorf("brand posts = %+v", ms)
		}
		if ms, _ := f.DB.BrandPosts(ctx, ws, day1.AddDate(0, 0, 1), day1.AddDate(0, 0, 2)); len(ms) != 0 {
			t.Errorf("posts outside the period: %+v", ms)
		}
		p, err := f.DB.Post(ctx, ws, w.post)
		storetest.Must(t, err)
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			return tx.AddFollowerSamples(ctx, ws, p.AccountID, []json.RawMessage{json.RawMessage(`{"username":"x"}`),
				json.RawMessage(`{"username":"y"}`), json.RawMessage(`{"full_name":"no handle"}`)})
		}))
		s, err := f.DB.FollowerSamples(ctx, ws, []int64{p.AccountID})
		storetest.Must(t, err)
		if len(s.Handles[p.AccountID]) != 2 || s.Followers[p.AccountID] != 8000 {
			t.Errorf("samples = %+v", s)
		}
		// Both orders came by Ana's code alone.
		js, err := f.DB.JourneyReach(ctx, ws, w.campaign)
		storetest.Must(t, err)
		if len(js) != 1 || js[0] != (store.JourneyGroup{Creators: 1, Orders: 2, Revenue: 12000}) {
			t.Errorf("journeys = %+v", js)
		}
	})
}
