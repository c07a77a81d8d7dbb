package store_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// linkWorld is a campaign with two variants and one collaboration of a
// creator with a small TikTok and a larger Instagram account.
type linkWorld struct {
	campaign campaigns.Campaign
	collab   campaigns.Collaboration
}

func newLinkWorld(t testing.TB, f *storetest.Fixture, ws int64, slug string) linkWorld {
	ctx := storetest.Ctx(t)
	w := linkWorld{campaign: campaigns.Campaign{Name: "Glow " + slug, Slug: slug, Currency: "USD",
		Variants: []campaigns.Variant{{Name: "hookA", Kind: "hook"}, {Name: "off15", Kind: "offer"}}}}
	cr := creators.Creator{Name: "Maya", Accounts: []creators.Account{
		{Platform: "tiktok", Handle: "maya_tt_" + slug, Followers: i64(900)},
		{Platform: "instagram", Handle: "@maya_fit_" + slug, Followers: i64(12000)},
	}}
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateCampaign(ctx, ws, &w.campaign); err != nil {
			return err
		}
		if err := tx.CreateCreator(ctx, ws, &cr); err != nil {
			return err
		}
		w.collab = campaigns.Collaboration{CampaignID: w.campaign.ID, CreatorID: cr.ID, Status: campaigns.Live}
		return tx.CreateCollaboration(ctx, ws, &w.collab)
	}))
	return w
}

func TestLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		other, _ := f.AddWorkspace(t, "globex", "o@globex.test")
		w := newLinkWorld(t, f, ws, "spring")
		vid := w.campaign.Variants[1].ID

		utm, err := f.DB.LinkUTM(ctx, ws, w.collab.ID, &vid)
		storetest.Must(t, err)
		// The Instagram account has more followers, so it is the main one;
		// its handle loses the '@' and gains the variant's name.
		if utm.Source != "instagram" || utm.Medium != "influencer" || utm.Campaign != "spring" || utm.Content != "maya_fit_spring-off15" {
			t.Errorf("LinkUTM = %+v", utm)
		}
		if _, err := f.DB.LinkUTM(ctx, other.ID, w.collab.ID, nil); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("LinkUTM from another workspace: %v", err)
		}

		l := store.Link{CollaborationID: w.collab.ID, VariantID: &vid, Slug: "maya15", Destination: "https://shop.example/p?a=1",
			UTMSource: utm.Source, UTMMedium: utm.Medium, UTMCampaign: utm.Campaign, UTMContent: utm.Content}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateLink(ctx, ws, &l) }))
		if l.ID == 0 || l.CampaignID != w.campaign.ID {
			t.Errorf("created link: %+v", l)
		}
		dup := l
		if err := f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateLink(ctx, ws, &dup) }); !errors.Is(err, store.ErrConflict) {
			t.Errorf("duplicate slug: %v, want ErrConflict", err)
		}
		// Another workspace can neither attach a link to this collaboration
		// nor take the slug (slugs are global).
		cross := store.Link{CollaborationID: w.collab.ID, Slug: "cross", Destination: "https://x.example/"}
		if err := f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateLink(ctx, other.ID, &cross) }); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("link on another workspace's collaboration: %v", err)
		}
		foreignVariant := int64(1 << 40)
		bad := store.Link{CollaborationID: w.collab.ID, VariantID: &foreignVariant, Slug: "badvar", Destination: "https://x.example/"}
		if err := f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateLink(ctx, ws, &bad) }); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown variant: %v", err)
		}

		l.Destination = "https://shop.example/new"
		l.UTMCampaign = "spring-2"
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.UpdateLink(ctx, ws, &l) }))
		got, err := f.DB.LinkBySlug(ctx, "maya15")
		storetest.Must(t, err)
		if got.ID != l.ID || got.WorkspaceID != ws || got.Destination != "https://shop.example/new" || got.UTMCampaign != "spring-2" || *got.VariantID != vid {
			t.Errorf("after update: %+v", got)
		}
		if _, err := f.DB.Link(ctx, other.ID, l.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("other workspace reads link: %v", err)
		}
		if err := f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.UpdateLink(ctx, other.ID, &l) }); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("other workspace updates link: %v", err)
		}
		taken, err := f.DB.SlugTaken(ctx, "maya15")
		storetest.Must(t, err)
		if !taken {
			t.Error("SlugTaken(maya15) = false")
		}
		list, err := f.DB.Links(ctx, ws, store.LinkFilter{CampaignID: w.campaign.ID})
		storetest.Must(t, err)
		if len(list) != 1 || list[0].Slug != "maya15" {
			t.Errorf("Links = %+v", list)
		}
		if err := f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.DeleteLink(ctx, other.ID, l.ID) }); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("other workspace deletes link: %v", err)
		}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.DeleteLink(ctx, ws, l.ID) }))
		if _, err := f.DB.LinkBySlug(ctx, "maya15"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleted link: %v", err)
		}
	})
}

func TestClickRollups(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		w := newLinkWorld(t, f, ws, "fall")
		a := store.Link{CollaborationID: w.collab.ID, Slug: "fa", Destination: "https://a.example/"}
		b := store.Link{CollaborationID: w.collab.ID, Slug: "fb", Destination: "https://b.example/"}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.CreateLink(ctx, ws, &a); err != nil {
				return err
			}
			return tx.CreateLink(ctx, ws, &b)
		}))
		day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
		at := func(h, m int) int64 { return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute).Unix() }
		n := 0
		click := func(l store.Link, t int64, bot bool) store.Click {
			n++
			return store.Click{WorkspaceID: ws, LinkID: l.ID, ClickID: fmt.Sprintf("c%021d", n), At: t, Bot: bot, Device: "mobile"}
		}
		// Two batches, the second adding to rows the first created:
		// link a: 10:05 h, 10:59 h, 11:00 b, next day 00:30 h -> day 1: 2 humans 1 bot, day 2: 1 human
		// link b: 10:10 h                                    -> day 1: 1 human
		first := []store.Click{click(a, at(10, 5), false), click(a, at(11, 0), true), click(b, at(10, 10), false)}
		second := []store.Click{click(a, at(10, 59), false), click(a, at(24, 30), false)}
		// The second batch goes through the prepared statements.
		prep, err := f.DB.PrepareClickStatements(ctx)
		storetest.Must(t, err)
		defer prep.Close()
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.InsertClicks(ctx, first) }))
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.InsertClicksWith(ctx, prep, second) }))
		// A repeated click id is refused, on either path, and the rollups
		// stay untouched because they are in the same transaction.
		again := []store.Click{click(a, at(12, 0), false), first[0]}
		for _, p := range []*store.ClickStatements{nil, prep} {
			if err := f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.InsertClicksWith(ctx, p, again) }); !errors.Is(err, store.ErrConflict) {
				t.Errorf("duplicate click id (prepared: %v): %v, want ErrConflict", p != nil, err)
			}
		}

		tot, err := f.DB.ClickTotals(ctx, ws, store.ClickScope{LinkID: a.ID})
		storetest.Must(t, err)
		if tot != (store.ClickCount{Humans: 3, Bots: 1}) {
			t.Errorf("link a totals = %+v, want 3 humans 1 bot", tot)
		}
		raw, err := f.DB.RawClickCounts(ctx, a.ID)
		storetest.Must(t, err)
		if raw != tot {
			t.Errorf("raw %+v != rollup %+v", raw, tot)
		}
		for _, s := range []store.ClickScope{{CollaborationID: w.collab.ID}, {CampaignID: w.campaign.ID}, {}} {
			tot, err := f.DB.ClickTotals(ctx, ws, s)
			storetest.Must(t, err)
			if tot != (store.ClickCount{Humans: 4, Bots: 1}) {
				t.Errorf("%+v totals = %+v, want 4 humans 1 bot", s, tot)
			}
		}
		days, err := f.DB.ClickDays(ctx, ws, store.ClickScope{CampaignID: w.campaign.ID}, day, day.AddDate(0, 0, 7))
		storetest.Must(t, err)
		want := []store.DayClicks{{Day: day, ClickCount: store.ClickCount{Humans: 3, Bots: 1}}, {Day: day.AddDate(0, 0, 1), ClickCount: store.ClickCount{Humans: 1}}}
		if fmt.Sprint(days) != fmt.Sprint(want) {
			t.Errorf("days = %v, want %v", days, want)
		}
		by, err := f.DB.ClickTotalsBy(ctx, ws, store.ByLink, store.ClickScope{CampaignID: w.campaign.ID})
		storetest.Must(t, err)
		if by[a.ID] != (store.ClickCount{Humans: 3, Bots: 1}) || by[b.ID] != (store.ClickCount{Humans: 1}) || len(by) != 2 {
			t.Errorf("by link = %v", by)
		}
		other, _ := f.AddWorkspace(t, "globex", "o@globex.test")
		if tot, _ := f.DB.ClickTotals(ctx, other.ID, store.ClickScope{}); tot != (store.ClickCount{}) {
			t.Errorf("another workspace sees clicks: %+v", tot)
		}
		// Hourly rollup: link a has 10:00 -> 2 humans, 11:00 -> 1 bot, 00:00 next day -> 1 human.
		hours, err := f.DB.ClickHours(ctx, ws, store.ClickScope{LinkID: a.ID}, day, day.AddDate(0, 0, 2))
		storetest.Must(t, err)
		wantHours := []store.DayClicks{{Day: day.Add(10 * time.Hour), ClickCount: store.ClickCount{Humans: 2}},
			{Day: day.Add(11 * time.Hour), ClickCount: store.ClickCount{Bots: 1}}, {Day: day.Add(24 * time.Hour), ClickCount: store.ClickCount{Humans: 1}}}
		if fmt.Sprint(hours) != fmt.Sprint(wantHours) {
			t.Errorf("hours = %v, want %v", hours, wantHours)
		}
	})
}

func BenchmarkInsertClicks(b *testing.B) {
	f := storetest.New(b)
	ctx := b.Context()
	ws := f.Workspace.ID
	cp := campaigns.Campaign{Name: "Bench", Slug: "bench", Currency: "USD"}
	cr := creators.Creator{Name: "B", Accounts: []creators.Account{{Platform: "instagram", Handle: "b"}}}
	var l store.Link
	storetest.Must(b, f.DB.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateCampaign(ctx, ws, &cp); err != nil {
			return err
		}
		if err := tx.CreateCreator(ctx, ws, &cr); err != nil {
			return err
		}
		k := campaigns.Collaboration{CampaignID: cp.ID, CreatorID: cr.ID, Status: campaigns.Live}
		if err := tx.CreateCollaboration(ctx, ws, &k); err != nil {
			return err
		}
		l = store.Link{CollaborationID: k.ID, Slug: "bench", Destination: "https://a.example/"}
		return tx.CreateLink(ctx, ws, &l)
	}))
	prep, err := f.DB.PrepareClickStatements(ctx)
	storetest.Must(b, err)
	defer prep.Close()
	n := 0
	for _, bc := range []struct {
		name string
		p    *store.ClickStatements
	}{{"parsed", nil}, {"prepared", prep}} {
		b.Run(bc.name, func(b *testing.B) {
			const batch = 30 // a typical group commit at 64 connections
			b.ReportAllocs()
			for b.Loop() {
				clicks := make([]store.Click, batch)
				for i := range clicks {
					n++
					clicks[i] = store.Click{WorkspaceID: ws, LinkID: l.ID, ClickID: fmt.Sprintf("b%021d", n), At: int64(n), Device: "mobile", OS: "iOS", Browser: "Safari"}
				}
				storetest.Must(b, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.InsertClicksWith(ctx, bc.p, clicks) }))
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/click")
		})
	}
}

// TestPreparedClickChunks stores batches whose sizes need every prepared
// statement size, and some beyond the largest.
func TestPreparedClickChunks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		w := newLinkWorld(t, f, ws, "chunks")
		l := store.Link{CollaborationID: w.collab.ID, Slug: "chunks", Destination: "https://a.example/"}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateLink(ctx, ws, &l) }))
		prep, err := f.DB.PrepareClickStatements(ctx)
		storetest.Must(t, err)
		defer prep.Close()
		n, total := 0, 0
		for _, size := range []int{1, 3, 255, 256, 257, 600} { // 600 = 256+256+64+16+8
			clicks := make([]store.Click, size)
			for i := range clicks {
				n++
				clicks[i] = store.Click{WorkspaceID: ws, LinkID: l.ID, ClickID: fmt.Sprintf("p%021d", n), At: 1_700_000_000, Bot: i%3 == 0}
			}
			storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.InsertClicksWith(ctx, prep, clicks) }))
			total += size
		}
		raw, err := f.DB.RawClickCounts(ctx, l.ID)
		storetest.Must(t, err)
		rolled, err := f.DB.ClickTotals(ctx, ws, store.ClickScope{LinkID: l.ID})
		storetest.Must(t, err)
		// 1+3+255+256+257+600 = 1372 clicks.
		if raw.Humans+raw.Bots != 1372 || total != 1372 || rolled != raw {
			t.Errorf("raw %+v, rollups %+v, want 1372 in all", raw, rolled)
		}
	})
}
