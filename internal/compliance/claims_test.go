package compliance

import (
	"reflect"
	"strings"
	"testing"
)

func TestDefaultListsParse(t *testing.T) {
	for _, c := range DefaultCategories() {
		rules, err := DefaultList(c)
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		if len(rules) < 10 {
			t.Errorf("%s: only %d rules", c, len(rules))
		}
	}
	if _, err := DefaultList("nope"); err == nil {
		t.Error("unknown list: no error")
	}
}

func TestCheckClaims(t *testing.T) {
	type hit struct {
		text   string
		status Status
	}
	defaults := DefaultRules().Claims
	ws, err := ParseRules("workspace", "acme.txt", strings.NewReader("best on the market ; warn\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		caption string
		rules   []Rule
		want    []hit
	}{
		{"clean", "Morning glow with @glowco #ad", defaults, nil},
		{"cure and melt", "This tea CURED my bloating and melts fat 🔥 #ad", defaults,
			[]hit{{"CURED", Fail}, {"melts fat", Fail}}},
		{"weight loss number", "I lost 5 kg and you can lose 10 lbs too", defaults,
			[]hit{{"lost 5 kg", Warn}, {"lose 10 lbs", Fail}}},
		{"clinically proven uncited", "Clinically proven to hydrate", defaults, []hit{{"Clinically proven", Fail}}},
		{"clinically proven with link", "Clinically proven to hydrate https://glow.co/study\nlove it", defaults, nil},
		{"clinically proven with marker", "Clinically proven [1] to hydrate", defaults, nil},
		{"citation on another line does not count", "Clinically proven!\n[1] glow.co/study", defaults,
			[]hit{{"Clinically proven", Fail}}},
		{"finance", "Risk-free, guaranteed returns. You can’t lose, double your money!", defaults,
			[]hit{{"Risk-free", Fail}, {"guaranteed returns", Fail}, {"can’t lose", Fail}, {"double your money", Fail}}},
		{"beauty", "Erase wrinkles forever with 100% results", defaults,
			[]hit{{"Erase wrinkles forever", Fail}, {"100% results", Fail}}},
		{"german sentence has no english claims", "Meine Haut heilt schneller, ehrlich #werbung", defaults, nil},
		{"secure is not cure", "A secure, curly, curated routine", defaults, nil},
		{"workspace list", "Simply the best on the market", ws, []hit{{"best on the market", Warn}}},
		{"no lists", "cures everything", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := checkClaims(tt.caption, tokenize(tt.caption), tt.rules)
			var got []hit
			for _, r := range rs {
				if r.Status == Pass {
					if len(rs) != 1 || r.Spans != nil {
						t.Errorf("a pass among hits: %+v", rs)
					}
					continue
				}
				if len(r.Spans) != 1 || r.Check != CheckClaims || r.Reason == "" {
					t.Errorf("bad result %+v", r)
					continue
				}
				got = append(got, hit{tt.caption[r.Spans[0].Start:r.Spans[0].End], r.Status})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDefaultRulesCategories(t *testing.T) {
	for _, r := range DefaultRules("finance").Claims {
		if r.Category != "finance" {
			t.Fatalf("rule %q of %q in the finance rules", r.Pattern, r.Category)
		}
	}
}
