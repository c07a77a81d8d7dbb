package optimize

import (
	"math"
	"strings"
	"testing"
)

func point(x float64) Range { return Range{x, x} }

func TestPlanBudgetDeterministic(t *testing.T) {
	a := TierBenchmark{"a", point(10000), point(10000), point(0.01), point(0.01)} // 100 clicks, 1 conversion for 100.00
	b := TierBenchmark{"b", point(50000), point(40000), point(0.01), point(0.05)} // 400 clicks, 20 conversions for 500.00
	tests := []struct {
		name   string
		req    PlanRequest
		counts map[string]int
		spend  int64
		clicks float64
		conv   float64
	}{
		{
			// One tier: the cap does not apply; 10 × 100.00 fit in 1,050.00.
			name:   "one tier",
			req:    PlanRequest{Budget: 105000, Goal: GoalClicks, Benchmarks: Benchmarks{Currency: "USD", Tiers: []TierBenchmark{a}}},
			counts: map[string]int{"a": 10}, spend: 100000, clicks: 1000, conv: 10,
		},
		{
			// Clicks: a gives 0.01 clicks per cent, b 0.008. a fills its cap of
			// 0.8 × 3,000.00 = 24 creators, then one b fits in the 600.00 left.
			name:   "clicks",
			req:    PlanRequest{Budget: 300000, Goal: GoalClicks, MaxTierShare: 0.8, Benchmarks: Benchmarks{Currency: "USD", Tiers: []TierBenchmark{a, b}}},
			counts: map[string]int{"a": 24, "b": 1}, spend: 290000, clicks: 2400 + 400, conv: 24 + 20,
		},
		{
			// Conversions: b gives 4e-4 per cent, a 1e-4. b takes 4 (2,000.00;
			// a fifth would pass the 2,400.00 cap), a the remaining 10.
			name:   "conversions",
			req:    PlanRequest{Budget: 300000, Goal: GoalConversions, MaxTierShare: 0.8, Benchmarks: Benchmarks{Currency: "USD", Tiers: []TierBenchmark{a, b}}},
			counts: map[string]int{"a": 10, "b": 4}, spend: 300000, clicks: 1000 + 1600, conv: 10 + 80,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.Currency = "USD"
			p, err := PlanBudget(tt.req)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, tp := range p.Tiers {
				got[tp.Tier] = tp.Creators
			}
			if len(got) != len(tt.counts) || p.Spend != tt.spend || p.Unspent != tt.req.Budget-tt.spend {
				t.Errorf("creators %v spend %d unspent %d, want %v %d", got, p.Spend, p.Unspent, tt.counts, tt.spend)
			}
			for k, v := range tt.counts {
				if got[k] != v {
					t.Errorf("tier %s: %d creators, want %d", k, got[k], v)
				}
			}
			for _, o := range []struct {
				name string
				o    Outcome
				want float64
			}{{"clicks", p.Clicks, tt.clicks}, {"conversions", p.Conversions, tt.conv}} {
				if !near(o.o.Expected, o.want, 1e-6*o.want) || !near(o.o.Low, o.want, 1e-6*o.want) || !near(o.o.High, o.want, 1e-6*o.want) {
					t.Errorf("%s %+v, want exactly %g", o.name, o.o, o.want)
				}
			}
		})
	}
}

// With all variation shared (CommonShare 1), k creators' clicks are
// k·exp(μr + μc + sqrt(σr² + σc²)·Z), whose 10th and 90th percentiles are
// known in closed form, both for the exact path (k <= 30) and for the
// normal-limit path (k > 30).
func TestPlanBudgetRanges(t *testing.T) {
	reach, ctr := Range{1000, 9000}, Range{0.004, 0.02}
	for _, k := range []int{1, 12, 200} {
		tier := TierBenchmark{"t", point(5000), reach, ctr, point(0.02)}
		req := PlanRequest{Budget: int64(5000 * k), Currency: "USD", Goal: GoalClicks, CommonShare: 1, Draws: 20000, Seed: 9,
			Benchmarks: Benchmarks{Currency: "USD", Tiers: []TierBenchmark{tier}}}
		p, err := PlanBudget(req)
		if err != nil {
			t.Fatal(err)
		}
		mr, sr := reach.logNormal()
		mc, sc := ctr.logNormal()
		s := math.Hypot(sr, sc)
		lo := float64(k) * math.Exp(mr+mc-z90*s)
		hi := float64(k) * math.Exp(mr+mc+z90*s)
		mean := float64(k) * reach.Mean() * ctr.Mean()
		// The Monte Carlo percentiles from 20,000 draws are within about 2%.
		if math.Abs(p.Clicks.Low/lo-1) > 0.03 || math.Abs(p.Clicks.High/hi-1) > 0.03 || !near(p.Clicks.Expected, mean, 1e-9*mean) {
			t.Errorf("k=%d: clicks %+v, want [%g, %g] mean %g", k, p.Clicks, lo, hi, mean)
		}
	}
}

func TestPlanBudgetDefaults(t *testing.T) {
	p, err := PlanBudget(PlanRequest{Budget: 1000000, Currency: "USD", Goal: GoalConversions, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if p.Spend > p.Budget || p.Spend < p.Budget*9/10 || len(p.Tiers) < 2 {
		t.Fatalf("plan %+v", p)
	}
	for _, o := range []Outcome{p.Reach, p.Clicks, p.Conversions} {
		if !(o.Low > 0 && o.Low < o.Expected && o.Expected < o.High) {
			t.Errorf("outcome %+v: want 0 < low < expected < high", o)
		}
	}
}

func TestPlanBudgetErrors(t *testing.T) {
	bad := Benchmarks{Currency: "USD", Tiers: []TierBenchmark{{"x", Range{0, 1}, point(1), point(1), point(1)}}}
	tests := []struct {
		req  PlanRequest
		want string
	}{
		{PlanRequest{Budget: 100, Currency: "EUR", Goal: GoalClicks}, "benchmarks are in USD"},
		{PlanRequest{Budget: 100, Currency: "USD", Goal: "likes"}, `goal "likes"`},
		{PlanRequest{Budget: 0, Currency: "USD", Goal: GoalClicks}, "budget 0"},
		{PlanRequest{Budget: 100, Currency: "USD", Goal: GoalClicks, Benchmarks: bad}, `tier "x" cost range [0, 1]`},
	}
	for _, tt := range tests {
		_, err := PlanBudget(tt.req)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("error %v, want %q", err, tt.want)
		}
	}
}

func TestBenchmarksFromHistory(t *testing.T) {
	var h []Result
	for i := 1; i <= 10; i++ {
		h = append(h, Result{Tier: "micro", Cost: int64(100 * i), Reach: 1000, Clicks: 9, Conversions: 0})
	}
	h = append(h, Result{Tier: "nano", Cost: 5})
	b := BenchmarksFromHistory("USD", h, DefaultBenchmarks())
	def := DefaultBenchmarks()
	for i, tb := range b.Tiers {
		if tb.Tier != "micro" {
			if tb != def.Tiers[i] {
				t.Errorf("tier %s changed without enough history: %+v", tb.Tier, tb)
			}
			continue
		}
		// Costs 100..1000: P10 at position 0.9 = 190, P90 at 8.1 = 910.
		// CTR (9.5)/(1001) everywhere; CVR 0.5/10 = 0.05.
		if !near(tb.CostPerCreator.Low, 190, 1e-9) || !near(tb.CostPerCreator.High, 910, 1e-9) ||
			!near(tb.CTR.Low, 9.5/1001, 1e-12) || !near(tb.CVR.High, 0.05, 1e-12) {
			t.Errorf("micro %+v", tb)
		}
	}
	if !strings.Contains(b.Source, "micro (10 results)") {
		t.Errorf("source %q", b.Source)
	}
}

func BenchmarkPlanBudget(b *testing.B) {
	req := PlanRequest{Budget: 5000000, Currency: "USD", Goal: GoalConversions, Seed: 1}
	for b.Loop() {
		if _, err := PlanBudget(req); err != nil {
			b.Fatal(err)
		}
	}
}
