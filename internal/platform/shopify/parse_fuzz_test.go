package shopify

import (
	"encoding/json"
	"testing"
)

// FuzzParse: any body under any supported topic is parsed or refused with
// an error; never a panic, and malformed JSON is never an event.
func FuzzParse(f *testing.F) {
	for _, b := range []string{orderCreateBody, orderCancelledBody, refundPartialBody, refundFullBody, `{}`, `{"id":1}`, `{"id":"x","total_price":"1e400"}`,
		`{"id":1,"currency":"USD","total_price":"-5","discount_codes":[{"code":null}],"note_attributes":[{"name":1}]}`, `[`, ``} {
		for _, topic := range []string{TopicOrdersCreate, TopicOrdersPaid, TopicRefundsCreate, TopicOrdersCancelled} {
			f.Add(topic, []byte(b))
		}
	}
	f.Fuzz(func(t *testing.T, topic string, body []byte) {
		ev, err := Parse(Delivery{Topic: topic, Shop: "acme.myshopify.com", WebhookID: "w1"}, body, []byte("salt"))
		if err != nil {
			return
		}
		if !json.Valid(body) {
			t.Fatalf("malformed body accepted under %q: %q", topic, body)
		}
		if (ev.Order == nil) == (ev.Refund == nil) {
			t.Fatalf("event carries order %v and refund %v", ev.Order != nil, ev.Refund != nil)
		}
	})
}
