package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/discovery"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// fakeYouTube answers the Data API calls a sync makes, in the documented
// shapes (channels.list, playlistItems.list, videos.list,
// commentThreads.list): every channel has two videos with one comment each.
// Handle "gone" has no channel, "quota" answers quotaExceeded, and block,
// when set, runs before a channel answer (to hold or count requests).
type fakeYouTube struct {
	*httptest.Server
	mu    sync.Mutex
	asked []string // handles looked up, in order
	block func(r *http.Request, handle string)
}

func newFakeYouTube(t *testing.T) *fakeYouTube {
	t.Helper()
	f := &fakeYouTube{}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeYouTube) serve(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/youtube/v3/channels":
		h := strings.TrimPrefix(q.Get("forHandle"), "@")
		f.mu.Lock()
		f.asked = append(f.asked, h)
		block := f.block
		f.mu.Unlock()
		if block != nil {
			block(r, h)
		}
		switch h {
		case "gone":
			io.WriteString(w, `{"kind": "youtube#channelListResponse", "items": []}`)
		case "quota":
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `{"error": {"code": 403, "message": "The request cannot be completed because you have exceeded your quota.",
			  "errors": [{"message": "quota", "domain": "youtube.quota", "reason": "quotaExceeded"}]}}`)
		default:
			fmt.Fprintf(w, `{"kind": "youtube#channelListResponse", "items": [{"kind": "youtube#channel", "id": "UC%[1]s",
			  "snippet": {"title": "%[1]s bakes", "description": "Bread every week", "customUrl": "@%[1]s"},
			  "contentDetails": {"relatedPlaylists": {"uploads": "UU%[1]s"}},
			  "statistics": {"viewCount": "90000", "subscriberCount": "12000", "hiddenSubscriberCount": false, "videoCount": "40"}}]}`, h)
		}
	case "/youtube/v3/playlistItems":
		id := strings.TrimPrefix(q.Get("playlistId"), "UU")
		fmt.Fprintf(w, `{"kind": "youtube#playlistItemListResponse", "items": [
		  {"kind": "youtube#playlistItem", "contentDetails": {"videoId": "%[1]s-1"}},
		  {"kind": "youtube#playlistItem", "contentDetails": {"videoId": "%[1]s-2"}}]}`, id)
	case "/youtube/v3/videos":
		var items []string
		for _, id := range strings.Split(strings.Join(q["id"], ","), ",") {
			items = append(items, fmt.Sprintf(`{"kind": "youtube#video", "id": %q,
			  "snippet": {"publishedAt": "2026-11-01T17:00:00Z", "title": "Loaf %s", "description": "#bread"},
			  "contentDetails": {"duration": "PT4M13S"},
			  "statistics": {"viewCount": "1000", "likeCount": "80", "commentCount": "1"}}`, id, id))
		}
		io.WriteString(w, `{"kind": "youtube#videoListResponse", "items": [`+strings.Join(items, ",")+`]}`)
	case "/youtube/v3/commentThreads":
		fmt.Fprintf(w, `{"kind": "youtube#commentThreadListResponse", "items": [{"kind": "youtube#commentThread", "id": "t-%[1]s",
		  "snippet": {"videoId": %[1]q, "totalReplyCount": 0, "topLevelComment": {"kind": "youtube#comment", "id": "c-%[1]s",
		    "snippet": {"authorDisplayName": "@ann", "textDisplay": "Where can I buy this flour?", "likeCount": 2, "publishedAt": "2026-11-02T10:00:00Z"}}}}]}`,
			q.Get("videoId"))
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeYouTube) handles() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.asked...)
}

// syncApp is a test app whose server syncs YouTube from yt. Its server is
// closed (waiting for its syncs) by stop, once, or when the test ends.
func syncApp(t *testing.T, f *storetest.Fixture, yt *fakeYouTube, fetchers int) (a *testApp, stop func() error) {
	a = newApp(t, f)
	a.srv.cfg.Connectors = discovery.Connectors{YouTubeKey: "AIza-test", YouTubeURL: yt.URL}
	a.srv.syncs.fetchers = fetchers
	stop = sync.OnceValue(func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return a.srv.Close(ctx)
	})
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return a, stop
}

// syncJSON is a job as the API answers it.
type syncJSON struct {
	ID      int64  `json:"id"`
	Status  string `json:"status"`
	Total   int64  `json:"total"`
	Done    int64  `json:"done"`
	Failed  int64  `json:"failed"`
	Percent int64  `json:"percent"`
	Summary string `json:"summary"`
	Message string `json:"message"`
	Entries []struct {
		Handle       string `json:"handle"`
		Status       string `json:"status"`
		CreatorID    *int64 `json:"creator_id"`
		CreatorAdded bool   `json:"creator_added"`
		PostsAdded   int64  `json:"posts_added"`
		Comments     int64  `json:"comments_added"`
		Error        string `json:"error"`
		Summary      string `json:"summary"`
	} `json:"entries"`
}

// waitSync polls the API until the job has finished.
func waitSync(t *testing.T, a *testApp, id int64) syncJSON {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var j syncJSON
		a.json("viewer", "GET", fmt.Sprintf("/api/v1/syncs/%d", id), "", http.StatusOK, &j)
		if j.Status != store.SyncQueued && j.Status != store.SyncRunning {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("sync %d still %s: %+v", id, j.Status, j)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestSyncJobsThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		yt := newFakeYouTube(t)
		a, _ := syncApp(t, f, yt, 1) // one at a time: the quota stop is certain
		ctx := context.Background()

		// What cannot start: a platform without credentials, bad lines.
		w := a.do("member", "POST", "/api/v1/syncs", "application/json", `{"handles": ["tiktok:leo"]}`)
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "--tiktok-key") {
			t.Errorf("tiktok without credentials: %d %s", w.Code, w.Body)
		}
		w = a.do("member", "POST", "/api/v1/syncs", "application/json", `{"platform": "youtube", "handles": ["myspace:tom", "", "mia crumb"]}`)
		if body := w.Body.String(); w.Code != http.StatusUnprocessableEntity || !strings.Contains(body, `line 1: \"myspace\" is not a platform`) ||
			!strings.Contains(body, "line 3: handle") {
			t.Errorf("bad lines: %d %s", w.Code, body)
		}
		a.json("member", "POST", "/api/v1/syncs", `{"platform": "youtube", "handles": []}`, http.StatusUnprocessableEntity, nil)

		// Four accounts (the second "mia" is the first again): mia is
		// stored, gone does not exist, quota exhausts the quota, so zed is
		// never asked for.
		var started syncJSON
		a.json("member", "POST", "/api/v1/syncs", `{"platform": "youtube", "handles": ["@mia", "gone", "quota", "zed", "youtube:MIA"]}`, http.StatusAccepted, &started)
		if started.Total != 4 || started.Status != store.SyncQueued || len(started.Entries) != 4 {
			t.Fatalf("started %+v", started)
		}
		j := waitSync(t, a, started.ID)
		// Done 4 of 4; failed 3 (gone, quota, zed skipped).
		if j.Status != store.SyncDone || j.Done != 4 || j.Failed != 3 || j.Percent != 100 ||
			j.Summary != "Done: 1 of 4 accounts synced, 3 failed or skipped." {
			t.Errorf("finished job %+v", j)
		}
		mia, gone, quota, zed := j.Entries[0], j.Entries[1], j.Entries[2], j.Entries[3]
		// Two videos with one comment each.
		if mia.Status != store.SyncDone || mia.CreatorID == nil || !mia.CreatorAdded || mia.PostsAdded != 2 || mia.Comments != 2 ||
			mia.Summary != "new creator; 2 new posts, 0 updated, 2 new comments" {
			t.Errorf("mia %+v", mia)
		}
		if gone.Status != store.SyncFailed || !strings.Contains(gone.Error, "not found") {
			t.Errorf("gone %+v", gone)
		}
		if quota.Status != store.SyncFailed || !strings.Contains(quota.Error, "quotaExceeded") {
			t.Errorf("quota %+v", quota)
		}
		if zed.Status != store.SyncSkipped || !strings.Contains(zed.Error, "the youtube quota ran out at @quota") {
			t.Errorf("zed %+v", zed)
		}
		if got := strings.Join(yt.handles(), ","); got != "mia,gone,quota" {
			t.Errorf("the platform was asked for %s, want mia,gone,quota", got)
		}
		cr, err := f.DB.Creator(ctx, f.Workspace.ID, *mia.CreatorID)
		if err != nil {
			t.Fatal(err)
		}
		if len(cr.Accounts) != 1 || cr.Accounts[0].Platform != "youtube" || cr.Accounts[0].Handle != "mia" ||
			cr.Accounts[0].Followers == nil || *cr.Accounts[0].Followers != 12000 {
			t.Errorf("stored creator %+v", cr)
		}

		// Every field answered is in the API document's schema.
		var raw map[string]any
		a.json("viewer", "GET", fmt.Sprintf("/api/v1/syncs/%d", j.ID), "", http.StatusOK, &raw)
		props := schemas()["Sync"].(map[string]any)["properties"].(map[string]any)
		entryProps := props["entries"].(map[string]any)["items"].(map[string]any)["properties"].(map[string]any)
		for k := range raw {
			if props[k] == nil {
				t.Errorf("answer field %q is not in the Sync schema", k)
			}
		}
		for k := range raw["entries"].([]any)[0].(map[string]any) {
			if entryProps[k] == nil {
				t.Errorf("entry field %q is not in the Sync schema", k)
			}
		}

		// Another workspace sees none of it; the page shows each outcome.
		if w := a.do("other", "GET", fmt.Sprintf("/api/v1/syncs/%d", j.ID), "", ""); w.Code != http.StatusNotFound {
			t.Errorf("other workspace: %d", w.Code)
		}
		var list struct {
			Syncs []syncJSON `json:"syncs"`
		}
		a.json("other", "GET", "/api/v1/syncs", "", http.StatusOK, &list)
		if len(list.Syncs) != 0 {
			t.Errorf("other workspace lists %+v", list)
		}
		w = a.do("viewer", "GET", fmt.Sprintf("/syncs/%d", j.ID), "", "")
		for _, want := range []string{"<h2 id=\"sync-status-h\">Done</h2>", "@zed", fmt.Sprintf(`href="/creators/%d"`, *mia.CreatorID),
			"the youtube quota ran out at @quota", `value="100"`} {
			if !strings.Contains(w.Body.String(), want) {
				t.Errorf("job page lacks %q", want)
			}
		}
		w = a.do("viewer", "GET", "/syncs", "", "")
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), fmt.Sprintf(`<a href="/syncs/%d">`, j.ID)) || strings.Contains(w.Body.String(), "Start the sync") {
			t.Errorf("list page as viewer: %d", w.Code)
		}
	})
}

func TestSyncForms(t *testing.T) {
	yt := newFakeYouTube(t)
	a, _ := syncApp(t, storetest.New(t), yt, 1)
	ctx := context.Background()
	// The list form: two lines, redirected to the job's page.
	form := url.Values{"platform": {"youtube"}, "handles": {"@mia\r\n\r\n# later: tiktok\r\nleo\r\n"}}
	w := a.do("member", "POST", "/syncs", "application/x-www-form-urlencoded", form.Encode())
	var id int64
	if _, err := fmt.Sscanf(w.Header().Get("Location"), "/syncs/%d", &id); w.Code != http.StatusSeeOther || err != nil {
		t.Fatalf("list form: %d to %q", w.Code, w.Header().Get("Location"))
	}
	if j := waitSync(t, a, id); j.Total != 2 || j.Done != 2 || j.Failed != 0 || j.Entries[1].Handle != "leo" {
		t.Errorf("list form job %+v", j)
	}
	job, err := a.f.DB.SyncJob(ctx, a.f.Workspace.ID, id)
	if err != nil || job.StartedBy != "member@acme.test" || job.UserID == nil || *job.UserID != a.users["member"].ID {
		t.Errorf("started by %+v, %v", job, err)
	}
	// A bad list comes back with the text and the errors.
	form = url.Values{"platform": {"youtube"}, "handles": {"mia\nfacebook:zuck"}}
	w = a.do("member", "POST", "/syncs", "application/x-www-form-urlencoded", form.Encode())
	if body := w.Body.String(); w.Code != http.StatusUnprocessableEntity || !strings.Contains(body, "line 2: &#34;facebook&#34; is not a platform") ||
		!strings.Contains(body, "mia\nfacebook:zuck</textarea>") {
		t.Errorf("bad list: %d %s", w.Code, body)
	}
	// The one-account form (the creator page's refresh button).
	w = a.do("member", "POST", "/sync", "application/x-www-form-urlencoded", "platform=youtube&handle=%40mia")
	if _, err := fmt.Sscanf(w.Header().Get("Location"), "/syncs/%d", &id); w.Code != http.StatusSeeOther || err != nil {
		t.Fatalf("one-account form: %d to %q", w.Code, w.Header().Get("Location"))
	}
	// Mia again: her two posts and their comments are known, so nothing is
	// new and both posts get a new snapshot.
	if j := waitSync(t, a, id); j.Total != 1 || j.Entries[0].Status != store.SyncDone || j.Entries[0].CreatorAdded ||
		j.Entries[0].Summary != "0 new posts, 2 updated, 0 new comments" {
		t.Errorf("refresh job %+v", j)
	}
	w = a.do("member", "POST", "/sync", "application/x-www-form-urlencoded", "platform=youtube&handle=")
	if w.Code != http.StatusUnprocessableEntity {
		t.Errorf("empty handle: %d", w.Code)
	}
	// The creator page offers the refresh for YouTube, not for Instagram
	// (newApp's portal creator has an Instagram account and no connector is
	// set for it, but the button is about the platform having one).
	w = a.do("member", "GET", fmt.Sprintf("/creators/%d", *job.Entries[0].CreatorID), "", "")
	if !strings.Contains(w.Body.String(), "Refresh from youtube") {
		t.Errorf("creator page has no refresh button")
	}
}

// TestSyncFetchesAFewAtATime holds the platform's answers until three
// requests are in flight: five accounts with three fetchers must reach
// three, and never more.
func TestSyncFetchesAFewAtATime(t *testing.T) {
	yt := newFakeYouTube(t)
	var mu sync.Mutex
	inflight, most := 0, 0
	three := make(chan struct{})
	yt.block = func(r *http.Request, h string) {
		mu.Lock()
		inflight++
		most = max(most, inflight)
		if inflight == 3 {
			close(three)
		}
		mu.Unlock()
		select {
		case <-three:
		case <-time.After(5 * time.Second):
		}
		mu.Lock()
		inflight--
		mu.Unlock()
	}
	a, _ := syncApp(t, storetest.New(t), yt, syncFetchers)
	var started syncJSON
	a.json("member", "POST", "/api/v1/syncs", `{"platform": "youtube", "handles": ["a1", "a2", "a3", "a4", "a5"]}`, http.StatusAccepted, &started)
	j := waitSync(t, a, started.ID)
	mu.Lock()
	defer mu.Unlock()
	if j.Status != store.SyncDone || j.Done != 5 || j.Failed != 0 || most != 3 {
		t.Errorf("job %+v with at most %d requests at once, want 3", j, most)
	}
}

// TestSyncShutdownAndRecovery stops the server while a sync waits on the
// platform: the job ends interrupted and its unfetched accounts say why. A
// job a dead process left running is interrupted when a server starts.
func TestSyncShutdownAndRecovery(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		yt := newFakeYouTube(t)
		asked := make(chan struct{})
		yt.block = func(r *http.Request, h string) {
			if h == "slow" {
				close(asked)
				<-r.Context().Done() // answers only when the client gives up
			}
		}
		a, stop := syncApp(t, f, yt, 1)
		ctx := context.Background()
		var started syncJSON
		a.json("member", "POST", "/api/v1/syncs", `{"platform": "youtube", "handles": ["slow", "next"]}`, http.StatusAccepted, &started)
		select {
		case <-asked:
		case <-time.After(10 * time.Second):
			t.Fatal("the sync never asked for slow")
		}
		if err := stop(); err != nil {
			t.Fatal(err)
		}
		j, err := f.DB.SyncJob(ctx, f.Workspace.ID, started.ID)
		if err != nil {
			t.Fatal(err)
		}
		if j.Status != store.SyncInterrupted || j.Done != 2 || j.Failed != 2 || j.Message != syncStopped {
			t.Errorf("after shutdown %+v", j)
		}
		for _, e := range j.Entries {
			if e.Status != store.SyncSkipped || e.Error != syncStopped {
				t.Errorf("entry %s: %s %q", e.Handle, e.Status, e.Error)
			}
		}

		// A job whose process died: running, heartbeat at t0. Three
		// minutes later (past store.StaleJob on either engine) a new server
		// interrupts it.
		t0 := time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)
		f.DB.SetClock(func() time.Time { return t0 })
		dead := &store.SyncJob{WorkspaceID: f.Workspace.ID, Entries: []store.SyncEntry{{Platform: "youtube", Handle: "mia"}}}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.CreateSyncJob(ctx, dead); err != nil {
				return err
			}
			return tx.StartSyncJob(ctx, f.Workspace.ID, dead.ID)
		}))
		f.DB.SetClock(func() time.Time { return t0.Add(3 * time.Minute) })
		srv, err := New(Config{DB: f.DB})
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close(ctx)
		got, err := f.DB.SyncJob(ctx, f.Workspace.ID, dead.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != store.SyncInterrupted || got.Entries[0].Status != store.SyncSkipped || got.Done != 1 || got.Failed != 1 {
			t.Errorf("recovered %+v", got)
		}

		// A node that dies while this one runs: the periodic sweep ends
		// its job once the heartbeat is older than store.StaleJob, and not
		// before.
		t1 := t0.Add(time.Hour)
		f.DB.SetClock(func() time.Time { return t1 })
		other := &store.SyncJob{WorkspaceID: f.Workspace.ID, Entries: []store.SyncEntry{{Platform: "youtube", Handle: "leo"}}}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.CreateSyncJob(ctx, other); err != nil {
				return err
			}
			return tx.StartSyncJob(ctx, f.Workspace.ID, other.ID)
		}))
		for _, tt := range []struct {
			after time.Duration
			want  string
		}{{time.Minute, store.SyncRunning}, {3 * time.Minute, store.SyncInterrupted}} {
			f.DB.SetClock(func() time.Time { return t1.Add(tt.after) })
			storetest.Must(t, srv.sweepSyncs(ctx))
			got, err := f.DB.SyncJob(ctx, f.Workspace.ID, other.ID)
			storetest.Must(t, err)
			if got.Status != tt.want {
				t.Errorf("%v after its last heartbeat: %s, want %s", tt.after, got.Status, tt.want)
			}
			if tt.want == store.SyncInterrupted && got.Message != syncStalled {
				t.Errorf("message %q, want %q", got.Message, syncStalled)
			}
		}
	})
}

func TestParseSyncHandles(t *testing.T) {
	tests := []struct {
		name, text, def string
		want            string // platform:handle, comma separated
		errs            []string
	}{
		{"bare handles take the default", "@mia\nleo", "youtube", "youtube:mia,youtube:leo", nil},
		{"a prefix wins", "tiktok:@Leo\nmia", "youtube", "tiktok:Leo,youtube:mia", nil},
		{"case and @ do not make a new account", "Mia\n@mia\nyoutube:MIA", "youtube", "youtube:Mia", nil},
		{"blank lines and comments", "\n# team A\n  mia  \n", "instagram", "instagram:mia", nil},
		{"no platform", "mia", "", "", []string{`line 1: "mia" has no platform`}},
		{"unknown platform", "\nmyspace:tom", "youtube", "", []string{`line 2: "myspace" is not a platform Chorus syncs`}},
		{"bad handle", "mia crumb", "youtube", "", []string{"line 1: handle"}},
		{"nothing", "\n\n", "youtube", "", []string{"list at least one handle"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := parseSyncHandles(strings.Split(tt.text, "\n"), tt.def)
			var ids []string
			for _, e := range got {
				ids = append(ids, e.Platform+":"+e.Handle)
			}
			if tt.errs == nil && strings.Join(ids, ",") != tt.want {
				t.Errorf("entries %v, want %s", ids, tt.want)
			}
			if len(errs) != len(tt.errs) {
				t.Fatalf("errors %v, want %v", errs, tt.errs)
			}
			for i, e := range errs {
				if e.Field != "handles" || !strings.HasPrefix(e.Message, tt.errs[i]) {
					t.Errorf("error %d: %+v, want %q", i, e, tt.errs[i])
				}
			}
		})
	}
	// More than the cap: 501 distinct handles.
	lines := make([]string, syncMaxEntries+1)
	for i := range lines {
		lines[i] = fmt.Sprintf("h%d", i)
	}
	if _, errs := parseSyncHandles(lines, "youtube"); len(errs) != 1 || !strings.Contains(errs[0].Message, "501 accounts") {
		t.Errorf("over the cap: %v", errs)
	}
}

// BenchmarkSyncJob runs a job of 12 accounts against a YouTube that takes
// 60 ms to answer each channel lookup, one account at a time and three at a
// time: the platform's latency, not the store, should set the pace, so three
// fetchers should take about a third of the time.
func BenchmarkSyncJob(b *testing.B) {
	for _, fetchers := range []int{1, syncFetchers} {
		b.Run(fmt.Sprintf("fetchers=%d", fetchers), func(b *testing.B) {
			yt := &fakeYouTube{block: func(*http.Request, string) { time.Sleep(60 * time.Millisecond) }}
			yt.Server = httptest.NewServer(http.HandlerFunc(yt.serve))
			defer yt.Close()
			a := newApp(b, storetest.New(b))
			a.srv.cfg.Connectors = discovery.Connectors{YouTubeKey: "AIza-test", YouTubeURL: yt.URL}
			a.srv.syncs.fetchers = fetchers
			handles := make([]string, 12)
			b.ResetTimer()
			for i := range b.N {
				for k := range handles {
					handles[k] = fmt.Sprintf(`"b%d-%d"`, i, k)
				}
				var started syncJSON
				a.json("member", "POST", "/api/v1/syncs", `{"platform": "youtube", "handles": [`+strings.Join(handles, ",")+`]}`, http.StatusAccepted, &started)
				for {
					j, err := a.f.DB.SyncJob(context.Background(), a.f.Workspace.ID, started.ID)
					if err != nil {
						b.Fatal(err)
					}
					if j.Finished() {
						if j.Status != store.SyncDone || j.Failed != 0 {
							b.Fatalf("job %+v", j)
						}
						break
					}
					time.Sleep(5 * time.Millisecond)
				}
			}
			b.StopTimer()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := a.srv.Close(ctx); err != nil {
				b.Fatal(err)
			}
		})
	}
}
