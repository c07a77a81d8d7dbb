package tracking

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/oschwald/maxminddb-golang/v2"
)

// GeoIP looks up countries in a MaxMind DB file (GeoLite2-Country,
// GeoIP2-City, DB-IP's free country database, ...) that the operator
// supplies; Chorus ships none, since their licences forbid redistribution.
//
// A nil *GeoIP is valid and knows no countries, so callers need no branch
// for "GeoIP not configured".
type GeoIP struct {
	r *maxminddb.Reader
}

// OpenGeoIP opens the database at path. The file is memory-mapped; Close
// releases it.
func OpenGeoIP(path string) (*GeoIP, error) {
	if path == "" {
		return nil, errors.New("open geoip: no path given")
	}
	r, err := maxminddb.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open geoip %s: %w", path, err)
	}
	return &GeoIP{r: r}, nil
}

// Country returns the ISO 3166-1 alpha-2 code of the country where ip is
// located, falling back to the country where its network is registered
// (anycast and satellite ranges have only that), or "" when the database
// does not know or g is nil.
func (g *GeoIP) Country(ip netip.Addr) (string, error) {
	if g == nil || !ip.IsValid() {
		return "", nil
	}
	ip = ip.Unmap().WithZone("")
	if ip.Is6() && g.r.Metadata.IPVersion == 4 {
		return "", nil // an IPv4-only database cannot know
	}
	res := g.r.Lookup(ip)
	if !res.Found() {
		if err := res.Err(); err != nil {
			return "", fmt.Errorf("geoip lookup %s: %w", ip, err)
		}
		return "", nil
	}
	var code string
	if err := res.DecodePath(&code, "country", "iso_code"); err != nil {
		return "", fmt.Errorf("geoip decode %s: %w", ip, err)
	}
	if code == "" {
		if err := res.DecodePath(&code, "registered_country", "iso_code"); err != nil {
			return "", fmt.Errorf("geoip decode %s: %w", ip, err)
		}
	}
	return code, nil
}

// Close releases the database; it is safe on a nil GeoIP.
func (g *GeoIP) Close() error {
	if g == nil {
		return nil
	}
	return g.r.Close()
}
