package attribution

import (
	"strings"
	"testing"
	"time"
)

func TestDecide(t *testing.T) {
	order := time.Date(2026, 5, 31, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	click := func(ago time.Duration, collab int64) ClickSignal {
		return ClickSignal{At: order.Add(-ago), Collaboration: collab}
	}
	tests := []struct {
		name   string
		s      Signals
		collab int64
		plat   string
		rule   Rule
		reason string
	}{
		{
			name: "creator code beats a later click and the survey",
			s: Signals{OrderAt: order,
				Codes:  []CodeSignal{{Code: "SPRING10"}, {Code: "MAYA15", Collaboration: 7}, {Code: "LEO5", Collaboration: 9}},
				Clicks: []ClickSignal{click(time.Hour, 3)}, Survey: &SurveySignal{Answer: "Leo", Collaboration: 9}},
			collab: 7, rule: RuleCode, reason: `"MAYA15" belongs to collaboration 7 (first applied of 2 creator codes)`,
		},
		{
			name: "sitewide code does not attribute; last human click does",
			s: Signals{OrderAt: order, Codes: []CodeSignal{{Code: "SPRING10"}},
				Clicks: []ClickSignal{click(10*day, 3), click(2*day, 4), {At: order.Add(-time.Hour), Collaboration: 5, Bot: true}}},
			collab: 4, rule: RuleClick, reason: "48h0m0s before the order",
		},
		{
			name:   "click exactly at the lookback edge counts",
			s:      Signals{OrderAt: order, Clicks: []ClickSignal{click(30*day, 3)}},
			collab: 3, rule: RuleClick,
		},
		{
			name:   "clicks outside the window or after the order do not count; survey does",
			s:      Signals{OrderAt: order, Clicks: []ClickSignal{click(30*day+time.Second, 3), click(-time.Minute, 4)}, Survey: &SurveySignal{Answer: "@maya", Collaboration: 7}},
			collab: 7, rule: RuleSurvey, reason: `"@maya" names collaboration 7`,
		},
		{
			name:   "shorter lookback",
			s:      Signals{OrderAt: order, Lookback: 7 * day, Clicks: []ClickSignal{click(8*day, 3), click(6*day, 4)}},
			collab: 4, rule: RuleClick,
		},
		{
			name:   "simultaneous clicks: lowest collaboration, whatever the order",
			s:      Signals{OrderAt: order, Clicks: []ClickSignal{click(day, 8), click(day, 2), click(day, 5)}},
			collab: 2, rule: RuleClick,
		},
		{
			name: "survey naming a platform only",
			s:    Signals{OrderAt: order, Survey: &SurveySignal{Answer: "saw it on TikTok", Platform: "tiktok"}},
			plat: "tiktok", rule: RuleSurvey, reason: "platform tiktok but no creator",
		},
		{
			name: "nothing",
			s:    Signals{OrderAt: order, Clicks: []ClickSignal{{At: order.Add(-time.Hour), Collaboration: 5, Bot: true}}, Survey: &SurveySignal{Answer: "a friend"}},
			rule: RuleUnattributed, reason: "no human click within 720h0m0s",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Decide(tt.s)
			if d.Collaboration != tt.collab || d.Platform != tt.plat || d.Rule != tt.rule || !strings.Contains(d.Reason, tt.reason) {
				t.Errorf("got %+v, want collaboration %d, platform %q, rule %s, reason containing %q", d, tt.collab, tt.plat, tt.rule, tt.reason)
			}
		})
	}
}

func TestReverse(t *testing.T) {
	credit := CreditOrder(Decision{Collaboration: 7, Rule: RuleCode}, 8000, "EUR")
	if credit != (OrderCredit{Collaboration: 7, Conversions: 1, Amount: 8000, Currency: "EUR"}) {
		t.Fatalf("CreditOrder = %+v", credit)
	}
	tests := []struct {
		name     string
		refund   int64
		currency string
		want     OrderCredit
		err      string
	}{
		{"full", 8000, "EUR", OrderCredit{7, -1, -8000, "EUR"}, ""},
		// 2000 of 8000 is a quarter: -0.25 conversions.
		{"partial", 2000, "EUR", OrderCredit{7, -0.25, -2000, "EUR"}, ""},
		{"too much", 8001, "EUR", OrderCredit{}, "exceeds"},
		{"zero", 0, "EUR", OrderCredit{}, "positive"},
		{"other currency", 100, "USD", OrderCredit{}, "USD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Reverse(credit, tt.refund, tt.currency)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("got %+v, %v; want error containing %q", got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
	// Two partial refunds of 3000 and 5000 reverse the order exactly:
	// -3/8 - 5/8 = -1 conversion, -8000.
	r1, _ := Reverse(credit, 3000, "EUR")
	r2, _ := Reverse(OrderCredit{7, 1 + r1.Conversions, 8000 + r1.Amount, "EUR"}, 5000, "EUR")
	if c, a := credit.Conversions+r1.Conversions+r2.Conversions, credit.Amount+r1.Amount+r2.Amount; c != 0 || a != 0 {
		t.Errorf("after two refunds: %g conversions, %d amount; want 0, 0", c, a)
	}
}

func TestSplit(t *testing.T) {
	tests := []struct {
		amount  int64
		weights []float64
		want    []int64
	}{
		// 100/3 = 33.33 each: one leftover cent to the first.
		{100, []float64{1, 1, 1}, []int64{34, 33, 33}},
		// -100/3 floors to -34 each = -102: two cents back to the first two.
		{-100, []float64{1, 1, 1}, []int64{-33, -33, -34}},
		// Exact shares.
		{10, []float64{0.2, 0.4, 0.4}, []int64{2, 4, 4}},
		// 999 x (1/7, 2/7, 4/7) = 142.71, 285.43, 570.86: floors 142+285+570 = 997;
		// leftovers go to remainders .86 and .71.
		{999, []float64{1, 2, 4}, []int64{143, 285, 571}},
		// Zero, negative and NaN weights get nothing.
		{50, []float64{0, -1, 3, nan()}, []int64{0, 0, 50, 0}},
		{5, []float64{0, 0}, []int64{5, 0}},
		{5, nil, nil},
	}
	for _, tt := range tests {
		got := Split(tt.amount, tt.weights)
		if len(got) != len(tt.want) {
			t.Errorf("Split(%d, %v) = %v, want %v", tt.amount, tt.weights, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("Split(%d, %v) = %v, want %v", tt.amount, tt.weights, got, tt.want)
				break
			}
		}
	}
}
