package woocommerce

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzParse: any body is parsed or refused with an error; never a panic,
// and malformed JSON is never an event.
func FuzzParse(f *testing.F) {
	for _, b := range []string{orderBody, strings.Replace(orderBody, `"status": "processing"`, `"status": "cancelled"`, 1), `{}`, `{"id":1}`, `{"id":1,"total":"abc","currency":"USD"}`,
		`{"id":1,"currency":"USD","total":"10","refunds":[{"id":2,"total":"-20"}],"meta_data":[{"key":1,"value":{}}]}`, `[`, ``} {
		for _, topic := range []string{TopicOrderCreated, TopicOrderUpdated} {
			f.Add(topic, []byte(b))
		}
	}
	f.Fuzz(func(t *testing.T, topic string, body []byte) {
		ev, err := Parse(Delivery{Source: "https://shop.example", Topic: topic, WebhookID: "1", DeliveryID: "d1"}, body, []byte("salt"))
		if err != nil {
			return
		}
		if !json.Valid(body) {
			t.Fatalf("malformed body accepted under %q: %q", topic, body)
		}
		if ev.Order == nil && ev.Refund == nil {
			t.Fatalf("event with neither order nor refund: %+v", ev)
		}
	})
}
