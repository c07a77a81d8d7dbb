package conversions

import (
	"fmt"
	"time"
)

// Provider names where an order came from.
type Provider string

const (
	ProviderShopify     Provider = "shopify"
	ProviderWooCommerce Provider = "woocommerce"
	ProviderAPI         Provider = "api"
)

// Kind is what happened to an order in one delivery.
type Kind string

const (
	KindOrderCreated Kind = "order_created"
	KindOrderPaid    Kind = "order_paid"
	// KindOrderUpdated is a change that neither pays nor refunds (status
	// moved to on-hold, an address was edited): upsert, credit nothing new.
	KindOrderUpdated Kind = "order_updated"
	KindRefunded     Kind = "refunded"
	// KindCancelled is an order the shop cancelled, or marked refunded in
	// full: whatever credit is left is reversed as by a refund of the rest,
	// once, however often it is told.
	KindCancelled Kind = "cancelled"
)

// CustomerStatus says whether the buyer had ordered before, when the store
// tells us; many payloads do not, and then it stays Unknown.
type CustomerStatus string

const (
	CustomerUnknown   CustomerStatus = ""
	CustomerNew       CustomerStatus = "new"
	CustomerReturning CustomerStatus = "returning"
)

// Customer identifies a buyer without storing who they are: the store's own
// customer id when there is one, and a salted hash of the e-mail address
// (see HashEmail). The raw address never leaves the adapter.
type Customer struct {
	ID        string
	EmailHash string
	Status    CustomerStatus
}

// UTM holds the utm_* parameters of the landing URL.
type UTM struct {
	Source, Medium, Campaign, Term, Content string
}

// Order is one shop order in neutral form. Amounts are minor units of
// Currency.
type Order struct {
	Provider Provider
	// Shop is the store it came from: the myshopify domain, the WooCommerce
	// site URL, or whatever the API caller names.
	Shop       string
	ExternalID string
	// DeliveryID is the webhook delivery that last told us about the order
	// (empty for orders posted to the API).
	DeliveryID string
	// Name is the human order number shown to the merchant ("#1001").
	Name string
	Time time.Time

	Currency  string
	Total     int64 // what the customer paid, after discounts, with tax and shipping
	Subtotal  int64 // line items after discounts, before tax and shipping
	Discounts int64 // total discount granted

	// DiscountCodes are the codes the customer entered, upper-cased so they
	// match codes issued to creators whatever the customer typed.
	DiscountCodes []string
	LandingSite   string
	UTM           UTM
	// ClickID is the chorus_cid of the tracked click that brought the buyer,
	// from the landing URL or from a note attribute / meta field the
	// storefront snippet wrote. Empty when unknown.
	ClickID string
	// Attributes are the free-form note attributes (Shopify) or public
	// meta_data (WooCommerce) with string values.
	Attributes map[string]string
	Customer   Customer
	LineItems  int // number of line items (not units)
	// Region is where the order ships (MakeRegion: "US", "US-CA"), for
	// regional holdout tests; empty when unknown.
	Region string
	Test   bool
	// Refunds already present in the order payload (WooCommerce sends them
	// with the order).
	Refunds []Refund
	// CancelledAt is when the shop cancelled the order (zero when it did
	// not, or did not say when).
	CancelledAt time.Time
}

// Refund takes money back from an order; Amount is positive minor units.
type Refund struct {
	Provider   Provider
	Shop       string
	ExternalID string
	DeliveryID string
	OrderID    string
	Time       time.Time
	Amount     int64
	Currency   string
}

// Event is one verified webhook delivery mapped to the domain: exactly one of
// Order or Refund is set. Shopify sends each refund on its own (Refund set);
// WooCommerce sends the whole order with all its refunds so far (Order set,
// Order.Refunds filled, Kind refunded). DeliveryID is the provider's id for
// the delivery; orders and refunds are keyed by their external ids, so
// processing the same delivery twice changes nothing.
type Event struct {
	Kind       Kind
	Provider   Provider
	Shop       string
	DeliveryID string
	Order      *Order
	Refund     *Refund
}

// NetTotal is the order total less the given refunds of the same order. A
// refund in another currency is an error rather than a silent mix.
func NetTotal(o Order, refunds []Refund) (int64, error) {
	net := o.Total
	for _, r := range refunds {
		if r.Amount == 0 {
			continue // a restock-only refund moves no money and may carry no currency
		}
		if r.OrderID != "" && r.OrderID != o.ExternalID {
			return 0, fmt.Errorf("refund %s belongs to order %s, not %s", r.ExternalID, r.OrderID, o.ExternalID)
		}
		if r.Currency != o.Currency {
			return 0, fmt.Errorf("refund %s is in %s, order %s in %s", r.ExternalID, r.Currency, o.ExternalID, o.Currency)
		}
		net -= r.Amount
	}
	return net, nil
}
