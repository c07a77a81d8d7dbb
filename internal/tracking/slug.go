package tracking

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// DefaultSlugLen is the length of generated slugs: 62^7 is about 3.5e12, so
// a workspace with a million links hits a taken slug with probability
// 1e6/3.5e12 per draw, and NewSlug's caller retries on conflict anyway.
const DefaultSlugLen = 7

// MaxSlugLen bounds custom slugs so they fit any index and URL comfortably.
const MaxSlugLen = 64

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// ErrInvalidSlug is wrapped by every error ValidateSlug returns.
var ErrInvalidSlug = errors.New("invalid slug")

// reservedSlugs are first path segments the web server uses or may use; a
// link slug equal to one of them (in any case) would shadow a route or
// confuse people reading the URL.
var reservedSlugs = map[string]bool{
	"admin": true, "api": true, "app": true, "assets": true, "auth": true,
	"c": true, "dashboard": true, "favicon.ico": true, "health": true,
	"healthz": true, "help": true, "login": true, "logout": true,
	"metrics": true, "qr": true, "robots.txt": true, "settings": true,
	"signup": true, "static": true, "status": true, "webhooks": true,
	"well-known": true, "www": true,
}

// NewSlug returns a random base62 slug of n characters (DefaultSlugLen if n
// <= 0) drawn from crypto/rand without modulo bias.
func NewSlug(n int) (string, error) {
	if n <= 0 {
		n = DefaultSlugLen
	}
	if n > MaxSlugLen {
		return "", fmt.Errorf("new slug: length %d exceeds %d", n, MaxSlugLen)
	}
	for {
		s, err := randomBase62(n)
		if err != nil {
			return "", fmt.Errorf("new slug: %w", err)
		}
		// Short random slugs could spell a reserved word.
		if !reservedSlugs[strings.ToLower(s)] {
			return s, nil
		}
	}
}

// randomBase62 rejects bytes >= 248 (4*62) so each character is uniform.
func randomBase62(n int) (string, error) {
	out := make([]byte, 0, n)
	var buf [64]byte
	for len(out) < n {
		if _, err := rand.Read(buf[:]); err != nil {
			return "", err
		}
		for _, b := range buf {
			if b >= 248 {
				continue
			}
			out = append(out, base62[b%62])
			if len(out) == n {
				break
			}
		}
	}
	return string(out), nil
}

// ValidateSlug reports whether s may be used as a custom slug: 1 to 64
// ASCII letters, digits, '-' or '_', and not a reserved word.
func ValidateSlug(s string) error {
	if s == "" {
		return fmt.Errorf("%w: empty", ErrInvalidSlug)
	}
	if len(s) > MaxSlugLen {
		return fmt.Errorf("%w: %d characters, at most %d allowed", ErrInvalidSlug, len(s), MaxSlugLen)
	}
	for i, r := range s {
		if r >= utf8.RuneSelf || !isSlugByte(byte(r)) {
			return fmt.Errorf("%w %q: character %q at byte %d; use letters, digits, '-' or '_'",
				ErrInvalidSlug, s, r, i+1)
		}
	}
	if reservedSlugs[strings.ToLower(s)] {
		return fmt.Errorf("%w %q: reserved word", ErrInvalidSlug, s)
	}
	return nil
}

func isSlugByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_'
}
