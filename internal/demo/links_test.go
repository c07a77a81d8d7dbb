package demo

import (
	"testing"

	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
	"github.com/chorushq/chorus/internal/tracking"
)

func TestLoadLinksAndClicks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		w := smallWorld(t)
		l, err := Load(ctx, f.DB, w, f.Workspace, nil)
		storetest.Must(t, err)

		// Count the world independently of the loader: every link of every
		// collaboration, every click, and what the classifier calls human.
		nLinks := 0
		for _, k := range w.Collaborations() {
			nLinks += len(k.Links)
		}
		ls, err := f.DB.Links(ctx, f.Workspace.ID, store.LinkFilter{})
		storetest.Must(t, err)
		if len(ls) != nLinks || len(l.Links) != nLinks {
			t.Errorf("links: %d stored, %d recorded, want %d", len(ls), len(l.Links), nLinks)
		}
		demo, err := f.DB.LinkBySlug(ctx, "demo")
		storetest.Must(t, err)
		if demo.UTMMedium != "influencer" || demo.UTMSource == "" || demo.UTMCampaign == "" {
			t.Errorf("demo link UTMs: %+v", demo)
		}
		var want store.ClickCount
		perLink := map[string]int64{}
		var first string
		for c := range w.Clicks() {
			if first == "" {
				first = c.ID
			}
			if tracking.ClassifyUserAgent(c.UserAgent).Human {
				want.Humans++
				perLink[c.Slug]++
			} else {
				want.Bots++
			}
		}
		if want.Humans == 0 || want.Bots == 0 {
			t.Fatalf("the small world has %+v clicks; the test needs humans and bots", want)
		}
		got, err := f.DB.ClickTotals(ctx, f.Workspace.ID, store.ClickScope{})
		storetest.Must(t, err)
		if got != want || int64(l.ClicksLoaded) != want.Humans+want.Bots {
			t.Errorf("click totals %+v (loaded %d), want %+v", got, l.ClicksLoaded, want)
		}
		dn, err := f.DB.ClickTotals(ctx, f.Workspace.ID, store.ClickScope{LinkID: demo.ID})
		storetest.Must(t, err)
		raw, err := f.DB.RawClickCounts(ctx, demo.ID)
		storetest.Must(t, err)
		if dn.Humans != perLink["demo"] || raw != dn {
			t.Errorf("demo link: rollups %+v, raw %+v, want %d humans", dn, raw, perLink["demo"])
		}
		// The sim's click id is the stored one, so orders can refer to it.
		if _, err := f.DB.ClickByID(ctx, f.Workspace.ID, first); err != nil {
			t.Errorf("click %s: %v", first, err)
		}
		t.Logf("%d links, clicks %+v", nLinks, got)
	})
}
