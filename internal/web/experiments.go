package web

import (
	"context"
	"net/http"

	"github.com/chorushq/chorus/internal/experiment"
)

// armView is one variant of a rate comparison.
type armView struct {
	Name         string  `json:"name"`
	Trials       int64   `json:"trials"`
	Successes    int64   `json:"successes"`
	Mean         float64 `json:"mean"`
	Lower        float64 `json:"lower"`
	Upper        float64 `json:"upper"`
	ProbBest     float64 `json:"prob_best"`
	ExpectedLoss float64 `json:"expected_loss"`
}

// comparisonView is one comparison of the variants: its arms and verdict.
type comparisonView struct {
	Metric     string    `json:"metric"`
	Unit       string    `json:"unit"` // rate, or minor units per click
	Arms       []armView `json:"arms"`
	Leader     string    `json:"leader"`
	Decided    bool      `json:"decided"`
	MoreTrials int64     `json:"more_trials"`
	Verdict    string    `json:"verdict"`
}

// experimentView compares a campaign's variants on CTR, orders per click and
// revenue per click; Notes say why a comparison is missing.
type experimentView struct {
	Currency    string           `json:"currency"`
	Comparisons []comparisonView `json:"comparisons"`
	Notes       []string         `json:"notes"`
}

func rateView(metric string, r experiment.Result) comparisonView {
	v := comparisonView{Metric: metric, Unit: "rate", Decided: r.Decided, MoreTrials: r.MoreTrials, Verdict: r.Verdict}
	for _, a := range r.Arms {
		v.Arms = append(v.Arms, armView{Name: a.Name, Trials: a.Trials, Successes: a.Successes, Mean: a.Mean, Lower: a.Lower,
			Upper: a.Upper, ProbBest: a.ProbBest, ExpectedLoss: a.ExpectedLoss})
	}
	if r.Leader >= 0 && r.Leader < len(r.Arms) {
		v.Leader = r.Arms[r.Leader].Name
	}
	return v
}

// experiment runs the comparisons over the report's variant rows (those
// without a variant are not an arm) and the order values of the campaign.
func (s *Server) experiment(ctx context.Context, c *Caller, cr *campaignReport) experimentView {
	ev := experimentView{Currency: cr.Campaign.Currency, Comparisons: []comparisonView{}, Notes: []string{}}
	var ctr, cvr []experiment.Variant
	var rev []experiment.RevenueVariant
	for _, row := range cr.Report.Variants {
		if row.Key == "none" {
			continue
		}
		ctr = append(ctr, experiment.Variant{Name: row.Label, Trials: shown(row.Totals), Successes: row.Clicks})
		cvr = append(cvr, experiment.Variant{Name: row.Label, Trials: row.Clicks, Successes: row.Orders})
		rev = append(rev, experiment.RevenueVariant{Name: row.Label, Clicks: row.Clicks})
	}
	if len(ctr) < 2 {
		ev.Notes = append(ev.Notes, "The campaign needs at least two variants with collaborations to compare them.")
		return ev
	}
	if r, err := experiment.CompareRates(ctr, experiment.Options{Unit: "impressions"}); err == nil {
		ev.Comparisons = append(ev.Comparisons, rateView("CTR", r))
	} else {
		ev.Notes = append(ev.Notes, "CTR: "+err.Error())
	}
	if r, err := experiment.CompareRates(cvr, experiment.Options{Unit: "clicks"}); err == nil {
		ev.Comparisons = append(ev.Comparisons, rateView("orders per click", r))
	} else {
		ev.Notes = append(ev.Notes, "Orders per click: "+err.Error())
	}
	values, err := s.db.OrderValues(ctx, c.WS(), cr.Campaign.ID)
	if err != nil {
		ev.Notes = append(ev.Notes, "Revenue per click: "+err.Error())
		return ev
	}
	arm := map[string]int{}
	for i, v := range rev {
		arm[v.Name] = i
	}
	for _, k := range cr.Collabs {
		i, ok := arm[k.Variant]
		if k.VariantID == 0 || !ok {
			continue
		}
		for _, x := range values[k.ID] {
			rev[i].OrderValues = append(rev[i].OrderValues, max(x, 0))
		}
	}
	rr, err := experiment.CompareRevenue(rev, cr.Campaign.Currency, experiment.RevenueOptions{Seed: uint64(cr.Campaign.ID)})
	if err != nil {
		ev.Notes = append(ev.Notes, "Revenue per click: "+err.Error())
		return ev
	}
	v := comparisonView{Metric: "revenue per click", Unit: "minor units per click", Decided: rr.Decided, MoreTrials: rr.MoreClicks, Verdict: rr.Verdict}
	for _, a := range rr.Arms {
		v.Arms = append(v.Arms, armView{Name: a.Name, Trials: a.Clicks, Successes: a.Orders, Mean: a.Mean, Lower: a.Lower, Upper: a.Upper,
			ProbBest: a.ProbBest, ExpectedLoss: a.ExpectedLoss})
	}
	if rr.Leader >= 0 && rr.Leader < len(rr.Arms) {
		v.Leader = rr.Arms[rr.Leader].Name
	}
	ev.Comparisons = append(ev.Comparisons, v)
	return ev
}

func (s *Server) apiCampaignExperiment(w http.ResponseWriter, r *http.Request, c *Caller) error {
	cr, err := s.requestReport(r, c)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.experiment(r.Context(), c, cr))
}
