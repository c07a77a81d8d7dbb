package youtube

import (
	"context"
	"fmt"
	"time"

	"github.com/chorushq/chorus/internal/platform"
)

// The API's page size limit for playlistItems, videos and the id batch of
// videos.list.
const pageSize = 50

// RecentVideos returns up to limit of the newest uploads in playlist (see
// Channel.UploadsPlaylist), with statistics and duration from videos.list.
func (c *Client) RecentVideos(ctx context.Context, playlist string, limit int) ([]platform.Post, error) {
	if playlist == "" {
		return nil, fmt.Errorf("youtube: empty uploads playlist id")
	}
	var ids []string
	token := ""
	for len(ids) < limit {
		call := c.svc.PlaylistItems.List([]string{"contentDetails"}).PlaylistId(playlist).
			MaxResults(int64(min(pageSize, limit-len(ids)))).Context(ctx)
		if token != "" {
			call = call.PageToken(token)
		}
		resp, err := call.Do()
		if err != nil {
			return nil, mapError("playlistItems.list", err)
		}
		for _, it := range resp.Items {
			if it.ContentDetails != nil && len(ids) < limit {
				ids = append(ids, it.ContentDetails.VideoId)
			}
		}
		token = resp.NextPageToken
		if token == "" || len(resp.Items) == 0 {
			break
		}
	}
	return c.videos(ctx, ids)
}

// videos fetches statistics for ids, fifty at a time, in the given order.
func (c *Client) videos(ctx context.Context, ids []string) ([]platform.Post, error) {
	fetched := c.now().UTC()
	posts := make([]platform.Post, 0, len(ids))
	for start := 0; start < len(ids); start += pageSize {
		batch := ids[start:min(start+pageSize, len(ids))]
		resp, err := c.svc.Videos.List([]string{"snippet", "statistics", "contentDetails"}).Id(batch...).Context(ctx).Do()
		if err != nil {
			return posts, mapError("videos.list", err)
		}
		for _, v := range resp.Items {
			p := platform.Post{
				Platform:  platform.YouTube,
				ID:        v.Id,
				URL:       "https://www.youtube.com/watch?v=" + v.Id,
				MediaType: "video",
				Views:     platform.Unknown,
				Likes:     platform.Unknown,
				Comments:  platform.Unknown,
				Shares:    platform.Unknown,
				Saves:     platform.Unknown,
				FetchedAt: fetched,
			}
			if s := v.Snippet; s != nil {
				p.AccountID = s.ChannelId
				p.Caption = s.Title
				if s.Description != "" {
					p.Caption += "\n\n" + s.Description
				}
				if t, err := time.Parse(time.RFC3339, s.PublishedAt); err == nil {
					p.PublishedAt = t.UTC()
				}
			}
			// The official client decodes the string counts to uint64 and
			// leaves a hidden count (likes turned off) at zero: it cannot
			// tell hidden from none. Comments turned off read as zero too.
			if st := v.Statistics; st != nil {
				p.Views = int64(st.ViewCount)
				p.Likes = int64(st.LikeCount)
				p.Comments = int64(st.CommentCount)
			}
			if cd := v.ContentDetails; cd != nil {
				d, err := ParseDuration(cd.Duration)
				if err != nil {
					return posts, fmt.Errorf("youtube: video %s: %w", v.Id, err)
				}
				p.Duration = d
			}
			posts = append(posts, p)
		}
	}
	return posts, nil
}
