package analytics

import (
	"math"
	"testing"
)

func TestWilson(t *testing.T) {
	tests := []struct {
		s, n      int64
		lo, v, hi float64
		ok        bool
	}{
		// z = 1.959964, z² = 3.841459. 10/100: centre (0.1 + 0.019207)/1.038415
		// = 0.114797, half 1.887458 x sqrt(0.0009 + 0.000096) = 0.059568.
		{10, 100, 0.05523, 0.1, 0.17437, true},
		// 0/10: centre 0.192073/1.384146 = 0.138767 = half: [0, 0.27753].
		{0, 10, 0, 0, 0.27753, true},
		{3, 0, 0, 0, 0, false},
	}
	for _, tt := range tests {
		e := Wilson(tt.s, tt.n, 0.95)
		if e.OK != tt.ok || math.Abs(e.Low-tt.lo) > 1e-4 || math.Abs(e.Value-tt.v) > 1e-9 || math.Abs(e.High-tt.hi) > 1e-4 {
			t.Errorf("Wilson(%d, %d) = %+v, want [%v %v %v]", tt.s, tt.n, e, tt.lo, tt.v, tt.hi)
		}
	}
}

func TestCPAInterval(t *testing.T) {
	// The exact 95% Poisson interval of 4 events is [1.0899, 10.2416]
	// (Garwood; chi-square tables): CPA 10,000/4 = 2,500 within
	// [10,000/10.2416, 10,000/1.0899] = [976.4, 9175.1].
	e := CPAInterval(10000, 4, 0.95)
	if !e.OK || e.Value != 2500 || math.Abs(e.Low-976.4) > 0.5 || math.Abs(e.High-9175.1) > 1 {
		t.Errorf("CPAInterval(10000, 4) = %+v", e)
	}
	if e := CPAInterval(10000, 0, 0.95); e.OK {
		t.Errorf("CPAInterval without conversions = %+v, want n/a", e)
	}
}
