package woocommerce

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/conversions"
)

// orderPayload is the part of the REST API v3 order
// (https://woocommerce.github.io/woocommerce-rest-api-docs/#order-properties)
// that Chorus reads. Webhook deliveries carry exactly this JSON.
type orderPayload struct {
	ID             *int64  `json:"id"`
	Number         string  `json:"number"`
	Status         string  `json:"status"`
	Currency       string  `json:"currency"`
	DateCreatedGMT string  `json:"date_created_gmt"`
	DatePaidGMT    string  `json:"date_paid_gmt"`
	DateModGMT     string  `json:"date_modified_gmt"`
	DiscountTotal  string  `json:"discount_total"`
	Total          *string `json:"total"`
	CustomerID     int64   `json:"customer_id"`
	Billing        struct {
		Email   string `json:"email"`
		Country string `json:"country"`
		State   string `json:"state"`
	} `json:"billing"`
	Shipping struct {
		Country string `json:"country"`
		State   string `json:"state"`
	} `json:"shipping"`
	MetaData []struct {
		Key   string `json:"key"`
		Value any    `json:"value"`
	} `json:"meta_data"`
	LineItems []struct {
		Total string `json:"total"`
	} `json:"line_items"`
	CouponLines []struct {
		Code string `json:"code"`
	} `json:"coupon_lines"`
	Refunds []struct {
		ID    int64  `json:"id"`
		Total string `json:"total"`
	} `json:"refunds"`
}

// Meta keys of WooCommerce's own order attribution (since 8.5): the landing
// page and the utm values of the session that bought.
const (
	metaLanding = "_wc_order_attribution_session_entry"
	metaUTM     = "_wc_order_attribution_utm_"
)

const gmtLayout = "2006-01-02T15:04:05"

// ParseOrder maps an order body. salt keys the e-mail hash.
func ParseOrder(body, salt []byte) (conversions.Order, error) {
	o, _, err := parseOrder(body, salt)
	return o, err
}

func parseOrder(body, salt []byte) (conversions.Order, orderPayload, error) {
	var p orderPayload
	if err := conversions.DecodeJSON(body, &p); err != nil {
		return conversions.Order{}, p, fmt.Errorf("woocommerce order: %w", err)
	}
	o, err := mapOrder(p, salt)
	return o, p, err
}

func mapOrder(p orderPayload, salt []byte) (conversions.Order, error) {
	if p.ID == nil {
		return conversions.Order{}, fmt.Errorf("woocommerce order: missing field id")
	}
	o := conversions.Order{
		Provider:   conversions.ProviderWooCommerce,
		ExternalID: strconv.FormatInt(*p.ID, 10),
		Name:       p.Number,
		LineItems:  len(p.LineItems),
		// Where it ships, else where it is billed (virtual goods ship nowhere).
		Region: cmp.Or(conversions.MakeRegion(p.Shipping.Country, p.Shipping.State),
			conversions.MakeRegion(p.Billing.Country, p.Billing.State)),
	}
	errf := func(format string, args ...any) (conversions.Order, error) {
		return conversions.Order{}, fmt.Errorf("woocommerce order %s: "+format, append([]any{o.ExternalID}, args...)...)
	}
	var err error
	if o.Currency, err = conversions.NormalizeCurrency(p.Currency); err != nil {
		return errf("field currency: %w", err)
	}
	if p.Total == nil {
		return errf("missing field total")
	}
	if o.Total, err = conversions.ParseAmount(*p.Total, o.Currency); err != nil {
		return errf("field total: %w", err)
	}
	if p.DiscountTotal != "" {
		if o.Discounts, err = conversions.ParseAmount(p.DiscountTotal, o.Currency); err != nil {
			return errf("field discount_total: %w", err)
		}
	}
	for i, li := range p.LineItems {
		v, err := conversions.ParseAmount(li.Total, o.Currency)
		if err != nil {
			return errf("field line_items[%d].total: %w", i, err)
		}
		o.Subtotal += v
	}
	if p.DateCreatedGMT == "" {
		return errf("missing field date_created_gmt")
	}
	if o.Time, err = time.ParseInLocation(gmtLayout, p.DateCreatedGMT, time.UTC); err != nil {
		return errf("field date_created_gmt: %w", err)
	}
	for _, c := range p.CouponLines {
		if code := conversions.NormalizeCode(c.Code); code != "" {
			o.DiscountCodes = append(o.DiscountCodes, code)
		}
	}
	if len(p.MetaData) > 0 {
		o.Attributes = make(map[string]string, len(p.MetaData))
		for _, m := range p.MetaData {
			switch v := m.Value.(type) {
			case string:
				o.Attributes[m.Key] = v
			case float64, bool:
				o.Attributes[m.Key] = fmt.Sprint(v)
			}
		}
	}
	o.LandingSite = o.Attributes[metaLanding]
	o.UTM, o.ClickID = conversions.ParseLanding(o.LandingSite)
	fillUTM(&o.UTM, o.Attributes)
	for _, k := range []string{conversions.ClickParam, "_" + conversions.ClickParam} {
		if o.ClickID == "" {
			o.ClickID = strings.TrimSpace(o.Attributes[k])
		}
	}
	if p.CustomerID != 0 {
		o.Customer.ID = strconv.FormatInt(p.CustomerID, 10)
	}
	o.Customer.EmailHash = conversions.HashEmail(salt, p.Billing.Email)

	// Refunds come without their own date; the order's modification time
	// is the best bound we have (the refund happened no later).
	refundTime := o.Time
	if p.DateModGMT != "" {
		if refundTime, err = time.ParseInLocation(gmtLayout, p.DateModGMT, time.UTC); err != nil {
			return errf("field date_modified_gmt: %w", err)
		}
	}
	for i, r := range p.Refunds {
		amt, err := conversions.ParseAmount(r.Total, o.Currency)
		if err != nil {
			return errf("field refunds[%d].total: %w", i, err)
		}
		// WooCommerce lists refund totals as negative amounts.
		if amt < 0 {
			amt = -amt
		}
		o.Refunds = append(o.Refunds, conversions.Refund{
			Provider:   conversions.ProviderWooCommerce,
			ExternalID: strconv.FormatInt(r.ID, 10),
			OrderID:    o.ExternalID,
			Time:       refundTime,
			Amount:     amt,
			Currency:   o.Currency,
		})
	}
	return o, nil
}

// fillUTM takes utm values from WooCommerce's attribution meta where the
// landing URL did not carry them.
func fillUTM(u *conversions.UTM, attrs map[string]string) {
	for _, f := range []struct {
		name string
		dst  *string
	}{{"source", &u.Source}, {"medium", &u.Medium}, {"campaign", &u.Campaign}, {"term", &u.Term}, {"content", &u.Content}} {
		if *f.dst == "" {
			*f.dst = attrs[metaUTM+f.name]
		}
	}
}

// paidStatuses are the statuses WooCommerce gives an order once payment is
// complete (https://woocommerce.com/document/managing-orders/order-statuses/).
var paidStatuses = map[string]bool{"processing": true, "completed": true}

// cancelledStatuses end an order without a sale: cancelled, or refunded in
// full (a status set by hand may come without any refund listed).
var cancelledStatuses = map[string]bool{"cancelled": true, "refunded": true}

// Parse maps a verified delivery to a domain event. An order whose status
// is cancelled or refunded becomes cancelled; order.updated becomes
// refunded when the order lists refunds (all of them, every time: store them
// idempotently by refund id), paid when it has been paid, and updated
// otherwise.
func Parse(d Delivery, body, salt []byte) (conversions.Event, error) {
	if d.Topic != TopicOrderCreated && d.Topic != TopicOrderUpdated {
		return conversions.Event{}, fmt.Errorf("%w %q", ErrUnsupportedTopic, d.Topic)
	}
	o, p, err := parseOrder(body, salt)
	if err != nil {
		return conversions.Event{}, err
	}
	o.Shop, o.DeliveryID = d.Source, d.DeliveryID
	for i := range o.Refunds {
		o.Refunds[i].Shop, o.Refunds[i].DeliveryID = d.Source, d.DeliveryID
	}
	ev := conversions.Event{Provider: conversions.ProviderWooCommerce, Shop: d.Source, DeliveryID: d.DeliveryID, Order: &o}
	switch {
	case cancelledStatuses[p.Status]:
		// Refunds listed are applied first; the cancellation takes back
		// what they left, so a full refund is never counted twice.
		ev.Kind = conversions.KindCancelled
		if p.DateModGMT != "" {
			o.CancelledAt, _ = time.ParseInLocation(gmtLayout, p.DateModGMT, time.UTC) // checked by parseOrder
		}
	case d.Topic == TopicOrderCreated:
		ev.Kind = conversions.KindOrderCreated
	case len(o.Refunds) > 0:
		ev.Kind = conversions.KindRefunded
	case paidStatuses[p.Status] && p.DatePaidGMT != "":
		ev.Kind = conversions.KindOrderPaid
	default:
		ev.Kind = conversions.KindOrderUpdated
	}
	return ev, nil
}
