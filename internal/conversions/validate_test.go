package conversions

import (
	"strings"
	"testing"
	"time"
)

func TestValidate(t *testing.T) {
	good := Order{Provider: ProviderAPI, ExternalID: "A-1", Time: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Currency: "USD", Total: 1999}
	tests := []struct {
		name string
		edit func(*Order)
		want []string
	}{
		{"valid", func(*Order) {}, nil},
		{"everything wrong", func(o *Order) {
			o.Provider, o.ExternalID, o.Time, o.Currency, o.Total = "etsy", " ", time.Time{}, "usd1", -5
		}, []string{"field provider", "field external_id", "field time", "field currency", "field total: negative (-5)"}},
		{"refund currency", func(o *Order) {
			o.Refunds = []Refund{{Amount: 100, Currency: "EUR"}}
		}, []string{"field refunds[0].currency"}},
	}
	for _, tt := range tests {
		o := good
		tt.edit(&o)
		err := Validate(o)
		if len(tt.want) == 0 {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", tt.name, err, w)
			}
		}
	}
}
