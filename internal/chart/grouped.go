package chart

import (
	"fmt"
	"html/template"
	"math"
)

// Estimate is a value with an interval around it, such as a mean with its
// 95% confidence interval. Low == High draws no interval.
type Estimate struct {
	Value, Low, High float64
}

// Group is one cluster of bars, one Estimate per series.
type Group struct {
	Label  string
	Values []Estimate
}

// Grouped is a grouped bar chart with error bars: tiers side by side, one bar
// per series (variant, model) in each.
type Grouped struct {
	ID, Title, Desc string
	Series          []string
	Groups          []Group
	Unit            Unit
	Width, Height   int
}

// SVG draws the chart.
func (g Grouped) SVG() template.HTML {
	lo, hi := 0.0, 0.0
	bars := 0
	for _, gr := range g.Groups {
		for _, e := range gr.Values {
			lo = math.Min(lo, math.Min(e.Value, e.Low))
			hi = math.Max(hi, math.Max(e.Value, e.High))
			bars++
		}
	}
	if bars == 0 {
		return empty("grouped", g.ID, g.Title, g.Width, g.Height)
	}
	desc := g.Desc
	if desc == "" {
		desc = fmt.Sprintf("Grouped bar chart of %d groups and %s, with intervals; values from %s to %s.",
			len(g.Groups), seriesCount(g.Series), g.Unit.Value(lo), g.Unit.Value(hi))
	}
	c := newCanvas("grouped", g.ID, g.Title, desc, g.Width, g.Height)
	left := valueTicksWidth(lo, hi, g.Unit)
	top, bottom, right := 24.0, float64(c.h-24), float64(c.w-8)
	c.legend(g.Series, left)
	ys := c.yAxis(lo, hi, g.Unit, left, top, bottom)
	slot := (right - left) / float64(len(g.Groups))
	for i, gr := range g.Groups {
		x0 := left + float64(i)*slot + slot*0.1
		bw := slot * 0.8 / float64(max(len(gr.Values), 1))
		c.printf(`<g class="group">`)
		for k, e := range gr.Values {
			x := x0 + float64(k)*bw
			y0, y1 := ys.at(math.Max(e.Value, 0)), ys.at(math.Min(e.Value, 0))
			title := gr.Label + ", " + name(g.Series, k) + ": " + g.Unit.Value(e.Value)
			if e.Low < e.High {
				title += " (interval " + g.Unit.Value(e.Low) + " to " + g.Unit.Value(e.High) + ")"
			}
			c.printf(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s</title></rect>`,
				x+1, y0, bw-2, y1-y0, color(k), esc(title))
			if e.Low < e.High {
				cx, yl, yh := x+bw/2, ys.at(e.Low), ys.at(e.High)
				c.printf(`<path class="interval" d="M%.1f %.1fV%.1fM%.1f %.1fH%.1fM%.1f %.1fH%.1f" stroke="#222" fill="none"/>`,
					cx, yl, yh, cx-4, yl, cx+4, cx-4, yh, cx+4)
			}
		}
		c.text(x0+slot*0.4, bottom+16, "middle", gr.Label, int(slot/charWidth))
		c.printf(`</g>`)
	}
	return c.done()
}

func name(series []string, k int) string {
	if k < len(series) {
		return series[k]
	}
	return fmt.Sprintf("series %d", k+1)
}

func seriesCount(series []string) string {
	if len(series) == 1 {
		return "1 series"
	}
	return fmt.Sprintf("%d series", len(series))
}
