package chart

import (
	"encoding/xml"
	"html/template"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

// node is a parsed SVG element.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

func parse(t *testing.T, h template.HTML) node {
	t.Helper()
	var n node
	if err := xml.Unmarshal([]byte(h), &n); err != nil {
		t.Fatalf("not XML: %v\n%s", err, h)
	}
	return n
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n node) num(t *testing.T, name string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(n.attr(name), 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", n.XMLName.Local, name, n.attr(name), err)
	}
	return f
}

// all returns every element named name below n, in document order.
func (n node) all(name string) []node {
	var out []node
	for _, c := range n.Nodes {
		if c.XMLName.Local == name {
			out = append(out, c)
		}
		out = append(out, c.all(name)...)
	}
	return out
}

// child returns the first direct child named name.
func (n node) child(name string) (node, bool) {
	for _, c := range n.Nodes {
		if c.XMLName.Local == name {
			return c, true
		}
	}
	return node{}, false
}

// checkAccessible asserts role="img", a <title> and a <desc> that
// aria-labelledby names, and returns the root.
func checkAccessible(t *testing.T, h template.HTML, title string) node {
	t.Helper()
	root := parse(t, h)
	if root.XMLName.Local != "svg" || root.attr("role") != "img" {
		t.Fatalf("root <%s role=%q>", root.XMLName.Local, root.attr("role"))
	}
	ti, ok1 := root.child("title")
	de, ok2 := root.child("desc")
	if !ok1 || !ok2 || ti.Text != title || de.Text == "" {
		t.Fatalf("title %q desc %q", ti.Text, de.Text)
	}
	if want := ti.attr("id") + " " + de.attr("id"); root.attr("aria-labelledby") != want {
		t.Errorf("aria-labelledby %q, want %q", root.attr("aria-labelledby"), want)
	}
	return root
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.06 }

func TestEmpty(t *testing.T) {
	for _, h := range []template.HTML{
		Line{Title: "Revenue"}.SVG(),
		Line{Title: "Revenue", Series: []Series{{Name: "a"}}}.SVG(),
		Bars{Title: "Revenue"}.SVG(),
		Bars{Title: "Revenue", Horizontal: true}.SVG(),
		Funnel{Title: "Revenue"}.SVG(),
		Grouped{Title: "Revenue", Series: []string{"a"}, Groups: []Group{{Label: "nano"}}}.SVG(),
	} {
		root := checkAccessible(t, h, "Revenue")
		texts := root.all("text")
		if len(texts) != 1 || texts[0].Text != "No data yet" || len(root.all("rect")) != 0 {
			t.Errorf("empty state: %s", h)
		}
	}
}

func TestLine(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }
	evil := "<script>alert(1)</script>"
	h := Line{
		Title: "Clicks & orders " + evil,
		Series: []Series{
			{Name: "clicks", Points: []Point{{day(1), 100}, {day(2), 50}, {day(3), 0}}},
			{Name: evil, Points: []Point{{day(1), 10}, {day(2), 20}, {day(3), 30}}},
		},
	}.SVG()
	if strings.Contains(string(h), "<script") {
		t.Fatalf("label not escaped: %s", h)
	}
	root := checkAccessible(t, h, "Clicks & orders "+evil)
	circles := root.all("circle")
	if len(circles) != 6 {
		t.Fatalf("%d circles, want 6", len(circles))
	}
	// Ticks 0..100 by 20; the widest label "100" needs 3*7+12 = 33 px, so the
	// plot runs from x = 33+6 = 39 to 640-12-6 = 622, and y from 212 (0) to 24 (100).
	want := [][2]float64{{39, 24}, {330.5, 118}, {622, 212}}
	for i, w := range want {
		c := circles[i]
		if !near(c.num(t, "cx"), w[0]) || !near(c.num(t, "cy"), w[1]) {
			t.Errorf("point %d at %v,%v, want %v", i, c.attr("cx"), c.attr("cy"), w)
		}
	}
	if title, _ := circles[0].child("title"); title.Text != "clicks, 1 Nov 2026: 100" {
		t.Errorf("tooltip %q", title.Text)
	}
	if title, _ := circles[3].child("title"); title.Text != evil+", 1 Nov 2026: 10" {
		t.Errorf("tooltip %q", title.Text)
	}
	if paths := root.all("path"); len(paths) != 2 || !strings.HasPrefix(paths[0].attr("d"), "M39.0 24.0L330.5 118.0") {
		t.Errorf("paths %+v", paths)
	}
	// Legend (2 series; the 25-character name cut to 24) plus 6 y labels and 3 daily x labels.
	var labels []string
	for _, tx := range root.all("text") {
		labels = append(labels, tx.Text)
	}
	if got := strings.Join(labels, "|"); got != "clicks|<script>alert(1)</scrip…|0|20|40|60|80|100|1 Nov|2 Nov|3 Nov" {
		t.Errorf("labels %s", got)
	}
}

func TestLineSinglePoint(t *testing.T) {
	h := Line{Title: "x", Series: []Series{{Points: []Point{{time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), 3}}}}}.SVG()
	root := checkAccessible(t, h, "x")
	if c := root.all("circle"); len(c) != 1 || math.IsNaN(c[0].num(t, "cx")) {
		t.Errorf("circles %+v", c)
	}
}

func TestBarsVertical(t *testing.T) {
	h := Bars{Title: "Orders by creator", Bars: []Bar{{"Maya", 10}, {"Jon", 20}, {"<b>Sophie</b>", 40}},
		Unit: Unit{Kind: Money, Currency: "EUR"}}.SVG()
	root := checkAccessible(t, h, "Orders by creator")
	rects := root.all("rect")
	if len(rects) != 3 {
		t.Fatalf("%d rects", len(rects))
	}
	// Ticks 0..40 by 10; y runs from 216 (0) to 20 (40): 196 px, so 10 is 49 px.
	for i, want := range []float64{49, 98, 196} {
		if h := rects[i].num(t, "height"); !near(h, want) {
			t.Errorf("bar %d height %v, want %v", i, h, want)
		}
		if y := rects[i].num(t, "y") + rects[i].num(t, "height"); !near(y, 216) {
			t.Errorf("bar %d bottom %v, want 216", i, y)
		}
	}
	if ti, _ := rects[2].child("title"); ti.Text != "<b>Sophie</b>: €40.00" {
		t.Errorf("tooltip %q", ti.Text)
	}
}

func TestBarsHorizontal(t *testing.T) {
	h := Bars{Title: "CTR", Horizontal: true, Unit: Unit{Kind: Percent},
		Bars: []Bar{{"nano", 0.04}, {"micro", 0.02}, {"a very long tier label that will not fit", -0.01}}}.SVG()
	root := checkAccessible(t, h, "CTR")
	rects := root.all("rect")
	if len(rects) != 3 {
		t.Fatalf("%d rects", len(rects))
	}
	// Widths are proportional to the values: 0.04 is twice 0.02 and four times |-0.01|.
	w0, w1, w2 := rects[0].num(t, "width"), rects[1].num(t, "width"), rects[2].num(t, "width")
	if !near(w0, 2*w1) || !near(w0, 4*w2) {
		t.Errorf("widths %v %v %v", w0, w1, w2)
	}
	// The negative bar ends where the others start: at zero.
	if !near(rects[2].num(t, "x")+w2, rects[0].num(t, "x")) {
		t.Errorf("negative bar does not end at zero")
	}
	// Default height: 3 rows of 28 plus 28.
	if root.attr("height") != "112" {
		t.Errorf("height %s", root.attr("height"))
	}
	// The long label is cut, with the whole of it in a title.
	var cut bool
	for _, tx := range root.all("text") {
		if ti, ok := tx.child("title"); ok && ti.Text == "a very long tier label that will not fit" && strings.HasSuffix(tx.Text, "…") {
			cut = true
		}
	}
	if !cut {
		t.Errorf("long label not cut: %s", h)
	}
}

func TestFunnel(t *testing.T) {
	h := Funnel{Title: "Campaign funnel", Width: 600, Steps: []Step{{"views", 48000}, {"clicks", 1200}, {"orders", 30}}}.SVG()
	root := checkAccessible(t, h, "Campaign funnel")
	rects := root.all("rect")
	if len(rects) != 3 {
		t.Fatalf("%d rects", len(rects))
	}
	// Labels need 6*7+12 = 54 px, so views span 600-54-8 = 538 px; clicks are
	// 2.5% of that, 13.45 px; orders would be 0.34 px and get the 2 px minimum.
	w := []float64{rects[0].num(t, "width"), rects[1].num(t, "width"), rects[2].num(t, "width")}
	if !near(w[0], 538) || !near(w[1], 13.45) || w[2] != 2 {
		t.Errorf("widths %v", w)
	}
	// The count fits inside the views bar only; the others are written beside their bars.
	var inside []string
	for _, tx := range root.all("text") {
		if tx.attr("class") == "count" && tx.attr("text-anchor") == "middle" {
			inside = append(inside, tx.Text)
		}
	}
	if strings.Join(inside, "|") != "48,000" {
		t.Errorf("counts inside bars %q", inside)
	}
	var conv []string
	for _, tx := range root.all("text") {
		if tx.attr("class") == "conversion" {
			conv = append(conv, tx.Text)
		}
	}
	if strings.Join(conv, "|") != "↓ 2.5%|↓ 2.5%" {
		t.Errorf("conversions %q", conv)
	}
	if ti, _ := rects[1].child("title"); ti.Text != "1,200 clicks (2.5%)" {
		t.Errorf("tooltip %q", ti.Text)
	}
	// Height: 3 rows of 30, 2 gaps of 22, 8 spare = 142.
	if root.attr("height") != "142" {
		t.Errorf("height %s", root.attr("height"))
	}
}

func TestFunnelZero(t *testing.T) {
	h := Funnel{Title: "f", Steps: []Step{{"views", 0}, {"clicks", 0}}}.SVG()
	root := checkAccessible(t, h, "f")
	for _, tx := range root.all("text") {
		if tx.attr("class") == "conversion" && tx.Text != "↓ n/a" {
			t.Errorf("conversion %q", tx.Text)
		}
	}
	if r, ok := Conversion(0, 5); ok || r != 0 {
		t.Errorf("Conversion(0, 5) = %v, %v", r, ok)
	}
}

func TestGrouped(t *testing.T) {
	pct := Unit{Kind: Percent}
	h := Grouped{Title: "ER by tier", Unit: pct, Series: []string{"A", "B"}, Groups: []Group{
		{"nano", []Estimate{{0.08, 0.06, 0.10}, {0.07, 0.05, 0.09}}},
		{"micro", []Estimate{{0.05, 0.041, 0.063}, {0.04, 0.04, 0.04}}},
	}}.SVG()
	root := checkAccessible(t, h, "ER by tier")
	var bars, intervals []node
	for _, r := range root.all("rect") {
		if _, ok := r.child("title"); ok {
			bars = append(bars, r)
		}
	}
	for _, p := range root.all("path") {
		if p.attr("class") == "interval" {
			intervals = append(intervals, p)
		}
	}
	// 4 bars (legend squares have no title); the last has no interval.
	if len(bars) != 4 || len(intervals) != 3 {
		t.Fatalf("%d bars, %d intervals", len(bars), len(intervals))
	}
	if ti, _ := bars[2].child("title"); ti.Text != "micro, A: 5% (interval 4.1% to 6.3%)" {
		t.Errorf("tooltip %q", ti.Text)
	}
	// Ticks 0..0.1 by 0.02; y from 216 (0) to 24 (0.1): 0.08 is 0.8*192 = 153.6 px tall.
	if h := bars[0].num(t, "height"); !near(h, 153.6) {
		t.Errorf("height %v, want 153.6", h)
	}
	// The first interval runs from 0.06 (y 216-115.2 = 100.8) to 0.10 (y 24).
	if d := intervals[0].attr("d"); !strings.Contains(d, " 100.8V24.0") {
		t.Errorf("interval path %q", d)
	}
}

func BenchmarkLine(b *testing.B) {
	var pts []Point
	for d := range 90 {
		pts = append(pts, Point{time.Date(2026, 9, 1+d, 0, 0, 0, 0, time.UTC), float64(d * d % 97)})
	}
	l := Line{Title: "Clicks", Series: []Series{{Name: "clicks", Points: pts}, {Name: "orders", Points: pts}}}
	for b.Loop() {
		l.SVG()
	}
}
