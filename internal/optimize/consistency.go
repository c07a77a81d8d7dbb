package optimize

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/chorushq/chorus/internal/conversions"
)

// CampaignResult is what a creator did in one campaign.
type CampaignResult struct {
	Campaign    string
	End         time.Time
	Spend       int64 // minor units: fee, seeding, commissions, amplification
	Clicks      int64
	Conversions int64
}

// CreatorHistory is one creator's results across campaigns.
type CreatorHistory struct {
	Creator string
	Results []CampaignResult
}

// ConsistencyOptions tune ScoreConsistency; zero values give the defaults.
type ConsistencyOptions struct {
	Currency string
	// TargetCPA in minor units; zero: the CPA of all creators together.
	TargetCPA int64
	// PriorConversions is the weight, in conversions, of the population's
	// rate in each creator's shrunk rate; zero: 2.
	PriorConversions float64
	// PriorCampaigns is the weight, in campaigns, of the population's
	// coefficient of variation in each creator's; zero: 2.
	PriorCampaigns float64
	// MaxCV is the largest shrunk coefficient of variation that still counts
	// as steady; zero: 0.75.
	MaxCV float64
}

// DefaultCV is the population coefficient of variation assumed when no
// creator has two campaigns with conversions: campaign-to-campaign results
// of one creator typically vary by about their own size.
const DefaultCV = 1.0

// Consistency is how steadily one creator converts.
type Consistency struct {
	Creator         string
	Campaigns       int
	Spend           int64
	Conversions     int64
	MeanConversions float64 // per campaign
	// CV is the coefficient of variation of conversions per 100 currency
	// units across campaigns (NaN below two campaigns or without any
	// conversion); ShrunkCV pulls it toward the population's.
	CV, ShrunkCV float64
	// CPA is spend/conversions (+Inf without conversions); ShrunkCPA uses
	// the rate shrunk toward the population's.
	CPA, ShrunkCPA float64
	// Score is 1/(1 + ShrunkCV): 1 for a creator who delivers the same
	// every time, 0.5 when results vary by their own size.
	Score       float64
	InviteAgain bool
	Reason      string
}

// ScoreConsistency scores every creator. The shrunk rate is
// (a0 + conversions)/(a0/r_pop + exposure), the posterior mean under a
// Gamma prior worth a0 conversions at the population rate r_pop, exposure
// being spend in units of 100 major currency units. The shrunk CV is
// ((n-1)·CV + k·CV_pop)/((n-1) + k) for n campaigns. A creator is invited
// again when the shrunk CPA is at most the target, the shrunk CV at most
// MaxCV, and the latest campaign's CPA at most twice the target.
func ScoreConsistency(hs []CreatorHistory, opt ConsistencyOptions) ([]Consistency, error) {
	if opt.PriorConversions == 0 {
		opt.PriorConversions = 2
	}
	if opt.PriorCampaigns == 0 {
		opt.PriorCampaigns = 2
	}
	if opt.MaxCV == 0 {
		opt.MaxCV = 0.75
	}
	exp, err := conversions.Exponent(opt.Currency)
	errs := []error{err}
	if opt.TargetCPA < 0 || opt.PriorConversions < 0 || opt.PriorCampaigns < 0 || opt.MaxCV < 0 {
		errs = append(errs, fmt.Errorf("consistency options %+v: must not be negative", opt))
	}
	for _, h := range hs {
		for j, r := range h.Results {
			if r.Spend < 0 || r.Clicks < 0 || r.Conversions < 0 {
				errs = append(errs, fmt.Errorf("creator %q result %d (%s): negative spend, clicks or conversions", h.Creator, j+1, r.Campaign))
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	unit := 100 * math.Pow10(exp)
	pl := Plan{Currency: opt.Currency} // for money formatting

	out := make([]Consistency, len(hs))
	var spend, conv float64
	var cvs []float64
	for i, h := range hs {
		c := Consistency{Creator: h.Creator, Campaigns: len(h.Results), CV: math.NaN()}
		var rates []float64
		for _, r := range h.Results {
			c.Spend += r.Spend
			c.Conversions += r.Conversions
			if r.Spend > 0 {
				rates = append(rates, float64(r.Conversions)/(float64(r.Spend)/unit))
			}
		}
		if c.Campaigns > 0 {
			c.MeanConversions = float64(c.Conversions) / float64(c.Campaigns)
		}
		if m := meanOf(rates); len(rates) >= 2 && m > 0 {
			c.CV = sampleSD(rates) / m
			cvs = append(cvs, c.CV)
		}
		c.CPA = math.Inf(1)
		if c.Conversions > 0 {
			c.CPA = float64(c.Spend) / float64(c.Conversions)
		}
		spend += float64(c.Spend)
		conv += float64(c.Conversions)
		out[i] = c
	}
	popCV := DefaultCV
	if len(cvs) > 0 {
		popCV = median(cvs)
	}
	target := float64(opt.TargetCPA)
	if target == 0 && conv > 0 {
		target = spend / conv
	}
	popRate := 0.0
	if spend > 0 {
		popRate = conv / (spend / unit)
	}
	for i := range out {
		c := &out[i]
		c.ShrunkCPA = math.Inf(1)
		if popRate > 0 {
			a0 := opt.PriorConversions
			rate := (a0 + float64(c.Conversions)) / (a0/popRate + float64(c.Spend)/unit)
			c.ShrunkCPA = unit / rate
		}
		df := 0.0
		if !math.IsNaN(c.CV) {
			df = float64(len(hs[i].Results) - 1)
		}
		c.ShrunkCV = popCV
		if df > 0 {
			c.ShrunkCV = (df*c.CV + opt.PriorCampaigns*popCV) / (df + opt.PriorCampaigns)
		}
		c.Score = 1 / (1 + c.ShrunkCV)
		c.InviteAgain, c.Reason = invite(c, latest(hs[i].Results), target, opt.MaxCV, pl)
	}
	return out, nil
}

func invite(c *Consistency, last *CampaignResult, target, maxCV float64, pl Plan) (bool, string) {
	switch {
	case c.Campaigns == 0:
		return false, "not yet: no campaigns"
	case target == 0 || math.IsInf(c.ShrunkCPA, 1):
		return false, "not yet: no conversions to judge by"
	case c.ShrunkCPA > target:
		return false, fmt.Sprintf("not yet: CPA %s after shrinkage is above the target %s", pl.money(c.ShrunkCPA), pl.money(target))
	case c.ShrunkCV > maxCV:
		return false, fmt.Sprintf("not yet: results vary too much between campaigns (CV %.2f after shrinkage, above %.2f)", c.ShrunkCV, maxCV)
	case last.Conversions == 0 || float64(last.Spend)/float64(last.Conversions) > 2*target:
		return false, fmt.Sprintf("not yet: the latest campaign (%s) cost more than twice the target per conversion", last.Campaign)
	}
	return true, fmt.Sprintf("invite again: CPA %s after shrinkage (target %s) over %d campaigns, steady (CV %.2f)",
		pl.money(c.ShrunkCPA), pl.money(target), c.Campaigns, c.ShrunkCV)
}

// latest is the result with the latest End; the last listed wins ties.
func latest(rs []CampaignResult) *CampaignResult {
	var l *CampaignResult
	for i := range rs {
		if l == nil || !rs[i].End.Before(l.End) {
			l = &rs[i]
		}
	}
	return l
}

func meanOf(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func sampleSD(xs []float64) float64 {
	m := meanOf(xs)
	var s float64
	for _, x := range xs {
		s += (x - m) * (x - m)
	}
	return math.Sqrt(s / float64(len(xs)-1))
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
