package instagram

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

// The pages follow the documented business discovery responses
// (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-facebook-login/business-discovery,
// "Get Follower & Media Count" and "Get Media"): the target's fields under
// business_discovery, its media as {data, paging.cursors.after}, and the
// next page asked for with media.after(cursor).
const page1 = `{
  "business_discovery": {
    "id": "17841401441775531",
    "username": "bluebottle",
    "name": "Blue Bottle Coffee",
    "biography": "Coffee, roasted fresh.",
    "website": "https://bluebottlecoffee.com",
    "profile_picture_url": "https://scontent.example/pic.jpg",
    "followers_count": 267793,
    "follows_count": 1050,
    "media_count": 1205,
    "media": {
      "data": [
        {"id": "17858843269216389", "caption": "Pour over", "like_count": 1845, "comments_count": 23, "timestamp": "2026-03-10T18:10:00+0000", "media_type": "IMAGE", "permalink": "https://www.instagram.com/p/A1/"},
        {"id": "17894036119131554", "caption": "Reel", "comments_count": 5, "timestamp": "2026-03-09T08:00:00+0000", "media_type": "VIDEO", "permalink": "https://www.instagram.com/reel/A2/"}
      ],
      "paging": {"cursors": {"after": "QVFIUkx1"}}
    }
  },
  "id": "17841405309211844"
}`

const page2 = `{
  "business_discovery": {
    "media": {
      "data": [
        {"id": "3", "caption": "c3", "like_count": 30, "comments_count": 3, "timestamp": "2026-03-08T08:00:00+0000", "media_type": "CAROUSEL_ALBUM", "permalink": "https://www.instagram.com/p/A3/"},
        {"id": "4", "caption": "c4", "like_count": 40, "comments_count": 4, "timestamp": "2026-03-07T08:00:00+0000", "media_type": "IMAGE", "permalink": "https://www.instagram.com/p/A4/"}
      ],
      "paging": {"cursors": {"before": "QVFIUkx1", "after": "QVFIUkx2"}}
    },
    "id": "17841401441775531"
  },
  "id": "17841405309211844"
}`

const page3 = `{
  "business_discovery": {
    "media": {
      "data": [
        {"id": "5", "caption": "c5", "like_count": 50, "comments_count": 5, "timestamp": "2026-03-06T08:00:00+0000", "media_type": "IMAGE", "permalink": "https://www.instagram.com/p/A5/"}
      ]
    },
    "id": "17841401441775531"
  },
  "id": "17841405309211844"
}`

func server(t *testing.T, h http.HandlerFunc) (*Client, *[]string) {
	t.Helper()
	var fields []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v25.0/17841405309211844" || r.URL.Query().Get("access_token") != "tok" {
			t.Errorf("request %s", r.URL.Path)
		}
		fields = append(fields, r.URL.Query().Get("fields"))
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := New(srv.URL, "", "17841405309211844", "tok", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	c.now = func() time.Time { return time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC) }
	return c, &fields
}

func pages(w http.ResponseWriter, r *http.Request) {
	f := r.URL.Query().Get("fields")
	switch {
	case strings.Contains(f, "media.after(QVFIUkx2)"):
		io.WriteString(w, page3)
	case strings.Contains(f, "media.after(QVFIUkx1)"):
		io.WriteString(w, page2)
	default:
		io.WriteString(w, page1)
	}
}

func TestDiscoverThreePages(t *testing.T) {
	c, fields := server(t, pages)
	p, posts, err := c.Discover(context.Background(), "@bluebottle", 100)
	if err != nil {
		t.Fatal(err)
	}
	wantProfile := platform.Profile{
		Platform: platform.Instagram, ID: "17841401441775531", Handle: "bluebottle", DisplayName: "Blue Bottle Coffee",
		Bio: "Coffee, roasted fresh.", AvatarURL: "https://scontent.example/pic.jpg", ExternalURL: "https://bluebottlecoffee.com",
		Followers: 267793, Following: 1050, Posts: 1205, TotalLikes: platform.Unknown, TotalViews: platform.Unknown,
		FetchedAt: time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC),
	}
	if p != wantProfile {
		t.Errorf("profile = %+v\nwant %+v", p, wantProfile)
	}
	if len(*fields) != 3 {
		t.Fatalf("%d requests, want 3: %q", len(*fields), *fields)
	}
	wantFirst := "business_discovery.username(bluebottle){" + profileFields + ",media.limit(50){" + mediaFields + "}}"
	if (*fields)[0] != wantFirst {
		t.Errorf("first fields = %s", (*fields)[0])
	}
	var ids []string
	for _, p := range posts {
		ids = append(ids, p.ID)
	}
	if got := strings.Join(ids, ","); got != "17858843269216389,17894036119131554,3,4,5" {
		t.Errorf("post ids %s", got)
	}
	first := posts[0]
	if first.Likes != 1845 || first.Comments != 23 || first.MediaType != "IMAGE" || first.URL != "https://www.instagram.com/p/A1/" ||
		!first.PublishedAt.Equal(time.Date(2026, 3, 10, 18, 10, 0, 0, time.UTC)) || first.AccountID != "17841401441775531" ||
		first.Views != platform.Unknown {
		t.Errorf("first post %+v", first)
	}
	if posts[1].Likes != platform.Unknown {
		t.Errorf("hidden like count = %d, want Unknown", posts[1].Likes)
	}
}

func TestDiscoverStopsAtMax(t *testing.T) {
	c, fields := server(t, pages)
	_, posts, err := c.Discover(context.Background(), "bluebottle", 3)
	if err != nil {
		t.Fatal(err)
	}
	// 2 from the first page, 1 of the second; no third request.
	if len(posts) != 3 || len(*fields) != 2 || !strings.Contains((*fields)[0], "media.limit(3)") {
		t.Errorf("%d posts after %d requests (%q)", len(posts), len(*fields), *fields)
	}
}

func TestDiscoverErrors(t *testing.T) {
	graphErr := func(status, code, sub int, header string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if header != "" {
				w.Header().Set("X-Business-Use-Case-Usage", header)
			}
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"error": {"message": "msg %d", "type": "OAuthException", "code": %d, "error_subcode": %d, "fbtrace_id": "AbC"}}`, code, code, sub)
		}
	}
	usage := `{"17841405309211844": [{"type": "instagram", "call_count": 100, "total_cputime": 25, "total_time": 25, "estimated_time_to_regain_access": 7}]}`
	tests := []struct {
		name  string
		h     http.HandlerFunc
		check func(error) bool
	}{
		{"code 4", graphErr(403, 4, 0, ""), isRateLimit(0)},
		{"code 17", graphErr(403, 17, 2446079, ""), isRateLimit(0)},
		{"code 32", graphErr(403, 32, 0, ""), isRateLimit(0)},
		{"code 613 with usage header", graphErr(400, 613, 0, usage), isRateLimit(7 * time.Minute)},
		{"unknown user", graphErr(400, 110, 2207013, ""), func(err error) bool { return errors.Is(err, platform.ErrNotFound) }},
		{"permission", graphErr(400, 10, 0, ""), func(err error) bool {
			var ae *APIError
			return errors.As(err, &ae) && ae.Code == 10 && ae.TraceID == "AbC" && !errors.Is(err, platform.ErrRateLimited)
		}},
		{"not JSON", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(502) }, func(err error) bool {
			var ae *APIError
			return errors.As(err, &ae) && ae.Status == 502
		}},
	}
	for _, tt := range tests {
		c, _ := server(t, tt.h)
		_, _, err := c.Discover(context.Background(), "bluebottle", 10)
		if !tt.check(err) {
			t.Errorf("%s: err = %v", tt.name, err)
		}
		if err != nil && strings.Contains(err.Error(), "tok") {
			t.Errorf("%s: error leaks the token: %v", tt.name, err)
		}
	}
}

func isRateLimit(after time.Duration) func(error) bool {
	return func(err error) bool {
		var rl *platform.RateLimitError
		return errors.Is(err, platform.ErrRateLimited) && errors.As(err, &rl) && rl.RetryAfter == after && rl.Platform == platform.Instagram
	}
}

func TestDiscoverCancelled(t *testing.T) {
	c, fields := server(t, pages)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := c.Discover(ctx, "bluebottle", 10)
	if !errors.Is(err, context.Canceled) || len(*fields) != 0 {
		t.Errorf("err = %v after %d requests", err, len(*fields))
	}
	if strings.Contains(err.Error(), "access_token") {
		t.Errorf("error leaks the token: %v", err)
	}
}

func TestDiscoverRejectsBadUsername(t *testing.T) {
	c, fields := server(t, pages)
	for _, u := range []string{"", "a b", "x){id}", strings.Repeat("a", 31)} {
		if _, _, err := c.Discover(context.Background(), u, 1); err == nil {
			t.Errorf("username %q accepted", u)
		}
	}
	if len(*fields) != 0 {
		t.Errorf("%d requests sent for invalid usernames", len(*fields))
	}
}
