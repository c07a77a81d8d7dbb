package tiktok

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/platform"
)

type call struct {
	path, fields, auth string
	body               map[string]any
}

func fake(t *testing.T, h func(w http.ResponseWriter, c call)) (*Client, *[]call) {
	t.Helper()
	var calls []call
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := call{path: r.URL.Path, fields: r.URL.Query().Get("fields"), auth: r.Header.Get("Authorization")}
		raw, _ := io.ReadAll(r.Body)
		json.Unmarshal(raw, &c.body)
		calls = append(calls, c)
		h(w, c)
	}))
	t.Cleanup(srv.Close)
	cl, err := New(srv.URL, "clt.example", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	cl.now = func() time.Time { return time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC) }
	return cl, &calls
}

// userInfo is the documented example response of Query User Info
// (https://developers.tiktok.com/doc/research-api-specs-query-user-info).
const userInfo = `{
  "data": {"bio_description": "my_bio", "is_verified": false, "likes_count": 27155089, "video_count": 44,
           "avatar_url": "https://p16-sign-va.tiktokcdn.com/avatar.jpeg", "follower_count": 232, "following_count": 45,
           "display_name": "Joe", "bio_url": "https://joe.example"},
  "error": {"code": "ok", "message": "", "log_id": "20220829194722CBE87ED59D524E727021"}
}`

func TestUser(t *testing.T) {
	c, calls := fake(t, func(w http.ResponseWriter, _ call) { io.WriteString(w, userInfo) })
	p, err := c.User(context.Background(), "@joe123456")
	if err != nil {
		t.Fatal(err)
	}
	want := platform.Profile{Platform: platform.TikTok, ID: "joe123456", Handle: "joe123456", DisplayName: "Joe", Bio: "my_bio",
		AvatarURL: "https://p16-sign-va.tiktokcdn.com/avatar.jpeg", ExternalURL: "https://joe.example",
		Followers: 232, Following: 45, Posts: 44, TotalLikes: 27155089, TotalViews: platform.Unknown,
		FetchedAt: time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC)}
	if p != want {
		t.Errorf("profile = %+v", p)
	}
	got := (*calls)[0]
	if got.path != "/v2/research/user/info/" || got.fields != userFields || got.auth != "Bearer clt.example" || got.body["username"] != "joe123456" {
		t.Errorf("call = %+v", got)
	}
}

// videoPageJSON follows the Query Videos response (data.videos, cursor,
// has_more, search_id; https://developers.tiktok.com/doc/research-api-specs-query-videos).
func videoPageJSON(ids []string, cursor int, more bool) string {
	var vs []string
	for _, id := range ids {
		vs = append(vs, `{"id": `+id+`, "video_description": "v`+id+`", "create_time": 1741651200, "username": "joe",
		  "view_count": 1000, "like_count": 100, "comment_count": 10, "share_count": 5, "favourites_count": 2, "video_duration": 31}`)
	}
	b, _ := json.Marshal(map[string]any{"cursor": cursor, "has_more": more, "search_id": "7201388525814961198"})
	meta := strings.TrimSuffix(strings.TrimPrefix(string(b), "{"), "}")
	return `{"data": {"videos": [` + strings.Join(vs, ",") + `], ` + meta + `}, "error": {"code": "ok", "message": "", "log_id": "x"}}`
}

func TestVideosThreePages(t *testing.T) {
	c, calls := fake(t, func(w http.ResponseWriter, cl call) {
		switch cl.body["cursor"] {
		case nil:
			io.WriteString(w, videoPageJSON([]string{"7213456789012345678", "2"}, 2, true))
		case float64(2):
			io.WriteString(w, videoPageJSON([]string{"3", "4"}, 4, true))
		default:
			io.WriteString(w, videoPageJSON([]string{"5"}, 5, false))
		}
	})
	until := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	posts, err := c.Videos(context.Background(), "joe", until.AddDate(0, 0, -20), until, 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(*calls) != 3 || len(posts) != 5 {
		t.Fatalf("%d calls, %d posts", len(*calls), len(posts))
	}
	first := (*calls)[0].body
	if first["start_date"] != "20260218" || first["end_date"] != "20260310" || first["max_count"] != float64(100) {
		t.Errorf("first body %v", first)
	}
	q, _ := json.Marshal(first["query"])
	if string(q) != `{"and":[{"field_name":"username","field_values":["joe"],"operation":"EQ"}]}` {
		t.Errorf("query %s", q)
	}
	if (*calls)[1].body["search_id"] != "7201388525814961198" || (*calls)[2].body["cursor"] != float64(4) {
		t.Errorf("paging bodies %v / %v", (*calls)[1].body, (*calls)[2].body)
	}
	p := posts[0]
	// The id is above 2^53: kept digit for digit. 1741651200 is 2025-03-11 00:00 UTC.
	if p.ID != "7213456789012345678" || p.URL != "https://www.tiktok.com/@joe/video/7213456789012345678" ||
		p.Views != 1000 || p.Likes != 100 || p.Comments != 10 || p.Shares != 5 || p.Saves != 2 ||
		p.Duration != 31*time.Second || !p.PublishedAt.Equal(time.Date(2025, 3, 11, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("post %+v", p)
	}
}

func TestVideosSplitsLongSpans(t *testing.T) {
	c, calls := fake(t, func(w http.ResponseWriter, _ call) { io.WriteString(w, videoPageJSON(nil, 0, false)) })
	until := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	if _, err := c.Videos(context.Background(), "joe", until.AddDate(0, 0, -70), until, 50); err != nil {
		t.Fatal(err)
	}
	// Each window spans 30 days back from its end; the next ends the day
	// before. 03-10 - 30 d = 02-08 (February 2026 has 28 days); next end
	// 02-07, start 02-07 - 30 d = 01-08; next end 01-07, start 12-08 clamped
	// to since = 03-10 - 70 d = 2025-12-30.
	var got []string
	for _, cl := range *calls {
		got = append(got, cl.body["start_date"].(string)+"-"+cl.body["end_date"].(string))
	}
	if strings.Join(got, " ") != "20260208-20260310 20260108-20260207 20251230-20260107" {
		t.Errorf("windows %v", got)
	}
}

func TestComments(t *testing.T) {
	// Shape of Query Video Comments
	// (https://developers.tiktok.com/doc/research-api-specs-query-video-comments).
	pages := []string{
		`{"data": {"comments": [{"id": 7, "video_id": 70, "text": "love it", "like_count": 3, "reply_count": 1, "parent_comment_id": 70, "create_time": 1741651200}], "cursor": 1, "has_more": true}, "error": {"code": "ok"}}`,
		`{"data": {"comments": [{"id": 8, "video_id": 70, "text": "same", "like_count": 0, "reply_count": 0, "parent_comment_id": 7, "create_time": 1741651260}], "cursor": 2, "has_more": true}, "error": {"code": "ok"}}`,
		`{"data": {"comments": [{"id": 9, "video_id": 70, "text": "where to buy?", "like_count": 1, "reply_count": 0, "parent_comment_id": 70, "create_time": 1741651320}], "cursor": 3, "has_more": false}, "error": {"code": "ok"}}`,
	}
	n := 0
	c, calls := fake(t, func(w http.ResponseWriter, _ call) { io.WriteString(w, pages[n]); n++ })
	got, err := c.Comments(context.Background(), "70", 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || len(*calls) != 3 || (*calls)[0].body["video_id"] != float64(70) || (*calls)[2].body["cursor"] != float64(2) {
		t.Fatalf("%d comments after %d calls", len(got), len(*calls))
	}
	if got[0].ParentID != "" || got[1].ParentID != "7" || got[2].Text != "where to buy?" || got[0].Replies != 1 || got[1].PostID != "70" {
		t.Errorf("comments %+v", got)
	}
	if _, err := c.Comments(context.Background(), "abc", 1); err == nil {
		t.Error("non-numeric video id accepted")
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name  string
		h     func(http.ResponseWriter, call)
		check func(error) bool
	}{
		{"429 rate_limit_exceeded", func(w http.ResponseWriter, _ call) {
			w.Header().Set("Retry-After", "60")
			w.WriteHeader(429)
			io.WriteString(w, `{"error": {"code": "rate_limit_exceeded", "message": "API rate limit exceeded", "log_id": "l"}}`)
		}, func(err error) bool {
			var rl *platform.RateLimitError
			return errors.As(err, &rl) && rl.Reason == "rate_limit_exceeded" && rl.RetryAfter == time.Minute && errors.Is(err, platform.ErrRateLimited)
		}},
		{"bare 429", func(w http.ResponseWriter, _ call) { w.WriteHeader(429) }, func(err error) bool {
			return errors.Is(err, platform.ErrRateLimited)
		}},
		{"invalid params", func(w http.ResponseWriter, _ call) {
			w.WriteHeader(400)
			io.WriteString(w, `{"error": {"code": "invalid_params", "message": "username not found", "log_id": "l2"}}`)
		}, func(err error) bool {
			var ae *APIError
			return errors.As(err, &ae) && ae.Code == "invalid_params" && ae.Status == 400 && ae.LogID == "l2"
		}},
		{"bad id", func(w http.ResponseWriter, _ call) {
			io.WriteString(w, `{"data": {"videos": [{"id": 1.5}], "has_more": false}, "error": {"code": "ok"}}`)
		}, func(err error) bool { return err != nil && strings.Contains(err.Error(), "not an integer") }},
	}
	for _, tt := range tests {
		c, _ := fake(t, tt.h)
		_, err := c.Videos(context.Background(), "joe", time.Now().AddDate(0, 0, -1), time.Now(), 10)
		if !tt.check(err) {
			t.Errorf("%s: err = %v", tt.name, err)
		}
	}
}

func TestCancelled(t *testing.T) {
	c, calls := fake(t, func(w http.ResponseWriter, _ call) { io.WriteString(w, userInfo) })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.User(ctx, "joe"); !errors.Is(err, context.Canceled) || len(*calls) != 0 {
		t.Errorf("err = %v after %d calls", err, len(*calls))
	}
}

func TestClientToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		if r.URL.Path != "/v2/oauth/token/" || r.PostForm.Get("grant_type") != "client_credentials" || r.PostForm.Get("client_key") != "key" {
			w.WriteHeader(400)
			io.WriteString(w, `{"error": "invalid_request", "error_description": "bad", "log_id": "z"}`)
			return
		}
		io.WriteString(w, `{"access_token": "clt.example12345Example12345Example", "expires_in": 7200, "token_type": "Bearer"}`)
	}))
	defer srv.Close()
	before := time.Now()
	tok, err := ClientToken(context.Background(), srv.URL, "key", "secret", srv.Client())
	if err != nil || tok.AccessToken != "clt.example12345Example12345Example" || tok.ExpiresAt.Before(before.Add(2*time.Hour)) {
		t.Errorf("token %+v, %v", tok, err)
	}
	var ae *APIError
	if _, err := ClientToken(context.Background(), srv.URL, "wrong", "secret", srv.Client()); !errors.As(err, &ae) || ae.Code != "invalid_request" {
		t.Errorf("bad key: err = %v", err)
	}
}
