package experiment

import (
	"fmt"
	"math"
	"testing"
)

func TestPosteriorMoments(t *testing.T) {
	tests := []struct {
		prior             Prior
		trials, successes int64
		mean, variance    float64
	}{
		// Beta(1+2, 1+6) = Beta(3, 7): mean 3/10, variance 21/(100·11).
		{Prior{}, 8, 2, 0.3, 21.0 / 1100},
		// Beta(0.5+0, 0.5+10) = Beta(0.5, 10.5): mean 0.5/11, variance 5.25/(121·12).
		{Prior{0.5, 0.5}, 10, 0, 0.5 / 11, 5.25 / (121 * 12)},
	}
	for _, tt := range tests {
		p := tt.prior.Update(tt.trials, tt.successes)
		if !near(p.Mean(), tt.mean, 1e-12) || !near(p.Variance(), tt.variance, 1e-12) {
			t.Errorf("%+v: mean %g variance %g, want %g %g", tt, p.Mean(), p.Variance(), tt.mean, tt.variance)
		}
	}
}

func TestInterval(t *testing.T) {
	tests := []struct {
		p      Posterior
		lo, hi float64
	}{
		// Uniform: quantiles are the probabilities themselves.
		{Posterior{1, 1}, 0.025, 0.975},
		// Beta(1, 2) has F(x) = 1-(1-x)², so x = 1-sqrt(1-q).
		{Posterior{1, 2}, 1 - math.Sqrt(0.975), 1 - math.Sqrt(0.025)},
	}
	for _, tt := range tests {
		lo, hi := tt.p.Interval(0.95)
		if !near(lo, tt.lo, 1e-9) || !near(hi, tt.hi, 1e-9) {
			t.Errorf("%+v: [%g, %g], want [%g, %g]", tt.p, lo, hi, tt.lo, tt.hi)
		}
	}
}

func TestProbGreater(t *testing.T) {
	tests := []struct {
		a, b Posterior
		want float64
	}{
		// ∫ 2x · x dx = 2/3 (closed form, whole α_b = 2).
		{Posterior{1, 1}, Posterior{2, 1}, 2.0 / 3},
		// ∫ 2.5x^1.5 · x dx = 2.5/3.5 (closed form over α_a = 1, then 1 - ·).
		{Posterior{1, 1}, Posterior{2.5, 1}, 5.0 / 7},
		// Neither α whole: numerical, ∫ 2.5x^1.5 · x^1.5 dx = 2.5/4.
		{Posterior{1.5, 1}, Posterior{2.5, 1}, 0.625},
		// Symmetry: identical posteriors are a coin toss.
		{Posterior{31, 971}, Posterior{31, 971}, 0.5},
		// Beta(1,2) vs Beta(2,1): ∫ 2x · (1-(1-x)²) dx = ∫ 4x² - 2x³ dx = 4/3 - 1/2.
		{Posterior{1, 2}, Posterior{2, 1}, 4.0/3 - 0.5},
	}
	for _, tt := range tests {
		if got := ProbGreater(tt.a, tt.b); !near(got, tt.want, 1e-9) {
			t.Errorf("P(%v > %v) = %.12f, want %.12f", tt.b, tt.a, got, tt.want)
		}
	}
}

// The closed form, the numerical integral and the Monte Carlo are three
// independent routes to the same number.
func TestProbGreaterRoutesAgree(t *testing.T) {
	pairs := [][2]Posterior{
		{{21, 981}, {33, 969}},         // 20/1000 vs 32/1000 clicks convert
		{{201, 9801}, {231, 9771}},     // 2.0% vs 2.3% on 10,000
		{{1, 1241}, {4, 1300}},         // nothing vs a little
		{{2001, 98001}, {2001, 98001}}, // identical, large
		{{5000, 5000}, {5100, 4900}},   // big rates
		{{3, 40000.5}, {7, 39996.5}},   // tiny rates, non-whole β
	}
	l := newLegendre()
	for _, pp := range pairs {
		closed := ProbGreater(pp[0], pp[1])
		numeric := probBest([]Posterior{pp[1], pp[0]}, 0, l)
		mc := ProbBestMC(pp[:], 200000, 7)
		if !near(closed, numeric, 1e-7) {
			t.Errorf("%v: closed form %.9f, integral %.9f", pp, closed, numeric)
		}
		if math.Abs(mc.ProbBest[1]-closed) > 4*mc.StdErr+1e-4 {
			t.Errorf("%v: closed form %.5f, Monte Carlo %.5f ± %.5f", pp, closed, mc.ProbBest[1], mc.StdErr)
		}
	}
}

func TestProbBestIdentical(t *testing.T) {
	for _, n := range []int{1, 2, 3, 5, 8} {
		for _, p := range []Posterior{{1, 1}, {41, 1961}, {501, 99501}} {
			ps := make([]Posterior, n)
			for i := range ps {
				ps[i] = p
			}
			var sum float64
			for i, got := range ProbBest(ps) {
				sum += got
				if !near(got, 1/float64(n), 1e-7) {
					t.Errorf("%d × %v: arm %d P(best) %.9f, want 1/%d", n, p, i, got, n)
				}
			}
			if !near(sum, 1, 1e-7) {
				t.Errorf("%d × %v: P(best) sums to %.9f", n, p, sum)
			}
		}
	}
}

func TestProbBestManyArmsMatchesMonteCarlo(t *testing.T) {
	ps := []Posterior{{21, 981}, {26, 976}, {31, 971}, {24, 1478}, {3, 98}}
	exact := ProbBest(ps)
	loss := ExpectedLoss(ps)
	mc := ProbBestMC(ps, 200000, 11)
	for i := range ps {
		if math.Abs(exact[i]-mc.ProbBest[i]) > 4*mc.StdErr+1e-4 {
			t.Errorf("arm %d: P(best) %.5f, Monte Carlo %.5f ± %.5f", i, exact[i], mc.ProbBest[i], mc.StdErr)
		}
		// Loss draws have standard deviation below 0.02 here, so 4 standard
		// errors over 200,000 draws is below 2e-4.
		if math.Abs(loss[i]-mc.ExpectedLoss[i]) > 2e-4 {
			t.Errorf("arm %d: expected loss %.6f, Monte Carlo %.6f", i, loss[i], mc.ExpectedLoss[i])
		}
	}
}

func TestExpectedLossUniform(t *testing.T) {
	// The maximum of n uniforms has mean n/(n+1); each arm's mean is 1/2.
	for _, n := range []int{2, 3, 4} {
		ps := make([]Posterior, n)
		for i := range ps {
			ps[i] = Posterior{1, 1}
		}
		want := float64(n)/float64(n+1) - 0.5
		for i, got := range ExpectedLoss(ps) {
			if !near(got, want, 1e-9) {
				t.Errorf("n=%d arm %d: loss %.12f, want %.12f", n, i, got, want)
			}
		}
	}
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func BenchmarkProbBest(b *testing.B) {
	for _, n := range []int{2, 5} {
		ps := make([]Posterior, n)
		for i := range ps {
			ps[i] = Posterior{float64(200 + 10*i), float64(9800 - 10*i)}
		}
		b.Run(fmt.Sprintf("arms=%d", n), func(b *testing.B) {
			for b.Loop() {
				ProbBest(ps)
			}
		})
		b.Run(fmt.Sprintf("loss/arms=%d", n), func(b *testing.B) {
			for b.Loop() {
				ExpectedLoss(ps)
			}
		})
	}
}

// For large samples the Beta posteriors are close to normal, so P(B > A)
// must be close to Φ((μB - μA)/sqrt(vA + vB)): an independent check on the
// data of a published calculator example (420/5,000 vs 468/5,100,
// https://codingace.net/ds/bayesian_ab_test.html).
func TestProbGreaterNormalLimit(t *testing.T) {
	a, b := Prior{}.Update(5000, 420), Prior{}.Update(5100, 468)
	z := (b.Mean() - a.Mean()) / math.Sqrt(a.Variance()+b.Variance())
	want := 0.5 * math.Erfc(-z/math.Sqrt2)
	if got := ProbGreater(a, b); math.Abs(got-want) > 0.005 {
		t.Errorf("P(B > A) = %.5f, normal limit %.5f", got, want)
	}
}
