package tracking

import (
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeTestMMDB(t testing.TB) string {
	t.Helper()
	db := buildMMDB(t, 6, map[string][2]string{
		"203.0.113.0/24":  {"country", "AU"},
		"192.0.2.128/25":  {"country", "NZ"},
		"198.51.100.0/24": {"registered_country", "JP"}, // anycast: no located country
		"2001:db8::/32":   {"country", "DE"},
	})
	path := filepath.Join(t.TempDir(), "test.mmdb")
	if err := os.WriteFile(path, db, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestGeoIPCountry(t *testing.T) {
	g, err := OpenGeoIP(writeTestMMDB(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	tests := []struct {
		ip   string
		want string
	}{
		{"203.0.113.7", "AU"},
		{"203.0.113.255", "AU"},
		{"::ffff:203.0.113.7", "AU"},
		{"203.0.114.1", ""},
		{"192.0.2.200", "NZ"},
		{"192.0.2.127", ""}, // just below the /25
		{"198.51.100.1", "JP"},
		{"2001:db8:1234::5", "DE"},
		{"2001:db9::1", ""},
		{"8.8.8.8", ""},
	}
	for _, tt := range tests {
		got, err := g.Country(netip.MustParseAddr(tt.ip))
		if err != nil || got != tt.want {
			t.Errorf("Country(%s) = %q, %v; want %q", tt.ip, got, err, tt.want)
		}
	}
	if got, err := g.Country(netip.Addr{}); got != "" || err != nil {
		t.Errorf("Country(zero Addr) = %q, %v; want empty", got, err)
	}
}

func TestGeoIPv4OnlyDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v4.mmdb")
	if err := os.WriteFile(path, buildMMDB(t, 4, map[string][2]string{"203.0.113.0/24": {"country", "AU"}}), 0o600); err != nil {
		t.Fatal(err)
	}
	g, err := OpenGeoIP(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	for ip, want := range map[string]string{"203.0.113.9": "AU", "::ffff:203.0.113.9": "AU", "10.1.1.1": "", "2001:db8::1": ""} {
		if got, err := g.Country(netip.MustParseAddr(ip)); got != want || err != nil {
			t.Errorf("Country(%s) = %q, %v; want %q, nil", ip, got, err, want)
		}
	}
}

func TestGeoIPNil(t *testing.T) {
	var g *GeoIP
	if got, err := g.Country(netip.MustParseAddr("203.0.113.7")); got != "" || err != nil {
		t.Errorf("nil GeoIP: Country = %q, %v; want empty, nil", got, err)
	}
	if err := g.Close(); err != nil {
		t.Errorf("nil GeoIP: Close = %v", err)
	}
}

func TestOpenGeoIPErrors(t *testing.T) {
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.mmdb")
	if err := os.WriteFile(corrupt, []byte("this is not a MaxMind database"), 0o600); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(writeTestMMDB(t))
	if err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(dir, "truncated.mmdb")
	// Keep the metadata but cut the search tree short: node_count then
	// points past the data.
	if err := os.WriteFile(truncated, good[len(good)/2:], 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ path, want string }{
		{"", "no path"},
		{filepath.Join(dir, "missing.mmdb"), "missing.mmdb"},
		{corrupt, "corrupt.mmdb"},
		{truncated, "truncated.mmdb"},
	}
	for _, tt := range tests {
		g, err := OpenGeoIP(tt.path)
		if err == nil {
			g.Close()
			t.Errorf("OpenGeoIP(%q): want error", tt.path)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("OpenGeoIP(%q) = %v, want it to mention %q", tt.path, err, tt.want)
		}
	}
}

func BenchmarkGeoIPCountry(b *testing.B) {
	g, err := OpenGeoIP(writeTestMMDB(b))
	if err != nil {
		b.Fatal(err)
	}
	defer g.Close()
	ip := netip.MustParseAddr("203.0.113.7")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := g.Country(ip); err != nil {
			b.Fatal(err)
		}
	}
}
