package engagement

import (
	"testing"
	"time"
)

func TestSponsorship(t *testing.T) {
	at := func(d int) time.Time { return t0.AddDate(0, 0, d) }
	posts := []Post{
		{PostedAt: at(1), Caption: "Morning routine with @GlowCo. #ad"},                                  // disclosed: glowco
		{PostedAt: at(2), Caption: "Hiking day", PaidPartnership: true, Mentions: []string{"trailgear"}}, // label
		{PostedAt: at(3), Caption: "Love this serum from @rivalskin"},                                    // competitor mention
		{PostedAt: at(4), Caption: "Coffee with @bestfriend #sunday"},                                    // not sponsored
		{PostedAt: at(5), Caption: "email me: hi@example.com #adventure"},                                // neither a mention nor #ad
		{PostedAt: at(6), Caption: "Second look @glowco #Sponsored"},                                     // glowco again
		{PostedAt: at(0), Caption: "old #ad @oldbrand"},                                                  // outside n=6
	}
	r := Sponsorship(posts, 6, SponsorshipRules{Competitors: []string{"@RivalSkin"}})
	// 4 of the 6 most recent are sponsored: 4/6.
	if r.Posts != 6 || r.Sponsored != 4 || !near(r.Share, 4.0/6) {
		t.Errorf("got %d of %d (%g), want 4 of 6", r.Sponsored, r.Posts, r.Share)
	}
	wantBrands := []BrandCount{{"glowco", 2}, {"rivalskin", 1}, {"trailgear", 1}}
	if len(r.Brands) != len(wantBrands) {
		t.Fatalf("brands %v, want %v", r.Brands, wantBrands)
	}
	for i := range wantBrands {
		if r.Brands[i] != wantBrands[i] {
			t.Errorf("brand %d = %v, want %v", i, r.Brands[i], wantBrands[i])
		}
	}
	if len(r.Competitors) != 1 || r.Competitors[0] != (BrandCount{"rivalskin", 1}) {
		t.Errorf("competitors %v, want rivalskin 1", r.Competitors)
	}
}

func TestReliability(t *testing.T) {
	h := func(hours int) time.Time { return t0.Add(time.Duration(hours) * time.Hour) }
	// Gaps 24, 48, 24, 48 hours: mean 36, deviations +-12, sd 12, CV 1/3.
	posts := []time.Time{h(0), h(24), h(72), h(96), h(144)}
	deliveries := []Delivery{
		{Due: h(100), Delivered: h(90)},  // early
		{Due: h(100), Delivered: h(100)}, // on the dot
		{Due: h(100), Delivered: h(101)}, // late
		{Due: h(100)},                    // never
	}
	r := NewReliability(posts, 40, 10, deliveries)
	if !near(r.GapCV, 1.0/3) || r.Gaps != 4 {
		t.Errorf("gap CV %g over %d, want 1/3 over 4", r.GapCV, r.Gaps)
	}
	if !near(r.ReplyRate, 0.25) || r.Comments != 40 {
		t.Errorf("reply rate %g, want 10/40", r.ReplyRate)
	}
	if r.OnTime != 2 || r.Deliverables != 4 || !near(r.OnTimeShare, 0.5) {
		t.Errorf("on time %d/%d, want 2/4", r.OnTime, r.Deliverables)
	}
	if r := NewReliability(posts[:2], 0, 0, nil); r.Gaps != 0 || r.Comments != 0 || r.Deliverables != 0 {
		t.Errorf("unknowns: %+v", r)
	}
}
