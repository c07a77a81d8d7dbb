package discovery_test

import (
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/conversions"
	"github.com/chorushq/chorus/internal/discovery"
	"github.com/chorushq/chorus/internal/score"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// fakeYouTube answers a sync in the Data API's shapes: channel UCbake with
// two videos. On v1, ann's comment has the owner's reply 2 h later among
// the replies its thread carries, bob's has none; on v2, cy's thread
// carries only dee's reply of 3, so the client reads the thread's replies
// and finds the owner's 1 h later; eve's has none.
func fakeYouTube(t *testing.T) *httptest.Server {
	cm := func(id, parent, author, channel, at string) string {
		return fmt.Sprintf(`{"kind": "youtube#comment", "id": %q, "snippet": {"videoId": "v", "parentId": %q, "authorDisplayName": %q,
		  "authorChannelId": {"value": %q}, "textDisplay": "text of %s", "publishedAt": %q}}`, id, parent, author, channel, id, at)
	}
	thread := func(top string, total int, replies ...string) string {
		return fmt.Sprintf(`{"kind": "youtube#commentThread", "snippet": {"channelId": "UCbake", "totalReplyCount": %d, "topLevelComment": %s},
		  "replies": {"comments": [%s]}}`, total, top, strings.Join(replies, ","))
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		q := r.URL.Query()
		switch r.URL.Path {
		case "/youtube/v3/channels":
			io.WriteString(w, `{"items": [{"kind": "youtube#channel", "id": "UCbake", "snippet": {"title": "Ana Bakes", "customUrl": "@anabakes"},
			  "contentDetails": {"relatedPlaylists": {"uploads": "UUbake"}},
			  "statistics": {"viewCount": "90000", "subscriberCount": "20000", "videoCount": "40"}}]}`)
		case "/youtube/v3/playlistItems":
			io.WriteString(w, `{"items": [{"contentDetails": {"videoId": "v1"}}, {"contentDetails": {"videoId": "v2"}}]}`)
		case "/youtube/v3/videos":
			io.WriteString(w, `{"items": [
			  {"id": "v1", "snippet": {"publishedAt": "2026-11-10T17:00:00Z", "title": "Loaf"}, "statistics": {"viewCount": "1000", "likeCount": "80", "commentCount": "3"}},
			  {"id": "v2", "snippet": {"publishedAt": "2026-11-03T17:00:00Z", "title": "Crumb"}, "statistics": {"viewCount": "2000", "likeCount": "90", "commentCount": "5"}}]}`)
		case "/youtube/v3/commentThreads":
			if q.Get("videoId") == "v1" {
				io.WriteString(w, `{"items": [`+thread(cm("c1", "", "@ann", "UCann", "2026-11-11T10:00:00Z"), 1,
					cm("c1r", "c1", "@anabakes", "UCbake", "2026-11-11T12:00:00Z"))+`,`+
					thread(cm("c2", "", "@bob", "UCbob", "2026-11-11T11:00:00Z"), 0)+`]}`)
				return
			}
			io.WriteString(w, `{"items": [`+thread(cm("c3", "", "@cy", "UCcy", "2026-11-04T09:00:00Z"), 3,
				cm("c3a", "c3", "@dee", "UCdee", "2026-11-04T09:05:00Z"))+`,`+
				thread(cm("c4", "", "@eve", "UCeve", "2026-11-04T08:00:00Z"), 0)+`]}`)
		case "/youtube/v3/comments":
			if q.Get("parentId") != "c3" {
				t.Errorf("replies of %q read", q.Get("parentId"))
			}
			io.WriteString(w, `{"items": [`+cm("c3a", "c3", "@dee", "UCdee", "2026-11-04T09:05:00Z")+`,`+
				cm("c3b", "c3", "@anabakes", "UCbake", "2026-11-04T10:00:00Z")+`]}`)
		default:
			t.Errorf("unexpected YouTube call %s", r.URL.Path)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestSyncedRepliesInScore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		srv := fakeYouTube(t)
		conn := discovery.Connectors{YouTubeKey: "yt-key", YouTubeURL: srv.URL, HTTP: srv.Client()}
		var res discovery.SyncResult
		for range 2 { // a second sync adds nothing and records the same
			fetched, err := conn.Fetch(ctx, "youtube", "anabakes", 10, 50)
			storetest.Must(t, err)
			res, err = discovery.SaveFetched(ctx, f.DB, ws, fetched)
			storetest.Must(t, err)
		}
		// Four audience comments stored by the first sync, none by the
		// second; the owner's replies are not stored as comments.
		if res.PostsSeen != 2 || res.Comments != 0 || res.ReplyStatuses != 4 {
			t.Errorf("second sync %+v, want 2 posts seen, 0 new comments, 4 reply statuses", res)
		}
		cs, err := f.DB.CommentsOfPosts(ctx, ws, postIDs(t, f, res.AccountID))
		storetest.Must(t, err)
		if len(cs) != 4 {
			t.Errorf("stored comments %+v, want 4", cs)
		}

		v, err := discovery.NewVetter(f.DB)
		storetest.Must(t, err)
		_, err = v.Run(ctx, ws)
		storetest.Must(t, err)
		ex, err := discovery.Explain(ctx, f.DB, ws, 0, []int64{res.CreatorID})
		storetest.Must(t, err)
		// Replied: ann's (2 h) and cy's (1 h) of 4: 50%, median 1.5 h.
		rel := partOf(ex[0].Result, score.Reliability)
		want := "replies to 50% of comments on recent posts (2 of 4), typically within 1.5 h"
		if !rel.Present || !strings.Contains(strings.Join(rel.Evidence, "\n"), want) {
			t.Errorf("reliability %+v, want evidence %q", rel, want)
		}
	})
}

func TestConversionHistoryInScore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		ana, bo := world(t, f)
		v, err := discovery.NewVetter(f.DB)
		storetest.Must(t, err)
		_, err = v.Run(ctx, ws)
		storetest.Must(t, err)
		camp := campaigns.Campaign{Slug: "past", Name: "Past", Currency: f.Workspace.Currency}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.CreateCampaign(ctx, ws, &camp); err != nil {
				return err
			}
			// Ana: fee 100.00, 10 human clicks (and a bot), one order of
			// 50.00 with her code. Bo: fee 200.00, 30 human clicks, none.
			for _, c := range []struct {
				creator, fee int64
				humans       int
				code         string
			}{{ana, 10_000, 10, "ANA5"}, {bo, 20_000, 30, ""}} {
				k := campaigns.Collaboration{CampaignID: camp.ID, CreatorID: c.creator, Status: campaigns.Live, FeeMinor: c.fee}
				if err := tx.CreateCollaboration(ctx, ws, &k); err != nil {
					return err
				}
				l := store.Link{CollaborationID: k.ID, Slug: fmt.Sprintf("k%d-%d", ws, k.ID), Destination: "https://shop.test/"}
				if err := tx.CreateLink(ctx, ws, &l); err != nil {
					return err
				}
				var clicks []store.Click
				for i := range c.humans + 1 {
					clicks = append(clicks, store.Click{WorkspaceID: ws, LinkID: l.ID, ClickID: fmt.Sprintf("%s-%d", l.Slug, i),
						At: t0.Unix() + int64(i), Bot: i == c.humans})
				}
				if err := tx.InsertClicks(ctx, clicks); err != nil {
					return err
				}
				if c.code == "" {
					continue
				}
				if err := tx.CreateDiscountCode(ctx, ws, &store.DiscountCode{CollaborationID: k.ID, Code: c.code}); err != nil {
					return err
				}
				o := conversions.Order{Provider: conversions.ProviderShopify, ExternalID: "o1", Time: t0.Add(time.Hour),
					Currency: camp.Currency, Total: 5_000, DiscountCodes: []string{c.code}}
				if _, err := tx.RecordEvent(ctx, f.Workspace, conversions.Event{Kind: conversions.KindOrderCreated, Provider: o.Provider, Order: &o}); err != nil {
					return err
				}
			}
			return nil
		}))
		ex, err := discovery.Explain(ctx, f.DB, ws, 0, []int64{ana})
		storetest.Must(t, err)
		p := partOf(ex[0].Result, score.Conversions)
		// Workspace: 40 clicks, 1 order, m = 0.025; two creators, so the
		// default prior of 1,000 clicks. Ana: (1 + 25)/(10 + 1000) =
		// 0.0257426; rate part 0.0257426/0.05 = 0.514851. Cost per order:
		// workspace (10,000 + 20,000)/1 = 30,000; Ana 10,000/(10 x
		// 0.0257426) = 38,846; part 30,000/38,846/2 = 0.386139. Value
		// (0.514851 + 0.386139)/2 = 0.450495.
		if !p.Present || math.Abs(p.Value-0.450495) > 1e-6 {
			t.Errorf("conversions %+v, want value 0.450495", p)
		}
		want := "1 order from 10 clicks in 1 collaboration: 100.0 per 1,000, workspace 25.0"
		if len(p.Evidence) == 0 || p.Evidence[0] != want {
			t.Errorf("evidence %q, want %q", p.Evidence, want)
		}
	})
}

func partOf(r score.Result, c score.Component) score.Part {
	for _, p := range r.Parts {
		if p.Component == c {
			return p
		}
	}
	return score.Part{}
}

func postIDs(t *testing.T, f *storetest.Fixture, account int64) []int64 {
	t.Helper()
	ps, err := f.DB.LatestPostMetrics(storetest.Ctx(t), f.Workspace.ID, []int64{account})
	storetest.Must(t, err)
	var out []int64
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

// fakeGraph answers business discovery for two usernames, the token's own
// account (its id is the configured account id) and another, each with
// one media; and the comments edge of the own account's media.
func fakeGraph(t *testing.T, commentCalls *int) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v25.0/17841405309211844":
			id, media := "17841405309211844", "1785001"
			if strings.Contains(r.URL.Query().Get("fields"), "username(rival)") {
				id, media = "17841400000000001", "1785002"
			}
			fmt.Fprintf(w, `{"business_discovery": {"id": %q, "username": "x", "followers_count": 5000,
			  "media": {"data": [{"id": %q, "caption": "Pour over", "like_count": 100, "comments_count": 2,
			    "timestamp": "2026-03-10T18:10:00+0000", "media_type": "IMAGE", "permalink": "https://www.instagram.com/p/%s/"}]}},
			  "id": "17841405309211844"}`, id, media, media)
		case "/v25.0/1785001/comments":
			*commentCalls++
			io.WriteString(w, `{"data": [
			  {"id": "1", "text": "Which beans?", "username": "ann", "timestamp": "2026-03-10T19:00:00+0000",
			   "replies": {"data": [{"id": "2", "text": "Ethiopia", "username": "x", "timestamp": "2026-03-10T21:00:00+0000"}]}},
			  {"id": "3", "text": "Nice", "username": "cat", "timestamp": "2026-03-10T18:30:00+0000"}]}`)
		default:
			t.Errorf("unexpected Graph call %s", r.URL.Path)
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestFetchInstagramComments(t *testing.T) {
	var calls int
	srv := fakeGraph(t, &calls)
	conn := discovery.Connectors{InstagramToken: "tok", InstagramUserID: "17841405309211844", InstagramURL: srv.URL, HTTP: srv.Client()}
	ctx := storetest.Ctx(t)
	// The own account: its media's comments, with the owner's reply.
	f, err := conn.Fetch(ctx, "instagram", "x", 10, 50)
	if err != nil {
		t.Fatal(err)
	}
	cs := f.Comments["1785001"]
	if !f.OwnerReplies || calls != 1 || len(cs) != 3 || cs[1].ParentID != "1" || cs[1].Author != "x" {
		t.Errorf("own account: owner replies %v, %d calls, comments %+v", f.OwnerReplies, calls, cs)
	}
	// Another account: business discovery gives no comments to read.
	f, err = conn.Fetch(ctx, "instagram", "rival", 10, 50)
	if err != nil || f.OwnerReplies || calls != 1 || len(f.Comments) != 0 {
		t.Errorf("other account: %+v, %v after %d comment calls", f, err, calls)
	}
}
