package conversions

import (
	"net/url"
	"strings"
)

// ClickParam is the query parameter (and note attribute / meta key) the
// tracked redirect appends to the destination URL.
const ClickParam = "chorus_cid"

// ParseLanding reads the utm_* parameters and the chorus click id from a
// landing URL. Shops send either a full URL or just the path and query
// ("/products/x?utm_source=ig"); both work. A URL that does not parse gives
// empty results: it is attribution evidence, not something to fail on.
func ParseLanding(landing string) (UTM, string) {
	landing = strings.TrimSpace(landing)
	if landing == "" {
		return UTM{}, ""
	}
	u, err := url.Parse(landing)
	if err != nil {
		return UTM{}, ""
	}
	q := u.Query()
	utm := UTM{
		Source:   q.Get("utm_source"),
		Medium:   q.Get("utm_medium"),
		Campaign: q.Get("utm_campaign"),
		Term:     q.Get("utm_term"),
		Content:  q.Get("utm_content"),
	}
	return utm, q.Get(ClickParam)
}

// NormalizeCode upper-cases and trims a discount code so that "anna10 " on
// an order matches the issued "ANNA10".
func NormalizeCode(code string) string {
	return strings.ToUpper(strings.TrimSpace(code))
}
