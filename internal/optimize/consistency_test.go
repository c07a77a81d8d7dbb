package optimize

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestScoreConsistency(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC) }
	hs := []CreatorHistory{
		{"Ana", []CampaignResult{{"c1", day(1), 10000, 300, 8}, {"c2", day(2), 10000, 300, 10}, {"c3", day(3), 10000, 300, 12}}},
		{"Ben", []CampaignResult{{"c1", day(1), 20000, 500, 1}}},
		{"Cleo", []CampaignResult{{"c2", day(5), 10000, 300, 6}, {"c1", day(1), 10000, 300, 0}}},
	}
	got, err := ScoreConsistency(hs, ConsistencyOptions{Currency: "EUR"})
	if err != nil {
		t.Fatal(err)
	}
	// Exposure unit 100 EUR = 10,000 cents.
	// Ana: rates 8, 10, 12: mean 10, sd 2, CV 0.2. Cleo: rates 6, 0: mean 3,
	// sd 4.2426, CV 1.4142. Population CV = median(0.2, 1.4142) = 0.80711.
	// Population rate 37/7 = 5.2857, target 70,000/37 = 1891.9 cents, prior
	// Gamma(2, 0.37838).
	// Ana: rate 32/3.37838 = 9.472, CPA 1055.7; CV (2·0.2 + 2·0.80711)/4 = 0.50355.
	// Ben: rate 3/2.37838 = 1.2614, CPA 7927.9; CV = population 0.80711.
	// Cleo: rate 8/2.37838 = 3.3636, CPA 2973.0; CV (1.4142 + 2·0.80711)/3 = 1.00948.
	want := []struct {
		cv, shrunkCV, cpa float64
		invite            bool
		reason            string
	}{
		{0.2, 0.50355, 1055.7, true, "invite again: CPA 10.56 EUR after shrinkage (target 18.92 EUR) over 3 campaigns, steady (CV 0.50)"},
		{math.NaN(), 0.80711, 7927.9, false, "not yet: CPA 79.28 EUR after shrinkage is above the target 18.92 EUR"},
		{1.41421, 1.00948, 2973.0, false, "not yet: CPA 29.73 EUR after shrinkage is above the target 18.92 EUR"},
	}
	for i, w := range want {
		c := got[i]
		cvOK := math.IsNaN(w.cv) && math.IsNaN(c.CV) || near(c.CV, w.cv, 1e-4)
		if !cvOK || !near(c.ShrunkCV, w.shrunkCV, 1e-4) || !near(c.ShrunkCPA, w.cpa, 0.1) || c.InviteAgain != w.invite || c.Reason != w.reason {
			t.Errorf("%s: CV %.5f shrunk %.5f CPA %.1f invite %v %q\nwant %.5f %.5f %.1f %v %q",
				c.Creator, c.CV, c.ShrunkCV, c.ShrunkCPA, c.InviteAgain, c.Reason, w.cv, w.shrunkCV, w.cpa, w.invite, w.reason)
		}
		if !near(c.Score, 1/(1+w.shrunkCV), 1e-4) {
			t.Errorf("%s: score %g", c.Creator, c.Score)
		}
	}
}

func TestScoreConsistencyRules(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 2, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name string
		rs   []CampaignResult
		want string
	}{
		{"volatile", []CampaignResult{{"a", day(1), 10000, 0, 1}, {"b", day(2), 10000, 0, 30}, {"c", day(3), 10000, 0, 2}, {"d", day(4), 10000, 0, 40}},
			"not yet: results vary too much"},
		{"slipping", []CampaignResult{{"a", day(1), 10000, 0, 30}, {"b", day(2), 10000, 0, 30}, {"c", day(3), 10000, 0, 30}, {"d", day(4), 10000, 0, 25}, {"e", day(5), 30000, 0, 5}},
			"not yet: the latest campaign (e) cost more than twice the target"},
	}
	for _, tt := range tests {
		// Target 10.00 EUR: 1,000 cents.
		got, err := ScoreConsistency([]CreatorHistory{{"x", tt.rs}}, ConsistencyOptions{Currency: "EUR", TargetCPA: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if got[0].InviteAgain || !strings.HasPrefix(got[0].Reason, tt.want) {
			t.Errorf("%s: %v %q, want %q", tt.name, got[0].InviteAgain, got[0].Reason, tt.want)
		}
	}
}
