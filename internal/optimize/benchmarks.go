package optimize

import (
	"fmt"
	"math"
	"slices"
)

// Range is an 80% range of a quantity: its 10th and 90th percentiles. The
// planner reads it as a log-normal distribution with those percentiles.
type Range struct {
	Low, High float64
}

// TierBenchmark is what one creator of a tier costs and brings in one
// campaign, each as an 80% range.
type TierBenchmark struct {
	Tier           string
	CostPerCreator Range // minor units of Benchmarks.Currency
	Reach          Range // people reached per creator
	CTR            Range // clicks / reach
	CVR            Range // conversions / click
}

// Benchmarks are the per-tier ranges the budget planner works from.
type Benchmarks struct {
	Currency string
	Tiers    []TierBenchmark
	// Source says where the figures come from.
	Source string
}

// DefaultBenchmarks are orientation figures for Instagram feed posts in USD,
// used when a workspace has no history. Costs per post are the widely
// quoted Influencer Marketing Hub rate card (nano $10-100, micro $100-500,
// mid $500-5k, macro $5k-10k, mega $10k and up; the mega ceiling of $50k is
// our assumption). Reach is followers times the median post reach rates
// Minter.io measured on 3-4 million posts (37.7% under 20k followers, 22.9%
// for 20k-1M, 19.1% above 1M). CTR and CVR are our assumptions for a link
// in the post or story and a typical e-commerce shop (1-3% of visits buy);
// they are the weakest figures here and the first to replace with history.
// docs/statistics.md has the table and the links.
func DefaultBenchmarks() Benchmarks {
	return Benchmarks{
		Currency: "USD",
		Source:   "built-in defaults (docs/statistics.md)",
		Tiers: []TierBenchmark{
			{"nano", Range{1000, 10000}, Range{400, 3800}, Range{0.005, 0.025}, Range{0.01, 0.04}},
			{"micro", Range{10000, 50000}, Range{2300, 23000}, Range{0.003, 0.015}, Range{0.01, 0.03}},
			{"mid", Range{50000, 500000}, Range{23000, 115000}, Range{0.002, 0.01}, Range{0.008, 0.025}},
			{"macro", Range{500000, 1000000}, Range{100000, 200000}, Range{0.0015, 0.008}, Range{0.005, 0.02}},
			{"mega", Range{1000000, 5000000}, Range{190000, 950000}, Range{0.001, 0.005}, Range{0.005, 0.015}},
		},
	}
}

// Result is what one creator did in one past campaign, for
// BenchmarksFromHistory.
type Result struct {
	Tier        string
	Cost        int64 // minor units
	Reach       int64
	Clicks      int64
	Conversions int64
}

// MinHistory is the number of past results a tier needs before its own
// figures replace the defaults: below that, the 10th and 90th percentiles
// are too unstable to plan with.
const MinHistory = 8

// BenchmarksFromHistory derives per-tier ranges from past results, as the
// 10th and 90th percentiles of cost, reach, CTR and CVR. Rates are smoothed
// as (clicks + 0.5)/(reach + 1) and (conversions + 0.5)/(clicks + 1) so
// that a campaign without clicks does not give a rate of zero, which no
// log-normal can hold. Tiers with fewer than MinHistory results keep the
// fallback's figures.
func BenchmarksFromHistory(currency string, history []Result, fallback Benchmarks) Benchmarks {
	byTier := map[string][]Result{}
	for _, r := range history {
		byTier[r.Tier] = append(byTier[r.Tier], r)
	}
	out := Benchmarks{Currency: currency}
	var own, kept []string
	for _, fb := range fallback.Tiers {
		rs := byTier[fb.Tier]
		if len(rs) < MinHistory {
			out.Tiers = append(out.Tiers, fb)
			kept = append(kept, fb.Tier)
			continue
		}
		var cost, reach, ctr, cvr []float64
		for _, r := range rs {
			cost = append(cost, float64(r.Cost))
			reach = append(reach, float64(r.Reach))
			ctr = append(ctr, (float64(r.Clicks)+0.5)/(float64(r.Reach)+1))
			cvr = append(cvr, (float64(r.Conversions)+0.5)/(float64(r.Clicks)+1))
		}
		out.Tiers = append(out.Tiers, TierBenchmark{fb.Tier, p10p90(cost), p10p90(reach), p10p90(ctr), p10p90(cvr)})
		own = append(own, fmt.Sprintf("%s (%d results)", fb.Tier, len(rs)))
	}
	out.Source = fmt.Sprintf("workspace history for %v; %s for %v", own, fallback.Source, kept)
	return out
}

// p10p90 is the 80% range of xs, with a floor of 1e-9 so that it stays a
// valid log-normal range.
func p10p90(xs []float64) Range {
	s := slices.Clone(xs)
	slices.Sort(s)
	q := func(p float64) float64 {
		pos := p * float64(len(s)-1)
		i := int(pos)
		if i+1 >= len(s) {
			return s[len(s)-1]
		}
		return s[i] + (pos-float64(i))*(s[i+1]-s[i])
	}
	return Range{math.Max(q(0.1), 1e-9), math.Max(q(0.9), 1e-9)}
}

// z90 is the standard normal's 90th percentile.
const z90 = 1.2815515655446004

// logNormal returns μ and σ of the log-normal with r as its 10th and 90th
// percentiles.
func (r Range) logNormal() (mu, sigma float64) {
	lo, hi := math.Log(r.Low), math.Log(r.High)
	return (lo + hi) / 2, (hi - lo) / (2 * z90)
}

// Mean of the log-normal, exp(μ + σ²/2).
func (r Range) Mean() float64 {
	mu, s := r.logNormal()
	return math.Exp(mu + s*s/2)
}

func (r Range) validate(what string) error {
	if !(r.Low > 0) || !(r.High >= r.Low) || math.IsInf(r.High, 0) {
		return fmt.Errorf("%s range [%g, %g]: need 0 < low <= high", what, r.Low, r.High)
	}
	return nil
}
