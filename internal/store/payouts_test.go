package store_test

import (
	"errors"
	"testing"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/payout"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// TestPayoutRunByHandAndIdempotent: fee 500.00, 10% commission, 150.00 per
// approved deliverable (2 approved), a 50.00 bonus past 1,000.00 revenue,
// and 1,234.56 of attributed revenue.
//
//	flat 50000 + deliverables 2 × 15000 = 30000 + commission 12346
//	(123456 × 0.1 = 12345.6, half-even) + bonus 5000 = 97346
func TestPayoutRunByHandAndIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		w := newOpsWorld(t, f, ws, "pay", campaigns.Contracted)
		approvedDraft(t, f, ws, w)
		approvedDraft(t, f, ws, w)
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.SetPayoutTerms(ctx, ws, w.collab.ID, 15000, []payout.Bonus{{RevenueMinor: 100000, AmountMinor: 5000}}); err != nil {
				return err
			}
			return tx.MoveCollaboration(ctx, ws, w.collab.ID, campaigns.Live, nil, "")
		}))
		terms, err := f.DB.PayoutTerms(ctx, ws, w.collab.ID)
		storetest.Must(t, err)
		if terms.FlatMinor != 50000 || terms.CommissionBps != 1000 || terms.PerDeliverableMinor != 15000 || len(terms.Bonuses) != 1 || terms.Currency != "USD" {
			t.Fatalf("terms = %+v", terms)
		}
		ps, err := f.DB.PayableCollaborations(ctx, ws)
		storetest.Must(t, err)
		if len(ps) != 1 || ps[0].Performance.Deliverables != 2 {
			t.Fatalf("payables = %+v", ps)
		}
		ps[0].Performance.RevenueMinor = 123456
		var run *store.PayoutRun
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			var existed bool
			run, existed, err = tx.RunPayouts(ctx, ws, "2026-03", &f.Owner.ID, ps)
			if existed {
				t.Error("first run existed")
			}
			return err
		}))
		if run.Paid != 1 || run.Entries != 5 { // flat, deliverable, commission, bonus, payment
			t.Errorf("run = %+v", run)
		}
		ledger, err := f.DB.Ledger(ctx, ws, w.collab.ID)
		storetest.Must(t, err)
		var owed, paid int64
		for _, e := range ledger {
			if e.Kind == payout.KindPayment {
				paid -= e.AmountMinor
			} else {
				owed += e.AmountMinor
			}
		}
		if owed != 97346 || paid != 97346 {
			t.Errorf("owed %d, paid %d, want 97346 both", owed, paid)
		}
		k, err := f.DB.Collaboration(ctx, ws, w.collab.ID)
		storetest.Must(t, err)
		if k.Status != campaigns.Paid {
			t.Errorf("status %s, want paid", k.Status)
		}
		// The same key again, even with more revenue: nothing changes.
		ps[0].Performance.RevenueMinor = 999999
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			again, existed, err := tx.RunPayouts(ctx, ws, "2026-03", nil, ps)
			if err == nil && (!existed || again.ID != run.ID || again.Entries != 5 || again.Paid != 1) {
				t.Errorf("rerun = %+v, existed %v", again, existed)
			}
			return err
		}))
		if after, _ := f.DB.Ledger(ctx, ws, 0); len(after) != len(ledger) {
			t.Errorf("ledger grew from %d to %d on a rerun", len(ledger), len(after))
		}
		// A new key with the same inputs pays nothing more.
		ps[0].Performance.RevenueMinor = 123456
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			next, _, err := tx.RunPayouts(ctx, ws, "2026-04", nil, ps)
			if err == nil && (next.Entries != 0 || next.Paid != 0) {
				t.Errorf("second key = %+v, want nothing", next)
			}
			return err
		}))
		err = f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.SetPayoutTerms(ctx, ws+1000, w.collab.ID, 1, nil) })
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("terms from another workspace: %v", err)
		}
	})
}

// TestCollaborationCredit sums the default model's credit in the campaign
// currency: 1,000.00 + 234.56 = 123456 minor units over 1 + 0.5 = 1.5
// conversions; another model's and another currency's rows are left out.
func TestCollaborationCredit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		w := newOpsWorld(t, f, ws, "cred", campaigns.Live)
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			for _, r := range []struct {
				day      int64
				model    string
				currency string
				conv     float64
				rev      int64
			}{{0, "default", "USD", 1, 100000}, {86400, "default", "USD", 0.5, 23456}, {0, "linear", "USD", 9, 999}, {0, "default", "EUR", 9, 777}} {
				if err := tx.ExecForTest(ctx, `INSERT INTO credit_days (workspace_id, collaboration_id, day, model, currency, conversions, revenue_minor) VALUES (?, ?, ?, ?, ?, ?, ?)`,
					ws, w.collab.ID, r.day, r.model, r.currency, r.conv, r.rev); err != nil {
					return err
				}
			}
			return nil
		}))
		conv, rev, err := f.DB.CollaborationCredit(ctx, ws, w.collab.ID, "USD")
		if err != nil || conv != 1.5 || rev != 123456 {
			t.Errorf("credit = %v conversions, %d revenue (%v), want 1.5 and 123456", conv, rev, err)
		}
		if rev, err := f.DB.AttributedRevenue(ctx, ws+1000, w.collab.ID, "USD"); err != nil || rev != 0 {
			t.Errorf("another workspace's revenue = %d (%v)", rev, err)
		}
	})
}
