package engagement

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// FollowerCount is one observation of an account's follower count.
type FollowerCount struct {
	At        time.Time `json:"at"`
	Followers int64     `json:"followers"`
}

// JumpParams tune FollowerJumps; a zero field takes its default.
type JumpParams struct {
	// K is how many robust standard deviations (1.4826 x MAD) above the
	// median daily gain a day must be to count as a jump. Default 5.
	K float64 `json:"k"`
	// MinShare is the smallest gain, as a share of the followers before
	// it, that can be a jump, so that a flat history (MAD 0) does not flag
	// a gain of a dozen. Default 0.005 (0.5%).
	MinShare float64 `json:"min_share"`
	// SpikeFactor: a post explains a jump when its interactions are at
	// least this many times the median post's. Default 3.
	SpikeFactor float64 `json:"spike_factor"`
	// Lag is how long after a post its followers may still arrive.
	// Default 48h.
	Lag time.Duration `json:"lag"`
	// MinIntervals is how many observed intervals are needed to know the
	// trend; with fewer nothing is flagged. Default 7.
	MinIntervals int `json:"min_intervals"`
}

func (p JumpParams) withDefaults() JumpParams {
	if p.K == 0 {
		p.K = 5
	}
	if p.MinShare == 0 {
		p.MinShare = 0.005
	}
	if p.SpikeFactor == 0 {
		p.SpikeFactor = 3
	}
	if p.Lag == 0 {
		p.Lag = 48 * time.Hour
	}
	if p.MinIntervals == 0 {
		p.MinIntervals = 7
	}
	return p
}

// Jump is an interval whose daily gain is far above the trend.
type Jump struct {
	From      time.Time `json:"from"`
	To        time.Time `json:"to"`
	Gain      int64     `json:"gain"`
	DailyGain float64   `json:"daily_gain"`
	// ExplainedBy is the post whose spike explains the gain, if any.
	ExplainedBy string `json:"explained_by,omitempty"`
}

// FollowerReport is the result of FollowerJumps.
type FollowerReport struct {
	Intervals int     `json:"intervals"`
	Median    float64 `json:"median_daily_gain"`
	MAD       float64 `json:"mad"`
	Threshold float64 `json:"threshold"`
	// Jumps are unexplained: the suspicious ones. Explained are jumps a
	// post spike accounts for, kept so a reviewer sees they were checked.
	Jumps     []Jump `json:"jumps"`
	Explained []Jump `json:"explained"`
}

// FollowerJumps finds follower gains that posting does not explain. The
// history is reduced to a gain per day for each interval between
// observations; a day is a jump when its gain exceeds
// median + K x 1.4826 x MAD of all daily gains and MinShare of the
// followers before it. A jump is explained when a post published from Lag
// before the interval to its end drew SpikeFactor times the median post's
// interactions: bought followers arrive without one, a viral post brings
// its own.
func FollowerJumps(history []FollowerCount, posts []Post, p JumpParams) (FollowerReport, error) {
	p = p.withDefaults()
	h := slices.Clone(history)
	slices.SortFunc(h, func(a, b FollowerCount) int { return a.At.Compare(b.At) })
	type interval struct {
		from, to FollowerCount
		daily    float64
	}
	var ivs []interval
	for i := 1; i < len(h); i++ {
		days := h[i].At.Sub(h[i-1].At).Hours() / 24
		if days <= 0 {
			return FollowerReport{}, fmt.Errorf("follower history: two observations at %s", h[i].At.Format(time.RFC3339))
		}
		ivs = append(ivs, interval{h[i-1], h[i], float64(h[i].Followers-h[i-1].Followers) / days})
	}
	r := FollowerReport{Intervals: len(ivs)}
	if len(ivs) < p.MinIntervals {
		return r, nil
	}
	gains := make([]float64, len(ivs))
	for i, iv := range ivs {
		gains[i] = iv.daily
	}
	r.Median = Median(gains)
	for i := range gains {
		gains[i] = math.Abs(gains[i] - r.Median)
	}
	r.MAD = Median(gains)
	r.Threshold = r.Median + p.K*1.4826*r.MAD

	spikes := spikePosts(posts, p.SpikeFactor)
	for _, iv := range ivs {
		gain := iv.to.Followers - iv.from.Followers
		if iv.daily <= r.Threshold || float64(gain) < p.MinShare*float64(iv.from.Followers) {
			continue
		}
		j := Jump{From: iv.from.At, To: iv.to.At, Gain: gain, DailyGain: iv.daily}
		for _, sp := range spikes {
			if !sp.PostedAt.Before(iv.from.At.Add(-p.Lag)) && !sp.PostedAt.After(iv.to.At) {
				j.ExplainedBy = sp.ID
				break
			}
		}
		if j.ExplainedBy != "" {
			r.Explained = append(r.Explained, j)
		} else {
			r.Jumps = append(r.Jumps, j)
		}
	}
	return r, nil
}

// spikePosts returns the posts with at least factor times the median
// post's known interactions.
func spikePosts(posts []Post, factor float64) []Post {
	counts := make([]float64, len(posts))
	for i, p := range posts {
		counts[i] = float64(interactions(p))
	}
	med := Median(slices.Clone(counts))
	var out []Post
	for i, p := range posts {
		if counts[i] > 0 && counts[i] >= factor*med {
			out = append(out, p)
		}
	}
	return out
}

// interactions sums the known counts of a post.
func interactions(p Post) int64 {
	var n int64
	for _, c := range []*int64{p.Likes, p.Comments, p.Saves, p.Shares} {
		if c != nil {
			n += *c
		}
	}
	return n
}
