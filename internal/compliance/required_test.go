package compliance

import (
	"reflect"
	"testing"
)

func TestCheckRequired(t *testing.T) {
	tests := []struct {
		name    string
		caption string
		brief   Brief
		status  Status
		spans   []Span
		missing []string
	}{
		// "Glow up " is 8 bytes: #GlowCo 8..15; "glow serum" 16..26.
		{"all present", "Glow up #GlowCo glow serum", Brief{RequiredHashtags: []string{"#glowco"}, RequiredKeywords: []string{"Glow Serum"}},
			Pass, []Span{{8, 15}, {16, 26}}, nil},
		{"tag boundary", "#glowcofan #glowco_", Brief{RequiredHashtags: []string{"glowco"}}, Fail, nil, []string{"#glowco"}},
		{"keyword is not a tag requirement", "glowco rocks", Brief{RequiredHashtags: []string{"glowco"}}, Fail, nil, []string{"#glowco"}},
		{"hashtag satisfies keyword", "#GlowSerum", Brief{RequiredKeywords: []string{"glowserum"}}, Pass, []Span{{0, 10}}, nil},
		{"keyword whole words", "serumless", Brief{RequiredKeywords: []string{"serum"}}, Fail, nil, []string{"serum"}},
		// "Grüße " is 8 bytes (ü 2, ß 2); the full-width "＃" is 3: "＃hautpflege" 8..21.
		{"multi-byte", "Grüße ＃Hautpflege", Brief{RequiredHashtags: []string{"hautpflege"}}, Pass, []Span{{8, 21}}, nil},
		{"some missing", "#a text", Brief{RequiredHashtags: []string{"#a", "#b"}, RequiredKeywords: []string{"text", "spf 50"}},
			Fail, []Span{{0, 2}, {3, 7}}, []string{"#b", "spf 50"}},
		{"nothing required", "anything", Brief{}, Pass, nil, nil},
		{"unmatchable keyword", "!!!", Brief{RequiredKeywords: []string{"!!!"}}, Fail, nil, []string{"!!!"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := checkRequired(tt.caption, tokenize(tt.caption), tt.brief)
			if r.Status != tt.status || !reflect.DeepEqual(r.Spans, tt.spans) || !reflect.DeepEqual(r.Missing, tt.missing) {
				t.Errorf("got %v %v %q (%s)\nwant %v %v %q", r.Status, r.Spans, r.Missing, r.Reason, tt.status, tt.spans, tt.missing)
			}
		})
	}
}
