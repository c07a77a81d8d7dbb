package store_test

import (
	"fmt"
	"testing"

	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// TestRecordEventsIsolatesFailures: one batch holds a new order, a refund
// in the wrong currency (fails), a redelivery, another delivery of the same
// order and a second order. The failure must take nothing else with it and
// must leave no trace: its delivery id is free for a corrected retry.
func TestRecordEventsIsolatesFailures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		w := newWorld(t, f)
		ws := f.Workspace
		badRefund := refund("g1", "r1", 1000, "g-d2")
		badRefund.Refund.Currency = "EUR"
		evs := []*store.PendingEvent{
			{Workspace: ws, Event: created(w.order("g1", w.t0, 10000, "ann@x.test", "", "MAYA15"), "g-d1")},
			{Workspace: ws, Event: badRefund},
			{Workspace: ws, Event: created(w.order("g1", w.t0, 10000, "ann@x.test", "", "MAYA15"), "g-d1")},
			{Workspace: ws, Event: created(w.order("g1", w.t0, 10000, "ann@x.test", "", "MAYA15"), "g-d3")},
			{Workspace: ws, Event: created(w.order("g2", w.t0, 3000, "bob@x.test", w.leoClick), "g-d4")},
		}
		storetest.Must(t, f.DB.RecordEvents(w.ctx, evs))
		for i, tt := range []struct {
			err, dup, created bool
		}{{false, false, true}, {true, false, false}, {false, true, false}, {false, false, false}, {false, false, true}} {
			pe := evs[i]
			if (pe.Err != nil) != tt.err || pe.Result.Duplicate != tt.dup || pe.Result.Created != tt.created {
				t.Errorf("event %d: err %v, result %+v; want err %v duplicate %v created %v", i, pe.Err, pe.Result, tt.err, tt.dup, tt.created)
			}
		}
		if evs[0].Result.OrderID == 0 || evs[3].Result.OrderID != evs[0].Result.OrderID {
			t.Errorf("order ids %d and %d: want the same stored order", evs[0].Result.OrderID, evs[3].Result.OrderID)
		}
		// g1 by Maya's code, g2 by Leo's human click two days before.
		if o := w.get(t, "g1"); o.CollaborationID != w.maya || o.RefundedMinor != 0 {
			t.Errorf("g1: collaboration %d refunded %d, want %d and 0", o.CollaborationID, o.RefundedMinor, w.maya)
		}
		if o := w.get(t, "g2"); o.CollaborationID != w.leo {
			t.Errorf("g2: collaboration %d, want %d", o.CollaborationID, w.leo)
		}
		// The failed delivery was rolled back with its savepoint: the shop's
		// corrected retry under the same id is applied, once.
		fixed := []*store.PendingEvent{{Workspace: ws, Event: refund("g1", "r1", 1000, "g-d2")}, {Workspace: ws, Event: refund("g1", "r1", 1000, "g-d2")}}
		storetest.Must(t, f.DB.RecordEvents(w.ctx, fixed))
		if fixed[0].Err != nil || fixed[0].Result.Refunds != 1 || !fixed[1].Result.Duplicate {
			t.Errorf("corrected refund: %+v / %+v, want 1 refund applied then a duplicate", fixed[0], fixed[1])
		}
		if o := w.get(t, "g1"); o.RefundedMinor != 1000 {
			t.Errorf("g1 refunded %d, want 1000", o.RefundedMinor)
		}
	})
}

// BenchmarkRecordEvents is BenchmarkRecordEvent's order fifty to a commit,
// as the webhook group commit gathers them under load: ns/op is per order,
// so the ratio of the two is what group commit saves.
func BenchmarkRecordEvents(b *testing.B) {
	f := storetest.New(b)
	w := newWorldTB(b, f)
	const batch = 50
	evs := make([]*store.PendingEvent, 0, batch)
	flush := func() {
		storetest.Must(b, f.DB.RecordEvents(w.ctx, evs))
		for _, pe := range evs {
			if pe.Err != nil {
				b.Fatal(pe.Err)
			}
		}
		evs = evs[:0]
	}
	b.ResetTimer()
	for i := range b.N {
		o := w.order(fmt.Sprintf("b%d", i), w.t0, 4200, fmt.Sprintf("buyer%d@x.test", i%50), w.leoClick, "MAYA15")
		evs = append(evs, &store.PendingEvent{Workspace: f.Workspace, Event: created(o, fmt.Sprintf("bd%d", i))})
		if len(evs) == batch {
			flush()
		}
	}
	if len(evs) > 0 {
		flush()
	}
}
