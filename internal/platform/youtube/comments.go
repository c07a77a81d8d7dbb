package youtube

import (
	"context"
	"fmt"
	"time"

	"github.com/chorushq/chorus/internal/platform"
)

// Comments returns up to limit top-level comments of a video, newest first,
// as plain text. Comments turned off give ErrCommentsDisabled.
func (c *Client) Comments(ctx context.Context, videoID string, limit int) ([]platform.Comment, error) {
	if videoID == "" {
		return nil, fmt.Errorf("youtube: empty video id")
	}
	var out []platform.Comment
	token := ""
	for len(out) < limit {
		call := c.svc.CommentThreads.List([]string{"snippet"}).VideoId(videoID).
			MaxResults(int64(min(100, limit-len(out)))).Order("time").TextFormat("plainText").Context(ctx)
		if token != "" {
			call = call.PageToken(token)
		}
		resp, err := call.Do()
		if err != nil {
			return out, mapError("commentThreads.list", err)
		}
		for _, th := range resp.Items {
			if th.Snippet == nil || th.Snippet.TopLevelComment == nil || th.Snippet.TopLevelComment.Snippet == nil || len(out) == limit {
				continue
			}
			s := th.Snippet.TopLevelComment.Snippet
			cm := platform.Comment{
				Platform: platform.YouTube,
				ID:       th.Snippet.TopLevelComment.Id,
				PostID:   videoID,
				Author:   s.AuthorDisplayName,
				Text:     s.TextDisplay,
				Likes:    s.LikeCount,
				Replies:  th.Snippet.TotalReplyCount,
			}
			if t, err := time.Parse(time.RFC3339, s.PublishedAt); err == nil {
				cm.CreatedAt = t.UTC()
			}
			out = append(out, cm)
		}
		token = resp.NextPageToken
		if token == "" || len(resp.Items) == 0 {
			break
		}
	}
	return out, nil
}
