package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/chorushq/chorus/internal/store/storetest"
)

// TestShopifyWebhooksConcurrent sends 30 orders with Maya's code at once,
// each delivered twice (a shop retrying a slow answer), so that the group
// commit gathers deliveries and redeliveries into shared batches. Exactly
// one delivery of each id may store; every answer is a 200; and the report
// counts 30 orders of $12.00: 30 conversions and 30 x 1200 = 36000 cents.
func TestShopifyWebhooksConcurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		s := newShop(t, f)
		const orders = 30
		statuses := make(chan string, 2*orders)
		var wg sync.WaitGroup
		for i := range 2 * orders {
			wg.Go(func() {
				id := int64(7000 + i%orders)
				body := shopifyOrder(id, "12.00", fmt.Sprintf("buyer%d@x.test", id), "/", s.code)
				w := s.hook("/hooks/shopify/acme", "orders/create", fmt.Sprintf("conc-%d", id), acmeShopifySecret, body)
				var out struct{ Status string }
				if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &out) != nil {
					t.Errorf("order %d: %d %s", id, w.Code, w.Body)
				}
				statuses <- out.Status
			})
		}
		wg.Wait()
		close(statuses)
		count := map[string]int{}
		for st := range statuses {
			count[st]++
		}
		if count["stored"] != orders || count["duplicate delivery"] != orders {
			t.Errorf("answers %v, want %d stored and %d duplicate deliveries", count, orders, orders)
		}
		row := s.row(t, s.report(t, "default"), s.maya)
		if row.Default.Conversions != orders || row.Default.RevenueMinor != orders*1200 {
			t.Errorf("Maya: %+v, want %d conversions and %d revenue", row.Default, orders, orders*1200)
		}
	})
}
