package woocommerce

import (
	"errors"
	"net/http"
	"regexp"

	"github.com/chorushq/chorus/internal/conversions"
)

// Topics Parse understands.
const (
	TopicOrderCreated = "order.created"
	TopicOrderUpdated = "order.updated"
)

// ErrUnsupportedTopic is returned for topics Chorus does not use; answer 200.
var ErrUnsupportedTopic = errors.New("woocommerce: unsupported webhook topic")

// Delivery is what the headers of one webhook request say. WC_Webhook sends
// X-WC-Webhook-Source (the site URL), -Topic, -Resource, -Event, -Signature,
// -ID (the webhook) and -Delivery-ID (this delivery):
// https://woocommerce.github.io/woocommerce-rest-api-docs/#webhooks and
// includes/class-wc-webhook.php (get_new_delivery_id, deliver).
type Delivery struct {
	Source     string
	Topic      string
	Signature  string
	WebhookID  string
	DeliveryID string
}

// DeliveryFrom reads the WooCommerce webhook headers.
func DeliveryFrom(h http.Header) Delivery {
	return Delivery{
		Source:     h.Get("X-WC-Webhook-Source"),
		Topic:      h.Get("X-WC-Webhook-Topic"),
		Signature:  h.Get("X-WC-Webhook-Signature"),
		WebhookID:  h.Get("X-WC-Webhook-ID"),
		DeliveryID: h.Get("X-WC-Webhook-Delivery-ID"),
	}
}

// Verify reports whether signature is base64(HMAC-SHA256(secret, body)),
// which is what WC_Webhook::generate_signature computes over the raw
// payload.
func Verify(secret, body []byte, signature string) bool {
	return conversions.VerifyHMAC(secret, body, signature)
}

var pingBody = regexp.MustCompile(`^webhook_id=[0-9]+$`)

// IsPing reports whether body is the test delivery WooCommerce posts when a
// webhook is created or its URL changes: the form-encoded "webhook_id=N",
// sent without signature or topic headers (WC_Webhook::deliver_ping). The
// handler should answer 200 and do nothing else; it carries no data.
func IsPing(body []byte) bool {
	return len(body) < 64 && pingBody.Match(body)
}
