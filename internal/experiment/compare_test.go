package experiment

import (
	"strings"
	"testing"
)

func TestCompareRates(t *testing.T) {
	tests := []struct {
		name     string
		vs       []Variant
		opt      Options
		leader   int
		decided  bool
		more     int64
		verdict  string // prefix
		maxLoss0 float64
	}{
		{
			// 2.0% vs 3.0% CTR on 10,000 impressions each: z ≈ 0.01/0.0022 ≈ 4.5,
			// so P(B best) is above 99.9%.
			name:    "clear winner",
			vs:      []Variant{{"Hook A", 10000, 200}, {"Hook B", 10000, 300}},
			opt:     Options{Unit: "impressions"},
			leader:  1,
			decided: true,
			verdict: "Hook B is better than Hook A with over 99.9% probability (expected loss under 0.0001 pp)",
		},
		{
			// Beta(2,50) vs Beta(3,49): means 2/52 and 3/52 (the prior adds one of each).
			// n = (1.6449+0.8416)²·(p1q1+p2q2)/(1/52)² = 6.1826·(0.05436+0.03698)·2704
			//   = 1527.0, so 1528 - 50 = 1478 more, shown as 1,500.
			name:    "too few clicks",
			vs:      []Variant{{"A", 50, 1}, {"B", 50, 2}},
			opt:     Options{Unit: "clicks"},
			leader:  1,
			more:    1500,
			verdict: "Not enough data yet: need about 1,500 more clicks per variant (B leads with ",
		},
		{
			// Identical arms: P(best) = 1/3 each, so the verdict waits. The leaders'
			// difference is 0, so advice plans for 5% of p = 0.02:
			// n = 6.1826·2·0.02·0.98/0.001² = 242,358, minus 5,000 = 237,358 → 240,000.
			name:    "identical three",
			vs:      []Variant{{"A", 5000, 99}, {"B", 5000, 99}, {"C", 5000, 99}},
			opt:     Options{Unit: "clicks", MinTrials: 10},
			more:    240000,
			verdict: "Not enough data yet: need about 240,000 more clicks per variant",
		},
		{
			name:    "three arms, one clearly best",
			vs:      []Variant{{"Offer 10%", 4000, 80}, {"Offer 15%", 4000, 88}, {"Free shipping", 4000, 160}},
			leader:  2,
			decided: true,
			verdict: "Free shipping is the best of 3 variants with over 99.9% probability (expected loss under 0.0001 pp)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := CompareRates(tt.vs, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if r.Leader != tt.leader || r.Decided != tt.decided || r.MoreTrials != tt.more {
				t.Errorf("leader %d decided %v more %d, want %d %v %d", r.Leader, r.Decided, r.MoreTrials, tt.leader, tt.decided, tt.more)
			}
			if !strings.HasPrefix(r.Verdict, tt.verdict) {
				t.Errorf("verdict %q\nwant prefix %q", r.Verdict, tt.verdict)
			}
			var sum float64
			for _, a := range r.Arms {
				sum += a.ProbBest
				if a.Lower > a.Mean || a.Mean > a.Upper {
					t.Errorf("%s: mean %g outside [%g, %g]", a.Name, a.Mean, a.Lower, a.Upper)
				}
			}
			if !near(sum, 1, 1e-6) {
				t.Errorf("P(best) sums to %g", sum)
			}
		})
	}
}

func TestCompareRatesErrors(t *testing.T) {
	tests := []struct {
		vs   []Variant
		opt  Options
		want string
	}{
		{[]Variant{{"A", 10, 1}}, Options{}, "need at least 2 variants"},
		{[]Variant{{"A", 10, 1}, {"B", 10, 11}}, Options{}, `variant 2 ("B"): 11 successes out of 10 trials`},
		{[]Variant{{"A", 10, 1}, {"B", 10, 1}}, Options{Threshold: 1.5}, "threshold 1.5"},
		{[]Variant{{"A", 10, 1}, {"B", 10, 1}}, Options{Prior: Prior{-1, 1}}, "prior Beta(-1, 1)"},
	}
	for _, tt := range tests {
		_, err := CompareRates(tt.vs, tt.opt)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error %v, want %q", tt.vs, err, tt.want)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct{ got, want string }{
		{percent(0.9497), "94%"},
		{percent(0.97), "97%"},
		{percent(0.9962), "99.6%"},
		{percent(0.99991), "over 99.9%"},
		{sig2(0.0234), "0.023"},
		{sig2(1.56), "1.6"},
		{sig2(123.4), "123"},
		{sig2(0.00000012), "under 0.0001"},
		{thousands(1234567), "1,234,567"},
		{thousands(999), "999"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	for _, tt := range []struct{ n, want int64 }{{99, 99}, {100, 100}, {101, 110}, {1478, 1500}, {237358, 240000}} {
		if got := roundUp2(tt.n); got != tt.want {
			t.Errorf("roundUp2(%d) = %d, want %d", tt.n, got, tt.want)
		}
	}
}
