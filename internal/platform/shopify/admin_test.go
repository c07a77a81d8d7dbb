package shopify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// createdResponse is the documented success shape of discountCodeBasicCreate
// (https://shopify.dev/docs/api/admin-graphql/latest/mutations/discountCodeBasicCreate):
// data.discountCodeBasicCreate.{codeDiscountNode, userErrors}, with the cost
// report in extensions.
const createdResponse = `{
  "data": {"discountCodeBasicCreate": {
    "codeDiscountNode": {"id": "gid://shopify/DiscountCodeNode/1057371270",
      "codeDiscount": {"codes": {"nodes": [{"code": "%s"}]}}},
    "userErrors": []}},
  "extensions": {"cost": {"requestedQueryCost": 10, "actualQueryCost": 10,
    "throttleStatus": {"maximumAvailable": 2000.0, "currentlyAvailable": 1990, "restoreRate": 100.0}}}
}`

// takenResponse: a userError as documented on DiscountUserError
// (field path, code, message).
const takenResponse = `{
  "data": {"discountCodeBasicCreate": {"codeDiscountNode": null,
    "userErrors": [{"field": ["basicCodeDiscount", "code"], "code": "TAKEN", "message": "Code must be unique. Please try a different code."}]}}
}`

// throttledResponse is the shape shown for throttled calls in
// https://shopify.dev/docs/api/usage/limits (errors[].extensions.code
// THROTTLED, actualQueryCost null, bucket state in throttleStatus).
const throttledResponse = `{
  "errors": [{"message": "Throttled", "extensions": {"code": "THROTTLED", "documentation": "https://shopify.dev/api/usage/limits"}}],
  "extensions": {"cost": {"requestedQueryCost": 752, "actualQueryCost": null,
    "throttleStatus": {"maximumAvailable": 1000.0, "currentlyAvailable": 666, "restoreRate": 50.0}}}
}`

type seenRequest struct {
	path, token string
	input       map[string]any
}

func fakeAdmin(t *testing.T, answers ...func(w http.ResponseWriter, code string)) (*httptest.Server, *[]seenRequest) {
	t.Helper()
	var seen []seenRequest
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Query     string `json:"query"`
			Variables struct {
				Input map[string]any `json:"basicCodeDiscount"`
			} `json:"variables"`
		}
		raw, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(raw, &body); err != nil || !strings.Contains(body.Query, "discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount)") {
			t.Errorf("bad request body %s: %v", raw, err)
		}
		seen = append(seen, seenRequest{r.URL.Path, r.Header.Get("X-Shopify-Access-Token"), body.Variables.Input})
		code, _ := body.Variables.Input["code"].(string)
		answers[min(len(seen), len(answers))-1](w, code)
	}))
	t.Cleanup(srv.Close)
	return srv, &seen
}

func answer(body string) func(http.ResponseWriter, string) {
	return func(w http.ResponseWriter, code string) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, strings.Replace(body, "%s", code, 1))
	}
}

func TestCreatePercentCode(t *testing.T) {
	srv, seen := fakeAdmin(t, answer(createdResponse))
	a, err := NewAdmin(srv.URL, "2025-07", "shpat_test", srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	got, err := a.CreatePercentCode(context.Background(), PercentDiscount{
		Title: "Anna spring", Code: "ANNA-7K2P9Q", Percent: 15, StartsAt: start, UsageLimit: 500, OncePerCustomer: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if got != (Discount{ID: "gid://shopify/DiscountCodeNode/1057371270", Code: "ANNA-7K2P9Q"}) {
		t.Errorf("got %+v", got)
	}
	req := (*seen)[0]
	if req.path != "/admin/api/2025-07/graphql.json" || req.token != "shpat_test" {
		t.Errorf("request path %q token %q", req.path, req.token)
	}
	in := req.input
	value := in["customerGets"].(map[string]any)["value"].(map[string]any)
	checks := []struct {
		name      string
		got, want any
	}{
		{"percentage", value["percentage"], 0.15},
		{"items", in["customerGets"].(map[string]any)["items"], map[string]any{"all": true}},
		{"context", in["context"], map[string]any{"all": "ALL"}},
		{"startsAt", in["startsAt"], "2026-04-01T00:00:00Z"},
		{"usageLimit", in["usageLimit"], float64(500)},
		{"once", in["appliesOncePerCustomer"], true},
		{"title", in["title"], "Anna spring"},
	}
	for _, c := range checks {
		if !equalJSON(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if _, ok := in["endsAt"]; ok {
		t.Error("endsAt sent for an open-ended discount")
	}
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func TestCreatePercentCodeOldVersionUsesCustomerSelection(t *testing.T) {
	srv, seen := fakeAdmin(t, answer(createdResponse))
	a, _ := NewAdmin(srv.URL, "2024-10", "tok", srv.Client())
	if _, err := a.CreatePercentCode(context.Background(), PercentDiscount{Code: "X", Percent: 10}); err != nil {
		t.Fatal(err)
	}
	in := (*seen)[0].input
	if !equalJSON(in["customerSelection"], map[string]any{"all": true}) || in["context"] != nil {
		t.Errorf("input = %v", in)
	}
}

func TestCreateUniquePercentCodeRetriesWhenTaken(t *testing.T) {
	srv, seen := fakeAdmin(t, answer(takenResponse), answer(createdResponse))
	a, _ := NewAdmin(srv.URL, "2025-07", "tok", srv.Client())
	// Bytes 0..5 draw "234567"; 6..11 draw "89ABCD" (alphabet positions).
	rnd := bytes.NewReader([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
	got, err := a.CreateUniquePercentCode(context.Background(), "anna", PercentDiscount{Percent: 10}, 3, rnd)
	if err != nil {
		t.Fatal(err)
	}
	if got.Code != "ANNA-89ABCD" || len(*seen) != 2 || (*seen)[0].input["code"] != "ANNA-234567" {
		t.Errorf("got %+v after %d calls (first code %v)", got, len(*seen), (*seen)[0].input["code"])
	}
}

func TestCreatePercentCodeErrors(t *testing.T) {
	tests := []struct {
		name  string
		serve func(http.ResponseWriter, string)
		check func(error) bool
	}{
		{"user errors", answer(takenResponse), func(err error) bool {
			var ue UserErrors
			return errors.As(err, &ue) && ue.Taken() && strings.Contains(err.Error(), "basicCodeDiscount.code")
		}},
		{"throttled in body", answer(throttledResponse), func(err error) bool {
			var te *ThrottledError
			// 752 requested, 666 available, 50/s: ceil(86/50) = 2 s.
			return errors.As(err, &te) && te.RetryAfter == 2*time.Second && te.Available == 666
		}},
		{"429 with Retry-After", func(w http.ResponseWriter, _ string) {
			w.Header().Set("Retry-After", "4")
			w.WriteHeader(http.StatusTooManyRequests)
		}, func(err error) bool {
			var te *ThrottledError
			return errors.As(err, &te) && te.RetryAfter == 4*time.Second
		}},
		{"401", func(w http.ResponseWriter, _ string) {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"}`)
		}, func(err error) bool {
			var ge *GraphQLError
			return errors.As(err, &ge) && ge.Status == 401
		}},
		{"graphql error", answer(`{"errors": [{"message": "Field 'x' doesn't exist on type 'Mutation'"}]}`), func(err error) bool {
			var ge *GraphQLError
			return errors.As(err, &ge) && strings.Contains(err.Error(), "doesn't exist")
		}},
	}
	for _, tt := range tests {
		srv, _ := fakeAdmin(t, tt.serve)
		a, _ := NewAdmin(srv.URL, "2025-07", "tok", srv.Client())
		_, err := a.CreatePercentCode(context.Background(), PercentDiscount{Code: "A", Percent: 10})
		if !tt.check(err) {
			t.Errorf("%s: err = %v", tt.name, err)
		}
	}
}

func TestCreatePercentCodeCancelled(t *testing.T) {
	srv, seen := fakeAdmin(t, answer(createdResponse))
	a, _ := NewAdmin(srv.URL, "2025-07", "tok", srv.Client())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := a.CreatePercentCode(ctx, PercentDiscount{Code: "A", Percent: 10})
	if !errors.Is(err, context.Canceled) || len(*seen) != 0 {
		t.Errorf("err = %v after %d requests", err, len(*seen))
	}
}

func TestNewAdminAndInputValidation(t *testing.T) {
	for _, args := range [][3]string{{"shop.myshopify.com", "2025-07", "t"}, {"https://s", "", "t"}, {"https://s", "2025-07/x", "t"}, {"https://s", "2025-07", ""}} {
		if _, err := NewAdmin(args[0], args[1], args[2], nil); err == nil {
			t.Errorf("NewAdmin%v: want error", args)
		}
	}
	a, _ := NewAdmin("https://s.myshopify.com", "2025-07", "t", nil)
	for _, p := range []int{0, 101} {
		if _, err := a.CreatePercentCode(context.Background(), PercentDiscount{Code: "A", Percent: p}); err == nil {
			t.Errorf("percent %d: want error", p)
		}
	}
}

func TestNewCode(t *testing.T) {
	// 255 and 248 are rejected (>= 8*31); 0..4 give "23456", 30 gives "Z".
	rnd := bytes.NewReader([]byte{255, 0, 1, 2, 3, 4, 30, 248, 0, 0, 0, 0})
	got, err := NewCode(" anna ", rnd)
	if err != nil || got != "ANNA-23456Z" {
		t.Errorf("NewCode = %q, %v", got, err)
	}
	if _, err := NewCode("x", bytes.NewReader(nil)); err == nil {
		t.Error("NewCode with empty randomness: want error")
	}
	a, _ := NewCode("", nil)
	b, _ := NewCode("", nil)
	if len(a) != 6 || a == b {
		t.Errorf("two random codes %q %q", a, b)
	}
}
