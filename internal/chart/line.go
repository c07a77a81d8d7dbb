package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"time"
)

// Point is one value at one time.
type Point struct {
	T time.Time
	V float64
}

// Series is one line.
type Series struct {
	Name   string
	Points []Point // in time order
}

// Line is a time series chart of one or more series.
type Line struct {
	ID, Title, Desc string // Desc empty: a summary is written
	Series          []Series
	Unit            Unit
	Width, Height   int
}

// SVG draws the chart.
func (l Line) SVG() template.HTML {
	var from, to time.Time
	lo, hi := math.Inf(1), math.Inf(-1)
	n := 0
	for _, s := range l.Series {
		for _, p := range s.Points {
			if n == 0 || p.T.Before(from) {
				from = p.T
			}
			if n == 0 || p.T.After(to) {
				to = p.T
			}
			lo, hi = math.Min(lo, p.V), math.Max(hi, p.V)
			n++
		}
	}
	if n == 0 {
		return empty("line", l.ID, l.Title, l.Width, l.Height)
	}
	lo = math.Min(lo, 0) // lines start at zero too, so slopes are not exaggerated
	desc := l.Desc
	if desc == "" {
		desc = fmt.Sprintf("Line chart of %s from %s to %s; values from %s to %s.", seriesNames(l.Series),
			from.Format("2 Jan 2006"), to.Format("2 Jan 2006"), l.Unit.Value(lo), l.Unit.Value(hi))
	}
	c := newCanvas("line", l.ID, l.Title, desc, l.Width, l.Height)
	left := valueTicksWidth(lo, hi, l.Unit)
	top, bottom, right := 24.0, float64(c.h-28), float64(c.w-12)
	names := make([]string, len(l.Series))
	for i, s := range l.Series {
		names[i] = s.Name
	}
	c.legend(names, left)
	ys := c.yAxis(lo, hi, l.Unit, left, top, bottom)
	xs := scale{float64(from.Unix()), float64(to.Unix()), left + 6, right - 6}
	if from.Equal(to) {
		xs = scale{float64(from.Unix()) - 1, float64(from.Unix()) + 1, left + 6, right - 6}
	}
	ticks := TimeTicks(from, to, max(2, int(right-left)/70))
	c.printf(`<g class="axis axis-x">`)
	for _, t := range ticks {
		x := xs.at(float64(t.Unix()))
		c.printf(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#999"/>`, x, bottom, x, bottom+4)
		c.text(x, bottom+16, "middle", timeLabel(t, ticks), 0)
	}
	c.printf(`</g>`)
	for i, s := range l.Series {
		if len(s.Points) == 0 {
			continue
		}
		var path strings.Builder
		for k, p := range s.Points {
			cmd := "L"
			if k == 0 {
				cmd = "M"
			}
			fmt.Fprintf(&path, "%s%.1f %.1f", cmd, xs.at(float64(p.T.Unix())), ys.at(p.V))
		}
		c.printf(`<g class="series series-%d"><path d="%s" fill="none" stroke="%s" stroke-width="2"/>`, i, path.String(), color(i))
		for _, p := range s.Points {
			c.printf(`<circle cx="%.1f" cy="%.1f" r="3" fill="%s"><title>%s</title></circle>`,
				xs.at(float64(p.T.Unix())), ys.at(p.V), color(i),
				esc(pointTitle(s.Name, p.T.Format("2 Jan 2006"), l.Unit.Value(p.V))))
		}
		c.printf(`</g>`)
	}
	return c.done()
}

func pointTitle(series, at, value string) string {
	if series == "" {
		return at + ": " + value
	}
	return series + ", " + at + ": " + value
}

func seriesNames(ss []Series) string {
	if len(ss) == 1 {
		if ss[0].Name == "" {
			return "one series"
		}
		return ss[0].Name
	}
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = s.Name
	}
	return fmt.Sprintf("%d series (%s)", len(ss), strings.Join(names, ", "))
}
