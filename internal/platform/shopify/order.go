package shopify

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/conversions"
)

// orderPayload is the part of the REST Order resource that webhooks send and
// Chorus reads: https://shopify.dev/docs/api/admin-rest/latest/resources/order
// (the orders/create and orders/paid topics carry this resource).
type orderPayload struct {
	ID             *int64  `json:"id"`
	Name           string  `json:"name"`
	Email          string  `json:"email"`
	ContactEmail   string  `json:"contact_email"`
	CreatedAt      string  `json:"created_at"`
	Currency       string  `json:"currency"`
	TotalPrice     *string `json:"total_price"`
	SubtotalPrice  string  `json:"subtotal_price"`
	TotalDiscounts string  `json:"total_discounts"`
	Test           bool    `json:"test"`
	LandingSite    string  `json:"landing_site"`
	DiscountCodes  []struct {
		Code string `json:"code"`
	} `json:"discount_codes"`
	NoteAttributes []struct {
		Name  string `json:"name"`
		Value any    `json:"value"`
	} `json:"note_attributes"`
	Customer *struct {
		ID          int64  `json:"id"`
		Email       string `json:"email"`
		OrdersCount *int64 `json:"orders_count"`
	} `json:"customer"`
	LineItems       []struct{} `json:"line_items"`
	ShippingAddress *address   `json:"shipping_address"`
	BillingAddress  *address   `json:"billing_address"`
}

// address is the part of an order's address that places it in a region.
type address struct {
	CountryCode  string `json:"country_code"`
	ProvinceCode string `json:"province_code"`
}

// region is where the order ships, else where it is billed.
func (p orderPayload) region() string {
	for _, a := range []*address{p.ShippingAddress, p.BillingAddress} {
		if a != nil {
			if r := conversions.MakeRegion(a.CountryCode, a.ProvinceCode); r != "" {
				return r
			}
		}
	}
	return ""
}

// ParseOrder maps an orders/create or orders/paid body. salt is the
// workspace's secret for hashing e-mail addresses (conversions.HashEmail).
func ParseOrder(body, salt []byte) (conversions.Order, error) {
	var p orderPayload
	if err := conversions.DecodeJSON(body, &p); err != nil {
		return conversions.Order{}, fmt.Errorf("shopify order: %w", err)
	}
	if p.ID == nil {
		return conversions.Order{}, fmt.Errorf("shopify order: missing field id")
	}
	o := conversions.Order{
		Provider:    conversions.ProviderShopify,
		ExternalID:  strconv.FormatInt(*p.ID, 10),
		Name:        p.Name,
		LandingSite: p.LandingSite,
		LineItems:   len(p.LineItems),
		Test:        p.Test,
		Region:      p.region(),
	}
	errf := func(format string, args ...any) (conversions.Order, error) {
		return conversions.Order{}, fmt.Errorf("shopify order %s: "+format, append([]any{o.ExternalID}, args...)...)
	}
	var err error
	if o.Currency, err = conversions.NormalizeCurrency(p.Currency); err != nil {
		return errf("field currency: %w", err)
	}
	if p.TotalPrice == nil {
		return errf("missing field total_price")
	}
	if o.Total, err = conversions.ParseAmount(*p.TotalPrice, o.Currency); err != nil {
		return errf("field total_price: %w", err)
	}
	for _, f := range []struct {
		name, src string
		dst       *int64
	}{{"subtotal_price", p.SubtotalPrice, &o.Subtotal}, {"total_discounts", p.TotalDiscounts, &o.Discounts}} {
		if f.src == "" {
			continue
		}
		if *f.dst, err = conversions.ParseAmount(f.src, o.Currency); err != nil {
			return errf("field %s: %w", f.name, err)
		}
	}
	if p.CreatedAt == "" {
		return errf("missing field created_at")
	}
	if o.Time, err = time.Parse(time.RFC3339, p.CreatedAt); err != nil {
		return errf("field created_at: %w", err)
	}
	o.Time = o.Time.UTC()
	for _, d := range p.DiscountCodes {
		if c := conversions.NormalizeCode(d.Code); c != "" {
			o.DiscountCodes = append(o.DiscountCodes, c)
		}
	}
	if len(p.NoteAttributes) > 0 {
		o.Attributes = make(map[string]string, len(p.NoteAttributes))
		for _, a := range p.NoteAttributes {
			o.Attributes[a.Name] = attrString(a.Value)
		}
	}
	o.UTM, o.ClickID = conversions.ParseLanding(p.LandingSite)
	if o.ClickID == "" {
		// The storefront snippet stores the click id as a cart attribute,
		// which becomes a note attribute on the order.
		o.ClickID = strings.TrimSpace(o.Attributes[conversions.ClickParam])
	}
	email := p.Email
	if email == "" {
		email = p.ContactEmail
	}
	if c := p.Customer; c != nil {
		if c.ID != 0 {
			o.Customer.ID = strconv.FormatInt(c.ID, 10)
		}
		if email == "" {
			email = c.Email
		}
		// orders_count includes this order; it is absent from API
		// versions that dropped the field, and then we do not know.
		if c.OrdersCount != nil {
			o.Customer.Status = conversions.CustomerReturning
			if *c.OrdersCount <= 1 {
				o.Customer.Status = conversions.CustomerNew
			}
		}
	}
	o.Customer.EmailHash = conversions.HashEmail(salt, email)
	return o, nil
}

func attrString(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	default:
		return fmt.Sprint(v)
	}
}
