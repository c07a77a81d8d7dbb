package main

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"time"

	"github.com/chorushq/chorus/internal/analytics"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/web"
)

// dashboardResult is the dashboard's side of `bench reports`: its figures
// from the rollups and from the raw events, timed, and whether they agree.
type dashboardResult struct {
	fast, raw []time.Duration
	active    int
	figures   web.DashboardFigures
	mismatch  string // empty when equal
}

// benchDashboard computes the dashboard's figures as the dashboard does (the
// campaigns, the active ones' facts from the rollups, the totals and
// recommendations) 20 × runs times, and runs times with the facts recomputed
// from every raw click and order of the active campaigns, and compares the
// figures whole.
func benchDashboard(ctx context.Context, db *store.DB, ws *store.Workspace, runs int) (dashboardResult, error) {
	var res dashboardResult
	figures := func(load func([]int64) ([]analytics.Collaboration, error)) (web.DashboardFigures, time.Duration, error) {
		t := time.Now()
		cps, err := db.Campaigns(ctx, ws.ID)
		if err != nil {
			return web.DashboardFigures{}, 0, err
		}
		active := web.ActiveCampaigns(cps)
		res.active = len(active)
		ks, err := load(active)
		if err != nil {
			return web.DashboardFigures{}, 0, err
		}
		return web.Dashboard(ws, cps, ks), time.Since(t), nil
	}
	fromRollups := func(active []int64) ([]analytics.Collaboration, error) {
		if len(active) == 0 {
			return nil, nil
		}
		ks, _, err := db.ReportFacts(ctx, ws.ID, store.FactsFilter{Campaigns: active, NoPosts: true})
		return ks, err
	}
	fromEvents := func(active []int64) ([]analytics.Collaboration, error) { return db.RawReportFacts(ctx, ws.ID, active) }
	// The rollups are cheap enough to time often (enough views for a p95);
	// the raw events take seconds a run.
	for run := range 20 * runs {
		fast, d, err := figures(fromRollups)
		if err != nil {
			return res, fmt.Errorf("dashboard from the rollups: %w", err)
		}
		res.fast = append(res.fast, d)
		if run == 0 {
			res.figures = fast
		}
	}
	for run := range runs {
		raw, d, err := figures(fromEvents)
		if err != nil {
			return res, fmt.Errorf("dashboard from the raw events: %w", err)
		}
		res.raw = append(res.raw, d)
		if run == 0 && !reflect.DeepEqual(res.figures, raw) {
			res.mismatch = fmt.Sprintf("rollups %+v\nraw events %+v", res.figures, raw)
		}
	}
	slices.Sort(res.fast)
	slices.Sort(res.raw)
	return res, nil
}

func (r dashboardResult) String() string {
	f := r.figures
	return fmt.Sprintf("dashboard active_campaigns=%d fast_runs=%d raw_runs=%d fast_p50_ms=%.2f fast_p95_ms=%.2f raw_p50_ms=%.1f raw_p95_ms=%.1f speedup_p50=%.0fx "+
		"spend_minor=%d orders=%d revenue_minor=%d human_clicks=%d roas=%s attention=%d equal=%t",
		r.active, len(r.fast), len(r.raw), ms(percentile(r.fast, 0.5)), ms(percentile(r.fast, 0.95)), ms(percentile(r.raw, 0.5)), ms(percentile(r.raw, 0.95)),
		float64(percentile(r.raw, 0.5))/float64(percentile(r.fast, 0.5)), f.Spend, f.Orders, f.Revenue, f.Clicks, f.ROASText(),
		len(f.Attention), r.mismatch == "")
}
