package web

import (
	"context"

	"github.com/chorushq/chorus/internal/analytics"
	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/optimize"
	"github.com/chorushq/chorus/internal/store"
)

// DashboardFigures are the dashboard's figures that come from clicks and
// orders: the totals of the active campaigns in the workspace's currency
// (campaigns in another currency do not add up with them), and the
// creators to scale or pause in every active campaign.
type DashboardFigures struct {
	Currency        string
	ActiveCampaigns int
	Spend           int64 // minor units: the active collaborations' cost so far
	Revenue         int64 // minor units, attributed by the default model
	Orders          int64
	Clicks          int64 // human clicks on tracked links
	ROAS            analytics.Ratio
	Attention       []AttentionItem
}

// ROASText shows the ROAS for the page ("n/a" before any spend).
func (d DashboardFigures) ROASText() string { return timesOf(d.ROAS) }

// AttentionItem is a line of the dashboard's attention list: a creator to
// scale or pause in one campaign.
type AttentionItem struct {
	CampaignID int64
	Campaign   string
	Rec        recView
}

// ActiveCampaigns lists the ids of the active campaigns, whose
// collaborations' facts Dashboard needs.
func ActiveCampaigns(cps []campaigns.Campaign) []int64 {
	var ids []int64
	for _, cp := range cps {
		if cp.Status == "active" {
			ids = append(ids, cp.ID)
		}
	}
	return ids
}

// Dashboard computes the figures from the workspace's campaigns and the
// facts of the active ones' collaborations: read from the rollups
// (store.ReportFacts) on every view, or recomputed from the raw events
// (store.RawReportFacts) by the benchmark that checks both agree. The
// recommendations are the campaign report's (Thompson shares by quadrature,
// deterministic), so equal facts give equal figures.
func Dashboard(ws *store.Workspace, cps []campaigns.Campaign, ks []analytics.Collaboration) DashboardFigures {
	d := DashboardFigures{Currency: ws.Currency}
	byCampaign := map[int64][]analytics.Collaboration{}
	for _, k := range ks {
		byCampaign[k.CampaignID] = append(byCampaign[k.CampaignID], k)
	}
	for i := range cps {
		cp := &cps[i]
		if cp.Status != "active" {
			continue
		}
		d.ActiveCampaigns++
		if len(byCampaign[cp.ID]) == 0 {
			continue
		}
		// Posts are left out: the totals and the recommendations use clicks,
		// orders, revenue and cost only.
		rep := analytics.Build(analytics.Input{Currency: cp.Currency, MarginBps: ws.GrossMarginBps,
			Thresholds: wsTiers(ws), Collaborations: byCampaign[cp.ID]})
		if cp.Currency == ws.Currency {
			d.Spend += rep.Total.Cost
			d.Revenue += rep.Total.Revenue
			d.Orders += rep.Total.Orders
			d.Clicks += rep.Total.Clicks
		}
		rv := recommendations(&campaignReport{Campaign: cp, Report: rep})
		for _, rc := range rv.Creators {
			if rc.Action != string(optimize.Keep) {
				d.Attention = append(d.Attention, AttentionItem{CampaignID: cp.ID, Campaign: cp.Name, Rec: rc})
			}
		}
	}
	d.ROAS = analytics.ROAS(d.Revenue, d.Spend)
	return d
}

// dashboardFigures reads the active campaigns' facts from the rollups: three
// queries whatever the traffic (posts are not needed), then arithmetic and
// the recommendations (under a millisecond a campaign of 34 creators).
func (s *Server) dashboardFigures(ctx context.Context, c *Caller, cps []campaigns.Campaign) (DashboardFigures, error) {
	var ks []analytics.Collaboration
	if active := ActiveCampaigns(cps); len(active) > 0 {
		var err error
		if ks, _, err = s.db.ReportFacts(ctx, c.WS(), store.FactsFilter{Campaigns: active, NoPosts: true}); err != nil {
			return DashboardFigures{}, err
		}
	}
	return Dashboard(c.Workspace, cps, ks), nil
}
