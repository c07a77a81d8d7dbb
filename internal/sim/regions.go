package sim

import (
	"fmt"
	"math"
)

// streamRegions draws regional holdout worlds; far from the iota streams so
// that adding one there never collides with it.
const streamRegions stream = 1 << 20

// RegionConfig describes a regional holdout test with a known effect.
type RegionConfig struct {
	Seed    uint64
	Regions int // at most len(usStates); zero: 20
	HeldOut int // the first HeldOut regions are held back; zero: Regions/2
	// PreDays and CampaignDays are the baseline and campaign periods;
	// zero: 56 and 14.
	PreDays, CampaignDays int
	// MedianDaily is a region's median orders a day (sizes are log-normal
	// around it with log-sd 0.8); zero: 10.
	MedianDaily float64
	// Season multiplies every region's rate during the campaign, exposed or
	// not (what the held-out regions are there to cancel); zero: 1.
	Season float64
	// GrowthSD is the log-sd of each region's own change between the two
	// periods beyond Poisson noise (local events, weather): 0 for none.
	GrowthSD float64
	// Lift is the true effect of the campaign on exposed regions' orders.
	Lift float64
}

// Region is one simulated region's orders and the truth behind them.
type Region struct {
	Code        string
	HeldOut     bool
	Pre, During int64
	// Incremental is the expected number of During orders the campaign
	// caused (0 in held-out regions).
	Incremental float64
}

// usStates are region codes for simulated regions.
var usStates = []string{"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
	"KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK",
	"OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY"}

// Regions simulates orders per region before and during a campaign that
// runs everywhere but the held-out regions. The same config gives the same
// regions.
func Regions(cfg RegionConfig) ([]Region, error) {
	if cfg.Regions == 0 {
		cfg.Regions = 20
	}
	if cfg.HeldOut == 0 {
		cfg.HeldOut = cfg.Regions / 2
	}
	if cfg.PreDays == 0 {
		cfg.PreDays = 56
	}
	if cfg.CampaignDays == 0 {
		cfg.CampaignDays = 14
	}
	if cfg.MedianDaily == 0 {
		cfg.MedianDaily = 10
	}
	if cfg.Season == 0 {
		cfg.Season = 1
	}
	if cfg.Regions < 2 || cfg.Regions > len(usStates) || cfg.HeldOut < 1 || cfg.HeldOut >= cfg.Regions ||
		cfg.PreDays < 1 || cfg.CampaignDays < 1 || cfg.MedianDaily <= 0 || cfg.Season <= 0 || cfg.GrowthSD < 0 || cfg.Lift <= -1 {
		return nil, fmt.Errorf("region config %+v: need 2 to %d regions, 1 to regions-1 held out, positive days, rate and season, lift above -1",
			cfg, len(usStates))
	}
	out := make([]Region, cfg.Regions)
	for i := range out {
		r := newRand(cfg.Seed, streamRegions, uint64(i), 0)
		daily := lognormal(r, cfg.MedianDaily, 0.8)
		growth := cfg.Season * math.Exp(cfg.GrowthSD*r.NormFloat64())
		without := daily * float64(cfg.CampaignDays) * growth
		reg := Region{Code: "US-" + usStates[i], HeldOut: i < cfg.HeldOut}
		mean := without
		if !reg.HeldOut {
			mean *= 1 + cfg.Lift
			reg.Incremental = without * cfg.Lift
		}
		reg.Pre = int64(poisson(r, daily*float64(cfg.PreDays)))
		reg.During = int64(poisson(r, mean))
		out[i] = reg
	}
	return out, nil
}
