package conversions

import "testing"

func TestMakeRegion(t *testing.T) {
	for _, tc := range []struct{ country, province, want string }{
		{"us", "ca", "US-CA"},
		{" DE ", "BY", "DE-BY"},
		{"US", "US-NY", "US-NY"}, // prefix sent twice
		{"GB", "", "GB"},
		{"GB", "ENGLAND", "GB"}, // not a code: country only
		{"USA", "CA", ""},       // alpha-3 is not ISO alpha-2
		{"", "CA", ""},
		{"1A", "", ""},
		{"FR", "75", "FR-75"},
	} {
		if got := MakeRegion(tc.country, tc.province); got != tc.want {
			t.Errorf("MakeRegion(%q, %q) = %q, want %q", tc.country, tc.province, got, tc.want)
		}
	}
}

func TestParseRegion(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		bad      bool
	}{
		{"us-ca", "US-CA", false},
		{"", "", false},
		{"GB", "GB", false},
		{"United States", "", true},
		{"US-", "", true},
		{"US-CALI", "", true},
	} {
		got, err := ParseRegion(tc.in)
		if got != tc.want || (err != nil) != tc.bad {
			t.Errorf("ParseRegion(%q) = %q, %v; want %q, error %v", tc.in, got, err, tc.want, tc.bad)
		}
	}
	if c := RegionCountry("US-CA"); c != "US" {
		t.Errorf("RegionCountry = %q", c)
	}
}
