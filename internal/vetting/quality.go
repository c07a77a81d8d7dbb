package vetting

import "math"

// DefaultMassFollowing is the following count from which an account counts
// as a mass-follower. Audit tools draw the line between 1,000 and 1,500;
// 1,000 is the round, stricter end, and in the InstaFake sample it separates
// well (59% of fakes follow 1,000 or more, 6% of real accounts). It is a
// parameter because platforms cap following differently (Instagram at
// 7,500, X/Twitter by ratio) and some niches follow back by habit.
const DefaultMassFollowing = 1000

// Quality describes a sample of an audience.
type Quality struct {
	N         int     // accounts scored
	Real      int     // labelled real
	RealShare float64 // Real / N
	// RealLow and RealHigh bound RealShare with a 95% Wilson score
	// interval, which stays inside 0..1 and honest for small samples.
	RealLow, RealHigh float64

	MassFollowing     int64   // the threshold used
	FollowingKnown    int     // accounts whose following count is known
	MassFollowers     int     // of those, following >= MassFollowing
	MassFollowerShare float64 // MassFollowers / FollowingKnown
}

// AudienceQuality summarises scored accounts with DefaultMassFollowing.
func AudienceQuality(sample []AccountResult) Quality {
	return AudienceQualityWith(sample, DefaultMassFollowing)
}

// AudienceQualityWith summarises scored accounts, counting accounts that
// follow at least massFollowing others as mass-followers.
func AudienceQualityWith(sample []AccountResult, massFollowing int64) Quality {
	q := Quality{N: len(sample), MassFollowing: massFollowing}
	for _, r := range sample {
		if !r.Fake {
			q.Real++
		}
		if r.Following != nil {
			q.FollowingKnown++
			if *r.Following >= massFollowing {
				q.MassFollowers++
			}
		}
	}
	q.RealShare = ratio(q.Real, q.N)
	q.RealLow, q.RealHigh = Wilson(q.Real, q.N)
	q.MassFollowerShare = ratio(q.MassFollowers, q.FollowingKnown)
	return q
}

// Wilson returns the 95% Wilson score interval for k successes in n trials,
// or 0, 1 when n is 0 (nothing is known).
func Wilson(k, n int) (lo, hi float64) {
	if n <= 0 {
		return 0, 1
	}
	const z = 1.959963984540054 // 97.5th percentile of the standard normal
	p := float64(k) / float64(n)
	nf := float64(n)
	d := 1 + z*z/nf
	centre := (p + z*z/(2*nf)) / d
	half := z * math.Sqrt(p*(1-p)/nf+z*z/(4*nf*nf)) / d
	return math.Max(0, centre-half), math.Min(1, centre+half)
}

// CommentQuality is the share of comments that are genuine and high-intent
// (a question, or a purchase intent): the comments that show an audience
// considering a purchase rather than passing by. Spam counts in the
// denominator, so a spammed post scores lower. 0 for no comments.
func CommentQuality(results []CommentResult) float64 {
	n := 0
	for _, r := range results {
		if !r.Spam && r.Intent.HighIntent() {
			n++
		}
	}
	return ratio(n, len(results))
}
