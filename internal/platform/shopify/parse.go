package shopify

import (
	"fmt"

	"github.com/chorushq/chorus/internal/conversions"
)

// Parse maps a verified delivery to a domain event. Call Verify first.
func Parse(d Delivery, body, salt []byte) (conversions.Event, error) {
	ev := conversions.Event{Provider: conversions.ProviderShopify, Shop: d.Shop, DeliveryID: d.WebhookID}
	switch d.Topic {
	case TopicOrdersCreate, TopicOrdersPaid:
		o, err := ParseOrder(body, salt)
		if err != nil {
			return conversions.Event{}, err
		}
		o.Shop, o.DeliveryID = d.Shop, d.WebhookID
		ev.Kind, ev.Order = conversions.KindOrderCreated, &o
		if d.Topic == TopicOrdersPaid {
			ev.Kind = conversions.KindOrderPaid
		}
	case TopicOrdersCancelled:
		o, err := ParseCancelled(body, salt)
		if err != nil {
			return conversions.Event{}, err
		}
		o.Shop, o.DeliveryID = d.Shop, d.WebhookID
		ev.Kind, ev.Order = conversions.KindCancelled, &o
	case TopicRefundsCreate:
		r, err := ParseRefund(body)
		if err != nil {
			return conversions.Event{}, err
		}
		r.Shop, r.DeliveryID = d.Shop, d.WebhookID
		ev.Kind, ev.Refund = conversions.KindRefunded, &r
	default:
		return conversions.Event{}, fmt.Errorf("%w %q", ErrUnsupportedTopic, d.Topic)
	}
	return ev, nil
}
