package conversions

import (
	"math"
	"testing"
)

func TestExponent(t *testing.T) {
	// Expected values read off ISO 4217 table A.1 (minor unit column).
	tests := []struct {
		currency string
		want     int
		wantErr  bool
	}{
		{"USD", 2, false},
		{"eur", 2, false},
		{"JPY", 0, false},
		{"KRW", 0, false},
		{"CLP", 0, false},
		{"KWD", 3, false},
		{"BHD", 3, false},
		{"TND", 3, false},
		{"CLF", 4, false},
		{"US", 0, true},
		{"U$D", 0, true},
		{"", 0, true},
	}
	for _, tt := range tests {
		got, err := Exponent(tt.currency)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("Exponent(%q) = %d, %v; want %d, err=%v", tt.currency, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in, currency string
		want         int64
		wantErr      bool
	}{
		{"199.99", "USD", 19999, false}, // 199 * 100 + 99
		{"0.10", "USD", 10, false},
		{"0.1", "USD", 10, false}, // one digit means tenths: 10 cents
		{".5", "EUR", 50, false},
		{"10", "USD", 1000, false},
		{"10.", "USD", 1000, false},
		{"-10.00", "USD", -1000, false}, // WooCommerce refunds are negative
		{"+3.07", "USD", 307, false},
		{" 7.00 ", "USD", 700, false},
		{"0.00", "USD", 0, false},
		{"1500", "JPY", 1500, false},
		{"1500.00", "JPY", 1500, false}, // Shopify writes JPY with ".00"
		{"1500.50", "JPY", 0, true},     // half a yen cannot be represented
		{"12.345", "KWD", 12345, false}, // 12 dinar 345 fils
		{"12.3", "KWD", 12300, false},
		{"12.3456", "KWD", 0, true},
		{"19.999", "USD", 0, true},
		{"19.990", "USD", 1999, false},
		{"92233720368547758.07", "USD", math.MaxInt64, false},
		{"92233720368547758.08", "USD", 0, true},
		{"1e3", "USD", 0, true},
		{"1,000.00", "USD", 0, true},
		{"", "USD", 0, true},
		{".", "USD", 0, true},
		{"-", "USD", 0, true},
		{"abc", "USD", 0, true},
		{"1.2.3", "USD", 0, true},
		{"10", "XX", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseAmount(tt.in, tt.currency)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseAmount(%q, %q) = %d, %v; want %d, err=%v", tt.in, tt.currency, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestFormatAmount(t *testing.T) {
	tests := []struct {
		minor    int64
		currency string
		want     string
	}{
		{19999, "USD", "199.99"},
		{5, "USD", "0.05"},
		{-1000, "USD", "-10.00"},
		{1500, "JPY", "1500"},
		{12345, "KWD", "12.345"},
		{7, "KWD", "0.007"},
		{math.MinInt64, "USD", "-92233720368547758.08"},
	}
	for _, tt := range tests {
		got, err := FormatAmount(tt.minor, tt.currency)
		if err != nil || got != tt.want {
			t.Errorf("FormatAmount(%d, %q) = %q, %v; want %q", tt.minor, tt.currency, got, err, tt.want)
		}
		if tt.minor == math.MinInt64 {
			continue // one below the smallest value ParseAmount accepts
		}
		back, err := ParseAmount(got, tt.currency)
		if err != nil || back != tt.minor {
			t.Errorf("ParseAmount(FormatAmount(%d)) = %d, %v", tt.minor, back, err)
		}
	}
}

func BenchmarkParseAmount(b *testing.B) {
	for b.Loop() {
		if _, err := ParseAmount("1234.56", "USD"); err != nil {
			b.Fatal(err)
		}
	}
}
