package sim

import (
	"math"
	"slices"
	"testing"
)

func TestTierOf(t *testing.T) {
	tests := []struct {
		followers int64
		want      Tier
	}{
		{0, Nano}, {9_999, Nano}, {10_000, Micro}, {99_999, Micro}, {100_000, Mid},
		{499_999, Mid}, {500_000, Macro}, {999_999, Macro}, {1_000_000, Mega}, {50_000_000, Mega},
	}
	for _, tt := range tests {
		if got := TierOf(tt.followers); got != tt.want {
			t.Errorf("TierOf(%d) = %s, want %s", tt.followers, got, tt.want)
		}
	}
}

func TestLikeRateAnchors(t *testing.T) {
	tests := []struct {
		followers int64
		want      float64
	}{
		{100, 0.080},       // below the first anchor: held flat
		{3162, 0.040},      // 10^3.5, an anchor
		{10_000, 0.032},    // 10^4: halfway between 0.040 and 0.024
		{31_623, 0.024},    // 10^4.5
		{3_162_278, 0.017}, // 10^6.5
		{1e9, 0.017},       // beyond the last anchor: held flat
	}
	for _, tt := range tests {
		if got := likeRate(tt.followers); math.Abs(got-tt.want) > 0.0002 {
			t.Errorf("likeRate(%d) = %.4f, want %.4f", tt.followers, got, tt.want)
		}
	}
}

// Most creators are nano or micro, every tier occurs, and the median
// engagement rate falls tier by tier. 100,000 creators give at least a few
// hundred in the macro and mega tiers, enough for stable medians.
func TestTiersAndEngagement(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Creators = 100_000
	w := mustWorld(t, cfg)
	ers := map[Tier][]float64{}
	for c := range w.Creators() {
		a := c.Accounts[0]
		// Expected ER of an organic post: likes on real followers plus
		// comments (2.5% of likes), saves (8%) and shares (4%), medians of
		// their lognormals, which is close to the mean ratio at these sigmas.
		er := a.Truth.LikeRate * (1 - a.Truth.FakeShare - a.Truth.BotShare) * 1.145
		tier := TierOf(a.FollowerCount)
		ers[tier] = append(ers[tier], er)
	}
	small := float64(len(ers[Nano])+len(ers[Micro])) / float64(cfg.Creators)
	if small < 0.85 || small > 0.97 {
		t.Errorf("nano+micro share = %.3f, want 0.85-0.97", small)
	}
	prev := math.Inf(1)
	for _, tier := range Tiers {
		x := ers[tier]
		if len(x) < 200 {
			t.Fatalf("tier %s has %d creators, want at least 200 of 100k", tier, len(x))
		}
		slices.Sort(x)
		med := x[len(x)/2]
		t.Logf("%-5s n=%6d median ER %.2f%% p90 %.2f%%", tier, len(x), 100*med, 100*x[len(x)*9/10])
		if med >= prev {
			t.Errorf("median ER of %s (%.4f) not below the tier before (%.4f)", tier, med, prev)
		}
		prev = med
	}
	// Nano medians sit between the study's 1k-10k like rate (4%) and the
	// under-1k one (8%).
	if m := ers[Nano][len(ers[Nano])/2]; m < 0.04 || m > 0.08 {
		t.Errorf("nano median ER %.4f, want 0.04-0.08", m)
	}
}

// The same, measured the way Chorus will: the median over an account's
// recent posts of (likes+comments+saves+shares)/followers.
func TestPostEngagementFallsWithTier(t *testing.T) {
	w := mustWorld(t, DefaultConfig())
	ers := map[Tier][]float64{}
	for c := range w.Creators() {
		a := c.Accounts[0]
		var per []float64
		for p := range w.Posts(a) {
			if len(p.Snapshots) > 0 {
				per = append(per, p.Snapshots[len(p.Snapshots)-1].ER(a.FollowerCount))
			}
		}
		if len(per) == 0 {
			continue
		}
		slices.Sort(per)
		tier := TierOf(a.FollowerCount)
		ers[tier] = append(ers[tier], per[len(per)/2])
	}
	var meds []float64
	for _, tier := range []Tier{Nano, Micro, Mid} {
		x := ers[tier]
		slices.Sort(x)
		meds = append(meds, x[len(x)/2])
	}
	if !(meds[0] > meds[1] && meds[1] > meds[2]) {
		t.Errorf("median post ER nano, micro, mid = %.4f, want decreasing", meds)
	}
}

func TestHandlesUnique(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Creators = 200_000
	w := mustWorld(t, cfg)
	seen := make(map[string]int, cfg.Creators)
	emails := make(map[string]bool, cfg.Creators)
	for c := range w.Creators() {
		h := c.Accounts[0].Username
		if j, dup := seen[h]; dup {
			t.Fatalf("creators %d and %d share handle %q", j, c.Index, h)
		}
		seen[h] = c.Index
		if emails[c.Email] {
			t.Fatalf("creator %d repeats email %q", c.Index, c.Email)
		}
		emails[c.Email] = true
	}
	// Beyond 2^20 the index itself is used; spot-check across the seam.
	a, b := w.Creator(1<<20-1), w.Creator(1<<20)
	if a.Accounts[0].Username == b.Accounts[0].Username {
		t.Errorf("creators 2^20-1 and 2^20 share %q", a.Accounts[0].Username)
	}
}

func TestFeistelIsPermutation(t *testing.T) {
	seen := make([]bool, 1<<20)
	for i := range uint64(1 << 20) {
		p := feistel20(99, i)
		if p >= 1<<20 || seen[p] {
			t.Fatalf("feistel20(%d) = %d repeats or leaves the domain", i, p)
		}
		seen[p] = true
	}
}

func TestAccountShape(t *testing.T) {
	w := mustWorld(t, DefaultConfig())
	for c := range w.Creators() {
		for _, a := range c.Accounts {
			var sum float64
			for _, s := range a.Audience.Countries {
				sum += s.Share
			}
			var age float64
			for _, s := range a.Audience.Age {
				age += s
			}
			if math.Abs(sum-1) > 1e-9 || math.Abs(age-1) > 1e-9 || math.Abs(a.Audience.Female+a.Audience.Male-1) > 1e-9 {
				t.Fatalf("%s: audience shares sum to %.6f (countries), %.6f (age), %.6f (gender), want 1",
					a.ID, sum, age, a.Audience.Female+a.Audience.Male)
			}
			if a.Rate < 500 || a.RateCurrency == "" {
				t.Fatalf("%s: rate %d %q", a.ID, a.Rate, a.RateCurrency)
			}
			if a.FollowerCount < 50 || a.FollowingCount < 10 || a.MediaCount < 15 {
				t.Fatalf("%s: implausible profile %+v", a.ID, a.Profile)
			}
		}
	}
}

// Buyers show one jump in their follower history, on the day they bought,
// of exactly the bought followers; the last point is today's count.
func TestFollowerHistoryShowsPurchase(t *testing.T) {
	w := mustWorld(t, DefaultConfig())
	buyers := 0
	for c := range w.Creators() {
		a := c.Accounts[0]
		h := w.FollowerHistory(a)
		if len(h) != historyDays {
			t.Fatalf("%s: %d history points, want %d", a.ID, len(h), historyDays)
		}
		if got := h[len(h)-1].Followers; got != a.FollowerCount {
			t.Fatalf("%s: last history point %d, want follower count %d", a.ID, got, a.FollowerCount)
		}
		if a.Truth.BoughtFollowers == 0 {
			continue
		}
		buyers++
		k := slices.IndexFunc(h, func(f FollowerCount) bool { return !f.At.Before(a.Truth.BoughtAt) })
		if k < 1 {
			t.Fatalf("%s: purchase at %v outside history", a.ID, a.Truth.BoughtAt)
		}
		jump := h[k].Followers - h[k-1].Followers
		// Organic change in a day stays within 3% (growth about 0.15% a
		// day, at most ~1%, plus 0.2% noise on each day); the jump is the
		// purchase, at least 30% of organic.
		if d := jump - a.Truth.BoughtFollowers; math.Abs(float64(d)) > 0.03*float64(h[k-1].Followers) {
			t.Errorf("%s: jump %d on %v, bought %d", a.ID, jump, h[k].At, a.Truth.BoughtFollowers)
		}
	}
	// 12% of 3,000 creators buy: about 360.
	if buyers < 280 || buyers > 440 {
		t.Errorf("%d buyers of 3000, want about 360", buyers)
	}
}
