package vetting

import (
	"math"
	"testing"
)

func TestWilson(t *testing.T) {
	tests := []struct {
		k, n   int
		lo, hi float64
	}{
		// p=0.8, z²=3.8415: centre (0.8+0.19207)/1.38415 = 0.71674,
		// half 1.96·sqrt(0.016+0.0096036)/1.38415 = 0.22658.
		{8, 10, 0.490162, 0.943318},
		{0, 10, 0, 0.277533}, // upper bound z²/n/(1+z²/n) = 0.38415/1.38415
		{10, 10, 0.722467, 1},
		{0, 0, 0, 1},
	}
	for _, tt := range tests {
		lo, hi := Wilson(tt.k, tt.n)
		if math.Abs(lo-tt.lo) > 1e-5 || math.Abs(hi-tt.hi) > 1e-5 {
			t.Errorf("Wilson(%d, %d) = %.6f, %.6f, want %.6f, %.6f", tt.k, tt.n, lo, hi, tt.lo, tt.hi)
		}
	}
}

func TestAudienceQuality(t *testing.T) {
	sample := []AccountResult{
		{Fake: true, Following: ptr[int64](7450)},
		{Fake: false, Following: ptr[int64](1000)}, // exactly at the line counts
		{Fake: false, Following: ptr[int64](999)},
		{Fake: false},
		{Fake: false, Following: ptr[int64](20)},
	}
	q := AudienceQuality(sample)
	// 4 of 5 real; 2 of 4 known following counts are >= 1,000.
	if q.N != 5 || q.Real != 4 || q.RealShare != 0.8 || q.FollowingKnown != 4 || q.MassFollowers != 2 || q.MassFollowerShare != 0.5 {
		t.Errorf("got %+v", q)
	}
	// Wilson for 4 of 5: centre (0.8+0.38415)/(1+0.76829) = 0.66966,
	// half 1.96·sqrt(0.032+0.038415)/1.76829 = 0.29411.
	if math.Abs(q.RealLow-0.375535) > 1e-5 || math.Abs(q.RealHigh-0.963776) > 1e-5 {
		t.Errorf("interval %.6f..%.6f", q.RealLow, q.RealHigh)
	}
	if q := AudienceQualityWith(sample, 5000); q.MassFollowers != 1 || q.MassFollowing != 5000 {
		t.Errorf("threshold 5000: %+v", q)
	}
}

func TestCommentQuality(t *testing.T) {
	rs := []CommentResult{
		{Spam: false, Intent: IntentPurchase},
		{Spam: false, Intent: IntentQuestion},
		{Spam: true, Intent: IntentPurchase}, // spam never counts
		{Spam: false, Intent: IntentPraise},
	}
	// 2 of 4 are genuine and high-intent.
	if got := CommentQuality(rs); got != 0.5 {
		t.Errorf("CommentQuality = %v, want 0.5", got)
	}
	if got := CommentQuality(nil); got != 0 {
		t.Errorf("CommentQuality(nil) = %v, want 0", got)
	}
}
