package shopify

import (
	"strings"
	"testing"
)

func TestParseOrderRegion(t *testing.T) {
	head := `"id": 820982911946154508,`
	for _, tc := range []struct{ name, insert, want string }{
		{"none", ``, ""},
		{"shipping", `"shipping_address": {"country_code": "US", "province_code": "CA"},`, "US-CA"},
		{"shipping wins", `"billing_address": {"country_code": "DE"}, "shipping_address": {"country_code": "FR", "province_code": null},`, "FR"},
		{"billing when shipping is null", `"shipping_address": null, "billing_address": {"country_code": "de", "province_code": "BY"},`, "DE-BY"},
		{"billing when shipping has no country", `"shipping_address": {"country_code": ""}, "billing_address": {"country_code": "GB"},`, "GB"},
	} {
		body := strings.Replace(orderCreateBody, head, head+tc.insert, 1)
		o, err := ParseOrder([]byte(body), nil)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if o.Region != tc.want {
			t.Errorf("%s: region = %q, want %q", tc.name, o.Region, tc.want)
		}
	}
}
