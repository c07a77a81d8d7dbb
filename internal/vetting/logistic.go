package vetting

import (
	"errors"
	"fmt"
	"math"
)

// entry is one non-zero feature value of a training example. Accounts fill
// every slot; comments use a few of thousands of token slots, so one sparse
// form serves both.
type entry struct {
	j int32
	v float64
}

// example is one labelled, weighted row for the fitter.
type example struct {
	x      []entry
	y      float64 // 1 positive (fake, spam), 0 negative
	weight float64
}

// fitLogistic minimises the weighted mean log loss plus lambda/2·|w|² (the
// intercept is not penalised, so class balance stays the weights' business).
// It returns dim weights and the intercept.
func fitLogistic(rows []example, dim int, lambda float64) ([]float64, float64, error) {
	if len(rows) == 0 {
		return nil, 0, errors.New("fit: no training rows")
	}
	var total float64
	for _, r := range rows {
		total += r.weight
	}
	if total <= 0 {
		return nil, 0, errors.New("fit: training weights sum to zero")
	}
	// x[dim] is the intercept.
	loss := func(x []float64) float64 {
		var l float64
		for _, r := range rows {
			z := x[dim]
			for _, e := range r.x {
				z += x[e.j] * e.v
			}
			// log(1+exp(z)) - y·z, written to stay finite for large |z|.
			l += r.weight * (softplus(z) - r.y*z)
		}
		l /= total
		var pen float64
		for _, w := range x[:dim] {
			pen += w * w
		}
		return l + lambda/2*pen
	}
	grad := func(g, x []float64) {
		for i := range g {
			g[i] = 0
		}
		for _, r := range rows {
			z := x[dim]
			for _, e := range r.x {
				z += x[e.j] * e.v
			}
			d := r.weight * (sigmoid(z) - r.y) / total
			for _, e := range r.x {
				g[e.j] += d * e.v
			}
			g[dim] += d
		}
		for i := 0; i < dim; i++ {
			g[i] += lambda * x[i]
		}
	}
	x, err := lbfgs(loss, grad, make([]float64, dim+1))
	if err != nil {
		return nil, 0, fmt.Errorf("fit: %w", err)
	}
	return x[:dim:dim], x[dim], nil
}

func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

func softplus(z float64) float64 {
	if z > 30 {
		return z
	}
	return math.Log1p(math.Exp(z))
}
