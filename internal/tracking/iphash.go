package tracking

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"sync/atomic"
	"time"
)

// IPHashLen is the length of an IP hash: 12 bytes in unpadded base64url.
// 96 bits keep the chance that two visitors of one day share a hash below
// 1e-10 even at a billion distinct IPs a day.
const IPHashLen = 16

// MinSecretLen is the shortest server secret NewIPHasher accepts.
const MinSecretLen = 16

// IPHasher turns IP addresses into salted hashes so raw addresses are never
// stored. The salt changes every UTC day and is derived, not stored:
// salt = HMAC-SHA256(secret, "YYYY-MM-DD"), so every node sharing the
// secret agrees on it, and once a day is past its salt exists nowhere
// unless someone recomputes it from the secret. Hashes link the clicks of
// one visitor within a day (for deduplication and fraud checks) but not
// across days.
type IPHasher struct {
	secret []byte
	day    atomic.Pointer[daySalt]
}

// daySalt holds one day's HMAC key already xored into the inner and outer
// pads, so hashing an address is two SHA-256 calls on stack buffers.
type daySalt struct {
	day  int64 // days since the Unix epoch, UTC
	ipad [sha256.BlockSize]byte
	opad [sha256.BlockSize]byte
}

// NewIPHasher returns a hasher for the server secret, which must be at
// least MinSecretLen bytes and should be random.
func NewIPHasher(secret []byte) (*IPHasher, error) {
	if len(secret) < MinSecretLen {
		return nil, fmt.Errorf("ip hasher: secret is %d bytes, need at least %d", len(secret), MinSecretLen)
	}
	return &IPHasher{secret: append([]byte(nil), secret...)}, nil
}

// DaySalt returns the salt for the UTC day containing t.
func DaySalt(secret []byte, t time.Time) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(t.UTC().Format(time.DateOnly)))
	return m.Sum(nil)
}

// Hash returns the hash of ip under the salt of the UTC day containing now.
// IPv4 and IPv4-mapped IPv6 forms of one address hash alike; zones are
// ignored. It is safe for concurrent use.
func (h *IPHasher) Hash(ip netip.Addr, now time.Time) string {
	var out [IPHashLen]byte
	return string(h.AppendHash(out[:0], ip, now))
}

// AppendHash appends the hash of ip to dst.
func (h *IPHasher) AppendHash(dst []byte, ip netip.Addr, now time.Time) []byte {
	s := h.salt(now)
	addr := ip.Unmap().WithZone("").As16()

	// HMAC-SHA256(salt, addr) by hand: crypto/hmac allocates on every use.
	var inner [sha256.BlockSize + 16]byte
	copy(inner[:], s.ipad[:])
	copy(inner[sha256.BlockSize:], addr[:])
	ih := sha256.Sum256(inner[:])
	var outer [sha256.BlockSize + sha256.Size]byte
	copy(outer[:], s.opad[:])
	copy(outer[sha256.BlockSize:], ih[:])
	sum := sha256.Sum256(outer[:])
	return base64.RawURLEncoding.AppendEncode(dst, sum[:12])
}

func (h *IPHasher) salt(now time.Time) *daySalt {
	day := now.Unix() / 86400
	if now.Unix() < 0 && now.Unix()%86400 != 0 {
		day-- // floor, for the sake of tests before 1970
	}
	if s := h.day.Load(); s != nil && s.day == day {
		return s
	}
	// Two goroutines crossing midnight together may both compute the salt;
	// they compute the same one, so the race is harmless.
	s := &daySalt{day: day}
	key := DaySalt(h.secret, time.Unix(day*86400, 0))
	// An HMAC key of 32 bytes is shorter than the block, so it is used
	// as is, zero-padded (RFC 2104).
	for i := range sha256.BlockSize {
		var k byte
		if i < len(key) {
			k = key[i]
		}
		s.ipad[i] = k ^ 0x36
		s.opad[i] = k ^ 0x5c
	}
	h.day.Store(s)
	return s
}

// ErrNoClientIP is returned by ClientIP when no usable address is found.
var ErrNoClientIP = errors.New("no client IP")

// ClientIP returns the visitor's address. remoteAddr is the connection's
// peer ("host:port" as in http.Request.RemoteAddr); xff holds the values
// of the X-Forwarded-For headers, in order.
//
// trustedProxies is the number of reverse proxies in front of the server
// that append to X-Forwarded-For. With 0 the header is ignored, since any
// client can send one. With n > 0 the client is the n-th entry from the
// right: entries further left were written by the client or by proxies we
// do not control, and can be forged. If the header has fewer than n
// entries the request did not pass all the proxies, and the peer address
// is used.
func ClientIP(remoteAddr string, xff []string, trustedProxies int) (netip.Addr, error) {
	if trustedProxies > 0 {
		if entry, ok := nthFromRight(xff, trustedProxies); ok {
			ip, err := netip.ParseAddr(entry)
			if err != nil {
				return netip.Addr{}, fmt.Errorf("%w: X-Forwarded-For entry %q: %w", ErrNoClientIP, entry, err)
			}
			return ip.Unmap(), nil
		}
	}
	if ap, err := netip.ParseAddrPort(remoteAddr); err == nil {
		return ap.Addr().Unmap(), nil
	}
	ip, err := netip.ParseAddr(remoteAddr)
	if err != nil {
		return netip.Addr{}, fmt.Errorf("%w: remote address %q: %w", ErrNoClientIP, remoteAddr, err)
	}
	return ip.Unmap(), nil
}

// nthFromRight returns the n-th comma-separated entry from the right across
// the header values, trimmed, without allocating.
func nthFromRight(values []string, n int) (string, bool) {
	for i := len(values) - 1; i >= 0; i-- {
		v := values[i]
		for v != "" {
			j := strings.LastIndexByte(v, ',')
			entry := strings.TrimSpace(v[j+1:])
			if j < 0 {
				v = ""
			} else {
				v = v[:j]
			}
			if entry == "" {
				continue
			}
			n--
			if n == 0 {
				return entry, true
			}
		}
	}
	return "", false
}
