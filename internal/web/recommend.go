package web

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/chorushq/chorus/internal/analytics"
	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/conversions"
	"github.com/chorushq/chorus/internal/optimize"
	"github.com/chorushq/chorus/internal/store"
)

// finite is v, or nil for ±Inf and NaN, which JSON cannot carry.
func finite(v float64) *float64 {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return nil
	}
	return &v
}

// recView is one scale/keep/pause decision.
type recView struct {
	Kind            string   `json:"kind"` // creator or variant
	ID              string   `json:"id"`   // collaboration id, or variant id ("none": no variant)
	Name            string   `json:"name"`
	Action          string   `json:"action"`
	Reason          string   `json:"reason"`
	Spend           int64    `json:"spend_minor"`
	Conversions     int64    `json:"conversions"`
	Share           float64  `json:"share"`
	Allocation      int64    `json:"allocation_minor"`
	CPA             *float64 `json:"cpa_minor"`
	CPALow          *float64 `json:"cpa_low_minor"`
	CPAHigh         *float64 `json:"cpa_high_minor"` // null: no upper bound yet
	ProbBelowTarget float64  `json:"prob_below_target"`
}

// CPAText shows the CPA with its interval for the page.
func (v recView) CPAText(currency string) string {
	f := func(p *float64) string {
		if p == nil {
			return "∞"
		}
		return moneyF(*p, currency)
	}
	if v.CPA == nil {
		return "n/a"
	}
	return fmt.Sprintf("%s (%s – %s)", f(v.CPA), f(v.CPALow), f(v.CPAHigh))
}

// recsView is the recommendations of one campaign.
type recsView struct {
	Currency           string    `json:"currency"`
	TargetCPA          int64     `json:"target_cpa_minor"`
	TargetFromCampaign bool      `json:"target_from_campaign"`
	Budget             int64     `json:"next_budget_minor"`
	Creators           []recView `json:"creators"`
	Variants           []recView `json:"variants"`
	Notes              []string  `json:"notes"`
}

func recommendArms(kind string, rows []analytics.Row, c optimize.Campaign, seed uint64) ([]recView, int64, bool, error) {
	for _, r := range rows {
		c.Arms = append(c.Arms, optimize.Arm{ID: r.Key, Name: r.Label, Spend: max(r.Cost, 0), Clicks: r.Clicks, Conversions: r.Orders})
	}
	plan, err := optimize.Recommend(c, optimize.Options{Seed: seed, Exact: true})
	if err != nil {
		return nil, 0, false, err
	}
	out := make([]recView, 0, len(plan.Recs))
	for _, rc := range plan.Recs {
		out = append(out, recView{Kind: kind, ID: rc.ID, Name: rc.Name, Action: string(rc.Action), Reason: rc.Reason, Spend: rc.Spend,
			Conversions: rc.Conversions, Share: rc.Share, Allocation: rc.Allocation, CPA: finite(rc.CPA), CPALow: finite(rc.CPALow),
			CPAHigh: finite(rc.CPAHigh), ProbBelowTarget: rc.ProbBelowTarget})
	}
	return out, plan.TargetCPA, plan.TargetFromCampaign, nil
}

// recommendations decides for each creator and variant of the campaign, and
// splits what is left of its budget.
func recommendations(cr *campaignReport) recsView {
	rep := cr.Report
	v := recsView{Currency: cr.Campaign.Currency, Creators: []recView{}, Variants: []recView{}, Notes: []string{}}
	v.Budget = max(cr.Campaign.BudgetMinor-rep.Total.Cost, 0)
	if rep.Total.Cost <= 0 {
		v.Notes = append(v.Notes, "Nothing has been spent yet: recommendations start once collaborations have a cost.")
		return v
	}
	c := optimize.Campaign{Currency: cr.Campaign.Currency, Budget: v.Budget}
	var err error
	v.Creators, v.TargetCPA, v.TargetFromCampaign, err = recommendArms("creator", rep.Collaborations, c, uint64(cr.Campaign.ID))
	if err != nil {
		v.Notes = append(v.Notes, "Creators: "+err.Error())
		v.Creators = []recView{}
	}
	if len(rep.Variants) >= 2 {
		if v.Variants, _, _, err = recommendArms("variant", rep.Variants, c, uint64(cr.Campaign.ID)+1); err != nil {
			v.Notes = append(v.Notes, "Variants: "+err.Error())
			v.Variants = []recView{}
		}
	}
	return v
}

func (s *Server) apiCampaignRecommendations(w http.ResponseWriter, r *http.Request, c *Caller) error {
	cr, err := s.requestReport(r, c)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, recommendations(cr))
}

// history is every collaboration's results, for the planner and for
// long-term partners, with the campaigns by id.
func (s *Server) history(ctx context.Context, c *Caller) ([]analytics.Collaboration, analytics.Report, map[int64]campaigns.Campaign, error) {
	cps, err := s.db.Campaigns(ctx, c.WS())
	if err != nil {
		return nil, analytics.Report{}, nil, err
	}
	byID := map[int64]campaigns.Campaign{}
	for _, cp := range cps {
		byID[cp.ID] = cp
	}
	ks, posts, err := s.db.ReportFacts(ctx, c.WS(), store.FactsFilter{})
	if err != nil {
		return nil, analytics.Report{}, nil, err
	}
	// Only the workspace's currency: amounts in others do not add up.
	var same []analytics.Collaboration
	for _, k := range ks {
		if byID[k.CampaignID].Currency == c.Workspace.Currency {
			same = append(same, k)
		}
	}
	rep := analytics.Build(analytics.Input{Currency: c.Workspace.Currency, MarginBps: c.Workspace.GrossMarginBps,
		Thresholds: wsTiers(c.Workspace), Collaborations: same, Posts: posts})
	return same, rep, byID, nil
}

// planView is the budget planner's answer.
type planView struct {
	Budget int64                `json:"budget_minor"`
	Goal   string               `json:"goal"`
	Plan   *optimize.BudgetPlan `json:"plan"`
	Notes  []string             `json:"notes"`
	// Currency is the plan's (and the budget's): the workspace's, or USD
	// when neither history nor an exchange rate allows it (Basis says).
	Currency string         `json:"currency"`
	Basis    optimize.Basis `json:"basis"`
	PerUSD   float64        `json:"per_usd,omitempty"` // the workspace's exchange rate, when set
}

func (s *Server) plan(ctx context.Context, c *Caller, budgetText, goal string) (planView, []FieldError, error) {
	v := planView{Goal: goal, Notes: []string{}}
	if v.Goal == "" {
		v.Goal = string(optimize.GoalConversions)
	}
	var fe []FieldError
	_, rep, _, err := s.history(ctx, c)
	if err != nil {
		return v, nil, err
	}
	var hist []optimize.Result
	for _, r := range rep.Collaborations {
		if r.Cost > 0 && r.Reach > 0 {
			hist = append(hist, optimize.Result{Tier: r.Tier, Cost: r.Cost, Reach: r.Reach, Clicks: r.Clicks, Conversions: r.Orders})
		}
	}
	choice, perUSD, err := s.planBenchmarks(ctx, c, hist)
	if err != nil {
		return v, nil, err
	}
	bench := choice.Benchmarks
	v.Currency, v.Basis, v.PerUSD = bench.Currency, choice.Basis, perUSD
	if budgetText == "" {
		return v, nil, nil
	}
	cur := bench.Currency
	b, err := conversions.ParseAmount(budgetText, cur)
	if err != nil || b <= 0 {
		fe = append(fe, FieldError{"budget", fmt.Sprintf("%q is not a positive amount of %s", budgetText, cur)})
	}
	if v.Goal != string(optimize.GoalClicks) && v.Goal != string(optimize.GoalConversions) {
		fe = append(fe, FieldError{"goal", "is clicks or conversions"})
	}
	if len(fe) > 0 {
		return v, fe, nil
	}
	v.Budget = b
	if choice.Note != "" {
		v.Notes = append(v.Notes, choice.Note)
	}
	req := optimize.PlanRequest{Budget: b, Currency: bench.Currency, Goal: optimize.Goal(v.Goal), Benchmarks: bench, Seed: uint64(c.WS())}
	p, err := optimize.PlanBudget(req)
	if err != nil {
		return v, []FieldError{{"budget", err.Error()}}, nil
	}
	v.Plan = &p
	v.Notes = append(v.Notes, fmt.Sprintf("%d past collaborations with a cost and a reach; a tier needs %d before its own figures replace the built-in ones.",
		len(hist), optimize.MinHistory))
	return v, nil, nil
}

type planPage struct {
	base
	Currency   string
	BudgetText string
	View       planView
	Errors     []FieldError
}

func (s *Server) planPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	q := r.URL.Query()
	v, fe, err := s.plan(r.Context(), c, q.Get("budget"), q.Get("goal"))
	if err != nil {
		return err
	}
	b, err := s.base(r, c, "Budget planner", "plan")
	if err != nil {
		return err
	}
	if len(fe) > 0 {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusUnprocessableEntity)
	}
	return s.pages.render(w, "plan", &planPage{base: b, Currency: v.Currency, BudgetText: q.Get("budget"), View: v, Errors: fe})
}

func (s *Server) apiPlan(w http.ResponseWriter, r *http.Request, c *Caller) error {
	q := r.URL.Query()
	if q.Get("budget") == "" {
		return invalid([]FieldError{{"budget", "is required, in major units of the workspace's currency"}})
	}
	v, fe, err := s.plan(r.Context(), c, q.Get("budget"), q.Get("goal"))
	if err != nil {
		return err
	}
	if len(fe) > 0 {
		return invalid(fe)
	}
	return writeJSON(w, http.StatusOK, v)
}

// partnerView is one creator's consistency across campaigns.
type partnerView struct {
	CreatorID   int64    `json:"creator_id"`
	Creator     string   `json:"creator"`
	Campaigns   int      `json:"campaigns"`
	Spend       int64    `json:"spend_minor"`
	Conversions int64    `json:"conversions"`
	CPA         *float64 `json:"cpa_minor"`
	ShrunkCPA   *float64 `json:"shrunk_cpa_minor"`
	Score       float64  `json:"score"`
	InviteAgain bool     `json:"invite_again"`
	Reason      string   `json:"reason"`
}

func (s *Server) partners(ctx context.Context, c *Caller) ([]partnerView, error) {
	ks, _, cps, err := s.history(ctx, c)
	if err != nil {
		return nil, err
	}
	byCreator := map[int64]*optimize.CreatorHistory{}
	names := map[string]int64{}
	var order []int64
	for _, k := range ks {
		cp := cps[k.CampaignID]
		h := byCreator[k.CreatorID]
		if h == nil {
			key := strconv.FormatInt(k.CreatorID, 10)
			h = &optimize.CreatorHistory{Creator: key}
			byCreator[k.CreatorID] = h
			names[key] = k.CreatorID
			order = append(order, k.CreatorID)
		}
		end := cp.CreatedAt
		if cp.EndsAt != nil {
			end = *cp.EndsAt
		}
		h.Results = append(h.Results, optimize.CampaignResult{Campaign: cp.Name, End: end, Spend: max(k.Cost(k.Revenue), 0),
			Clicks: k.Clicks, Conversions: k.Orders})
	}
	creatorName := map[int64]string{}
	for _, k := range ks {
		creatorName[k.CreatorID] = k.Creator
	}
	hs := make([]optimize.CreatorHistory, 0, len(order))
	for _, id := range order {
		h := byCreator[id]
		slices.SortFunc(h.Results, func(a, b optimize.CampaignResult) int { return a.End.Compare(b.End) })
		hs = append(hs, *h)
	}
	out := []partnerView{}
	if len(hs) == 0 {
		return out, nil
	}
	scores, err := optimize.ScoreConsistency(hs, optimize.ConsistencyOptions{Currency: c.Workspace.Currency})
	if err != nil {
		return nil, err
	}
	for _, sc := range scores {
		id := names[sc.Creator]
		out = append(out, partnerView{CreatorID: id, Creator: creatorName[id], Campaigns: sc.Campaigns, Spend: sc.Spend,
			Conversions: sc.Conversions, CPA: finite(sc.CPA), ShrunkCPA: finite(sc.ShrunkCPA), Score: sc.Score,
			InviteAgain: sc.InviteAgain, Reason: sc.Reason})
	}
	slices.SortStableFunc(out, func(a, b partnerView) int {
		if a.InviteAgain != b.InviteAgain {
			if a.InviteAgain {
				return -1
			}
			return 1
		}
		return cmp.Compare(b.Score, a.Score)
	})
	return out, nil
}

type partnersPage struct {
	base
	Currency string
	Partners []partnerView
}

func (s *Server) partnersPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	ps, err := s.partners(r.Context(), c)
	if err != nil {
		return err
	}
	b, err := s.base(r, c, "Long-term partners", "plan")
	if err != nil {
		return err
	}
	return s.pages.render(w, "partners", &partnersPage{base: b, Currency: c.Workspace.Currency, Partners: ps})
}

func (s *Server) apiPartners(w http.ResponseWriter, r *http.Request, c *Caller) error {
	ps, err := s.partners(r.Context(), c)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"partners": ps, "as_of": time.Now().UTC()})
}
