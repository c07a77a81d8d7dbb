package tracking

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Discount code shape: a name part of 3 to maxCodeName letters, so codes
// stay easy to read aloud in a video and to type on a phone.
const (
	maxCodeName = 10
	minCodeName = 3
	maxCodeLen  = 32 // what Shopify and WooCommerce accept without fuss is far longer; ours stay short
)

// ErrCodeTaken is returned by NewDiscountCode when every variant it tries
// is already in use.
var ErrCodeTaken = errors.New("discount code taken")

// NewDiscountCode makes a creator's discount code from their handle and
// offer: "maya_fit" with 15 gives "MAYA15". The name part is the handle's
// first run of letters ("maya" of "maya_fit"), or all its letters when that
// run is shorter than 3 ("jo_smith" gives "JOSMITH"), uppercased, accents
// removed ("zoë" gives "ZOE"), at most 10 letters; a handle without letters
// gives "CODE". A positive offer is appended.
//
// exists reports whether a (normalised) code is already in use. When the
// code is taken a letter is appended (MAYA15B ... MAYA15Z; a letter rather
// than a digit so that 15 still reads as the offer), then "-2" to "-99".
func NewDiscountCode(handle string, offer int, exists func(code string) (bool, error)) (string, error) {
	if offer < 0 {
		return "", fmt.Errorf("discount code for %q: negative offer %d", handle, offer)
	}
	base := codeName(handle)
	if offer > 0 {
		base += strconv.Itoa(offer)
	}
	if len(base)+3 > maxCodeLen {
		return "", fmt.Errorf("discount code for %q: offer %d too long", handle, offer)
	}
	try := func(code string) (bool, error) {
		taken, err := exists(code)
		if err != nil {
			return false, fmt.Errorf("discount code %s: %w", code, err)
		}
		return !taken, nil
	}
	candidates := func(yield func(string) bool) {
		if !yield(base) {
			return
		}
		for c := 'B'; c <= 'Z'; c++ {
			if !yield(base + string(c)) {
				return
			}
		}
		for n := 2; n <= 99; n++ {
			if !yield(base + "-" + strconv.Itoa(n)) {
				return
			}
		}
	}
	for code := range candidates {
		free, err := try(code)
		if err != nil {
			return "", err
		}
		if free {
			return code, nil
		}
	}
	return "", fmt.Errorf("%w: %s and its 123 variants are all in use", ErrCodeTaken, base)
}

func codeName(handle string) string {
	var runs [][]rune
	var cur []rune
	// NFKD splits "ë" into "e" and a combining mark, which is then dropped
	// with every other non-letter.
	for _, r := range norm.NFKD.String(handle) {
		if r < unicode.MaxASCII && unicode.IsLetter(r) {
			cur = append(cur, unicode.ToUpper(r))
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			continue // a mark belongs to the letter before it
		}
		if len(cur) > 0 {
			runs = append(runs, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		runs = append(runs, cur)
	}
	var name []rune
	switch {
	case len(runs) == 0:
		return "CODE"
	case len(runs[0]) >= minCodeName:
		name = runs[0]
	default:
		for _, r := range runs {
			name = append(name, r...)
		}
	}
	if len(name) > maxCodeName {
		name = name[:maxCodeName]
	}
	return string(name)
}

// NormalizeCode returns the form of a discount code used for storing and
// matching: codes are case-insensitive and people paste them with stray
// spaces, so " maya15 " matches "MAYA15". Inner hyphens are kept, since
// MAYA15-2 and MAYA152 are different codes.
func NormalizeCode(code string) string {
	return strings.ToUpper(strings.TrimSpace(norm.NFKC.String(code)))
}
