package engagement

import (
	"slices"
)

// DefaultRecent is how many recent posts a creator's ER is the median of.
const DefaultRecent = 12

// Rate is one post's engagement rate with what went into it.
type Rate struct {
	Value        float64 `json:"value"`
	Interactions int64   `json:"interactions"`
	Base         int64   `json:"base"` // followers or views
	// Missing names the counts that were unknown and left out of the sum.
	Missing []string `json:"missing,omitempty"`
}

// ByFollowers returns (likes + comments + saves + shares) / followers.
//
// Unknown is not zero. Likes and comments carry most of the signal and are
// public on every platform we read, so when either is unknown the post has
// no ER (ok is false) rather than a rate that is too low. Saves and shares
// are often visible only to the account owner; when unknown they are left
// out of the sum and named in Missing, so the rate is a lower bound that
// says so. followers <= 0 also gives no ER.
func ByFollowers(p Post, followers int64) (Rate, bool) {
	return rate(p, followers)
}

// ByViews returns the same interactions divided by the post's views, for
// video. A post with unknown or zero views has no ER by views.
func ByViews(p Post) (Rate, bool) {
	if p.Views == nil {
		return Rate{}, false
	}
	return rate(p, *p.Views)
}

func rate(p Post, base int64) (Rate, bool) {
	if base <= 0 || p.Likes == nil || p.Comments == nil {
		return Rate{}, false
	}
	r := Rate{Base: base, Interactions: *p.Likes + *p.Comments}
	for _, c := range []struct {
		name string
		n    *int64
	}{{"saves", p.Saves}, {"shares", p.Shares}} {
		if c.n == nil {
			r.Missing = append(r.Missing, c.name)
			continue
		}
		r.Interactions += *c.n
	}
	r.Value = float64(r.Interactions) / float64(base)
	return r, true
}

// Summary is a creator's ER: the median of the per-post rates over the most
// recent posts that have one.
type Summary struct {
	Median float64 `json:"median"`
	// Posts is how many rates the median is over; Skipped how many recent
	// posts had no rate; Partial how many rates left out saves or shares.
	Posts   int `json:"posts"`
	Skipped int `json:"skipped"`
	Partial int `json:"partial"`
}

// CreatorRate is the median ER by followers over the n most recent posts
// (n <= 0 means DefaultRecent). ok is false when no recent post has a rate.
func CreatorRate(posts []Post, followers int64, n int) (Summary, bool) {
	return RecentMedian(posts, n, func(p Post) (Rate, bool) { return ByFollowers(p, followers) })
}

// CreatorViewRate is the median ER by views over the n most recent posts.
func CreatorViewRate(posts []Post, n int) (Summary, bool) {
	return RecentMedian(posts, n, ByViews)
}

// RecentMedian takes the n most recent posts by PostedAt (n <= 0 means
// DefaultRecent) and returns the median of rate over those that have one.
// Posts without a rate count as skipped; they do not let older posts in,
// so "recent" means the same calendar window whatever was hidden.
func RecentMedian(posts []Post, n int, rate func(Post) (Rate, bool)) (Summary, bool) {
	if n <= 0 {
		n = DefaultRecent
	}
	recent := Recent(posts, n)
	var s Summary
	values := make([]float64, 0, len(recent))
	for _, p := range recent {
		r, ok := rate(p)
		if !ok {
			s.Skipped++
			continue
		}
		if len(r.Missing) > 0 {
			s.Partial++
		}
		values = append(values, r.Value)
	}
	if len(values) == 0 {
		return s, false
	}
	s.Posts = len(values)
	s.Median = Median(values)
	return s, true
}

// Recent returns the n most recent posts, newest first, without changing
// posts.
func Recent(posts []Post, n int) []Post {
	sorted := slices.Clone(posts)
	slices.SortStableFunc(sorted, func(a, b Post) int { return b.PostedAt.Compare(a.PostedAt) })
	if n < len(sorted) {
		sorted = sorted[:n]
	}
	return sorted
}

// Median returns the median of values (the mean of the middle two for an
// even count), sorting values in place. It returns 0 for no values.
func Median(values []float64) float64 {
	if len(values) == 0 {
		return 0
	}
	slices.Sort(values)
	m := len(values) / 2
	if len(values)%2 == 1 {
		return values[m]
	}
	return (values[m-1] + values[m]) / 2
}
