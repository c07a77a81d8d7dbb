package attribution

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// FirstTouch gives each path's conversions and value to its first touch.
func FirstTouch(paths []Path) []Credit {
	l := newLedger(paths)
	for i := range paths {
		p := &paths[i]
		if len(p.Touches) > 0 {
			l.give(p.Touches[0].Channel, p, 1)
		}
	}
	return l.credits()
}

// LastTouch gives each path's conversions and value to its last touch.
func LastTouch(paths []Path) []Credit {
	l := newLedger(paths)
	for i := range paths {
		p := &paths[i]
		if n := len(p.Touches); n > 0 {
			l.give(p.Touches[n-1].Channel, p, 1)
		}
	}
	return l.credits()
}

// Linear gives every touch of a path an equal share; a channel touched twice
// gets two shares.
func Linear(paths []Path) []Credit {
	l := newLedger(paths)
	for i := range paths {
		p := &paths[i]
		n := float64(len(p.Touches))
		for _, t := range p.Touches {
			l.give(t.Channel, p, 1/n)
		}
	}
	return l.credits()
}

// PositionBased gives 40% to the first touch, 40% to the last and splits 20%
// evenly over the touches between. A path of one touch gives it everything and
// a path of two gives each half, as Google Analytics did: there is no middle
// to hand the 20% to.
func PositionBased(paths []Path) []Credit {
	l := newLedger(paths)
	for i := range paths {
		p := &paths[i]
		n := len(p.Touches)
		switch n {
		case 0:
		case 1:
			l.give(p.Touches[0].Channel, p, 1)
		case 2:
			l.give(p.Touches[0].Channel, p, 0.5)
			l.give(p.Touches[1].Channel, p, 0.5)
		default:
			l.give(p.Touches[0].Channel, p, 0.4)
			l.give(p.Touches[n-1].Channel, p, 0.4)
			mid := 0.2 / float64(n-2)
			for _, t := range p.Touches[1 : n-1] {
				l.give(t.Channel, p, mid)
			}
		}
	}
	return l.credits()
}

// DefaultHalfLife is the time-decay half-life used when none is given.
const DefaultHalfLife = 7 * 24 * time.Hour

// ErrNoTimes is returned by TimeDecay for a converting path whose touches or
// conversion carry no time, as in the aggregated path CSV.
var ErrNoTimes = errors.New("time-decay needs the time of every touch and conversion")

// TimeDecay weights each touch of a converting path by 2^(-d/halfLife), where
// d is the time from the touch to the conversion, and gives each touch its
// weight's share of the path. Touches after the conversion are an error: the
// caller cut the path wrongly.
func TimeDecay(paths []Path, halfLife time.Duration) ([]Credit, error) {
	if halfLife <= 0 {
		return nil, fmt.Errorf("time-decay half-life %v: must be positive", halfLife)
	}
	l := newLedger(paths)
	w := []float64{}
	for i := range paths {
		p := &paths[i]
		if p.Conversions == 0 && p.Value == 0 || len(p.Touches) == 0 {
			continue
		}
		if p.ConvertedAt.IsZero() {
			return nil, fmt.Errorf("path %d: %w", i+1, ErrNoTimes)
		}
		// Weigh relative to the touch nearest the conversion: the factor
		// 2^(dmin/halfLife) cancels in w/sum and keeps the largest weight at
		// 1, so old touches cannot underflow the whole path to 0/0.
		var dmin time.Duration = math.MaxInt64
		for j, t := range p.Touches {
			if t.At.IsZero() {
				return nil, fmt.Errorf("path %d touch %d (%s): %w", i+1, j+1, t.Channel, ErrNoTimes)
			}
			d := p.ConvertedAt.Sub(t.At)
			if d < 0 {
				return nil, fmt.Errorf("path %d touch %d (%s): at %s, after the conversion at %s",
					i+1, j+1, t.Channel, t.At.Format(time.RFC3339), p.ConvertedAt.Format(time.RFC3339))
			}
			dmin = min(dmin, d)
		}
		w = w[:0]
		var sum float64
		for _, t := range p.Touches {
			d := p.ConvertedAt.Sub(t.At) - dmin
			// Divide in float64 seconds: dividing Durations would truncate
			// to whole half-lives.
			x := math.Exp2(-d.Seconds() / halfLife.Seconds())
			w = append(w, x)
			sum += x
		}
		for j, t := range p.Touches {
			l.give(t.Channel, p, w[j]/sum)
		}
	}
	return l.credits(), nil
}
