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
	// Exposure unit: 100 EUR = 10,000 cents. Pooled: 48 conversions and
	// 4,140 clicks on 10.1 units: r0 = 4.752475, 409.901 clicks per unit.
	// Prior means m = r0·(clicks+1)/(409.901·units+1), worth 2 conversions:
	// Ana:  m = 4.637737, Gamma(42, 2/m + 5 = 5.431245), mean 7.733034,
	//       CPA 1293.15 cents; P(λ > 5) = P(Poisson(27.16) <= 41) ≈ 0.995 → scale.
	// Ben:  m = 4.637771, Gamma(2, 3.531242), mean 0.566373, CPA 17656.2;
	//       Gamma(2, 1) has 97.5% quantile 5.57164 (e^-x(1+x) = 0.025), so
	//       CPA is above 10000·3.531242/5.57164 = 6337.8 cents → pause.
	// Cleo: m = 5.216825, Gamma(10, 2.383375), mean 4.195731, CPA 2383.37;
	//       P(λ > 5) = P(Poisson(11.92) <= 9) ≈ 0.26 → keep.
	want := []struct {
		action Action
		cpa    float64
	}{{Scale, 1293.15}, {Pause, 17656.2}, {Keep, 2383.37}}
	for i, w := range want {
		r := p.Recs[i]
		if r.Action != w.action || !near(r.CPA, w.cpa, 0.05) {
			t.Errorf("%s: %s CPA %.2f, want %s %.2f (%s)", r.Name, r.Action, r.CPA, w.action, w.cpa, r.Reason)
		}
	}
	if got := p.Recs[1].CPALow; !near(got, 6337.8, 0.1) {
		t.Errorf("Ben CPA lower bound %.2f, want 6337.8", got)
	}
	wantReason := "pause: 0 conversions from 1,240 clicks after spending 310.00 EUR; 95% interval of CPA (above 63.38 EUR) is above the campaign target 20.00 EUR"
	if p.Recs[1].Reason != wantReason {
		t.Errorf("reason\n%q\nwant\n%q", p.Recs[1].Reason, wantReason)
	}
	if !strings.HasPrefix(p.Recs[0].Reason, "scale: CPA 12.93 EUR (95% interval ") {
		t.Errorf("Ana reason %q", p.Recs[0].Reason)
	}
	if got := p.Recs[0].ProbBelowTarget; got < 0.99 {
		t.Errorf("Ana P(CPA below target) = %g, want about 0.995", got)
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

// Without a target the campaign's average is the yardstick, but an arm
// worse than the average is paused only when the budget does not need it.
func TestRecommendAverageTarget(t *testing.T) {
	a := Arm{Name: "A", Spend: 100000, Clicks: 5000, Conversions: 100}
	b := Arm{Name: "B", Spend: 60000, Clicks: 600, Conversions: 1}
	// Average CPA 160,000/101 = 1584 cents. B's CPA is near 600 EUR.
	p, err := Recommend(Campaign{Currency: "EUR", Budget: 100000, Arms: []Arm{a, b}}, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := "is above the campaign's average CPA 15.84 EUR, and Thompson sampling gives it under 1% of the budget"
	if r := p.Recs[1]; r.Action != Pause || r.Allocation != 0 || !strings.HasSuffix(r.Reason, want) {
		t.Errorf("B: %s %d %q", r.Action, r.Allocation, r.Reason)
	}
	if p.Recs[0].Allocation != 100000 || !p.TargetFromCampaign || p.TargetCPA != 1584 {
		t.Errorf("A: %d, target %d", p.Recs[0].Allocation, p.TargetCPA)
	}
	// When A can take only half the budget, B gets the other half.
	a.Capacity = 50000
	p, err = Recommend(Campaign{Currency: "EUR", Budget: 100000, Arms: []Arm{a, b}}, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if r := p.Recs[1]; r.Action != Keep || r.Allocation != 50000 {
		t.Errorf("B with A capped: %s %d %q", r.Action, r.Allocation, r.Reason)
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
