package optimize

import (
	"math"
	"strings"
	"testing"
)

func TestChooseBenchmarks(t *testing.T) {
	// Eight micro results costing 100.00 to 800.00: p10 at position 0.7 of
	// the sorted costs = 10,000 + 0.7·10,000 = 17,000; p90 at 6.3 = 70,000 +
	// 0.3·10,000 = 73,000 minor units.
	var micro []Result
	for i := range 8 {
		micro = append(micro, Result{Tier: "micro", Cost: int64(i+1) * 10000, Reach: 10000, Clicks: 100, Conversions: 2})
	}
	var all []Result
	for _, tier := range []string{"nano", "micro", "mid", "macro", "mega"} {
		for range 8 {
			all = append(all, Result{Tier: tier, Cost: 5000, Reach: 1000, Clicks: 10, Conversions: 1})
		}
	}
	tests := []struct {
		name     string
		currency string
		history  []Result
		perUSD   float64
		basis    Basis
		planIn   string
		tiers    []string
		nano     Range // cost per nano creator, when planned
		micro    Range
		note     string
	}{
		// USD without history: the defaults as they are (nano $10-100).
		{"usd defaults", "USD", nil, 0, BasisDefaults, "USD", []string{"nano", "micro", "mid", "macro", "mega"}, Range{1000, 10000}, Range{10000, 50000}, ""},
		// USD with history in every tier: all its own (constant costs 50.00).
		{"usd history", "USD", all, 0, BasisHistory, "USD", []string{"nano", "micro", "mid", "macro", "mega"}, Range{5000, 5000}, Range{5000, 5000}, ""},
		// EUR at 0.92 per USD: nano 1,000 × 0.92 = 920 to 9,200 cents.
		{"eur converted", "EUR", nil, 0.92, BasisConverted, "EUR", []string{"nano", "micro", "mid", "macro", "mega"}, Range{920, 9200}, Range{9200, 46000}, "0.92 EUR per USD"},
		// JPY at 150 per USD, no minor unit: $10.00 = 1,000 cents → ¥1,500.
		{"jpy converted", "JPY", nil, 150, BasisConverted, "JPY", []string{"nano", "micro", "mid", "macro", "mega"}, Range{1500, 15000}, Range{15000, 75000}, "150 JPY per USD"},
		// EUR with no rate and no history: USD figures, said so.
		{"eur without rate", "EUR", nil, 0, BasisDefaults, "USD", []string{"nano", "micro", "mid", "macro", "mega"}, Range{1000, 10000}, Range{10000, 50000}, "are in USD"},
		// EUR history for micro only, no rate: only micro is planned.
		{"eur history only", "EUR", micro, 0, BasisHistory, "EUR", []string{"micro"}, Range{}, Range{17000, 73000}, "Only tiers with 8 or more past results in EUR are planned (micro)"},
		// EUR history for micro, rate set: micro its own, the rest converted.
		{"eur history and rate", "EUR", micro, 0.92, BasisMixed, "EUR", []string{"nano", "micro", "mid", "macro", "mega"}, Range{920, 9200}, Range{17000, 73000}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch, err := ChooseBenchmarks(tt.currency, tt.history, tt.perUSD)
			if err != nil {
				t.Fatal(err)
			}
			b := ch.Benchmarks
			if ch.Basis != tt.basis || b.Currency != tt.planIn || !strings.Contains(ch.Note, tt.note) || (tt.note == "") != (ch.Note == "") {
				t.Errorf("basis %s in %s, note %q; want %s in %s, note with %q", ch.Basis, b.Currency, ch.Note, tt.basis, tt.planIn, tt.note)
			}
			var names []string
			for _, tb := range b.Tiers {
				names = append(names, tb.Tier)
				want := map[string]Range{"nano": tt.nano, "micro": tt.micro}[tb.Tier]
				if want != (Range{}) && (math.Abs(tb.CostPerCreator.Low-want.Low) > 1e-6 || math.Abs(tb.CostPerCreator.High-want.High) > 1e-6) {
					t.Errorf("%s cost %v, want %v", tb.Tier, tb.CostPerCreator, want)
				}
			}
			if strings.Join(names, ",") != strings.Join(tt.tiers, ",") {
				t.Errorf("tiers %v, want %v", names, tt.tiers)
			}
			// The plan runs in the chosen currency.
			p, err := PlanBudget(PlanRequest{Budget: 1000000, Currency: b.Currency, Goal: GoalConversions, Benchmarks: b, Seed: 1})
			if err != nil || p.Currency != tt.planIn || p.Spend > 1000000 {
				t.Errorf("plan in %s spends %d: %v", p.Currency, p.Spend, err)
			}
		})
	}
}

func TestChooseBenchmarksErrors(t *testing.T) {
	for _, tc := range []struct {
		currency string
		perUSD   float64
	}{{"euro", 1}, {"EUR", -1}, {"EUR", math.Inf(1)}, {"EUR", math.NaN()}} {
		if _, err := ChooseBenchmarks(tc.currency, nil, tc.perUSD); err == nil {
			t.Errorf("%s at %g: no error", tc.currency, tc.perUSD)
		}
	}
}
