package shopify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/conversions"
)

// orderCreateBody follows the orders/create example payload in Shopify's
// webhook reference (https://shopify.dev/docs/api/webhooks?reference=toml,
// topic orders/create) and the Order resource
// (https://shopify.dev/docs/api/admin-rest/latest/resources/order), trimmed to
// the fields Chorus reads plus a few it must ignore. IDs above 2^53 check
// that they are not passed through a float.
const orderCreateBody = `{
  "id": 820982911946154508,
  "admin_graphql_api_id": "gid://shopify/Order/820982911946154508",
  "email": "Jon@Example.com",
  "created_at": "2026-03-14T10:30:00-05:00",
  "currency": "USD",
  "presentment_currency": "USD",
  "financial_status": "paid",
  "name": "#9999",
  "test": false,
  "total_price": "179.99",
  "subtotal_price": "169.99",
  "total_discounts": "20.00",
  "total_tax": "0.00",
  "landing_site": "/products/serum?utm_source=instagram&utm_medium=creator&utm_campaign=spring&chorus_cid=c_8Hq2",
  "referring_site": "https://l.instagram.com/",
  "discount_codes": [{"code": "anna20", "amount": "20.00", "type": "fixed_amount"}],
  "note_attributes": [{"name": "gift", "value": "yes"}, {"name": "chorus_cid", "value": "c_fromcart"}],
  "customer": {"id": 115310627314723954, "email": "jon@example.com", "orders_count": 1},
  "line_items": [
    {"id": 866550311766439020, "quantity": 1, "price": "149.99", "title": "Serum"},
    {"id": 141249953214522974, "quantity": 2, "price": "10.00", "title": "Sample"}
  ],
  "shipping_lines": [{"price": "10.00"}]
}`

// refundPartialBody and refundFullBody follow the Refund resource
// (https://shopify.dev/docs/api/admin-rest/latest/resources/refund) as sent
// on refunds/create: money moves in transactions of kind "refund".
const refundPartialBody = `{
  "id": 929361462,
  "order_id": 820982911946154508,
  "created_at": "2026-03-20T09:00:00-05:00",
  "processed_at": "2026-03-20T09:00:01-05:00",
  "note": "scratched",
  "restock": false,
  "refund_line_items": [{"id": 1, "quantity": 1, "line_item_id": 141249953214522974, "subtotal": 10.0}],
  "transactions": [
    {"id": 1, "order_id": 820982911946154508, "kind": "refund", "status": "success", "amount": "10.00", "currency": "USD"},
    {"id": 2, "order_id": 820982911946154508, "kind": "refund", "status": "failure", "amount": "10.00", "currency": "USD"}
  ]
}`

const refundFullBody = `{
  "id": 929361463,
  "order_id": 820982911946154508,
  "created_at": "2026-03-21T09:00:00-05:00",
  "transactions": [
    {"id": 3, "kind": "refund", "status": "success", "amount": "100.00", "currency": "USD"},
    {"id": 4, "kind": "refund", "status": "success", "amount": "69.99", "currency": "USD"}
  ]
}`

// sign computes the header independently of Verify, the way Shopify's
// documentation describes it: base64(HMAC-SHA256(secret, raw body)).
func sign(secret, body string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(body))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func TestVerify(t *testing.T) {
	const secret = "hush-7f3a"
	good := sign(secret, orderCreateBody)
	tests := []struct {
		name   string
		secret string
		body   string
		header string
		want   bool
	}{
		{"valid", secret, orderCreateBody, good, true},
		{"tampered body", secret, strings.Replace(orderCreateBody, "179.99", "1.99", 1), good, false},
		{"wrong secret", "other", orderCreateBody, good, false},
		{"empty secret", "", orderCreateBody, sign("", orderCreateBody), false},
		{"missing header", secret, orderCreateBody, "", false},
		{"not base64", secret, orderCreateBody, "%%%", false},
		{"hex instead of base64", secret, orderCreateBody, "ab12", false},
		{"truncated", secret, orderCreateBody, good[:20], false},
	}
	for _, tt := range tests {
		if got := Verify([]byte(tt.secret), []byte(tt.body), tt.header); got != tt.want {
			t.Errorf("%s: Verify = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestDeliveryFrom(t *testing.T) {
	h := http.Header{}
	h.Set("X-Shopify-Topic", "orders/create")
	h.Set("X-Shopify-Hmac-Sha256", "abc=")
	h.Set("X-Shopify-Shop-Domain", "chorus-demo.myshopify.com")
	h.Set("X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043")
	h.Set("X-Shopify-Api-Version", "2025-07")
	want := Delivery{Topic: "orders/create", HMAC: "abc=", Shop: "chorus-demo.myshopify.com",
		WebhookID: "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", APIVersion: "2025-07"}
	if got := DeliveryFrom(h); got != want {
		t.Errorf("DeliveryFrom = %+v, want %+v", got, want)
	}
}

func TestParseOrderCreate(t *testing.T) {
	salt := []byte("ws-1")
	d := Delivery{Topic: TopicOrdersCreate, Shop: "chorus-demo.myshopify.com", WebhookID: "w-1"}
	ev, err := Parse(d, []byte(orderCreateBody), salt)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Kind != conversions.KindOrderCreated || ev.DeliveryID != "w-1" || ev.Shop != d.Shop || ev.Refund != nil {
		t.Fatalf("event = %+v", ev)
	}
	o := ev.Order
	// 10:30 at UTC-5 is 15:30 UTC.
	wantTime := time.Date(2026, 3, 14, 15, 30, 0, 0, time.UTC)
	checks := []struct {
		name      string
		got, want any
	}{
		{"provider", o.Provider, conversions.ProviderShopify},
		{"shop", o.Shop, "chorus-demo.myshopify.com"},
		{"delivery", o.DeliveryID, "w-1"},
		{"id", o.ExternalID, "820982911946154508"},
		{"name", o.Name, "#9999"},
		{"time", o.Time, wantTime},
		{"currency", o.Currency, "USD"},
		{"total", o.Total, int64(17999)},
		{"subtotal", o.Subtotal, int64(16999)},
		{"discounts", o.Discounts, int64(2000)},
		{"codes", strings.Join(o.DiscountCodes, ","), "ANNA20"},
		{"utm", o.UTM, conversions.UTM{Source: "instagram", Medium: "creator", Campaign: "spring"}},
		{"click id from landing URL wins", o.ClickID, "c_8Hq2"},
		{"attr", o.Attributes["gift"], "yes"},
		{"customer id", o.Customer.ID, "115310627314723954"},
		{"customer new (orders_count 1)", o.Customer.Status, conversions.CustomerNew},
		{"email hash of lower-cased address", o.Customer.EmailHash, conversions.HashEmail(salt, "jon@example.com")},
		{"line items", o.LineItems, 2},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if strings.Contains(o.Customer.EmailHash, "@") {
		t.Error("raw e-mail stored")
	}
}

func TestParseOrderVariants(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(string) string
		check   func(conversions.Order) string
		wantErr string
	}{
		{
			name: "returning customer",
			edit: func(s string) string { return strings.Replace(s, `"orders_count": 1`, `"orders_count": 4`, 1) },
			check: func(o conversions.Order) string {
				if o.Customer.Status != conversions.CustomerReturning {
					return "status " + string(o.Customer.Status)
				}
				return ""
			},
		},
		{
			name: "orders_count absent: unknown",
			edit: func(s string) string { return strings.Replace(s, `, "orders_count": 1`, ``, 1) },
			check: func(o conversions.Order) string {
				if o.Customer.Status != conversions.CustomerUnknown {
					return "status " + string(o.Customer.Status)
				}
				return ""
			},
		},
		{
			name: "click id from note attribute when landing has none",
			edit: func(s string) string { return strings.Replace(s, "&chorus_cid=c_8Hq2", "", 1) },
			check: func(o conversions.Order) string {
				if o.ClickID != "c_fromcart" {
					return "click id " + o.ClickID
				}
				return ""
			},
		},
		{
			name: "JPY total with .00",
			edit: func(s string) string {
				s = strings.Replace(s, `"currency": "USD"`, `"currency": "JPY"`, 1)
				return strings.Replace(s, `"total_price": "179.99"`, `"total_price": "25800.00"`, 1)
			},
			wantErr: "subtotal_price", // 169.99 yen is not a whole yen
		},
		{
			name: "malformed total",
			edit: func(s string) string {
				return strings.Replace(s, `"total_price": "179.99"`, `"total_price": "179,99"`, 1)
			},
			wantErr: "field total_price",
		},
		{
			name: "total as number",
			edit: func(s string) string {
				return strings.Replace(s, `"total_price": "179.99"`, `"total_price": 179.99`, 1)
			},
			wantErr: "field total_price",
		},
		{
			name:    "orders_count as string",
			edit:    func(s string) string { return strings.Replace(s, `"orders_count": 1`, `"orders_count": "1"`, 1) },
			wantErr: "field customer.orders_count",
		},
		{
			name:    "missing id",
			edit:    func(s string) string { return strings.Replace(s, `"id": 820982911946154508,`, ``, 1) },
			wantErr: "missing field id",
		},
		{
			name:    "missing total",
			edit:    func(s string) string { return strings.Replace(s, `"total_price": "179.99",`, ``, 1) },
			wantErr: "missing field total_price",
		},
		{
			name:    "bad currency",
			edit:    func(s string) string { return strings.Replace(s, `"currency": "USD"`, `"currency": "dollars"`, 1) },
			wantErr: "field currency",
		},
		{
			name:    "bad time",
			edit:    func(s string) string { return strings.Replace(s, "2026-03-14T10:30:00-05:00", "14/03/2026", 1) },
			wantErr: "field created_at",
		},
		{
			name:    "truncated JSON",
			edit:    func(s string) string { return s[:100] },
			wantErr: "shopify order",
		},
	}
	for _, tt := range tests {
		o, err := ParseOrder([]byte(tt.edit(orderCreateBody)), []byte("salt"))
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: err = %v, want it to mention %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if msg := tt.check(o); msg != "" {
			t.Errorf("%s: %s", tt.name, msg)
		}
	}
}

func TestParseOrderPaid(t *testing.T) {
	ev, err := Parse(Delivery{Topic: TopicOrdersPaid}, []byte(orderCreateBody), nil)
	if err != nil || ev.Kind != conversions.KindOrderPaid || ev.Order.Total != 17999 {
		t.Fatalf("Parse orders/paid = %+v, %v", ev, err)
	}
}

func TestParseRefunds(t *testing.T) {
	tests := []struct {
		name       string
		body       string
		wantID     string
		wantAmount int64
		wantTime   time.Time
	}{
		// Only the successful transaction counts: 10.00.
		{"partial", refundPartialBody, "929361462", 1000, time.Date(2026, 3, 20, 14, 0, 1, 0, time.UTC)},
		// 100.00 + 69.99 = 169.99; with the partial 10.00 that is the whole
		// 179.99 of the order. No processed_at: created_at is used.
		{"full", refundFullBody, "929361463", 16999, time.Date(2026, 3, 21, 14, 0, 0, 0, time.UTC)},
	}
	var refunds []conversions.Refund
	for _, tt := range tests {
		ev, err := Parse(Delivery{Topic: TopicRefundsCreate, Shop: "s", WebhookID: "w"}, []byte(tt.body), nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		r := ev.Refund
		if ev.Kind != conversions.KindRefunded || r.ExternalID != tt.wantID || r.OrderID != "820982911946154508" ||
			r.Amount != tt.wantAmount || r.Currency != "USD" || !r.Time.Equal(tt.wantTime) || r.Shop != "s" || r.DeliveryID != "w" {
			t.Errorf("%s: refund = %+v", tt.name, r)
		}
		refunds = append(refunds, *r)
	}
	o, err := ParseOrder([]byte(orderCreateBody), nil)
	if err != nil {
		t.Fatal(err)
	}
	if net, err := conversions.NetTotal(o, refunds); err != nil || net != 0 {
		t.Errorf("net after full refund = %d, %v; want 0", net, err)
	}
}

func TestParseRefundErrors(t *testing.T) {
	tests := []struct {
		body, want string
	}{
		{`{"order_id": 1, "created_at": "2026-03-21T09:00:00Z"}`, "missing field id"},
		{`{"id": 1, "created_at": "2026-03-21T09:00:00Z"}`, "missing field order_id"},
		{`{"id": 1, "order_id": 2, "created_at": "yesterday"}`, "created_at"},
		{`{"id": 1, "order_id": 2, "created_at": "2026-03-21T09:00:00Z", "transactions": [{"kind": "refund", "status": "success", "amount": "x", "currency": "USD"}]}`, "transactions[0].amount"},
		{`{"id": 1, "order_id": 2, "created_at": "2026-03-21T09:00:00Z", "transactions": [{"kind": "refund", "status": "success", "amount": "1", "currency": "US"}]}`, "transactions[0].currency"},
		{`{"id": "one"}`, "field id"},
	}
	for _, tt := range tests {
		_, err := ParseRefund([]byte(tt.body))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseRefund(%s) = %v, want error mentioning %q", tt.body, err, tt.want)
		}
	}
}

func TestParseUnsupportedTopic(t *testing.T) {
	_, err := Parse(Delivery{Topic: "products/update"}, []byte(`{}`), nil)
	if !errors.Is(err, ErrUnsupportedTopic) {
		t.Errorf("err = %v, want ErrUnsupportedTopic", err)
	}
}

func BenchmarkParseOrder(b *testing.B) {
	body := []byte(orderCreateBody)
	for b.Loop() {
		if _, err := ParseOrder(body, []byte("salt")); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	body := []byte(orderCreateBody)
	h := sign("secret", orderCreateBody)
	for b.Loop() {
		if !Verify([]byte("secret"), body, h) {
			b.Fatal("not verified")
		}
	}
}
