package chart

import (
	"fmt"
	"html/template"
	"strings"
	"unicode/utf8"
)

// Step is one stage of a funnel: views, clicks, orders.
type Step struct {
	Label string
	Count int64
}

// Funnel draws stages as bars in proportion to the largest, with the
// conversion from each stage to the next between them.
type Funnel struct {
	ID, Title, Desc string
	Steps           []Step
	Width           int
}

// Conversion is the share of the previous step's count that reached this
// one: to/from, and false when from is not positive.
func Conversion(from, to int64) (float64, bool) {
	if from <= 0 {
		return 0, false
	}
	return float64(to) / float64(from), true
}

func conversionText(from, to int64) string {
	r, ok := Conversion(from, to)
	if !ok {
		return "n/a"
	}
	return Unit{Kind: Percent}.Value(r)
}

// SVG draws the funnel.
func (f Funnel) SVG() template.HTML {
	const rowH, gapH, minBar = 30, 22, 2
	h := len(f.Steps)*rowH + max(len(f.Steps)-1, 0)*gapH + 8
	if len(f.Steps) == 0 {
		return empty("funnel", f.ID, f.Title, f.Width, 0)
	}
	var top int64
	parts := make([]string, len(f.Steps))
	for i, s := range f.Steps {
		top = max(top, s.Count)
		parts[i] = fmt.Sprintf("%s %s", number(float64(s.Count), 0, false), s.Label)
		if i > 0 {
			parts[i] += " (" + conversionText(f.Steps[i-1].Count, s.Count) + ")"
		}
	}
	desc := f.Desc
	if desc == "" {
		desc = "Funnel: " + strings.Join(parts, ", then ") + "."
	}
	c := newCanvas("funnel", f.ID, f.Title, desc, f.Width, h)
	longest := 0
	for _, s := range f.Steps {
		longest = max(longest, utf8.RuneCountInString(s.Label))
	}
	labelChars := min(longest, c.w/4/charWidth)
	left := float64(labelChars*charWidth + 12)
	width := float64(c.w) - left - 8
	mid := left + width/2
	y := 4.0
	for i, s := range f.Steps {
		if i > 0 {
			c.printf(`<text class="conversion" x="%.1f" y="%.1f" text-anchor="middle" fill="#444">↓ %s</text>`,
				mid, y+gapH/2+4, esc(conversionText(f.Steps[i-1].Count, s.Count)))
			y += gapH
		}
		w := 0.0
		if top > 0 {
			w = width * float64(s.Count) / float64(top)
		}
		if s.Count > 0 {
			w = max(w, minBar) // a step that happened stays visible
		}
		c.text(left-6, y+rowH/2+4, "end", s.Label, labelChars)
		c.printf(`<rect x="%.1f" y="%.1f" width="%.1f" height="%d" fill="%s"><title>%s</title></rect>`,
			mid-w/2, y, w, rowH, color(0), esc(parts[i]))
		count := number(float64(s.Count), 0, false)
		if need := float64(utf8.RuneCountInString(count)*charWidth + 8); w >= need {
			c.printf(`<text class="count" x="%.1f" y="%.1f" text-anchor="middle" fill="#fff">%s</text>`, mid, y+rowH/2+4, esc(count))
		} else {
			c.printf(`<text class="count" x="%.1f" y="%.1f" text-anchor="start">%s</text>`, mid+w/2+4, y+rowH/2+4, esc(count))
		}
		y += rowH
	}
	return c.done()
}
