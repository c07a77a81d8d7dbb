package instagram

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// The pages follow GET /{ig-media-id}/comments with a replies{...} field
// expansion (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media/comments,
// .../ig-comment/replies): comments under data, each with its replies
// under replies.data, and paging.cursors.after with paging.next while more
// remain.
const commentsPage1 = `{
  "data": [
    {"id": "17870913679156914", "text": "Which grinder is that?", "username": "ann", "timestamp": "2026-03-10T19:16:02+0000", "like_count": 3,
     "replies": {"data": [
       {"id": "17881", "text": "same question", "username": "bob", "timestamp": "2026-03-10T19:20:00+0000"},
       {"id": "17882", "text": "A burr grinder, link in bio", "username": "BlueBottle", "timestamp": "2026-03-10T21:16:02+0000"}]}},
    {"id": "17873440459141021", "text": "I love this!", "username": "cat", "timestamp": "2026-03-10T18:10:30+0000"}
  ],
  "paging": {"cursors": {"before": "QVFIUmE", "after": "QVFIUmI"}, "next": "https://graph.facebook.com/v25.0/17858843269216389/comments?after=QVFIUmI"}
}`

const commentsPage2 = `{
  "data": [
    {"id": "17873440459141099", "text": "Stunning", "username": "dan", "timestamp": "2026-03-10T18:00:00+0000",
     "replies": {"data": [{"id": "17891", "text": "thanks!", "username": "bluebottle", "timestamp": "2026-03-11T06:00:00+0000"}]}}
  ],
  "paging": {"cursors": {"before": "QVFIUmM", "after": "QVFIUmQ"}}
}`

func TestComments(t *testing.T) {
	var afters []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if r.URL.Path != "/v25.0/17858843269216389/comments" || q.Get("access_token") != "tok" || q.Get("fields") != commentFields {
			t.Errorf("request %s", r.URL)
		}
		afters = append(afters, q.Get("after"))
		if q.Get("after") == "QVFIUmI" {
			io.WriteString(w, commentsPage2)
			return
		}
		io.WriteString(w, commentsPage1)
	}))
	defer srv.Close()
	c, err := New(srv.URL, "", "17841405309211844", "tok", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Comments(context.Background(), "17858843269216389", "bluebottle", 10)
	if err != nil {
		t.Fatal(err)
	}
	// ann's comment with the owner's reply (bob's is not the owner's,
	// and usernames compare without case), cat's without, then dan's from
	// the second page with the owner's reply.
	type row struct{ id, parent, author string }
	want := []row{{"17870913679156914", "", "ann"}, {"17882", "17870913679156914", "BlueBottle"}, {"17873440459141021", "", "cat"},
		{"17873440459141099", "", "dan"}, {"17891", "17873440459141099", "bluebottle"}}
	if len(got) != len(want) || len(afters) != 2 || afters[1] != "QVFIUmI" {
		t.Fatalf("got %+v after pages %q", got, afters)
	}
	for i, w := range want {
		if g := got[i]; g.ID != w.id || g.ParentID != w.parent || g.Author != w.author || g.PostID != "17858843269216389" {
			t.Errorf("comment %d = %+v, want %+v", i, g, w)
		}
	}
	if !got[1].CreatedAt.Equal(time.Date(2026, 3, 10, 21, 16, 2, 0, time.UTC)) || got[0].Likes != 3 || got[0].Text != "Which grinder is that?" {
		t.Errorf("first comment %+v, reply %+v", got[0], got[1])
	}

	// A limit of 1 stops after the first comment and its replies.
	afters = nil
	if got, err := c.Comments(context.Background(), "17858843269216389", "bluebottle", 1); err != nil || len(got) != 2 || len(afters) != 1 {
		t.Errorf("limit 1: %+v, %v after %d requests", got, err, len(afters))
	}
}

func TestCommentsErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Media the token's account does not own.
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error": {"message": "(#10) Application does not have permission for this action", "type": "OAuthException", "code": 10, "fbtrace_id": "AbC"}}`)
	}))
	defer srv.Close()
	c, err := New(srv.URL, "", "17841405309211844", "tok", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	var ae *APIError
	if _, err := c.Comments(context.Background(), "17858843269216389", "x", 10); !errors.As(err, &ae) || ae.Code != 10 || ae.Status != 400 {
		t.Errorf("permission error: %v", err)
	}
	if _, err := c.Comments(context.Background(), "../me", "x", 10); err == nil {
		t.Error("a media id with a path: no error")
	}
}
