package chart

import (
	"math"
	"time"
)

// niceNum returns a number of the form 1, 2, 5 or 10 times a power of ten
// close to x: rounded to the nearest when round, else the smallest not below
// x. From Heckbert, "Nice numbers for graph labels", Graphics Gems (1990).
func niceNum(x float64, round bool) float64 {
	exp := math.Floor(math.Log10(x))
	f := x / math.Pow(10, exp)
	var nf float64
	if round {
		switch {
		case f < 1.5:
			nf = 1
		case f < 3:
			nf = 2
		case f < 7:
			nf = 5
		default:
			nf = 10
		}
	} else {
		switch {
		case f <= 1:
			nf = 1
		case f <= 2:
			nf = 2
		case f <= 5:
			nf = 5
		default:
			nf = 10
		}
	}
	return nf * math.Pow(10, exp)
}

// Ticks returns about n evenly spaced round values covering [lo, hi], the
// first at or below lo and the last at or above hi, and their step. An empty
// or degenerate range is widened to include zero and one.
func Ticks(lo, hi float64, n int) (ticks []float64, step float64) {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		lo, hi = 0, 1
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	if hi == lo {
		lo, hi = min(lo, 0), max(hi, 0)
		if hi == lo {
			hi = lo + 1
		}
	}
	n = max(n, 2)
	step = niceNum(niceNum(hi-lo, false)/float64(n-1), true)
	first := math.Floor(lo/step) * step
	count := int(math.Round((math.Ceil(hi/step)*step - first) / step))
	dec := decimalsFor(step)
	for k := 0; k <= count; k++ {
		ticks = append(ticks, roundTo(first+float64(k)*step, dec))
	}
	return ticks, step
}

// decimalsFor is how many decimals show a multiple of step exactly.
func decimalsFor(step float64) int {
	if step <= 0 || step >= 1 {
		return 0
	}
	return int(math.Ceil(-math.Log10(step) - 1e-9))
}

func roundTo(v float64, dec int) float64 {
	p := math.Pow(10, float64(dec))
	r := math.Round(v*p) / p
	if r == 0 {
		return 0 // no "-0"
	}
	return r
}

// TimeTicks returns round dates between from and to for an x-axis: every
// day, every other day, every Monday, every other Monday, the first of every
// month or of every quarter, whichever is the finest that gives at most max
// ticks. Days are taken in from's location.
func TimeTicks(from, to time.Time, max int) []time.Time {
	if to.Before(from) {
		from, to = to, from
	}
	loc := from.Location()
	day := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, loc)
	if day.Before(from) {
		day = day.AddDate(0, 0, 1)
	}
	steps := []func(time.Time) []time.Time{
		func(t time.Time) []time.Time { return every(t, to, 0, 1) },
		func(t time.Time) []time.Time { return every(t, to, 0, 2) },
		func(t time.Time) []time.Time { return every(nextMonday(t), to, 0, 7) },
		func(t time.Time) []time.Time { return every(nextMonday(t), to, 0, 14) },
		func(t time.Time) []time.Time { return every(nextFirst(t, 1), to, 1, 0) },
		func(t time.Time) []time.Time { return every(nextFirst(t, 3), to, 3, 0) },
	}
	for _, s := range steps {
		if ts := s(day); len(ts) <= max {
			return ts
		}
	}
	// Longer than quarters allow: every year.
	return every(time.Date(from.Year()+1, 1, 1, 0, 0, 0, 0, loc), to, 12, 0)
}

func every(t, to time.Time, months, days int) []time.Time {
	var ts []time.Time
	for k := 0; ; k++ {
		v := t.AddDate(0, k*months, k*days)
		if v.After(to) {
			return ts
		}
		ts = append(ts, v)
	}
}

func nextMonday(t time.Time) time.Time {
	return t.AddDate(0, 0, (8-int(t.Weekday()))%7)
}

// nextFirst returns the first day of the next month at or after t whose
// month is 1 modulo every (every 3: January, April, July, October).
func nextFirst(t time.Time, every int) time.Time {
	f := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, t.Location())
	if f.Before(t) {
		f = f.AddDate(0, 1, 0)
	}
	for (int(f.Month())-1)%every != 0 {
		f = f.AddDate(0, 1, 0)
	}
	return f
}

// timeLabel formats a tick: "2 Jan" for days and weeks, "Jan 2026" for months.
func timeLabel(t time.Time, ticks []time.Time) string {
	if len(ticks) > 1 && ticks[1].Sub(ticks[0]) >= 28*24*time.Hour {
		return t.Format("Jan 2006")
	}
	return t.Format("2 Jan")
}
