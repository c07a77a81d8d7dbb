package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"time"

	"github.com/chorushq/chorus/internal/analytics"
	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/chart"
	"github.com/chorushq/chorus/internal/store"
)

// surroundView is surround sound and social search for one campaign.
type surroundView struct {
	From        time.Time            `json:"from"`
	To          time.Time            `json:"to"`
	BrandTerms  []string             `json:"brand_terms"`
	Competitors []string             `json:"competitors"`
	Weeks       []analytics.Week     `json:"weeks"`
	Coverage    []analytics.Coverage `json:"coverage"`
	Voices      []analytics.Voice    `json:"share_of_voice"`
	Journeys    []store.JourneyGroup `json:"journeys"`
	// Visitors compares conversion per visitor reached by two or more
	// creators in a week with one, from the campaign's clicks.
	Visitors analytics.VisitorReach `json:"visitors"`
	Notes    []string               `json:"notes"`
}

// surroundPeriod is the campaign's dates, or from its creation to now.
func surroundPeriod(cp *campaigns.Campaign, now time.Time) (time.Time, time.Time) {
	from, to := cp.CreatedAt, now
	if cp.StartsAt != nil {
		from = *cp.StartsAt
	}
	if cp.EndsAt != nil && cp.EndsAt.Before(now) {
		to = *cp.EndsAt
	}
	return from, to
}

func (s *Server) surround(ctx context.Context, c *Caller, cp *campaigns.Campaign) (surroundView, error) {
	v := surroundView{Weeks: []analytics.Week{}, Coverage: []analytics.Coverage{}, Notes: []string{}}
	v.From, v.To = surroundPeriod(cp, s.db.Now())
	briefTerms := append(slices.Clone(cp.Brief.Hashtags), cp.Brief.Keywords...)
	v.BrandTerms = slices.Clone(briefTerms)
	if cp.Brief.Product != "" {
		v.BrandTerms = append(v.BrandTerms, cp.Brief.Product)
	}
	v.Competitors = cp.Brief.Competitors
	if v.Competitors == nil {
		v.Competitors = []string{}
	}
	all, err := s.db.BrandPosts(ctx, c.WS(), v.From, v.To)
	if err != nil {
		return v, err
	}
	var about, own []analytics.Mention
	for _, m := range all {
		mine := m.CampaignID == cp.ID
		if mine {
			own = append(own, m)
		}
		if mine || analytics.MentionsAny(m.Caption, v.BrandTerms) {
			about = append(about, m)
		}
	}
	var accts []int64
	for _, m := range about {
		if !slices.Contains(accts, m.AccountID) {
			accts = append(accts, m.AccountID)
		}
	}
	samples, err := s.db.FollowerSamples(ctx, c.WS(), accts)
	if err != nil {
		return v, err
	}
	v.Weeks = analytics.SurroundWeeks(about, samples)
	if len(samples.Handles) < 2 {
		v.Notes = append(v.Notes, "Unique reach needs follower samples of at least two of the creators; without them it equals the combined reach.")
	}
	if len(briefTerms) == 0 {
		v.Notes = append(v.Notes, "The brief names no hashtags or keywords: add them to measure their coverage and the brand's share of voice.")
	} else {
		v.Coverage = analytics.KeywordCoverage(own, briefTerms)
	}
	name := cp.Brief.Product
	if name == "" {
		name = cp.Name
	}
	v.Voices = analytics.ShareOfVoice(all, name, v.BrandTerms, v.Competitors)
	if v.Journeys, err = s.db.JourneyReach(ctx, c.WS(), cp.ID); err != nil {
		return v, err
	}
	if v.Journeys == nil {
		v.Journeys = []store.JourneyGroup{}
	}
	clicks, err := s.db.CampaignVisitorClicks(ctx, c.WS(), cp.ID, v.From, v.To)
	if err != nil {
		return v, err
	}
	v.Visitors = analytics.ReachByVisitor(clicks, analytics.Level)
	v.Notes = append(v.Notes, "Visitors are known within a day (the day's IP hash with device and system) and across days only through an order's journey: "+
		"a visitor who came back another day without buying counts twice, so conversion per visitor is a floor.")
	return v, nil
}

// requestSurround loads the path's campaign and its surround sound.
func (s *Server) requestSurround(r *http.Request, c *Caller) (*campaigns.Campaign, surroundView, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, surroundView{}, err
	}
	cp, err := s.db.Campaign(r.Context(), c.WS(), id)
	if err != nil {
		return nil, surroundView{}, err
	}
	v, err := s.surround(r.Context(), c, cp)
	return cp, v, err
}

func (s *Server) apiCampaignSurround(w http.ResponseWriter, r *http.Request, c *Caller) error {
	_, v, err := s.requestSurround(r, c)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

type surroundPage struct {
	base
	Campaign *campaigns.Campaign
	View     surroundView
	Chart    template.HTML
}

// PctText shows a share, or n/a.
func (surroundPage) PctText(r analytics.Ratio) string { return pctOf(r) }

// EstText shows a rate with its interval: "4.2% (1.1% – 9.8%)", or n/a.
func (surroundPage) EstText(e analytics.Estimate) string {
	if !e.OK {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%% (%.1f%% – %.1f%%)", 100*e.Value, 100*e.Low, 100*e.High)
}

// RatioText shows a ratio of rates with its interval, or why it is missing.
func (surroundPage) RatioText(e analytics.Estimate) string {
	if !e.OK {
		return "n/a until both groups have converters"
	}
	return fmt.Sprintf("%.2f× (%.2f× – %.2f×)", e.Value, e.Low, e.High)
}

func (s *Server) campaignSurroundPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	cp, v, err := s.requestSurround(r, c)
	if err != nil {
		return err
	}
	b, err := s.base(r, c, cp.Name+": surround sound", "campaigns")
	if err != nil {
		return err
	}
	p := &surroundPage{base: b, Campaign: cp, View: v}
	if len(v.Weeks) > 0 {
		comb, uniq := chart.Series{Name: "combined reach"}, chart.Series{Name: "unique reach"}
		for _, wk := range v.Weeks {
			comb.Points = append(comb.Points, chart.Point{T: wk.Start, V: float64(wk.CombinedReach)})
			uniq.Points = append(uniq.Points, chart.Point{T: wk.Start, V: float64(wk.UniqueReach)})
		}
		p.Chart = chart.Line{ID: "surround", Title: "Reach of the creators posting about the brand, per week",
			Series: []chart.Series{comb, uniq}, Unit: chart.Unit{Label: "people"}}.SVG()
	}
	return s.pages.render(w, "surround", p)
}
