package tiktok

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/platform"
)

// https://developers.tiktok.com/doc/research-api-specs-query-videos
const videoFields = "id,video_description,create_time,region_code,share_count,view_count,like_count,comment_count,favourites_count,video_duration,username"

// maxWindow is the longest span one video query may cover: end_date must be
// no more than 30 days after start_date.
const maxWindow = 30 * 24 * time.Hour

type videoPage struct {
	Videos []struct {
		ID          id     `json:"id"`
		Description string `json:"video_description"`
		CreateTime  int64  `json:"create_time"`
		Username    string `json:"username"`
		Views       *int64 `json:"view_count"`
		Likes       *int64 `json:"like_count"`
		Comments    *int64 `json:"comment_count"`
		Shares      *int64 `json:"share_count"`
		Favourites  *int64 `json:"favourites_count"`
		Duration    int64  `json:"video_duration"`
	} `json:"videos"`
	Cursor   int64  `json:"cursor"`
	HasMore  bool   `json:"has_more"`
	SearchID string `json:"search_id"`
}

// Videos returns up to limit videos username published between since and
// until, newest window first. Spans longer than 30 days are split into
// windows; each window is paged with cursor and search_id.
func (c *Client) Videos(ctx context.Context, username string, since, until time.Time, limit int) ([]platform.Post, error) {
	username = strings.TrimPrefix(strings.TrimSpace(username), "@")
	if username == "" {
		return nil, fmt.Errorf("tiktok: empty username")
	}
	if !until.After(since) {
		return nil, fmt.Errorf("tiktok: window %s to %s is empty", since.Format(time.DateOnly), until.Format(time.DateOnly))
	}
	fetched := c.now().UTC()
	var posts []platform.Post
	for end := until.UTC(); end.After(since) && len(posts) < limit; end = end.Add(-maxWindow - 24*time.Hour) {
		start := end.Add(-maxWindow)
		if start.Before(since) {
			start = since.UTC()
		}
		body := map[string]any{
			"query": map[string]any{"and": []map[string]any{
				{"operation": "EQ", "field_name": "username", "field_values": []string{username}},
			}},
			"start_date": start.Format("20060102"),
			"end_date":   end.Format("20060102"),
			"max_count":  100,
		}
		for {
			var page videoPage
			if err := c.post(ctx, "/v2/research/video/query/", videoFields, body, &page); err != nil {
				return posts, err
			}
			for _, v := range page.Videos {
				if len(posts) == limit {
					return posts, nil
				}
				author := v.Username
				if author == "" {
					author = username
				}
				posts = append(posts, platform.Post{
					Platform:    platform.TikTok,
					ID:          string(v.ID),
					AccountID:   author,
					URL:         fmt.Sprintf("https://www.tiktok.com/@%s/video/%s", author, v.ID),
					Caption:     v.Description,
					MediaType:   "video",
					PublishedAt: time.Unix(v.CreateTime, 0).UTC(),
					Duration:    time.Duration(v.Duration) * time.Second,
					Views:       platform.Count(v.Views),
					Likes:       platform.Count(v.Likes),
					Comments:    platform.Count(v.Comments),
					Shares:      platform.Count(v.Shares),
					Saves:       platform.Count(v.Favourites),
					FetchedAt:   fetched,
				})
			}
			if !page.HasMore || len(page.Videos) == 0 || len(posts) >= limit {
				break
			}
			body["cursor"] = page.Cursor
			body["search_id"] = page.SearchID
		}
	}
	return posts, nil
}

// https://developers.tiktok.com/doc/research-api-specs-query-video-comments
const commentFields = "id,video_id,text,like_count,reply_count,parent_comment_id,create_time"

// Comments returns up to limit comments of a video, paged by cursor:
// top-level comments and replies (ParentID set) as they come. The Research
// API names no comment's author, so whether the creator answered a comment
// cannot be told: reply rates stay unknown for TikTok accounts.
func (c *Client) Comments(ctx context.Context, videoID string, limit int) ([]platform.Comment, error) {
	var vid int64
	if _, err := fmt.Sscan(videoID, &vid); err != nil || vid <= 0 {
		return nil, fmt.Errorf("tiktok: video id %q: want a positive integer", videoID)
	}
	body := map[string]any{"video_id": vid, "max_count": 100}
	var out []platform.Comment
	for len(out) < limit {
		var page struct {
			Comments []struct {
				ID         id     `json:"id"`
				VideoID    id     `json:"video_id"`
				Text       string `json:"text"`
				Likes      int64  `json:"like_count"`
				Replies    int64  `json:"reply_count"`
				ParentID   id     `json:"parent_comment_id"`
				CreateTime int64  `json:"create_time"`
			} `json:"comments"`
			Cursor  int64 `json:"cursor"`
			HasMore bool  `json:"has_more"`
		}
		if err := c.post(ctx, "/v2/research/video/comment/list/", commentFields, body, &page); err != nil {
			return out, err
		}
		for _, cm := range page.Comments {
			if len(out) == limit {
				break
			}
			parent := string(cm.ParentID)
			if parent == string(cm.VideoID) {
				parent = "" // top-level comments name the video as parent
			}
			out = append(out, platform.Comment{
				Platform:  platform.TikTok,
				ID:        string(cm.ID),
				PostID:    videoID,
				ParentID:  parent,
				Text:      cm.Text,
				Likes:     cm.Likes,
				Replies:   cm.Replies,
				CreatedAt: time.Unix(cm.CreateTime, 0).UTC(),
			})
		}
		if !page.HasMore || len(page.Comments) == 0 {
			break
		}
		body["cursor"] = page.Cursor
	}
	return out, nil
}
