package conversions

import (
	"fmt"
	"strings"
)

// Region is where an order ships: an ISO 3166-1 alpha-2 country code,
// optionally followed by "-" and the shop's province or state code
// ("US", "US-CA", "DE-BY"). Holdout tests compare regions, so one spelling
// per region matters more than keeping what the shop sent.
//
// MakeRegion builds it from a country and a province code as shops send
// them; an empty or malformed country gives "" (unknown), a malformed
// province is dropped and the country kept.
func MakeRegion(country, province string) string {
	c := strings.ToUpper(strings.TrimSpace(country))
	if !isCode(c, 2, 2) || !isLetters(c) {
		return ""
	}
	p := strings.ToUpper(strings.TrimSpace(province))
	// Some shops send the province with its country prefix already.
	p = strings.TrimPrefix(p, c+"-")
	if !isCode(p, 1, 3) {
		return c
	}
	return c + "-" + p
}

// ParseRegion checks a region given by an API caller: "US" or "US-CA".
func ParseRegion(s string) (string, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" {
		return "", nil
	}
	country, province, _ := strings.Cut(s, "-")
	r := MakeRegion(country, province)
	if r != s {
		return "", fmt.Errorf("%q is not a region such as \"US\" or \"US-CA\" (ISO country code, optional province code)", s)
	}
	return r, nil
}

// RegionCountry is the country part of a region.
func RegionCountry(region string) string {
	c, _, _ := strings.Cut(region, "-")
	return c
}

func isCode(s string, lo, hi int) bool {
	if len(s) < lo || len(s) > hi {
		return false
	}
	for _, r := range s {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

func isLetters(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}
