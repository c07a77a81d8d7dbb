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
// to comments comments on each (Instagram's business discovery gives no
// comments).
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
	case platform.Instagram:
		cl, err := instagram.New(c.InstagramURL, "", c.InstagramUserID, c.InstagramToken, hc)
		if err != nil {
			return f, err
		}
		if f.Profile, f.Posts, err = cl.Discover(ctx, handle, posts); err != nil {
			return f, err
		}
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
	for _, q := range f.Posts {
		ip := store.IngestPost{URL: q.URL, Kind: postKind(q.MediaType), Caption: q.Caption, PublishedAt: q.PublishedAt}
		at := q.FetchedAt
		if at.IsZero() {
			at = p.FetchedAt
		}
		ip.Snapshots = []store.Snapshot{{At: at, Views: count(q.Views), Likes: count(q.Likes), Comments: count(q.Comments),
			Saves: count(q.Saves), Shares: count(q.Shares)}}
		for _, c := range f.Comments[q.ID] {
			ip.Comments = append(ip.Comments, store.IngestComment{Author: c.Author, Text: c.Text, CreatedAt: c.CreatedAt})
		}
		posts = append(posts, ip)
	}
	err := db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		if res.UpsertResult, err = tx.UpsertProfile(ctx, ws, prof); err != nil {
			return err
		}
		res.IngestResult, err = tx.AddPosts(ctx, ws, res.AccountID, posts)
		return err
	})
	return res, err
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
