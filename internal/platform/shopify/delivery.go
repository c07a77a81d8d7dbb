package shopify

import (
	"errors"
	"net/http"
)

// Topics Parse understands.
const (
	TopicOrdersCreate  = "orders/create"
	TopicOrdersPaid    = "orders/paid"
	TopicRefundsCreate = "refunds/create"
)

// ErrUnsupportedTopic is returned by Parse for topics Chorus does not use;
// the handler should still answer 200 so Shopify stops retrying.
var ErrUnsupportedTopic = errors.New("shopify: unsupported webhook topic")

// Delivery is what the headers of one webhook request say. Shopify documents
// these headers at https://shopify.dev/docs/apps/build/webhooks/subscribe/https
// (X-Shopify-Topic, X-Shopify-Hmac-Sha256, X-Shopify-Shop-Domain,
// X-Shopify-Webhook-Id, X-Shopify-API-Version, X-Shopify-Event-Id).
type Delivery struct {
	Topic      string
	HMAC       string
	Shop       string
	WebhookID  string // unique per delivery attempt series; the idempotency key
	EventID    string // same event across several subscriptions
	APIVersion string
}

// DeliveryFrom reads the Shopify webhook headers.
func DeliveryFrom(h http.Header) Delivery {
	return Delivery{
		Topic:      h.Get("X-Shopify-Topic"),
		HMAC:       h.Get("X-Shopify-Hmac-Sha256"),
		Shop:       h.Get("X-Shopify-Shop-Domain"),
		WebhookID:  h.Get("X-Shopify-Webhook-Id"),
		EventID:    h.Get("X-Shopify-Event-Id"),
		APIVersion: h.Get("X-Shopify-API-Version"),
	}
}
