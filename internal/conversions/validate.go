package conversions

import (
	"errors"
	"fmt"
	"strings"
)

// Validate checks an order that did not come through a shop adapter (the
// JSON API, an import) and reports every problem at once, each naming its
// field. Adapters produce valid orders by construction.
func Validate(o Order) error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("field %s: "+format, append([]any{field}, args...)...))
	}
	switch o.Provider {
	case ProviderShopify, ProviderWooCommerce, ProviderAPI:
	default:
		bad("provider", "%q: want shopify, woocommerce or api", o.Provider)
	}
	if strings.TrimSpace(o.ExternalID) == "" {
		bad("external_id", "empty")
	}
	if o.Time.IsZero() {
		bad("time", "missing")
	}
	if _, err := NormalizeCurrency(o.Currency); err != nil {
		bad("currency", "%v", err)
	}
	if o.Total < 0 {
		bad("total", "negative (%d)", o.Total)
	}
	if o.Discounts < 0 {
		bad("discounts", "negative (%d)", o.Discounts)
	}
	if o.LineItems < 0 {
		bad("line_items", "negative (%d)", o.LineItems)
	}
	for i, r := range o.Refunds {
		if r.Amount < 0 {
			bad(fmt.Sprintf("refunds[%d].amount", i), "negative (%d)", r.Amount)
		}
		if r.Amount != 0 && r.Currency != o.Currency {
			bad(fmt.Sprintf("refunds[%d].currency", i), "%q differs from the order's %q", r.Currency, o.Currency)
		}
	}
	return errors.Join(errs...)
}
