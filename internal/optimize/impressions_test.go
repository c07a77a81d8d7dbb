package optimize

import (
	"math"
	"testing"
)

func TestImpressionPrior(t *testing.T) {
	// A buys 100,000 impressions for 10.00 (100 a minor unit), B 300,000
	// (300): pooled 400,000 / 2,000 = 200, so g = 0.5 and 1.5.
	a := Arm{ID: "a", Capacity: 1000, Impressions: 100000}
	b := Arm{ID: "b", Capacity: 1000, Impressions: 300000}
	tests := []struct {
		name string
		arms []Arm
		want []float64 // posterior mean conversions per 100 USD
	}{
		// No data anywhere: r0 = 1, prior means 0.5 and 1.5 (Gamma(2, 2/m)).
		{"before any spend", []Arm{a, b}, []float64{0.5, 1.5}},
		// Unknown impressions: both at r0.
		{"unknown impressions", []Arm{{ID: "a", Capacity: 1000}, {ID: "b", Capacity: 1000}}, []float64{1, 1}},
		// A spent 100.00 (one exposure unit) for 10 clicks and 1 conversion:
		// r0 = 1, clicks per unit 10. A: m = (10 + 0.5)/(10·1 + 1) = 0.954545,
		// Gamma(2 + 1, 2/0.954545 + 1 = 3.095238), mean 0.969231.
		// B: m = (0 + 1.5)/1 = 1.5, Gamma(2, 1.333333), mean 1.5.
		{"after a round", []Arm{{ID: "a", Capacity: 1000, Impressions: 100000, Spend: 10000, Clicks: 10, Conversions: 1}, b}, []float64{0.969231, 1.5}},
	}
	for _, tt := range tests {
		p, err := Recommend(Campaign{Currency: "USD", Arms: tt.arms}, Options{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		for i, w := range tt.want {
			if got := p.Recs[i].ConvPer100; math.Abs(got-w) > 1e-6 {
				t.Errorf("%s: arm %d conversions per 100 = %g, want %g", tt.name, i, got, w)
			}
		}
	}
}
