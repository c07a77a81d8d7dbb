package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/chorushq/chorus/internal/discovery"
	"github.com/chorushq/chorus/internal/store/storetest"
	"github.com/chorushq/chorus/internal/web"
)

// TestSyncProgress starts a sync of three YouTube handles from the form and
// watches its page follow the job: the fake YouTube holds its answers until
// the page is up, so the page sees the job running, then polls its way to
// the end and shows every account stored.
func TestSyncProgress(t *testing.T) {
	t.Parallel()
	// Each channel lookup waits for its handle's release.
	release := map[string]chan struct{}{"alpha": make(chan struct{}), "bravo": make(chan struct{}), "charlie": make(chan struct{})}
	yt := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		q := r.URL.Query()
		switch r.URL.Path {
		case "/youtube/v3/channels":
			h := strings.TrimPrefix(q.Get("forHandle"), "@")
			select {
			case <-release[h]:
			case <-r.Context().Done():
				return
			}
			fmt.Fprintf(w, `{"items": [{"id": "UC%[1]s", "snippet": {"title": "%[1]s", "customUrl": "@%[1]s"},
			  "contentDetails": {"relatedPlaylists": {"uploads": "UU%[1]s"}}, "statistics": {"subscriberCount": "15000", "videoCount": "9"}}]}`, h)
		case "/youtube/v3/playlistItems":
			fmt.Fprintf(w, `{"items": [{"contentDetails": {"videoId": "%s-1"}}]}`, strings.TrimPrefix(q.Get("playlistId"), "UU"))
		case "/youtube/v3/videos":
			fmt.Fprintf(w, `{"items": [{"id": %q, "snippet": {"publishedAt": "2026-11-01T17:00:00Z", "title": "Loaf"},
			  "statistics": {"viewCount": "900", "likeCount": "70", "commentCount": "0"}}]}`, q.Get("id"))
		case "/youtube/v3/commentThreads":
			io.WriteString(w, `{"items": []}`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(yt.Close)
	f := storetest.New(t)
	srv, err := web.New(web.Config{DB: f.DB, BcryptCost: bcrypt.MinCost, Secret: []byte("e2e test secret, not for production"),
		Connectors: discovery.Connectors{YouTubeKey: "AIza-test", YouTubeURL: yt.URL}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		ts.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Close(ctx); err != nil {
			t.Errorf("close server: %v", err)
		}
	})

	b := newBrowser(t, ts.URL)
	signIn(b, f, "owner@acme.test")
	b.visit("syncs", "/syncs")
	if got := b.text("#sync-recent-h + p"); !strings.Contains(got, "No sync yet") {
		t.Errorf("empty sync list says %q", got)
	}
	b.fill("handles", map[string]string{"#sync-platform": "youtube", "#sync-handles": "@alpha\nbravo\nyoutube:charlie"})
	p := b.submit("start sync", "form[action='/syncs'] button[type=submit]")
	if !strings.HasPrefix(p, "/syncs/") {
		t.Fatalf("after starting, the browser is at %s, want the sync's page", p)
	}
	if st := eval[string](b, `document.querySelector("[data-sync-job]").dataset.status`); st != "queued" && st != "running" {
		t.Fatalf("the sync is %q before the platform answers", st)
	}
	if got := b.text("#sync-summary"); !strings.Contains(got, "0 of 3") && !strings.Contains(got, "Waiting") {
		t.Errorf("summary while held: %q", got)
	}

	// Alpha answers: the script shows her row done, with a link, while the
	// job still runs.
	close(release["alpha"])
	deadline := time.Now().Add(20 * time.Second)
	for eval[string](b, `document.querySelector("tr[data-entry] [data-field=status]").textContent`) != "done" {
		if time.Now().After(deadline) {
			t.Fatalf("alpha's row never showed done; the page says %q", b.text("#sync-summary"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	if got := b.text("#sync-summary"); got != "Fetching: 1 of 3 accounts done." {
		t.Errorf("summary after alpha: %q", got)
	}
	if got := eval[string](b, `document.querySelector("tr[data-entry] [data-field=handle] a").getAttribute("href")`); !strings.HasPrefix(got, "/creators/") {
		t.Errorf("alpha's handle links to %q", got)
	}
	if got := eval[int](b, `document.getElementById("sync-progress").value`); got != 33 {
		t.Errorf("progress %d after one of three, want 33", got) // 1*100/3 = 33
	}
	b.flush("alpha done")
	b.screenshot("alpha done")
	close(release["bravo"])
	close(release["charlie"])

	// The script polls and reloads the page once the job is done.
	deadline = time.Now().Add(20 * time.Second)
	for eval[string](b, `(document.querySelector("[data-sync-job]") || {dataset: {}}).dataset.status || ""`) != "done" {
		if time.Now().After(deadline) {
			t.Fatalf("the page never showed the sync done; it says %q", b.text("#sync-summary"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.flush("sync done")
	if got := b.text("#sync-summary"); got != "Done: 3 of 3 accounts synced." {
		t.Errorf("summary when done: %q", got)
	}
	if got := eval[int](b, `document.querySelectorAll("tr[data-entry] a[href^='/creators/']").length`); got != 3 {
		t.Errorf("%d rows link to their creator, want 3", got)
	}
	if got := eval[string](b, `[...document.querySelectorAll("tr[data-entry] [data-field=status]")].map(e => e.textContent).join(",")`); got != "done,done,done" {
		t.Errorf("row statuses %s", got)
	}
	b.screenshot("sync done")
	b.phone("sync done")

	// The list shows it, and a creator found by the sync is there to open.
	b.visit("syncs after", "/syncs")
	if got := b.text("table.syncs tbody tr"); !strings.Contains(got, "done") || !strings.Contains(got, "owner@acme.test") {
		t.Errorf("the list shows %q", got)
	}
}
