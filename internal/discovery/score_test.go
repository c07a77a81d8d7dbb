package discovery

import (
	"math"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/analytics"
	"github.com/chorushq/chorus/internal/engagement"
	"github.com/chorushq/chorus/internal/score"
	"github.com/chorushq/chorus/internal/store"
)

func TestConversionInputs(t *testing.T) {
	outs := []store.CollaborationOutcome{
		// Creator 1: cost 20,000 fee + 10% of 50,000 revenue = 25,000.
		{ID: 1, CreatorID: 1, Currency: "USD", Clicks: 1000, Orders: 5, Revenue: 50_000, Terms: analytics.Terms{FeeMinor: 20_000, CommissionBps: 1000}},
		// In another currency: counts for clicks and orders, not for cost.
		{ID: 2, CreatorID: 1, Currency: "EUR", Clicks: 500, Orders: 1, Revenue: 8_000, Terms: analytics.Terms{FeeMinor: 10_000}},
		// Creator 2: cost 30,000 + 6,000 = 36,000.
		{ID: 3, CreatorID: 2, Currency: "USD", Clicks: 3000, Orders: 9, Revenue: 90_000, Terms: analytics.Terms{FeeMinor: 30_000, SeedingMinor: 6_000}},
		// Creator 3 sold by code only: no clicks, left out.
		{ID: 4, CreatorID: 3, Currency: "USD", Orders: 4, Revenue: 40_000, Terms: analytics.Terms{FeeMinor: 1}},
	}
	got := conversionInputs(outs, "USD")
	// Two creators with clicks: 4,500 clicks, 15 orders, mean 1/300; too
	// few to fit, so the default prior. CPA (25,000 + 36,000)/(5 + 9) =
	// 4,357.14, rounded 4,357.
	b := score.ConversionBaseline{Creators: 2, Clicks: 4500, Orders: 15, Mean: 15.0 / 4500, Strength: score.DefaultPriorClicks, CPA: 4357, Currency: "USD"}
	want := map[int64]score.ConversionInput{
		1: {Collaborations: 2, Clicks: 1500, Orders: 6, Cost: 25_000, Revenue: 50_000, CostClicks: 1000, Baseline: b},
		2: {Collaborations: 1, Clicks: 3000, Orders: 9, Cost: 36_000, Revenue: 90_000, CostClicks: 3000, Baseline: b},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d creators, want %d: %+v", len(got), len(want), got)
	}
	for id, w := range want {
		g := got[id]
		if g == nil || math.Abs(g.Baseline.Mean-w.Baseline.Mean) > 1e-15 {
			t.Errorf("creator %d: %+v, want %+v", id, g, w)
			continue
		}
		g.Baseline.Mean = w.Baseline.Mean
		if *g != w {
			t.Errorf("creator %d: %+v, want %+v", id, *g, w)
		}
	}
}

func TestApplyHistory(t *testing.T) {
	conv := &score.ConversionInput{Clicks: 10}
	tests := []struct {
		name    string
		in      score.Inputs
		tally   store.ReplyTally
		conv    *score.ConversionInput
		wantRel *engagement.Reliability
	}{
		// The vetting run's posting regularity is kept; replies join it.
		{"adds to reliability", score.Inputs{Reliability: &engagement.Reliability{Gaps: 4, GapCV: 0.5}},
			store.ReplyTally{Comments: 8, Replied: 2, MedianDelay: 90 * time.Minute}, conv,
			&engagement.Reliability{Gaps: 4, GapCV: 0.5, Comments: 8, Replied: 2, ReplyRate: 0.25, ReplyHours: 1.5}},
		{"creates reliability", score.Inputs{}, store.ReplyTally{Comments: 4}, nil,
			&engagement.Reliability{Comments: 4}},
		{"nothing known", score.Inputs{}, store.ReplyTally{}, nil, nil},
	}
	for _, tt := range tests {
		in := tt.in
		applyHistory(&in, tt.tally, tt.conv)
		switch {
		case (in.Reliability == nil) != (tt.wantRel == nil):
			t.Errorf("%s: reliability %+v, want %+v", tt.name, in.Reliability, tt.wantRel)
		case in.Reliability != nil && *in.Reliability != *tt.wantRel:
			t.Errorf("%s: reliability %+v, want %+v", tt.name, *in.Reliability, *tt.wantRel)
		}
		if in.Conversions != tt.conv {
			t.Errorf("%s: conversions %+v, want %+v", tt.name, in.Conversions, tt.conv)
		}
	}
}
