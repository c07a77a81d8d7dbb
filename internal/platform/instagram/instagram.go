// Package instagram reads public Instagram professional accounts through the
// Graph API's business discovery
// (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-facebook-login/business-discovery):
// the queries run as the workspace's own Instagram professional account and
// name the target by username.
package instagram

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/platform"
)

// Defaults for New.
const (
	DefaultBaseURL = "https://graph.facebook.com"
	DefaultVersion = "v25.0"
)

// Client queries business discovery as one Instagram professional account.
type Client struct {
	root     string // the API version's root: root + "/" + node is a node
	base     string
	igUserID string
	token    string
	http     *http.Client
	now      func() time.Time
}

// New returns a client. baseURL and version default to DefaultBaseURL and
// DefaultVersion when empty; igUserID is the workspace's own Instagram
// professional account id and token a user access token with
// instagram_basic and pages_read_engagement (from configuration).
func New(baseURL, version, igUserID, token string, hc *http.Client) (*Client, error) {
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	if version == "" {
		version = DefaultVersion
	}
	if igUserID == "" || strings.ContainsAny(igUserID, "/?#") {
		return nil, fmt.Errorf("instagram: account id %q: want the numeric Instagram professional account id", igUserID)
	}
	if token == "" {
		return nil, errors.New("instagram: empty access token")
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	root := strings.TrimRight(baseURL, "/") + "/" + version + "/"
	return &Client{
		root:     root,
		base:     root + igUserID,
		igUserID: igUserID,
		token:    token,
		http:     hc,
		now:      time.Now,
	}, nil
}

// Instagram usernames: letters, digits, periods and underscores, at most 30.
var validUsername = regexp.MustCompile(`^[A-Za-z0-9._]{1,30}$`)

const (
	profileFields = "id,username,name,biography,website,profile_picture_url,followers_count,follows_count,media_count"
	mediaFields   = "id,caption,like_count,comments_count,timestamp,media_type,media_product_type,permalink"
	pageSize      = 50
)

type mediaPage struct {
	Data []struct {
		ID            string `json:"id"`
		Caption       string `json:"caption"`
		LikeCount     *int64 `json:"like_count"`
		CommentsCount *int64 `json:"comments_count"`
		Timestamp     string `json:"timestamp"`
		MediaType     string `json:"media_type"`
		Permalink     string `json:"permalink"`
	} `json:"data"`
	Paging paging `json:"paging"`
}

// paging is a Graph API list's cursor block.
type paging struct {
	Cursors struct {
		After string `json:"after"`
	} `json:"cursors"`
	Next string `json:"next"`
}

type discovery struct {
	BusinessDiscovery *struct {
		ID                string    `json:"id"`
		Username          string    `json:"username"`
		Name              string    `json:"name"`
		Biography         string    `json:"biography"`
		Website           string    `json:"website"`
		ProfilePictureURL string    `json:"profile_picture_url"`
		FollowersCount    *int64    `json:"followers_count"`
		FollowsCount      *int64    `json:"follows_count"`
		MediaCount        *int64    `json:"media_count"`
		Media             mediaPage `json:"media"`
	} `json:"business_discovery"`
}

// Discover fetches username's profile and up to maxPosts of its most recent
// media, following the media cursor page by page.
func (c *Client) Discover(ctx context.Context, username string, maxPosts int) (platform.Profile, []platform.Post, error) {
	username = strings.TrimPrefix(strings.TrimSpace(username), "@")
	if !validUsername.MatchString(username) {
		return platform.Profile{}, nil, fmt.Errorf("instagram: username %q: want letters, digits, '.' or '_'", username)
	}
	fetched := c.now().UTC()
	limit := min(max(maxPosts, 1), pageSize)
	fields := fmt.Sprintf("business_discovery.username(%s){%s,media.limit(%d){%s}}", username, profileFields, limit, mediaFields)
	var d discovery
	if err := c.get(ctx, fields, &d); err != nil {
		return platform.Profile{}, nil, err
	}
	bd := d.BusinessDiscovery
	if bd == nil {
		return platform.Profile{}, nil, fmt.Errorf("instagram: %s: %w", username, platform.ErrNotFound)
	}
	p := platform.Profile{
		Platform:    platform.Instagram,
		ID:          bd.ID,
		Handle:      bd.Username,
		DisplayName: bd.Name,
		Bio:         bd.Biography,
		AvatarURL:   bd.ProfilePictureURL,
		ExternalURL: bd.Website,
		Followers:   platform.Count(bd.FollowersCount),
		Following:   platform.Count(bd.FollowsCount),
		Posts:       platform.Count(bd.MediaCount),
		TotalLikes:  platform.Unknown,
		TotalViews:  platform.Unknown,
		FetchedAt:   fetched,
	}
	if p.Handle == "" {
		p.Handle = username
	}
	var posts []platform.Post
	page := bd.Media
	for {
		for _, m := range page.Data {
			if len(posts) == maxPosts {
				return p, posts, nil
			}
			post := platform.Post{
				Platform:  platform.Instagram,
				ID:        m.ID,
				AccountID: p.ID,
				URL:       m.Permalink,
				Caption:   m.Caption,
				MediaType: m.MediaType,
				Views:     platform.Unknown,
				Likes:     platform.Count(m.LikeCount),
				Comments:  platform.Count(m.CommentsCount),
				Shares:    platform.Unknown,
				Saves:     platform.Unknown,
				FetchedAt: fetched,
			}
			if m.Timestamp != "" {
				t, err := parseTime(m.Timestamp)
				if err != nil {
					return p, posts, fmt.Errorf("instagram: media %s field timestamp: %w", m.ID, err)
				}
				post.PublishedAt = t
			}
			posts = append(posts, post)
		}
		after := page.Paging.Cursors.After
		if len(posts) >= maxPosts || after == "" || len(page.Data) == 0 {
			return p, posts, nil
		}
		fields = fmt.Sprintf("business_discovery.username(%s){media.after(%s).limit(%d){%s}}", username, after, limit, mediaFields)
		var next discovery
		if err := c.get(ctx, fields, &next); err != nil {
			return p, posts, err
		}
		if next.BusinessDiscovery == nil {
			return p, posts, nil
		}
		page = next.BusinessDiscovery.Media
	}
}

// parseTime reads Graph API timestamps, which write the offset without a
// colon ("2026-03-01T18:10:00+0000").
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse("2006-01-02T15:04:05-0700", s)
	if err != nil {
		t, err = time.Parse(time.RFC3339, s)
	}
	return t.UTC(), err
}
