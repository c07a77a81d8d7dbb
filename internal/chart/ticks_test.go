package chart

import (
	"reflect"
	"testing"
	"time"
)

func TestTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		n      int
		want   []float64
		step   float64
	}{
		// range 97 -> nice 100; 100/4 = 25 rounds to 20; 0..ceil(97/20)*20 = 100.
		{0, 97, 5, []float64{0, 20, 40, 60, 80, 100}, 20},
		// range 0.075 -> 0.1; 0.025 rounds to 0.02; ceil(0.087/0.02) = 5 -> 0.1.
		{0.012, 0.087, 5, []float64{0, 0.02, 0.04, 0.06, 0.08, 0.1}, 0.02},
		// range 10 -> 10; 2.5 rounds to 2; floor(-3/2) = -2 -> -4; ceil(7/2) = 4 -> 8.
		{-3, 7, 5, []float64{-4, -2, 0, 2, 4, 6, 8}, 2},
		// range 40 -> 50; 12.5 rounds to 10.
		{0, 40, 5, []float64{0, 10, 20, 30, 40}, 10},
		// range 1234 -> 2000; 500 rounds to 500 (f = 5 < 7).
		{0, 1234, 5, []float64{0, 500, 1000, 1500}, 500},
		// A single value widens to include zero: 0..5, range 5 -> 5; 1.25 rounds to 1.
		{5, 5, 5, []float64{0, 1, 2, 3, 4, 5}, 1},
		{0, 0, 5, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}, 0.2},
	}
	for _, tt := range tests {
		got, step := Ticks(tt.lo, tt.hi, tt.n)
		if !reflect.DeepEqual(got, tt.want) || step != tt.step {
			t.Errorf("Ticks(%v, %v, %d) = %v step %v, want %v step %v", tt.lo, tt.hi, tt.n, got, step, tt.want, tt.step)
		}
	}
}

func TestTimeTicks(t *testing.T) {
	d := func(m time.Month, day, h int) time.Time { return time.Date(2026, m, day, h, 0, 0, 0, time.UTC) }
	tests := []struct {
		name     string
		from, to time.Time
		max      int
		want     []time.Time
	}{
		// Starts mid-morning, so the first tick is the next midnight.
		{"days", d(11, 2, 10), d(11, 6, 0), 8, []time.Time{d(11, 3, 0), d(11, 4, 0), d(11, 5, 0), d(11, 6, 0)}},
		// 9 days is too many daily ticks for 5; every other day: 1, 3, 5, 7, 9.
		{"every other day", d(11, 1, 0), d(11, 9, 0), 5, []time.Time{d(11, 1, 0), d(11, 3, 0), d(11, 5, 0), d(11, 7, 0), d(11, 9, 0)}},
		// 1 Nov 2026 is a Sunday: 30 days and 15 every other day are too many; Mondays are 2, 9, 16, 23, 30.
		{"weeks", d(11, 1, 0), d(11, 30, 0), 8, []time.Time{d(11, 2, 0), d(11, 9, 0), d(11, 16, 0), d(11, 23, 0), d(11, 30, 0)}},
		// A year: 52 Mondays, 26 fortnights and 12 months are too many for 8; quarters fit.
		{"quarters", d(1, 1, 0), d(12, 31, 0), 8, []time.Time{d(1, 1, 0), d(4, 1, 0), d(7, 1, 0), d(10, 1, 0)}},
		{"months", d(1, 15, 0), d(6, 1, 0), 8, []time.Time{d(2, 1, 0), d(3, 1, 0), d(4, 1, 0), d(5, 1, 0), d(6, 1, 0)}},
	}
	for _, tt := range tests {
		if got := TimeTicks(tt.from, tt.to, tt.max); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestUnitValue(t *testing.T) {
	tests := []struct {
		unit Unit
		v    float64
		want string
	}{
		{Unit{Kind: Money, Currency: "EUR"}, 1234.5, "€1,234.50"},
		{Unit{Kind: Money, Currency: "eur"}, -3.5, "-€3.50"},
		{Unit{Kind: Money, Currency: "JPY"}, 1200, "¥1,200"},
		{Unit{Kind: Money, Currency: "SEK"}, 12, "12.00 SEK"},
		{Unit{Kind: Percent}, 0.053, "5.3%"},
		{Unit{Kind: Percent}, 0.025, "2.5%"},
		{Unit{Kind: Number, Label: "clicks"}, 1234.567, "1,234.57 clicks"},
		{Unit{}, 1000000, "1,000,000"},
		{Unit{}, -0.001, "0"},
	}
	for _, tt := range tests {
		if got := tt.unit.Value(tt.v); got != tt.want {
			t.Errorf("%+v.Value(%v) = %q, want %q", tt.unit, tt.v, got, tt.want)
		}
	}
}

func TestTickLabels(t *testing.T) {
	tests := []struct {
		unit  Unit
		ticks []float64
		step  float64
		want  []string
	}{
		// The largest tick reaches 10,000, so all read in thousands.
		{Unit{}, []float64{0, 5000, 10000, 15000}, 5000, []string{"0", "5k", "10k", "15k"}},
		{Unit{}, []float64{0, 2500, 5000}, 2500, []string{"0", "2,500", "5,000"}},
		{Unit{}, []float64{0, 5e5, 1e6, 1.5e6}, 5e5, []string{"0", "0.5M", "1.0M", "1.5M"}},
		{Unit{}, []float64{-4, -2, 0, 2}, 2, []string{"-4", "-2", "0", "2"}},
		{Unit{Kind: Percent}, []float64{0, 0.02, 0.04}, 0.02, []string{"0%", "2%", "4%"}},
		{Unit{Kind: Percent}, []float64{0.02, 0.025, 0.03}, 0.005, []string{"2.0%", "2.5%", "3.0%"}},
		{Unit{Kind: Money, Currency: "EUR"}, []float64{0, 500, 1000}, 500, []string{"€0", "€500", "€1,000"}},
		{Unit{Kind: Money, Currency: "USD"}, []float64{-10000, 0, 10000, 20000}, 10000, []string{"-$10k", "$0", "$10k", "$20k"}},
	}
	for _, tt := range tests {
		if got := tt.unit.tickLabels(tt.ticks, tt.step); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%+v.tickLabels(%v, %v) = %q, want %q", tt.unit, tt.ticks, tt.step, got, tt.want)
		}
	}
}

func TestMajorUnits(t *testing.T) {
	tests := []struct {
		minor    int64
		currency string
		want     float64
	}{
		{1299, "EUR", 12.99}, {1200, "JPY", 1200}, {1234, "KWD", 1.234},
	}
	for _, tt := range tests {
		if got := MajorUnits(tt.minor, tt.currency); got != tt.want {
			t.Errorf("MajorUnits(%d, %s) = %v, want %v", tt.minor, tt.currency, got, tt.want)
		}
	}
}

func BenchmarkTicks(b *testing.B) {
	for b.Loop() {
		Ticks(0.012, 0.087, 5)
	}
}
