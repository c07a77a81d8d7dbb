package experiment

import (
	"fmt"
	"math"
	"strconv"
)

// percent shows a probability without ever rounding it up past a threshold:
// 0.9497 reads "94%", not "95%".
func percent(p float64) string {
	switch {
	case p > 0.999:
		return "over 99.9%"
	case p >= 0.99:
		return strconv.FormatFloat(math.Floor(p*1000)/10, 'f', 1, 64) + "%"
	}
	return fmt.Sprintf("%d%%", int(math.Floor(p*100)))
}

// sig2 prints x with two significant digits and no exponent; below
// 0.0001 it says so rather than print a row of zeros.
func sig2(x float64) string {
	switch {
	case x == 0:
		return "0"
	case math.Abs(x) < 1e-4:
		return "under 0.0001"
	}
	d := max(1-int(math.Floor(math.Log10(math.Abs(x)))), 0)
	return strconv.FormatFloat(x, 'f', d, 64)
}

// roundUp2 rounds n up to two significant digits, since sample size advice is
// an order of magnitude, not a count.
func roundUp2(n int64) int64 {
	if n < 100 {
		return n
	}
	p := int64(1)
	for n/p >= 100 {
		p *= 10
	}
	return (n + p - 1) / p * p
}

// thousands writes n with comma separators: 12,000.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}
