package web

import (
	"math"
	"strings"
	"testing"

	"github.com/chorushq/chorus/internal/analytics"
	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func TestDashboardFigures(t *testing.T) {
	ws := &store.Workspace{Currency: "USD", GrossMarginBps: 6000}
	cps := []campaigns.Campaign{
		{ID: 1, Name: "Autumn", Status: "active", Currency: "USD"},
		{ID: 2, Name: "Herbst", Status: "active", Currency: "EUR"},
		{ID: 3, Name: "Summer", Status: "completed", Currency: "USD"},
	}
	ks := []analytics.Collaboration{
		// Cora: fee 100.00 + 10% commission on 1,200.00 = 220.00.
		{ID: 11, CampaignID: 1, CreatorID: 1, Creator: "Cora", Terms: analytics.Terms{FeeMinor: 10000, CommissionBps: 1000},
			Clicks: 500, Orders: 30, Revenue: 120000},
		// Dan: fee 3,000.00, nothing sold.
		{ID: 12, CampaignID: 1, CreatorID: 2, Creator: "Dan", Terms: analytics.Terms{FeeMinor: 300000}, Clicks: 800},
		// Eva sells in euros: active, but not added to dollars.
		{ID: 21, CampaignID: 2, CreatorID: 3, Creator: "Eva", Terms: analytics.Terms{FeeMinor: 5000}, Clicks: 100, Orders: 2, Revenue: 8000},
		// A completed campaign counts nowhere.
		{ID: 31, CampaignID: 3, CreatorID: 1, Creator: "Cora", Terms: analytics.Terms{FeeMinor: 1}, Clicks: 9999, Orders: 99, Revenue: 999999},
	}
	d := Dashboard(ws, cps, ks)
	// Autumn only: spend 22,000 + 300,000 = 322,000 cents, revenue 120,000,
	// 30 orders, 1,300 clicks, ROAS 120,000 / 322,000 = 0.372671.
	if d.Currency != "USD" || d.ActiveCampaigns != 2 || d.Spend != 322000 || d.Revenue != 120000 || d.Orders != 30 || d.Clicks != 1300 ||
		!d.ROAS.OK || math.Abs(d.ROAS.V-0.372671) > 1e-6 || d.ROASText() != "0.37×" {
		t.Errorf("totals %+v", d)
	}
	// Autumn's target is its own CPA, 322,000 / 30 = 10,733 cents. Exposure
	// unit 10,000 cents; pooled 0.9317 orders and 40.37 clicks a unit.
	// Dan: prior mean 0.9317·801/(40.37·30 + 1) = 0.6157, posterior
	// Gamma(2, 2/0.6157 + 30 = 33.25); its 97.5% quantile 5.5716/33.25 =
	// 0.1676 puts his CPA above 59,676 > 10,733, and he is never the best
	// arm against Cora's Gamma(32, 2.585): pause. Cora: P(λ > 0.9317) ≈ 1
	// and the whole share: scale. Herbst's only creator, Eva: Gamma(4, 1),
	// P(λ > 4) = P(Poisson(4) ≤ 3) = 0.4335 < 0.9: keep, not listed.
	got := map[string]string{}
	for _, a := range d.Attention {
		if a.CampaignID != 1 || a.Campaign != "Autumn" {
			t.Errorf("attention item of campaign %d %q", a.CampaignID, a.Campaign)
		}
		got[a.Rec.Name] = a.Rec.Action
	}
	if len(got) != 2 || got["Cora"] != "scale" || got["Dan"] != "pause" {
		t.Errorf("attention %+v", d.Attention)
	}

	if e := Dashboard(ws, cps[2:], nil); e.ActiveCampaigns != 0 || e.Spend != 0 || e.ROAS.OK || len(e.Attention) != 0 {
		t.Errorf("no active campaign: %+v", e)
	}
}

// TestDashboardPageFigures: the page shows the active campaigns' totals
// read from the rollups (an active campaign with nothing spent shows a ROAS
// of n/a rather than a division by zero), and the pipeline and campaign
// table from the collaborations' tallies.
func TestDashboardPageFigures(t *testing.T) {
	f := storetest.New(t)
	a := newApp(t, f)
	storetest.Must(t, f.DB.Tx(t.Context(), func(tx *store.Tx) error {
		cp := campaigns.Campaign{Name: "Quiet", Slug: "quiet", Currency: "EUR", Goal: "sales", Status: "active"}
		if err := tx.CreateCampaign(t.Context(), f.Workspace.ID, &cp); err != nil {
			return err
		}
		// Live Lia is committed (100.00 + 23.45 seeding), Pia the prospect
		// (5.00) is not: the campaign has 2 collaborations, 123.45 committed.
		for _, k := range []struct {
			name    string
			status  campaigns.Status
			fee, sd int64
		}{{"Lia", campaigns.Live, 10000, 2345}, {"Pia", campaigns.Prospect, 500, 0}} {
			cr := creators.Creator{Name: k.name}
			if err := tx.CreateCreator(t.Context(), f.Workspace.ID, &cr); err != nil {
				return err
			}
			c := campaigns.Collaboration{CampaignID: cp.ID, CreatorID: cr.ID, Status: k.status, FeeMinor: k.fee, SeedingMinor: k.sd}
			if err := tx.CreateCollaboration(t.Context(), f.Workspace.ID, &c); err != nil {
				return err
			}
		}
		return nil
	}))
	body := a.do("viewer", "GET", "/", "", "").Body.String()
	for _, want := range []string{`data-testid="active-campaigns">1<`, `data-testid="active-orders">0<`, `data-testid="active-roas">n/a<`,
		`<td class="n">2</td>`, `123.45`, `<span class="k">Live</span> <span class="v">1</span>`, `<span class="k">Prospect</span> <span class="v">1</span>`} {
		if !strings.Contains(body, want) {
			t.Errorf("dashboard lacks %s", want)
		}
	}
}

// BenchmarkDashboard is the dashboard's arithmetic and recommendations for
// 13 active campaigns of 34 creators, as in the reports benchmark's world
// (the facts are in memory: the store's part is timed by bench reports).
func BenchmarkDashboard(b *testing.B) {
	ws := &store.Workspace{Currency: "EUR", GrossMarginBps: 6000}
	var cps []campaigns.Campaign
	var ks []analytics.Collaboration
	for c := range int64(13) {
		cps = append(cps, campaigns.Campaign{ID: c + 1, Name: "c", Status: "active", Currency: "EUR", BudgetMinor: 10_000_000})
		for i := range int64(34) {
			// Fees from 500.00 to 2,150.00, a conversion rate that varies
			// threefold between creators.
			fee := 50_000 + 5_000*i
			orders := fee / 1_000 * (1 + (i*7+c)%3) / 2
			ks = append(ks, analytics.Collaboration{ID: c*100 + i, CampaignID: c + 1, CreatorID: i, Creator: "k",
				Terms: analytics.Terms{FeeMinor: fee}, Clicks: 40 * orders, Orders: orders, Revenue: 5_000 * orders})
		}
	}
	for b.Loop() {
		if d := Dashboard(ws, cps, ks); d.ActiveCampaigns != 13 {
			b.Fatal(d.ActiveCampaigns)
		}
	}
}
