package optimize

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/chorushq/chorus/internal/conversions"
)

// Goal is what the budget planner maximises.
type Goal string

// Goals.
const (
	GoalClicks      Goal = "clicks"
	GoalConversions Goal = "conversions"
)

// PlanRequest asks how to spend a budget.
type PlanRequest struct {
	Budget   int64 // minor units
	Currency string
	Goal     Goal
	// Benchmarks; zero: DefaultBenchmarks, which are in USD.
	Benchmarks Benchmarks
	// MaxTierShare caps one tier's share of the budget so that one bad
	// guess about a tier cannot sink the campaign; zero: 0.5.
	MaxTierShare float64
	// CommonShare is the part of the log-variance of reach, CTR and CVR that
	// all creators share (the offer, the season, the algorithm), so that the
	// ranges of a sum do not shrink as if creators were independent; zero:
	// 0.5.
	CommonShare float64
	Draws       int // zero: 2,000
	Seed        uint64
}

// Outcome is an expected value with its 80% range.
type Outcome struct {
	Expected  float64
	Low, High float64 // 10th and 90th percentiles
}

// TierPlan is the proposal for one tier.
type TierPlan struct {
	Tier                       string
	Creators                   int
	Spend                      int64 // expected, minor units
	Reach, Clicks, Conversions Outcome
}

// BudgetPlan is the answer of PlanBudget.
type BudgetPlan struct {
	Currency                   string
	Goal                       Goal
	Budget, Spend, Unspent     int64
	Tiers                      []TierPlan // tiers with at least one creator
	Reach, Clicks, Conversions Outcome
	Source                     string
}

// PlanBudget proposes how many creators per tier to activate. Each creator's
// cost, reach, CTR and CVR are log-normal with the benchmark ranges as 80%
// ranges. Creators are added one at a time to the tier with the most
// expected goal per expected cost, as long as the budget and MaxTierShare
// allow; then a seeded Monte Carlo gives the 80% ranges of the totals.
func PlanBudget(req PlanRequest) (BudgetPlan, error) {
	if req.Benchmarks.Tiers == nil {
		req.Benchmarks = DefaultBenchmarks()
	}
	if req.MaxTierShare == 0 {
		req.MaxTierShare = 0.5
	}
	if req.CommonShare == 0 {
		req.CommonShare = 0.5
	}
	if req.Draws == 0 {
		req.Draws = 2000
	}
	if err := req.validate(); err != nil {
		return BudgetPlan{}, err
	}
	bs := req.Benchmarks.Tiers
	// With one tier, or few, the cap must still let the whole budget be spent.
	capShare := math.Max(req.MaxTierShare, 1/float64(len(bs)))
	tierCap := int64(capShare * float64(req.Budget))

	cost := make([]int64, len(bs))
	value := make([]float64, len(bs))
	for i, b := range bs {
		cost[i] = int64(math.Round(b.CostPerCreator.Mean()))
		value[i] = b.Reach.Mean() * b.CTR.Mean()
		if req.Goal == GoalConversions {
			value[i] *= b.CVR.Mean()
		}
	}
	counts := make([]int, len(bs))
	spent := make([]int64, len(bs))
	var total int64
	for {
		best := -1
		for i := range bs {
			if total+cost[i] > req.Budget || spent[i]+cost[i] > tierCap {
				continue
			}
			if best < 0 || value[i]/float64(cost[i]) > value[best]/float64(cost[best]) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		counts[best]++
		spent[best] += cost[best]
		total += cost[best]
	}

	plan := BudgetPlan{Currency: req.Currency, Goal: req.Goal, Budget: req.Budget, Spend: total,
		Unspent: req.Budget - total, Source: req.Benchmarks.Source}
	sim := simulate(bs, counts, req)
	for i, b := range bs {
		if counts[i] == 0 {
			continue
		}
		plan.Tiers = append(plan.Tiers, TierPlan{Tier: b.Tier, Creators: counts[i], Spend: spent[i],
			Reach: sim.tier[i][0], Clicks: sim.tier[i][1], Conversions: sim.tier[i][2]})
	}
	plan.Reach, plan.Clicks, plan.Conversions = sim.total[0], sim.total[1], sim.total[2]
	return plan, nil
}

func (req PlanRequest) validate() error {
	var errs []error
	if req.Budget <= 0 {
		errs = append(errs, fmt.Errorf("budget %d: must be positive", req.Budget))
	}
	if _, err := conversions.Exponent(req.Currency); err != nil {
		errs = append(errs, err)
	} else if req.Currency != req.Benchmarks.Currency {
		errs = append(errs, fmt.Errorf("currency %s: benchmarks are in %s; give benchmarks in %s", req.Currency, req.Benchmarks.Currency, req.Currency))
	}
	if req.Goal != GoalClicks && req.Goal != GoalConversions {
		errs = append(errs, fmt.Errorf("goal %q: want %q or %q", req.Goal, GoalClicks, GoalConversions))
	}
	if req.MaxTierShare <= 0 || req.MaxTierShare > 1 || req.CommonShare < 0 || req.CommonShare > 1 || req.Draws < 100 {
		errs = append(errs, fmt.Errorf("max tier share %g, common share %g, draws %d: want shares in (0, 1] and at least 100 draws",
			req.MaxTierShare, req.CommonShare, req.Draws))
	}
	if len(req.Benchmarks.Tiers) == 0 {
		errs = append(errs, errors.New("benchmarks: no tiers"))
	}
	for _, b := range req.Benchmarks.Tiers {
		for _, r := range []struct {
			what string
			r    Range
		}{{"cost", b.CostPerCreator}, {"reach", b.Reach}, {"CTR", b.CTR}, {"CVR", b.CVR}} {
			if err := r.r.validate(fmt.Sprintf("tier %q %s", b.Tier, r.what)); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

type simResult struct {
	tier  [][3]Outcome
	total [3]Outcome
}

// exactCreators is how many creators of a tier are drawn one by one; above
// it the sum of their own (not shared) variation is drawn from its normal
// limit, which keeps a plan with thousands of nano creators fast.
const exactCreators = 30

// simulate draws reach, clicks and conversions for the plan. Each metric's
// log is μ + σ(√c·Z_common + √(1-c)·Z_creator), with one Z_common per metric
// and draw shared by every creator of every tier.
func simulate(bs []TierBenchmark, counts []int, req PlanRequest) simResult {
	rng := rand.New(rand.NewPCG(req.Seed, 0x853c49e6748fea9b))
	type params struct{ mu, sigma [3]float64 } // log reach, log CTR, log CVR
	ps := make([]params, len(bs))
	for i, b := range bs {
		for m, r := range []Range{b.Reach, b.CTR, b.CVR} {
			ps[i].mu[m], ps[i].sigma[m] = r.logNormal()
		}
	}
	c := req.CommonShare
	draws := make([][][3]float64, len(bs)) // tier, draw, metric
	totals := make([][3]float64, req.Draws)
	for i := range bs {
		draws[i] = make([][3]float64, req.Draws)
	}
	for d := range req.Draws {
		var common [3]float64
		for m := range common {
			common[m] = rng.NormFloat64()
		}
		for i := range bs {
			k := counts[i]
			if k == 0 {
				continue
			}
			p := ps[i]
			// Cumulative log-means and own variances of reach, clicks, conversions.
			var mu, own [3]float64
			for m := range 3 {
				s := p.sigma[m]
				for j := m; j < 3; j++ {
					mu[j] += p.mu[m] + s*math.Sqrt(c)*common[m]
					own[j] += (1 - c) * s * s
				}
			}
			var sum [3]float64
			if k <= exactCreators {
				for range k {
					var z [3]float64
					for m := range z {
						z[m] = rng.NormFloat64() * p.sigma[m] * math.Sqrt(1-c)
					}
					sum[0] += math.Exp(mu[0] + z[0])
					sum[1] += math.Exp(mu[1] + z[0] + z[1])
					sum[2] += math.Exp(mu[2] + z[0] + z[1] + z[2])
				}
			} else {
				for m := range 3 {
					mean := math.Exp(mu[m] + own[m]/2)
					sd := mean * math.Sqrt(math.Expm1(own[m]))
					sum[m] = math.Max(float64(k)*mean+math.Sqrt(float64(k))*sd*rng.NormFloat64(), 0)
				}
			}
			draws[i][d] = sum
			for m := range 3 {
				totals[d][m] += sum[m]
			}
		}
	}
	var out simResult
	out.tier = make([][3]Outcome, len(bs))
	var expTotal [3]float64
	for i := range bs {
		for m := range 3 {
			// Expected value: k · Π E[metric], the metrics being independent.
			e := float64(counts[i])
			for j := 0; j <= m; j++ {
				e *= math.Exp(ps[i].mu[j] + ps[i].sigma[j]*ps[i].sigma[j]/2)
			}
			expTotal[m] += e
			out.tier[i][m] = outcome(e, draws[i], m)
		}
	}
	for m := range 3 {
		out.total[m] = outcome(expTotal[m], totals, m)
	}
	return out
}

func outcome(expected float64, draws [][3]float64, m int) Outcome {
	xs := make([]float64, len(draws))
	for d := range draws {
		xs[d] = draws[d][m]
	}
	slices.Sort(xs)
	r := p10p90(xs)
	if expected == 0 {
		r = Range{}
	}
	return Outcome{Expected: expected, Low: r.Low, High: r.High}
}
