package tracking

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// MaxDestinationLen is the longest destination accepted. Browsers cope with
// far longer URLs, but 2048 is what every proxy and analytics tool keeps
// intact, and the redirect adds about 150 bytes of parameters.
const MaxDestinationLen = 2048

// ErrInvalidDestination is wrapped by every error ValidateDestination returns.
var ErrInvalidDestination = errors.New("invalid destination")

// ValidateDestination parses raw and reports whether a tracked link may
// redirect to it: an absolute http or https URL with a host, no user
// information, no control characters or spaces, an ASCII host, at most
// MaxDestinationLen bytes. javascript:, data: and every other scheme are refused, since a
// redirect to them runs code on our origin's behalf or smuggles content.
func ValidateDestination(raw string) (*url.URL, error) {
	if raw == "" {
		return nil, fmt.Errorf("%w: empty", ErrInvalidDestination)
	}
	if len(raw) > MaxDestinationLen {
		return nil, fmt.Errorf("%w: %d bytes, at most %d allowed", ErrInvalidDestination, len(raw), MaxDestinationLen)
	}
	for i := 0; i < len(raw); i++ {
		// url.Parse tolerates some of these; a Location header must not carry them.
		if c := raw[i]; c <= ' ' || c == 0x7f {
			return nil, fmt.Errorf("%w: control character or space at byte %d", ErrInvalidDestination, i+1)
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidDestination, err)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	case "":
		return nil, fmt.Errorf("%w %q: not absolute; start with https://", ErrInvalidDestination, raw)
	default:
		return nil, fmt.Errorf("%w %q: scheme %q, only http and https allowed", ErrInvalidDestination, raw, u.Scheme)
	}
	if u.Opaque != "" {
		return nil, fmt.Errorf("%w %q: missing // after the scheme", ErrInvalidDestination, raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("%w %q: user information (user@host) not allowed", ErrInvalidDestination, raw)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("%w %q: no host", ErrInvalidDestination, raw)
	}
	for i := 0; i < len(u.Host); i++ {
		if u.Host[i] >= utf8.RuneSelf {
			return nil, fmt.Errorf("%w %q: non-ASCII host; use its xn-- (punycode) form", ErrInvalidDestination, raw)
		}
	}
	if strings.Contains(u.Hostname(), "\\") {
		return nil, fmt.Errorf("%w %q: backslash in host", ErrInvalidDestination, raw)
	}
	return u, nil
}
