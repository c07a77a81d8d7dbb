package experiment

import (
	"math"
	"strings"
	"testing"
)

func repeat(v int64, n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// When every order has the same value v, the mean order value is exactly v
// in every draw, so revenue per click is v·θ with θ ~ Beta: its mean and
// quantiles are known in closed form.
func TestCompareRevenueConstantOrders(t *testing.T) {
	vs := []RevenueVariant{
		{"A", 1000, repeat(5000, 20)},
		{"B", 1000, repeat(5000, 40)},
	}
	r, err := CompareRevenue(vs, "EUR", RevenueOptions{Draws: 20000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range []float64{20, 40} {
		post := Posterior{1 + n, 1 + 1000 - n}
		lo, hi := post.Interval(0.95)
		a := r.Arms[i]
		// Mean 5000·(1+n)/1002: 104.79 and 204.59 cents; the Monte Carlo
		// standard error is 5000·sd(θ)/sqrt(20000) < 0.25.
		if !near(a.Mean, 5000*post.Mean(), 1) {
			t.Errorf("%s: mean %g, want %g", a.Name, a.Mean, 5000*post.Mean())
		}
		if math.Abs(a.Lower/(5000*lo)-1) > 0.03 || math.Abs(a.Upper/(5000*hi)-1) > 0.03 {
			t.Errorf("%s: interval [%g, %g], want about [%g, %g]", a.Name, a.Lower, a.Upper, 5000*lo, 5000*hi)
		}
	}
	// P(B best) equals the Beta comparison, since v scales both arms alike.
	want := ProbGreater(Posterior{21, 981}, Posterior{41, 961})
	if math.Abs(r.Arms[1].ProbBest-want) > 4*r.StdErr+1e-3 {
		t.Errorf("P(B best) %g, want %g ± %g", r.Arms[1].ProbBest, want, 4*r.StdErr)
	}
	if !r.Decided || !strings.HasPrefix(r.Verdict, "B earns more per click than A with ") || !strings.Contains(r.Verdict, "EUR per click") {
		t.Errorf("verdict %q", r.Verdict)
	}
}

func TestCompareRevenueIdentical(t *testing.T) {
	orders := []int64{1200, 3400, 2500, 9900, 4100, 2600, 3000, 1800}
	vs := []RevenueVariant{{"A", 600, orders}, {"B", 600, orders}, {"C", 600, orders}}
	r, err := CompareRevenue(vs, "USD", RevenueOptions{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range r.Arms {
		if math.Abs(a.ProbBest-1.0/3) > 4*r.StdErr {
			t.Errorf("%s: P(best) %g, want 1/3 ± %g", a.Name, a.ProbBest, 4*r.StdErr)
		}
	}
	if r.Decided || !strings.HasPrefix(r.Verdict, "Not enough data yet: need about ") {
		t.Errorf("verdict %q", r.Verdict)
	}
}

// Above normalOrders orders the mean order value is drawn from its normal
// limit; the mean of revenue per click must still be E[θ]·mean(values).
func TestCompareRevenueManyOrders(t *testing.T) {
	var big []int64
	for i := range 400 {
		big = append(big, int64(1000+i*10)) // mean 1000 + 10·199.5 = 2995
	}
	vs := []RevenueVariant{{"A", 20000, big}, {"B", 20000, big[:300]}}
	r, err := CompareRevenue(vs, "JPY", RevenueOptions{Seed: 5, Draws: 20000})
	if err != nil {
		t.Fatal(err)
	}
	// 2995·401/20002 = 60.04
	if want := 2995 * 401.0 / 20002; !near(r.Arms[0].Mean, want, 0.3) {
		t.Errorf("A mean %g, want %g", r.Arms[0].Mean, want)
	}
}

func TestCompareRevenueErrors(t *testing.T) {
	tests := []struct {
		vs   []RevenueVariant
		want string
	}{
		{[]RevenueVariant{{"A", 10, nil}, {"B", 10, nil}}, "no orders in any variant"},
		{[]RevenueVariant{{"A", 1, []int64{5, 6}}, {"B", 10, nil}}, `variant 1 ("A"): 2 orders from 1 clicks`},
		{[]RevenueVariant{{"A", 10, []int64{-5}}, {"B", 10, nil}}, `variant 1 ("A") order 1: negative value -5`},
		{[]RevenueVariant{{"A", 10, []int64{5}}, {"B", 10, nil}}, `currency "EURO"`},
	}
	for i, tt := range tests {
		currency := "EUR"
		if i == len(tests)-1 {
			currency = "EURO"
		}
		_, err := CompareRevenue(tt.vs, currency, RevenueOptions{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("error %v, want %q", err, tt.want)
		}
	}
}

func BenchmarkCompareRevenue(b *testing.B) {
	vs := []RevenueVariant{
		{"A", 3000, repeat(4500, 60)}, {"B", 3000, repeat(5200, 70)}, {"C", 3000, repeat(3900, 55)},
	}
	for b.Loop() {
		if _, err := CompareRevenue(vs, "EUR", RevenueOptions{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
