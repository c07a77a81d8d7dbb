package youtube

import (
	"context"
	"fmt"
	"time"

	yt "google.golang.org/api/youtube/v3"

	"github.com/chorushq/chorus/internal/platform"
)

// Comments returns up to limit top-level comments of a video, newest first,
// as plain text, each followed by the channel owner's replies to it
// (ParentID set): a reply is the owner's when its authorChannelId is the
// thread's channelId. Other people's replies are left out. A thread carries
// only some of its replies; when it has more than it carries and none of
// those is the owner's, one comments.list page (100 replies, 1 quota unit)
// is read for it, so an owner's reply is missed only under a thread of more
// than 100. Comments turned off give ErrCommentsDisabled.
func (c *Client) Comments(ctx context.Context, videoID string, limit int) ([]platform.Comment, error) {
	if videoID == "" {
		return nil, fmt.Errorf("youtube: empty video id")
	}
	var out []platform.Comment
	token := ""
	for n := 0; n < limit; {
		call := c.svc.CommentThreads.List([]string{"snippet", "replies"}).VideoId(videoID).
			MaxResults(int64(min(100, limit-n))).Order("time").TextFormat("plainText").Context(ctx)
		if token != "" {
			call = call.PageToken(token)
		}
		resp, err := call.Do()
		if err != nil {
			return out, mapError("commentThreads.list", err)
		}
		for _, th := range resp.Items {
			if th.Snippet == nil || th.Snippet.TopLevelComment == nil || th.Snippet.TopLevelComment.Snippet == nil || n == limit {
				continue
			}
			top := th.Snippet.TopLevelComment
			cm := comment(top, videoID)
			cm.Replies = th.Snippet.TotalReplyCount
			out = append(out, cm)
			n++
			owner := th.Snippet.ChannelId
			if owner == "" {
				owner = top.Snippet.ChannelId
			}
			var carried []*yt.Comment
			if th.Replies != nil {
				carried = th.Replies.Comments
			}
			replies := ownerReplies(carried, owner, videoID, cm.ID)
			if len(replies) == 0 && th.Snippet.TotalReplyCount > int64(len(carried)) && owner != "" {
				resp, err := c.svc.Comments.List([]string{"snippet"}).ParentId(cm.ID).MaxResults(100).
					TextFormat("plainText").Context(ctx).Do()
				if err != nil {
					return out, mapError("comments.list", err)
				}
				replies = ownerReplies(resp.Items, owner, videoID, cm.ID)
			}
			out = append(out, replies...)
		}
		token = resp.NextPageToken
		if token == "" || len(resp.Items) == 0 {
			break
		}
	}
	return out, nil
}

// ownerReplies picks the replies written by the owner channel.
func ownerReplies(cs []*yt.Comment, owner, videoID, parent string) []platform.Comment {
	var out []platform.Comment
	for _, r := range cs {
		if r == nil || r.Snippet == nil || r.Snippet.AuthorChannelId == nil || owner == "" || r.Snippet.AuthorChannelId.Value != owner {
			continue
		}
		cm := comment(r, videoID)
		cm.ParentID = parent
		out = append(out, cm)
	}
	return out
}

func comment(r *yt.Comment, videoID string) platform.Comment {
	s := r.Snippet
	cm := platform.Comment{
		Platform: platform.YouTube,
		ID:       r.Id,
		PostID:   videoID,
		Author:   s.AuthorDisplayName,
		Text:     s.TextDisplay,
		Likes:    s.LikeCount,
	}
	if t, err := time.Parse(time.RFC3339, s.PublishedAt); err == nil {
		cm.CreatedAt = t.UTC()
	}
	return cm
}
