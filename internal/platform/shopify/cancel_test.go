package shopify

import (
	"strings"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/conversions"
)

// orderCancelledBody is orders/create's body as orders/cancelled sends it:
// the same Order resource with cancelled_at and cancel_reason set
// (https://shopify.dev/docs/api/admin-rest/latest/resources/order).
var orderCancelledBody = strings.Replace(orderCreateBody, `"financial_status": "paid",`,
	`"financial_status": "refunded", "cancelled_at": "2026-03-15T08:00:00-05:00", "cancel_reason": "customer",`, 1)

func TestParseOrdersCancelled(t *testing.T) {
	d := Delivery{Topic: TopicOrdersCancelled, Shop: "chorus-demo.myshopify.com", WebhookID: "w-9"}
	tests := []struct {
		name    string
		body    string
		wantAt  time.Time
		wantErr string
	}{
		// 08:00 at UTC-5 is 13:00 UTC.
		{"cancelled", orderCancelledBody, time.Date(2026, 3, 15, 13, 0, 0, 0, time.UTC), ""},
		{"no time given", strings.Replace(orderCancelledBody, `"cancelled_at": "2026-03-15T08:00:00-05:00", `, "", 1), time.Time{}, ""},
		{"bad time", strings.Replace(orderCancelledBody, "2026-03-15T08:00:00-05:00", "yesterday", 1), time.Time{},
			"shopify order 820982911946154508: field cancelled_at"},
		{"bad order", `{"id": 5, "currency": "USD"}`, time.Time{}, "missing field total_price"},
	}
	for _, tt := range tests {
		ev, err := Parse(d, []byte(tt.body), []byte("ws-1"))
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: error %v, want %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		// The whole order comes along: 179.99 USD, so that a cancellation
		// delivered before orders/create still stores it.
		if ev.Kind != conversions.KindCancelled || ev.Refund != nil || ev.Order == nil || ev.DeliveryID != "w-9" {
			t.Fatalf("%s: event %+v", tt.name, ev)
		}
		o := ev.Order
		if o.ExternalID != "820982911946154508" || o.Total != 17999 || o.Currency != "USD" || o.Shop != d.Shop || o.DeliveryID != "w-9" ||
			!o.CancelledAt.Equal(tt.wantAt) {
			t.Errorf("%s: order %s total %d %s shop %s delivery %s cancelled %v; want cancelled %v", tt.name, o.ExternalID, o.Total,
				o.Currency, o.Shop, o.DeliveryID, o.CancelledAt, tt.wantAt)
		}
	}
}
