package web

import "testing"

func TestFormatMoney(t *testing.T) {
	tests := []struct {
		minor    int64
		currency string
		want     string
	}{
		{123456789, "USD", "1,234,567.89 USD"},
		{-500000, "EUR", "-5,000.00 EUR"},
		{99, "USD", "0.99 USD"},
		{1500000, "JPY", "1,500,000 JPY"},
		{1234567, "KWD", "1,234.567 KWD"},
		{5, "XXX1", "5 (minor units)"},
	}
	for _, tt := range tests {
		if got := formatMoney(tt.minor, tt.currency); got != tt.want {
			t.Errorf("formatMoney(%d, %s) = %q, want %q", tt.minor, tt.currency, got, tt.want)
		}
	}
}
