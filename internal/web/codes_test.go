package web

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func TestDiscountCodes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		s := newShop(t, f)
		// MAYA15 is taken: the next code for Maya with 15% is MAYA15B.
		var d store.DiscountCode
		s.json("member", "POST", fmt.Sprintf("/api/v1/collaborations/%d/codes", s.maya), `{"percent": 15}`, http.StatusCreated, &d)
		if d.Code != "MAYA15B" {
			t.Errorf("second code %q, want MAYA15B", d.Code)
		}
		// A chosen code that differs only in case is a conflict.
		if w := s.do("member", "POST", fmt.Sprintf("/api/v1/collaborations/%d/codes", s.leo), "application/json", `{"code": "maya15"}`); w.Code != http.StatusConflict {
			t.Errorf("maya15 for Leo: %d %s", w.Code, w.Body)
		}
		if w := s.do("member", "POST", fmt.Sprintf("/api/v1/collaborations/%d/codes", s.leo), "application/json", `{"percent": 120}`); w.Code != http.StatusUnprocessableEntity {
			t.Errorf("120%%: %d", w.Code)
		}
		var list struct{ Codes []store.DiscountCode }
		s.json("viewer", "GET", fmt.Sprintf("/api/v1/collaborations/%d/codes", s.maya), "", http.StatusOK, &list)
		if len(list.Codes) != 2 || list.Codes[0].Code != "MAYA15" {
			t.Errorf("Maya's codes: %+v", list.Codes)
		}
		// The settings page says which secrets are set, never their values.
		w := s.do("admin", "GET", "/settings", "", "")
		if body := w.Body.String(); w.Code != http.StatusOK || strings.Contains(body, acmeShopifySecret) || !strings.Contains(body, "not set") {
			t.Errorf("settings page: %d", w.Code)
		}
		var iv integrationsView
		s.json("admin", "GET", "/api/v1/integrations", "", http.StatusOK, &iv)
		if !iv.Secrets[0].Set || iv.Secrets[1].Set {
			t.Errorf("integrations: %+v", iv)
		}
	})
}

func TestDiscountCodeCreatedInShopify(t *testing.T) {
	var mu sync.Mutex
	var got []map[string]any
	var token string
	admin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var q struct {
			Variables map[string]any `json:"variables"`
		}
		json.Unmarshal(b, &q)
		mu.Lock()
		got = append(got, q.Variables)
		token = r.Header.Get("X-Shopify-Access-Token")
		mu.Unlock()
		code := "LEORUNS10"
		if strings.Contains(string(b), "TAKEN10") {
			io.WriteString(w, `{"data": {"discountCodeBasicCreate": {"codeDiscountNode": null,
  "userErrors": [{"field": ["basicCodeDiscount", "code"], "code": "TAKEN", "message": "Code must be unique."}]}}}`)
			return
		}
		fmt.Fprintf(w, `{"data": {"discountCodeBasicCreate": {"codeDiscountNode": {"id": "gid://shopify/DiscountCodeNode/77",
  "codeDiscount": {"codes": {"nodes": [{"code": %q}]}}}, "userErrors": []}}}`, code)
	}))
	defer admin.Close()
	s := newShop(t, storetest.New(t))
	s.json("admin", "PUT", "/api/v1/integrations", fmt.Sprintf(`{"shopify_shop": %q, "shopify_admin_token": "shpat_acme"}`, admin.URL), http.StatusOK, nil)
	var d store.DiscountCode
	s.json("member", "POST", fmt.Sprintf("/api/v1/collaborations/%d/codes", s.leo), `{"percent": 10}`, http.StatusCreated, &d)
	if d.Code != "LEORUNS10" || d.ShopifyID != "gid://shopify/DiscountCodeNode/77" || token != "shpat_acme" || len(got) != 1 {
		t.Fatalf("code %+v, token %q, %d calls", d, token, len(got))
	}
	// A code Shopify already has is refused and not stored.
	if w := s.do("member", "POST", fmt.Sprintf("/api/v1/collaborations/%d/codes", s.leo), "application/json", `{"code": "TAKEN10", "percent": 10}`); w.Code != http.StatusConflict {
		t.Errorf("taken in Shopify: %d %s", w.Code, w.Body)
	}
	// shopify: false, or a code with no offer, stays in Chorus.
	var local store.DiscountCode
	s.json("member", "POST", fmt.Sprintf("/api/v1/collaborations/%d/codes", s.leo), `{"code": "LEOTRACK", "shopify": false, "percent": 5}`, http.StatusCreated, &local)
	if local.ShopifyID != "" || local.Code != "LEOTRACK" || len(got) != 2 {
		t.Errorf("shopify false: %+v after %d calls", local, len(got))
	}
}
