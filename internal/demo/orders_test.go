package demo

import (
	"testing"

	"github.com/chorushq/chorus/internal/store/storetest"
)

// TestLoadOrdersAttributesLikeTheWebhooks checks the stored orders against
// the world itself: every order is stored once with its total and refund,
// an order that carries a creator's code is credited to that creator's
// collaboration by the code rule, and the campaign reports add up to the
// net revenue of the orders credited to their collaborations.
func TestLoadOrdersAttributesLikeTheWebhooks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		w := smallWorld(t)
		l, err := Load(ctx, f.DB, w, f.Workspace, nil)
		storetest.Must(t, err)
		codeOwner := map[string]int64{}
		for _, k := range w.Collaborations() {
			if k.DiscountCode != "" {
				codeOwner[k.DiscountCode] = l.Collaborations[k.ID]
			}
		}
		byCollab := map[int64]int64{} // net revenue credited, from the stored orders
		n, coded, rules := 0, 0, map[string]int{}
		for o := range w.Orders() {
			n++
			got, err := f.DB.Order(ctx, f.Workspace.ID, o.ID)
			if err != nil {
				t.Fatalf("order %s: %v", o.ID, err)
			}
			if got.TotalMinor != o.Total || got.RefundedMinor != o.Refund || got.NewCustomer != o.NewCustomer {
				t.Errorf("order %s: total %d refunded %d new %v, want %d %d %v", o.ID, got.TotalMinor, got.RefundedMinor, got.NewCustomer,
					o.Total, o.Refund, o.NewCustomer)
			}
			if len(o.Codes) > 0 {
				coded++
				if got.Rule != "code" || got.CollaborationID != codeOwner[o.Codes[0]] {
					t.Errorf("order %s with code %s: %s to %d, want code to %d", o.ID, o.Codes[0], got.Rule, got.CollaborationID, codeOwner[o.Codes[0]])
				}
			}
			rules[got.Rule]++
			byCollab[got.CollaborationID] += got.CreditMinor
			if got.CreditMinor != o.Total-o.Refund {
				t.Errorf("order %s: credit %d, want %d", o.ID, got.CreditMinor, o.Total-o.Refund)
			}
		}
		if n == 0 || coded == 0 || rules["click"] == 0 || rules["survey"] == 0 {
			t.Fatalf("%d orders, %d with codes, rules %v: the world is too small to test", n, coded, rules)
		}
		t.Logf("%d orders by rule: %v", n, rules)
		for i, cp := range w.Campaigns() {
			rep, err := f.DB.CampaignReport(ctx, f.Workspace.ID, l.Campaigns[i], "linear")
			storetest.Must(t, err)
			var want int64
			for _, r := range rep.Collaborations {
				want += byCollab[r.ID]
			}
			if rep.Campaign.Default.RevenueMinor != want {
				t.Errorf("campaign %s: default revenue %d, want %d", cp.Slug, rep.Campaign.Default.RevenueMinor, want)
			}
			if rep.Campaign.HumanClicks == 0 || rep.Journeys == 0 {
				t.Errorf("campaign %s: %d human clicks, %d journeys", cp.Slug, rep.Campaign.HumanClicks, rep.Journeys)
			}
		}
	})
}
