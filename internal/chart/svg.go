// Package chart draws small SVG charts on the server for html/template pages:
// time series lines, bars, funnels and grouped bars with intervals. They need
// no JavaScript; every point and bar carries a <title> that browsers show as
// a tooltip and screen readers read, and each chart has a <title> and <desc>.
//
// Every label is escaped here, which is what makes returning template.HTML
// safe.
package chart

import (
	"fmt"
	"hash/fnv"
	"html/template"
	"strings"
	"unicode/utf8"
)

// Common settings of every chart.
const (
	defaultWidth  = 640
	defaultHeight = 240
	charWidth     = 7 // rough width of a 12px label character, for layout
	fontSize      = 12
)

// color returns the i-th series color: a palette that stays apart for the
// common kinds of color blindness (Okabe and Ito, 2008).
func color(i int) string {
	palette := [...]string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"}
	return palette[i%len(palette)]
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// canvas is an SVG document being written.
type canvas struct {
	b    strings.Builder
	w, h int
}

// newCanvas opens an SVG with its accessible name and description. id keeps
// the aria references unique on a page; empty derives one from the content.
func newCanvas(kind, id, title, desc string, w, h int) *canvas {
	if w <= 0 {
		w = defaultWidth
	}
	if h <= 0 {
		h = defaultHeight
	}
	if id == "" {
		f := fnv.New32a()
		fmt.Fprint(f, kind, title, desc)
		id = fmt.Sprintf("chart-%08x", f.Sum32())
	}
	c := &canvas{w: w, h: h}
	c.printf(`<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-%s" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-title %s-desc" font-family="sans-serif" font-size="%d">`,
		kind, w, h, w, h, esc(id), esc(id), fontSize)
	c.printf(`<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(id), esc(title), esc(id), esc(desc))
	return c
}

func (c *canvas) printf(format string, args ...any) { fmt.Fprintf(&c.b, format, args...) }

// text writes a label; s is escaped, and cut to fit max characters with the
// whole label kept in a <title>.
func (c *canvas) text(x, y float64, anchor, s string, maxChars int) {
	shown := s
	if maxChars > 0 && utf8.RuneCountInString(s) > maxChars {
		shown = string([]rune(s)[:max(maxChars-1, 0)]) + "…"
	}
	c.printf(`<text x="%.1f" y="%.1f" text-anchor="%s">`, x, y, anchor)
	if shown != s {
		c.printf(`<title>%s</title>`, esc(s))
	}
	c.printf(`%s</text>`, esc(shown))
}

func (c *canvas) done() template.HTML {
	c.b.WriteString(`</svg>`)
	return template.HTML(c.b.String()) // all text went through esc
}

// empty draws the accessible empty state.
func empty(kind, id, title string, w, h int) template.HTML {
	c := newCanvas(kind, id, title, "No data to show yet.", w, h)
	c.printf(`<text class="chart-empty" x="%d" y="%d" text-anchor="middle" fill="#666">No data yet</text>`, c.w/2, c.h/2)
	return c.done()
}

// legend writes the series names in a row at the top, when there are
// several to tell apart.
func (c *canvas) legend(names []string, x float64) {
	if len(names) < 2 {
		return
	}
	for i, n := range names {
		c.printf(`<g class="legend"><rect x="%.1f" y="4" width="10" height="10" fill="%s"/>`, x, color(i))
		c.text(x+14, 13, "start", n, 24)
		c.printf(`</g>`)
		x += 14 + float64(min(utf8.RuneCountInString(n), 24)*charWidth) + 16
	}
}

// scale maps values in [lo, hi] onto pixels [from, to].
type scale struct{ lo, hi, from, to float64 }

func (s scale) at(v float64) float64 {
	if s.hi == s.lo {
		return s.from
	}
	return s.from + (v-s.lo)/(s.hi-s.lo)*(s.to-s.from)
}

// yAxis draws horizontal grid lines and labels for ticks on the left, and
// returns the value scale.
func (c *canvas) yAxis(lo, hi float64, unit Unit, left, top, bottom float64) scale {
	ticks, step := Ticks(lo, hi, 5)
	s := scale{ticks[0], ticks[len(ticks)-1], bottom, top}
	c.printf(`<g class="axis axis-y">`)
	labels := unit.tickLabels(ticks, step)
	for i, t := range ticks {
		y := s.at(t)
		c.printf(`<line x1="%.1f" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>`, left, y, c.w-8, y)
		c.text(left-6, y+4, "end", labels[i], 0)
	}
	c.printf(`</g>`)
	return s
}

// valueTicksWidth is the room the widest y tick label needs.
func valueTicksWidth(lo, hi float64, unit Unit) float64 {
	ticks, step := Ticks(lo, hi, 5)
	w := 0
	for _, l := range unit.tickLabels(ticks, step) {
		w = max(w, utf8.RuneCountInString(l))
	}
	return float64(w*charWidth + 12)
}
