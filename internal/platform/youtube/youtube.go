// Package youtube reads public channel, video and comment data through the
// YouTube Data API v3 with the official client
// (google.golang.org/api/youtube/v3) and an API key. Each call costs quota
// units (1 for the list calls used here, 10,000 a day by default), so the
// client reads uploads through playlistItems (1 unit) rather than search
// (100 units).
package youtube

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"
	yt "google.golang.org/api/youtube/v3"

	"github.com/chorushq/chorus/internal/platform"
)

// ErrCommentsDisabled is returned when a video's comments are turned off.
var ErrCommentsDisabled = errors.New("youtube: comments are disabled")

// Client calls the Data API with an API key.
type Client struct {
	svc *yt.Service
	now func() time.Time
}

// New returns a client. baseURL is empty in production and the address of
// a test server in tests.
func New(ctx context.Context, baseURL, apiKey string) (*Client, error) {
	if apiKey == "" {
		return nil, errors.New("youtube: empty API key")
	}
	opts := []option.ClientOption{option.WithAPIKey(apiKey)}
	if baseURL != "" {
		opts = append(opts, option.WithEndpoint(strings.TrimRight(baseURL, "/")+"/"))
	}
	svc, err := yt.NewService(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("youtube: %w", err)
	}
	return &Client{svc: svc, now: time.Now}, nil
}

// Channel is a channel's profile plus the playlist that lists its uploads.
type Channel struct {
	platform.Profile
	UploadsPlaylist string
}

// Channel fetches a channel by id ("UC...") or by handle ("@name").
func (c *Client) Channel(ctx context.Context, ref string) (Channel, error) {
	ref = strings.TrimSpace(ref)
	call := c.svc.Channels.List([]string{"snippet", "statistics", "contentDetails"}).Context(ctx)
	switch {
	case ref == "":
		return Channel{}, errors.New("youtube: empty channel reference")
	case strings.HasPrefix(ref, "UC") && len(ref) == 24:
		call = call.Id(ref)
	default:
		call = call.ForHandle("@" + strings.TrimPrefix(ref, "@"))
	}
	fetched := c.now().UTC()
	resp, err := call.Do()
	if err != nil {
		return Channel{}, mapError("channels.list", err)
	}
	if len(resp.Items) == 0 {
		return Channel{}, fmt.Errorf("youtube: channel %s: %w", ref, platform.ErrNotFound)
	}
	ch := resp.Items[0]
	p := platform.Profile{
		Platform:   platform.YouTube,
		ID:         ch.Id,
		Following:  platform.Unknown,
		Followers:  platform.Unknown,
		Posts:      platform.Unknown,
		TotalViews: platform.Unknown,
		TotalLikes: platform.Unknown,
		FetchedAt:  fetched,
	}
	if s := ch.Snippet; s != nil {
		p.Handle = strings.TrimPrefix(s.CustomUrl, "@")
		p.DisplayName = s.Title
		p.Bio = s.Description
		if s.Thumbnails != nil && s.Thumbnails.High != nil {
			p.AvatarURL = s.Thumbnails.High.Url
		} else if s.Thumbnails != nil && s.Thumbnails.Default != nil {
			p.AvatarURL = s.Thumbnails.Default.Url
		}
	}
	if st := ch.Statistics; st != nil {
		if !st.HiddenSubscriberCount {
			p.Followers = int64(st.SubscriberCount)
		}
		p.Posts = int64(st.VideoCount)
		p.TotalViews = int64(st.ViewCount)
	}
	out := Channel{Profile: p}
	if cd := ch.ContentDetails; cd != nil && cd.RelatedPlaylists != nil {
		out.UploadsPlaylist = cd.RelatedPlaylists.Uploads
	}
	return out, nil
}

// mapError turns quota and rate answers into platform.RateLimitError and
// 404s into platform.ErrNotFound
// (https://developers.google.com/youtube/v3/docs/errors).
func mapError(call string, err error) error {
	var ge *googleapi.Error
	if !errors.As(err, &ge) {
		return fmt.Errorf("youtube: %s: %w", call, err)
	}
	for _, item := range ge.Errors {
		switch item.Reason {
		case "quotaExceeded", "rateLimitExceeded", "userRateLimitExceeded", "dailyLimitExceeded":
			return &platform.RateLimitError{Platform: platform.YouTube, Reason: item.Reason}
		case "commentsDisabled":
			return ErrCommentsDisabled
		}
	}
	switch ge.Code {
	case http.StatusTooManyRequests:
		return &platform.RateLimitError{Platform: platform.YouTube, Reason: "HTTP 429"}
	case http.StatusNotFound:
		return fmt.Errorf("youtube: %s: %s: %w", call, ge.Message, platform.ErrNotFound)
	}
	return fmt.Errorf("youtube: %s: %w", call, err)
}
