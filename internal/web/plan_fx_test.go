package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chorushq/chorus/internal/optimize"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func TestPlanCurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		a := newApp(t, f)
		var v planView
		// A USD workspace without history: the built-in benchmarks as they are.
		a.json("viewer", "GET", "/api/v1/plan?budget=5000", "", http.StatusOK, &v)
		if v.Currency != "USD" || v.Basis != optimize.BasisDefaults || v.Budget != 500000 || v.Plan == nil || v.Plan.Currency != "USD" {
			t.Errorf("USD workspace: %+v", v)
		}
		a.json("admin", "PATCH", "/api/v1/workspace", `{"currency": "EUR"}`, http.StatusOK, nil)
		// EUR without history or rate: the plan and its budget are in USD, and say so.
		v = planView{}
		a.json("viewer", "GET", "/api/v1/plan?budget=5000", "", http.StatusOK, &v)
		if v.Currency != "USD" || v.Basis != optimize.BasisDefaults || v.Budget != 500000 || v.Plan.Currency != "USD" ||
			len(v.Notes) == 0 || !strings.Contains(v.Notes[0], "in USD") {
			t.Errorf("EUR without a rate: %+v", v)
		}
		page := a.do("viewer", "GET", "/plan?budget=5000", "", "")
		if body := page.Body.String(); page.Code != http.StatusOK || !strings.Contains(body, "Budget (USD)") || !strings.Contains(body, "No rate is set") {
			t.Errorf("plan page without a rate: %d", page.Code)
		}

		a.json("member", "PUT", "/api/v1/plan/exchange-rate", `{"per_usd": 0.92}`, http.StatusForbidden, nil)
		a.json("admin", "PUT", "/api/v1/plan/exchange-rate", `{"per_usd": "ninety"}`, http.StatusBadRequest, nil)
		a.json("admin", "PUT", "/api/v1/plan/exchange-rate", `{"per_usd": -1}`, http.StatusUnprocessableEntity, nil)
		var got struct {
			Currency string  `json:"currency"`
			PerUSD   float64 `json:"per_usd"`
		}
		a.json("admin", "PUT", "/api/v1/plan/exchange-rate", `{"per_usd": 0.92}`, http.StatusOK, &got)
		if got.Currency != "EUR" || got.PerUSD != 0.92 {
			t.Errorf("rate = %+v", got)
		}
		// With the rate: EUR, nano creators at 0.92 × $10-100 = 9.20-92.00 EUR.
		v = planView{}
		a.json("viewer", "GET", "/api/v1/plan?budget=5000", "", http.StatusOK, &v)
		if v.Currency != "EUR" || v.Basis != optimize.BasisConverted || v.PerUSD != 0.92 || v.Budget != 500000 || v.Plan.Currency != "EUR" ||
			!strings.Contains(v.Plan.Source, "converted at 0.92 EUR per USD") {
			t.Errorf("EUR with a rate: %+v", v)
		}
		if rec := a.do("admin", "POST", "/plan/exchange-rate", "application/x-www-form-urlencoded", "per_usd="); rec.Code != http.StatusSeeOther {
			t.Errorf("form: %d", rec.Code)
		}
		// The form's empty rate removed it: back to USD.
		v = planView{}
		a.json("viewer", "GET", "/api/v1/plan?budget=5000", "", http.StatusOK, &v)
		if v.Currency != "USD" || v.PerUSD != 0 {
			t.Errorf("after removing the rate: %+v", v)
		}
	})
}
