package tracking

import (
	"encoding/base64"
	"sync"
	"testing"
)

func TestNewClickIDUniqueConcurrent(t *testing.T) {
	const workers, each = 8, 5000
	out := make([][]string, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for range each {
				out[w] = append(out[w], NewClickID())
			}
		})
	}
	wg.Wait()
	seen := make(map[string]bool, workers*each)
	for _, ids := range out {
		for _, id := range ids {
			if !ValidClickID(id) {
				t.Fatalf("id %q is not a valid click id", id)
			}
			if seen[id] {
				t.Fatalf("duplicate id %q", id)
			}
			seen[id] = true
		}
	}
}

// TestNewClickIDBits checks that ids carry 16 full random bytes: over 2000
// ids each of the 128 bits should be set about half the time (1000, sd
// sqrt(2000/4) ~= 22; 800..1200 is 9 sd), so a constant or truncated byte
// would show.
func TestNewClickIDBits(t *testing.T) {
	var ones [128]int
	for range 2000 {
		raw, err := base64.RawURLEncoding.DecodeString(NewClickID())
		if err != nil {
			t.Fatal(err)
		}
		if len(raw) != 16 {
			t.Fatalf("decoded %d bytes, want 16", len(raw))
		}
		for i := range 128 {
			if raw[i/8]&(1<<(i%8)) != 0 {
				ones[i]++
			}
		}
	}
	for i, n := range ones {
		if n < 800 || n > 1200 {
			t.Errorf("bit %d set %d times of 2000, want about 1000", i, n)
		}
	}
}

func TestValidClickID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"AAAAAAAAAAAAAAAAAAAAAA", true},
		{"aZ09-_aZ09-_aZ09-_aZ09", true},
		{"", false},
		{"AAAAAAAAAAAAAAAAAAAAA", false},   // 21
		{"AAAAAAAAAAAAAAAAAAAAAAA", false}, // 23
		{"AAAAAAAAAAAAAAAAAAAA+/", false},
		{"AAAAAAAAAAAAAAAAAAAA==", false},
	}
	for _, tt := range tests {
		if got := ValidClickID(tt.id); got != tt.want {
			t.Errorf("ValidClickID(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
}

func BenchmarkNewClickID(b *testing.B) {
	b.Run("serial", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = NewClickID()
		}
	})
	b.Run("append", func(b *testing.B) {
		b.ReportAllocs()
		buf := make([]byte, 0, ClickIDLen)
		for b.Loop() {
			buf = AppendClickID(buf[:0])
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				_ = NewClickID()
			}
		})
	})
}
