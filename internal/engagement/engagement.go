// Package engagement measures how an account's audience responds to its
// posts: engagement rate, tiers, percentiles against peers and benchmarks,
// anomalies that suggest bought reach, sponsorship saturation and
// reliability. It knows nothing of HTTP or storage; callers hand it counts.
package engagement

import "time"

// Post is one published piece of content as seen at its latest metric
// snapshot. A nil count is unknown (hidden by the platform or not
// collected), which is not the same as zero: see ByFollowers.
type Post struct {
	ID       string    `json:"id"`
	PostedAt time.Time `json:"posted_at"`
	Likes    *int64    `json:"likes,omitempty"`
	Comments *int64    `json:"comments,omitempty"`
	Saves    *int64    `json:"saves,omitempty"`
	Shares   *int64    `json:"shares,omitempty"`
	Views    *int64    `json:"views,omitempty"`

	// Caption is the post text; Mentions the accounts tagged in or on the
	// post (without "@"); PaidPartnership the platform's own label.
	Caption         string   `json:"caption,omitempty"`
	Mentions        []string `json:"mentions,omitempty"`
	PaidPartnership bool     `json:"paid_partnership,omitempty"`
}

// Count returns a pointer to n, for filling the optional counts of a Post.
func Count(n int64) *int64 { return &n }
