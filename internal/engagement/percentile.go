package engagement

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

// Distribution is a sorted sample of ERs that answers percentile queries in
// O(log n).
type Distribution struct {
	sorted []float64
}

// NewDistribution copies and sorts values. NaN values are dropped.
func NewDistribution(values []float64) Distribution {
	s := make([]float64, 0, len(values))
	for _, v := range values {
		if !math.IsNaN(v) {
			s = append(s, v)
		}
	}
	slices.Sort(s)
	return Distribution{sorted: s}
}

// SortedDistribution wraps an already ascending sample (for example one
// read from a rollup table) without copying it; it reports the first index
// out of order.
func SortedDistribution(sorted []float64) (Distribution, error) {
	for i := 1; i < len(sorted); i++ {
		if !(sorted[i-1] <= sorted[i]) {
			return Distribution{}, fmt.Errorf("distribution: value %d (%g) is below value %d (%g)", i, sorted[i], i-1, sorted[i-1])
		}
	}
	return Distribution{sorted: sorted}, nil
}

// Len is the sample size.
func (d Distribution) Len() int { return len(d.sorted) }

// Percentile returns the mid-rank percentile of x in 0..100: the share of
// the sample below x plus half the share equal to it. Mid-rank keeps a
// creator tied with everyone at 50 rather than 0 or 100. ok is false for an
// empty sample.
func (d Distribution) Percentile(x float64) (float64, bool) {
	n := len(d.sorted)
	if n == 0 {
		return 0, false
	}
	below := sort.SearchFloat64s(d.sorted, x)
	upTo := sort.Search(n, func(i int) bool { return d.sorted[i] > x })
	return 100 * (float64(below) + 0.5*float64(upTo-below)) / float64(n), true
}

// Sample is one creator of the workspace's population.
type Sample struct {
	Followers int64
	ER        float64
}

// Population is the workspace's own creators, split by tier, for
// percentiles against peers of the same size.
type Population struct {
	thresholds Thresholds
	tiers      map[Tier]Distribution
}

// NewPopulation sorts samples into tiers by followers.
func NewPopulation(th Thresholds, samples []Sample) (*Population, error) {
	if err := th.Validate(); err != nil {
		return nil, err
	}
	byTier := make(map[Tier][]float64)
	for _, s := range samples {
		t := th.Tier(s.Followers)
		byTier[t] = append(byTier[t], s.ER)
	}
	p := &Population{thresholds: th, tiers: make(map[Tier]Distribution, len(byTier))}
	for t, v := range byTier {
		p.tiers[t] = NewDistribution(v)
	}
	return p, nil
}

// PopulationFromDistributions builds a Population from per-tier samples
// that are already sorted.
func PopulationFromDistributions(th Thresholds, tiers map[Tier]Distribution) (*Population, error) {
	if err := th.Validate(); err != nil {
		return nil, err
	}
	return &Population{thresholds: th, tiers: tiers}, nil
}

// Percentile places er among the workspace's creators of the tier that
// followers falls in. It returns the tier, the percentile and how many
// peers it is against; ok is false when the tier has no creators.
func (p *Population) Percentile(followers int64, er float64) (tier Tier, pct float64, peers int, ok bool) {
	tier = p.thresholds.Tier(followers)
	d := p.tiers[tier]
	pct, ok = d.Percentile(er)
	return tier, pct, d.Len(), ok
}
