package youtube

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/platform"
)

// Responses follow the resource shapes of the Data API reference
// (https://developers.google.com/youtube/v3/docs/channels/list,
// playlistItems/list, videos/list, commentThreads/list): counts as strings,
// nextPageToken for paging.
const channelJSON = `{
  "kind": "youtube#channelListResponse",
  "items": [{
    "kind": "youtube#channel", "id": "UC_x5XG1OV2P6uZZ5FSM9Ttw",
    "snippet": {"title": "Google for Developers", "description": "Subscribe", "customUrl": "@googledevelopers",
      "thumbnails": {"default": {"url": "https://yt3.example/d.jpg"}, "high": {"url": "https://yt3.example/h.jpg"}}},
    "contentDetails": {"relatedPlaylists": {"likes": "", "uploads": "UU_x5XG1OV2P6uZZ5FSM9Ttw"}},
    "statistics": {"viewCount": "249412436", "subscriberCount": "2470000", "hiddenSubscriberCount": false, "videoCount": "6200"}
  }]
}`

func playlistPage(ids []string, next string) string {
	var items []string
	for _, id := range ids {
		items = append(items, fmt.Sprintf(`{"kind": "youtube#playlistItem", "contentDetails": {"videoId": %q}}`, id))
	}
	return fmt.Sprintf(`{"kind": "youtube#playlistItemListResponse", "nextPageToken": %q, "items": [%s]}`, next, strings.Join(items, ","))
}

func videoJSON(id string) string {
	return fmt.Sprintf(`{"kind": "youtube#video", "id": %q,
	  "snippet": {"publishedAt": "2026-03-01T17:00:00Z", "channelId": "UC_x5XG1OV2P6uZZ5FSM9Ttw", "title": "T %s", "description": ""},
	  "contentDetails": {"duration": "PT4M13S"},
	  "statistics": {"viewCount": "1000", "likeCount": "80", "commentCount": "12"}}`, id, id)
}

const quotaJSON = `{"error": {"code": 403, "message": "The request cannot be completed because you have exceeded your quota.",
  "errors": [{"message": "The request cannot be completed because you have exceeded your quota.", "domain": "youtube.quota", "reason": "quotaExceeded"}]}}`

func fake(t *testing.T, h func(w http.ResponseWriter, r *http.Request)) (*Client, *[]*http.Request) {
	t.Helper()
	var reqs []*http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("key") != "AIza-test" {
			t.Errorf("%s without the API key", r.URL.Path)
		}
		reqs = append(reqs, r)
		w.Header().Set("Content-Type", "application/json")
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := New(context.Background(), srv.URL, "AIza-test")
	if err != nil {
		t.Fatal(err)
	}
	c.now = func() time.Time { return time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC) }
	return c, &reqs
}

func TestChannel(t *testing.T) {
	c, reqs := fake(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, channelJSON) })
	for _, ref := range []string{"@googledevelopers", "UC_x5XG1OV2P6uZZ5FSM9Ttw"} {
		ch, err := c.Channel(context.Background(), ref)
		if err != nil {
			t.Fatal(err)
		}
		want := platform.Profile{Platform: platform.YouTube, ID: "UC_x5XG1OV2P6uZZ5FSM9Ttw", Handle: "googledevelopers",
			DisplayName: "Google for Developers", Bio: "Subscribe", AvatarURL: "https://yt3.example/h.jpg",
			Followers: 2470000, Following: platform.Unknown, Posts: 6200, TotalViews: 249412436, TotalLikes: platform.Unknown,
			FetchedAt: time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC)}
		if ch.Profile != want || ch.UploadsPlaylist != "UU_x5XG1OV2P6uZZ5FSM9Ttw" {
			t.Errorf("%s: channel = %+v", ref, ch)
		}
	}
	q0, q1 := (*reqs)[0].URL.Query(), (*reqs)[1].URL.Query()
	if (*reqs)[0].URL.Path != "/youtube/v3/channels" || q0.Get("forHandle") != "@googledevelopers" || q1.Get("id") != "UC_x5XG1OV2P6uZZ5FSM9Ttw" {
		t.Errorf("queries %v / %v", q0, q1)
	}
}

func TestChannelHiddenSubscribersAndNotFound(t *testing.T) {
	hidden := strings.Replace(channelJSON, `"subscriberCount": "2470000", "hiddenSubscriberCount": false`, `"hiddenSubscriberCount": true`, 1)
	c, _ := fake(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("forHandle") == "@nobody" {
			io.WriteString(w, `{"kind": "youtube#channelListResponse", "items": []}`)
			return
		}
		io.WriteString(w, hidden)
	})
	ch, err := c.Channel(context.Background(), "someone")
	if err != nil || ch.Followers != platform.Unknown {
		t.Errorf("hidden: followers %d, %v", ch.Followers, err)
	}
	if _, err := c.Channel(context.Background(), "nobody"); !errors.Is(err, platform.ErrNotFound) {
		t.Errorf("unknown handle: %v", err)
	}
}

func TestRecentVideosThreePages(t *testing.T) {
	c, reqs := fake(t, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		switch r.URL.Path {
		case "/youtube/v3/playlistItems":
			switch q.Get("pageToken") {
			case "":
				io.WriteString(w, playlistPage([]string{"v1", "v2"}, "p2"))
			case "p2":
				io.WriteString(w, playlistPage([]string{"v3", "v4"}, "p3"))
			case "p3":
				io.WriteString(w, playlistPage([]string{"v5"}, ""))
			}
		case "/youtube/v3/videos":
			var items []string
			// The client sends id repeated (id=v1&id=v2); the API also
			// takes one comma-separated value.
			for _, id := range strings.Split(strings.Join(q["id"], ","), ",") {
				items = append(items, videoJSON(id))
			}
			io.WriteString(w, `{"kind": "youtube#videoListResponse", "items": [`+strings.Join(items, ",")+`]}`)
		}
	})
	posts, err := c.RecentVideos(context.Background(), "UU_x5XG1OV2P6uZZ5FSM9Ttw", 10)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range posts {
		ids = append(ids, p.ID)
	}
	// Three playlist pages, then one videos.list for all five ids.
	if strings.Join(ids, ",") != "v1,v2,v3,v4,v5" || len(*reqs) != 4 || strings.Join((*reqs)[3].URL.Query()["id"], ",") != "v1,v2,v3,v4,v5" {
		t.Fatalf("ids %v after %d requests", ids, len(*reqs))
	}
	p := posts[0]
	// PT4M13S = 4*60 + 13 = 253 s.
	if p.Views != 1000 || p.Likes != 80 || p.Comments != 12 || p.Duration != 253*time.Second || p.AccountID != "UC_x5XG1OV2P6uZZ5FSM9Ttw" ||
		p.URL != "https://www.youtube.com/watch?v=v1" || !p.PublishedAt.Equal(time.Date(2026, 3, 1, 17, 0, 0, 0, time.UTC)) {
		t.Errorf("post %+v", p)
	}
	if got := (*reqs)[0].URL.Query().Get("maxResults"); got != "10" {
		t.Errorf("maxResults %s, want 10", got)
	}
}

func TestComments(t *testing.T) {
	page := func(id, next string) string {
		return fmt.Sprintf(`{"kind": "youtube#commentThreadListResponse", "nextPageToken": %q, "items": [{"kind": "youtube#commentThread", "id": "t%s",
		  "snippet": {"videoId": "v1", "totalReplyCount": 2, "topLevelComment": {"kind": "youtube#comment", "id": %q,
		    "snippet": {"authorDisplayName": "@ann", "textDisplay": "nice %s", "likeCount": 4, "publishedAt": "2026-03-02T10:00:00Z"}}}}]}`, next, id, id, id)
	}
	c, reqs := fake(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("pageToken") {
		case "":
			io.WriteString(w, page("c1", "n2"))
		case "n2":
			io.WriteString(w, page("c2", "n3"))
		default:
			io.WriteString(w, page("c3", ""))
		}
	})
	got, err := c.Comments(context.Background(), "v1", 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || len(*reqs) != 3 || got[2].ID != "c3" || got[0].Text != "nice c1" || got[0].Likes != 4 || got[0].Replies != 2 ||
		got[0].Author != "@ann" || !got[0].CreatedAt.Equal(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("comments %+v after %d requests", got, len(*reqs))
	}
	if q := (*reqs)[0].URL.Query(); q.Get("textFormat") != "plainText" || q.Get("videoId") != "v1" {
		t.Errorf("query %v", q)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		check  func(error) bool
	}{
		{"quota", 403, quotaJSON, func(err error) bool {
			var rl *platform.RateLimitError
			return errors.As(err, &rl) && rl.Reason == "quotaExceeded" && errors.Is(err, platform.ErrRateLimited)
		}},
		{"comments disabled", 403, `{"error": {"code": 403, "message": "disabled", "errors": [{"domain": "youtube.commentThread", "reason": "commentsDisabled"}]}}`,
			func(err error) bool { return errors.Is(err, ErrCommentsDisabled) }},
		{"video not found", 404, `{"error": {"code": 404, "message": "not found", "errors": [{"domain": "youtube.commentThread", "reason": "videoNotFound"}]}}`,
			func(err error) bool { return errors.Is(err, platform.ErrNotFound) }},
		{"bad request", 400, `{"error": {"code": 400, "message": "bad", "errors": [{"reason": "invalidParameter"}]}}`,
			func(err error) bool {
				return err != nil && !errors.Is(err, platform.ErrRateLimited) && !errors.Is(err, platform.ErrNotFound)
			}},
	}
	for _, tt := range tests {
		c, _ := fake(t, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(tt.status)
			io.WriteString(w, tt.body)
		})
		_, err := c.Comments(context.Background(), "v1", 10)
		if !tt.check(err) {
			t.Errorf("%s: err = %v", tt.name, err)
		}
	}
}

func TestCancelled(t *testing.T) {
	c, reqs := fake(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, channelJSON) })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Channel(ctx, "@x"); !errors.Is(err, context.Canceled) || len(*reqs) != 0 {
		t.Errorf("err = %v after %d requests", err, len(*reqs))
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr bool
	}{
		{"PT4M13S", 4*time.Minute + 13*time.Second, false},
		{"PT1H2M", time.Hour + 2*time.Minute, false},
		{"P1DT2H", 26 * time.Hour, false},
		{"PT45S", 45 * time.Second, false},
		{"P0D", 0, false},
		{"PT", 0, false},
		{"", 0, true},
		{"4M13S", 0, true},
		{"P1M", 0, true}, // months are not a video length
		{"PT4X", 0, true},
		{"PT4", 0, true},
		{"PTS", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v, err=%v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

// The shapes follow commentThreads.list with part=snippet,replies and
// comments.list with parentId
// (https://developers.google.com/youtube/v3/docs/commentThreads,
// https://developers.google.com/youtube/v3/docs/comments): a thread's
// snippet names the video's channel in channelId, each comment's author in
// authorChannelId.value, and a reply its parent in parentId.
const threadsWithRepliesJSON = `{"kind": "youtube#commentThreadListResponse", "items": [
  {"kind": "youtube#commentThread", "id": "c1",
   "snippet": {"channelId": "UCowner", "videoId": "v1", "totalReplyCount": 2, "canReply": true, "isPublic": true,
     "topLevelComment": {"kind": "youtube#comment", "id": "c1", "snippet": {"channelId": "UCowner", "videoId": "v1",
       "authorDisplayName": "@ann", "authorChannelId": {"value": "UCann"}, "textDisplay": "which size?", "publishedAt": "2026-03-02T10:00:00Z"}}},
   "replies": {"comments": [
     {"kind": "youtube#comment", "id": "c1.r1", "snippet": {"channelId": "UCowner", "videoId": "v1", "parentId": "c1",
       "authorDisplayName": "@bob", "authorChannelId": {"value": "UCbob"}, "textDisplay": "same question", "publishedAt": "2026-03-02T11:00:00Z"}},
     {"kind": "youtube#comment", "id": "c1.r2", "snippet": {"channelId": "UCowner", "videoId": "v1", "parentId": "c1",
       "authorDisplayName": "@owner", "authorChannelId": {"value": "UCowner"}, "textDisplay": "size M", "publishedAt": "2026-03-02T13:30:00Z"}}]}},
  {"kind": "youtube#commentThread", "id": "c2",
   "snippet": {"channelId": "UCowner", "videoId": "v1", "totalReplyCount": 7,
     "topLevelComment": {"kind": "youtube#comment", "id": "c2", "snippet": {"authorDisplayName": "@cat", "authorChannelId": {"value": "UCcat"},
       "textDisplay": "love it", "publishedAt": "2026-03-02T09:00:00Z"}}},
   "replies": {"comments": [
     {"kind": "youtube#comment", "id": "c2.r1", "snippet": {"parentId": "c2", "authorDisplayName": "@dan", "authorChannelId": {"value": "UCdan"},
       "textDisplay": "+1", "publishedAt": "2026-03-02T09:10:00Z"}}]}},
  {"kind": "youtube#commentThread", "id": "c3",
   "snippet": {"channelId": "UCowner", "videoId": "v1", "totalReplyCount": 0,
     "topLevelComment": {"kind": "youtube#comment", "id": "c3", "snippet": {"authorDisplayName": "@eve", "authorChannelId": {"value": "UCeve"},
       "textDisplay": "first", "publishedAt": "2026-03-02T08:00:00Z"}}}}
]}`

const repliesOfC2JSON = `{"kind": "youtube#commentListResponse", "items": [
  {"kind": "youtube#comment", "id": "c2.r6", "snippet": {"parentId": "c2", "authorDisplayName": "@owner", "authorChannelId": {"value": "UCowner"},
    "textDisplay": "thank you!", "publishedAt": "2026-03-03T09:00:00Z"}}]}`

func TestCommentsOwnerReplies(t *testing.T) {
	c, reqs := fake(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/commentThreads"):
			io.WriteString(w, threadsWithRepliesJSON)
		case strings.HasSuffix(r.URL.Path, "/comments") && r.URL.Query().Get("parentId") == "c2":
			io.WriteString(w, repliesOfC2JSON)
		default:
			t.Errorf("unexpected %s", r.URL)
			w.WriteHeader(http.StatusNotFound)
		}
	})
	got, err := c.Comments(context.Background(), "v1", 10)
	if err != nil {
		t.Fatal(err)
	}
	// c1 carries the owner's reply; c2 carries only @dan's of 7, so its
	// replies are read and the owner's found there; c3 has none. @bob's
	// and @dan's replies are not the owner's and are left out.
	type row struct{ id, parent, author string }
	want := []row{{"c1", "", "@ann"}, {"c1.r2", "c1", "@owner"}, {"c2", "", "@cat"}, {"c2.r6", "c2", "@owner"}, {"c3", "", "@eve"}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i, w := range want {
		if g := got[i]; g.ID != w.id || g.ParentID != w.parent || g.Author != w.author {
			t.Errorf("comment %d = %+v, want %+v", i, g, w)
		}
	}
	if !got[1].CreatedAt.Equal(time.Date(2026, 3, 2, 13, 30, 0, 0, time.UTC)) || got[0].Replies != 2 || got[2].Replies != 7 {
		t.Errorf("times or reply counts: %+v", got)
	}
	if len(*reqs) != 2 {
		t.Errorf("%d requests, want 2 (threads, then c2's replies)", len(*reqs))
	}
	// The client sends one part parameter per part.
	if q := (*reqs)[0].URL.Query(); strings.Join(q["part"], ",") != "snippet,replies" {
		t.Errorf("part %q, want snippet and replies", q["part"])
	}
}
