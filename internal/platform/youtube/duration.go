package youtube

import (
	"fmt"
	"strconv"
	"time"
)

// ParseDuration reads the ISO 8601 durations videos.list returns in
// contentDetails.duration: "PT4M13S", "PT1H2M", "P1DT2H", "P0D". Years,
// months and weeks never occur for videos and are rejected.
func ParseDuration(s string) (time.Duration, error) {
	if len(s) < 2 || s[0] != 'P' {
		return 0, fmt.Errorf("duration %q: want ISO 8601 such as PT4M13S", s)
	}
	var total time.Duration
	inTime := false
	num := ""
	for i := 1; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= '0' && ch <= '9':
			num += string(ch)
			continue
		case ch == 'T' && !inTime && num == "":
			inTime = true
			continue
		}
		n, err := strconv.ParseInt(num, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("duration %q: bad number before %q", s, ch)
		}
		num = ""
		var unit time.Duration
		switch {
		case ch == 'D' && !inTime:
			unit = 24 * time.Hour
		case ch == 'H' && inTime:
			unit = time.Hour
		case ch == 'M' && inTime:
			unit = time.Minute
		case ch == 'S' && inTime:
			unit = time.Second
		default:
			return 0, fmt.Errorf("duration %q: unexpected %q", s, ch)
		}
		total += time.Duration(n) * unit
	}
	if num != "" {
		return 0, fmt.Errorf("duration %q: number without unit", s)
	}
	return total, nil
}
