package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/analytics"
	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// BenchmarkReportFacts reads a year-long campaign of 300 collaborations,
// each with a link clicked every day and credit on every day (109,500
// click_days and 109,500 credit_days rows), and three posts with ten
// snapshots each: the shape of a busy workspace's report. "facts" is the
// report's tables, "days" its daily series.
func BenchmarkReportFacts(b *testing.B) {
	f := storetest.New(b)
	ctx := context.Background()
	ws := f.Workspace.ID
	start := time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	var campaignID int64
	storetest.Must(b, f.DB.Tx(ctx, func(tx *store.Tx) error {
		cp := campaigns.Campaign{Name: "Year", Slug: "year", Currency: "USD", Goal: "sales", Status: "active"}
		if err := tx.CreateCampaign(ctx, ws, &cp); err != nil {
			return err
		}
		campaignID = cp.ID
		var days, credit, snaps [][]any
		for i := range 300 {
			fl := int64(1000 * (i + 1))
			cr := creators.Creator{Name: fmt.Sprint("c", i), Accounts: []creators.Account{{Platform: "instagram", Handle: fmt.Sprint("h", i), Followers: &fl}}}
			if err := tx.CreateCreator(ctx, ws, &cr); err != nil {
				return err
			}
			k := campaigns.Collaboration{CampaignID: cp.ID, CreatorID: cr.ID, Status: campaigns.Live, FeeMinor: 10000}
			if err := tx.CreateCollaboration(ctx, ws, &k); err != nil {
				return err
			}
			l := store.Link{CollaborationID: k.ID, Slug: fmt.Sprint("bench", i), Destination: "https://shop.test/"}
			if err := tx.CreateLink(ctx, ws, &l); err != nil {
				return err
			}
			for d := range 365 {
				day := start.AddDate(0, 0, d).Unix()
				days = append(days, []any{ws, l.ID, day, int64(d%17 + 1), int64(d % 3)})
				credit = append(credit, []any{ws, k.ID, day, "default", "USD", float64(d % 2), int64(d%2) * 4500, 0.0})
			}
			for j := range 3 {
				p := store.Post{CollaborationID: &k.ID, Platform: "instagram", PublishedAt: start.AddDate(0, 0, j*100)}
				if err := tx.CreatePost(ctx, ws, &p); err != nil {
					return err
				}
				for s := range 10 {
					snaps = append(snaps, []any{ws, p.ID, p.PublishedAt.Add(time.Duration(s) * 24 * time.Hour).Unix(), int64(s * 100), int64(s * 300), nil,
						int64(s * 10), nil, nil, nil, nil, nil, nil})
				}
			}
		}
		if err := tx.BulkInsert(ctx, "click_days", []string{"workspace_id", "link_id", "day", "humans", "bots"}, days); err != nil {
			return err
		}
		if err := tx.BulkInsert(ctx, "credit_days", []string{"workspace_id", "collaboration_id", "day", "model", "currency", "conversions",
			"revenue_minor", "new_customers"}, credit); err != nil {
			return err
		}
		return tx.BulkInsert(ctx, "post_snapshots", []string{"workspace_id", "post_id", "at", "views", "impressions", "reach", "likes",
			"comments", "saves", "shares", "watch_time_s", "completion_rate", "link_clicks"}, snaps)
	}))
	filter := store.FactsFilter{CampaignID: campaignID}
	b.Run("facts", func(b *testing.B) {
		for b.Loop() {
			ks, posts, err := f.DB.ReportFacts(ctx, ws, filter)
			if err != nil || len(ks) != 300 || len(posts) != 900 {
				b.Fatalf("%d collaborations, %d posts, %v", len(ks), len(posts), err)
			}
			analytics.Build(analytics.Input{Currency: "USD", MarginBps: 6000, Collaborations: ks, Posts: posts})
		}
	})
	b.Run("days", func(b *testing.B) {
		for b.Loop() {
			days, err := f.DB.ReportDayTotals(ctx, ws, filter)
			if err != nil || len(days) != 365 {
				b.Fatalf("%d days, %v", len(days), err)
			}
		}
	})
}
