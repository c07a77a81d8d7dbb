package sim

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"
)

// Follower samples carry each account's fake and bot shares: pooled over
// the default world the non-real share lands near the mean of the drawn
// shares, buyers' samples are worse than others', and a sample has 50-200
// profiles.
func TestFollowerSamples(t *testing.T) {
	w := mustWorld(t, DefaultConfig())
	var n, bad, buyerN, buyerBad, cleanN, cleanBad int
	var wantBad float64
	for c := range w.Creators() {
		a := c.Accounts[0]
		k := 0
		for f := range w.Followers(a) {
			k++
			isBad := f.Kind != RealFollower
			n++
			if isBad {
				bad++
			}
			if a.Truth.BoughtFollowers > 0 {
				buyerN++
				if isBad {
					buyerBad++
				}
			} else {
				cleanN++
				if isBad {
					cleanBad++
				}
			}
		}
		if k < 50 || k > 200 {
			t.Fatalf("%s: %d followers in sample, want 50-200", a.ID, k)
		}
		wantBad += float64(k) * (a.Truth.FakeShare + a.Truth.BotShare)
	}
	share := float64(bad) / float64(n)
	// Expected count: sum over accounts of sample size x (fake+bot share).
	// Binomial sd over ~375k draws is ~200, so 2% relative is > 10 sd.
	if math.Abs(float64(bad)-wantBad) > 0.02*wantBad {
		t.Errorf("fake+bot followers %d, want %.0f within 2%%", bad, wantBad)
	}
	if share < 0.08 || share > 0.30 {
		t.Errorf("fake+bot share of followers %.3f, want 0.08-0.30", share)
	}
	bs, cs := float64(buyerBad)/float64(buyerN), float64(cleanBad)/float64(cleanN)
	if bs < 2*cs {
		t.Errorf("buyers' fake share %.3f not at least twice others' %.3f", bs, cs)
	}
}

// Serialised followers and comments are in the DESIGN.md shapes, without
// the hidden labels.
func TestJSONShapes(t *testing.T) {
	f := Follower{Profile: Profile{Platform: Instagram, Username: "maya_fit", FollowerCount: 12}, Kind: FakeFollower}
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"platform":"instagram","username":"maya_fit","full_name":"","biography":"","external_url":"","has_profile_pic":false,"is_private":false,"media_count":0,"follower_count":12,"following_count":0}`
	if string(b) != want {
		t.Errorf("follower JSON\n got %s\nwant %s", b, want)
	}
	w := mustWorld(t, smallConfig(1))
	for cr := range w.Creators() {
		b, err := json.Marshal(cr.Accounts[0])
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "FakeShare") || !strings.Contains(string(b), `"follower_count":`) {
			t.Fatalf("account JSON leaks the truth or lacks the profile: %s", b)
		}
	}
	c := Comment{ID: "p1c0", Author: "a", Text: "link??", CreatedAt: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), PostID: "p1", Kind: Spam}
	b, err = json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	want = `{"id":"p1c0","author":"a","text":"link??","created_at":"2026-09-01T00:00:00Z","post_id":"p1"}`
	if string(b) != want {
		t.Errorf("comment JSON\n got %s\nwant %s", b, want)
	}
}

func TestGrowthCurve(t *testing.T) {
	tau := 14 * time.Hour
	full := growthFull(tau)
	// Hand computation: at t = tau, 1-exp(-1) = 0.63212; 30 days is
	// 720h/14h = 51.43 taus, 51.43^0.8 = 23.4, so the normaliser is
	// 1 - exp(-23.4), 1 to 10 digits.
	if g := growth(tau, tau); math.Abs(g-0.63212) > 1e-4 {
		t.Errorf("growth(tau) = %.5f, want 0.63212", g)
	}
	if g := growth(0, tau); g != 0 {
		t.Errorf("growth(0) = %v, want 0", g)
	}
	if g := growth(31*24*time.Hour, tau); g != 1 {
		t.Errorf("growth(31d) = %v, want 1", g)
	}
	for _, g := range []float64{0.01, 0.3, 0.63212, 0.9, 0.999} {
		age := growthInverse(g, tau, full)
		if back := growth(age, tau); math.Abs(back-g) > 1e-6 {
			t.Errorf("growth(growthInverse(%v)) = %v", g, back)
		}
	}
}

// Snapshots only grow, stop at the end of the world, and sponsored posts
// disclose (mostly) and carry the brief's hashtags (mostly).
func TestPostsAndSnapshots(t *testing.T) {
	w := mustWorld(t, DefaultConfig())
	posts := 0
	ids := map[string]bool{}
	for c := range w.Creators() {
		for p := range w.Posts(c.Accounts[0]) {
			posts++
			if ids[p.ID] {
				t.Fatalf("post ID %s repeated", p.ID)
			}
			ids[p.ID] = true
			if p.Sponsored || p.URL == "" || !strings.Contains(p.Caption, "#") {
				t.Fatalf("organic post %+v", p)
			}
			checkSnapshots(t, w, p)
		}
	}
	if want := 3000 * w.Config().PostsPerAccount; posts != want {
		t.Errorf("%d organic posts, want %d", posts, want)
	}
	sponsored, disclosed := 0, 0
	for p := range w.SponsoredPosts() {
		sponsored++
		if ids[p.ID] {
			t.Fatalf("post ID %s repeated", p.ID)
		}
		ids[p.ID] = true
		if p.Disclosure != "" {
			disclosed++
		}
		if !p.Sponsored || p.CollaborationID == "" || p.LinkSlug == "" {
			t.Fatalf("sponsored post %+v", p)
		}
		if p.Snapshots[len(p.Snapshots)-1].LinkClicks == 0 && p.Snapshots[len(p.Snapshots)-1].Impressions > 10_000 {
			t.Errorf("sponsored post %s: no link clicks on %d impressions", p.ID, p.Snapshots[len(p.Snapshots)-1].Impressions)
		}
		checkSnapshots(t, w, p)
	}
	// 92% of collaborations disclose; all posts of one collaboration alike.
	if sponsored == 0 || disclosed == sponsored || disclosed < sponsored*3/4 {
		t.Errorf("%d of %d sponsored posts disclose, want most but not all", disclosed, sponsored)
	}
}

func checkSnapshots(t *testing.T, w *World, p Post) {
	t.Helper()
	if len(p.Snapshots) == 0 && p.PublishedAt.Add(time.Hour).Before(w.End()) {
		t.Fatalf("post %s published %v has no snapshot", p.ID, p.PublishedAt)
	}
	var prev Snapshot
	for _, s := range p.Snapshots {
		if s.At.After(w.End()) || s.Likes < prev.Likes || s.Impressions < prev.Impressions || s.Views < prev.Views || s.Reach > s.Impressions {
			t.Fatalf("post %s: snapshot %+v after %+v", p.ID, s, prev)
		}
		if (p.Type == Image) != (s.Views == 0 && s.WatchTimeSeconds == 0) && s.Impressions > 100 {
			t.Fatalf("post %s (%s): views %d watch %d", p.ID, p.Type, s.Views, s.WatchTimeSeconds)
		}
		prev = s
	}
}

// Comments: every kind occurs; pod members comment first and within
// minutes; bot-heavy accounts draw more spam; comments stay in time order.
func TestComments(t *testing.T) {
	w := mustWorld(t, DefaultConfig())
	kinds := map[CommentKind]int{}
	var spamHi, nHi, spamLo, nLo int
	podPosts := 0
	for c := range w.Creators() {
		a := c.Accounts[0]
		for p := range w.Posts(a) {
			var prev time.Time
			k := 0
			for cm := range w.Comments(p) {
				kinds[cm.Kind]++
				if cm.CreatedAt.Before(prev) || cm.CreatedAt.Before(p.PublishedAt.Truncate(time.Second)) || cm.PostID != p.ID {
					t.Fatalf("comment %+v out of order (prev %v, post at %v)", cm, prev, p.PublishedAt)
				}
				prev = cm.CreatedAt
				if a.Truth.Pod > 0 && k == 0 {
					podPosts++
					if cm.Kind != Pod || cm.CreatedAt.Sub(p.PublishedAt) > 3*time.Minute {
						t.Fatalf("first comment on pod post %s is %+v", p.ID, cm)
					}
				}
				if a.Truth.Pod == 0 && cm.Kind == Pod {
					t.Fatalf("pod comment on non-pod account %s", a.ID)
				}
				isSpam := 0
				if cm.Kind == Spam {
					isSpam = 1
				}
				if a.Truth.BotShare > 0.05 {
					spamHi, nHi = spamHi+isSpam, nHi+1
				} else if a.Truth.BotShare < 0.02 {
					spamLo, nLo = spamLo+isSpam, nLo+1
				}
				k++
			}
			if k > w.Config().MaxCommentsPerPost {
				t.Fatalf("post %s: %d comments, cap %d", p.ID, k, w.Config().MaxCommentsPerPost)
			}
		}
	}
	for k := Question; k <= Pod; k++ {
		if kinds[k] == 0 {
			t.Errorf("no %s comments", k)
		}
	}
	if podPosts == 0 {
		t.Error("no pod posts")
	}
	// Spam weight is 2+100*botShare against ~87 for the rest: above 5%
	// bots that is >7% spam, below 2% under 4.5%.
	hi, lo := float64(spamHi)/float64(nHi), float64(spamLo)/float64(nLo)
	if hi < 0.07 || lo > 0.045 {
		t.Errorf("spam share %.3f on bot-heavy accounts, %.3f on clean ones", hi, lo)
	}
}
