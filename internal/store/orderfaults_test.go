package store_test

import (
	"fmt"
	"testing"

	"github.com/chorushq/chorus/internal/conversions"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func cancelled(o conversions.Order, delivery string) conversions.Event {
	o.DeliveryID = delivery
	return conversions.Event{Kind: conversions.KindCancelled, Provider: o.Provider, DeliveryID: delivery, Order: &o}
}

// TestCancellationsAndEarlyRefunds plays webhooks in every order a shop may
// deliver them: cancellations before or after refunds and orders, refunds
// before their order, redeliveries under new ids. Each order is Maya's
// (code MAYA15), 100.00, a new buyer.
func TestCancellationsAndEarlyRefunds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		w := newWorld(t, f)
		type step struct {
			ev   func(id string) conversions.Event
			want store.EventResult // OrderID is not compared
		}
		order := func(id string) conversions.Order {
			return w.order(id, w.t0, 10000, "buyer-"+id+"@x.test", "", "MAYA15")
		}
		create := func(d string) func(string) conversions.Event {
			return func(id string) conversions.Event { return created(order(id), id+d) }
		}
		cancel := func(d string) func(string) conversions.Event {
			return func(id string) conversions.Event { return cancelled(order(id), id+d) }
		}
		refundOf := func(rid string, amount int64, d string) func(string) conversions.Event {
			return func(id string) conversions.Event { return refund(id, rid, amount, id+d) }
		}
		withRefund := func(d string) func(string) conversions.Event {
			return func(id string) conversions.Event {
				o := order(id)
				o.Refunds = []conversions.Refund{{Provider: conversions.ProviderWooCommerce, ExternalID: "w1", OrderID: id, Amount: 4000, Currency: "USD"}}
				return cancelled(o, id+d)
			}
		}
		tests := []struct {
			name             string
			steps            []step
			refunded, credit int64
			conversions      float64
		}{
			{"cancelled after its order", []step{
				{create("c"), store.EventResult{Created: true}},
				{cancel("x"), store.EventResult{Cancelled: true}},
			}, 10000, 0, 0},
			{"cancelled twice under two delivery ids", []step{
				{create("c"), store.EventResult{Created: true}},
				{cancel("x1"), store.EventResult{Cancelled: true}},
				{cancel("x2"), store.EventResult{}},
				{cancel("x2"), store.EventResult{Duplicate: true}},
			}, 10000, 0, 0},
			// 30.00 refunded, then the cancellation takes the other 70.00.
			{"refund then cancellation", []step{
				{create("c"), store.EventResult{Created: true}},
				{refundOf("r1", 3000, "r"), store.EventResult{Refunds: 1}},
				{cancel("x"), store.EventResult{Cancelled: true}},
			}, 10000, 0, 0},
			// The refund after the cancellation finds nothing left: 100.00, not 130.00.
			{"cancellation then refund", []step{
				{create("c"), store.EventResult{Created: true}},
				{cancel("x"), store.EventResult{Cancelled: true}},
				{refundOf("r1", 3000, "r"), store.EventResult{Refunds: 1}},
			}, 10000, 0, 0},
			{"cancellation before its order", []step{
				{cancel("x"), store.EventResult{Created: true, Cancelled: true}},
				{create("c"), store.EventResult{}},
			}, 10000, 0, 0},
			// 25.00 back before the order: kept, applied when it comes:
			// 75.00 and 0.75 of an order stand.
			{"refund before its order", []step{
				{refundOf("r1", 2500, "r"), store.EventResult{UnknownOrder: true}},
				{refundOf("r1", 2500, "r-again"), store.EventResult{UnknownOrder: true}},
				{create("c"), store.EventResult{Created: true, Refunds: 1}},
				{refundOf("r1", 2500, "r-late"), store.EventResult{}},
			}, 2500, 7500, 0.75},
			{"refund, then the cancellation carrying the order", []step{
				{refundOf("r1", 2500, "r"), store.EventResult{UnknownOrder: true}},
				{cancel("x"), store.EventResult{Created: true, Refunds: 1, Cancelled: true}},
			}, 10000, 0, 0},
			// WooCommerce's refunded status lists its refunds: 40.00, then the rest.
			{"cancelled with a refund listed", []step{
				{create("c"), store.EventResult{Created: true}},
				{withRefund("x"), store.EventResult{Refunds: 1, Cancelled: true}},
				{withRefund("x2"), store.EventResult{}},
			}, 10000, 0, 0},
			// Held until an order that never comes, and counted as held.
			{"refund of an order that never comes", []step{
				{refundOf("r1", 1000, "r"), store.EventResult{UnknownOrder: true}},
			}, -1, -1, 0},
		}
		for i, tt := range tests {
			id := fmt.Sprintf("9%02d", i)
			for j, s := range tt.steps {
				res := w.record(t, s.ev(id))
				res.OrderID = 0
				if res != s.want {
					t.Errorf("%s: step %d: %+v, want %+v", tt.name, j+1, res, s.want)
				}
			}
			if tt.refunded < 0 {
				continue
			}
			o := w.get(t, id)
			if o.RefundedMinor != tt.refunded || o.CreditMinor != tt.credit || o.CreditConversions != tt.conversions {
				t.Errorf("%s: refunded %d, credit %d / %v; want %d, %d / %v", tt.name, o.RefundedMinor, o.CreditMinor, o.CreditConversions,
					tt.refunded, tt.credit, tt.conversions)
			}
		}
		// The rollups agree with the rows: only "refund before its order"
		// keeps credit, 75.00 and 0.75 of a new buyer's order.
		rep, err := f.DB.CampaignReport(w.ctx, f.Workspace.ID, w.campaign, "default")
		storetest.Must(t, err)
		for _, r := range rep.Collaborations {
			if r.ID == w.maya && r.Default != (store.Metrics{Conversions: 0.75, RevenueMinor: 7500, NewCustomers: 0.75}) {
				t.Errorf("Maya: %+v, want 0.75 conversions, 7500, 0.75 new", r.Default)
			}
		}
		if n, err := f.DB.HeldRefunds(w.ctx, f.Workspace.ID); err != nil || n != 1 {
			t.Errorf("held refunds: %d, %v; want 1 (the order that never came)", n, err)
		}
	})
}
