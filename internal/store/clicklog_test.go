package store_test

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// TestIngestClicks: clicks and the checkpoint land together; clicks of a
// deleted link are dropped and counted; an empty batch moves the
// checkpoint alone.
func TestIngestClicks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		w := newLinkWorld(t, f, ws, "ingest")
		var links []store.Link
		for _, slug := range []string{"keep1", "gone1"} {
			l := store.Link{CollaborationID: w.collab.ID, Slug: slug, Destination: "https://shop.example/"}
			storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateLink(ctx, ws, &l) }))
			links = append(links, l)
		}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.DeleteLink(ctx, ws, links[1].ID) }))
		seg, off, err := f.DB.ClickLogCheckpoint(ctx, "log-a")
		storetest.Must(t, err)
		if seg != 0 || off != 0 {
			t.Errorf("new log's checkpoint %d/%d, want 0/0", seg, off)
		}
		var clicks []store.Click
		for i := range 7 {
			// 0, 2, 4, 6 on the live link (6 a bot), 1, 3, 5 on the deleted one.
			clicks = append(clicks, store.Click{WorkspaceID: ws, LinkID: links[i%2].ID, ClickID: fmt.Sprintf("ing%d", i), At: 1_767_225_600 + int64(i)*3600, Bot: i == 6})
		}
		dropped, err := f.DB.IngestClicks(ctx, "log-a", 3, 1234, clicks)
		storetest.Must(t, err)
		if dropped != 3 {
			t.Errorf("dropped %d, want 3", dropped)
		}
		raw, err := f.DB.RawClickCounts(ctx, links[0].ID)
		storetest.Must(t, err)
		tot, err := f.DB.ClickTotals(ctx, ws, store.ClickScope{LinkID: links[0].ID})
		storetest.Must(t, err)
		if raw != (store.ClickCount{Humans: 3, Bots: 1}) || tot != raw {
			t.Errorf("raw %+v rollups %+v, want 3 humans 1 bot in both", raw, tot)
		}
		storetest.Must(t, errorsOf(f.DB.IngestClicks(ctx, "log-a", 4, 0, nil)))
		for _, tt := range []struct {
			id       string
			seg, off int64
		}{{"log-a", 4, 0}, {"log-b", 0, 0}} {
			seg, off, err := f.DB.ClickLogCheckpoint(ctx, tt.id)
			storetest.Must(t, err)
			if seg != tt.seg || off != tt.off {
				t.Errorf("%s checkpoint %d/%d, want %d/%d", tt.id, seg, off, tt.seg, tt.off)
			}
		}
	})
}

// cpuTime is the CPU time (user and system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func errorsOf(_ int, err error) error { return err }

// BenchmarkIngestClicks is the click log's ingester: batches of a few
// thousand clicks into a table that already holds 200,000.
func BenchmarkIngestClicks(b *testing.B) {
	f := storetest.New(b)
	ctx := b.Context()
	ws := f.Workspace.ID
	w := newLinkWorld(b, f, ws, "bench")
	var links []int64
	for i := range 20 {
		l := store.Link{CollaborationID: w.collab.ID, Slug: fmt.Sprintf("ib%d", i), Destination: "https://a.example/"}
		storetest.Must(b, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateLink(ctx, ws, &l) }))
		links = append(links, l.ID)
	}
	n := 0
	batch := func(size int) []store.Click {
		clicks := make([]store.Click, size)
		for i := range clicks {
			n++
			clicks[i] = store.Click{WorkspaceID: ws, LinkID: links[n%len(links)], ClickID: fmt.Sprintf("%022d", n), At: 1_767_225_600 + int64(n/50),
				IPHash: "0123456789abcdef0123456789abcdef0123456789a", Device: "mobile", OS: "iOS", Browser: "Safari", InApp: "Instagram"}
		}
		return clicks
	}
	for range 50 {
		_, err := f.DB.IngestClicks(ctx, "bench", 1, 0, batch(4000))
		storetest.Must(b, err)
	}
	const size = 4000
	cpu0 := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		clicks := batch(size)
		_, err := f.DB.IngestClicks(ctx, "bench", 1, 0, clicks)
		storetest.Must(b, err)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*size), "ns/click")
	// CPU time does not depend on the neighbours of a shared machine.
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N*size), "cpu-ns/click")
}
