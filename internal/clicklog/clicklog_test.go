package clicklog_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/clicklog"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// newLinks makes a collaboration with n tracked links and returns their ids.
func newLinks(t *testing.T, f *storetest.Fixture, n int) []int64 { return newLinksTB(t, f, n) }

func newLinksTB(t testing.TB, f *storetest.Fixture, n int) []int64 {
	ctx := storetest.Ctx(t)
	ws := f.Workspace.ID
	var ids []int64
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
		c := campaigns.Campaign{Name: "Log", Slug: "log", Currency: "USD"}
		if err := tx.CreateCampaign(ctx, ws, &c); err != nil {
			return err
		}
		cr := creators.Creator{Name: "Ana", Accounts: []creators.Account{{Platform: "instagram", Handle: "ana_log"}}}
		if err := tx.CreateCreator(ctx, ws, &cr); err != nil {
			return err
		}
		co := campaigns.Collaboration{CampaignID: c.ID, CreatorID: cr.ID, Status: campaigns.Live}
		if err := tx.CreateCollaboration(ctx, ws, &co); err != nil {
			return err
		}
		for i := range n {
			l := store.Link{CollaborationID: co.ID, Slug: fmt.Sprintf("log%d", i), Destination: "https://shop.example/"}
			if err := tx.CreateLink(ctx, ws, &l); err != nil {
				return err
			}
			ids = append(ids, l.ID)
		}
		return nil
	}))
	return ids
}

func click(ws, link int64, i int) store.Click {
	return store.Click{WorkspaceID: ws, LinkID: link, ClickID: fmt.Sprintf("cid-%d-%06d", link, i), At: 1_767_225_600 + int64(i),
		Bot: i%10 == 0, Browser: "Chrome", Referrer: strings.Repeat("r", i%50)}
}

func counts(t *testing.T, db *store.DB, link int64) store.ClickCount {
	t.Helper()
	raw, err := db.RawClickCounts(storetest.Ctx(t), link)
	storetest.Must(t, err)
	return raw
}

// small keeps segments small so that tests cross several of them.
var small = clicklog.Options{SegmentSize: 32 << 10, MaxBatch: 16}

// TestAppendIngest: concurrent appends cross segments, every click reaches
// the database once with its rollups, and ingested segments are removed.
func TestAppendIngest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		links := newLinks(t, f, 2)
		dir := t.TempDir()
		l, err := clicklog.Open(ctx, dir, f.DB, small)
		storetest.Must(t, err)
		const workers, each = 8, 250
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := range workers {
			wg.Go(func() {
				for i := range each {
					if err := l.Append(ctx, click(ws, links[w%2], w*each+i)); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		storetest.Must(t, l.Flush(ctx))
		// Each link got 4 workers x 250 = 1,000 clicks; i%10 == 0 is a bot:
		// 100 bots, 900 humans per link.
		for _, id := range links {
			if got := counts(t, f.DB, id); got.Humans != 900 || got.Bots != 100 {
				t.Errorf("link %d: %+v, want 900 humans, 100 bots", id, got)
			}
			tot, err := f.DB.ClickTotals(ctx, ws, store.ClickScope{LinkID: id})
			storetest.Must(t, err)
			if tot.Humans != 900 || tot.Bots != 100 {
				t.Errorf("link %d rollups: %+v, want 900 humans, 100 bots", id, tot)
			}
		}
		st := l.Stats()
		if st.Durable.Seg < 3 {
			t.Errorf("2,000 clicks in 32 KiB segments ended in segment %d; want at least 3", st.Durable.Seg)
		}
		storetest.Must(t, l.Close(ctx))
		segs, _ := filepath.Glob(filepath.Join(dir, "*.seg"))
		if len(segs) != 1 {
			t.Errorf("after ingesting everything %d segments remain, want the one being appended to: %v", len(segs), segs)
		}

		// Reopening replays nothing twice.
		l, err = clicklog.Open(ctx, dir, f.DB, small)
		storetest.Must(t, err)
		storetest.Must(t, l.Append(ctx, click(ws, links[0], 99_999)))
		storetest.Must(t, l.Close(ctx))
		if got := counts(t, f.DB, links[0]); got.Humans != 901 || got.Bots != 100 {
			t.Errorf("after reopening: %+v, want 901 humans, 100 bots", got)
		}
	})
}

// refusing is the real store with its ingestion switched off, as when the
// database is unreachable.
type refusing struct{ *store.DB }

func (refusing) IngestClicks(context.Context, string, int64, int64, []store.Click) (int, error) {
	return 0, errors.New("database unreachable")
}

// TestReplay: clicks answered while the database refuses them stay in the
// log, are replayed by the next Open, exactly once, and clicks of links
// deleted in between are dropped.
func TestReplay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		links := newLinks(t, f, 2)
		dir := t.TempDir()
		l, err := clicklog.Open(ctx, dir, refusing{f.DB}, small)
		storetest.Must(t, err)
		for i := range 300 {
			storetest.Must(t, l.Append(ctx, click(ws, links[i%2], i)))
		}
		short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		if err := l.Flush(short); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Flush while the database refuses: %v, want a deadline error", err)
		}
		cancel()
		short, cancel = context.WithTimeout(ctx, 50*time.Millisecond)
		if err := l.Close(short); err == nil {
			t.Error("Close before the database caught up: no error")
		}
		cancel()
		if got := counts(t, f.DB, links[0]); got.Humans+got.Bots != 0 {
			t.Fatalf("the refusing store stored clicks: %+v", got)
		}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.DeleteLink(ctx, ws, links[1]) }))

		for range 2 { // the second Open must find nothing to replay
			l, err = clicklog.Open(ctx, dir, f.DB, small)
			storetest.Must(t, err)
			// 150 clicks on link 0 (even i); i%10 == 0 of them are bots: 30.
			if got := counts(t, f.DB, links[0]); got.Humans != 120 || got.Bots != 30 {
				t.Errorf("after replay: %+v, want 120 humans, 30 bots", got)
			}
			storetest.Must(t, l.Close(ctx))
		}
	})
}

// TestTornTail: bytes of a record whose sync never finished are discarded
// at the next Open and overwritten; what came before is kept.
func TestTornTail(t *testing.T) {
	f := storetest.New(t)
	ctx := storetest.Ctx(t)
	ws := f.Workspace.ID
	links := newLinks(t, f, 1)
	dir := t.TempDir()
	l, err := clicklog.Open(ctx, dir, refusing{f.DB}, small)
	storetest.Must(t, err)
	for i := range 20 {
		storetest.Must(t, l.Append(ctx, click(ws, links[0], i)))
	}
	end := l.Stats().Durable
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	l.Close(short)
	cancel()
	// A torn record: a header that promises 5,000 bytes and half of them.
	seg, err := os.OpenFile(filepath.Join(dir, fmt.Sprintf("%016d.seg", end.Seg)), os.O_RDWR, 0)
	storetest.Must(t, err)
	torn := make([]byte, 2500)
	torn[0], torn[1] = 0x88, 0x13 // 5,000 little-endian
	for i := 8; i < len(torn); i++ {
		torn[i] = byte(i)
	}
	_, err = seg.WriteAt(torn, end.Off)
	storetest.Must(t, err)
	seg.Close()

	l, err = clicklog.Open(ctx, dir, f.DB, small)
	storetest.Must(t, err)
	if got := l.Stats().Durable; got != end {
		t.Errorf("log end after recovery %+v, want %+v", got, end)
	}
	storetest.Must(t, l.Append(ctx, click(ws, links[0], 20)))
	storetest.Must(t, l.Close(ctx))
	l, err = clicklog.Open(ctx, dir, f.DB, small)
	storetest.Must(t, err)
	storetest.Must(t, l.Close(ctx))
	// 21 clicks, i%10 == 0 bots: 0, 10, 20.
	if got := counts(t, f.DB, links[0]); got.Humans != 18 || got.Bots != 3 {
		t.Errorf("after recovery: %+v, want 18 humans, 3 bots", got)
	}
}

func TestOpenRefuses(t *testing.T) {
	f := storetest.New(t)
	ctx := storetest.Ctx(t)
	dir := t.TempDir()
	l, err := clicklog.Open(ctx, dir, f.DB, small)
	storetest.Must(t, err)
	if _, err := clicklog.Open(ctx, dir, f.DB, small); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("second Open of a log in use: %v", err)
	}
	storetest.Must(t, l.Close(ctx))

	if _, err := clicklog.Open(ctx, t.TempDir(), f.DB, clicklog.Options{SegmentSize: 1000, MaxBatch: 16}); err == nil || !strings.Contains(err.Error(), "segment size 1000") {
		t.Errorf("tiny segments: %v", err)
	}

	// A database that has read further than the log holds belongs to
	// another log.
	id, err := os.ReadFile(filepath.Join(dir, "ID"))
	storetest.Must(t, err)
	_, err = f.DB.IngestClicks(ctx, strings.TrimSpace(string(id)), 9, 100, nil)
	storetest.Must(t, err)
	if _, err := clicklog.Open(ctx, dir, f.DB, small); err == nil || !strings.Contains(err.Error(), "right directory") {
		t.Errorf("checkpoint past the end: %v", err)
	}
}

// TestBusyIngestion: while clicks keep coming, ingestion is put off, but
// never beyond MaxLag: the database catches up while the wave goes on.
func TestBusyIngestion(t *testing.T) {
	f := storetest.New(t)
	ctx := storetest.Ctx(t)
	ws := f.Workspace.ID
	links := newLinks(t, f, 1)
	l, err := clicklog.Open(ctx, t.TempDir(), f.DB, clicklog.Options{IngestDelay: 10 * time.Millisecond, BusyRate: 1, MaxLag: 200 * time.Millisecond})
	storetest.Must(t, err)
	defer l.Close(ctx)
	deadline := time.Now().Add(20 * time.Second)
	i := 0
	for ; time.Now().Before(deadline); i++ {
		storetest.Must(t, l.Append(ctx, click(ws, links[0], i)))
		time.Sleep(time.Millisecond)
		if i%50 == 0 && l.Stats().Ingested.Off > 0 {
			break
		}
	}
	if l.Stats().Ingested.Off == 0 {
		t.Fatalf("nothing ingested after %d clicks in 20 s of steady traffic, with MaxLag 200 ms", i)
	}
	// Flush does not wait for the wave to end.
	storetest.Must(t, l.Append(ctx, click(ws, links[0], i+1)))
	storetest.Must(t, l.Flush(ctx))
	if st := l.Stats(); st.Ingested != st.Durable {
		t.Errorf("after Flush: %+v", st)
	}
}

// TestRotationFailure: when the next segment cannot be made (here a
// directory sits where its file goes; in life a full disk), appends that
// need it fail with the reason instead of being answered, and appends work
// again once the cause is gone.
func TestRotationFailure(t *testing.T) {
	f := storetest.New(t)
	ctx := storetest.Ctx(t)
	ws := f.Workspace.ID
	links := newLinks(t, f, 1)
	dir := t.TempDir()
	l, err := clicklog.Open(ctx, dir, f.DB, small)
	storetest.Must(t, err)
	defer l.Close(ctx)
	blocker := filepath.Join(dir, fmt.Sprintf("%016d.seg.tmp", 3))
	storetest.Must(t, os.Mkdir(blocker, 0o700))
	storetest.Must(t, os.WriteFile(filepath.Join(blocker, "x"), nil, 0o600))
	var failed error
	i := 0
	for ; i < 5000 && failed == nil; i++ {
		failed = l.Append(ctx, click(ws, links[0], i))
	}
	if failed == nil || !strings.Contains(failed.Error(), "segment") {
		t.Fatalf("appending past segment 2 with segment 3 blocked: %v after %d clicks", failed, i)
	}
	if got := l.Stats().Durable.Seg; got != 2 {
		t.Errorf("log ends in segment %d, want 2", got)
	}
	storetest.Must(t, os.RemoveAll(blocker))
	var err2 error
	for range 3 { // the spare made while the blocker stood fails once more
		if err2 = l.Append(ctx, click(ws, links[0], i)); err2 == nil {
			break
		}
	}
	storetest.Must(t, err2)
	storetest.Must(t, l.Flush(ctx))
	// Every click answered without error is stored: i-1 before the
	// failure, one after.
	raw := counts(t, f.DB, links[0])
	if raw.Humans+raw.Bots != int64(i) {
		t.Errorf("%d clicks stored, want %d", raw.Humans+raw.Bots, i)
	}
}
