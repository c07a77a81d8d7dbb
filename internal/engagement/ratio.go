package engagement

import "fmt"

// Band is an inclusive range of likes per comment considered normal.
type Band struct {
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

// DefaultLikeCommentBands are the normal likes-per-comment ranges per
// tier. They are a judgement to be tuned on a workspace's own creators,
// not a published figure: bigger accounts draw more silent likers, so the
// band moves up with the tier. Far above it suggests bought likes; far
// below, bought or pod comments.
func DefaultLikeCommentBands() map[Tier]Band {
	return map[Tier]Band{
		Nano:  {5, 100},
		Micro: {8, 150},
		Mid:   {10, 250},
		Macro: {15, 400},
		Mega:  {20, 600},
	}
}

// RatioCheck is the result of LikeCommentRatio.
type RatioCheck struct {
	LikesPerComment float64 `json:"likes_per_comment"`
	Posts           int     `json:"posts"`
	Band            Band    `json:"band"`
	// Outside is "", "high" (too many likes for the comments) or "low".
	Outside string `json:"outside,omitempty"`
}

// String says the finding in words.
func (c RatioCheck) String() string {
	s := fmt.Sprintf("%.0f likes per comment over %d posts (normal %.0f-%.0f)", c.LikesPerComment, c.Posts, c.Band.Low, c.Band.High)
	if c.Outside != "" {
		s += ": " + c.Outside
	}
	return s
}

// LikeCommentRatio is total likes / total comments over the posts where
// both are known; totals rather than a per-post ratio so that one post
// with no comments does not dominate. ok is false without comments.
func LikeCommentRatio(posts []Post, band Band) (RatioCheck, bool) {
	var likes, comments int64
	c := RatioCheck{Band: band}
	for _, p := range posts {
		if p.Likes == nil || p.Comments == nil {
			continue
		}
		likes += *p.Likes
		comments += *p.Comments
		c.Posts++
	}
	if comments == 0 {
		return c, false
	}
	c.LikesPerComment = float64(likes) / float64(comments)
	switch {
	case c.LikesPerComment > band.High:
		c.Outside = "high"
	case c.LikesPerComment < band.Low:
		c.Outside = "low"
	}
	return c, true
}
