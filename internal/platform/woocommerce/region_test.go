package woocommerce

import (
	"strings"
	"testing"
)

func TestParseOrderRegion(t *testing.T) {
	billing := `"billing": {"first_name": "John", "last_name": "Doe", "email": "John.Doe@Example.com", "country": "US"},`
	for _, tc := range []struct{ name, replace, want string }{
		{"billing country only", billing, "US"},
		{"shipping wins over billing", billing + `"shipping": {"country": "ca", "state": "QC"},`, "CA-QC"},
		{"billing state", `"billing": {"email": "a@b.c", "country": "US", "state": "NY"},`, "US-NY"},
		{"empty shipping falls back", billing + `"shipping": {"country": "", "state": ""},`, "US"},
		{"no address", `"billing": {"email": "a@b.c"},`, ""},
	} {
		body := strings.Replace(orderBody, billing, tc.replace, 1)
		o, err := ParseOrder([]byte(body), nil)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if o.Region != tc.want {
			t.Errorf("%s: region = %q, want %q", tc.name, o.Region, tc.want)
		}
	}
}
