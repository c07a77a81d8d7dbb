package web

import (
	"context"
	"fmt"
	"time"

	"github.com/chorushq/chorus/internal/incrementality"
)

// regionUnitView is one unit of a regional holdout: its orders in the
// baseline weeks and during the campaign.
type regionUnitView struct {
	Region  string `json:"region"`
	HeldOut bool   `json:"held_out"`
	Pre     int64  `json:"baseline_orders"`
	During  int64  `json:"campaign_orders"`
}

// regionView is the regional holdout estimate, with ±Inf and NaN as null.
type regionView struct {
	PreFrom         time.Time        `json:"pre_from"`
	From            time.Time        `json:"from"`
	To              time.Time        `json:"to"`
	Units           []regionUnitView `json:"regions"`
	ExposedPre      int64            `json:"exposed_baseline_orders"`
	ExposedDuring   int64            `json:"exposed_campaign_orders"`
	HeldOutPre      int64            `json:"held_out_baseline_orders"`
	HeldOutDuring   int64            `json:"held_out_campaign_orders"`
	Lift            float64          `json:"lift"`
	LiftLow         float64          `json:"lift_low"`
	LiftHigh        float64          `json:"lift_high"`
	Incremental     float64          `json:"incremental_orders"`
	IncrementalLow  float64          `json:"incremental_low"`
	IncrementalHigh float64          `json:"incremental_high"`
	CPA             *float64         `json:"incremental_cpa_minor"`
	CPALow          *float64         `json:"incremental_cpa_low_minor"`
	CPAHigh         *float64         `json:"incremental_cpa_high_minor"`
	Dispersion      float64          `json:"dispersion"`
	Significant     bool             `json:"significant"`
	Verdict         string           `json:"verdict"`
}

// RegionCPAText shows the holdout's incremental CPA with its interval.
func (v incrementalityView) RegionCPAText() string {
	if v.RegionHoldout == nil {
		return "n/a"
	}
	return v.CPAText(&prePostView{CPA: v.RegionHoldout.CPA, CPALow: v.RegionHoldout.CPALow, CPAHigh: v.RegionHoldout.CPAHigh})
}

// LiftText shows the lift with its interval: "+12.0% (+3.1% – +21.7%)".
func (v regionView) LiftText() string {
	return fmt.Sprintf("%+.1f%% (%+.1f%% – %+.1f%%)", 100*v.Lift, 100*v.LiftLow, 100*v.LiftHigh)
}

// regionHoldout compares the campaign's exposed regions with the held-out
// ones over [start, end), each against its own baseline of the preDays
// before. A missing comparison is explained in the note instead.
func (s *Server) regionHoldout(ctx context.Context, c *Caller, currency string, cost int64, heldOut []string, start, end time.Time) (*regionView, string, error) {
	preFrom := start.AddDate(0, 0, -preDays)
	rows, err := s.db.RegionOrders(ctx, c.WS(), currency, preFrom, start, end)
	if err != nil {
		return nil, "", err
	}
	counts := make([]incrementality.RegionOrders, len(rows))
	for i, r := range rows {
		counts[i] = incrementality.RegionOrders{Name: r.Region, Pre: r.Pre, During: r.During}
	}
	exposed, held, unknown := incrementality.SplitRegions(counts, heldOut)
	var note string
	if unknown > 0 {
		note = fmt.Sprintf("Regional holdout: %d orders carry no region (the shop sent no address) and are left out.", unknown)
	}
	r, err := incrementality.RegionHoldout(incrementality.RegionInput{Exposed: exposed, HeldOut: held, Cost: cost, Currency: currency})
	if err != nil {
		return nil, joinNotes(note, "Regional holdout: "+err.Error()), nil
	}
	v := &regionView{PreFrom: preFrom, From: start, To: end, ExposedPre: r.ExposedPre, ExposedDuring: r.ExposedDuring,
		HeldOutPre: r.HeldOutPre, HeldOutDuring: r.HeldOutDuring, Lift: r.Lift, LiftLow: r.LiftLow, LiftHigh: r.LiftHigh,
		Incremental: r.Incremental, IncrementalLow: r.IncrementalLow, IncrementalHigh: r.IncrementalHigh,
		CPA: finite(r.CPA), CPALow: finite(r.CPALow), CPAHigh: finite(r.CPAHigh), Dispersion: r.Dispersion,
		Significant: r.Significant, Verdict: r.Verdict}
	for _, u := range held {
		v.Units = append(v.Units, regionUnitView{Region: u.Name, HeldOut: true, Pre: u.Pre, During: u.During})
	}
	for _, u := range exposed {
		v.Units = append(v.Units, regionUnitView{Region: u.Name, Pre: u.Pre, During: u.During})
	}
	return v, note, nil
}

func joinNotes(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}
