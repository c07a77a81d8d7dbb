package tracking

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateDestination(t *testing.T) {
	tests := []struct {
		raw     string
		wantErr string // substring; "" means valid
	}{
		{"https://shop.example.com/p/serum?ref=ig#reviews", ""},
		{"http://example.com", ""},
		{"HTTPS://Example.com/", ""},
		{"https://[2001:db8::1]:8443/x", ""},
		{"", "empty"},
		{"https://example.com/" + strings.Repeat("a", MaxDestinationLen), "2068 bytes"}, // 20 + 2048,
		{"javascript:alert(1)", `scheme "javascript"`},
		{"JavaScript:alert(1)", `scheme "javascript"`},
		{"data:text/html;base64,PHNjcmlwdD4=", `scheme "data"`},
		{"ftp://example.com/file", `scheme "ftp"`},
		{"//example.com/x", "not absolute"},
		{"/local/path", "not absolute"},
		{"example.com", "not absolute"},
		{"https:example.com", "missing //"},
		{"https://user:pw@example.com/", "user information"},
		{"https://@example.com/", "user information"},
		{"https:///path", "no host"},
		{"https://:443/", "no host"},
		{"https://exa mple.com/", "space at byte 12"},
		{"https://example.com/\r\nSet-Cookie:x", "control character or space at byte 21"},
		{"https://example.com/%zz", "invalid URL escape"},
		{"https://bücher.example/", "non-ASCII host"},
		{"https://xn--bcher-kva.example/", ""},
	}
	for _, tt := range tests {
		u, err := ValidateDestination(tt.raw)
		if tt.wantErr == "" {
			if err != nil || u == nil {
				t.Errorf("ValidateDestination(%q) = %v, want valid", tt.raw, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ValidateDestination(%q) = %v, want error containing %q", tt.raw, err, tt.wantErr)
		}
		if err != nil && !errors.Is(err, ErrInvalidDestination) {
			t.Errorf("ValidateDestination(%q): error does not wrap ErrInvalidDestination", tt.raw)
		}
	}
}

func TestRedirectLocation(t *testing.T) {
	utm := UTM{Source: "instagram", Medium: "influencer", Campaign: "spring-glow", Content: UTMContent("@maya_fit", "hookA")}
	const cid = "AbC-12_xyzAbC-12_xyzAb"
	tests := []struct {
		name string
		dest string
		utm  UTM
		want string
	}{
		{"bare host", "https://shop.example.com", utm,
			"https://shop.example.com?utm_source=instagram&utm_medium=influencer&utm_campaign=spring-glow&utm_content=maya_fit-hookA&chorus_cid=" + cid},
		{"path, query and fragment kept", "https://shop.example.com/p/serum?size=30ml&ref=a%20b#reviews", utm,
			"https://shop.example.com/p/serum?size=30ml&ref=a%20b&utm_source=instagram&utm_medium=influencer&utm_campaign=spring-glow&utm_content=maya_fit-hookA&chorus_cid=" + cid + "#reviews"},
		{"destination utm wins", "https://shop.example.com/?utm_campaign=SPRING26&utm_source=ig", utm,
			"https://shop.example.com/?utm_campaign=SPRING26&utm_source=ig&utm_medium=influencer&utm_content=maya_fit-hookA&chorus_cid=" + cid},
		{"escaped utm key on destination still wins", "https://shop.example.com/?utm%5Fmedium=paid", UTM{Medium: "influencer"},
			"https://shop.example.com/?utm%5Fmedium=paid&chorus_cid=" + cid},
		{"stale click id dropped", "https://shop.example.com/?chorus_cid=OLD&a=1", UTM{},
			"https://shop.example.com/?a=1&chorus_cid=" + cid},
		{"empty utm fields skipped", "https://shop.example.com/x", UTM{Source: "tiktok"},
			"https://shop.example.com/x?utm_source=tiktok&chorus_cid=" + cid},
		{"utm values escaped", "https://shop.example.com/", UTM{Campaign: "Spring & Summer/26"},
			"https://shop.example.com/?utm_campaign=Spring+%26+Summer%2F26&chorus_cid=" + cid},
		{"empty query and pairs", "https://shop.example.com/?&&", UTM{},
			"https://shop.example.com/?chorus_cid=" + cid},
		{"valueless parameter kept", "https://shop.example.com/?preview", UTM{},
			"https://shop.example.com/?preview&chorus_cid=" + cid},
		{"escaped path kept", "https://shop.example.com/a%2Fb/c", UTM{},
			"https://shop.example.com/a%2Fb/c?chorus_cid=" + cid},
		{"non-ASCII path, query and fragment encoded", "https://shop.example.com/café?q=crème&x=%C3%A9#résumé", UTM{},
			"https://shop.example.com/caf%C3%A9?q=cr%C3%A8me&x=%C3%A9&chorus_cid=" + cid + "#r%C3%A9sum%C3%A9"},
		{"fragment only", "https://shop.example.com/#top", UTM{},
			"https://shop.example.com/?chorus_cid=" + cid + "#top"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewRedirect(tt.dest, tt.utm)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Location(cid); got != tt.want {
				t.Errorf("Location:\n got %s\nwant %s", got, tt.want)
			}
			if got := string(r.AppendLocation([]byte("x"), cid)); got != "x"+tt.want {
				t.Errorf("AppendLocation:\n got %s\nwant x%s", got, tt.want)
			}
		})
	}
}

func TestRedirectRejectsBadDestination(t *testing.T) {
	if _, err := NewRedirect("javascript:alert(1)", UTM{}); !errors.Is(err, ErrInvalidDestination) {
		t.Errorf("NewRedirect(javascript:) = %v, want ErrInvalidDestination", err)
	}
}

func TestRedirectEscapesOddClickID(t *testing.T) {
	r, err := NewRedirect("https://a.example/", UTM{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.Location("a&b#c"), "https://a.example/?chorus_cid=a%26b%23c"; got != want {
		t.Errorf("Location = %s, want %s", got, want)
	}
}

func TestUTMContent(t *testing.T) {
	tests := []struct{ handle, variant, want string }{
		{"maya_fit", "hookA", "maya_fit-hookA"},
		{"@maya_fit", "", "maya_fit"},
		{" maya_fit ", " offer15 ", "maya_fit-offer15"},
	}
	for _, tt := range tests {
		if got := UTMContent(tt.handle, tt.variant); got != tt.want {
			t.Errorf("UTMContent(%q, %q) = %q, want %q", tt.handle, tt.variant, got, tt.want)
		}
	}
}

func BenchmarkRedirectLocation(b *testing.B) {
	r, err := NewRedirect("https://shop.example.com/p/serum?size=30ml#reviews",
		UTM{Source: "instagram", Medium: "influencer", Campaign: "spring-glow", Content: "maya_fit-hookA"})
	if err != nil {
		b.Fatal(err)
	}
	cid := NewClickID()
	b.Run("string", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = r.Location(cid)
		}
	})
	b.Run("append", func(b *testing.B) {
		b.ReportAllocs()
		buf := make([]byte, 0, 256)
		for b.Loop() {
			buf = r.AppendLocation(buf[:0], cid)
		}
	})
}

func BenchmarkNewRedirect(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewRedirect("https://shop.example.com/p/serum?size=30ml#reviews",
			UTM{Source: "instagram", Medium: "influencer", Campaign: "spring-glow", Content: "maya_fit-hookA"}); err != nil {
			b.Fatal(err)
		}
	}
}
