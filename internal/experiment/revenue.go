package experiment

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/chorushq/chorus/internal/conversions"
)

// RevenueVariant is one arm of a revenue-per-click comparison. Order values
// are in minor units of the comparison's currency (cents for EUR).
type RevenueVariant struct {
	Name        string
	Clicks      int64
	OrderValues []int64
}

// RevenueOptions tune CompareRevenue. Options.Unit is ignored (always clicks).
type RevenueOptions struct {
	Options
	Draws int    // Monte Carlo draws; zero: 4,000
	Seed  uint64 // the same seed gives the same answer
}

// RevenueArm summarises revenue per click of one variant. Estimates are
// float64 minor units per click: they are statistics, not amounts to book.
type RevenueArm struct {
	Name         string
	Clicks       int64
	Orders       int64
	Revenue      int64 // minor units
	Mean         float64
	Lower, Upper float64
	ProbBest     float64
	ExpectedLoss float64 // minor units per click
}

// RevenueResult compares revenue per click.
type RevenueResult struct {
	Currency   string
	Arms       []RevenueArm
	Leader     int
	Decided    bool
	MoreClicks int64
	// StdErr is the Monte Carlo standard error of the P(best) figures.
	StdErr  float64
	Draws   int
	Verdict string
}

// The order value model: a Dirichlet-process posterior whose base measure is
// the pooled order values of all variants with a weight of one order
// (priorOrders), which is the Bayesian bootstrap with a prior. Its mean
// order value draw is a weighted mean with Exp(1) weights on the variant's
// own orders and Gamma(priorOrders/m) weights on m pooled quantiles. Above
// normalOrders own orders the draw uses its normal limit instead, to keep a
// draw cheap.
const (
	priorOrders   = 1.0
	pooledAtoms   = 50
	normalOrders  = 200
	defaultDraws  = 4000
	revenueSeedHi = 0x2545f4914f6cdd1d
)

// CompareRevenue compares revenue per click = P(order | click) × mean order
// value, with the conversion rate drawn from its Beta posterior and the mean
// order value from the model above.
func CompareRevenue(vs []RevenueVariant, currency string, opt RevenueOptions) (RevenueResult, error) {
	o := opt.Options.withDefaults()
	o.Unit = "clicks"
	if opt.Draws == 0 {
		opt.Draws = defaultDraws
	}
	errs := []error{o.validate()}
	if len(vs) < 2 {
		errs = append(errs, fmt.Errorf("compare revenue: need at least 2 variants, got %d", len(vs)))
	}
	if opt.Draws < 100 {
		errs = append(errs, fmt.Errorf("draws %d: need at least 100", opt.Draws))
	}
	if _, err := conversions.Exponent(currency); err != nil {
		errs = append(errs, err)
	}
	var pooled []float64
	for i, v := range vs {
		if v.Clicks < int64(len(v.OrderValues)) {
			errs = append(errs, fmt.Errorf("variant %d (%q): %d orders from %d clicks", i+1, v.Name, len(v.OrderValues), v.Clicks))
		}
		for j, x := range v.OrderValues {
			if x < 0 {
				errs = append(errs, fmt.Errorf("variant %d (%q) order %d: negative value %d", i+1, v.Name, j+1, x))
			}
			pooled = append(pooled, float64(x))
		}
	}
	if len(pooled) == 0 && len(vs) >= 2 {
		errs = append(errs, errors.New("compare revenue: no orders in any variant, nothing to say about order value"))
	}
	if err := errors.Join(errs...); err != nil {
		return RevenueResult{}, err
	}

	rng := rand.New(rand.NewPCG(opt.Seed, revenueSeedHi))
	atoms := quantileAtoms(pooled, pooledAtoms)
	samplers := make([]func() float64, len(vs))
	for i, v := range vs {
		samplers[i] = rpcSampler(v, o.Prior, atoms, rng)
	}
	draws := make([][]float64, len(vs))
	sample := make([]float64, len(vs))
	mc := tally(len(vs), opt.Draws, func() []float64 {
		for k, s := range samplers {
			sample[k] = s()
			draws[k] = append(draws[k], sample[k])
		}
		return sample
	})

	r := RevenueResult{Currency: currency, Arms: make([]RevenueArm, len(vs)), StdErr: mc.StdErr, Draws: opt.Draws}
	tail := (1 - o.Level) / 2
	for k, v := range vs {
		var rev int64
		for _, x := range v.OrderValues {
			rev += x
		}
		d := draws[k]
		slices.Sort(d)
		r.Arms[k] = RevenueArm{
			Name: v.Name, Clicks: v.Clicks, Orders: int64(len(v.OrderValues)), Revenue: rev,
			Mean: mean(d), Lower: sortedQuantile(d, tail), Upper: sortedQuantile(d, 1-tail),
			ProbBest: mc.ProbBest[k], ExpectedLoss: mc.ExpectedLoss[k],
		}
		if mc.ProbBest[k] > mc.ProbBest[r.Leader] {
			r.Leader = k
		}
	}
	r.decide(o, draws)
	return r, nil
}

// rpcSampler returns a function drawing one revenue per click for v.
func rpcSampler(v RevenueVariant, prior Prior, atoms []float64, rng *rand.Rand) func() float64 {
	post := prior.Update(v.Clicks, int64(len(v.OrderValues)))
	conv := distuv.Beta{Alpha: post.Alpha, Beta: post.Beta, Src: rng}
	own := make([]float64, len(v.OrderValues))
	for i, x := range v.OrderValues {
		own[i] = float64(x)
	}
	if len(own) > normalOrders {
		m, sd := mean(own), stddev(own)
		se := sd / math.Sqrt(float64(len(own)))
		return func() float64 { return conv.Rand() * max(m+se*rng.NormFloat64(), 0) }
	}
	atomW := distuv.Gamma{Alpha: priorOrders / float64(len(atoms)), Beta: 1, Src: rng}
	return func() float64 {
		var sw, swx float64
		for _, x := range own {
			w := rng.ExpFloat64()
			sw += w
			swx += w * x
		}
		for _, x := range atoms {
			w := atomW.Rand()
			sw += w
			swx += w * x
		}
		if sw == 0 {
			return 0
		}
		return conv.Rand() * swx / sw
	}
}

// quantileAtoms summarises xs by at most m evenly spaced quantiles.
func quantileAtoms(xs []float64, m int) []float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) <= m {
		return s
	}
	out := make([]float64, m)
	for i := range out {
		out[i] = sortedQuantile(s, (float64(i)+0.5)/float64(m))
	}
	return out
}

func sortedQuantile(s []float64, q float64) float64 {
	if len(s) == 0 {
		return math.NaN()
	}
	pos := q * float64(len(s)-1)
	i := int(pos)
	if i >= len(s)-1 {
		return s[len(s)-1]
	}
	f := pos - float64(i)
	return s[i]*(1-f) + s[i+1]*f
}

func mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func stddev(xs []float64) float64 {
	if len(xs) < 2 {
		return 0
	}
	m := mean(xs)
	var s float64
	for _, x := range xs {
		s += (x - m) * (x - m)
	}
	return math.Sqrt(s / float64(len(xs)-1))
}

// decide fills the verdict. The clicks still needed scale the current
// clicks by how far the leader's lead is from clearing the threshold: the
// spread of the difference shrinks as 1/sqrt(clicks).
func (r *RevenueResult) decide(o Options, draws [][]float64) {
	lead := r.Arms[r.Leader]
	minClicks := lead.Clicks
	for _, a := range r.Arms {
		minClicks = min(minClicks, a.Clicks)
	}
	unit := minorUnit(r.Currency)
	r.Decided = minClicks >= o.MinTrials && lead.ProbBest >= o.Threshold
	if r.Decided {
		phrase := fmt.Sprintf("%s earns the most per click of %d variants", lead.Name, len(r.Arms))
		if len(r.Arms) == 2 {
			phrase = fmt.Sprintf("%s earns more per click than %s", lead.Name, r.Arms[1-r.Leader].Name)
		}
		r.Verdict = fmt.Sprintf("%s with %s probability (expected loss %s %s per click)",
			phrase, percent(lead.ProbBest), sig2(lead.ExpectedLoss/unit), r.Currency)
		return
	}
	second := -1
	for i, a := range r.Arms {
		if i != r.Leader && (second < 0 || a.Mean > r.Arms[second].Mean) {
			second = i
		}
	}
	s1, s2 := stddev(draws[r.Leader]), stddev(draws[second])
	diff := max(lead.Mean-r.Arms[second].Mean, o.MinRelativeEffect*lead.Mean)
	std := distuv.UnitNormal
	z := std.Quantile(o.Threshold) + std.Quantile(0.80)
	need := max(o.MinTrials-minClicks, 0)
	if diff > 0 {
		factor := z * z * (s1*s1 + s2*s2) / (diff * diff)
		if n := int64(math.Min(math.Ceil(float64(max(minClicks, 1))*factor), 1e15)) - minClicks; n > need {
			need = n
		}
	}
	r.MoreClicks = roundUp2(max(need, 1))
	r.Verdict = fmt.Sprintf("Not enough data yet: need about %s more clicks per variant (%s leads with %s probability)",
		thousands(r.MoreClicks), lead.Name, percent(lead.ProbBest))
}

// minorUnit is how many minor units make one major unit; currency was
// checked by CompareRevenue.
func minorUnit(currency string) float64 {
	exp, _ := conversions.Exponent(currency)
	return math.Pow10(exp)
}
