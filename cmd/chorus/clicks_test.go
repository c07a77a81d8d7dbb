package main

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
	"github.com/chorushq/chorus/internal/tracking"
)

// addLink gives the fixture's workspace a collaboration with a link.
func addLink(t *testing.T, f *storetest.Fixture, slug string) store.Link {
	ctx := context.Background()
	ws := f.Workspace.ID
	cp := campaigns.Campaign{Name: "C " + slug, Slug: "c-" + slug, Currency: "USD"}
	cr := creators.Creator{Name: "K", Accounts: []creators.Account{{Platform: "instagram", Handle: "k_" + slug}}}
	l := store.Link{Slug: slug, Destination: "https://shop.example/p?a=1", UTMSource: "instagram", UTMMedium: "influencer"}
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateCampaign(ctx, ws, &cp); err != nil {
			return err
		}
		if err := tx.CreateCreator(ctx, ws, &cr); err != nil {
			return err
		}
		k := campaigns.Collaboration{CampaignID: cp.ID, CreatorID: cr.ID, Status: campaigns.Live}
		if err := tx.CreateCollaboration(ctx, ws, &k); err != nil {
			return err
		}
		l.CollaborationID = k.ID
		return tx.CreateLink(ctx, ws, &l)
	}))
	return l
}

func TestClicksCount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		l := addLink(t, f, "count")
		ctx := context.Background()
		// 3 humans and 2 bots over two days and two batches.
		var clicks []store.Click
		for i, bot := range []bool{false, true, false, true, false} {
			clicks = append(clicks, store.Click{WorkspaceID: f.Workspace.ID, LinkID: l.ID, ClickID: tracking.NewClickID(), At: int64(1_700_000_000 + i*40_000), Bot: bot})
		}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.InsertClicks(ctx, clicks[:2]) }))
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.InsertClicks(ctx, clicks[2:]) }))
		raw, err := f.DB.RawClickCounts(ctx, l.ID)
		storetest.Must(t, err)
		for _, tt := range []struct {
			args []string
			want int64
		}{
			{nil, raw.Humans}, // 3
			{[]string{"--include-bots"}, raw.Humans + raw.Bots}, // 5
		} {
			out, _, err := runCmd(t, nil, "", append([]string{"clicks", "count", "--db", f.DSN, "--slug", "count"}, tt.args...)...)
			if err != nil || out != fmt.Sprintf("%d\n", tt.want) {
				t.Errorf("clicks count %v = %q, %v; want %d (raw clicks)", tt.args, out, err, tt.want)
			}
		}
		if raw != (store.ClickCount{Humans: 3, Bots: 2}) {
			t.Errorf("raw counts %+v, want 3 humans 2 bots", raw)
		}
		if _, _, err := runCmd(t, nil, "", "clicks", "count", "--db", f.DSN, "--slug", "missing"); err == nil || !strings.Contains(err.Error(), "no such link") {
			t.Errorf("unknown slug: %v", err)
		}
		if _, _, err := runCmd(t, nil, "", "clicks", "count", "--db", f.DSN); err == nil || !strings.Contains(err.Error(), "--slug: required") {
			t.Errorf("no slug: %v", err)
		}
		if _, _, err := runCmd(t, nil, "", "clicks", "total"); err == nil || !strings.Contains(err.Error(), "unknown subcommand") {
			t.Errorf("bad subcommand: %v", err)
		}
	})
}

// startServe runs `chorus serve` on the fixture's database and returns the
// process and its base URL.
func startServe(t *testing.T, bin, dsn, data string, extra ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--db", dsn, "--data", data, "--listen", "127.0.0.1:0"}, extra...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addrRE := regexp.MustCompile(`addr=(http://\S+)`)
	found := make(chan string, 1)
	var log strings.Builder
	var mu sync.Mutex
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			mu.Lock()
			log.WriteString(sc.Text() + "\n")
			mu.Unlock()
			if m := addrRE.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	select {
	case u := <-found:
		return cmd, u
	case <-time.After(60 * time.Second):
		mu.Lock()
		defer mu.Unlock()
		t.Fatalf("serve did not start:\n%s", log.String())
	}
	return nil, ""
}

// TestRedirectSurvivesKill fires clicks at a real server, SIGKILLs it in the
// middle, restarts it and checks that every click answered with a 302 is in
// the database exactly once, that the rollups equal the raw rows and that
// SQLite finds the file intact: with the click log (the default on SQLite),
// whose records the restart replays, and without it.
func TestRedirectSurvivesKill(t *testing.T) {
	bin := buildChorus(t)
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"click log", nil},
		{"direct", []string{"--click-log", "off"}},
	} {
		t.Run(tt.name, func(t *testing.T) { redirectSurvivesKill(t, bin, tt.args) })
	}
}

func redirectSurvivesKill(t *testing.T, bin string, args []string) {
	f := storetest.New(t)
	l := addLink(t, f, "crash")
	data := t.TempDir()
	cmd, base := startServe(t, bin, f.DSN, data, args...)

	client := &http.Client{
		Timeout:       5 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport:     &http.Transport{MaxIdleConnsPerHost: 64},
	}
	var (
		mu       sync.Mutex
		answered []string // click ids of the 302s
		others   atomic.Int64
		stop     atomic.Bool
		wg       sync.WaitGroup
	)
	for range 24 {
		wg.Go(func() {
			for !stop.Load() {
				resp, err := client.Get(base + "/c/crash")
				if err != nil {
					others.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusFound {
					others.Add(1)
					continue
				}
				loc := resp.Header.Get("Location")
				_, id, ok := strings.Cut(loc, tracking.ClickIDParam+"=")
				if !ok {
					t.Errorf("Location without click id: %q", loc)
					continue
				}
				mu.Lock()
				answered = append(answered, id)
				mu.Unlock()
			}
		})
	}
	// Let the load build up, then kill the server in the middle of it.
	loadUntil(&mu, func() bool { return len(answered) >= 1500 })
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // requests in flight fail now
	stop.Store(true)
	wg.Wait()
	cmd.Wait()
	if len(answered) < 100 {
		t.Fatalf("only %d clicks answered before the kill", len(answered))
	}
	// Restart (which replays the click log before it listens), then stop.
	cmd, _ = startServe(t, bin, f.DSN, data, args...)
	storetest.Must(t, cmd.Process.Signal(syscall.SIGTERM))
	storetest.Must(t, cmd.Wait())

	ctx := context.Background()
	db, err := store.Open(ctx, f.DSN)
	storetest.Must(t, err)
	defer db.Close()
	for _, id := range answered {
		if _, err := db.ClickByID(ctx, f.Workspace.ID, id); err != nil {
			t.Fatalf("click %s was answered with a 302 but is not stored: %v", id, err)
		}
	}
	raw, err := db.RawClickCounts(ctx, l.ID)
	storetest.Must(t, err)
	rolled, err := db.ClickTotals(ctx, f.Workspace.ID, store.ClickScope{LinkID: l.ID})
	storetest.Must(t, err)
	// Click ids are UNIQUE, so "stored" means exactly once; clicks whose
	// answer the kill cut off may be stored too, never fewer.
	if raw != rolled || raw.Humans+raw.Bots < int64(len(answered)) {
		t.Errorf("raw %+v, rollups %+v, answered %d", raw, rolled, len(answered))
	}
	sq, err := sql.Open("sqlite", strings.TrimPrefix(f.DSN, "sqlite:"))
	storetest.Must(t, err)
	defer sq.Close()
	var check string
	storetest.Must(t, sq.QueryRow("PRAGMA integrity_check").Scan(&check))
	if check != "ok" {
		t.Errorf("integrity_check: %s", check)
	}
	t.Logf("%d clicks answered before SIGKILL, %d stored, %d requests failed", len(answered), raw.Humans+raw.Bots, others.Load())
}

// loadUntil waits, up to 10 s, until enough load has been answered (done,
// called with mu held, says when), so that a kill lands in the middle of it.
func loadUntil(mu *sync.Mutex, done func() bool) {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		mu.Lock()
		ok := done()
		mu.Unlock()
		if ok {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}
