package score

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/engagement"
	"github.com/chorushq/chorus/internal/fit"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// full has every component, with values chosen to add up by hand.
func full() Inputs {
	return Inputs{
		Niche:          &fit.Match{Score: 0.5, Raw: 2, Best: 4, Terms: []fit.TermContribution{{Term: "vegan", TF: 3, Points: 0.5}}, Absent: []string{"cake"}},
		Audience:       &fit.AudienceMatch{Score: 0.6},
		Engagement:     &EngagementInput{ER: 0.061, Posts: 12, Tier: engagement.Micro, Percentile: 78, Against: "the workspace's 40 micro creators"},
		Authenticity:   &AuthenticityInput{Sampled: 200, Fake: 20},
		CommentQuality: &CommentQualityInput{Sampled: 100, Genuine: 70},
		Clarity:        &fit.Clarity{Score: 0.4, Captions: 10},
		// on time 3/4 = 0.75, consistency 1/(1+0.25) = 0.8, reply 0.25/0.5 = 0.5
		// 0.5 x 0.75 + 0.25 x 0.8 + 0.25 x 0.5 = 0.7
		Reliability: &engagement.Reliability{Deliverables: 4, OnTime: 3, OnTimeShare: 0.75, Gaps: 10, GapCV: 0.25, Comments: 40, Replied: 10, ReplyRate: 0.25, ReplyHours: 3},
		// share 1/3: (0.6 - 1/3)/(0.6 - 0.2) = 2/3
		Sponsorship: &engagement.SponsorshipReport{Posts: 12, Sponsored: 4, Share: 1.0 / 3, Brands: []engagement.BrandCount{{Handle: "glowco", Posts: 4}}},
		// Shrunk rate (4 + 0.004 x 1000)/(1000 + 1000) = 0.004, the
		// workspace's: 0.004/(2 x 0.004) = 0.5. Expected orders 1000 x
		// 0.004 = 4, CPA 100000/4 = 25000 = the workspace's: 0.5. Mean 0.5.
		Conversions: &ConversionInput{Collaborations: 2, Clicks: 1000, Orders: 4, Cost: 100_000, Revenue: 150_000, CostClicks: 1000,
			Baseline: ConversionBaseline{Creators: 3, Clicks: 3000, Orders: 12, Mean: 0.004, Strength: 1000, CPA: 25_000, Currency: "EUR"}},
	}
}

func TestComputeAllPresent(t *testing.T) {
	r, err := Compute(full(), Config{})
	if err != nil {
		t.Fatal(err)
	}
	// Default weights x 100 x value:
	// niche 20 x 0.5 = 10, audience 15 x 0.6 = 9, engagement 15 x 0.78 = 11.7,
	// authenticity 15 x 0.9 = 13.5, comments 10 x 0.7 = 7, clarity 5 x 0.4 = 2,
	// reliability 8 x 0.7 = 5.6, sponsorship 5 x 2/3 = 3.3333, conversions 7 x 0.5 = 3.5
	// sum 65.6333
	want := map[Component]float64{NicheFit: 10, AudienceFit: 9, Engagement: 11.7, Authenticity: 13.5,
		CommentQuality: 7, ContentClarity: 2, Reliability: 5.6, Sponsorship: 5.0 * 2 / 3, Conversions: 3.5}
	var sum float64
	for _, p := range r.Parts {
		if !p.Present || !near(p.Points, want[p.Component]) {
			t.Errorf("%s: %+v, want %g points", p.Component, p, want[p.Component])
		}
		sum += p.Points
	}
	if !near(r.Score, 65.5+0.4/3) || !near(sum, r.Score) || len(r.Notes) != 0 {
		t.Errorf("score %g (parts sum %g), notes %q, want 65.6333", r.Score, sum, r.Notes)
	}
	for _, tt := range []struct {
		c    Component
		want string
	}{
		{Engagement, "ER 6.1% (median of 12 posts) is in the 78th percentile of the workspace's 40 micro creators"},
		{Conversions, "4 orders from 1,000 clicks in 2 collaborations: 4.0 per 1,000, workspace 4.0"},
		{Conversions, "CPA 250.00 EUR on shrunk orders, workspace 250.00 EUR (cost 1000.00, revenue 1500.00)"},
		{Reliability, "replies to 25% of comments on recent posts (10 of 40), typically within 3.0 h"},
		{Sponsorship, "4 of 12 recent posts sponsored (33%): @glowco (4)"},
		{Authenticity, "20 of 200 sampled followers look fake (10.0%)"},
		{NicheFit, "never mentions cake"},
	} {
		if !hasEvidence(r, tt.c, tt.want) {
			t.Errorf("%s evidence %q, want %q", tt.c, part(r, tt.c).Evidence, tt.want)
		}
	}
}

func TestComputeMissingRedistributed(t *testing.T) {
	in := full()
	in.Audience, in.Conversions = nil, nil
	r, err := Compute(in, Config{})
	if err != nil {
		t.Fatal(err)
	}
	// Present weight 1 - 0.15 - 0.07 = 0.78. The other parts' points from
	// TestComputeAllPresent sum to 65.6333 - 9 - 3.5 = 53.1333; over 0.78
	// that is 68.1197.
	if !near(r.Score, (65.5+0.4/3-12.5)/0.78) {
		t.Errorf("score %g, want 68.1197", r.Score)
	}
	if p := part(r, NicheFit); !near(p.Effective, 0.2/0.78) || !near(p.Points, 10/0.78) {
		t.Errorf("niche %+v, want effective weight 0.2564", p)
	}
	if p := part(r, AudienceFit); p.Present || p.Points != 0 || p.Missing == "" {
		t.Errorf("audience %+v, want missing", p)
	}
	if len(r.Notes) != 3 || !strings.HasPrefix(r.Notes[0], "audience_fit left out (no audience demographics): its weight 0.15") {
		t.Errorf("notes %q", r.Notes)
	}
}

func TestComputeCustomWeights(t *testing.T) {
	// 2 and 2 renormalise to 0.5 and 0.5: 50 x 0.5 + 50 x 0.78 = 64.
	r, err := Compute(full(), Config{Weights: Weights{NicheFit: 2, Engagement: 2}})
	if err != nil || !near(r.Score, 64) {
		t.Errorf("score %g %v, want 64", r.Score, err)
	}
	// Only weighted components without data: an error, not a zero.
	if _, err := Compute(Inputs{Niche: full().Niche}, Config{Weights: Weights{Engagement: 1}}); err == nil {
		t.Error("no data for any weighted component: no error")
	}
}

func TestWeightsValidate(t *testing.T) {
	tests := []struct {
		w    Weights
		want string
	}{
		{DefaultWeights(), ""},
		{Weights{NicheFit: -0.1, Engagement: 1}, "niche_fit: -0.1 is not a non-negative number"},
		{Weights{NicheFit: math.NaN()}, "niche_fit: NaN"},
		{Weights{"charisma": 1}, `"charisma" is not a component`},
		{Weights{NicheFit: 0}, "all weights are zero"},
	}
	for _, tt := range tests {
		err := tt.w.Validate()
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("Validate(%v) = %v, want %q", tt.w, err, tt.want)
		}
	}
	var sum float64
	for _, v := range DefaultWeights() {
		sum += v
	}
	if !near(sum, 1) {
		t.Errorf("default weights sum to %g", sum)
	}
}

func TestSponsorshipCompetitor(t *testing.T) {
	in := Inputs{Sponsorship: &engagement.SponsorshipReport{Posts: 10, Sponsored: 3, Share: 0.3,
		Competitors: []engagement.BrandCount{{Handle: "rival", Posts: 1}}}}
	// (0.6 - 0.3)/0.4 = 0.75, halved for a competitor: 0.375.
	r, err := Compute(in, Config{Weights: Weights{Sponsorship: 1}})
	if err != nil || !near(r.Score, 37.5) || !hasEvidence(r, Sponsorship, "sponsored by competitors: @rival (1)") {
		t.Errorf("got %+v %v, want 37.5", r, err)
	}
}

func TestWarnings(t *testing.T) {
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	in := full()
	in.Anomalies = &Anomalies{
		Followers: &engagement.FollowerReport{Median: 50, Jumps: []engagement.Jump{{From: day, To: day.AddDate(0, 0, 1), Gain: 5000, DailyGain: 5000}}},
		Ratio:     &engagement.RatioCheck{LikesPerComment: 400, Posts: 12, Band: engagement.Band{Low: 8, High: 150}, Outside: "high"},
		Pods:      &engagement.PodReport{Posts: 10, Flagged: true, Members: []engagement.PodMember{{Account: "a", Posts: 7}}},
	}
	r, err := Compute(in, Config{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"followers jumped by 5000 between 2026-03-01 and 2026-03-02 (5000 a day against a trend of 50) with no post spike to explain it",
		"likes per comment out of the normal band: 400 likes per comment over 12 posts (normal 8-150): high",
		"possible engagement pod: the same accounts comment first on most posts: @a (7 of 10 posts)",
	}
	if strings.Join(r.Warnings, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings\n%q\nwant\n%q", r.Warnings, want)
	}
}

func TestPeersPlace(t *testing.T) {
	th := engagement.DefaultThresholds()
	var samples []engagement.Sample
	for i := range 20 {
		samples = append(samples, engagement.Sample{Followers: 50_000, ER: 0.01 * float64(i+1)}) // 1%..20%
	}
	pop, err := engagement.NewPopulation(th, samples)
	if err != nil {
		t.Fatal(err)
	}
	s := engagement.Summary{Median: 0.061, Posts: 12}
	peers := Peers{Thresholds: th, Population: pop, Benchmarks: engagement.DefaultBenchmarks()}
	// 6 of 20 peers below 6.1%: 30th percentile.
	in, ok := peers.Place("instagram", 20_000, s)
	if !ok || in.Tier != engagement.Micro || !near(in.Percentile, 30) || in.Against != "the workspace's 20 micro creators" {
		t.Errorf("with peers: %+v %v", in, ok)
	}
	// Mid tier has no peers: the benchmark, median 2.1%.
	in, ok = peers.Place("instagram", 200_000, s)
	if !ok || in.Tier != engagement.Mid || !strings.Contains(in.Against, "benchmark median 2.1%") || in.Percentile < 90 {
		t.Errorf("benchmark: %+v %v", in, ok)
	}
	if _, ok := peers.Place("tiktok", 200_000, s); ok {
		t.Error("tiktok mid placed without peers or benchmark")
	}
}

func TestOrdinal(t *testing.T) {
	for n, want := range map[int]string{0: "0th", 1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 78: "78th", 100: "100th", 101: "101st"} {
		if got := ordinal(n); got != want {
			t.Errorf("ordinal(%d) = %s, want %s", n, got, want)
		}
	}
}

func part(r Result, c Component) Part {
	for _, p := range r.Parts {
		if p.Component == c {
			return p
		}
	}
	return Part{}
}

func hasEvidence(r Result, c Component, want string) bool {
	for _, e := range part(r, c).Evidence {
		if e == want {
			return true
		}
	}
	return false
}

func BenchmarkCompute(b *testing.B) {
	in := full()
	for b.Loop() {
		if _, err := Compute(in, Config{}); err != nil {
			b.Fatal(err)
		}
	}
}
