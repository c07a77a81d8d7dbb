package experiment

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/integrate/quad"
)

// Posteriors of busy variants are needle-thin (10,000 clicks at 2% give a
// standard deviation of 0.0014), so one quadrature rule over [0, 1] would
// miss them. We integrate piecewise between breakpoints placed at multiples
// of each posterior's standard deviation around its mean, with a
// Gauss-Legendre rule on each piece. Beyond 40 standard deviations a Beta
// density carries less than 1e-9 of its mass even when strongly skewed.
var sdSteps = [...]float64{-40, -12, -6, -4, -3, -2, -1, -0.5, 0, 0.5, 1, 2, 3, 4, 6, 12, 40}

const legendreNodes = 16

// legendre holds the nodes and weights of the rule on [0, 1], computed once
// per call site; it is read-only afterwards.
type legendre struct {
	x, w [legendreNodes]float64
}

func newLegendre() *legendre {
	l := new(legendre)
	quad.Legendre{}.FixedLocations(l.x[:], l.w[:], 0, 1)
	return l
}

// breakpoints returns the sorted, de-duplicated piece boundaries in [0, 1]
// that cover the bulk of every posterior in ps.
func breakpoints(ps ...Posterior) []float64 {
	pts := make([]float64, 0, len(ps)*len(sdSteps)+2)
	pts = append(pts, 0, 1)
	for _, p := range ps {
		m, sd := p.Mean(), math.Sqrt(p.Variance())
		for _, k := range sdSteps {
			x := m + k*sd
			if x > 0 && x < 1 {
				pts = append(pts, x)
			}
		}
	}
	slices.Sort(pts)
	return slices.Compact(pts)
}

// integrate sums f over [0, 1] piece by piece between the breakpoints.
func (l *legendre) integrate(pts []float64, f func(x float64) float64) float64 {
	var sum float64
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		w := b - a
		for j := range legendreNodes {
			sum += l.w[j] * w * f(a+w*l.x[j])
		}
	}
	return sum
}
