package optimize

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestRecommend(t *testing.T) {
	c := Campaign{Currency: "EUR", TargetCPA: 2000, Arms: []Arm{
		{ID: "a", Name: "Ana", Spend: 50000, Clicks: 2000, Conversions: 40},
		{ID: "b", Name: "Ben", Spend: 31000, Clicks: 1240, Conversions: 0},
		{ID: "c", Name: "Cleo", Spend: 20000, Clicks: 900, Conversions: 8},
	}}
	p, err := Recommend(c, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	// Exposure unit: 100 EUR = 10,000 cents. Pooled: 48 conversions on 10.1
	// units, r0 = 4.7525, prior Gamma(1, 0.21042).
	// Ana: Gamma(41, 5.21042), mean 7.8689, CPA 10000/7.8689 = 1270.8 cents;
	//      P(λ > 5) = P(Poisson(26.052) <= 40) ≈ 0.997 → scale.
	// Ben: Gamma(1, 3.31042) is exponential; λ at 97.5% = ln(40)/3.31042 =
	//      1.11432, so CPA is above 10000/1.11432 = 8974.1 cents → pause.
	// Cleo: Gamma(9, 2.21042), mean 4.0716, CPA 2456.0 cents;
	//      P(λ > 5) = P(Poisson(11.052) <= 8) ≈ 0.22 → keep.
	want := []struct {
		action Action
		cpa    float64
	}{{Scale, 1270.8}, {Pause, 33104.2}, {Keep, 2456.0}} // Ben's mean rate is 1/3.31042
	for i, w := range want {
		r := p.Recs[i]
		if r.Action != w.action || !near(r.CPA, w.cpa, 0.5) {
			t.Errorf("%s: %s CPA %.1f, want %s %.1f (%s)", r.Name, r.Action, r.CPA, w.action, w.cpa, r.Reason)
		}
	}
	if got := p.Recs[1].CPALow; !near(got, 8974.1, 0.5) {
		t.Errorf("Ben CPA lower bound %.2f, want 8974.1", got)
	}
	wantReason := "pause: 0 conversions from 1,240 clicks after spending 310.00 EUR; 95% interval of CPA (above 89.74 EUR) is above the campaign target 20.00 EUR"
	if p.Recs[1].Reason != wantReason {
		t.Errorf("reason\n%q\nwant\n%q", p.Recs[1].Reason, wantReason)
	}
	if !strings.HasPrefix(p.Recs[0].Reason, "scale: CPA 12.71 EUR (95% interval ") {
		t.Errorf("Ana reason %q", p.Recs[0].Reason)
	}
	if got := p.Recs[0].ProbBelowTarget; got < 0.99 {
		t.Errorf("Ana P(CPA below target) = %g, want about 0.997", got)
	}
	if p.Recs[1].Share != 0 || !near(p.Recs[0].Share+p.Recs[2].Share, 1, 1e-12) || p.Recs[0].Share < 0.9 {
		t.Errorf("shares %g %g %g", p.Recs[0].Share, p.Recs[1].Share, p.Recs[2].Share)
	}
}

func TestRecommendEvenWhenIgnorant(t *testing.T) {
	tests := []struct {
		name string
		arms []Arm
	}{
		{"no data", []Arm{{Name: "a"}, {Name: "b"}, {Name: "c"}, {Name: "d"}}},
		{"identical", []Arm{{Name: "a", Spend: 9000, Conversions: 3}, {Name: "b", Spend: 9000, Conversions: 3}}},
	}
	for _, tt := range tests {
		p, err := Recommend(Campaign{Currency: "USD", Arms: tt.arms}, Options{Seed: 2, Draws: 20000})
		if err != nil {
			t.Fatal(err)
		}
		n := float64(len(tt.arms))
		for _, r := range p.Recs {
			// Standard error of a share near 1/n from 20,000 draws is below 0.0036.
			if r.Action != Keep || math.Abs(r.Share-1/n) > 0.015 {
				t.Errorf("%s/%s: %s share %g, want keep about %g (%s)", tt.name, r.Name, r.Action, r.Share, 1/n, r.Reason)
			}
		}
	}
}

func TestRecommendCapacity(t *testing.T) {
	// Two arms alike, the first capped at 300 of a 1,000 budget. Half the
	// draws rank it first (300 to it, 700 to the other), half second (all
	// 1,000 to the other): 150 and 850 on average, with a Monte Carlo
	// standard error of 150/sqrt(20,000) ≈ 1.1.
	c := Campaign{Currency: "EUR", Budget: 1000, Arms: []Arm{{Name: "capped", Capacity: 300}, {Name: "open"}}}
	p, err := Recommend(c, Options{Seed: 4, Draws: 20000})
	if err != nil {
		t.Fatal(err)
	}
	a, b := p.Recs[0].Allocation, p.Recs[1].Allocation
	if a+b != 1000 || math.Abs(float64(a)-150) > 6 || !near(p.Recs[0].Share, float64(a)/1000, 1e-12) {
		t.Errorf("allocations %d and %d, want about 150 and 850 summing to 1000", a, b)
	}
}

func TestRoundAlloc(t *testing.T) {
	// 1.5 + 2.25 + 3.25 = 7: floors 1 + 2 + 3 = 6, the extra unit to the
	// largest remainder (0.5).
	got := roundAlloc([]float64{1.5, 2.25, 3.25})
	if got[0] != 2 || got[1] != 2 || got[2] != 3 {
		t.Errorf("roundAlloc = %v, want [2 2 3]", got)
	}
}

func TestRecommendErrors(t *testing.T) {
	tests := []struct {
		c    Campaign
		want string
	}{
		{Campaign{Currency: "EUR"}, "no arms"},
		{Campaign{Currency: "EURO", Arms: []Arm{{}}}, `currency "EURO"`},
		{Campaign{Currency: "EUR", Arms: []Arm{{Name: "x", Spend: -1}}}, `arm 1 ("x"): negative`},
		{Campaign{Currency: "EUR", TargetCPA: -5, Arms: []Arm{{}}}, "target CPA -5"},
	}
	for _, tt := range tests {
		_, err := Recommend(tt.c, Options{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("error %v, want %q", err, tt.want)
		}
	}
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func BenchmarkRecommend(b *testing.B) {
	for _, n := range []int{5, 20} {
		arms := make([]Arm, n)
		for i := range arms {
			arms[i] = Arm{Name: fmt.Sprint(i), Spend: int64(10000 + 1000*i), Clicks: int64(400 + 10*i), Conversions: int64(i % 7)}
		}
		c := Campaign{Currency: "EUR", TargetCPA: 3000, Arms: arms}
		b.Run(fmt.Sprintf("arms=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Recommend(c, Options{Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
