// Package payout computes what a creator has earned on a collaboration and
// keeps the ledger of what is owed and paid: fee terms, commissions on
// attributed revenue, bonuses past thresholds, and idempotent payout runs.
//
// Amounts are int64 minor units of one currency, never floats. Commission is
// rounded once, half to even, on the collaboration's total attributed revenue,
// never per order: rounding per order would drift by up to half a minor unit
// an order, and the total is what the creator and finance can both check.
package payout

import (
	"errors"
	"fmt"
	"math/bits"
	"slices"
)

// Kinds of ledger entries. Accruals are positive, payments negative.
const (
	KindFlat        = "flat"        // the collaboration's flat fee
	KindDeliverable = "deliverable" // per approved deliverable
	KindCommission  = "commission"  // share of attributed revenue
	KindBonus       = "bonus"       // past a revenue threshold
	KindRights      = "rights"      // usage-rights fees
	KindPayment     = "payment"     // money sent to the creator
)

// AccrualKinds lists the kinds that make up what is owed, in statement order.
var AccrualKinds = []string{KindFlat, KindDeliverable, KindCommission, KindBonus, KindRights}

// Bonus pays AmountMinor once attributed revenue reaches RevenueMinor.
type Bonus struct {
	RevenueMinor int64 `json:"revenue_minor"`
	AmountMinor  int64 `json:"amount_minor"`
}

// Terms are what a collaboration pays.
type Terms struct {
	Currency            string  `json:"currency"`
	FlatMinor           int64   `json:"flat_minor"`
	PerDeliverableMinor int64   `json:"per_deliverable_minor"`
	CommissionBps       int64   `json:"commission_bps"` // 1000 = 10%
	Bonuses             []Bonus `json:"bonuses,omitempty"`
	// SeedingMinor is product sent to the creator: a cost of the
	// collaboration, never owed to the creator, so it is not in Earned.
	SeedingMinor int64 `json:"seeding_minor"`
}

// Performance is what the terms are applied to.
type Performance struct {
	Deliverables   int64 // approved deliverables
	RevenueMinor   int64 // attributed revenue, in the terms' currency
	RightsFeeMinor int64 // usage-rights fees agreed
}

// Line is one kind of earning.
type Line struct {
	Kind        string `json:"kind"`
	AmountMinor int64  `json:"amount_minor"`
	Note        string `json:"note,omitempty"`
}

// Validate reports every problem with t.
func (t Terms) Validate() []error {
	var errs []error
	neg := func(name string, v int64) {
		if v < 0 {
			errs = append(errs, fmt.Errorf("%s: %d must not be negative", name, v))
		}
	}
	neg("flat_minor", t.FlatMinor)
	neg("per_deliverable_minor", t.PerDeliverableMinor)
	neg("seeding_minor", t.SeedingMinor)
	if t.CommissionBps < 0 || t.CommissionBps > 10000 {
		errs = append(errs, fmt.Errorf("commission_bps: %d must be between 0 and 10000 (100%%)", t.CommissionBps))
	}
	for i, b := range t.Bonuses {
		if b.RevenueMinor <= 0 {
			errs = append(errs, fmt.Errorf("bonuses[%d].revenue_minor: %d must be positive", i, b.RevenueMinor))
		}
		if b.AmountMinor <= 0 {
			errs = append(errs, fmt.Errorf("bonuses[%d].amount_minor: %d must be positive", i, b.AmountMinor))
		}
	}
	return errs
}

// Earned applies the terms to the performance: one line per kind that
// earns something, in AccrualKinds order.
func Earned(t Terms, p Performance) ([]Line, error) {
	if p.Deliverables < 0 || p.RevenueMinor < 0 || p.RightsFeeMinor < 0 {
		return nil, errors.New("payout: performance must not be negative")
	}
	var lines []Line
	add := func(kind string, amount int64, note string) {
		if amount != 0 {
			lines = append(lines, Line{Kind: kind, AmountMinor: amount, Note: note})
		}
	}
	add(KindFlat, t.FlatMinor, "flat fee")
	per, ok := mul(t.PerDeliverableMinor, p.Deliverables)
	if !ok {
		return nil, errors.New("payout: deliverables overflow")
	}
	add(KindDeliverable, per, fmt.Sprintf("%d approved × %d", p.Deliverables, t.PerDeliverableMinor))
	add(KindCommission, Commission(p.RevenueMinor, t.CommissionBps), fmt.Sprintf("%d bps of %d", t.CommissionBps, p.RevenueMinor))
	var bonus int64
	bs := slices.Clone(t.Bonuses)
	slices.SortFunc(bs, func(a, b Bonus) int { return cmp64(a.RevenueMinor, b.RevenueMinor) })
	n := 0
	for _, b := range bs {
		if p.RevenueMinor >= b.RevenueMinor {
			bonus += b.AmountMinor
			n++
		}
	}
	add(KindBonus, bonus, fmt.Sprintf("%d of %d thresholds reached", n, len(bs)))
	add(KindRights, p.RightsFeeMinor, "usage rights")
	return lines, nil
}

// Commission is revenue × bps / 10000, rounded half to even. Negative
// revenue (more refunds than sales) earns nothing; bps above 10000 (100%)
// count as 10000, which Terms.Validate refuses anyway.
func Commission(revenueMinor, bps int64) int64 {
	if revenueMinor <= 0 || bps <= 0 {
		return 0
	}
	bps = min(bps, 10000)
	// The product needs up to 77 bits; its high word stays below 2^13, so
	// Div64 cannot overflow and the quotient is at most revenueMinor.
	hi, lo := bits.Mul64(uint64(revenueMinor), uint64(bps))
	q, r := bits.Div64(hi, lo, 10000)
	switch {
	case r > 5000, r == 5000 && q%2 == 1:
		q++
	}
	return int64(q)
}

// Entry is one ledger line.
type Entry struct {
	Kind        string
	AmountMinor int64
}

// Balance is what is owed now: accruals minus payments.
func Balance(ledger []Entry) int64 {
	var b int64
	for _, e := range ledger {
		b += e.AmountMinor
	}
	return b
}

// Accruals returns the entries that bring the ledger's accruals up to what
// is earned: for each kind, the difference between the earned amount and
// what the ledger already accrued. A kind earned less than before (a refund
// lowering commission) gets a negative adjustment; nothing is ever edited.
func Accruals(earned []Line, ledger []Entry) []Entry {
	have := map[string]int64{}
	for _, e := range ledger {
		if e.Kind != KindPayment {
			have[e.Kind] += e.AmountMinor
		}
	}
	want := map[string]int64{}
	for _, l := range earned {
		want[l.Kind] += l.AmountMinor
	}
	var out []Entry
	for _, k := range AccrualKinds {
		if d := want[k] - have[k]; d != 0 {
			out = append(out, Entry{Kind: k, AmountMinor: d})
		}
	}
	return out
}

// Settle returns what a payout run adds to one collaboration's ledger: the
// accruals, then one payment of the whole positive balance. A balance of
// zero or less (overpaid after a refund) pays nothing and is carried.
func Settle(earned []Line, ledger []Entry) []Entry {
	out := Accruals(earned, ledger)
	bal := Balance(ledger) + Balance(out)
	if bal > 0 {
		out = append(out, Entry{Kind: KindPayment, AmountMinor: -bal})
	}
	return out
}

func mul(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	c := a * b
	return c, c/b == a
}

func cmp64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
