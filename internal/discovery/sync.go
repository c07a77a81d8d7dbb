package discovery

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/platform"
	"github.com/chorushq/chorus/internal/platform/instagram"
	"github.com/chorushq/chorus/internal/platform/tiktok"
	"github.com/chorushq/chorus/internal/platform/youtube"
	"github.com/chorushq/chorus/internal/store"
)

// Connectors holds the credentials and addresses of the platform APIs. An
// empty base URL is the platform's own; tests point them at fakes.
type Connectors struct {
	YouTubeKey, YouTubeURL                        string
	InstagramToken, InstagramUserID, InstagramURL string
	TikTokKey, TikTokSecret, TikTokURL            string
	HTTP                                          *http.Client
	Now                                           func() time.Time
}

// Fetched is what one sync read from a platform.
type Fetched struct {
	Profile  platform.Profile
	Posts    []platform.Post
	Comments map[string][]platform.Comment // by post ID
	// OwnerReplies is true when the comments are top-level ones, each
	// followed by the account owner's replies to it (ParentID set), as
	// the YouTube and Instagram connectors give them: whether the owner
	// replied is then known for every top-level comment.
	OwnerReplies bool
}

// SyncPlatforms are the platforms with a connector.
var SyncPlatforms = []string{string(platform.YouTube), string(platform.Instagram), string(platform.TikTok)}

// Configured reports whether the credentials a platform needs are set, and
// if not which are missing, as flag names.
func (c Connectors) Configured(name string) []string {
	var miss []string
	need := func(v, flag string) {
		if v == "" {
			miss = append(miss, flag)
		}
	}
	switch platform.Name(name) {
	case platform.YouTube:
		need(c.YouTubeKey, "--youtube-key")
	case platform.Instagram:
		need(c.InstagramToken, "--instagram-token")
		need(c.InstagramUserID, "--instagram-user-id")
	case platform.TikTok:
		need(c.TikTokKey, "--tiktok-key")
		need(c.TikTokSecret, "--tiktok-secret")
	default:
		miss = append(miss, "a platform among "+strings.Join(SyncPlatforms, ", "))
	}
	return miss
}

// tiktokWindow is how far back TikTok videos are looked for: the Research
// API searches by date, so the recent posts must fall in a window.
const tiktokWindow = 180 * 24 * time.Hour

// Fetch reads a profile, up to posts recent posts with their counts and up
// to comments comments on each. Instagram gives comments only on the
// media of the account the token belongs to (the workspace's own, or a
// creator's who connected it); business discovery of others gives counts.
func (c Connectors) Fetch(ctx context.Context, name, handle string, posts, comments int) (Fetched, error) {
	var f Fetched
	if miss := c.Configured(name); len(miss) > 0 {
		return f, fmt.Errorf("%s: needs %s", name, strings.Join(miss, ", "))
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	f.Comments = map[string][]platform.Comment{}
	switch platform.Name(name) {
	case platform.YouTube:
		cl, err := youtube.New(ctx, c.YouTubeURL, c.YouTubeKey)
		if err != nil {
			return f, err
		}
		ref := handle
		if !strings.HasPrefix(ref, "UC") {
			ref = "@" + strings.TrimPrefix(ref, "@")
		}
		ch, err := cl.Channel(ctx, ref)
		if err != nil {
			return f, err
		}
		f.Profile = ch.Profile
		if f.Posts, err = cl.RecentVideos(ctx, ch.UploadsPlaylist, posts); err != nil {
			return f, err
		}
		for _, p := range f.Posts {
			cs, err := cl.Comments(ctx, p.ID, comments)
			if errors.Is(err, youtube.ErrCommentsDisabled) {
				continue
			}
			if err != nil {
				return f, err
			}
			f.Comments[p.ID] = cs
		}
		f.OwnerReplies = true
	case platform.Instagram:
		cl, err := instagram.New(c.InstagramURL, "", c.InstagramUserID, c.InstagramToken, hc)
		if err != nil {
			return f, err
		}
		if f.Profile, f.Posts, err = cl.Discover(ctx, handle, posts); err != nil {
			return f, err
		}
		if f.Profile.ID == "" || f.Profile.ID != c.InstagramUserID || comments <= 0 {
			break
		}
		for _, p := range f.Posts {
			cs, err := cl.Comments(ctx, p.ID, f.Profile.Handle, comments)
			if err != nil {
				return f, err
			}
			f.Comments[p.ID] = cs
		}
		f.OwnerReplies = true
	case platform.TikTok:
		tok, err := tiktok.ClientToken(ctx, c.TikTokURL, c.TikTokKey, c.TikTokSecret, hc)
		if err != nil {
			return f, err
		}
		cl, err := tiktok.New(c.TikTokURL, tok.AccessToken, hc)
		if err != nil {
			return f, err
		}
		if f.Profile, err = cl.User(ctx, handle); err != nil {
			return f, err
		}
		until := now()
		if f.Posts, err = cl.Videos(ctx, handle, until.Add(-tiktokWindow), until, posts); err != nil {
			return f, err
		}
		for _, p := range f.Posts {
			cs, err := cl.Comments(ctx, p.ID, comments)
			if err != nil {
				return f, err
			}
			f.Comments[p.ID] = cs
		}
	}
	if f.Profile.Handle == "" {
		f.Profile.Handle = handle
	}
	return f, nil
}

// SyncResult says what a sync stored.
type SyncResult struct {
	store.UpsertResult
	store.IngestResult
	Platform string `json:"platform"`
	Handle   string `json:"handle"`
	// ReplyStatuses counts the stored comments whose reply status the
	// sync recorded.
	ReplyStatuses int `json:"reply_statuses"`
}

// count turns a platform count into a stored one: Unknown is nil.
func count(v int64) *int64 {
	if v < 0 {
		return nil
	}
	return &v
}

// SaveFetched stores what Fetch read through the import path: the account
// upserted on platform + handle, posts added with a snapshot of their counts
// at fetch time, and their comments.
func SaveFetched(ctx context.Context, db *store.DB, ws int64, f Fetched) (SyncResult, error) {
	p := f.Profile
	handle := creators.NormalizeHandle(p.Handle)
	res := SyncResult{Platform: string(p.Platform), Handle: handle}
	acct := creators.Account{Platform: string(p.Platform), Handle: handle}
	if errs := acct.Validate(); len(errs) > 0 {
		return res, fmt.Errorf("%s profile: %v", p.Platform, errs[0])
	}
	pic := p.AvatarURL != ""
	prof := store.PlatformProfile{Platform: acct.Platform, Handle: acct.Handle, Name: p.DisplayName, URL: profileURL(p.Platform, handle),
		Biography: p.Bio, Followers: count(p.Followers), Following: count(p.Following), MediaCount: count(p.Posts),
		HasProfilePic: &pic, FetchedAt: p.FetchedAt}
	var posts []store.IngestPost
	var replies []store.CommentReply
	for _, q := range f.Posts {
		ip := store.IngestPost{URL: q.URL, Kind: postKind(q.MediaType), Caption: q.Caption, PublishedAt: q.PublishedAt}
		at := q.FetchedAt
		if at.IsZero() {
			at = p.FetchedAt
		}
		ip.Snapshots = []store.Snapshot{{At: at, Views: count(q.Views), Likes: count(q.Likes), Comments: count(q.Comments),
			Saves: count(q.Saves), Shares: count(q.Shares)}}
		cs := f.Comments[q.ID]
		if f.OwnerReplies {
			var rs []store.CommentReply
			cs, rs = splitReplies(cs, q.URL)
			replies = append(replies, rs...)
		}
		for _, c := range cs {
			ip.Comments = append(ip.Comments, store.IngestComment{Author: c.Author, Text: c.Text, CreatedAt: c.CreatedAt})
		}
		posts = append(posts, ip)
	}
	err := db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		if res.UpsertResult, err = tx.UpsertProfile(ctx, ws, prof); err != nil {
			return err
		}
		if res.IngestResult, err = tx.AddPosts(ctx, ws, res.AccountID, posts); err != nil {
			return err
		}
		res.ReplyStatuses, err = tx.SetCommentReplies(ctx, ws, res.AccountID, replies)
		return err
	})
	return res, err
}

// splitReplies separates the owner's replies from the top-level comments
// they follow, and says of each top-level comment whether the owner
// replied and how soon after it (the first reply). The owner's replies
// are not stored as comments: they are not the audience speaking.
func splitReplies(cs []platform.Comment, postURL string) ([]platform.Comment, []store.CommentReply) {
	var top []platform.Comment
	var rs []store.CommentReply
	idx := map[string]int{} // top-level comment ID -> index in rs
	for _, c := range cs {
		if c.ParentID == "" {
			idx[c.ID] = len(rs)
			top = append(top, c)
			rs = append(rs, store.CommentReply{PostURL: postURL, Author: c.Author, CreatedAt: c.CreatedAt})
			continue
		}
		i, ok := idx[c.ParentID]
		if !ok {
			continue // a reply to a comment not read
		}
		r := &rs[i]
		d := max(c.CreatedAt.Sub(r.CreatedAt), 0)
		if !r.Replied || d < r.Delay {
			r.Replied, r.Delay = true, d
		}
	}
	return top, rs
}

func profileURL(p platform.Name, handle string) string {
	switch p {
	case platform.YouTube:
		return "https://www.youtube.com/@" + handle
	case platform.Instagram:
		return "https://www.instagram.com/" + handle + "/"
	case platform.TikTok:
		return "https://www.tiktok.com/@" + handle
	}
	return ""
}

// postKind maps a platform's media type to the stored kind.
func postKind(mediaType string) string {
	switch strings.ToLower(mediaType) {
	case "video", "reels", "reel":
		return "video"
	case "short", "shorts":
		return "short"
	case "carousel_album":
		return "carousel"
	case "", "image":
		return "image"
	}
	return strings.ToLower(mediaType)
}
