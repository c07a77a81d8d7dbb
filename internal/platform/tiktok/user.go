package tiktok

import (
	"context"
	"fmt"
	"strings"

	"github.com/chorushq/chorus/internal/platform"
)

// https://developers.tiktok.com/doc/research-api-specs-query-user-info
const userFields = "display_name,bio_description,avatar_url,is_verified,follower_count,following_count,likes_count,video_count,bio_url"

// User fetches a creator's public profile by username.
func (c *Client) User(ctx context.Context, username string) (platform.Profile, error) {
	username = strings.TrimPrefix(strings.TrimSpace(username), "@")
	if username == "" {
		return platform.Profile{}, fmt.Errorf("tiktok: empty username")
	}
	var u struct {
		DisplayName    string `json:"display_name"`
		BioDescription string `json:"bio_description"`
		AvatarURL      string `json:"avatar_url"`
		IsVerified     bool   `json:"is_verified"`
		FollowerCount  *int64 `json:"follower_count"`
		FollowingCount *int64 `json:"following_count"`
		LikesCount     *int64 `json:"likes_count"`
		VideoCount     *int64 `json:"video_count"`
		BioURL         string `json:"bio_url"`
	}
	fetched := c.now().UTC()
	if err := c.post(ctx, "/v2/research/user/info/", userFields, map[string]string{"username": username}, &u); err != nil {
		return platform.Profile{}, err
	}
	return platform.Profile{
		Platform:    platform.TikTok,
		ID:          username, // the Research API keys users by username
		Handle:      username,
		DisplayName: u.DisplayName,
		Bio:         u.BioDescription,
		AvatarURL:   u.AvatarURL,
		ExternalURL: u.BioURL,
		Verified:    u.IsVerified,
		Followers:   platform.Count(u.FollowerCount),
		Following:   platform.Count(u.FollowingCount),
		Posts:       platform.Count(u.VideoCount),
		TotalLikes:  platform.Count(u.LikesCount),
		TotalViews:  platform.Unknown,
		FetchedAt:   fetched,
	}, nil
}
