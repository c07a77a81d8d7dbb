package score

import (
	"fmt"

	"github.com/chorushq/chorus/internal/engagement"
)

// DefaultMinPeers is how many workspace creators a tier needs before a
// percentile among them is trusted over a published benchmark.
const DefaultMinPeers = 20

// Peers is what a creator's ER is compared with: the workspace's own
// creators when a tier has enough of them, else the built-in benchmarks.
type Peers struct {
	Thresholds engagement.Thresholds
	Population *engagement.Population // nil: none yet
	Benchmarks engagement.Benchmarks
	MinPeers   int // 0 means DefaultMinPeers
}

// Place puts a creator's ER summary in its tier. ok is false when neither
// enough peers nor a benchmark exist for the platform and tier.
func (p Peers) Place(platform string, followers int64, s engagement.Summary) (EngagementInput, bool) {
	minPeers := p.MinPeers
	if minPeers <= 0 {
		minPeers = DefaultMinPeers
	}
	in := EngagementInput{ER: s.Median, Posts: s.Posts, Tier: p.Thresholds.Tier(followers)}
	if p.Population != nil {
		if _, pct, n, ok := p.Population.Percentile(followers, s.Median); ok && n >= minPeers {
			in.Percentile = pct
			in.Against = fmt.Sprintf("the workspace's %d %s creators", n, in.Tier)
			return in, true
		}
	}
	pct, b, ok := p.Benchmarks.Percentile(platform, in.Tier, s.Median)
	if !ok {
		return in, false
	}
	in.Percentile = pct
	in.Against = fmt.Sprintf("%s %s creators (benchmark median %.1f%%)", b.Platform, in.Tier, 100*b.Median)
	return in, true
}
