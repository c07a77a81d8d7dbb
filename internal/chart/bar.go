package chart

import (
	"fmt"
	"html/template"
	"math"
	"unicode/utf8"
)

// Bar is one labelled value.
type Bar struct {
	Label string
	Value float64
}

// Bars is a bar chart, vertical unless Horizontal. Each bar shows its value.
type Bars struct {
	ID, Title, Desc string
	Bars            []Bar
	Horizontal      bool
	Unit            Unit
	Width, Height   int // Height 0 with Horizontal: 28 pixels a bar
}

// SVG draws the chart.
func (bc Bars) SVG() template.HTML {
	if len(bc.Bars) == 0 {
		return empty("bars", bc.ID, bc.Title, bc.Width, bc.Height)
	}
	lo, hi := 0.0, 0.0
	for _, b := range bc.Bars {
		lo, hi = math.Min(lo, b.Value), math.Max(hi, b.Value)
	}
	desc := bc.Desc
	if desc == "" {
		desc = fmt.Sprintf("Bar chart of %d values from %s to %s.", len(bc.Bars), bc.Unit.Value(lo), bc.Unit.Value(hi))
	}
	if bc.Horizontal {
		return bc.horizontal(lo, hi, desc)
	}
	c := newCanvas("bars", bc.ID, bc.Title, desc, bc.Width, bc.Height)
	left := valueTicksWidth(lo, hi, bc.Unit)
	top, bottom, right := 20.0, float64(c.h-24), float64(c.w-8)
	ys := c.yAxis(lo, hi, bc.Unit, left, top, bottom)
	slot := (right - left) / float64(len(bc.Bars))
	c.printf(`<g class="bars">`)
	for i, b := range bc.Bars {
		x := left + float64(i)*slot + slot*0.15
		y0, y1 := ys.at(math.Max(b.Value, 0)), ys.at(math.Min(b.Value, 0))
		c.printf(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s</title></rect>`,
			x, y0, slot*0.7, y1-y0, color(0), esc(b.Label+": "+bc.Unit.Value(b.Value)))
		c.text(x+slot*0.35, y0-4, "middle", bc.Unit.Value(b.Value), 0)
		c.text(x+slot*0.35, bottom+16, "middle", b.Label, int(slot/charWidth))
	}
	c.printf(`</g>`)
	return c.done()
}

func (bc Bars) horizontal(lo, hi float64, desc string) template.HTML {
	const rowH = 28
	h := bc.Height
	if h <= 0 {
		h = len(bc.Bars)*rowH + 28
	}
	w := bc.Width
	if w <= 0 {
		w = defaultWidth
	}
	longest := 0
	for _, b := range bc.Bars {
		longest = max(longest, utf8.RuneCountInString(b.Label))
	}
	labelChars := min(longest, w/3/charWidth)
	c := newCanvas("bars", bc.ID, bc.Title, desc, w, h)
	left := float64(labelChars*charWidth + 12)
	valueRoom := 0
	for _, b := range bc.Bars {
		valueRoom = max(valueRoom, utf8.RuneCountInString(bc.Unit.Value(b.Value)))
	}
	right := float64(c.w - valueRoom*charWidth - 12)
	xs := scale{lo, hi, left, right}
	if lo == hi {
		xs.hi = lo + 1
	}
	row := float64(c.h-8) / float64(len(bc.Bars))
	c.printf(`<g class="bars">`)
	for i, b := range bc.Bars {
		y := 4 + float64(i)*row
		x0, x1 := xs.at(math.Min(b.Value, 0)), xs.at(math.Max(b.Value, 0))
		c.text(left-6, y+row/2+4, "end", b.Label, labelChars)
		c.printf(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s</title></rect>`,
			x0, y+row*0.15, x1-x0, row*0.7, color(0), esc(b.Label+": "+bc.Unit.Value(b.Value)))
		c.text(x1+4, y+row/2+4, "start", bc.Unit.Value(b.Value), 0)
	}
	c.printf(`</g>`)
	return c.done()
}
