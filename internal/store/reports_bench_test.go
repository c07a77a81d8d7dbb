package store_test

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/demo"
	"github.com/chorushq/chorus/internal/sim"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// simWorkspace loads a small simulated world (three campaigns, some ten
// thousand clicks and a few hundred orders with refunds and surveys) into
// the fixture's workspace, through the same loader as the demo.
func simWorkspace(t testing.TB, f *storetest.Fixture, traffic float64) []int64 {
	t.Helper()
	cfg := sim.DefaultConfig()
	cfg.Creators, cfg.Campaigns, cfg.CollaborationsPerCampaign, cfg.TrafficScale = 200, 3, 20, traffic
	cfg.PostsPerAccount, cfg.MaxCommentsPerPost = 2, 2
	cfg.Start = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	w, err := sim.New(cfg)
	storetest.Must(t, err)
	ctx := context.Background()
	_, err = demo.Load(ctx, f.DB, w, f.Workspace, nil)
	storetest.Must(t, err)
	cps, err := f.DB.Campaigns(ctx, f.Workspace.ID)
	storetest.Must(t, err)
	var ids []int64
	for _, cp := range cps {
		ids = append(ids, cp.ID)
	}
	return ids
}

// TestCampaignReportEqualsRawEvents: the report reads rollups kept up to
// date on every click and order; the same figures computed from the raw
// rows (store.RawCampaignFigures) must agree for every collaboration.
// The world has bots, refunds and survey answers, all of which move the
// rollups, so agreement is not a coincidence of an easy case; the totals
// are checked to be non-trivial.
func TestCampaignReportEqualsRawEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := context.Background()
		var clicks int64
		var revenue int64
		for _, cp := range simWorkspace(t, f, 3) {
			rep, err := f.DB.CampaignReport(ctx, f.Workspace.ID, cp, "default")
			storetest.Must(t, err)
			raw, err := f.DB.RawCampaignFigures(ctx, f.Workspace.ID, cp)
			storetest.Must(t, err)
			if len(raw) != len(rep.Collaborations) {
				t.Fatalf("campaign %d: %d raw rows, %d report rows", cp, len(raw), len(rep.Collaborations))
			}
			for _, r := range rep.Collaborations {
				w := raw[r.ID]
				if w == nil || r.HumanClicks != w.HumanClicks || r.Default.RevenueMinor != w.Default.RevenueMinor ||
					math.Abs(r.Default.Conversions-w.Default.Conversions) > 1e-6 || math.Abs(r.Default.NewCustomers-w.Default.NewCustomers) > 1e-6 {
					t.Errorf("collaboration %d: report %d clicks %+v, raw %+v", r.ID, r.HumanClicks, r.Default, w)
					continue
				}
				clicks += w.HumanClicks
				revenue += w.Default.RevenueMinor
			}
		}
		if clicks < 1000 || revenue <= 0 {
			t.Errorf("world too small to test anything: %d human clicks, %d revenue", clicks, revenue)
		}
	})
}

// TestReportFactsEqualRawEvents: what the dashboard reads for its
// campaigns (ReportFacts, from the rollups) equals the same facts with
// every event figure recomputed from the raw clicks and orders
// (RawReportFacts), collaboration by collaboration and field by field
// (but the followers and variant names the dashboard does not read), in
// the same order, on the simulated world with bots, refunds and survey
// answers.
func TestReportFactsEqualRawEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := context.Background()
		cps := simWorkspace(t, f, 3)
		facts, posts, err := f.DB.ReportFacts(ctx, f.Workspace.ID, store.FactsFilter{Campaigns: cps, NoPosts: true})
		storetest.Must(t, err)
		withPosts, all, err := f.DB.ReportFacts(ctx, f.Workspace.ID, store.FactsFilter{Campaigns: cps})
		storetest.Must(t, err)
		if posts != nil || len(all) == 0 || !slices.Equal(withPosts, facts) {
			t.Errorf("NoPosts: %d posts (want none; %d without it), collaborations equal: %t", len(posts), len(all), slices.Equal(withPosts, facts))
		}
		raw, err := f.DB.RawReportFacts(ctx, f.Workspace.ID, cps)
		storetest.Must(t, err)
		if len(raw) != len(facts) {
			t.Fatalf("%d raw collaborations, %d from the rollups", len(raw), len(facts))
		}
		var clicks, orders, revenue, newCustomers int64
		for i := range facts {
			// The raw facts leave out what the dashboard does not read.
			want := facts[i]
			want.Followers, want.Variant = 0, ""
			if raw[i] != want {
				t.Errorf("collaboration %d:\nrollups %+v\nraw     %+v", facts[i].ID, facts[i], raw[i])
			}
			clicks += raw[i].Clicks
			orders += raw[i].Orders
			revenue += raw[i].Revenue
			newCustomers += raw[i].NewCustomers
		}
		if clicks < 1000 || orders < 50 || revenue <= 0 || newCustomers <= 0 {
			t.Errorf("world too small to test anything: %d human clicks, %d orders, %d revenue, %d new customers", clicks, orders, revenue, newCustomers)
		}
		if none, err := f.DB.RawReportFacts(ctx, f.Workspace.ID, nil); err != nil || len(none) != 0 {
			t.Errorf("no campaigns: %v, %v", none, err)
		}
	})
}

// BenchmarkCampaignReport and BenchmarkCampaignReportRaw compute the same
// figures from the rollups and from the raw rows; their ratio is what the
// rollups save (it grows with the traffic: bench/reports.sh measures it at
// 10 million clicks).
func BenchmarkCampaignReport(b *testing.B) {
	f := storetest.New(b)
	cps := simWorkspace(b, f, 10)
	b.ResetTimer()
	for i := range b.N {
		if _, err := f.DB.CampaignReport(context.Background(), f.Workspace.ID, cps[i%len(cps)], "default"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCampaignReportRaw(b *testing.B) {
	f := storetest.New(b)
	cps := simWorkspace(b, f, 10)
	b.ResetTimer()
	for i := range b.N {
		if _, err := f.DB.RawCampaignFigures(context.Background(), f.Workspace.ID, cps[i%len(cps)]); err != nil {
			b.Fatal(err)
		}
	}
}
