package discovery_test

import (
	"net/url"
	"reflect"
	"testing"

	"github.com/chorushq/chorus/internal/discovery"
	"github.com/chorushq/chorus/internal/store"
)

func f64(v float64) *float64 { return &v }

func TestParseFilter(t *testing.T) {
	tests := []struct {
		query string
		want  store.SearchFilter
		bad   []string // fields reported
	}{
		{"", store.SearchFilter{Limit: 50}, nil},
		{"q=+vegan+food+&platform=Instagram&tier=micro,mid&tier=nano&tag=Food&tag=vegan,food",
			store.SearchFilter{Text: "vegan food", Platform: "instagram", Tiers: []string{"micro", "mid", "nano"}, Tags: []string{"food", "vegan"}, Limit: 50}, nil},
		// Percentages become shares: 2.5% ER is 0.025, 30% US is 0.3.
		{"min_er=2.5&max_er=10%25&country=us&min_country_share=30&min_real=80&min_score=60&min_followers=10,000&max_followers=100000",
			store.SearchFilter{MinER: f64(0.025), MaxER: f64(0.1), Country: "US", MinCountryShare: 0.3, MinRealShare: f64(0.8),
				MinScore: f64(60), MinFollowers: 10000, MaxFollowers: 100000, Limit: 50}, nil},
		// Page 3 of 20 starts after 40.
		{"sort=er&order=asc&limit=20&page=3", store.SearchFilter{Sort: "er", Asc: true, Limit: 20, Offset: 40}, nil},
		{"platform=myspace&tier=giant&min_followers=-3&min_er=abc&max_er=101&sort=charm&order=up&limit=1000&min_country_share=10",
			store.SearchFilter{Platform: "myspace", Limit: 1000},
			[]string{"platform", "tier", "min_followers", "min_er", "max_er", "country", "sort", "order", "limit"}},
		{"min_followers=500&max_followers=100&min_er=5&max_er=1", store.SearchFilter{MinFollowers: 500, MaxFollowers: 100,
			MinER: f64(0.05), MaxER: f64(0.01), Limit: 50}, []string{"max_followers", "max_er"}},
	}
	for _, tt := range tests {
		v, err := url.ParseQuery(tt.query)
		if err != nil {
			t.Fatal(err)
		}
		got, errs := discovery.ParseFilter(v)
		var fields []string
		for _, e := range errs {
			fields = append(fields, e.Field)
		}
		if !reflect.DeepEqual(fields, tt.bad) {
			t.Errorf("%q: errors %v, want fields %v", tt.query, errs, tt.bad)
		}
		if tt.bad == nil && !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q:\n got %+v\nwant %+v", tt.query, got, tt.want)
		}
	}
}
