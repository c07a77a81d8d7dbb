package compliance

import (
	"reflect"
	"testing"
)

func TestCheckTracking(t *testing.T) {
	brief := Brief{LinkURL: "https://chorus.link/maya-fit", LinkSlug: "maya-fit", DiscountCode: "MAYA10"}
	tests := []struct {
		name    string
		caption string
		brief   Brief
		status  Status
		spans   []Span
	}{
		// "Use code " is 9 bytes.
		{"code", "Use code maya10 at checkout", brief, Pass, []Span{{9, 15}}},
		{"code inside a longer code", "Use code MAYA100", brief, Fail, nil},
		// "Shop: " 6 bytes; the URL without scheme is 20 bytes.
		{"url without scheme", "Shop: CHORUS.link/maya-fit!", brief, Pass, []Span{{6, 26}}},
		{"url with scheme", "https://chorus.link/maya-fit?x=1", brief, Pass, []Span{{8, 28}}},
		{"other slug", "chorus.link/maya-fit-2", brief, Fail, nil},
		// "go.glow.co/" is 11 bytes.
		{"slug on another host", "go.glow.co/maya-fit", brief, Pass, []Span{{11, 19}}},
		{"slug as a word is not a link", "maya-fit vibes", Brief{LinkSlug: "maya-fit"}, Fail, nil},
		// "Link in bio" 0..11.
		{"link in bio", "Link in bio 💛", brief, Warn, []Span{{0, 11}}},
		{"none to show", "hello", Brief{}, Pass, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := checkTracking(tt.caption, tokenize(tt.caption), tt.brief)
			if r.Status != tt.status || !reflect.DeepEqual(r.Spans, tt.spans) {
				t.Errorf("got %v %v (%s), want %v %v", r.Status, r.Spans, r.Reason, tt.status, tt.spans)
			}
		})
	}
}
