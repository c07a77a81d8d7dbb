package web

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/analytics"
	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/conversions"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func i64p(v int64) *int64 { return &v }

// analyticsWorld is a campaign with two variants: Ana (8,000 followers,
// variant A, fee 200.00 + seeding 20.00 + 10% commission, code ANA10 with
// orders of 50.00 and 70.00, 5 human clicks, a post with 1,000 impressions
// and 400 interactions) and Ben (20,000 followers, variant B, fee 50.00,
// 1 human click, no orders, a post with 500 impressions and none).
type analyticsWorld struct {
	campaign, ana, ben, post int64
}

func buildAnalyticsWorld(t *testing.T, f *storetest.Fixture) analyticsWorld {
	t.Helper()
	ctx := context.Background()
	ws := f.Workspace.ID
	day := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	var w analyticsWorld
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
		ana := creators.Creator{Name: "Ana", Accounts: []creators.Account{{Platform: "instagram", Handle: "ana_a", Followers: i64p(8000)}}}
		ben := creators.Creator{Name: "Ben", Accounts: []creators.Account{{Platform: "instagram", Handle: "ben_b", Followers: i64p(20000)}}}
		for _, c := range []*creators.Creator{&ana, &ben} {
			if err := tx.CreateCreator(ctx, ws, c); err != nil {
				return err
			}
		}
		cp := campaigns.Campaign{Name: "Spring", Slug: "spring-report", Currency: "USD", Goal: "sales", Status: "active", BudgetMinor: 100000}
		if err := tx.CreateCampaign(ctx, ws, &cp); err != nil {
			return err
		}
		va := campaigns.Variant{CampaignID: cp.ID, Name: "Hook A", Kind: "hook"}
		vb := campaigns.Variant{CampaignID: cp.ID, Name: "Hook B", Kind: "hook"}
		for _, v := range []*campaigns.Variant{&va, &vb} {
			if err := tx.CreateVariant(ctx, ws, v); err != nil {
				return err
			}
		}
		ka := campaigns.Collaboration{CampaignID: cp.ID, CreatorID: ana.ID, VariantID: &va.ID, Status: campaigns.Prospect,
			FeeMinor: 20000, SeedingMinor: 2000, CommissionBps: 1000}
		kb := campaigns.Collaboration{CampaignID: cp.ID, CreatorID: ben.ID, VariantID: &vb.ID, Status: campaigns.Prospect, FeeMinor: 5000}
		for _, k := range []*campaigns.Collaboration{&ka, &kb} {
			if err := tx.CreateCollaboration(ctx, ws, k); err != nil {
				return err
			}
		}
		var clicks []store.Click
		for i, k := range []int64{ka.ID, kb.ID} {
			l := store.Link{CollaborationID: k, Slug: fmt.Sprintf("rep%d-%d", ws, i), Destination: "https://shop.test/"}
			if err := tx.CreateLink(ctx, ws, &l); err != nil {
				return err
			}
			n := []int{5, 1}[i]
			for j := range n {
				clicks = append(clicks, store.Click{WorkspaceID: ws, LinkID: l.ID, ClickID: fmt.Sprintf("rc%d-%d-%d", ws, i, j), At: day.Unix() + 3600})
			}
		}
		if err := tx.InsertClicks(ctx, clicks); err != nil {
			return err
		}
		if err := tx.CreateDiscountCode(ctx, ws, &store.DiscountCode{CollaborationID: ka.ID, Code: "ANA10"}); err != nil {
			return err
		}
		for i, total := range []int64{5000, 7000} {
			o := conversions.Order{Provider: conversions.ProviderShopify, ExternalID: fmt.Sprint("ro", i), Time: day.Add(30 * time.Hour),
				Currency: "USD", Total: total, DiscountCodes: []string{"ANA10"}, Customer: conversions.Customer{Status: conversions.CustomerNew}}
			if _, err := tx.RecordEvent(ctx, f.Workspace, conversions.Event{Kind: conversions.KindOrderCreated, Provider: o.Provider, Order: &o}); err != nil {
				return err
			}
		}
		p := store.Post{CollaborationID: &ka.ID, Platform: "instagram", PublishedAt: day}
		if err := tx.CreatePost(ctx, ws, &p); err != nil {
			return err
		}
		pb := store.Post{CollaborationID: &kb.ID, Platform: "instagram", PublishedAt: day}
		if err := tx.CreatePost(ctx, ws, &pb); err != nil {
			return err
		}
		w = analyticsWorld{campaign: cp.ID, ana: ka.ID, ben: kb.ID, post: p.ID}
		return tx.AddSnapshots(ctx, ws, []analytics.Snapshot{{PostID: p.ID, At: day.Add(26 * time.Hour), Impressions: i64p(1000), Likes: i64p(300),
			Comments: i64p(60), Saves: i64p(20), Shares: i64p(20)}, {PostID: pb.ID, At: day.Add(26 * time.Hour), Impressions: i64p(500)}})
	}))
	return w
}

func TestCampaignAnalytics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		a := newApp(t, f)
		w := buildAnalyticsWorld(t, f)
		var out struct {
			Report analytics.Report
			Series []dayTotal
			Funnel map[string]int64
		}
		a.json("viewer", "GET", fmt.Sprintf("/api/v1/campaigns/%d/analytics", w.campaign), "", http.StatusOK, &out)
		tot := out.Report.Total
		// Cost: Ana 20,000 + 2,000 + 10% of 12,000 = 23,200; Ben 5,000; 28,200.
		// CPA 28,200 / 2 = 14,100; ROAS 12,000 / 28,200; ROI (7,200 - 28,200) / 28,200.
		// ER 400 interactions / (8,000 + 20,000) followers; CTR 6 / 1,500.
		if tot.Cost != 28200 || tot.Orders != 2 || tot.Revenue != 12000 || tot.Clicks != 6 || tot.NewCustomers != 2 {
			t.Fatalf("total = %+v", tot.Totals)
		}
		m := tot.Metrics
		for name, c := range map[string]struct {
			r    analytics.Ratio
			want float64
		}{"CPA": {m.CPA, 14100}, "ROAS": {m.ROAS, 12000.0 / 28200}, "ROI": {m.ROI, -21000.0 / 28200}, "ER": {m.ER, 400.0 / 28000},
			"CTR": {m.CTR, 0.004}, "CPC": {m.CPC, 4700}} {
			if !c.r.OK || math.Abs(c.r.V-c.want) > 1e-9 {
				t.Errorf("%s = %v, want %v", name, c.r, c.want)
			}
		}
		if len(out.Report.Tiers) != 2 || out.Report.Tiers[0].Key != "nano" || out.Report.Tiers[1].Key != "micro" || len(out.Report.TierComparison) != 2 {
			t.Errorf("tiers = %+v", out.Report.Tiers)
		}
		if len(out.Series) != 2 || out.Series[0].Clicks != 6 || out.Series[1].Orders != 2 || out.Series[1].Revenue != 12000 {
			t.Errorf("series = %+v", out.Series)
		}
		if out.Funnel["views"] != 1500 || out.Funnel["clicks"] != 6 || out.Funnel["orders"] != 2 {
			t.Errorf("funnel = %v", out.Funnel)
		}

		rec := a.do("viewer", "GET", fmt.Sprintf("/campaigns/%d/report.csv?table=collaborations", w.campaign), "", "")
		lines := strings.Split(strings.TrimSpace(rec.Body.String()), "\n")
		if rec.Code != http.StatusOK || len(lines) != 3 || !strings.HasPrefix(lines[1], fmt.Sprintf("%d,Ana,nano,USD,", w.ana)) ||
			!strings.Contains(lines[1], ",23200,") {
			t.Errorf("CSV: %d %q", rec.Code, lines)
		}
		// Days: Ana's 5 clicks and Ben's 1 on day 1, Ana's 2 orders on day 2.
		rec = a.do("viewer", "GET", fmt.Sprintf("/campaigns/%d/report.csv?table=days", w.campaign), "", "")
		if lines := strings.Split(strings.TrimSpace(rec.Body.String()), "\n"); len(lines) != 4 ||
			lines[1] != fmt.Sprintf("2026-11-02,%d,Ana,5,0,0,USD", w.ana) || lines[3] != fmt.Sprintf("2026-11-03,%d,Ana,0,2,12000,USD", w.ana) {
			t.Errorf("days CSV: %q", lines)
		}
		if rec := a.do("viewer", "GET", fmt.Sprintf("/campaigns/%d/report.csv?table=nope", w.campaign), "", ""); rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("bad table: %d", rec.Code)
		}
		page := a.do("viewer", "GET", fmt.Sprintf("/campaigns/%d/report", w.campaign), "", "")
		body := page.Body.String()
		for _, id := range []string{"ts-clicks", "ts-revenue", "ts-creators", "ts-creators-rev", "funnel", "tiers-rates", "tiers-cpa"} {
			if !strings.Contains(body, `id="`+id) {
				t.Errorf("report page has no chart %s", id)
			}
		}
		if page.Code != http.StatusOK || !strings.Contains(body, "Orders per click") || !strings.Contains(body, "141.00 USD") {
			t.Errorf("report page: %d %s", page.Code, trim(body))
		}

		var ex experimentView
		a.json("viewer", "GET", fmt.Sprintf("/api/v1/campaigns/%d/experiment", w.campaign), "", http.StatusOK, &ex)
		// CTR: 5 of 1,000 against 1 of 500; orders per click: 2 of 5 against 0 of 1.
		if len(ex.Comparisons) != 3 || ex.Comparisons[0].Metric != "CTR" || ex.Comparisons[0].Arms[1].Trials != 500 ||
			ex.Comparisons[1].Arms[0].Trials != 5 || ex.Comparisons[1].Arms[0].Successes != 2 || ex.Comparisons[2].Leader != "Hook A" {
			t.Errorf("experiment = %+v", ex)
		}
		var rv recsView
		a.json("viewer", "GET", fmt.Sprintf("/api/v1/campaigns/%d/recommendations", w.campaign), "", http.StatusOK, &rv)
		// The next budget is what is left: 100,000 - 28,200.
		if len(rv.Creators) != 2 || rv.Budget != 71800 || rv.Currency != "USD" {
			t.Errorf("recommendations = %+v", rv)
		}
		// The dashboard lists the same scale and pause decisions.
		dash := a.do("viewer", "GET", "/", "", "").Body.String()
		listed := 0
		for _, rc := range rv.Creators {
			if rc.Action != "keep" {
				listed++
				if !strings.Contains(dash, rc.Name+": "+rc.Reason) {
					t.Errorf("dashboard misses %s (%s)", rc.Name, rc.Action)
				}
			}
		}
		if (listed > 0) != strings.Contains(dash, "Scale or pause") {
			t.Errorf("dashboard attention list with %d decisions: %v", listed, strings.Contains(dash, "Scale or pause"))
		}
		a.json("other", "GET", fmt.Sprintf("/api/v1/campaigns/%d/analytics", w.campaign), "", http.StatusNotFound, nil)
	})
}

func TestPostMetricsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		a := newApp(t, f)
		w := buildAnalyticsWorld(t, f)
		var p store.Post
		a.json("member", "POST", "/api/v1/posts", fmt.Sprintf(`{"collaboration_id": %d, "platform": "Instagram", "url": "https://instagram.test/p/9",
			"published_at": "2026-11-03T10:00:00Z"}`, w.ben), http.StatusCreated, &p)
		if p.ID == 0 || p.Platform != "instagram" {
			t.Fatalf("post = %+v", p)
		}
		a.json("member", "POST", "/api/v1/posts", `{"platform": "instagram"}`, http.StatusUnprocessableEntity, nil)

		path := fmt.Sprintf("/api/v1/posts/%d/snapshots", p.ID)
		rec := a.do("member", "POST", path, "application/json", `{"snapshots": [{"at": "2026-11-03T12:00:00Z", "likes": -1, "completion_rate": 2}]}`)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "snapshots[0].likes") ||
			!strings.Contains(rec.Body.String(), "snapshots[0].completion_rate") {
			t.Errorf("bad snapshot: %d %s", rec.Code, rec.Body)
		}
		a.json("member", "POST", path, `{"snapshots": [{"at": "2026-11-03T12:00:00Z", "views": 900, "likes": 90}]}`, http.StatusCreated, nil)
		a.json("other", "POST", path, `{"snapshots": [{"at": "2026-11-03T12:00:00Z", "likes": 1}]}`, http.StatusNotFound, nil)

		// CSV: one bad line stores nothing, and names its line.
		csvBody := "post_id,at,likes\n" + fmt.Sprintf("%d,2026-11-04,120\n%d,2026-11-05,lots\n", p.ID, p.ID)
		rec = a.do("member", "POST", "/api/v1/snapshots", "text/csv", csvBody)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "line 3: likes") {
			t.Errorf("bad CSV: %d %s", rec.Code, rec.Body)
		}
		// A post of another workspace in the file stores nothing either.
		rec = a.do("other", "POST", "/api/v1/snapshots", "text/csv", "post_id,at,likes\n"+fmt.Sprintf("%d,2026-11-04,1\n", p.ID))
		if rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("other workspace's post in CSV: %d %s", rec.Code, rec.Body)
		}
		form := url.Values{"csv": {"post_id,at,likes\n" + fmt.Sprintf("%d,2026-11-04,120\n", p.ID)}}
		if rec := a.do("member", "POST", "/snapshots/upload", "application/x-www-form-urlencoded", form.Encode()); rec.Code != http.StatusSeeOther {
			t.Errorf("form upload: %d %s", rec.Code, trim(rec.Body.String()))
		}
		var got struct{ Snapshots []analytics.Snapshot }
		a.json("viewer", "GET", fmt.Sprintf("/api/v1/posts/%d", p.ID), "", http.StatusOK, &got)
		if len(got.Snapshots) != 2 || *got.Snapshots[0].Likes != 90 || *got.Snapshots[1].Likes != 120 {
			t.Errorf("snapshots = %+v", got.Snapshots)
		}
		page := a.do("viewer", "GET", fmt.Sprintf("/posts/%d", p.ID), "", "")
		if page.Code != http.StatusOK || strings.Count(page.Body.String(), "<svg") != 2 {
			t.Errorf("post page: %d", page.Code)
		}
	})
}

func TestPlanAndPartners(t *testing.T) {
	a := newApp(t, storetest.New(t))
	buildAnalyticsWorld(t, a.f)
	var pv planView
	a.json("viewer", "GET", "/api/v1/plan?budget=5000&goal=conversions", "", http.StatusOK, &pv)
	// 5,000.00 USD is 500,000 cents; the planner never spends more.
	if pv.Budget != 500000 || pv.Plan == nil || pv.Plan.Spend > 500000 || len(pv.Plan.Tiers) == 0 {
		t.Errorf("plan = %+v", pv)
	}
	a.json("viewer", "GET", "/api/v1/plan?budget=abc", "", http.StatusUnprocessableEntity, nil)
	if rec := a.do("viewer", "GET", "/plan?budget=5000", "", ""); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Total") {
		t.Errorf("plan page: %d", rec.Code)
	}
	var ps struct{ Partners []partnerView }
	a.json("viewer", "GET", "/api/v1/partners", "", http.StatusOK, &ps)
	if len(ps.Partners) != 2 {
		t.Errorf("partners = %+v", ps)
	}
	if rec := a.do("viewer", "GET", "/partners", "", ""); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Ana") {
		t.Errorf("partners page: %d", rec.Code)
	}
}

func TestIncrementalityAndHoldouts(t *testing.T) {
	f := storetest.New(t)
	a := newApp(t, f)
	w := buildAnalyticsWorld(t, f)
	// The campaign starts on the day of the clicks and is looked at three
	// days later; the eight weeks before had no orders.
	start := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	f.DB.SetClock(func() time.Time { return start.Add(72 * time.Hour) })
	var v incrementalityView
	path := fmt.Sprintf("/api/v1/campaigns/%d/incrementality", w.campaign)
	a.json("viewer", "GET", path, "", http.StatusOK, &v)
	// No start date yet: attributed figures only (28,200 / 2 orders).
	if v.PrePost != nil || v.AttributedOrders != 2 || v.AttributedCPA == nil || *v.AttributedCPA != 14100 || len(v.Notes) != 1 {
		t.Errorf("without a start = %+v", v)
	}
	a.json("member", "PATCH", fmt.Sprintf("/api/v1/campaigns/%d", w.campaign), `{"starts_at": "2026-11-02T00:00:00Z"}`, http.StatusOK, nil)
	a.json("viewer", "GET", path, "", http.StatusOK, &v)
	// 56 days of 0 orders, then 0, 2, 0 (the third day up to now): the
	// baseline forecasts 0, so all 2 orders are incremental.
	if v.PrePost == nil || v.PrePost.Actual != 2 || math.Abs(v.PrePost.Forecast) > 1e-9 || math.Abs(v.PrePost.Incremental-2) > 1e-9 {
		t.Errorf("pre/post = %+v (notes %v)", v.PrePost, v.Notes)
	}

	var hs struct{ Regions []string }
	a.json("member", "PUT", fmt.Sprintf("/api/v1/campaigns/%d/holdouts", w.campaign), `{"regions": [" nz", "IE"]}`, http.StatusOK, &hs)
	if len(hs.Regions) != 2 || hs.Regions[0] != "IE" || hs.Regions[1] != "NZ" {
		t.Errorf("holdouts = %v", hs.Regions)
	}
	a.json("member", "PUT", fmt.Sprintf("/api/v1/campaigns/%d/holdouts", w.campaign), `{"regions": [""]}`, http.StatusUnprocessableEntity, nil)
	a.json("other", "PUT", fmt.Sprintf("/api/v1/campaigns/%d/holdouts", w.campaign), `{"regions": ["FR"]}`, http.StatusNotFound, nil)
	if rec := a.do("member", "POST", fmt.Sprintf("/campaigns/%d/holdouts", w.campaign), "application/x-www-form-urlencoded", "regions=GB%2C+US"); rec.Code != http.StatusSeeOther {
		t.Errorf("holdouts form: %d", rec.Code)
	}
	page := a.do("viewer", "GET", fmt.Sprintf("/campaigns/%d/report", w.campaign), "", "")
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "GB, US") || !strings.Contains(page.Body.String(), "incremental orders") {
		t.Errorf("report page: %d", page.Code)
	}
}

func TestSurround(t *testing.T) {
	f := storetest.New(t)
	a := newApp(t, f)
	w := buildAnalyticsWorld(t, f)
	f.DB.SetClock(func() time.Time { return time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC) })
	a.json("member", "PATCH", fmt.Sprintf("/api/v1/campaigns/%d", w.campaign), `{"starts_at": "2026-11-01T00:00:00Z",
		"brief": {"product": "Glow", "hashtags": ["#glowup"], "keywords": ["serum"], "competitors": ["Lumina"]}}`, http.StatusOK, nil)
	var p store.Post
	a.json("member", "POST", "/api/v1/posts", fmt.Sprintf(`{"collaboration_id": %d, "platform": "instagram",
		"caption": "My #GlowUp serum beats Lumina", "published_at": "2026-11-04T10:00:00Z"}`, w.ana), http.StatusCreated, &p)
	a.json("member", "POST", fmt.Sprintf("/api/v1/posts/%d/snapshots", p.ID),
		`{"snapshots": [{"at": "2026-11-05T00:00:00Z", "reach": 5000, "likes": 100}]}`, http.StatusCreated, nil)
	var v surroundView
	a.json("viewer", "GET", fmt.Sprintf("/api/v1/campaigns/%d/surround", w.campaign), "", http.StatusOK, &v)
	// Week of Monday 2 November: Ana's largest audience is her 8,000
	// followers (her first post reports no reach), Ben's 20,000.
	if len(v.Weeks) != 1 || v.Weeks[0].Creators != 2 || v.Weeks[0].Posts != 3 || v.Weeks[0].CombinedReach != 28000 || v.Weeks[0].UniqueReach != 28000 {
		t.Errorf("weeks = %+v", v.Weeks)
	}
	if len(v.Coverage) != 2 || v.Coverage[0] != (analytics.Coverage{Term: "#glowup", Posts: 1, Creators: 1}) || v.Coverage[1].Posts != 1 {
		t.Errorf("coverage = %+v", v.Coverage)
	}
	// One post names both Glow and Lumina: half the voice each.
	if len(v.Voices) != 2 || v.Voices[0].Name != "Glow" || v.Voices[0].Posts != 1 || v.Voices[0].PostShare.V != 0.5 || v.Voices[1].Engagements != 100 {
		t.Errorf("voices = %+v", v.Voices)
	}
	if len(v.Journeys) != 1 || v.Journeys[0].Orders != 2 {
		t.Errorf("journeys = %+v", v.Journeys)
	}
	page := a.do("viewer", "GET", fmt.Sprintf("/campaigns/%d/surround", w.campaign), "", "")
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "<svg") || !strings.Contains(page.Body.String(), "50.0%") {
		t.Errorf("surround page: %d %s", page.Code, trim(page.Body.String()))
	}
}

func TestDashboardAttention(t *testing.T) {
	f := storetest.New(t)
	a := newApp(t, f)
	ctx := context.Background()
	ws := f.Workspace.ID
	day := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	// Cheap Cora brings 30 orders for 100.00; dear Dan none for 3,000.00.
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
		cp := campaigns.Campaign{Name: "Autumn", Slug: "autumn", Currency: "USD", Goal: "sales", Status: "active"}
		if err := tx.CreateCampaign(ctx, ws, &cp); err != nil {
			return err
		}
		for i, fee := range []int64{10000, 300000} {
			cr := creators.Creator{Name: []string{"Cora", "Dan"}[i]}
			if err := tx.CreateCreator(ctx, ws, &cr); err != nil {
				return err
			}
			k := campaigns.Collaboration{CampaignID: cp.ID, CreatorID: cr.ID, Status: campaigns.Prospect, FeeMinor: fee}
			if err := tx.CreateCollaboration(ctx, ws, &k); err != nil {
				return err
			}
			if i == 1 {
				continue
			}
			if err := tx.CreateDiscountCode(ctx, ws, &store.DiscountCode{CollaborationID: k.ID, Code: "CORA"}); err != nil {
				return err
			}
			for j := range 30 {
				o := conversions.Order{Provider: conversions.ProviderShopify, ExternalID: fmt.Sprint("att", j), Time: day,
					Currency: "USD", Total: 4000, DiscountCodes: []string{"CORA"}}
				if _, err := tx.RecordEvent(ctx, f.Workspace, conversions.Event{Kind: conversions.KindOrderCreated, Provider: o.Provider, Order: &o}); err != nil {
					return err
				}
			}
		}
		return nil
	}))
	var rv recsView
	var id int64
	cps, err := f.DB.Campaigns(ctx, ws)
	storetest.Must(t, err)
	for _, cp := range cps {
		if cp.Slug == "autumn" {
			id = cp.ID
		}
	}
	a.json("viewer", "GET", fmt.Sprintf("/api/v1/campaigns/%d/recommendations", id), "", http.StatusOK, &rv)
	actions := map[string]string{}
	for _, rc := range rv.Creators {
		actions[rc.Name] = rc.Action
	}
	if actions["Dan"] != "pause" {
		t.Fatalf("recommendations = %+v", rv.Creators)
	}
	dash := a.do("viewer", "GET", "/", "", "").Body.String()
	if !strings.Contains(dash, "Scale or pause") || !strings.Contains(dash, "Dan: ") || strings.Contains(dash, "Cora: keep") {
		t.Errorf("dashboard: %s", trim(dash[strings.Index(dash, "<main"):]))
	}
}
