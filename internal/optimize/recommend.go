package optimize

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/chorushq/chorus/internal/conversions"
)

// Arm is a creator or a variant of one campaign with what it has cost and
// brought so far. Recommend is called once with the creators and once with
// the variants.
type Arm struct {
	ID          string
	Name        string
	Spend       int64 // minor units of the campaign's currency
	Clicks      int64
	Conversions int64
	// Capacity is the most the arm can usefully take from the next budget
	// (a creator's audience saturates); zero: no limit.
	Capacity int64
	// Impressions is what spending Capacity is expected to buy, known
	// before any spend (a creator's typical reach from the media kit or
	// past posts); zero: unknown. Arms that buy more impressions per unit
	// spent start with a proportionally higher expected rate.
	Impressions int64
}

// Campaign is the input of Recommend.
type Campaign struct {
	Currency string
	// TargetCPA in minor units; zero means the campaign's own CPA so far,
	// so that scale and pause compare each arm with the average.
	TargetCPA int64
	// Budget is the next round's budget in minor units; when given, each
	// recommendation carries its Allocation of it.
	Budget int64
	Arms   []Arm
}

// Options tune Recommend; the zero value gives the documented defaults.
type Options struct {
	Draws     int     // Thompson draws; zero: 4,000
	Seed      uint64  // the same seed gives the same shares
	Level     float64 // credible level of the CPA interval; zero: 0.95
	ScaleProb float64 // P(CPA below target) needed to scale; zero: 0.90
	// PriorConversions is the weight of each arm's prior, in conversions;
	// zero: 2.
	PriorConversions float64
	// Exact computes each arm's probability of being best by numerical
	// integration instead of Draws, when no arm has a Capacity: the same
	// shares without their Monte Carlo noise, in a fraction of the time.
	Exact bool
}

func (o Options) withDefaults() Options {
	if o.Draws == 0 {
		o.Draws = 4000
	}
	if o.Level == 0 {
		o.Level = 0.95
	}
	if o.ScaleProb == 0 {
		o.ScaleProb = 0.90
	}
	if o.PriorConversions == 0 {
		o.PriorConversions = 2
	}
	return o
}

// Action is what to do with an arm.
type Action string

// The three actions.
const (
	Scale Action = "scale"
	Keep  Action = "keep"
	Pause Action = "pause"
)

// Recommendation is the decision for one arm. Money figures are float64
// minor units because they are estimates, not amounts to book.
type Recommendation struct {
	Arm
	Action Action
	// Share is the proposed share of the next budget: the Thompson
	// probability that this arm has the lowest CPA, renormalised over the
	// arms not paused.
	Share    float64
	ProbBest float64
	// Allocation is the arm's part of Campaign.Budget, minor units.
	Allocation int64
	// ConvPer100 is the posterior mean of conversions per 100 major
	// currency units spent.
	ConvPer100      float64
	CPA             float64 // posterior mean-rate CPA, minor units
	CPALow, CPAHigh float64 // credible interval; CPAHigh may be +Inf
	ProbBelowTarget float64
	Reason          string
}

// Plan is the result of Recommend.
type Plan struct {
	Currency  string
	TargetCPA int64
	// TargetFromCampaign is true when TargetCPA is the campaign's own CPA.
	TargetFromCampaign bool
	Recs               []Recommendation
}

// Recommend models each arm's conversions as Poisson with exposure = spend in
// units of 100 major currency units and rate λ, with a Gamma prior centred on
// the campaign's pooled rate and worth one conversion, so the posterior is
// Gamma(1 + conversions, 1/r0 + exposure). It pauses the arms the pause rule
// condemns, then draws λ for the others (Thompson sampling) to get each
// arm's chance of being the cheapest source of conversions and its share of
// the next budget, and applies the scale and keep rules of
// docs/statistics.md.
func Recommend(c Campaign, opt Options) (Plan, error) {
	opt = opt.withDefaults()
	exp, err := conversions.Exponent(c.Currency)
	errs := []error{err}
	if len(c.Arms) == 0 {
		errs = append(errs, errors.New("recommend: no arms"))
	}
	if c.TargetCPA < 0 || c.Budget < 0 {
		errs = append(errs, fmt.Errorf("target CPA %d, budget %d: must not be negative", c.TargetCPA, c.Budget))
	}
	if opt.Draws < 100 || opt.Level <= 0 || opt.Level >= 1 || opt.ScaleProb <= 0 || opt.ScaleProb >= 1 || opt.PriorConversions < 0 {
		errs = append(errs, fmt.Errorf("options %+v: need draws >= 100, level and scale probability in (0, 1), prior conversions > 0", opt))
	}
	var spend, conv, clicks float64
	for i, a := range c.Arms {
		if a.Spend < 0 || a.Clicks < 0 || a.Conversions < 0 || a.Capacity < 0 {
			errs = append(errs, fmt.Errorf("arm %d (%q): negative spend, clicks, conversions or capacity", i+1, a.Name))
		}
		spend += float64(a.Spend)
		conv += float64(a.Conversions)
		clicks += float64(a.Clicks)
	}
	if err := errors.Join(errs...); err != nil {
		return Plan{}, err
	}

	unit := 100 * math.Pow10(exp) // minor units in one exposure unit
	p := Plan{Currency: c.Currency, TargetCPA: c.TargetCPA, Recs: make([]Recommendation, len(c.Arms))}
	if p.TargetCPA == 0 && conv > 0 {
		p.TargetCPA = int64(math.Round(spend / conv))
		p.TargetFromCampaign = true
	}
	r0 := priorRate(spend/unit, conv, p.TargetCPA, unit)
	clickRate := clicks / (spend / unit)
	reachOf := impressionWeights(c.Arms)
	posts := make([]distuv.Gamma, len(c.Arms))
	for i, a := range c.Arms {
		// g is the arm's expected impressions per unit spent against the
		// campaign's (1 when unknown): before any click it is all there is.
		g := reachOf[i]
		m := r0 * g
		if clicks > 0 && spend > 0 {
			// The arm's clicks per exposure against the campaign's, with one
			// pseudo-click at the campaign's rate scaled by g.
			e := float64(a.Spend) / unit
			m = r0 * (float64(a.Clicks) + g) / (clickRate*e + 1)
		}
		posts[i] = distuv.Gamma{Alpha: opt.PriorConversions + float64(a.Conversions), Beta: opt.PriorConversions/m + float64(a.Spend)/unit}
	}
	tail := (1 - opt.Level) / 2
	for i, a := range c.Arms {
		g := posts[i]
		r := Recommendation{Arm: a, ConvPer100: g.Mean(), CPA: unit / g.Mean(),
			CPALow: unit / g.Quantile(1-tail), CPAHigh: unit / g.Quantile(tail)}
		if p.TargetCPA > 0 {
			r.ProbBelowTarget = g.Survival(unit / float64(p.TargetCPA))
		}
		// A target the brand set is a hard limit: above it an arm is not
		// worth its conversions even with budget to spare.
		if !p.TargetFromCampaign && p.condemned(&r) {
			r.Action = Pause
		}
		p.Recs[i] = r
	}
	p.thompson(posts, c.Budget, opt)
	// The campaign's own average is no limit: the budget may need arms worse
	// than the average to be spent. Those are paused only when Thompson
	// sampling all but gives up on them too.
	if p.TargetFromCampaign {
		paused := false
		for i := range p.Recs {
			r := &p.Recs[i]
			if p.condemned(r) && p.thompsonShare(r, c.Budget) < MinShare {
				r.Action, paused = Pause, true
			}
		}
		if paused {
			p.thompson(posts, c.Budget, opt)
		}
	}
	p.decide(opt)
	return p, nil
}

// impressionWeights is each arm's expected impressions per unit of
// capacity over the same ratio pooled across the arms that state both, 1 for
// the arms that do not.
func impressionWeights(arms []Arm) []float64 {
	w := make([]float64, len(arms))
	var imp, capacity float64
	for _, a := range arms {
		if a.Impressions > 0 && a.Capacity > 0 {
			imp += float64(a.Impressions)
			capacity += float64(a.Capacity)
		}
	}
	for i, a := range arms {
		w[i] = 1
		if imp > 0 && a.Impressions > 0 && a.Capacity > 0 {
			w[i] = (float64(a.Impressions) / float64(a.Capacity)) / (imp / capacity)
		}
	}
	return w
}

// MinShare is the Thompson share below which an arm whose CPA is clearly
// above the campaign's average is paused.
const MinShare = 0.01

// condemned reports whether the arm has spent at least one target CPA and
// the whole credible interval of its CPA lies above the target.
func (p *Plan) condemned(r *Recommendation) bool {
	t := float64(p.TargetCPA)
	return p.TargetCPA > 0 && float64(r.Spend) >= t && r.CPALow > t
}

// thompsonShare is the arm's share of the budget, or its chance of being
// best when there is no budget.
func (p *Plan) thompsonShare(r *Recommendation, budget int64) float64 {
	if budget > 0 {
		return float64(r.Allocation) / float64(budget)
	}
	return r.ProbBest
}

// priorRate is the Gamma prior's mean rate: the pooled rate when there are
// conversions, else the target's rate, else one conversion per exposure unit.
func priorRate(exposure, conv float64, target int64, unit float64) float64 {
	switch {
	case conv > 0:
		return conv / exposure
	case target > 0:
		return unit / float64(target)
	}
	return 1
}

// thompson draws a rate for every arm not paused, draws times. Each draw
// votes for its best arm (ProbBest) and, when there is a budget, proposes
// the best split for that draw: the budget poured into the arms in order of
// their drawn rates, each up to its capacity. The allocation is the average
// of those splits, which is Thompson sampling generalised to a budget with
// capacities; without capacities it equals ProbBest × budget.
func (p *Plan) thompson(posts []distuv.Gamma, budget int64, opt Options) {
	rng := rand.New(rand.NewPCG(opt.Seed, 0xda942042e4dd58b5))
	var active []int
	for i := range posts {
		if p.Recs[i].Action != Pause {
			posts[i].Src = rng
			active = append(active, i)
		}
	}
	if len(active) == 0 {
		for i := range p.Recs {
			p.Recs[i].ProbBest, p.Recs[i].Allocation = 0, 0
		}
		return
	}
	if opt.Exact && p.exactShares(posts, active, budget) {
		return
	}
	wins := make([]float64, len(posts))
	alloc := make([]float64, len(posts))
	drawn := make([]float64, len(posts))
	order := slices.Clone(active)
	for range opt.Draws {
		for _, i := range active {
			drawn[i] = posts[i].Rand()
		}
		slices.SortFunc(order, func(x, y int) int { return cmp.Compare(drawn[y], drawn[x]) })
		wins[order[0]]++
		left := float64(budget)
		for _, i := range order {
			if left <= 0 {
				break
			}
			s := left
			if c := p.Recs[i].Capacity; c > 0 {
				s = min(s, float64(c))
			}
			alloc[i] += s
			left -= s
		}
	}
	for i := range p.Recs {
		p.Recs[i].ProbBest = wins[i] / float64(opt.Draws)
		alloc[i] /= float64(opt.Draws)
	}
	// Paused arms drew nothing, so their wins and allocations are zero.
	for i, a := range roundAlloc(alloc) {
		p.Recs[i].Allocation = a
	}
}

// roundAlloc rounds to whole minor units keeping the total: floors first,
// then one more unit to the largest remainders.
func roundAlloc(xs []float64) []int64 {
	out := make([]int64, len(xs))
	var total float64
	var sum int64
	idx := make([]int, len(xs))
	for i, x := range xs {
		out[i] = int64(math.Floor(x))
		total += x
		sum += out[i]
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return cmp.Compare(xs[b]-math.Floor(xs[b]), xs[a]-math.Floor(xs[a]))
	})
	for k := int64(0); k < int64(math.Round(total))-sum && k < int64(len(idx)); k++ {
		out[idx[k]]++
	}
	return out
}
