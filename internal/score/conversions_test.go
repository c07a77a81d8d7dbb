package score

import (
	"math"
	"strings"
	"testing"
)

func TestNewConversionBaseline(t *testing.T) {
	tests := []struct {
		name string
		rs   []ConversionRecord
		want ConversionBaseline
	}{{
		// N = 6000, K = 30, m = 0.005, m(1-m) = 0.004975. Rates 0.010,
		// 0.002, 0.002, 0.008, 0.006; n(p-m)^2 = 0.025 + 0.009 + 0.018 +
		// 0.009 + 0.001 = 0.062; S = 0.062/0.004975 = 12.46231;
		// κ = (6000 - 12.46231)/(12.46231 - 5) = 802.3704. The creator
		// without clicks is left out.
		name: "fitted",
		rs:   []ConversionRecord{{1000, 10}, {1000, 2}, {2000, 4}, {1000, 8}, {1000, 6}, {0, 3}},
		want: ConversionBaseline{Creators: 5, Clicks: 6000, Orders: 30, Mean: 0.005, Strength: 802.3703704, Fitted: true},
	}, {
		// Every creator at exactly the mean: S = 0 <= I, so κ = N.
		name: "no spread",
		rs:   []ConversionRecord{{1000, 5}, {1000, 5}, {1000, 5}, {1000, 5}, {1000, 5}},
		want: ConversionBaseline{Creators: 5, Clicks: 5000, Orders: 25, Mean: 0.005, Strength: 5000, Fitted: true},
	}, {
		// Four creators with none and one with 100 of 1,000: m = 0.02,
		// S = (4 x 1000 x 0.02^2 + 1000 x 0.08^2)/(0.02 x 0.98) = 8/0.0196
		// = 408.1633; κ = (5000 - 408.1633)/(408.1633 - 5) = 4591.8367/403.1633
		// = 11.38952.
		name: "wide spread",
		rs:   []ConversionRecord{{1000, 0}, {1000, 0}, {1000, 0}, {1000, 0}, {1000, 100}},
		want: ConversionBaseline{Creators: 5, Clicks: 5000, Orders: 100, Mean: 0.02, Strength: 11.3895216, Fitted: true},
	}, {
		name: "too few to fit",
		rs:   []ConversionRecord{{500, 1}, {1500, 7}},
		want: ConversionBaseline{Creators: 2, Clicks: 2000, Orders: 8, Mean: 0.004, Strength: DefaultPriorClicks},
	}, {
		name: "no clicks",
		rs:   []ConversionRecord{{0, 2}},
		want: ConversionBaseline{},
	}}
	for _, tt := range tests {
		got := NewConversionBaseline(tt.rs)
		if got.Creators != tt.want.Creators || got.Clicks != tt.want.Clicks || got.Orders != tt.want.Orders || got.Fitted != tt.want.Fitted ||
			math.Abs(got.Mean-tt.want.Mean) > 1e-12 || math.Abs(got.Strength-tt.want.Strength) > 1e-6 {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestConversionsComponent(t *testing.T) {
	usd := ConversionBaseline{Creators: 20, Clicks: 40_000, Orders: 200, Mean: 0.005, Strength: 800, Fitted: true, CPA: 20_000, Currency: "USD"}
	tests := []struct {
		name     string
		in       *ConversionInput
		value    float64
		missing  string
		evidence string
	}{
		// (1 + 0.005 x 800)/(40 + 800) = 5/840 = 0.0059524; over 2 x
		// 0.005: 0.595238. Raw, 1 of 40 would read 25 per 1,000.
		{"few clicks pulled to the mean", &ConversionInput{Collaborations: 1, Clicks: 40, Orders: 1, Baseline: usd}, 5.0 / 840 / 0.01, "",
			"1 order from 40 clicks in 1 collaboration: 25.0 per 1,000, workspace 5.0"},
		// (100 + 4)/(4000 + 800) = 0.0216667: more than twice the mean.
		{"many clicks keep their rate", &ConversionInput{Collaborations: 3, Clicks: 4000, Orders: 100, Baseline: usd}, 1, "",
			"21.7 per 1,000 after shrinking toward the workspace by a prior worth 800 clicks fitted on 20 creators"},
		// (0 + 4)/(2000 + 800) = 0.00142857; over 0.01: 0.142857.
		{"no orders", &ConversionInput{Collaborations: 2, Clicks: 2000, Baseline: usd}, 4.0 / 2800 / 0.01, "", "0 orders from 2,000 clicks"},
		// Rate (5 + 4)/(1000 + 800) = 0.005: 0.5. Expected orders 1000 x
		// 0.005 = 5, CPA 50000/5 = 10000, half the workspace's 20000: 1.
		// Mean of the two parts: 0.75.
		{"CPA", &ConversionInput{Collaborations: 1, Clicks: 1000, Orders: 5, Cost: 50_000, Revenue: 60_000, CostClicks: 1000, Baseline: usd}, 0.75, "",
			"CPA 100.00 USD on shrunk orders, workspace 200.00 USD (cost 500.00, revenue 600.00)"},
		{"fractional credit", &ConversionInput{Collaborations: 2, Clicks: 1, Orders: 0.5, Baseline: usd}, (0.5 + 4) / 801 / 0.01, "",
			"0.5 orders from 1 click in 2 collaborations"},
		{"CPA without cost", &ConversionInput{Collaborations: 1, Clicks: 1000, Orders: 5, CostClicks: 1000, Baseline: usd}, 0.5, "",
			"CPA left out: no fee, seeding or amplification recorded"},
		// The brief's example: 12/1840 = 6.52 per 1,000.
		{"evidence", &ConversionInput{Collaborations: 3, Clicks: 1840, Orders: 12, Baseline: ConversionBaseline{Creators: 3, Clicks: 9000, Orders: 37, Mean: 0.0041, Strength: DefaultPriorClicks}},
			(12 + 4.1) / 2840 / 0.0082, "", "12 orders from 1,840 clicks in 3 collaborations: 6.5 per 1,000, workspace 4.1"},
		{"unfitted prior said", &ConversionInput{Collaborations: 3, Clicks: 1840, Orders: 12, Baseline: ConversionBaseline{Creators: 3, Clicks: 9000, Orders: 37, Mean: 0.0041, Strength: DefaultPriorClicks}},
			(12 + 4.1) / 2840 / 0.0082, "", "a prior worth 1,000 clicks (3 creators with clicks are too few to fit one)"},
		{"no history", nil, 0, "no human clicks on past collaborations", ""},
		{"orders by code only", &ConversionInput{Collaborations: 1, Orders: 3, Baseline: usd}, 0, "no human clicks on past collaborations", ""},
		{"workspace without orders", &ConversionInput{Collaborations: 1, Clicks: 500, Baseline: ConversionBaseline{Creators: 4, Clicks: 2000}}, 0,
			"no attributed orders in the workspace to compare with", ""},
	}
	for _, tt := range tests {
		e := Inputs{Conversions: tt.in}.conversions()
		if e.missing != tt.missing || math.Abs(e.value-tt.value) > 1e-9 {
			t.Errorf("%s: value %g missing %q, want %g %q", tt.name, e.value, e.missing, tt.value, tt.missing)
		}
		if tt.evidence != "" && !strings.Contains(strings.Join(e.evidence, "\n"), tt.evidence) {
			t.Errorf("%s: evidence %q, want %q", tt.name, e.evidence, tt.evidence)
		}
	}
}

func TestConversionsNeutralWhenAbsent(t *testing.T) {
	// Without history the component is left out and its weight shared:
	// niche 0.5 alone with weights 1 and 1 scores 50, not 25.
	r, err := Compute(Inputs{Niche: full().Niche}, Config{Weights: Weights{NicheFit: 1, Conversions: 1}})
	if err != nil || !near(r.Score, 50) || part(r, Conversions).Present {
		t.Errorf("score %g %v, parts %+v; want 50 with conversions left out", r.Score, err, r.Parts)
	}
}

func TestGrouped(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1840: "1,840", 1234567: "1,234,567", -1840: "-1,840"} {
		if got := grouped(n); got != want {
			t.Errorf("grouped(%d) = %q, want %q", n, got, want)
		}
	}
}

func BenchmarkNewConversionBaseline(b *testing.B) {
	rs := make([]ConversionRecord, 10_000)
	for i := range rs {
		rs[i] = ConversionRecord{Clicks: int64(100 + i%900), Orders: float64(i % 7)}
	}
	for b.Loop() {
		NewConversionBaseline(rs)
	}
}

func TestConversionsEvidenceAsDocumented(t *testing.T) {
	// The example in docs/scoring.md. p̂ = (12 + 0.0041 x 800)/(1840 +
	// 800) = 15.28/2640 = 0.0057879: 5.8 per 1,000; rate part
	// 0.0057879/0.0082 = 0.705839. Shrunk orders 1840 x 0.0057879 =
	// 10.65, CPA 50000/10.65 = 4694.97 (46.95 EUR); CPA part
	// 5500/4694.97/2 = 0.585734. Mean 0.645787.
	in := &ConversionInput{Collaborations: 3, Clicks: 1840, Orders: 12, Cost: 50_000, Revenue: 150_000, CostClicks: 1840,
		Baseline: ConversionBaseline{Creators: 25, Clicks: 60_000, Orders: 246, Mean: 0.0041, Strength: 800, Fitted: true, CPA: 5500, Currency: "EUR"}}
	e := Inputs{Conversions: in}.conversions()
	want := []string{
		"12 orders from 1,840 clicks in 3 collaborations: 6.5 per 1,000, workspace 4.1",
		"5.8 per 1,000 after shrinking toward the workspace by a prior worth 800 clicks fitted on 25 creators",
		"CPA 46.95 EUR on shrunk orders, workspace 55.00 EUR (cost 500.00, revenue 1500.00)",
	}
	if strings.Join(e.evidence, "\n") != strings.Join(want, "\n") || math.Abs(e.value-0.645787) > 1e-6 {
		t.Errorf("value %g evidence\n%s\nwant 0.645787\n%s", e.value, strings.Join(e.evidence, "\n"), strings.Join(want, "\n"))
	}
}
