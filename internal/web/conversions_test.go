package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func TestConversionsAPIIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		s := newShop(t, f)
		type answer struct {
			Conversion store.Order `json:"conversion"`
			Created    bool        `json:"created"`
		}
		var a answer
		body := `{"order_id": "A-1", "value": "24.50", "currency": "usd", "click_id": "` + s.leoClick + `", "customer_ref": "Ann@X.test", "time": "2026-11-21T12:00:00Z"}`
		s.json("member", "POST", "/api/v1/conversions", body, http.StatusCreated, &a)
		if !a.Created || a.Conversion.TotalMinor != 2450 || a.Conversion.Currency != "USD" || a.Conversion.CollaborationID != s.leo || a.Conversion.Rule != "click" {
			t.Errorf("first: %+v", a)
		}
		// The same order id again, with other values: 200, the stored conversion, nothing changed.
		s.json("member", "POST", "/api/v1/conversions", `{"order_id": "A-1", "value": 99, "currency": "USD", "code": "MAYA15"}`, http.StatusOK, &a)
		if a.Created || a.Conversion.TotalMinor != 2450 || a.Conversion.CollaborationID != s.leo {
			t.Errorf("repeat: %+v", a)
		}
		// A number works as well as a string, and a code wins over nothing.
		s.json("member", "POST", "/api/v1/conversions", `{"order_id": "A-2", "value": 10, "currency": "JPY", "code": " maya15 "}`, http.StatusCreated, &a)
		if a.Conversion.TotalMinor != 10 || a.Conversion.CollaborationID != s.maya {
			t.Errorf("JPY with code: %+v", a)
		}
		w := s.do("member", "POST", "/api/v1/conversions", "application/json", `{"value": "1.005", "currency": "USD", "time": "yesterday", "click_id": "x"}`)
		for _, field := range []string{"order_id", `"value"`, `"time"`, "click_id"} {
			if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), field) {
				t.Errorf("invalid body: %d, want 422 naming %s: %s", w.Code, field, w.Body)
			}
		}
		if w := s.do("viewer", "POST", "/api/v1/conversions", "application/json", body); w.Code != http.StatusForbidden {
			t.Errorf("viewer: %d", w.Code)
		}
	})
}
