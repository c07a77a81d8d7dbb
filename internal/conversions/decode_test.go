package conversions

import (
	"strings"
	"testing"
)

func TestDecodeJSON(t *testing.T) {
	type cust struct {
		OrdersCount int64 `json:"orders_count"`
	}
	type order struct {
		ID       int64 `json:"id"`
		Customer cust  `json:"customer"`
	}
	tests := []struct {
		body, wantErr string
	}{
		{`{"id": 5, "customer": {"orders_count": 2}}`, ""},
		{`{"id": 5, "customer": {"orders_count": "two"}}`, "field customer.orders_count"},
		{`{"id": "5"}`, "field id"},
		// After the stray comma the decoder wants a key and finds the brace:
		// line 2, whose 12th byte it is (offset counted from the newline).
		{"{\n  \"id\": 5, }", "line 2, column 12"},
		{``, "unexpected end"},
	}
	for _, tt := range tests {
		var o order
		err := DecodeJSON([]byte(tt.body), &o)
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("DecodeJSON(%q) = %v", tt.body, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("DecodeJSON(%q) = %v; want error containing %q", tt.body, err, tt.wantErr)
		}
	}
}
