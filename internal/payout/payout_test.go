package payout

import (
	"math"
	"slices"
	"testing"
)

func TestCommissionHalfEven(t *testing.T) {
	tests := []struct {
		revenue, bps, want int64
	}{
		{123456, 1000, 12346},                 // 12345.6 rounds up
		{12345, 1000, 1234},                   // 1234.5: tie, 1234 is even
		{12355, 1000, 1236},                   // 1235.5: tie, 1236 is even
		{12344, 1000, 1234},                   // 1234.4 rounds down
		{1, 5000, 0},                          // 0.5: tie, 0 is even
		{3, 5000, 2},                          // 1.5: tie, 2 is even
		{100, 10000, 100},                     // 100% is the revenue
		{-500, 1000, 0},                       // refunds beyond sales earn nothing
		{500, 0, 0},                           // no commission
		{math.MaxInt64, 10000, math.MaxInt64}, // no overflow at the limit
		{math.MaxInt64, 20000, math.MaxInt64}, // above 100% counts as 100%
	}
	for _, tt := range tests {
		if got := Commission(tt.revenue, tt.bps); got != tt.want {
			t.Errorf("Commission(%d, %d) = %d, want %d", tt.revenue, tt.bps, got, tt.want)
		}
	}
}

// TestEarnedByHand: flat 500.00, 3 deliverables at 150.00, 10% commission on
// 1,234.56 of revenue, bonuses of 50.00 past 1,000.00 and 200.00 past
// 5,000.00, rights fee 75.00, seeding 40.00.
//
//	flat        50000
//	deliverable 3 × 15000 = 45000
//	commission  123456 × 0.10 = 12345.6 -> 12346 (half-even on the total)
//	bonus       1,234.56 >= 1,000.00 only: 5000
//	rights      7500
//	total       50000 + 45000 + 12346 + 5000 + 7500 = 119846
//
// Seeding is a cost of the collaboration, not owed to the creator.
func TestEarnedByHand(t *testing.T) {
	terms := Terms{Currency: "USD", FlatMinor: 50000, PerDeliverableMinor: 15000, CommissionBps: 1000,
		Bonuses: []Bonus{{RevenueMinor: 500000, AmountMinor: 20000}, {RevenueMinor: 100000, AmountMinor: 5000}}, SeedingMinor: 4000}
	lines, err := Earned(terms, Performance{Deliverables: 3, RevenueMinor: 123456, RightsFeeMinor: 7500})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{KindFlat: 50000, KindDeliverable: 45000, KindCommission: 12346, KindBonus: 5000, KindRights: 7500}
	var total int64
	for _, l := range lines {
		if want[l.Kind] != l.AmountMinor {
			t.Errorf("%s = %d, want %d", l.Kind, l.AmountMinor, want[l.Kind])
		}
		delete(want, l.Kind)
		total += l.AmountMinor
	}
	if len(want) > 0 {
		t.Errorf("missing lines: %v", want)
	}
	if total != 119846 {
		t.Errorf("total = %d, want 119846", total)
	}
}

func TestEarnedBonusAtThreshold(t *testing.T) {
	terms := Terms{Bonuses: []Bonus{{RevenueMinor: 100000, AmountMinor: 5000}, {RevenueMinor: 200000, AmountMinor: 7000}}}
	tests := []struct {
		revenue, want int64
	}{{99999, 0}, {100000, 5000}, {200000, 12000}}
	for _, tt := range tests {
		lines, err := Earned(terms, Performance{RevenueMinor: tt.revenue})
		if err != nil {
			t.Fatal(err)
		}
		var got int64
		for _, l := range lines {
			if l.Kind == KindBonus {
				got = l.AmountMinor
			}
		}
		if got != tt.want {
			t.Errorf("revenue %d: bonus %d, want %d", tt.revenue, got, tt.want)
		}
	}
}

func TestEarnedRefusesNegativeAndOverflow(t *testing.T) {
	if _, err := Earned(Terms{}, Performance{Deliverables: -1}); err == nil {
		t.Error("negative deliverables: no error")
	}
	if _, err := Earned(Terms{PerDeliverableMinor: math.MaxInt64}, Performance{Deliverables: 2}); err == nil {
		t.Error("overflowing deliverables: no error")
	}
}

func TestValidate(t *testing.T) {
	errs := Terms{FlatMinor: -1, CommissionBps: 10001, Bonuses: []Bonus{{RevenueMinor: 0, AmountMinor: 5}}}.Validate()
	if len(errs) != 3 {
		t.Errorf("got %d errors, want 3: %v", len(errs), errs)
	}
	if errs := (Terms{FlatMinor: 1, CommissionBps: 10000}).Validate(); len(errs) != 0 {
		t.Errorf("valid terms: %v", errs)
	}
}

// TestSettleIsIdempotent: settling, then settling again with the same
// earnings, adds nothing the second time; a later refund lowers commission
// and leaves a negative balance that is carried, not paid.
func TestSettleIsIdempotent(t *testing.T) {
	earned := []Line{{Kind: KindFlat, AmountMinor: 50000}, {Kind: KindCommission, AmountMinor: 12346}}
	first := Settle(earned, nil)
	want := []Entry{{KindFlat, 50000}, {KindCommission, 12346}, {KindPayment, -62346}}
	if !slices.Equal(first, want) {
		t.Fatalf("first settle = %v, want %v", first, want)
	}
	if again := Settle(earned, first); len(again) != 0 {
		t.Errorf("second settle = %v, want nothing", again)
	}
	// Revenue falls so commission is 10000: a -2346 adjustment, balance
	// -2346, no payment.
	later := []Line{{Kind: KindFlat, AmountMinor: 50000}, {Kind: KindCommission, AmountMinor: 10000}}
	adj := Settle(later, first)
	if !slices.Equal(adj, []Entry{{KindCommission, -2346}}) {
		t.Errorf("after refund = %v", adj)
	}
	if b := Balance(append(slices.Clone(first), adj...)); b != -2346 {
		t.Errorf("balance = %d, want -2346", b)
	}
}

func BenchmarkEarned(b *testing.B) {
	terms := Terms{FlatMinor: 50000, PerDeliverableMinor: 15000, CommissionBps: 1000,
		Bonuses: []Bonus{{RevenueMinor: 500000, AmountMinor: 20000}, {RevenueMinor: 100000, AmountMinor: 5000}}}
	for b.Loop() {
		if _, err := Earned(terms, Performance{Deliverables: 3, RevenueMinor: 123456}); err != nil {
			b.Fatal(err)
		}
	}
}
