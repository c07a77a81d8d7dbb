package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func cmdEnv(env map[string]string) (*Env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }}, &out, &errb
}

// fakeYouTube answers the four Data API calls a sync makes, in the shapes of
// the API reference: a channel with 20,000 subscribers and two videos.
func fakeYouTube(t *testing.T) *httptest.Server {
	video := func(id, published string, views, likes, comments int) string {
		return fmt.Sprintf(`{"kind": "youtube#video", "id": %q, "snippet": {"publishedAt": %q, "channelId": "UCbake",
		  "title": "Sourdough %s", "description": "Baking sourdough at home #baking"}, "contentDetails": {"duration": "PT8M"},
		  "statistics": {"viewCount": "%d", "likeCount": "%d", "commentCount": "%d"}}`, id, published, id, views, likes, comments)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("key") != "yt-key" {
			http.Error(w, `{"error": {"code": 400, "message": "API key not valid", "errors": [{"reason": "keyInvalid"}]}}`, http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/youtube/v3/channels":
			io.WriteString(w, `{"items": [{"kind": "youtube#channel", "id": "UCbake", "snippet": {"title": "Ana Bakes", "description": "Bread every week",
			  "customUrl": "@anabakes", "thumbnails": {"default": {"url": "https://yt3.example/a.jpg"}}},
			  "contentDetails": {"relatedPlaylists": {"uploads": "UUbake"}},
			  "statistics": {"viewCount": "90000", "subscriberCount": "20000", "hiddenSubscriberCount": false, "videoCount": "40"}}]}`)
		case "/youtube/v3/playlistItems":
			io.WriteString(w, `{"items": [{"contentDetails": {"videoId": "v1"}}, {"contentDetails": {"videoId": "v2"}}]}`)
		case "/youtube/v3/videos":
			io.WriteString(w, `{"items": [`+video("v1", "2026-11-10T17:00:00Z", 1000, 80, 12)+`,`+video("v2", "2026-11-03T17:00:00Z", 2000, 100, 20)+`]}`)
		case "/youtube/v3/commentThreads":
			vid := r.URL.Query().Get("videoId")
			io.WriteString(w, `{"items": [{"id": "t-`+vid+`", "snippet": {"videoId": "`+vid+`", "totalReplyCount": 0, "topLevelComment": {"id": "c-`+vid+`",
			  "snippet": {"authorDisplayName": "@ben", "textDisplay": "Where can I buy that banneton?", "likeCount": 1, "publishedAt": "2026-11-11T10:00:00Z"}}}}]}`)
		default:
			t.Errorf("unexpected YouTube call %s", r.URL.Path)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// fakeTikTok answers the Research API: a token, the user, one video with
// one comment.
func fakeTikTok(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v2/oauth/token/":
			io.WriteString(w, `{"access_token": "clt.test", "expires_in": 7200, "token_type": "Bearer"}`)
		case "/v2/research/user/info/":
			io.WriteString(w, `{"data": {"bio_description": "Crumb shots", "likes_count": 5000, "video_count": 12, "avatar_url": "",
			  "follower_count": 8000, "following_count": 90, "display_name": "Crumb Club"}, "error": {"code": "ok"}}`)
		case "/v2/research/video/query/":
			// The client asks window by window (30 days at most); the
			// video was posted three days ago, in the newest window only.
			var body struct {
				Start string `json:"start_date"`
				End   string `json:"end_date"`
			}
			json.NewDecoder(r.Body).Decode(&body)
			posted := time.Now().Add(-72 * time.Hour)
			videos := ""
			if day := posted.UTC().Format("20060102"); body.Start <= day && day <= body.End {
				videos = fmt.Sprintf(`{"id": 71, "video_description": "Open crumb #sourdough", "create_time": %d, "username": "crumbclub",
			  "view_count": 4000, "like_count": 300, "comment_count": 20, "share_count": 10, "favourites_count": 30, "video_duration": 20}`, posted.Unix())
			}
			io.WriteString(w, `{"data": {"videos": [`+videos+`], "cursor": 1, "has_more": false, "search_id": "s1"}, "error": {"code": "ok"}}`)
		case "/v2/research/video/comment/list/":
			io.WriteString(w, `{"data": {"comments": [{"id": 9, "video_id": 71, "text": "recipe please?", "like_count": 1, "reply_count": 0,
			  "parent_comment_id": 71, "create_time": 1762000600}], "cursor": 1, "has_more": false}, "error": {"code": "ok"}}`)
		default:
			t.Errorf("unexpected TikTok call %s", r.URL.Path)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestSyncThenVetRun(t *testing.T) {
	f := storetest.New(t)
	ctx := context.Background()
	yt, tt := fakeYouTube(t), fakeTikTok(t)
	env := map[string]string{"CHORUS_DB": f.DSN, "CHORUS_YOUTUBE_KEY": "yt-key", "CHORUS_YOUTUBE_URL": yt.URL,
		"CHORUS_TIKTOK_KEY": "k", "CHORUS_TIKTOK_SECRET": "s", "CHORUS_TIKTOK_URL": tt.URL}

	e, out, _ := cmdEnv(env)
	if err := cmdSync(ctx, e, []string{"--workspace", "acme", "--platform", "youtube", "--handle", "@AnaBakes"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "youtube/anabakes added: 2 posts new, 0 seen again, 2 snapshots, 2 comments") {
		t.Errorf("first sync: %s", out)
	}
	// Again: the same posts are seen, not added; comments are not doubled.
	e, out, _ = cmdEnv(env)
	if err := cmdSync(ctx, e, []string{"--workspace", "acme", "--platform", "youtube", "--handle", "anabakes"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "youtube/anabakes updated: 0 posts new, 2 seen again, 2 snapshots, 0 comments") {
		t.Errorf("second sync: %s", out)
	}
	e, out, _ = cmdEnv(env)
	if err := cmdSync(ctx, e, []string{"--workspace", "acme", "--platform", "tiktok", "--handle", "crumbclub"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "tiktok/crumbclub added: 1 posts new, 0 seen again, 1 snapshots, 1 comments") {
		t.Errorf("tiktok sync: %s", out)
	}

	e, out, _ = cmdEnv(env)
	if err := vetRun(ctx, e, []string{"--workspace", "acme", "--progress=false"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "vetted 2 accounts") {
		t.Errorf("vet run: %s", out)
	}
	ws := f.Workspace.ID
	hits, _, err := f.DB.SearchCreators(ctx, ws, store.SearchFilter{Text: "sourdough", Sort: "followers"})
	if err != nil || len(hits) != 2 || hits[0].Name != "Ana Bakes" || hits[1].Name != "Crumb Club" {
		t.Fatalf("search: %+v, %v", hits, err)
	}
	vets, err := f.DB.AccountVettingsOf(ctx, ws, []int64{hits[0].CreatorID, hits[1].CreatorID})
	if err != nil || len(vets) != 2 {
		t.Fatalf("vettings %v, %v", vets, err)
	}
	// Ana on YouTube, 20,000 subscribers, counts of the latest snapshot:
	// (80+12)/20000 = 0.0046 and (100+20)/20000 = 0.006, median 0.0053;
	// by views 92/1000 = 0.092 and 120/2000 = 0.06, median 0.076.
	// Crumb Club: (300+20+30+10)/8000 = 0.045; by views 360/4000 = 0.09.
	want := map[int64][2]float64{hits[0].CreatorID: {0.0053, 0.076}, hits[1].CreatorID: {0.045, 0.09}}
	for _, v := range vets {
		w := want[v.CreatorID]
		if v.ER == nil || v.ERViews == nil || math.Abs(*v.ER-w[0]) > 1e-12 || math.Abs(*v.ERViews-w[1]) > 1e-12 {
			t.Errorf("creator %d: er %v by views %v, want %v", v.CreatorID, v.ER, v.ERViews, w)
		}
	}
	job, err := f.DB.LatestVettingJob(ctx, ws)
	if err != nil || job.Status != "done" || job.Done != 4 || job.Total != 4 {
		t.Errorf("job %+v, %v", job, err)
	}
}

func TestSyncErrors(t *testing.T) {
	f := storetest.New(t)
	yt := fakeYouTube(t)
	tests := []struct {
		args []string
		env  map[string]string
		want []string
	}{
		{[]string{"--platform", "myspace", "--posts", "0"}, nil,
			[]string{"--workspace: required", `--platform "myspace"`, "--handle: give at least one", "--posts 0"}},
		{[]string{"--workspace", "acme", "--platform", "instagram", "--handle", "x"}, nil,
			[]string{"needs --instagram-token, --instagram-user-id"}},
		// A wrong key: the account fails and says so; the command fails.
		{[]string{"--workspace", "acme", "--platform", "youtube", "--handle", "a", "--youtube-url", yt.URL}, map[string]string{"CHORUS_YOUTUBE_KEY": "wrong"},
			[]string{"1 of 1 accounts failed", "youtube/a"}},
	}
	for _, tt := range tests {
		env := map[string]string{"CHORUS_DB": f.DSN}
		for k, v := range tt.env {
			env[k] = v
		}
		e, _, _ := cmdEnv(env)
		err := cmdSync(context.Background(), e, tt.args)
		for _, w := range tt.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%v: error %v does not say %q", tt.args, err, w)
			}
		}
	}
}
