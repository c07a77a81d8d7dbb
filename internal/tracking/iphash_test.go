package tracking

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"
)

var testSecret = []byte("0123456789abcdef0123456789abcdef")

// TestDaySaltVector pins the salt for one day to a value computed outside
// Go: printf '2026-11-22' | openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef
func TestDaySaltVector(t *testing.T) {
	day := time.Date(2026, 11, 22, 23, 59, 59, 0, time.UTC)
	got := hex.EncodeToString(DaySalt(testSecret, day))
	if got != wantSalt20261122 {
		t.Errorf("DaySalt = %s, want %s", got, wantSalt20261122)
	}
	// The same instant seen from another zone is still 2026-11-22 in UTC.
	tokyo := day.In(time.FixedZone("JST", 9*3600)) // 2026-11-23 08:59 local
	if got := hex.EncodeToString(DaySalt(testSecret, tokyo)); got != wantSalt20261122 {
		t.Errorf("DaySalt in JST = %s, want the UTC day's %s", got, wantSalt20261122)
	}
}

// referenceHash is the definition written with crypto/hmac.
func referenceHash(secret []byte, ip netip.Addr, now time.Time) string {
	m := hmac.New(sha256.New, DaySalt(secret, now))
	a := ip.Unmap().As16()
	m.Write(a[:])
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:12])
}

func TestIPHasher(t *testing.T) {
	h, err := NewIPHasher(testSecret)
	if err != nil {
		t.Fatal(err)
	}
	noon := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		ip  string
		now time.Time
	}{
		{"203.0.113.7", noon},
		{"2001:db8::1", noon},
		{"203.0.113.7", noon.Add(24 * time.Hour)},
		{"203.0.113.7", time.Date(1969, 12, 31, 12, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		ip := netip.MustParseAddr(tt.ip)
		got := h.Hash(ip, tt.now)
		if want := referenceHash(testSecret, ip, tt.now); got != want {
			t.Errorf("Hash(%s, %s) = %s, want %s", tt.ip, tt.now, got, want)
		}
		if len(got) != IPHashLen {
			t.Errorf("Hash length %d, want %d", len(got), IPHashLen)
		}
	}

	v4 := netip.MustParseAddr("203.0.113.7")
	mapped := netip.MustParseAddr("::ffff:203.0.113.7")
	if a, b := h.Hash(v4, noon), h.Hash(mapped, noon); a != b {
		t.Errorf("IPv4 %s and mapped %s hash differently", a, b)
	}
	if a, b := h.Hash(v4, noon), h.Hash(v4, noon.Add(11*time.Hour+59*time.Minute)); a != b {
		t.Errorf("same UTC day hashes differ: %s, %s", a, b)
	}
	if a, b := h.Hash(v4, noon), h.Hash(v4, noon.Add(12*time.Hour)); a == b {
		t.Errorf("next UTC day gives the same hash %s", a)
	}
	if a, b := h.Hash(v4, noon), h.Hash(netip.MustParseAddr("203.0.113.8"), noon); a == b {
		t.Errorf("neighbouring addresses give the same hash %s", a)
	}
	other, _ := NewIPHasher([]byte("another secret, also 32 bytes.."))
	if a, b := h.Hash(v4, noon), other.Hash(v4, noon); a == b {
		t.Errorf("different secrets give the same hash %s", a)
	}
	if strings.Contains(h.Hash(v4, noon), "203") {
		t.Errorf("hash shows the address")
	}
}

func TestNewIPHasherShortSecret(t *testing.T) {
	if _, err := NewIPHasher([]byte("short")); err == nil || !strings.Contains(err.Error(), "5 bytes") {
		t.Errorf("NewIPHasher(short) = %v, want error naming the length", err)
	}
}

func TestClientIP(t *testing.T) {
	tests := []struct {
		name    string
		remote  string
		xff     []string
		proxies int
		want    string
		wantErr bool
	}{
		{"peer only", "198.51.100.4:52311", nil, 0, "198.51.100.4", false},
		{"peer IPv6", "[2001:db8::7]:443", nil, 0, "2001:db8::7", false},
		{"peer mapped", "[::ffff:198.51.100.4]:80", nil, 0, "198.51.100.4", false},
		{"peer without port", "198.51.100.4", nil, 0, "198.51.100.4", false},
		{"xff ignored when untrusted", "10.0.0.2:80", []string{"203.0.113.9"}, 0, "10.0.0.2", false},
		{"one proxy: last entry", "10.0.0.2:80", []string{"1.1.1.1, 203.0.113.9"}, 1, "203.0.113.9", false},
		{"two proxies: second from right", "10.0.0.3:80", []string{"6.6.6.6, 203.0.113.9, 10.0.0.2"}, 2, "203.0.113.9", false},
		{"entries across headers", "10.0.0.3:80", []string{"6.6.6.6, 203.0.113.9", "10.0.0.2"}, 2, "203.0.113.9", false},
		{"empty entries skipped", "10.0.0.2:80", []string{"203.0.113.9, ,", ""}, 1, "203.0.113.9", false},
		{"too few entries: peer", "10.0.0.2:80", []string{"203.0.113.9"}, 2, "10.0.0.2", false},
		{"no header: peer", "10.0.0.2:80", nil, 1, "10.0.0.2", false},
		{"garbage entry", "10.0.0.2:80", []string{"unknown"}, 1, "", true},
		{"garbage peer", "@", nil, 0, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ClientIP(tt.remote, tt.xff, tt.proxies)
			if tt.wantErr {
				if !errors.Is(err, ErrNoClientIP) {
					t.Errorf("ClientIP = %v, %v; want ErrNoClientIP", got, err)
				}
				return
			}
			if err != nil || got.String() != tt.want {
				t.Errorf("ClientIP = %v, %v; want %s", got, err, tt.want)
			}
		})
	}
}

func BenchmarkIPHash(b *testing.B) {
	h, err := NewIPHasher(testSecret)
	if err != nil {
		b.Fatal(err)
	}
	ip := netip.MustParseAddr("203.0.113.7")
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	b.Run("hash", func(b *testing.B) {
		b.ReportAllocs()
		buf := make([]byte, 0, IPHashLen)
		for b.Loop() {
			buf = h.AppendHash(buf[:0], ip, now)
		}
	})
	b.Run("crypto-hmac", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			referenceHash(testSecret, ip, now)
		}
	})
	b.Run("client-ip", func(b *testing.B) {
		b.ReportAllocs()
		xff := []string{"6.6.6.6, 203.0.113.9, 10.0.0.2"}
		for b.Loop() {
			if _, err := ClientIP("10.0.0.3:80", xff, 2); err != nil {
				b.Fatal(err)
			}
		}
	})
}

const wantSalt20261122 = "8c9ded65e24ab3f5fd5ad0c6c69fd7dccc0432913bf2cc454f0eeac2fbec0d9d"
