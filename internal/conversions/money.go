package conversions

import (
	"fmt"
	"math"
	"strings"
)

// minorDigits lists the ISO 4217 currencies whose minor unit is not two
// digits. Everything else (USD, EUR, GBP, ...) uses two. Source: the ISO 4217
// list maintained by SIX (table A.1, column "Minor unit").
var minorDigits = map[string]int{
	// Zero decimals.
	"BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0,
	"KRW": 0, "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0,
	"XAF": 0, "XOF": 0, "XPF": 0,
	// Three decimals.
	"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
	// Four decimals (units of account).
	"CLF": 4, "UYW": 4,
}

// Exponent reports how many decimal digits the minor unit of currency has.
// The code must be three ASCII letters; case does not matter.
func Exponent(currency string) (int, error) {
	c, err := NormalizeCurrency(currency)
	if err != nil {
		return 0, err
	}
	if d, ok := minorDigits[c]; ok {
		return d, nil
	}
	return 2, nil
}

// NormalizeCurrency upper-cases an ISO 4217 code and checks its shape.
func NormalizeCurrency(currency string) (string, error) {
	if len(currency) != 3 {
		return "", fmt.Errorf("currency %q: want a three-letter ISO 4217 code", currency)
	}
	c := strings.ToUpper(currency)
	for i := 0; i < 3; i++ {
		if c[i] < 'A' || c[i] > 'Z' {
			return "", fmt.Errorf("currency %q: want a three-letter ISO 4217 code", currency)
		}
	}
	return c, nil
}

// ParseAmount converts a decimal string such as "199.99", "-10.00" or "1500"
// into minor units of currency. Digits beyond the currency's minor unit are
// accepted only when they are zeros ("1000.00" JPY is 1000 yen); anything
// else would need rounding, and money is never rounded silently.
func ParseAmount(s, currency string) (int64, error) {
	exp, err := Exponent(currency)
	if err != nil {
		return 0, err
	}
	return parseDecimal(s, exp)
}

func parseDecimal(s string, exp int) (int64, error) {
	in := s
	s = strings.TrimSpace(s)
	neg := false
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" {
		return 0, fmt.Errorf("amount %q: not a decimal number", in)
	}
	if whole == "" {
		whole = "0"
	}
	for _, part := range []string{whole, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return 0, fmt.Errorf("amount %q: not a decimal number", in)
			}
		}
	}
	if len(frac) > exp {
		if strings.Trim(frac[exp:], "0") != "" {
			return 0, fmt.Errorf("amount %q: more than %d decimal places", in, exp)
		}
		frac = frac[:exp]
	}
	frac += strings.Repeat("0", exp-len(frac))

	var v int64
	for _, c := range whole + frac {
		d := int64(c - '0')
		if v > (math.MaxInt64-d)/10 {
			return 0, fmt.Errorf("amount %q: too large", in)
		}
		v = v*10 + d
	}
	if neg {
		v = -v
	}
	return v, nil
}

// FormatAmount writes minor units back as a decimal string in the currency's
// exponent, the inverse of ParseAmount: FormatAmount(19999, "USD") is "199.99".
func FormatAmount(minor int64, currency string) (string, error) {
	exp, err := Exponent(currency)
	if err != nil {
		return "", err
	}
	sign := ""
	u := uint64(minor)
	if minor < 0 {
		sign, u = "-", uint64(-(minor+1))+1
	}
	digits := fmt.Sprintf("%0*d", exp+1, u)
	if exp == 0 {
		return sign + digits, nil
	}
	return sign + digits[:len(digits)-exp] + "." + digits[len(digits)-exp:], nil
}
