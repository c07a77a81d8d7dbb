// Package platform defines the neutral profile, post and comment types that
// the social platform connectors (youtube, instagram, tiktok) map into, and
// the errors they share, so that discovery and vetting store one shape
// whatever the source.
package platform

import (
	"errors"
	"fmt"
	"time"
)

// Name is a social platform.
type Name string

const (
	YouTube   Name = "youtube"
	Instagram Name = "instagram"
	TikTok    Name = "tiktok"
)

// Unknown marks a count the platform did not disclose (a hidden subscriber
// count, likes turned off). It is not zero: zero is a real count.
const Unknown int64 = -1

// Count turns an optional count from an API answer into a count or Unknown.
func Count(v *int64) int64 {
	if v == nil {
		return Unknown
	}
	return *v
}

// Profile is one account's public profile and totals at FetchedAt.
type Profile struct {
	Platform    Name
	ID          string // the platform's stable id
	Handle      string // username / @handle, without "@"
	DisplayName string
	Bio         string
	AvatarURL   string
	ExternalURL string
	Verified    bool
	Followers   int64 // subscribers on YouTube
	Following   int64
	Posts       int64 // media / video count
	TotalLikes  int64 // lifetime likes where the platform reports them (TikTok)
	TotalViews  int64 // lifetime views where the platform reports them (YouTube)
	FetchedAt   time.Time
}

// Post is one published piece of content with its counts at FetchedAt.
type Post struct {
	Platform    Name
	ID          string
	AccountID   string
	URL         string
	Caption     string
	MediaType   string // platform's own word: IMAGE, VIDEO, CAROUSEL_ALBUM, video, short...
	PublishedAt time.Time
	Duration    time.Duration // zero when not a video or unknown
	Views       int64
	Likes       int64
	Comments    int64
	Shares      int64
	Saves       int64
	FetchedAt   time.Time
}

// Comment is one comment on a post.
type Comment struct {
	Platform  Name
	ID        string
	PostID    string
	ParentID  string // empty for top-level comments
	Author    string
	Text      string
	Likes     int64
	Replies   int64
	CreatedAt time.Time
}

// ErrRateLimited matches every RateLimitError with errors.Is.
var ErrRateLimited = errors.New("platform: rate limited")

// ErrNotFound is returned when the account or post does not exist or is not
// visible to the API (private, age-gated, not a business account).
var ErrNotFound = errors.New("platform: not found")

// RateLimitError is a quota or rate limit answer: YouTube's quotaExceeded,
// Graph API codes 4, 17, 32, 613, TikTok's rate_limit_exceeded. Callers back
// off until RetryAfter (zero when the platform does not say; YouTube quotas
// reset at midnight Pacific time).
type RateLimitError struct {
	Platform   Name
	Reason     string // the platform's code or reason, for the log
	RetryAfter time.Duration
}

func (e *RateLimitError) Error() string {
	s := fmt.Sprintf("%s: rate limited (%s)", e.Platform, e.Reason)
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(", retry after %s", e.RetryAfter)
	}
	return s
}

// Is makes errors.Is(err, ErrRateLimited) true.
func (e *RateLimitError) Is(target error) bool { return target == ErrRateLimited }
