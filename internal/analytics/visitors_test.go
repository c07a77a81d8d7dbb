package analytics

import (
	"fmt"
	"math"
	"testing"
	"time"
)

func TestReachByVisitor(t *testing.T) {
	d := func(day, hour int) time.Time { return time.Date(2026, 11, day, hour, 0, 0, 0, time.UTC) }
	clicks := []VisitorClick{
		// Week of Monday 2 November.
		{ClickID: "a1", At: d(2, 10), Creator: 1, Visitor: "ipA"},
		{ClickID: "a2", At: d(2, 11), Creator: 2, Visitor: "ipA"}, // ipA: creators 1 and 2, no order
		{ClickID: "b1", At: d(3, 9), Creator: 1, Visitor: "ipB", Buyer: "buyer1"},
		{ClickID: "c1", At: d(4, 9), Creator: 2, Visitor: "ipC", Buyer: "buyer1"}, // joins ipB by the buyer: 1 and 2, bought
		{ClickID: "d1", At: d(5, 9), Creator: 1, Visitor: "ipD"},                  // one creator, no order
		{ClickID: "x1", At: d(6, 9), Creator: 3},                                  // no key: a visitor of its own
		{ClickID: "x2", At: d(6, 9), Creator: 3, Buyer: "buyer2"},                 // one creator, bought
		// Week of Monday 9 November: ipA again with one creator only.
		{ClickID: "a3", At: d(10, 9), Creator: 1, Visitor: "ipA"},
		{ClickID: "e1", At: d(11, 9), Creator: 1, Visitor: "ipE", Buyer: "buyer3"},
		{ClickID: "e2", At: d(11, 10), Creator: 2, Visitor: "ipE"}, // ipE: 1 and 2, bought
	}
	r := ReachByVisitor(clicks, 0.95)
	// Week 1: one creator {ipD, x1, x2}: 3 visitors, 1 converter; two or
	// more {ipA, ipB+ipC}: 2 visitors, 1 converter.
	// Week 2: one {ipA}: 1, 0; two or more {ipE}: 1, 1.
	want := []string{"2026-11-02 3/1 2/1", "2026-11-09 1/0 1/1"}
	if len(r.Weeks) != len(want) {
		t.Fatalf("weeks = %+v", r.Weeks)
	}
	for i, w := range r.Weeks {
		got := fmt.Sprintf("%s %d/%d %d/%d", w.Start.Format(time.DateOnly), w.One.Visitors, w.One.Converters, w.TwoPlus.Visitors, w.TwoPlus.Converters)
		if got != want[i] {
			t.Errorf("week %d = %s, want %s", i, got, want[i])
		}
	}
	// Totals: one creator 1 of 4 (0.25, Wilson [0.045587, 0.699358]); two or
	// more 2 of 3 (0.666667, [0.207660, 0.938508]). Ratio (2/3)/(1/4) = 2.666667,
	// Katz se sqrt(1/2 - 1/3 + 1/1 - 1/4) = 0.957427 → [0.408324, 17.415348].
	checks := []struct {
		what      string
		got, want float64
	}{
		{"one visitors", float64(r.One.Visitors), 4}, {"one converters", float64(r.One.Converters), 1},
		{"one rate", r.One.Rate.Value, 0.25}, {"one low", r.One.Rate.Low, 0.045587}, {"one high", r.One.Rate.High, 0.699358},
		{"two visitors", float64(r.TwoPlus.Visitors), 3}, {"two rate", r.TwoPlus.Rate.Value, 2.0 / 3},
		{"two low", r.TwoPlus.Rate.Low, 0.207660}, {"two high", r.TwoPlus.Rate.High, 0.938508},
		{"ratio", r.Ratio.Value, 8.0 / 3}, {"ratio low", r.Ratio.Low, 0.408324}, {"ratio high", r.Ratio.High, 17.415348},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > 1e-5*math.Max(1, c.want) {
			t.Errorf("%s = %g, want %g", c.what, c.got, c.want)
		}
	}
}

func TestReachByVisitorNoConverters(t *testing.T) {
	r := ReachByVisitor([]VisitorClick{{ClickID: "a", At: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC), Creator: 1, Visitor: "v"}}, 0.95)
	// One visitor, one creator, no order: rate 0 with an interval, no ratio
	// (no one reached by two creators).
	if r.One.Visitors != 1 || !r.One.Rate.OK || r.One.Rate.Value != 0 || r.TwoPlus.Rate.OK || r.Ratio.OK {
		t.Errorf("%+v", r)
	}
	if r := ReachByVisitor(nil, 0.95); len(r.Weeks) != 0 || r.One.Visitors != 0 {
		t.Errorf("no clicks: %+v", r)
	}
}

func BenchmarkReachByVisitor(b *testing.B) {
	// 20,000 clicks over four weeks from 8,000 visitors and 10 creators.
	start := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	clicks := make([]VisitorClick, 20000)
	for i := range clicks {
		v := (i * 7919) % 8000
		clicks[i] = VisitorClick{ClickID: fmt.Sprint(i), At: start.Add(time.Duration(v%28) * 24 * time.Hour), Creator: int64(i % 10),
			Visitor: fmt.Sprint("ip", v)}
		if i%40 == 0 {
			clicks[i].Buyer = fmt.Sprint("buyer", v)
		}
	}
	for b.Loop() {
		ReachByVisitor(clicks, 0.95)
	}
}
