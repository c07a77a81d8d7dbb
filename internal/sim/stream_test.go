package sim

import (
	"runtime"
	"testing"
)

// heapAfterGC returns live heap bytes.
func heapAfterGC() uint64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// Streaming keeps nothing: the live heap after streaming 300,000 creators
// (which, kept, would take hundreds of megabytes: ~1.5 KB each) or a 30x
// traffic world's clicks grows by less than 8 MB, measured at points where
// the generator is mid-stream.
func TestStreamingMemory(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Creators = 300_000
	cfg.TrafficScale = 30
	w := mustWorld(t, cfg)
	base := heapAfterGC()
	const limit = 8 << 20
	var peak uint64
	for c := range w.Creators() {
		if c.Index%100_000 == 99_999 {
			peak = max(peak, heapAfterGC())
		}
	}
	if grew := int64(peak) - int64(base); grew > limit {
		t.Errorf("live heap grew %d MB while streaming creators, want < 8 MB", grew>>20)
	}
	t.Logf("creators: live heap %d KB over base", (int64(peak)-int64(base))>>10)
	n := 0
	for range w.Clicks() {
		n++
		if n%300_000 == 0 {
			peak = max(peak, heapAfterGC())
		}
	}
	if grew := int64(peak) - int64(base); grew > limit {
		t.Errorf("live heap grew %d MB while streaming %d clicks, want < 8 MB", grew>>20, n)
	}
	t.Logf("clicks: live heap %d KB over base", (int64(peak)-int64(base))>>10)
}
