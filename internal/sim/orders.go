package sim

import (
	"container/heap"
	"iter"
	"math"
	"net/url"
	"strconv"
	"time"
)

// Order is one shop order.
type Order struct {
	ID       string // shop order number, e.g. "#1001", in time order
	At       time.Time
	Subtotal int64 // minor units of Currency, before discount
	Discount int64
	Total    int64
	Currency string
	Codes    []string
	// LandingSite is the first URL of the visit, with utm parameters and,
	// after a tracked-link click, chorus_cid=<click ID>.
	LandingSite string
	CustomerID  string
	NewCustomer bool
	// RefundedAt is zero unless (part of) the order was refunded.
	RefundedAt time.Time
	Refund     int64
	Truth      OrderTruth

	key  uint64
	link int32
}

// OrderTruth is who really drove an order (empty for organic orders).
type OrderTruth struct {
	CollaborationID string
	Slug            string
	ClickID         string
	VisitorID       string
}

// shopURL is the brand's storefront; a reserved domain, never a real shop.
const shopURL = "https://shop.example.com"

// pending is an order waiting for its time to be emitted.
type pending struct {
	at      time.Time
	key     uint64
	link    int32 // -1 for organic
	click   uint64
	visitor uint64
	noClick bool
}

type pendingHeap []pending

func (h pendingHeap) Len() int { return len(h) }
func (h pendingHeap) Less(i, j int) bool {
	if c := h[i].at.Compare(h[j].at); c != 0 {
		return c < 0
	}
	return h[i].key < h[j].key
}
func (h pendingHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *pendingHeap) Push(x any)   { *h = append(*h, x.(pending)) }
func (h *pendingHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// Orders streams every order in time order. It replays the clicks (cheaply:
// only the draws, no strings) and holds the orders not yet due, at most 30
// days' worth, in a heap.
func (w *World) Orders() iter.Seq[Order] {
	return func(yield func(Order) bool) {
		var buf []draw
		h := &pendingHeap{}
		n := 0
		for d := range w.cfg.Days {
			buf = w.day(d, buf, false)
			for _, c := range buf {
				if !c.converts {
					continue
				}
				heap.Push(h, pending{at: c.at.Add(c.delay).Truncate(time.Second), key: c.key, link: c.link,
					click: c.key, visitor: c.visitor, noClick: c.codeOnly})
			}
			w.organic(d, h)
			due := w.cfg.Start.AddDate(0, 0, d+1)
			for h.Len() > 0 && (*h)[0].at.Before(due) {
				p := heap.Pop(h).(pending)
				n++
				if !yield(w.order(p, n)) {
					return
				}
			}
		}
	}
}

// organic adds day d's orders that no creator drove: search, word of
// mouth, returning customers.
func (w *World) organic(d int, h *pendingHeap) {
	r := newRand(w.seed, streamOrganic, uint64(d), 0)
	dayStart := w.cfg.Start.AddDate(0, 0, d)
	for k := range poisson(r, w.cfg.OrganicOrdersPerDay*w.cfg.TrafficScale) {
		kk := key(w.seed, streamOrganic, uint64(d), uint64(k)+1)
		heap.Push(h, pending{at: dayStart.Add(time.Duration(r.Int64N(int64(24 * time.Hour)))).Truncate(time.Second),
			key: kk, link: -1, visitor: kk, noClick: true})
	}
}

// order formats pending order p as the n-th order of the shop.
func (w *World) order(p pending, n int) Order {
	r := newRand(w.seed, streamOrganic, p.key, 3)
	o := Order{
		ID:          "#" + strconv.Itoa(1000+n),
		At:          p.at,
		Currency:    w.cfg.Currency,
		CustomerID:  "cu" + strconv.FormatUint(mix(p.visitor)>>20, 36),
		NewCustomer: r.Float64() < 0.72,
		key:         p.key,
		link:        p.link,
	}
	aov := toCurrency(5500, w.cfg.Currency)
	q := url.Values{}
	if p.link >= 0 {
		l := &w.links[p.link]
		co := &w.collabs[l.collab]
		cp := &w.campaigns[l.campaign]
		aov = cp.AOV
		o.Truth = OrderTruth{CollaborationID: co.ID, Slug: l.Slug}
		q.Set("utm_source", string(co.Platform))
		q.Set("utm_medium", "influencer")
		q.Set("utm_campaign", cp.Slug)
		// Code-only buyers typed the code; most click buyers saw it too.
		if co.DiscountCode != "" && (p.noClick || r.Float64() < 0.35) {
			o.Codes = []string{co.DiscountCode}
		}
		if !p.noClick {
			q.Set("utm_content", l.Slug)
			q.Set("chorus_cid", clickID(p.click))
			o.Truth.ClickID, o.Truth.VisitorID = clickID(p.click), visitorID(p.visitor)
		}
	} else {
		switch r.IntN(4) {
		case 0:
			q.Set("utm_source", "google")
			q.Set("utm_medium", "cpc")
		case 1:
			q.Set("utm_source", "newsletter")
			q.Set("utm_medium", "email")
		}
	}
	o.LandingSite = shopURL + "/"
	if len(q) > 0 {
		o.LandingSite += "products/featured?" + q.Encode()
	}
	// Order values: lognormal around the product's AOV (sigma 0.45), in
	// whole cents.
	o.Subtotal = max(500, int64(float64(aov)*lognormal(r, 1, 0.45)))
	if len(o.Codes) > 0 {
		pct := int64(w.collabs[w.links[p.link].collab].DiscountPercent)
		o.Discount = o.Subtotal * pct / 100
	}
	o.Total = o.Subtotal - o.Discount
	// About 5% of orders are refunded, a fifth of those in part.
	if r.Float64() < 0.05 {
		o.RefundedAt = o.At.Add(time.Duration((2 + 18*r.Float64()) * float64(24*time.Hour))).Truncate(time.Second)
		o.Refund = o.Total
		if r.Float64() < 0.2 {
			o.Refund = int64(math.Round(float64(o.Total) * 0.5))
		}
	}
	return o
}
