package experiment

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// MonteCarlo is the result of sampling the posteriors.
type MonteCarlo struct {
	ProbBest     []float64
	ExpectedLoss []float64
	// StdErr is the largest standard error of the ProbBest estimates,
	// sqrt(p(1-p)/draws): the Monte Carlo error to quote with them.
	StdErr float64
	Draws  int
}

// ProbBestMC estimates P(best) and the expected loss by drawing from each
// posterior draws times with a generator seeded by seed. ProbBest is exact
// and preferable; this exists to cross-check it and for models without a
// closed form.
func ProbBestMC(ps []Posterior, draws int, seed uint64) MonteCarlo {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	ds := make([]distuv.Beta, len(ps))
	for i, p := range ps {
		ds[i] = distuv.Beta{Alpha: p.Alpha, Beta: p.Beta, Src: rng}
	}
	sample := make([]float64, len(ps))
	return tally(len(ps), draws, func() []float64 {
		for i := range ds {
			sample[i] = ds[i].Rand()
		}
		return sample
	})
}

// tally counts how often each arm wins among draws samples from next and
// averages the shortfall of each arm against the winner.
func tally(n, draws int, next func() []float64) MonteCarlo {
	mc := MonteCarlo{ProbBest: make([]float64, n), ExpectedLoss: make([]float64, n), Draws: draws}
	if n == 0 || draws <= 0 {
		return mc
	}
	for range draws {
		s := next()
		best := 0
		for i := range s {
			if s[i] > s[best] {
				best = i
			}
		}
		mc.ProbBest[best]++
		for i := range s {
			mc.ExpectedLoss[i] += s[best] - s[i]
		}
	}
	for i := range n {
		mc.ProbBest[i] /= float64(draws)
		mc.ExpectedLoss[i] /= float64(draws)
		p := mc.ProbBest[i]
		mc.StdErr = max(mc.StdErr, math.Sqrt(p*(1-p)/float64(draws)))
	}
	return mc
}
