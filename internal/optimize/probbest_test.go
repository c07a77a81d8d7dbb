package optimize

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// negBinomWin is P(X1 > X2) for X1 ~ Gamma(a1, b1), X2 ~ Gamma(a2, b2) with
// an integer a2, in closed form: F2(x) = 1 − Σ_{k<a2} e^{−b2 x}(b2 x)^k/k!,
// and E[e^{−b2 X1}(b2 X1)^k]/k! = C(a1+k−1, k) p^a1 q^k with p = b1/(b1+b2),
// q = 1 − p, so P = 1 − Σ_{k<a2} C(a1+k−1, k) p^a1 q^k (a negative binomial
// CDF), an answer independent of the quadrature.
func negBinomWin(a1, b1 float64, a2 int, b2 float64) float64 {
	p := b1 / (b1 + b2)
	q := 1 - p
	var s float64
	for k := range a2 {
		lc, _ := math.Lgamma(a1 + float64(k))
		la, _ := math.Lgamma(a1)
		lk, _ := math.Lgamma(float64(k) + 1)
		s += math.Exp(lc - la - lk + a1*math.Log(p) + float64(k)*math.Log(q))
	}
	return 1 - s
}

func TestProbBest(t *testing.T) {
	g := func(alpha, beta float64) distuv.Gamma { return distuv.Gamma{Alpha: alpha, Beta: beta} }
	tests := []struct {
		name   string
		posts  []distuv.Gamma
		active []int
		want   []float64
		tol    float64
	}{
		// Exponential rates 1, 2, 3 (the draws are Exp with means 1, 1/2,
		// 1/3): P(X1 max) = ∫ e^−x (1−e^−2x)(1−e^−3x) dx
		// = 1 − 1/3 − 1/4 + 1/6 = 7/12; P(X2 max) = 1 − 2/3 − 2/5 + 2/6 = 8/30;
		// P(X3 max) = 1 − 3/4 − 3/5 + 3/6 = 3/20.
		{"exponentials", []distuv.Gamma{g(1, 1), g(1, 2), g(1, 3)}, []int{0, 1, 2}, []float64{7.0 / 12, 8.0 / 30, 3.0 / 20}, 1e-7},
		// Gamma(2, 1) against Exp(1): 1 − E[e^−X1] = 1 − (1/2)² = 3/4.
		{"shape 2 against 1", []distuv.Gamma{g(2, 1), g(1, 1)}, []int{0, 1}, []float64{0.75, 0.25}, 1e-7},
		// Identical arms share evenly, whatever their shape.
		{"five identical", []distuv.Gamma{g(300, 100), g(300, 100), g(300, 100), g(300, 100), g(300, 100)},
			[]int{0, 1, 2, 3, 4}, []float64{0.2, 0.2, 0.2, 0.2, 0.2}, 1e-7},
		// The paused arm (index 1) does not take part: the other two split.
		{"paused arm left out", []distuv.Gamma{g(2, 1), g(50, 1), g(1, 1)}, []int{0, 2}, []float64{0.75, 0, 0.25}, 1e-7},
		// Rate ~10 with 1,000 conversions against rate ~1: the second
		// cannot win (its 1-1e-10 quantile is below the first's lower one).
		{"dominated", []distuv.Gamma{g(1000, 100), g(50, 50)}, []int{0, 1}, []float64{1, 0}, 1e-12},
		// Narrow against wide: mean 2 with 2,000 conversions against mean
		// 1.8 with 9: the panels must follow the narrow one.
		{"narrow against wide", []distuv.Gamma{g(2000, 1000), g(9, 5)}, []int{0, 1},
			[]float64{negBinomWin(2000, 1000, 9, 5), 1 - negBinomWin(2000, 1000, 9, 5)}, 1e-7},
	}
	for _, tt := range tests {
		got, ok := probBest(tt.posts, tt.active)
		if !ok {
			t.Errorf("%s: not computed", tt.name)
			continue
		}
		for i, w := range tt.want {
			if math.Abs(got[i]-w) > tt.tol {
				t.Errorf("%s: arm %d: %.9f, want %.9f", tt.name, i, got[i], w)
			}
		}
	}
	// Large counts, by the closed form: a1 = 200, b1 = 100 (mean 2) against
	// a2 = 180, b2 = 100 (mean 1.8).
	want := negBinomWin(200, 100, 180, 100)
	if got, _ := probBest([]distuv.Gamma{g(200, 100), g(180, 100)}, []int{0, 1}); math.Abs(got[0]-want) > 1e-7 || want < 0.8 || want > 0.99 {
		t.Errorf("200 against 180 conversions: %.9f, want %.9f", got[0], want)
	}
	if _, ok := probBest([]distuv.Gamma{g(0.5, 1), g(2, 1)}, []int{0, 1}); ok {
		t.Error("a shape below 1 was integrated")
	}
}

// TestProbBestAgreesWithDraws compares the quadrature with a million
// Thompson draws on a campaign-like set of posteriors (shapes from 2 to
// 400, means crossing): each probability within five standard errors,
// sqrt(p(1−p)/1e6) ≤ 0.0005.
func TestProbBestAgreesWithDraws(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	var posts []distuv.Gamma
	for i := range 12 {
		conv := float64([]int{0, 3, 40, 400, 120, 9, 250, 60, 2, 310, 15, 100}[i])
		spend := 1 + conv/(1.5+rng.Float64())
		posts = append(posts, distuv.Gamma{Alpha: 2 + conv, Beta: 2 + spend})
	}
	active := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	got, ok := probBest(posts, active)
	if !ok {
		t.Fatal("not computed")
	}
	const draws = 1_000_000
	wins := make([]float64, len(posts))
	src := rand.New(rand.NewPCG(1, 2))
	for i := range posts {
		posts[i].Src = src
	}
	for range draws {
		best, bi := -1.0, 0
		for i := range posts {
			if x := posts[i].Rand(); x > best {
				best, bi = x, i
			}
		}
		wins[bi]++
	}
	var sum float64
	for i, w := range wins {
		p := w / draws
		se := math.Sqrt(max(p*(1-p), 1e-6) / draws)
		if math.Abs(got[i]-p) > 5*se {
			t.Errorf("arm %d: quadrature %.5f, draws %.5f (se %.5f)", i, got[i], p, se)
		}
		sum += got[i]
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("probabilities add up to %.15f", sum)
	}
}

// BenchmarkRecommend34 is a campaign of 34 creators, as in the reports
// benchmark's world, decided by 4,000 Thompson draws and by quadrature.
func BenchmarkRecommend34(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	c := Campaign{Currency: "EUR", Budget: 1_000_000}
	for i := range 34 {
		spend := int64(50_000 + rng.IntN(200_000))
		conv := int64(float64(spend) / 1000 * (0.5 + rng.Float64()))
		c.Arms = append(c.Arms, Arm{ID: string(rune('a' + i)), Spend: spend, Clicks: 20 * conv, Conversions: conv})
	}
	for _, bb := range []struct {
		name  string
		exact bool
	}{{"draws", false}, {"exact", true}} {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Recommend(c, Options{Seed: 1, Exact: bb.exact}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestRecommendExact: the campaign of TestRecommend decided with Exact gives
// the same actions, and shares within the Monte Carlo error of 100,000 draws
// (a standard error of at most 0.0016); with a capacity Exact does not apply
// and the plan is the sampled one, to the last bit.
func TestRecommendExact(t *testing.T) {
	arms := []Arm{
		{ID: "a", Name: "Ana", Spend: 50000, Clicks: 2000, Conversions: 40},
		{ID: "b", Name: "Ben", Spend: 31000, Clicks: 1240, Conversions: 0},
		{ID: "c", Name: "Cleo", Spend: 20000, Clicks: 900, Conversions: 8},
	}
	c := Campaign{Currency: "EUR", TargetCPA: 2000, Budget: 100000, Arms: arms}
	exact, err := Recommend(c, Options{Exact: true})
	if err != nil {
		t.Fatal(err)
	}
	drawn, err := Recommend(c, Options{Seed: 1, Draws: 100_000})
	if err != nil {
		t.Fatal(err)
	}
	var alloc int64
	for i, r := range exact.Recs {
		d := drawn.Recs[i]
		if r.Action != d.Action || math.Abs(r.Share-d.Share) > 0.008 || math.Abs(r.ProbBest-d.ProbBest) > 0.008 {
			t.Errorf("%s: exact %s share %.4f, drawn %s share %.4f", r.Name, r.Action, r.Share, d.Action, d.Share)
		}
		alloc += r.Allocation
	}
	// Ben is paused (see TestRecommend): his allocation is zero, the others
	// split the whole budget.
	if alloc != c.Budget || exact.Recs[1].Allocation != 0 {
		t.Errorf("allocations %d (Ben %d), want %d in all and 0 for Ben", alloc, exact.Recs[1].Allocation, c.Budget)
	}

	capped := c
	capped.Arms = append([]Arm(nil), arms...)
	capped.Arms[0].Capacity = 30000
	a, err := Recommend(capped, Options{Seed: 5, Exact: true})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Recommend(capped, Options{Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.Recs {
		if a.Recs[i].Allocation != b.Recs[i].Allocation || a.Recs[i].ProbBest != b.Recs[i].ProbBest {
			t.Errorf("with a capacity, %s: Exact %+v, sampled %+v", a.Recs[i].Name, a.Recs[i], b.Recs[i])
		}
	}
}
