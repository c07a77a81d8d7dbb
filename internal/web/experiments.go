package web

import (
	"context"
	"fmt"
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

// experiment runs the comparisons over the campaign's variants (see
// variantArms: a link's own variant counts before its collaboration's;
// clicks and orders without a variant are not an arm).
func (s *Server) experiment(ctx context.Context, c *Caller, cr *campaignReport) experimentView {
	ev := experimentView{Currency: cr.Campaign.Currency, Comparisons: []comparisonView{}, Notes: []string{}}
	arms, nSplit, err := s.variantArms(ctx, c, cr)
	if err != nil {
		ev.Notes = append(ev.Notes, "Variants: "+err.Error())
		return ev
	}
	var ctr, cvr []experiment.Variant
	var rev []experiment.RevenueVariant
	for _, a := range arms {
		if a.ctrCollabs > 0 {
			ctr = append(ctr, experiment.Variant{Name: a.name, Trials: a.ctrShown, Successes: a.ctrClicks})
		}
		cvr = append(cvr, experiment.Variant{Name: a.name, Trials: a.clicks, Successes: a.orders})
		rev = append(rev, experiment.RevenueVariant{Name: a.name, Clicks: a.clicks, OrderValues: a.values})
	}
	if len(cvr) < 2 {
		ev.Notes = append(ev.Notes, "The campaign needs at least two variants with collaborations or tracked links to compare them.")
		return ev
	}
	if nSplit > 0 {
		ev.Notes = append(ev.Notes, fmt.Sprintf("Creators with links of different variants: %d. Their clicks and orders count by link; "+
			"CTR leaves them out, since impressions belong to posts, not links.", nSplit))
	}
	if len(ctr) >= 2 {
		if r, err := experiment.CompareRates(ctr, experiment.Options{Unit: "impressions"}); err == nil {
			ev.Comparisons = append(ev.Comparisons, rateView("CTR", r))
		} else {
			ev.Notes = append(ev.Notes, "CTR: "+err.Error())
		}
	}
	if r, err := experiment.CompareRates(cvr, experiment.Options{Unit: "clicks"}); err == nil {
		ev.Comparisons = append(ev.Comparisons, rateView("orders per click", r))
	} else {
		ev.Notes = append(ev.Notes, "Orders per click: "+err.Error())
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
