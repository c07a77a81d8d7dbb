package instagram

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/chorushq/chorus/internal/platform"
)

// The comments edge answers only for media of the account the token
// belongs to (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media/comments):
// business discovery gives counts of other accounts' comments, never the
// comments themselves.
const commentFields = "id,text,username,timestamp,like_count,replies{id,text,username,timestamp}"

var validMediaID = regexp.MustCompile(`^[0-9_]{1,64}$`)

type commentPage struct {
	Data []struct {
		graphComment
		LikeCount int64 `json:"like_count"`
		Replies   struct {
			Data []graphComment `json:"data"`
		} `json:"replies"`
	} `json:"data"`
	Paging paging `json:"paging"`
}

type graphComment struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	Username  string `json:"username"`
	Timestamp string `json:"timestamp"`
}

// Comments returns up to limit top-level comments of one of the token
// account's media, each followed by owner's replies to it (ParentID set);
// other people's replies are left out. Only the first page of a comment's
// replies is read, so an owner's reply under a long thread can be missed.
func (c *Client) Comments(ctx context.Context, mediaID, owner string, limit int) ([]platform.Comment, error) {
	if !validMediaID.MatchString(mediaID) {
		return nil, fmt.Errorf("instagram: media id %q: want the numeric IG media id", mediaID)
	}
	var out []platform.Comment
	q := url.Values{"fields": {commentFields}, "limit": {fmt.Sprint(min(max(limit, 1), pageSize))}}
	for n := 0; n < limit; {
		var page commentPage
		if err := c.getURL(ctx, c.root+mediaID+"/comments", q, &page); err != nil {
			return out, err
		}
		for _, d := range page.Data {
			if n == limit {
				break
			}
			top, err := toComment(d.graphComment, mediaID, "")
			if err != nil {
				return out, err
			}
			top.Likes, top.Replies = d.LikeCount, int64(len(d.Replies.Data))
			out = append(out, top)
			n++
			for _, r := range d.Replies.Data {
				if owner == "" || !strings.EqualFold(r.Username, owner) {
					continue
				}
				reply, err := toComment(r, mediaID, d.ID)
				if err != nil {
					return out, err
				}
				out = append(out, reply)
			}
		}
		after := page.Paging.Cursors.After
		if page.Paging.Next == "" || after == "" || len(page.Data) == 0 {
			break
		}
		q.Set("after", after)
	}
	return out, nil
}

func toComment(g graphComment, mediaID, parent string) (platform.Comment, error) {
	cm := platform.Comment{Platform: platform.Instagram, ID: g.ID, PostID: mediaID, ParentID: parent, Author: g.Username, Text: g.Text}
	if g.Timestamp != "" {
		t, err := parseTime(g.Timestamp)
		if err != nil {
			return cm, fmt.Errorf("instagram: comment %s field timestamp: %w", g.ID, err)
		}
		cm.CreatedAt = t
	}
	return cm, nil
}
