package analytics

import (
	"bytes"
	"encoding/csv"
	"math"
	"testing"
	"time"
)

// reportInput is two collaborations and three posts, the third of a
// collaboration outside the report.
func reportInput() Input {
	day := time.Date(2026, 11, 2, 15, 0, 0, 0, time.UTC)
	return Input{Currency: "USD", MarginBps: 6000,
		Collaborations: []Collaboration{
			// micro (50,000 followers), no variant: cost 80,000 + 10,000 = 90,000
			{ID: 2, CreatorID: 11, Creator: "Ben", Followers: 50000,
				Terms:  Terms{FeeMinor: 80000, AmplificationMinor: 10000},
				Clicks: 300, Orders: 5, NewCustomers: 5, Revenue: 30000},
			// nano (8,000): 20,000 + 2,000 + 10% of 50,000 = 27,000
			{ID: 1, CreatorID: 10, Creator: "Ana", VariantID: 100, Variant: "Hook A", Followers: 8000,
				Terms:  Terms{FeeMinor: 20000, SeedingMinor: 2000, CommissionBps: 1000},
				Clicks: 200, Orders: 10, NewCustomers: 6, Revenue: 50000},
		},
		Posts: []Post{
			{ID: 7, CollaborationID: 1, Platform: "instagram", PublishedAt: day, Followers: 8000, Views: 4000, Impressions: 10000,
				Reach: 6000, Likes: 400, Comments: 40, Saves: 30, Shares: 30, LinkClicks: 150, Completion: 0.5, HasCompletion: true,
				CommentsClassified: 40, CommentsGenuine: 30},
			{ID: 8, CollaborationID: 2, Platform: "tiktok", PublishedAt: day, Followers: 50000, Impressions: 40000, Reach: 30000,
				Likes: 1500, Comments: 100, Saves: 200, Shares: 200},
			{ID: 9, CollaborationID: 99, Followers: 1, Likes: 1000},
		},
	}
}

func near(r Ratio, want float64) bool { return r.OK && math.Abs(r.V-want) < 1e-6 }

func TestBuildTotal(t *testing.T) {
	rep := Build(reportInput())
	tot := rep.Total
	if tot.Creators != 2 || tot.Collaborations != 2 || tot.Posts != 2 || tot.Cost != 117000 || tot.Clicks != 500 ||
		tot.Orders != 15 || tot.Revenue != 80000 || tot.NewCustomers != 11 || tot.Engagements() != 2500 {
		t.Fatalf("total = %+v", tot.Totals)
	}
	m := tot.Metrics
	checks := []struct {
		name string
		r    Ratio
		want float64
	}{
		{"ER", m.ER, 2500.0 / 58000},       // 0.043103
		{"CTR", m.CTR, 0.01},               // 500 / 50,000
		{"CVR", m.CVR, 0.03},               // 15 / 500
		{"completion", m.Completion, 0.5},  // 0.5 x 4,000 / 4,000
		{"CPM", m.CPM, 2340},               // 117,000 x 1000 / 50,000
		{"CPE", m.CPE, 46.8},               // 117,000 / 2,500
		{"CPC", m.CPC, 234},                // 117,000 / 500
		{"CPA", m.CPA, 7800},               // 117,000 / 15
		{"ROAS", m.ROAS, 80000.0 / 117000}, // 0.683761
		{"ROI", m.ROI, -69000.0 / 117000},  // (48,000 - 117,000) / 117,000
		{"AOV", m.AOV, 80000.0 / 15},       // 5,333.33
		{"ER by views", m.ERByViews, 2500.0 / 4000},
		{"comment quality", m.CommentQuality, 0.75}, // 30 genuine of 40 judged; post 8 has none judged
	}
	for _, c := range checks {
		if !near(c.r, c.want) {
			t.Errorf("total %s = %v, want %v", c.name, c.r, c.want)
		}
	}
}

func TestBuildRows(t *testing.T) {
	rep := Build(reportInput())
	if len(rep.Collaborations) != 2 || rep.Collaborations[1].Key != "1" {
		t.Fatalf("collaborations = %+v", rep.Collaborations)
	}
	ana := rep.Collaborations[1]
	// 500/8,000 = 0.0625; 200/10,000 = 0.02; 27,000/10 = 2,700; 50,000/27,000
	if ana.Tier != "nano" || ana.Cost != 27000 || !near(ana.Metrics.ER, 0.0625) || !near(ana.Metrics.CTR, 0.02) ||
		!near(ana.Metrics.CPA, 2700) || !near(ana.Metrics.ROAS, 50000.0/27000) {
		t.Errorf("Ana = %+v", ana)
	}
	if len(rep.Posts) != 2 {
		t.Fatalf("posts = %+v", rep.Posts)
	}
	p := rep.Posts[0]
	// The post's own link clicks: 150/10,000; no cost of its own.
	if p.Key != "7" || p.Label != "Ana instagram 2026-11-02" || !near(p.Metrics.CTR, 0.015) || p.Metrics.CPA.OK || p.Metrics.CPM.OK {
		t.Errorf("post = %+v", p)
	}
	if len(rep.Variants) != 2 || rep.Variants[0].Label != "(no variant)" || rep.Variants[1].Label != "Hook A" || rep.Variants[1].Orders != 10 {
		t.Errorf("variants = %+v", rep.Variants)
	}
	if len(rep.Tiers) != 2 || rep.Tiers[0].Key != "nano" || rep.Tiers[1].Key != "micro" || rep.Tiers[1].Creators != 1 {
		t.Fatalf("tiers = %+v", rep.Tiers)
	}
	tc := rep.TierComparison[0]
	// nano: CTR 200/10,000 and CPA 27,000/10
	if tc.Tier != "nano" || tc.Creators != 1 || tc.CTR.Value != 0.02 || !(tc.CTR.Low < 0.02 && tc.CTR.High > 0.02) || tc.CPA.Value != 2700 {
		t.Errorf("tier comparison = %+v", tc)
	}
}

func TestBuildEmpty(t *testing.T) {
	rep := Build(Input{Currency: "EUR"})
	if rep.Total.Metrics.CPA.OK || rep.Total.Metrics.ER.OK || len(rep.Tiers) != 0 {
		t.Errorf("empty report = %+v", rep)
	}
}

func TestWriteCSV(t *testing.T) {
	rep := Build(reportInput())
	var b bytes.Buffer
	if err := WriteCSV(&b, rep.Currency, append([]Row{rep.Total}, rep.Posts...)); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil || len(recs) != 4 {
		t.Fatalf("csv: %v %q", err, recs)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	if recs[1][col["cost_minor"]] != "117000" || recs[1][col["cpa_minor"]] != "7800.00" || recs[1][col["currency"]] != "USD" {
		t.Errorf("total line = %q", recs[1])
	}
	if recs[2][col["cost_minor"]] != "n/a" || recs[2][col["cpa_minor"]] != "n/a" || recs[2][col["ctr"]] != "0.015000" {
		t.Errorf("post line = %q", recs[2])
	}
}

func BenchmarkBuild(b *testing.B) {
	// A large campaign: 2,000 collaborations with five posts each.
	in := Input{Currency: "USD", MarginBps: 6000}
	for i := range 2000 {
		in.Collaborations = append(in.Collaborations, Collaboration{ID: int64(i + 1), CreatorID: int64(i + 1), Creator: "c",
			VariantID: int64(i%3 + 1), Followers: int64(i * 700), Terms: Terms{FeeMinor: 10000}, Clicks: 100, Orders: 3, Revenue: 9000})
		for j := range 5 {
			in.Posts = append(in.Posts, Post{ID: int64(i*5 + j), CollaborationID: int64(i + 1), Followers: 1000, Impressions: 5000, Likes: 100})
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		Build(in)
	}
}
