package analytics

import (
	"math"
	"slices"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// VisitorClick is one human click on a campaign's tracked link, with what
// ties it to a visitor.
type VisitorClick struct {
	ClickID string
	At      time.Time
	Creator int64
	// Visitor links the clicks of one visitor within a UTC day: the day's
	// IP hash with the device and operating system. Empty when unknown.
	Visitor string
	// Buyer links the clicks in the journeys of one buyer's orders, across
	// days; empty when the click is in no order's journey.
	Buyer string
}

// Converted is true when the click is in an order's journey.
func (c VisitorClick) Converted() bool { return c.Buyer != "" }

// VisitorGroup is the visitors of a week reached by one creator, or by two
// or more, and how many of them bought.
type VisitorGroup struct {
	Visitors   int64    `json:"visitors"`
	Converters int64    `json:"converters"`
	Rate       Estimate `json:"conversion"` // converters / visitors, Wilson interval
}

// VisitorWeek is one week's visitors by the number of creators whose links
// they clicked that week.
type VisitorWeek struct {
	Start   time.Time    `json:"start"` // Monday 00:00 UTC
	One     VisitorGroup `json:"one_creator"`
	TwoPlus VisitorGroup `json:"two_or_more"`
}

// VisitorReach compares conversion per visitor for visitors reached by two
// or more creators in a week with those reached by one.
type VisitorReach struct {
	Weeks []VisitorWeek `json:"weeks"`
	// One and TwoPlus sum the weeks (a visitor active in two weeks counts in
	// each).
	One     VisitorGroup `json:"one_creator"`
	TwoPlus VisitorGroup `json:"two_or_more"`
	// Ratio is TwoPlus's rate over One's with the Katz log interval; n/a
	// without converters in both groups.
	Ratio Estimate `json:"ratio"`
}

// ReachByVisitor groups clicks into visitors per week, oldest week first.
// Within a week two clicks are one visitor when they share a Visitor key
// or a Buyer (an order's journey joins the days the IP hash cannot); a
// click with neither is a visitor of its own. A visitor converts when any
// of its clicks that week is in an order's journey.
func ReachByVisitor(clicks []VisitorClick, level float64) VisitorReach {
	byWeek := map[time.Time][]VisitorClick{}
	for _, c := range clicks {
		w := WeekStart(c.At)
		byWeek[w] = append(byWeek[w], c)
	}
	weeks := make([]time.Time, 0, len(byWeek))
	for w := range byWeek {
		weeks = append(weeks, w)
	}
	slices.SortFunc(weeks, func(a, b time.Time) int { return a.Compare(b) })
	out := VisitorReach{Weeks: make([]VisitorWeek, 0, len(weeks))}
	for _, w := range weeks {
		wk := VisitorWeek{Start: w}
		for _, v := range visitors(byWeek[w]) {
			g := &wk.One
			if len(v.creators) >= 2 {
				g = &wk.TwoPlus
			}
			g.Visitors++
			if v.converted {
				g.Converters++
			}
		}
		out.One.Visitors += wk.One.Visitors
		out.One.Converters += wk.One.Converters
		out.TwoPlus.Visitors += wk.TwoPlus.Visitors
		out.TwoPlus.Converters += wk.TwoPlus.Converters
		wk.One.Rate = Wilson(wk.One.Converters, wk.One.Visitors, level)
		wk.TwoPlus.Rate = Wilson(wk.TwoPlus.Converters, wk.TwoPlus.Visitors, level)
		out.Weeks = append(out.Weeks, wk)
	}
	out.One.Rate = Wilson(out.One.Converters, out.One.Visitors, level)
	out.TwoPlus.Rate = Wilson(out.TwoPlus.Converters, out.TwoPlus.Visitors, level)
	out.Ratio = rateRatio(out.TwoPlus, out.One, level)
	return out
}

type visitor struct {
	creators  map[int64]bool
	converted bool
}

// visitors joins one week's clicks that share a key (union-find).
func visitors(cs []VisitorClick) []visitor {
	parent := make([]int, len(cs))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	first := map[string]int{}
	join := func(i int, kind, key string) {
		if key == "" {
			return
		}
		key = kind + key
		if j, ok := first[key]; ok {
			parent[find(i)] = find(j)
			return
		}
		first[key] = i
	}
	for i, c := range cs {
		join(i, "v:", c.Visitor)
		join(i, "b:", c.Buyer)
	}
	groups := map[int]*visitor{}
	var order []int
	for i, c := range cs {
		r := find(i)
		v, ok := groups[r]
		if !ok {
			v = &visitor{creators: map[int64]bool{}}
			groups[r] = v
			order = append(order, r)
		}
		v.creators[c.Creator] = true
		v.converted = v.converted || c.Converted()
	}
	out := make([]visitor, 0, len(order))
	for _, r := range order {
		out = append(out, *groups[r])
	}
	return out
}

// rateRatio is (x₁/n₁)/(x₂/n₂) with the Katz interval
// exp(ln RR ± z·sqrt(1/x₁ − 1/n₁ + 1/x₂ − 1/n₂)).
func rateRatio(a, b VisitorGroup, level float64) Estimate {
	if a.Converters <= 0 || b.Converters <= 0 || a.Visitors <= 0 || b.Visitors <= 0 {
		return Estimate{}
	}
	x1, n1, x2, n2 := float64(a.Converters), float64(a.Visitors), float64(b.Converters), float64(b.Visitors)
	rr := (x1 / n1) / (x2 / n2)
	z := distuv.UnitNormal.Quantile(1 - (1-level)/2)
	se := math.Sqrt(math.Max(1/x1-1/n1+1/x2-1/n2, 0))
	return Estimate{Value: rr, Low: rr * math.Exp(-z*se), High: rr * math.Exp(z*se), OK: true}
}
