package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/incrementality"
	"github.com/chorushq/chorus/internal/store"
)

// preDays is the baseline before a campaign that the pre/post model fits:
// eight weeks, enough weekdays for its coefficients and short enough that
// last season's trend does not dominate.
const preDays = 56

// prePostView is the counterfactual estimate, with ±Inf as null.
type prePostView struct {
	PreFrom         time.Time `json:"pre_from"`
	From            time.Time `json:"from"`
	To              time.Time `json:"to"`
	Actual          float64   `json:"actual_orders"`
	Forecast        float64   `json:"forecast_orders"`
	ForecastLow     float64   `json:"forecast_low"`
	ForecastHigh    float64   `json:"forecast_high"`
	Incremental     float64   `json:"incremental_orders"`
	IncrementalLow  float64   `json:"incremental_low"`
	IncrementalHigh float64   `json:"incremental_high"`
	CPA             *float64  `json:"incremental_cpa_minor"`
	CPALow          *float64  `json:"incremental_cpa_low_minor"`
	CPAHigh         *float64  `json:"incremental_cpa_high_minor"`
	Significant     bool      `json:"significant"`
	Verdict         string    `json:"verdict"`
}

// incrementalityView sets what the campaign caused beside what attribution
// credits it with.
type incrementalityView struct {
	Currency         string       `json:"currency"`
	AttributedOrders int64        `json:"attributed_orders"`
	AttributedCPA    *float64     `json:"attributed_cpa_minor"`
	Cost             int64        `json:"cost_minor"`
	PrePost          *prePostView `json:"pre_post"`
	Holdouts         []string     `json:"holdout_regions"`
	RegionHoldout    *regionView  `json:"region_holdout"`
	Notes            []string     `json:"notes"`
}

// CPAText shows an estimate with its interval for the page.
func (v incrementalityView) CPAText(p *prePostView) string {
	f := func(x *float64) string {
		if x == nil {
			return "∞"
		}
		return moneyF(*x, v.Currency)
	}
	if p == nil || p.CPA == nil {
		return "n/a"
	}
	return fmt.Sprintf("%s (%s – %s)", f(p.CPA), f(p.CPALow), f(p.CPAHigh))
}

// AttributedCPAText shows the attributed CPA for the page.
func (v incrementalityView) AttributedCPAText() string {
	if v.AttributedCPA == nil {
		return "n/a"
	}
	return moneyF(*v.AttributedCPA, v.Currency)
}

func (s *Server) incrementality(ctx context.Context, c *Caller, cr *campaignReport) (incrementalityView, error) {
	t := cr.Report.Total
	v := incrementalityView{Currency: cr.Campaign.Currency, AttributedOrders: t.Orders, Cost: t.Cost, Notes: []string{}}
	if t.Metrics.CPA.OK {
		v.AttributedCPA = finite(t.Metrics.CPA.V)
	}
	var err error
	if v.Holdouts, err = s.db.Holdouts(ctx, c.WS(), cr.Campaign.ID); err != nil {
		return v, err
	}
	if v.Holdouts == nil {
		v.Holdouts = []string{}
	}
	cp := cr.Campaign
	if cp.StartsAt == nil {
		v.Notes = append(v.Notes, "Set the campaign's start date to compare its orders with the weeks before.")
		return v, nil
	}
	now := s.db.Now()
	start := cp.StartsAt.UTC().Truncate(24 * time.Hour)
	end := now
	if cp.EndsAt != nil && cp.EndsAt.Before(end) {
		end = *cp.EndsAt
	}
	if !end.After(start) {
		v.Notes = append(v.Notes, "The campaign has not started yet.")
		return v, nil
	}
	if len(v.Holdouts) > 0 {
		rv, note, err := s.regionHoldout(ctx, c, cp.Currency, t.Cost, v.Holdouts, start, end)
		if err != nil {
			return v, err
		}
		v.RegionHoldout = rv
		if note != "" {
			v.Notes = append(v.Notes, note)
		}
	}
	days, err := s.db.DailyOrders(ctx, c.WS(), cp.Currency, cr.Model, start.AddDate(0, 0, -preDays), end)
	if err != nil {
		return v, err
	}
	in := incrementality.PrePostInput{Cost: t.Cost, Currency: cp.Currency}
	for _, d := range days {
		day := incrementality.Day{Date: d.Day, Orders: d.Count}
		if d.Day.Before(start) {
			in.Pre = append(in.Pre, day)
		} else {
			in.Campaign = append(in.Campaign, day)
		}
	}
	r, err := incrementality.PrePost(in)
	if err != nil {
		v.Notes = append(v.Notes, "Pre/post: "+err.Error())
		return v, nil
	}
	v.PrePost = &prePostView{PreFrom: start.AddDate(0, 0, -preDays), From: start, To: end, Actual: r.Actual, Forecast: r.Forecast,
		ForecastLow: r.ForecastLow, ForecastHigh: r.ForecastHigh, Incremental: r.Incremental, IncrementalLow: r.IncrementalLow,
		IncrementalHigh: r.IncrementalHigh, CPA: finite(r.CPA), CPALow: finite(r.CPALow), CPAHigh: finite(r.CPAHigh),
		Significant: r.Significant, Verdict: r.Verdict}
	return v, nil
}

func (s *Server) apiCampaignIncrementality(w http.ResponseWriter, r *http.Request, c *Caller) error {
	cr, err := s.requestReport(r, c)
	if err != nil {
		return err
	}
	v, err := s.incrementality(r.Context(), c, cr)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

// cleanRegions upper-cases and trims region names, reporting empty or long
// ones.
func cleanRegions(in []string) ([]string, []FieldError) {
	var out []string
	var fe []FieldError
	for i, r := range in {
		r = strings.ToUpper(strings.TrimSpace(r))
		if r == "" || len(r) > 64 {
			fe = append(fe, FieldError{fmt.Sprintf("regions[%d]", i), "is empty or longer than 64 characters"})
			continue
		}
		out = append(out, r)
	}
	return out, fe
}

func (s *Server) setHoldouts(r *http.Request, c *Caller, id int64, regions []string) error {
	clean, fe := cleanRegions(regions)
	if len(fe) > 0 {
		return invalid(fe)
	}
	return s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.SetHoldouts(r.Context(), c.WS(), id, clean) })
}

func (s *Server) apiHoldoutsPut(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := s.campaignID(r, c)
	if err != nil {
		return err
	}
	var in struct {
		Regions []string `json:"regions"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.setHoldouts(r, c, id, in.Regions); err != nil {
		return err
	}
	regions, err := s.db.Holdouts(r.Context(), c.WS(), id)
	if err != nil {
		return err
	}
	if regions == nil {
		regions = []string{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"regions": regions})
}

func (s *Server) holdoutsForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := s.campaignID(r, c)
	if err != nil {
		return err
	}
	var regions []string
	for _, p := range strings.Split(r.PostFormValue("regions"), ",") {
		if strings.TrimSpace(p) != "" {
			regions = append(regions, p)
		}
	}
	if err := s.setHoldouts(r, c, id, regions); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/campaigns/%d/report?flash=%s#inc-h", id, url.QueryEscape("Held-out regions saved.")), http.StatusSeeOther)
	return nil
}
