package engagement

import (
	"strings"
	"testing"
)

func TestTier(t *testing.T) {
	th := DefaultThresholds()
	tests := []struct {
		followers int64
		want      Tier
	}{
		{0, Nano}, {9_999, Nano}, {10_000, Micro}, {99_999, Micro}, {100_000, Mid},
		{499_999, Mid}, {500_000, Macro}, {999_999, Macro}, {1_000_000, Mega}, {50_000_000, Mega},
	}
	for _, tt := range tests {
		if got := th.Tier(tt.followers); got != tt.want {
			t.Errorf("Tier(%d) = %s, want %s", tt.followers, got, tt.want)
		}
	}
	// A workspace that calls 5k-100k micro.
	if got := (Thresholds{5_000, 100_000, 500_000, 1_000_000}).Tier(5_000); got != Micro {
		t.Errorf("custom Tier(5000) = %s, want micro", got)
	}
}

func TestThresholdsValidate(t *testing.T) {
	tests := []struct {
		th   Thresholds
		want string // substring of the error; "" for none
	}{
		{DefaultThresholds(), ""},
		{Thresholds{0, 100, 200, 300}, "micro: 0 is not positive"},
		{Thresholds{10, 100, 100, 300}, "macro: 100 is not above mid (100)"},
		{Thresholds{10, 5, 200, 300}, "mid: 5 is not above micro (10)"},
		{Thresholds{10, 100, 200, -1}, "mega: -1 is not positive"},
	}
	for _, tt := range tests {
		err := tt.th.Validate()
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("Validate(%+v) = %v, want %q", tt.th, err, tt.want)
		}
	}
}
