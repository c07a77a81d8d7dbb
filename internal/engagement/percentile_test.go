package engagement

import (
	"math/rand/v2"
	"testing"
)

func TestDistributionPercentile(t *testing.T) {
	d := NewDistribution([]float64{0.05, 0.01, 0.03, 0.03, 0.02})
	// sorted 0.01 0.02 0.03 0.03 0.05
	tests := []struct {
		x, want float64
	}{
		{0.005, 0},  // none below
		{0.01, 10},  // (0 + 0.5*1)/5
		{0.025, 40}, // 2 below: 2/5
		{0.03, 60},  // (2 + 0.5*2)/5
		{0.05, 90},  // (4 + 0.5)/5
		{0.2, 100},
	}
	for _, tt := range tests {
		if got, ok := d.Percentile(tt.x); !ok || !near(got, tt.want) {
			t.Errorf("Percentile(%g) = %g %v, want %g", tt.x, got, ok, tt.want)
		}
	}
	if _, ok := NewDistribution(nil).Percentile(1); ok {
		t.Error("empty: ok")
	}
}

func TestSortedDistribution(t *testing.T) {
	if _, err := SortedDistribution([]float64{1, 2, 2, 3}); err != nil {
		t.Error(err)
	}
	if _, err := SortedDistribution([]float64{1, 3, 2}); err == nil {
		t.Error("unsorted accepted")
	}
}

func TestPopulation(t *testing.T) {
	p, err := NewPopulation(DefaultThresholds(), []Sample{
		{5_000, 0.09},                                                  // nano
		{10_000, 0.02}, {20_000, 0.04}, {50_000, 0.06}, {99_999, 0.08}, // micro
		{2_000_000, 0.015}, // mega
	})
	if err != nil {
		t.Fatal(err)
	}
	// 0.061 among micro 0.02 0.04 0.06 0.08: 3 below of 4 = 75.
	tier, pct, peers, ok := p.Percentile(30_000, 0.061)
	if !ok || tier != Micro || !near(pct, 75) || peers != 4 {
		t.Errorf("got %s %g %d %v, want micro 75 4", tier, pct, peers, ok)
	}
	if _, _, _, ok := p.Percentile(200_000, 0.03); ok {
		t.Error("mid tier has no creators but ok")
	}
}

func TestBenchmarkPercentile(t *testing.T) {
	b := DefaultBenchmarks()
	// At the median: 50. At median x e^0.75 (one sigma): Phi(1) = 84.134.
	tests := []struct {
		tier Tier
		er   float64
		want float64
	}{
		{Micro, 0.024, 50},
		{Micro, 0.024 * 2.117000016612675, 84.13447460685429}, // e^0.75 = 2.117
		{Mega, 0.017 / 2.117000016612675, 15.865525393145708},
		{Nano, 0, 0},
	}
	for _, tt := range tests {
		got, _, ok := b.Percentile("Instagram", tt.tier, tt.er)
		if !ok || !near(got, tt.want) {
			t.Errorf("%s %g: %g %v, want %g", tt.tier, tt.er, got, ok, tt.want)
		}
	}
	if _, _, ok := b.Percentile("tiktok", Micro, 0.05); ok {
		t.Error("tiktok has a built-in benchmark we have no source for")
	}
	if _, err := NewBenchmarks([]Benchmark{{Platform: "x", Tier: Micro, Median: 2, Sigma: 1}}); err == nil {
		t.Error("median 2 accepted")
	}
}

func BenchmarkPercentile(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	v := make([]float64, 100_000)
	for i := range v {
		v[i] = r.Float64() * 0.2
	}
	d := NewDistribution(v)
	for b.Loop() {
		d.Percentile(0.05)
	}
}
