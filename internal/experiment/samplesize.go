package experiment

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// trialsNeeded is the number of trials per variant at which the leader and
// the runner-up would be told apart, should their difference be what we see
// now (or MinRelativeEffect of the leader's rate, whichever is larger):
//
//	n = (z_threshold + z_0.80)² · (p1(1-p1) + p2(1-p2)) / (p1 - p2)²
//
// the usual normal approximation, with an 80% chance that the posterior of
// the difference clears the threshold once n is reached.
func (r *Result) trialsNeeded(opt Options) int64 {
	lead := r.Arms[r.Leader]
	second := -1
	for i, a := range r.Arms {
		if i != r.Leader && (second < 0 || a.Mean > r.Arms[second].Mean) {
			second = i
		}
	}
	p1, p2 := lead.Mean, r.Arms[second].Mean
	diff := max(math.Abs(p1-p2), opt.MinRelativeEffect*max(p1, p2))
	if diff == 0 {
		return 0
	}
	std := distuv.UnitNormal
	z := std.Quantile(opt.Threshold) + std.Quantile(0.80)
	n := z * z * (p1*(1-p1) + p2*(1-p2)) / (diff * diff)
	if n > 1e15 {
		return 1e15
	}
	return int64(math.Ceil(n))
}
