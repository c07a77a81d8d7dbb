package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

const (
	acmeShopifySecret   = "shpss_acme_client_secret"
	globexShopifySecret = "shpss_globex_client_secret"
	acmeWooSecret       = "wc-acme-secret"
)

// shop is a test app whose acme workspace has a campaign with Maya (who gets
// a code through the API) and Leo (with a tracked link and one human click),
// and webhook secrets set through the API in both workspaces.
type shop struct {
	*testApp
	campaign, maya, leo int64
	code                string
	leoClick            string
}

func newShop(t *testing.T, f *storetest.Fixture) *shop {
	t.Helper()
	a := newApp(t, f)
	a.srv.cfg.Secret = []byte("test server secret, long enough")
	s := &shop{testApp: a, leoClick: "LeoClick_0000000000001"}
	ctx := context.Background()
	ws := f.Workspace.ID
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
		cp := campaigns.Campaign{Name: "Autumn", Slug: "autumn", Currency: "USD", Goal: "sales", Status: "active"}
		if err := tx.CreateCampaign(ctx, ws, &cp); err != nil {
			return err
		}
		s.campaign = cp.ID
		for _, c := range []struct {
			name, handle string
			id           *int64
		}{{"Maya Lopez", "maya_fit", &s.maya}, {"Leo Park", "leoruns", &s.leo}} {
			cr := creators.Creator{Name: c.name, Accounts: []creators.Account{{Platform: "instagram", Handle: c.handle}}}
			if err := tx.CreateCreator(ctx, ws, &cr); err != nil {
				return err
			}
			k := campaigns.Collaboration{CampaignID: cp.ID, CreatorID: cr.ID, Status: campaigns.Live}
			if err := tx.CreateCollaboration(ctx, ws, &k); err != nil {
				return err
			}
			*c.id = k.ID
		}
		l := store.Link{CollaborationID: s.leo, Slug: "leo-autumn", Destination: "https://shop.test/"}
		if err := tx.CreateLink(ctx, ws, &l); err != nil {
			return err
		}
		return tx.InsertClicks(ctx, []store.Click{{WorkspaceID: ws, LinkID: l.ID, ClickID: s.leoClick,
			At: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC).Unix()}})
	}))
	var code store.DiscountCode
	a.json("member", "POST", fmt.Sprintf("/api/v1/collaborations/%d/codes", s.maya), `{"percent": 15}`, http.StatusCreated, &code)
	s.code = code.Code
	a.json("admin", "PUT", "/api/v1/integrations", `{"shopify_webhook_secret": "`+acmeShopifySecret+`", "woocommerce_webhook_secret": "`+acmeWooSecret+`"}`, http.StatusOK, nil)
	a.json("other", "PUT", "/api/v1/integrations", `{"shopify_webhook_secret": "`+globexShopifySecret+`"}`, http.StatusOK, nil)
	return s
}

func sign(secret, body string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(body))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// shopifyOrder is an orders/create body in the shape of the REST Order
// resource Shopify sends (trimmed to the fields a real one carries that
// matter here, plus a few that do not).
func shopifyOrder(id int64, total, email, landing, code string) string {
	codes := "[]"
	if code != "" {
		codes = `[{"code": "` + code + `", "amount": "7.50", "type": "percentage"}]`
	}
	return fmt.Sprintf(`{
  "id": %d,
  "admin_graphql_api_id": "gid://shopify/Order/%d",
  "name": "#%d",
  "email": "%s",
  "created_at": "2026-11-21T10:15:00-05:00",
  "currency": "USD",
  "presentment_currency": "USD",
  "financial_status": "paid",
  "total_price": "%s",
  "subtotal_price": "%s",
  "total_discounts": "0.00",
  "total_tax": "0.00",
  "test": false,
  "landing_site": "%s",
  "referring_site": "https://l.instagram.com/",
  "discount_codes": %s,
  "note_attributes": [{"name": "gift", "value": "no"}],
  "customer": {"id": 6640137, "email": "%s", "orders_count": 1, "first_name": "Ann"},
  "line_items": [{"id": 1, "title": "Serum", "quantity": 1, "price": "%s"}]
}`, id, id, id, email, total, total, landing, codes, email, total)
}

// hook posts a signed delivery.
func (s *shop) hook(path, topic, id, secret, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("POST", path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	if strings.Contains(path, "shopify") {
		r.Header.Set("X-Shopify-Topic", topic)
		r.Header.Set("X-Shopify-Webhook-Id", id)
		r.Header.Set("X-Shopify-Shop-Domain", "acme.myshopify.com")
		r.Header.Set("X-Shopify-API-Version", "2025-07")
		if secret != "" {
			r.Header.Set("X-Shopify-Hmac-Sha256", sign(secret, body))
		}
	} else {
		r.Header.Set("X-WC-Webhook-Topic", topic)
		r.Header.Set("X-WC-Webhook-Delivery-ID", id)
		r.Header.Set("X-WC-Webhook-Source", "https://acme.test/")
		if secret != "" {
			r.Header.Set("X-WC-Webhook-Signature", sign(secret, body))
		}
	}
	w := httptest.NewRecorder()
	s.h.ServeHTTP(w, r)
	return w
}

func (s *shop) report(t *testing.T, model string) store.Report {
	t.Helper()
	var rep store.Report
	s.json("viewer", "GET", fmt.Sprintf("/api/v1/campaigns/%d/report?model=%s", s.campaign, model), "", http.StatusOK, &rep)
	return rep
}

func (s *shop) row(t *testing.T, rep store.Report, collab int64) store.ReportRow {
	t.Helper()
	for _, r := range rep.Collaborations {
		if r.ID == collab {
			return r
		}
	}
	t.Fatalf("no row for collaboration %d in %+v", collab, rep.Collaborations)
	return store.ReportRow{}
}

func (s *shop) order(t *testing.T, id string) *store.Order {
	t.Helper()
	o, err := s.f.DB.Order(context.Background(), s.f.Workspace.ID, id)
	storetest.Must(t, err)
	return o
}

func TestShopifyWebhook(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		s := newShop(t, f)
		if s.code != "MAYA15" {
			t.Fatalf("code %q, want MAYA15 (maya_fit, 15%%)", s.code)
		}
		const hook = "/hooks/shopify/acme"
		// Order 1001: Maya's code typed in lower case, and Leo's click in
		// the landing URL: the code wins.
		o1 := shopifyOrder(1001, "50.00", "ann@x.test", "/products/serum?utm_source=instagram&chorus_cid="+s.leoClick, "maya15")
		// Order 1002: Leo's click only.
		o2 := shopifyOrder(1002, "30.00", "bo@x.test", "/?chorus_cid="+s.leoClick, "")

		refusals := []struct {
			name, path, secret, body string
			want                     int
		}{
			{"no signature header", hook, "", o1, http.StatusBadRequest},
			{"bad signature", hook, "wrong secret", o1, http.StatusUnauthorized},
			{"another workspace's secret", hook, globexShopifySecret, o1, http.StatusUnauthorized},
			{"unknown workspace", "/hooks/shopify/nosuch", acmeShopifySecret, o1, http.StatusUnauthorized},
			{"malformed body", hook, acmeShopifySecret, `{"id": "not a number"}`, http.StatusBadRequest},
			{"missing total", hook, acmeShopifySecret, `{"id": 5, "currency": "USD", "created_at": "2026-11-21T10:15:00Z"}`, http.StatusBadRequest},
		}
		for _, tt := range refusals {
			w := s.hook(tt.path, "orders/create", "refused-"+tt.name, tt.secret, tt.body)
			if w.Code != tt.want {
				t.Errorf("%s: %d, want %d (%s)", tt.name, w.Code, tt.want, w.Body)
			}
		}
		if w := s.hook(hook, "orders/create", "x", acmeShopifySecret, `{"id": "not a number"}`); !strings.Contains(w.Body.String(), "id") {
			t.Errorf("malformed body: the answer does not name the field: %s", w.Body)
		}
		if _, err := f.DB.Order(context.Background(), f.Workspace.ID, "1001"); err == nil {
			t.Fatal("a refused delivery stored an order")
		}

		for _, d := range []struct{ id, body string }{{"w-1", o1}, {"w-2", o2}} {
			if w := s.hook(hook, "orders/create", d.id, acmeShopifySecret, d.body); w.Code != http.StatusOK {
				t.Fatalf("delivery %s: %d %s", d.id, w.Code, w.Body)
			}
		}
		if o := s.order(t, "1001"); o.CollaborationID != s.maya || o.Rule != "code" || o.TotalMinor != 5000 || o.ClickID != s.leoClick {
			t.Errorf("order 1001: %+v", o)
		}
		if o := s.order(t, "1002"); o.CollaborationID != s.leo || o.Rule != "click" {
			t.Errorf("order 1002: %+v", o)
		}
		// The same delivery again, and another delivery of the same order
		// with a different total, change nothing.
		if w := s.hook(hook, "orders/create", "w-1", acmeShopifySecret, o1); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "duplicate") {
			t.Errorf("redelivery: %d %s", w.Code, w.Body)
		}
		o1b := strings.Replace(o1, `"total_price": "50.00"`, `"total_price": "99.00"`, 1)
		if w := s.hook(hook, "orders/create", "w-1-again", acmeShopifySecret, o1b); w.Code != http.StatusOK {
			t.Errorf("second delivery of order 1001: %d %s", w.Code, w.Body)
		}
		if w := s.hook(hook, "orders/paid", "w-1-paid", acmeShopifySecret, o1); w.Code != http.StatusOK {
			t.Errorf("orders/paid: %d %s", w.Code, w.Body)
		}
		if o := s.order(t, "1001"); o.TotalMinor != 5000 || !o.Paid {
			t.Errorf("order 1001 after redeliveries: total %d paid %v", o.TotalMinor, o.Paid)
		}
		// An unused topic is acknowledged so Shopify stops retrying.
		if w := s.hook(hook, "customers/create", "w-c", acmeShopifySecret, `{"id": 1}`); w.Code != http.StatusOK {
			t.Errorf("unused topic: %d", w.Code)
		}

		// Refund 20.00 of order 1001 (partial), then all of order 1002.
		refund := func(id, order int64, amount string) string {
			return fmt.Sprintf(`{"id": %d, "order_id": %d, "created_at": "2026-11-22T08:00:00-05:00", "note": "",
  "refund_line_items": [], "transactions": [{"id": %d, "kind": "refund", "status": "success", "amount": "%s", "currency": "USD"}]}`, id, order, id+1, amount)
		}
		for _, d := range []struct{ id, body string }{{"r-1", refund(91, 1001, "20.00")}, {"r-2", refund(92, 1002, "30.00")}, {"r-2b", refund(92, 1002, "30.00")}} {
			if w := s.hook(hook, "refunds/create", d.id, acmeShopifySecret, d.body); w.Code != http.StatusOK {
				t.Fatalf("refund %s: %d %s", d.id, w.Code, w.Body)
			}
		}
		// By hand: Maya 50.00 less 20.00 = 30.00 and 1 - 20/50 = 0.6 orders,
		// a new customer (orders_count 1) counting 0.6; Leo 30.00 refunded
		// in full: 0, 0; Leo's one human click.
		rep := s.report(t, "default")
		if r := s.row(t, rep, s.maya); r.Default != (store.Metrics{Conversions: 0.6, RevenueMinor: 3000, NewCustomers: 0.6}) || r.HumanClicks != 0 {
			t.Errorf("Maya: %+v", r)
		}
		if r := s.row(t, rep, s.leo); r.Default != (store.Metrics{}) || r.HumanClicks != 1 {
			t.Errorf("Leo: %+v", r)
		}
		// Linear: order 1001's journey is Leo's click, then Maya's code:
		// 0.3 orders and 15.00 each; order 1002 is worth nothing now.
		rep = s.report(t, "linear")
		if r := s.row(t, rep, s.leo); r.Model != (store.Metrics{Conversions: 0.3, RevenueMinor: 1500, NewCustomers: 0.3}) {
			t.Errorf("Leo, linear: %+v", r.Model)
		}
		// The CSV says the same.
		w := s.do("viewer", "GET", fmt.Sprintf("/api/v1/campaigns/%d/report?model=linear&format=csv", s.campaign), "", "")
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), fmt.Sprintf("collaboration,%d,Maya Lopez,USD,0,0.6,30.00,0.6,0.3,15.00,0.3", s.maya)) {
			t.Errorf("CSV: %d\n%s", w.Code, w.Body)
		}
		// The campaign page's section: Maya's code and the 30.00 left after the refunds.
		if w := s.do("viewer", "GET", fmt.Sprintf("/campaigns/%d", s.campaign), "", ""); w.Code != http.StatusOK ||
			!strings.Contains(w.Body.String(), "MAYA15") || !strings.Contains(w.Body.String(), "30.00 USD") {
			t.Errorf("campaign page: %d", w.Code)
		}
		if w := s.do("viewer", "GET", fmt.Sprintf("/campaigns/%d/attribution?model=markov", s.campaign), "", ""); w.Code != http.StatusOK ||
			!strings.Contains(w.Body.String(), "MAYA15") {
			t.Errorf("attribution page: %d", w.Code)
		}
	})
}

// wooOrder is a WooCommerce REST v3 order body.
func wooOrder(id int, total, status, coupon, refunds string) string {
	return fmt.Sprintf(`{
  "id": %d, "parent_id": 0, "number": "%d", "status": "%s", "currency": "USD",
  "date_created": "2026-11-21T10:00:00", "date_created_gmt": "2026-11-21T15:00:00",
  "date_paid_gmt": "2026-11-21T15:00:05",
  "discount_total": "0.00", "shipping_total": "0.00", "total": "%s", "total_tax": "0.00",
  "customer_id": 0, "billing": {"email": "woo@x.test", "country": "US"},
  "meta_data": [{"id": 1, "key": "_wc_order_attribution_session_entry", "value": "https://acme.test/?utm_source=ig"}],
  "line_items": [{"id": 1, "name": "Serum", "quantity": 1, "total": "%s"}],
  "coupon_lines": [{"id": 2, "code": "%s", "discount": "0.00"}],
  "refunds": [%s]
}`, id, id, status, total, total, coupon, refunds)
}

func TestWooCommerceWebhook(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		s := newShop(t, f)
		const hook = "/hooks/woocommerce/acme"
		// The ping WooCommerce sends when a webhook is saved: no signature.
		if w := s.do("", "POST", hook, "application/x-www-form-urlencoded", "webhook_id=12"); w.Code != http.StatusOK {
			t.Errorf("ping: %d %s", w.Code, w.Body)
		}
		body := wooOrder(501, "40.00", "processing", "Maya15", "")
		if w := s.hook(hook, "order.created", "d-1", "wrong", body); w.Code != http.StatusUnauthorized {
			t.Errorf("bad signature: %d", w.Code)
		}
		if w := s.hook(hook, "order.created", "d-1", acmeShopifySecret, body); w.Code != http.StatusUnauthorized {
			t.Errorf("the Shopify secret on the WooCommerce hook: %d", w.Code)
		}
		if w := s.hook(hook, "order.created", "d-2", acmeWooSecret, `{"id": 7, "total": 12}`); w.Code != http.StatusBadRequest {
			t.Errorf("malformed: %d %s", w.Code, w.Body)
		}
		for _, id := range []string{"d-1", "d-1"} {
			if w := s.hook(hook, "order.created", id, acmeWooSecret, body); w.Code != http.StatusOK {
				t.Fatalf("order: %d %s", w.Code, w.Body)
			}
		}
		if o := s.order(t, "501"); o.CollaborationID != s.maya || o.TotalMinor != 4000 {
			t.Errorf("order 501: %+v", o)
		}
		// order.updated listing a refund of 10.00, delivered twice under
		// different ids: applied once. By hand: 30.00 and 0.75 orders.
		upd := wooOrder(501, "40.00", "processing", "Maya15", `{"id": 77, "reason": "", "total": "-10.00"}`)
		for _, id := range []string{"d-3", "d-4"} {
			if w := s.hook(hook, "order.updated", id, acmeWooSecret, upd); w.Code != http.StatusOK {
				t.Fatalf("update %s: %d %s", id, w.Code, w.Body)
			}
		}
		if r := s.row(t, s.report(t, "default"), s.maya); r.Default.RevenueMinor != 3000 || r.Default.Conversions != 0.75 {
			t.Errorf("Maya after a WooCommerce refund: %+v", r.Default)
		}
	})
}

// TestCancellationAndEarlyRefundWebhooks: orders/cancelled reverses what is
// left of an order once however often it comes, a refund delivered before
// its order is kept and applied when the order arrives, and WooCommerce's
// cancelled status does what Shopify's topic does.
func TestCancellationAndEarlyRefundWebhooks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		s := newShop(t, f)
		const hook = "/hooks/shopify/acme"
		// 2001: Maya's code, 80.00; cancelled twice under two webhook ids.
		o1 := shopifyOrder(2001, "80.00", "c1@x.test", "/", "MAYA15")
		cancel := strings.Replace(o1, `"financial_status": "paid",`, `"financial_status": "refunded", "cancelled_at": "2026-11-21T12:00:00-05:00",`, 1)
		// 2002: Leo's click, 40.00, with 10.00 refunded before the order came.
		o2 := shopifyOrder(2002, "40.00", "c2@x.test", "/?chorus_cid="+s.leoClick, "")
		early := `{"id": 301, "order_id": 2002, "created_at": "2026-11-21T11:00:00-05:00",
  "transactions": [{"id": 302, "kind": "refund", "status": "success", "amount": "10.00", "currency": "USD"}]}`
		steps := []struct {
			topic, id, body, want string
		}{
			{"orders/create", "c-1", o1, `"status": "stored"`},
			{"orders/cancelled", "c-2", cancel, `"status": "order cancelled: its credit is reversed"`},
			{"orders/cancelled", "c-3", cancel, `"status": "order already stored"`},
			{"refunds/create", "c-4", early, `"status": "refund kept until its order arrives"`},
			{"orders/create", "c-5", o2, `"refunds_applied": 1`},
		}
		for _, st := range steps {
			w := s.hook(hook, st.topic, st.id, acmeShopifySecret, st.body)
			if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), st.want) {
				t.Errorf("%s %s: %d %s; want %s", st.topic, st.id, w.Code, w.Body, st.want)
			}
		}
		if o := s.order(t, "2001"); o.RefundedMinor != 8000 || o.CreditMinor != 0 || o.CreditConversions != 0 {
			t.Errorf("order 2001 after cancellation: %+v", o)
		}
		// WooCommerce: order 601 with Maya's code, 20.00, then cancelled.
		const woo = "/hooks/woocommerce/acme"
		for _, d := range []struct{ topic, id, body string }{
			{"order.created", "wc-1", wooOrder(601, "20.00", "processing", "MAYA15", "")},
			{"order.updated", "wc-2", wooOrder(601, "20.00", "cancelled", "MAYA15", "")},
		} {
			if w := s.hook(woo, d.topic, d.id, acmeWooSecret, d.body); w.Code != http.StatusOK {
				t.Fatalf("%s: %d %s", d.id, w.Code, w.Body)
			}
		}
		// By hand: Maya 80.00 and 20.00, both cancelled: nothing; Leo 40.00
		// less 10.00 = 30.00, 1 - 10/40 = 0.75 of a new buyer's order.
		rep := s.report(t, "default")
		if r := s.row(t, rep, s.maya); r.Default != (store.Metrics{}) {
			t.Errorf("Maya: %+v, want nothing", r.Default)
		}
		if r := s.row(t, rep, s.leo); r.Default != (store.Metrics{Conversions: 0.75, RevenueMinor: 3000, NewCustomers: 0.75}) {
			t.Errorf("Leo: %+v, want 0.75, 3000, 0.75", r.Default)
		}
	})
}
