package analytics

import (
	"encoding/json"
	"math"
	"testing"
)

func TestMetrics(t *testing.T) {
	tests := []struct {
		name string
		got  Ratio
		want Ratio
	}{
		// 500 interactions / 10,000 followers = 0.05
		{"ER", ER(500, 10000), Ratio{0.05, true}},
		{"ER no followers", ER(5, 0), NA},
		// 120 / 4,000 views = 0.03
		{"ER by views", ERByViews(120, 4000), Ratio{0.03, true}},
		// 30 clicks / 1,000 impressions; the views are not used
		{"CTR impressions", CTR(30, 1000, 5000), Ratio{0.03, true}},
		// impressions unknown: 30 / 600 views = 0.05
		{"CTR views", CTR(30, 0, 600), Ratio{0.05, true}},
		{"CTR nothing shown", CTR(3, 0, 0), NA},
		// 450 completed of 1,000 views
		{"completion", Completion(450, 1000), Ratio{0.45, true}},
		// 50,000 cents / 200,000 impressions x 1000 = 250 cents
		{"CPM", CPM(50000, 200000), Ratio{250, true}},
		{"CPM no impressions", CPM(50000, 0), NA},
		// 10,000 / 400 = 25
		{"CPE", CPE(10000, 400), Ratio{25, true}},
		{"CPC no clicks", CPC(10000, 0), NA},
		// 10,000 / 40 = 250
		{"CPC", CPC(10000, 40), Ratio{250, true}},
		// 30,000 / 12 = 2,500
		{"CPA", CPA(30000, 12), Ratio{2500, true}},
		{"CPA no orders", CPA(30000, 0), NA},
		// a gifted collaboration that cost nothing: CPA is 0, not n/a
		{"CPA free", CPA(0, 3), Ratio{0, true}},
		// 90,000 / 30,000 = 3
		{"ROAS", ROAS(90000, 30000), Ratio{3, true}},
		{"ROAS no cost", ROAS(90000, 0), NA},
		// (90,000 x 0.6 - 30,000) / 30,000 = 24,000 / 30,000 = 0.8
		{"ROI", ROI(90000, 6000, 30000), Ratio{0.8, true}},
		// (10,000 x 0.5 - 20,000) / 20,000 = -0.75
		{"ROI loss", ROI(10000, 5000, 20000), Ratio{-0.75, true}},
		{"ROI no cost", ROI(1, 6000, 0), NA},
		// 90,000 / 12 = 7,500
		{"AOV", AOV(90000, 12), Ratio{7500, true}},
		{"AOV no orders", AOV(0, 0), NA},
		// 45 genuine of 60 judged comments
		{"comment quality", CommentQuality(45, 60), Ratio{0.75, true}},
		{"comment quality, none judged", CommentQuality(0, 0), NA},
	}
	for _, tt := range tests {
		if tt.got.OK != tt.want.OK || math.Abs(tt.got.V-tt.want.V) > 1e-9 {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestCost(t *testing.T) {
	tests := []struct {
		revenue, bps, want int64
	}{
		{12345, 1000, 1235},   // 1,234.5 rounds half up
		{-12345, 1000, -1235}, // a refund reverses the same amount
		{99999, 250, 2500},    // 2,499.975
		{50000, 0, 0},
	}
	for _, tt := range tests {
		if got := Commission(tt.revenue, tt.bps); got != tt.want {
			t.Errorf("Commission(%d, %d) = %d, want %d", tt.revenue, tt.bps, got, tt.want)
		}
	}
	// 50,000 fee + 3,000 seeding + 7,000 amplification + 10% of 90,000 = 69,000
	terms := Terms{FeeMinor: 50000, SeedingMinor: 3000, AmplificationMinor: 7000, CommissionBps: 1000}
	if got := terms.Cost(90000); got != 69000 {
		t.Errorf("Cost = %d, want 69000", got)
	}
}

func TestRatioJSONAndText(t *testing.T) {
	b, err := json.Marshal(struct{ A, B Ratio }{NA, Ratio{0.25, true}})
	if err != nil || string(b) != `{"A":null,"B":0.25}` {
		t.Errorf("json = %s, %v", b, err)
	}
	var back struct{ A, B Ratio }
	if err := json.Unmarshal(b, &back); err != nil || back.A.OK || !back.B.OK || back.B.V != 0.25 {
		t.Errorf("unmarshal = %+v, %v", back, err)
	}
	if NA.String() != "n/a" || NA.Fixed(2) != "n/a" || (Ratio{1.5, true}).Fixed(2) != "1.50" {
		t.Errorf("text forms: %q %q %q", NA.String(), NA.Fixed(2), Ratio{1.5, true}.Fixed(2))
	}
}
