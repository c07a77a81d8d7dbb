package clicklog_test

import (
	"sync/atomic"
	"testing"

	"github.com/chorushq/chorus/internal/clicklog"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// BenchmarkAppend is the redirect's part of a click: 64 concurrent callers
// appending to a log on a real SQLite database, ingestion running.
func BenchmarkAppend(b *testing.B) {
	f := storetest.New(b)
	ctx := storetest.Ctx(b)
	links := newLinksTB(b, f, 1)
	l, err := clicklog.Open(ctx, b.TempDir(), f.DB, clicklog.Options{})
	storetest.Must(b, err)
	var n atomic.Int64
	b.SetParallelism(32) // 64 callers on 2 cores, like wrk's 64 connections
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := l.Append(ctx, click(f.Workspace.ID, links[0], int(n.Add(1)))); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	storetest.Must(b, l.Close(ctx))
}
