package vetting

import (
	"errors"
	"math"
)

// lbfgs minimises a smooth convex function from x0 with limited-memory BFGS
// and a backtracking (Armijo) line search. It is written here rather than
// taken from gonum/optimize because that package drags in dependencies the
// module does not otherwise need, and an L2-regularised logistic loss is as
// friendly an objective as there is.
func lbfgs(f func([]float64) float64, grad func(g, x []float64), x0 []float64) ([]float64, error) {
	const (
		memory   = 10
		maxIter  = 1000
		gradTol  = 1e-6
		armijo   = 1e-4
		maxSteps = 40
	)
	n := len(x0)
	x := append([]float64(nil), x0...)
	g := make([]float64, n)
	grad(g, x)
	fx := f(x)
	var s, y [][]float64
	var rho []float64
	d := make([]float64, n)
	xn := make([]float64, n)
	gn := make([]float64, n)
	alpha := make([]float64, memory)
	for iter := 0; iter < maxIter; iter++ {
		if norm(g) < gradTol {
			return x, nil
		}
		// Two-loop recursion: d = -H·g.
		copy(d, g)
		for i := len(s) - 1; i >= 0; i-- {
			alpha[i] = rho[i] * dot(s[i], d)
			axpy(-alpha[i], y[i], d)
		}
		if k := len(s) - 1; k >= 0 {
			scale(dot(s[k], y[k])/dot(y[k], y[k]), d)
		}
		for i := range s {
			b := rho[i] * dot(y[i], d)
			axpy(alpha[i]-b, s[i], d)
		}
		scale(-1, d)
		slope := dot(g, d)
		if slope >= 0 { // not a descent direction: restart from the gradient
			copy(d, g)
			scale(-1, d)
			slope = dot(g, d)
			s, y, rho = s[:0], y[:0], rho[:0]
		}
		step := 1.0
		if len(s) == 0 {
			step = 1 / math.Max(1, norm(g))
		}
		var fn float64
		ok := false
		for range maxSteps {
			for i := range xn {
				xn[i] = x[i] + step*d[i]
			}
			fn = f(xn)
			if fn <= fx+armijo*step*slope {
				ok = true
				break
			}
			step /= 2
		}
		if !ok {
			// No decrease along a descent direction: at the floating-point
			// floor of the minimum.
			return x, nil
		}
		grad(gn, xn)
		sk, yk := make([]float64, n), make([]float64, n)
		for i := range sk {
			sk[i], yk[i] = xn[i]-x[i], gn[i]-g[i]
		}
		if sy := dot(sk, yk); sy > 1e-12 {
			if len(s) == memory {
				s, y, rho = s[1:], y[1:], rho[1:]
			}
			s, y, rho = append(s, sk), append(y, yk), append(rho, 1/sy)
		}
		copy(x, xn)
		copy(g, gn)
		fx = fn
		if math.IsNaN(fx) {
			return nil, errors.New("objective became NaN")
		}
	}
	return x, nil
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func norm(a []float64) float64 { return math.Sqrt(dot(a, a)) }

func axpy(a float64, x, y []float64) {
	for i := range x {
		y[i] += a * x[i]
	}
}

func scale(a float64, x []float64) {
	for i := range x {
		x[i] *= a
	}
}
