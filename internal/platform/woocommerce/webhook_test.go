package woocommerce

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

// orderBody follows the order example of the REST API v3 documentation
// (https://woocommerce.github.io/woocommerce-rest-api-docs/#retrieve-an-order),
// which is the JSON a webhook delivers, trimmed and with a coupon, a refund
// and order attribution meta added as WooCommerce writes them.
const orderBody = `{
  "id": 727,
  "parent_id": 0,
  "number": "727",
  "order_key": "wc_order_58d2d042d1d",
  "created_via": "checkout",
  "version": "9.4.0",
  "status": "processing",
  "currency": "EUR",
  "date_created": "2026-03-22T13:28:02",
  "date_created_gmt": "2026-03-22T16:28:02",
  "date_modified": "2026-03-22T13:30:00",
  "date_modified_gmt": "2026-03-22T16:30:00",
  "discount_total": "5.00",
  "discount_tax": "0.00",
  "shipping_total": "10.00",
  "shipping_tax": "0.00",
  "cart_tax": "1.35",
  "total": "29.35",
  "total_tax": "1.35",
  "prices_include_tax": false,
  "customer_id": 26,
  "customer_note": "",
  "billing": {"first_name": "John", "last_name": "Doe", "email": "John.Doe@Example.com", "country": "US"},
  "payment_method": "bacs",
  "date_paid": "2026-03-22T13:28:03",
  "date_paid_gmt": "2026-03-22T16:28:03",
  "meta_data": [
    {"id": 13106, "key": "_wc_order_attribution_session_entry", "value": "https://shop.example/serum/?utm_source=tiktok&chorus_cid=c_77"},
    {"id": 13107, "key": "_wc_order_attribution_utm_campaign", "value": "spring"},
    {"id": 13108, "key": "gift_wrap", "value": true},
    {"id": 13109, "key": "complex", "value": {"a": 1}}
  ],
  "line_items": [
    {"id": 315, "name": "Woo Single #1", "product_id": 93, "quantity": 2, "subtotal": "6.00", "total": "6.00"},
    {"id": 316, "name": "Ship Your Idea", "product_id": 22, "quantity": 1, "subtotal": "17.00", "total": "12.00"}
  ],
  "coupon_lines": [{"id": 318, "code": "lena5", "discount": "5.00", "discount_tax": "0.00"}],
  "refunds": []
}`

func sign(secret, body string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(body))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func TestVerify(t *testing.T) {
	const secret = "wc-secret-1"
	good := sign(secret, orderBody)
	tests := []struct {
		name, secret, body, sig string
		want                    bool
	}{
		{"valid", secret, orderBody, good, true},
		{"tampered", secret, strings.Replace(orderBody, `"29.35"`, `"2.35"`, 1), good, false},
		{"wrong secret", "nope", orderBody, good, false},
		{"empty secret", "", orderBody, sign("", orderBody), false},
		{"no signature", secret, orderBody, "", false},
		{"garbage", secret, orderBody, "!!", false},
	}
	for _, tt := range tests {
		if got := Verify([]byte(tt.secret), []byte(tt.body), tt.sig); got != tt.want {
			t.Errorf("%s: Verify = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestIsPing(t *testing.T) {
	tests := []struct {
		body string
		want bool
	}{
		{"webhook_id=12", true},
		{"webhook_id=", false},
		{"webhook_id=12&x=1", false},
		{orderBody, false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsPing([]byte(tt.body)); got != tt.want {
			t.Errorf("IsPing(%.20q) = %v, want %v", tt.body, got, tt.want)
		}
	}
}

func TestDeliveryFrom(t *testing.T) {
	h := http.Header{}
	h.Set("X-WC-Webhook-Source", "https://shop.example/")
	h.Set("X-WC-Webhook-Topic", "order.created")
	h.Set("X-WC-Webhook-Signature", "c2ln")
	h.Set("X-WC-Webhook-ID", "12")
	h.Set("X-WC-Webhook-Delivery-ID", "9f0c3bd1")
	want := Delivery{Source: "https://shop.example/", Topic: "order.created", Signature: "c2ln", WebhookID: "12", DeliveryID: "9f0c3bd1"}
	if got := DeliveryFrom(h); got != want {
		t.Errorf("DeliveryFrom = %+v", got)
	}
}

func TestParseOrderCreated(t *testing.T) {
	salt := []byte("ws")
	ev, err := Parse(Delivery{Topic: TopicOrderCreated, Source: "https://shop.example/", DeliveryID: "d1"}, []byte(orderBody), salt)
	if err != nil {
		t.Fatal(err)
	}
	o := ev.Order
	checks := []struct {
		name      string
		got, want any
	}{
		{"kind", ev.Kind, conversions.KindOrderCreated},
		{"delivery", ev.DeliveryID, "d1"},
		{"shop", o.Shop, "https://shop.example/"},
		{"order delivery", o.DeliveryID, "d1"},
		{"id", o.ExternalID, "727"},
		{"time (GMT field)", o.Time, time.Date(2026, 3, 22, 16, 28, 2, 0, time.UTC)},
		{"currency", o.Currency, "EUR"},
		{"total", o.Total, int64(2935)},
		{"discounts", o.Discounts, int64(500)},
		{"subtotal = sum of line totals 6.00 + 12.00", o.Subtotal, int64(1800)},
		{"codes", strings.Join(o.DiscountCodes, ","), "LENA5"},
		{"landing", o.LandingSite, "https://shop.example/serum/?utm_source=tiktok&chorus_cid=c_77"},
		{"utm from landing + campaign from meta", o.UTM, conversions.UTM{Source: "tiktok", Campaign: "spring"}},
		{"click id", o.ClickID, "c_77"},
		{"bool meta", o.Attributes["gift_wrap"], "true"},
		{"object meta dropped", o.Attributes["complex"], ""},
		{"customer", o.Customer.ID, "26"},
		{"status unknown", o.Customer.Status, conversions.CustomerUnknown},
		{"email hash", o.Customer.EmailHash, conversions.HashEmail(salt, "john.doe@example.com")},
		{"line items", o.LineItems, 2},
		{"no refunds", len(o.Refunds), 0},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestParseOrderUpdatedKinds(t *testing.T) {
	partial := strings.Replace(orderBody, `"refunds": []`, `"refunds": [{"id": 726, "reason": "damaged", "total": "-10.00"}]`, 1)
	full := strings.Replace(strings.Replace(orderBody, `"refunds": []`,
		`"refunds": [{"id": 726, "reason": "", "total": "-10.00"}, {"id": 730, "reason": "", "total": "-19.35"}]`, 1),
		`"status": "processing"`, `"status": "refunded"`, 1)
	tests := []struct {
		name        string
		body        string
		want        conversions.Kind
		wantRefunds []int64
	}{
		{"paid", orderBody, conversions.KindOrderPaid, nil},
		{"on hold", strings.Replace(strings.Replace(orderBody, `"status": "processing"`, `"status": "on-hold"`, 1), `"date_paid_gmt": "2026-03-22T16:28:03"`, `"date_paid_gmt": null`, 1), conversions.KindOrderUpdated, nil},
		{"partial refund", partial, conversions.KindRefunded, []int64{1000}},
		// 10.00 + 19.35 = 29.35, the whole order; the status says refunded,
		// so whatever the listed refunds leave is taken back too.
		{"full refund", full, conversions.KindCancelled, []int64{1000, 1935}},
		{"cancelled", strings.Replace(orderBody, `"status": "processing"`, `"status": "cancelled"`, 1), conversions.KindCancelled, nil},
		// Refunded by hand, no refund listed: still the whole order back.
		{"refunded status alone", strings.Replace(orderBody, `"status": "processing"`, `"status": "refunded"`, 1), conversions.KindCancelled, nil},
	}
	for _, tt := range tests {
		ev, err := Parse(Delivery{Topic: TopicOrderUpdated, Source: "s"}, []byte(tt.body), nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if ev.Kind != tt.want {
			t.Errorf("%s: kind %s, want %s", tt.name, ev.Kind, tt.want)
		}
		// A cancellation is dated by the order's last modification, 16:30 UTC.
		if want := (time.Time{}); tt.want == conversions.KindCancelled {
			want = time.Date(2026, 3, 22, 16, 30, 0, 0, time.UTC)
			if !ev.Order.CancelledAt.Equal(want) {
				t.Errorf("%s: cancelled at %v, want %v", tt.name, ev.Order.CancelledAt, want)
			}
		} else if !ev.Order.CancelledAt.IsZero() {
			t.Errorf("%s: cancelled at %v, want none", tt.name, ev.Order.CancelledAt)
		}
		var amounts []int64
		for _, r := range ev.Order.Refunds {
			amounts = append(amounts, r.Amount)
			if r.OrderID != "727" || r.Currency != "EUR" || r.Shop != "s" || !r.Time.Equal(time.Date(2026, 3, 22, 16, 30, 0, 0, time.UTC)) {
				t.Errorf("%s: refund %+v", tt.name, r)
			}
		}
		if len(amounts) != len(tt.wantRefunds) {
			t.Errorf("%s: refunds %v, want %v", tt.name, amounts, tt.wantRefunds)
			continue
		}
		for i := range amounts {
			if amounts[i] != tt.wantRefunds[i] {
				t.Errorf("%s: refunds %v, want %v", tt.name, amounts, tt.wantRefunds)
			}
		}
		if tt.name == "full refund" {
			if net, err := conversions.NetTotal(*ev.Order, ev.Order.Refunds); net != 0 || err != nil {
				t.Errorf("net = %d, %v; want 0", net, err)
			}
		}
	}
}

func TestParseOrderErrors(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"id as string", `"id": 727`, `"id": "727"`, "field id"},
		{"missing id", `"id": 727,`, ``, "missing field id"},
		{"missing total", `"total": "29.35",`, ``, "missing field total"},
		{"bad total", `"total": "29.35"`, `"total": "29.3.5"`, "field total"},
		{"bad line total", `"total": "12.00"`, `"total": "twelve"`, "field line_items[1].total"},
		{"bad refund", `"refunds": []`, `"refunds": [{"id": 1, "total": "-1.234"}]`, "field refunds[0].total"},
		{"bad date", `"date_created_gmt": "2026-03-22T16:28:02"`, `"date_created_gmt": "22.03.2026"`, "field date_created_gmt"},
		{"bad currency", `"currency": "EUR"`, `"currency": "EURO"`, "field currency"},
		{"customer_id string", `"customer_id": 26`, `"customer_id": "26"`, "field customer_id"},
		{"broken JSON", `"status": "processing",`, `"status": "processing"`, "line 9"},
	}
	for _, tt := range tests {
		body := strings.Replace(orderBody, tt.old, tt.new, 1)
		if body == orderBody {
			t.Fatalf("%s: edit did not apply", tt.name)
		}
		_, err := ParseOrder([]byte(body), nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want mention of %q", tt.name, err, tt.want)
		}
	}
}

func TestParseUnsupportedTopic(t *testing.T) {
	if _, err := Parse(Delivery{Topic: "product.updated"}, []byte(orderBody), nil); !errors.Is(err, ErrUnsupportedTopic) {
		t.Errorf("err = %v", err)
	}
}

func BenchmarkParseOrder(b *testing.B) {
	body := []byte(orderBody)
	for b.Loop() {
		if _, err := ParseOrder(body, nil); err != nil {
			b.Fatal(err)
		}
	}
}
