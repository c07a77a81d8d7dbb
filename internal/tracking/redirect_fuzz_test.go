package tracking

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzRedirect: whatever destination is accepted, the Location sent for any
// click id and UTM values stays on the destination's scheme and host, is one
// clean header value, and carries the click id.
func FuzzRedirect(f *testing.F) {
	for _, s := range []struct{ dest, content, cid string }{
		{"https://shop.example/p?x=1#top", "maya_fit", "abc"},
		{"https://shop.example/?chorus_cid=old&utm_content=theirs", "maya", "x y"},
		{"http://[::1]:8080/a/../b", "", "cid"},
		{"https://shop.example\\@evil.example/", "", ""},
		{"https://shop.example:443@evil.example/", "", ""},
		{"https://evil.example#@shop.example", "", "#"},
		{"https://shop.example/%2F%2Fevil.example", "", "&"},
		{"javascript://shop.example/%0Aalert(1)", "", ""},
		{"https://shop.example/é?q=ü", "x&y=z", "a#b"},
		{"HTTPS://SHOP.EXAMPLE", "", ""},
	} {
		f.Add(s.dest, s.content, s.cid)
	}
	f.Fuzz(func(t *testing.T, dest, content, cid string) {
		u, err := ValidateDestination(dest)
		if err != nil {
			if _, err := NewRedirect(dest, UTM{Content: content}); err == nil {
				t.Fatalf("NewRedirect accepted %q, which ValidateDestination refuses", dest)
			}
			return
		}
		r, err := NewRedirect(dest, UTM{Source: "instagram", Content: content})
		if err != nil {
			return // too long with the parameters: refused, fine
		}
		loc := r.Location(cid)
		for i := 0; i < len(loc); i++ {
			if c := loc[i]; c <= ' ' || c >= 0x7f {
				t.Fatalf("Location %q has byte %#x at %d", loc, c, i)
			}
		}
		got, err := url.Parse(loc)
		if err != nil {
			t.Fatalf("Location %q does not parse: %v", loc, err)
		}
		if !strings.EqualFold(got.Scheme, u.Scheme) || !strings.EqualFold(got.Host, u.Host) || got.User != nil {
			t.Fatalf("destination %q (%s://%s) sent to %s://%s (user %v) by %q", dest, u.Scheme, u.Host, got.Scheme, got.Host, got.User, loc)
		}
		if strings.Contains(got.Host, "\\") {
			t.Fatalf("host %q holds a backslash", got.Host)
		}
		if v := got.Query().Get(ClickIDParam); v != cid {
			t.Fatalf("Location %q carries click id %q, want %q", loc, v, cid)
		}
	})
}

// FuzzValidateSlug: an accepted slug is safe as one path segment.
func FuzzValidateSlug(f *testing.F) {
	for _, s := range []string{"maya-spring", "a", "..", "a/b", "%2e", "api", "é", strings.Repeat("x", 65)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidateSlug(s) != nil {
			return
		}
		if s == "" || len(s) > MaxSlugLen || strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != "" {
			t.Fatalf("accepted slug %q", s)
		}
		if url.PathEscape(s) != s {
			t.Fatalf("accepted slug %q needs escaping", s)
		}
	})
}
