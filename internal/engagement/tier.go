package engagement

import (
	"fmt"
)

// Tier is a band of follower counts.
type Tier string

// The tiers, smallest first.
const (
	Nano  Tier = "nano"
	Micro Tier = "micro"
	Mid   Tier = "mid"
	Macro Tier = "macro"
	Mega  Tier = "mega"
)

// AllTiers lists every tier, smallest first.
func AllTiers() [5]Tier { return [5]Tier{Nano, Micro, Mid, Macro, Mega} }

// Thresholds are the lowest follower counts of each tier above nano. They
// are a workspace setting: some teams call 5k-100k "micro".
type Thresholds struct {
	Micro int64 `json:"micro"`
	Mid   int64 `json:"mid"`
	Macro int64 `json:"macro"`
	Mega  int64 `json:"mega"`
}

// DefaultThresholds: nano < 10k, micro 10k-100k, mid 100k-500k,
// macro 500k-1M, mega >= 1M.
func DefaultThresholds() Thresholds {
	return Thresholds{Micro: 10_000, Mid: 100_000, Macro: 500_000, Mega: 1_000_000}
}

// Validate reports the first threshold that is not positive or not above
// the one before it.
func (t Thresholds) Validate() error {
	prev, prevName := int64(0), ""
	tiers := AllTiers()
	for i, v := range t.bounds() {
		name := string(tiers[i+1])
		if v <= 0 {
			return fmt.Errorf("tier thresholds: %s: %d is not positive", name, v)
		}
		if v <= prev {
			return fmt.Errorf("tier thresholds: %s: %d is not above %s (%d)", name, v, prevName, prev)
		}
		prev, prevName = v, name
	}
	return nil
}

func (t Thresholds) bounds() [4]int64 { return [4]int64{t.Micro, t.Mid, t.Macro, t.Mega} }

// Tier returns the tier of an account with this many followers; a
// threshold belongs to the tier it starts (exactly 10,000 is micro).
func (t Thresholds) Tier(followers int64) Tier {
	tiers := AllTiers()
	tier := Nano
	for i, v := range t.bounds() {
		if followers >= v {
			tier = tiers[i+1]
		}
	}
	return tier
}
