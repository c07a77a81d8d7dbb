package shopify

import (
	"fmt"
	"time"

	"github.com/chorushq/chorus/internal/conversions"
)

// TopicOrdersCancelled carries the whole Order resource with cancelled_at
// set. Shopify sends it whether or not money went back; when it did, a
// refunds/create follows or precedes it, and the store counts the money
// once whichever comes first.
const TopicOrdersCancelled = "orders/cancelled"

// cancelPayload is what orders/cancelled adds to the Order resource:
// https://shopify.dev/docs/api/admin-rest/latest/resources/order
// (cancelled_at, cancel_reason).
type cancelPayload struct {
	CancelledAt string `json:"cancelled_at"`
}

// ParseCancelled maps an orders/cancelled body: the order as ParseOrder
// reads it, with CancelledAt. The whole order comes along, so a
// cancellation that arrives before orders/create still stores the order
// (and reverses its credit at once).
func ParseCancelled(body, salt []byte) (conversions.Order, error) {
	o, err := ParseOrder(body, salt)
	if err != nil {
		return o, err
	}
	var p cancelPayload
	if err := conversions.DecodeJSON(body, &p); err != nil {
		return conversions.Order{}, fmt.Errorf("shopify order %s: %w", o.ExternalID, err)
	}
	if p.CancelledAt != "" {
		t, err := time.Parse(time.RFC3339, p.CancelledAt)
		if err != nil {
			return conversions.Order{}, fmt.Errorf("shopify order %s: field cancelled_at: %w", o.ExternalID, err)
		}
		o.CancelledAt = t.UTC()
	}
	return o, nil
}
