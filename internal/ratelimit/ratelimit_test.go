package ratelimit

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

func TestLimiterBurstThenRate(t *testing.T) {
	l := NewLimiter(2, 3) // 2 a second, 3 at once
	tests := []struct {
		at    time.Duration
		ok    bool
		retry time.Duration
		why   string
	}{
		{0, true, 0, "burst 1 of 3"},
		{0, true, 0, "burst 2 of 3"},
		{0, true, 0, "burst 3 of 3"},
		{0, false, 500 * time.Millisecond, "empty: one token comes back every 1/2 s"},
		{200 * time.Millisecond, false, 300 * time.Millisecond, "0.4 tokens after 200 ms: 0.6 missing = 300 ms"},
		{500 * time.Millisecond, true, 0, "1.0 token after 500 ms"},
		{500 * time.Millisecond, false, 500 * time.Millisecond, "spent again"},
		{10 * time.Second, true, 0, "refilled, capped at 3"},
		{10 * time.Second, true, 0, ""},
		{10 * time.Second, true, 0, ""},
		{10 * time.Second, false, 500 * time.Millisecond, "cap held: 3, not 20"},
	}
	for i, tt := range tests {
		ok, retry := l.Allow("1.2.3.4", t0.Add(tt.at))
		if ok != tt.ok || retry != tt.retry {
			t.Errorf("%d (%s): Allow = %v, %v; want %v, %v", i, tt.why, ok, retry, tt.ok, tt.retry)
		}
	}
	if ok, _ := l.Allow("5.6.7.8", t0); !ok {
		t.Error("another key shares the first key's bucket")
	}
}

func TestLimiterBoundsMemory(t *testing.T) {
	l := NewLimiter(1, 1)
	for i := range shards * maxKeysPerShard * 2 {
		l.Allow(fmt.Sprint("k", i), t0)
	}
	if n := l.Len(); n > shards*maxKeysPerShard {
		t.Errorf("%d keys held, want at most %d", n, shards*maxKeysPerShard)
	}
}

func TestLimiterConcurrentCount(t *testing.T) {
	// 64 goroutines race for one key's 100 tokens at one instant: exactly
	// 100 must win.
	l := NewLimiter(1, 100)
	var won atomic.Int64
	var wg sync.WaitGroup
	for range 64 {
		wg.Go(func() {
			for range 10 {
				if ok, _ := l.Allow("k", t0); ok {
					won.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if won.Load() != 100 {
		t.Errorf("%d allowed, want 100", won.Load())
	}
}

func TestLockoutBackoff(t *testing.T) {
	l := NewLockout(3, time.Second, 8*time.Second, time.Hour)
	// Failures 1-3 are free; 4 locks 1 s, 5 locks 2 s, 6: 4 s, 7: 8 s, 8: 8 s (cap).
	want := []time.Duration{0, 0, 0, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second}
	at := t0
	for i, w := range want {
		if got := l.Fail("a@b", at); got != w {
			t.Errorf("failure %d: wait %v, want %v", i+1, got, w)
		}
		if got := l.Wait("a@b", at); got != w {
			t.Errorf("after failure %d: Wait %v, want %v", i+1, got, w)
		}
		at = at.Add(w)
	}
	if got := l.Wait("a@b", at.Add(-time.Second)); got != time.Second {
		t.Errorf("1 s before the end: Wait %v, want 1s", got)
	}
	if got := l.Wait("other", at); got != 0 {
		t.Errorf("another key waits %v", got)
	}
	l.Reset("a@b")
	if got := l.Fail("a@b", at); got != 0 {
		t.Errorf("after Reset the first failure waits %v", got)
	}
	// Forgotten after an hour without failures.
	l2 := NewLockout(1, time.Second, time.Minute, time.Hour)
	l2.Fail("k", t0)
	if got := l2.Fail("k", t0.Add(time.Second)); got != time.Second {
		t.Errorf("second failure waits %v, want 1s", got)
	}
	if got := l2.Fail("k", t0.Add(2*time.Hour)); got != 0 {
		t.Errorf("failure after 2 h quiet waits %v, want 0 (forgotten)", got)
	}
}

// BenchmarkLimiterParallel is the redirect's cost per click: many clients
// at once, each its own IP.
func BenchmarkLimiterParallel(b *testing.B) {
	l := NewLimiter(50, 200)
	keys := make([]string, 1024)
	for i := range keys {
		keys[i] = fmt.Sprintf("203.0.113.%d/%d", i%256, i)
	}
	var n atomic.Int64
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := int(n.Add(1)) * 7919
		now := time.Now()
		for pb.Next() {
			i++
			l.Allow(keys[i%len(keys)], now)
		}
	})
}
