package tracking

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// ClickIDParam is the query parameter carrying the click id to the
// destination, where the brand's site or its order webhook hands it back.
const ClickIDParam = "chorus_cid"

// UTM holds the campaign parameters added to a destination. Empty fields
// are not added.
type UTM struct {
	Source   string // platform, e.g. "instagram"
	Medium   string // "influencer"
	Campaign string // campaign slug
	Content  string // see UTMContent
}

// UTMContent joins a creator handle and a variant the way reports expect
// them in utm_content: "maya_fit-hookA". A leading '@' is dropped; an empty
// variant gives just the handle.
func UTMContent(handle, variant string) string {
	handle = strings.TrimPrefix(strings.TrimSpace(handle), "@")
	variant = strings.TrimSpace(variant)
	if variant == "" {
		return handle
	}
	return handle + "-" + variant
}

// Redirect is a link's destination with everything but the click id
// already in place, so a click costs one string concatenation.
//
// Parameters already on the destination are kept byte for byte and in
// order. When the destination already has a utm_* parameter, the
// destination's value wins and ours is not added: a brand that set
// utm_campaign itself did so to match its own analytics naming, and
// overwriting it would silently split its reports, while Chorus's own
// attribution does not depend on UTMs (it uses the click id). A chorus_cid
// already on the destination is dropped, since a stale click id would
// credit the wrong click. The fragment stays last, where browsers expect it.
type Redirect struct {
	prefix string // everything up to and including "chorus_cid="
	suffix string // "#fragment" or ""
}

// NewRedirect validates destination and prepares its redirect.
func NewRedirect(destination string, utm UTM) (Redirect, error) {
	u, err := ValidateDestination(destination)
	if err != nil {
		return Redirect{}, err
	}
	// Rebuild from the parsed parts rather than string surgery on the raw
	// input, but keep the raw query and fragment as written.
	frag := u.EscapedFragment()
	rawQuery := u.RawQuery
	u.RawQuery, u.Fragment, u.RawFragment, u.ForceQuery = "", "", "", false

	var b strings.Builder
	b.Grow(len(destination) + 160)
	b.WriteString(u.String())
	b.WriteByte('?')
	have := map[string]bool{}
	n := 0
	for pair := range strings.SplitSeq(rawQuery, "&") {
		if pair == "" {
			continue
		}
		key, _, _ := strings.Cut(pair, "=")
		if k, err := url.QueryUnescape(key); err == nil {
			key = k
		}
		if key == ClickIDParam {
			continue
		}
		have[key] = true
		if n > 0 {
			b.WriteByte('&')
		}
		writeASCII(&b, pair)
		n++
	}
	for _, p := range [...]struct{ key, value string }{
		{"utm_source", utm.Source},
		{"utm_medium", utm.Medium},
		{"utm_campaign", utm.Campaign},
		{"utm_content", utm.Content},
	} {
		if p.value == "" || have[p.key] {
			continue
		}
		if n > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.key)
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(p.value))
		n++
	}
	if n > 0 {
		b.WriteByte('&')
	}
	b.WriteString(ClickIDParam)
	b.WriteByte('=')
	r := Redirect{prefix: b.String()}
	if frag != "" {
		r.suffix = "#" + frag
	}
	if len(r.prefix)+len(r.suffix)+ClickIDLen > 2*MaxDestinationLen {
		return Redirect{}, fmt.Errorf("%w: %d bytes with tracking parameters", ErrInvalidDestination, len(r.prefix)+len(r.suffix))
	}
	return r, nil
}

// Location returns the Location header value for one click. clickID is
// query-escaped, which costs nothing for ids from NewClickID.
func (r Redirect) Location(clickID string) string {
	return r.prefix + url.QueryEscape(clickID) + r.suffix
}

// AppendLocation appends the Location for clickID to dst, for callers that
// reuse a buffer.
func (r Redirect) AppendLocation(dst []byte, clickID string) []byte {
	dst = append(dst, r.prefix...)
	dst = append(dst, url.QueryEscape(clickID)...)
	return append(dst, r.suffix...)
}

// String returns the location with an empty click id, for display and logs.
func (r Redirect) String() string { return r.prefix + r.suffix }

// writeASCII writes s percent-encoding only its non-ASCII bytes: a query
// pasted from a browser's address bar may hold raw UTF-8, which a Location
// header must not, while everything else in it is kept exactly as written.
func writeASCII(b *strings.Builder, s string) {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		} else {
			b.WriteByte(c)
		}
	}
}
