package engagement

import (
	"fmt"
	"math"
	"testing"
	"time"
)

var t0 = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

func post(day int, likes, comments int64) Post {
	return Post{ID: fmt.Sprintf("d%d", day), PostedAt: t0.AddDate(0, 0, day), Likes: Count(likes), Comments: Count(comments)}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestByFollowers(t *testing.T) {
	full := Post{Likes: Count(500), Comments: Count(40), Saves: Count(50), Shares: Count(10)}
	noSaves := Post{Likes: Count(500), Comments: Count(40), Shares: Count(10)}
	noLikes := Post{Comments: Count(40), Saves: Count(50)}
	tests := []struct {
		name      string
		p         Post
		followers int64
		want      float64
		missing   int
		ok        bool
	}{
		// (500+40+50+10)/10000 = 600/10000 = 0.06
		{"all counts", full, 10_000, 0.06, 0, true},
		// (500+40+10)/10000 = 0.055, saves named as missing
		{"saves unknown", noSaves, 10_000, 0.055, 1, true},
		{"likes unknown", noLikes, 10_000, 0, 0, false},
		{"no followers", full, 0, 0, 0, false},
		// zero is a count, not unknown: (0+0+0+0)/100 = 0
		{"zeros", Post{Likes: Count(0), Comments: Count(0), Saves: Count(0), Shares: Count(0)}, 100, 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, ok := ByFollowers(tt.p, tt.followers)
			if ok != tt.ok || !near(r.Value, tt.want) || len(r.Missing) != tt.missing {
				t.Errorf("got %+v ok=%v, want %g missing %d ok=%v", r, ok, tt.want, tt.missing, tt.ok)
			}
		})
	}
}

func TestByViews(t *testing.T) {
	p := Post{Likes: Count(300), Comments: Count(20), Saves: Count(30), Shares: Count(50), Views: Count(8000)}
	// (300+20+30+50)/8000 = 400/8000 = 0.05
	if r, ok := ByViews(p); !ok || !near(r.Value, 0.05) {
		t.Errorf("ByViews = %+v %v, want 0.05", r, ok)
	}
	p.Views = nil
	if _, ok := ByViews(p); ok {
		t.Error("ByViews with unknown views: ok")
	}
}

func TestCreatorRate(t *testing.T) {
	// Followers 1000; rates by day: d1 0.05, d2 0.02, d3 0.08, d4 0.03,
	// d5 unknown likes, d0 0.90 (oldest, outside n=5).
	posts := []Post{
		post(3, 75, 5), post(1, 45, 5), post(4, 25, 5), post(2, 15, 5),
		{ID: "hidden", PostedAt: t0.AddDate(0, 0, 5), Comments: Count(3)},
		post(0, 850, 50),
	}
	// n=5 takes days 5,4,3,2,1; day 5 is skipped; rates 0.03 0.08 0.02 0.05
	// sorted 0.02 0.03 0.05 0.08, median (0.03+0.05)/2 = 0.04.
	s, ok := CreatorRate(posts, 1000, 5)
	if !ok || !near(s.Median, 0.04) || s.Posts != 4 || s.Skipped != 1 || s.Partial != 4 {
		t.Errorf("n=5: %+v %v, want median 0.04 over 4, 1 skipped, 4 partial", s, ok)
	}
	// n=0 means 12: all six, rates 0.02 0.03 0.05 0.08 0.90, median 0.05.
	if s, ok := CreatorRate(posts, 1000, 0); !ok || !near(s.Median, 0.05) || s.Posts != 5 {
		t.Errorf("n=0: %+v %v, want median 0.05 over 5", s, ok)
	}
	if _, ok := CreatorRate(posts[4:5], 1000, 5); ok {
		t.Error("only a hidden post: ok")
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
	}
	for _, tt := range tests {
		if got := Median(tt.in); got != tt.want {
			t.Errorf("Median(%v) = %g, want %g", tt.in, got, tt.want)
		}
	}
}

func BenchmarkCreatorRate(b *testing.B) {
	posts := make([]Post, 50)
	for i := range posts {
		posts[i] = post(i, int64(100+i*7), int64(5+i%4))
		posts[i].Saves = Count(int64(i))
	}
	for b.Loop() {
		CreatorRate(posts, 20_000, 12)
	}
}
