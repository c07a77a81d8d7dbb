package experiment

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

func lbeta(a, b float64) float64 {
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	return la + lb - lab
}

// ProbGreater returns P(θ_b > θ_a) for two Beta posteriors.
//
// When one of the two α is a whole number it uses Evan Miller's closed form
// (https://www.evanmiller.org/bayesian-ab-testing.html):
//
//	P(θ_b > θ_a) = Σ_{i=0}^{α_b-1} B(α_a+i, β_a+β_b) / ((β_b+i) B(1+i, β_b) B(α_a, β_a))
//
// summed in log space so that thousands of successes do not overflow; the
// sum runs over the smaller whole α (using P(θ_b > θ_a) = 1 - P(θ_a > θ_b)).
// Otherwise, or beyond 20,000 terms, it integrates f_b(x)·F_a(x)
// numerically.
func ProbGreater(a, b Posterior) float64 {
	ia, aWhole := whole(a.Alpha)
	ib, bWhole := whole(b.Alpha)
	// The sum costs three log-gammas a term; past maxMillerTerms the
	// quadrature, as exact and of fixed cost, is cheaper.
	aWhole = aWhole && ia <= maxMillerTerms
	bWhole = bWhole && ib <= maxMillerTerms
	switch {
	case bWhole && (!aWhole || ib <= ia):
		return millerSum(a, b, ib)
	case aWhole:
		return 1 - millerSum(b, a, ia)
	}
	return probBest([]Posterior{b, a}, 0, newLegendre())
}

const maxMillerTerms = 20000

func whole(x float64) (int64, bool) {
	if x >= 1 && x < 1e9 && x == math.Trunc(x) {
		return int64(x), true
	}
	return 0, false
}

// millerSum is P(θ_b > θ_a) with b.Alpha == n, a whole number.
func millerSum(a, b Posterior, n int64) float64 {
	lbA := lbeta(a.Alpha, a.Beta)
	var sum float64
	for i := range n {
		fi := float64(i)
		sum += math.Exp(lbeta(a.Alpha+fi, a.Beta+b.Beta) - math.Log(b.Beta+fi) - lbeta(1+fi, b.Beta) - lbA)
	}
	return min(max(sum, 0), 1)
}

// ProbBest returns, for each posterior, the probability that its rate is the
// highest. Two arms use the closed form of ProbGreater when possible; more
// arms integrate
//
//	P(k best) = ∫ f_k(x) Π_{j≠k} F_j(x) dx
//
// numerically, which is exact to about 1e-9 without any randomness.
func ProbBest(ps []Posterior) []float64 {
	out := make([]float64, len(ps))
	switch len(ps) {
	case 0:
		return out
	case 1:
		out[0] = 1
		return out
	case 2:
		out[1] = ProbGreater(ps[0], ps[1])
		out[0] = 1 - out[1]
		return out
	}
	l := newLegendre()
	for k := range ps {
		out[k] = probBest(ps, k, l)
	}
	return out
}

func probBest(ps []Posterior, k int, l *legendre) float64 {
	fk := ps[k].dist()
	v := l.integrate(breakpoints(ps[k]), func(x float64) float64 {
		p := fk.Prob(x)
		for j, q := range ps {
			if j != k && p > 0 {
				p *= mathext.RegIncBeta(q.Alpha, q.Beta, x)
			}
		}
		return p
	})
	return min(max(v, 0), 1)
}

// ExpectedLoss returns, for each posterior, E[max_j θ_j - θ_k]: how much rate
// we expect to give up by choosing arm k. It uses
//
//	E[max_j θ_j] = ∫_0^1 (1 - Π_j F_j(x)) dx
//
// integrated numerically, minus the exact mean of θ_k.
func ExpectedLoss(ps []Posterior) []float64 {
	out := make([]float64, len(ps))
	if len(ps) < 2 {
		return out
	}
	l := newLegendre()
	emax := l.integrate(breakpoints(ps...), func(x float64) float64 {
		prod := 1.0
		for _, q := range ps {
			prod *= mathext.RegIncBeta(q.Alpha, q.Beta, x)
			if prod == 0 {
				break
			}
		}
		return 1 - prod
	})
	for k, p := range ps {
		out[k] = max(emax-p.Mean(), 0)
	}
	return out
}
