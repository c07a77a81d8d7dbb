package engagement

import (
	"fmt"
	"testing"
	"time"
)

// history returns 31 daily counts starting at 20,000 whose daily gain
// cycles 40, 50, 60, with extra added on the given days.
func history(extra map[int]int64) []FollowerCount {
	h := make([]FollowerCount, 31)
	f := int64(20_000)
	for d := range h {
		if d > 0 {
			f += int64(40+10*(d%3)) + extra[d]
		}
		h[d] = FollowerCount{At: t0.AddDate(0, 0, d), Followers: f}
	}
	return h
}

// steadyPosts is a post every third day with about 1,000 interactions.
func steadyPosts() []Post {
	var ps []Post
	for d := 0; d < 31; d += 3 {
		ps = append(ps, post(d, 950+int64(d), 40))
	}
	return ps
}

func TestFollowerJumps(t *testing.T) {
	// Daily gains are 40,50,60 repeating: median 50, MAD 10 (|40-50|,
	// |60-50| are 10, |50-50| is 0; 20 of 30 are 10), threshold
	// 50 + 5*1.4826*10 = 124.13. A gain of 5,050 on day 15 is far above,
	// and above 0.5% of ~20,600.
	bought := history(map[int]int64{15: 5000})
	r, err := FollowerJumps(bought, steadyPosts(), JumpParams{})
	if err != nil {
		t.Fatal(err)
	}
	if !near(r.Median, 50) || !near(r.MAD, 10) || !near(r.Threshold, 124.13) {
		t.Errorf("trend: median %g MAD %g threshold %g, want 50 10 124.13", r.Median, r.MAD, r.Threshold)
	}
	if len(r.Jumps) != 1 || !r.Jumps[0].To.Equal(t0.AddDate(0, 0, 15)) || r.Jumps[0].Gain != 5000+40+10*(15%3) {
		t.Errorf("bought spike: jumps %+v, want one ending on day 15", r.Jumps)
	}

	// The same gain split over days 14 and 15, right after a post on day
	// 14 with 20,000 interactions (20x the median post): explained.
	viral := steadyPosts()
	viral = append(viral, Post{ID: "viral", PostedAt: t0.AddDate(0, 0, 13).Add(20 * time.Hour), Likes: Count(19_000), Comments: Count(1_000)})
	organic := history(map[int]int64{14: 3000, 15: 2000})
	r, err = FollowerJumps(organic, viral, JumpParams{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Jumps) != 0 || len(r.Explained) != 2 || r.Explained[0].ExplainedBy != "viral" {
		t.Errorf("viral growth: jumps %+v explained %+v, want none and two explained by viral", r.Jumps, r.Explained)
	}

	// Too short a history to know the trend.
	if r, _ := FollowerJumps(bought[:5], nil, JumpParams{}); len(r.Jumps) != 0 || r.Intervals != 4 {
		t.Errorf("short history: %+v", r)
	}
	dup := append(history(nil), FollowerCount{At: t0, Followers: 1})
	if _, err := FollowerJumps(dup, nil, JumpParams{}); err == nil {
		t.Error("duplicate observation accepted")
	}
}

func TestLikeCommentRatio(t *testing.T) {
	band := DefaultLikeCommentBands()[Micro] // 8-150
	tests := []struct {
		name    string
		posts   []Post
		ratio   float64
		outside string
	}{
		// (400+600)/(10+10) = 50
		{"normal", []Post{post(1, 400, 10), post(2, 600, 10)}, 50, ""},
		// (3000+5000)/(10+20) = 266.7
		{"bought likes", []Post{post(1, 3000, 10), post(2, 5000, 20)}, 8000.0 / 30, "high"},
		// 200/50 = 4
		{"pod comments", []Post{post(1, 200, 50)}, 4, "low"},
	}
	for _, tt := range tests {
		c, ok := LikeCommentRatio(tt.posts, band)
		if !ok || !near(c.LikesPerComment, tt.ratio) || c.Outside != tt.outside {
			t.Errorf("%s: %+v, want %g %q", tt.name, c, tt.ratio, tt.outside)
		}
	}
	if _, ok := LikeCommentRatio([]Post{post(1, 10, 0)}, band); ok {
		t.Error("no comments: ok")
	}
}

func TestPods(t *testing.T) {
	// Ten posts. a, b, c are among the first five on 7, 7 and 6 posts
	// (posts 0-6, 0-6, 4-9)
	// (70%, 70%, 60%): a pod of three. d is on 5 (50%): not a member.
	pod := make([][]string, 10)
	for i := range pod {
		var first []string
		if i < 7 {
			first = append(first, "@A", "b")
		}
		if i >= 4 {
			first = append(first, "c")
		}
		if i%2 == 0 {
			first = append(first, "d")
		}
		// Four one-off fans, then a again beyond the first five.
		for j := range 4 {
			first = append(first, fmt.Sprintf("fan%d_%d", i, j))
		}
		pod[i] = append(first, "a")
	}
	r := Pods(pod, PodParams{})
	want := []PodMember{{"a", 7, 0.7}, {"b", 7, 0.7}, {"c", 6, 0.6}}
	if !r.Flagged || len(r.Members) != 3 {
		t.Fatalf("pod: %+v, want flagged with %v", r, want)
	}
	for i, m := range want {
		if r.Members[i].Account != m.Account || r.Members[i].Posts != m.Posts || !near(r.Members[i].Share, m.Share) {
			t.Errorf("member %d = %+v, want %+v", i, r.Members[i], m)
		}
	}

	// A partner and a best friend on every post, others varied: two
	// regulars are not a pod.
	fans := make([][]string, 10)
	for i := range fans {
		fans[i] = []string{"partner", "bestie", string(rune('k' + i)), string(rune('l' + i))}
	}
	if r := Pods(fans, PodParams{}); r.Flagged || len(r.Members) != 2 {
		t.Errorf("loyal fans: %+v, want two members, not flagged", r)
	}
	// The same pod over four posts is too few to judge.
	if r := Pods(pod[:4], PodParams{}); r.Flagged {
		t.Errorf("four posts flagged: %+v", r)
	}
}
