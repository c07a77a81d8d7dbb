package store_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// throwawayPostgres starts a PostgreSQL cluster of its own on a free port,
// so that restarting it cannot disturb other tests; it follows
// .ci/postgres.sh (binaries under /usr/lib/postgresql, run as postgres
// when root).
func throwawayPostgres(t *testing.T) (dsn string, restart func()) {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	if len(bins) == 0 {
		t.Fatal("no PostgreSQL binaries under /usr/lib/postgresql: install them to run the restart test")
	}
	sort.Strings(bins)
	bin := bins[len(bins)-1]
	dir, err := os.MkdirTemp("", "chorus-pg-restart-")
	storetest.Must(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	l, err := net.Listen("tcp", "127.0.0.1:0")
	storetest.Must(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	run := func(name string, args ...string) {
		t.Helper()
		cmd := exec.Command(filepath.Join(bin, name), args...)
		if os.Getuid() == 0 {
			cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", filepath.Join(bin, name)}, args...)...)
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
	}
	if os.Getuid() == 0 {
		if out, err := exec.Command("chown", "postgres:postgres", dir).CombinedOutput(); err != nil {
			t.Fatalf("chown: %v %s", err, out)
		}
	}
	run("initdb", "-D", dir, "-U", "chorus", "--auth=trust", "-E", "UTF8")
	opts := fmt.Sprintf("-h 127.0.0.1 -p %d -k %s -c fsync=off -c max_connections=100", port, dir)
	run("pg_ctl", "-D", dir, "-l", filepath.Join(dir, "server.log"), "-w", "-t", "60", "-o", opts, "start")
	t.Cleanup(func() { run("pg_ctl", "-D", dir, "-m", "immediate", "-w", "stop") })
	restart = func() {
		run("pg_ctl", "-D", dir, "-l", filepath.Join(dir, "server.log"), "-m", "fast", "-w", "-t", "60", "-o", opts, "restart")
	}
	return fmt.Sprintf("postgres://chorus@127.0.0.1:%d/postgres?sslmode=disable", port), restart
}

// TestClickWritesSurvivePostgresRestart writes clicks from 8 goroutines
// through RetryTx while the server restarts: every write must succeed, and
// the raw clicks and rollups must count each click exactly once.
func TestClickWritesSurvivePostgresRestart(t *testing.T) {
	dsn, restart := throwawayPostgres(t)
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	storetest.Must(t, err)
	defer db.Close()
	_, err = db.Migrate(ctx)
	storetest.Must(t, err)
	ws := &store.Workspace{Slug: "acme", Name: "Acme", Currency: "USD"}
	var link store.Link
	storetest.Must(t, db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateWorkspace(ctx, ws); err != nil {
			return err
		}
		cp := campaigns.Campaign{Name: "C", Slug: "c", Currency: "USD"}
		cr := creators.Creator{Name: "M", Accounts: []creators.Account{{Platform: "instagram", Handle: "m"}}}
		if err := tx.CreateCampaign(ctx, ws.ID, &cp); err != nil {
			return err
		}
		if err := tx.CreateCreator(ctx, ws.ID, &cr); err != nil {
			return err
		}
		k := campaigns.Collaboration{CampaignID: cp.ID, CreatorID: cr.ID, Status: campaigns.Live}
		if err := tx.CreateCollaboration(ctx, ws.ID, &k); err != nil {
			return err
		}
		link = store.Link{CollaborationID: k.ID, Slug: "m", Destination: "https://shop.example/"}
		return tx.CreateLink(ctx, ws.ID, &link)
	}))

	const writers, each = 8, 150
	var done atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for g := range writers {
		wg.Go(func() {
			for i := range each {
				c := store.Click{WorkspaceID: ws.ID, LinkID: link.ID, ClickID: fmt.Sprintf("g%02d-%04d", g, i), At: start.Unix(), Bot: i%5 == 0}
				if err := db.RetryTx(ctx, func(tx *store.Tx) error { return tx.InsertClicks(ctx, []store.Click{c}) }); err != nil {
					t.Errorf("click %s: %v", c.ClickID, err)
					return
				}
				done.Add(1)
			}
		})
	}
	for done.Load() < writers*each/4 {
		time.Sleep(5 * time.Millisecond)
	}
	before := done.Load()
	restart()
	after := done.Load()
	wg.Wait()
	t.Logf("restarted after %d clicks, %d done when it was back up, %d in all, %s", before, after, done.Load(), time.Since(start).Round(time.Millisecond))
	if before >= writers*each {
		t.Fatal("the load finished before the restart: the test proves nothing")
	}
	raw, err := db.RawClickCounts(ctx, link.ID)
	storetest.Must(t, err)
	rolled, err := db.ClickTotals(ctx, ws.ID, store.ClickScope{LinkID: link.ID})
	storetest.Must(t, err)
	// By hand: 8 x 150 = 1200 clicks, i%5 == 0 is a bot: 30 of 150 per
	// writer, 240 bots and 960 humans.
	want := store.ClickCount{Humans: 960, Bots: 240}
	if raw != want || rolled != want {
		t.Errorf("raw %+v, rollups %+v, want %+v in both", raw, rolled, want)
	}
}

func TestIsUnavailable(t *testing.T) {
	f := storetest.New(t)
	ctx := context.Background()
	storetest.Must(t, f.DB.SetQueryOnly(ctx, true))
	err := f.DB.Tx(ctx, func(tx *store.Tx) error {
		return tx.CreateCreator(ctx, f.Workspace.ID, &creators.Creator{Name: "x", Accounts: []creators.Account{{Platform: "instagram", Handle: "x"}}})
	})
	if !store.IsUnavailable(err) {
		t.Errorf("write in query-only mode: %v, want unavailable", err)
	}
	storetest.Must(t, f.DB.SetQueryOnly(ctx, false))
	err = f.DB.Tx(ctx, func(tx *store.Tx) error {
		return tx.CreateCreator(ctx, f.Workspace.ID, &creators.Creator{Name: "x", Accounts: []creators.Account{{Platform: "instagram", Handle: "x"}, {Platform: "instagram", Handle: "x"}}})
	})
	if err == nil || store.IsUnavailable(err) || !errors.Is(err, store.ErrConflict) {
		t.Errorf("duplicate account: %v, want a conflict, not unavailable", err)
	}
	if store.IsUnavailable(nil) || store.IsUnavailable(errors.New("bad input")) {
		t.Error("ordinary errors called unavailable")
	}
	if err := storetest.NewOn(t, "sqlite").DB.SetQueryOnly(ctx, true); err != nil {
		t.Errorf("query-only on SQLite: %v", err)
	}
}
