package analytics

import (
	"fmt"
	"math"
	"testing"
	"time"
)

func TestMentions(t *testing.T) {
	tests := []struct {
		caption, term string
		want          bool
	}{
		{"Love my Glow serum!", "glow", true},
		{"glowing skin", "glow", false},
		{"try #glow today", "glow", true},
		{"#glowup", "glow", false},
		{"#GlowUp today", "#glowup", true},
		{"x#glowup", "#glowup", false},
		{"The glow serum works", "glow serum", true},
		{"afterglow", "glow", false},
		{"glow", "", false},
		{"Été glow", "été", true},
	}
	for _, tt := range tests {
		if got := Mentions(tt.caption, tt.term); got != tt.want {
			t.Errorf("Mentions(%q, %q) = %v, want %v", tt.caption, tt.term, got, tt.want)
		}
	}
}

func handles(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprint(prefix, i)
	}
	return out
}

func TestOverlap(t *testing.T) {
	// 200 sampled of 2,000 and 100 of 1,000, 5 handles in both:
	// 5 x 2,000 x 1,000 / (200 x 100) = 500.
	a := handles("f", 200)
	b := append(handles("g", 95), "f1", "F2", "f3", "f4", "f5")
	if o, ok := Overlap(a, b, 2000, 1000); !ok || math.Abs(o-500) > 1e-9 {
		t.Errorf("Overlap = %v, %v; want 500", o, ok)
	}
	// Never more than the smaller audience: 5 x 8,000 x 100 / 20,000 = 200 > 100.
	if o, _ := Overlap(a, b, 8000, 100); o != 100 {
		t.Errorf("capped overlap = %v, want 100", o)
	}
	if _, ok := Overlap(a, nil, 2000, 1000); ok {
		t.Error("overlap without a second sample is known")
	}
}

func TestSurroundWeeks(t *testing.T) {
	mon := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC) // a Monday
	ms := []Mention{
		{CreatorID: 1, AccountID: 11, PublishedAt: mon, Reach: 1000},
		{CreatorID: 1, AccountID: 11, PublishedAt: mon.AddDate(0, 0, 2), Reach: 3000},
		{CreatorID: 2, AccountID: 21, PublishedAt: mon.AddDate(0, 0, 6), Followers: 2000}, // Sunday, no reach reported
		{CreatorID: 1, AccountID: 11, PublishedAt: mon.AddDate(0, 0, 7), Reach: 500},
	}
	s := Samples{Handles: map[int64][]string{11: handles("f", 200), 21: append(handles("g", 95), "f1", "f2", "f3", "f4", "f5")},
		Followers: map[int64]int64{11: 2000, 21: 1000}}
	got := SurroundWeeks(ms, s)
	// Week 1: 3,000 (creator 1's larger post) + 2,000 = 5,000; less the
	// overlap of 500 = 4,500. Week 2: creator 1 alone, 500.
	want := []Week{
		{Start: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC), Creators: 2, Posts: 3, CombinedReach: 5000, UniqueReach: 4500, OverlapPairs: 1},
		{Start: time.Date(2026, 11, 9, 0, 0, 0, 0, time.UTC), Creators: 1, Posts: 1, CombinedReach: 500, UniqueReach: 500},
	}
	if len(got) != len(want) {
		t.Fatalf("weeks = %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("week %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	// Without samples nothing is subtracted.
	if w := SurroundWeeks(ms, Samples{}); w[0].UniqueReach != 5000 || w[0].OverlapPairs != 0 {
		t.Errorf("no samples: %+v", w[0])
	}
}

func TestCoverageAndShareOfVoice(t *testing.T) {
	ms := []Mention{
		{CreatorID: 1, Caption: "New #GlowUp serum", Engagements: 100},
		{CreatorID: 1, Caption: "serum day", Engagements: 300},
		{CreatorID: 2, Caption: "#glowup", Engagements: 100},
	}
	cov := KeywordCoverage(ms, []string{"#glowup", "serum", "spf"})
	want := []Coverage{{"#glowup", 2, 2}, {"serum", 2, 1}, {"spf", 0, 0}}
	for i := range want {
		if cov[i] != want[i] {
			t.Errorf("coverage %d = %+v, want %+v", i, cov[i], want[i])
		}
	}
	ms = []Mention{
		{Caption: "my glow", Engagements: 100},
		{Caption: "Lumina is nice", Engagements: 300},
		{Caption: "glow vs lumina", Engagements: 100},
		{Caption: "unrelated", Engagements: 1000},
	}
	v := ShareOfVoice(ms, "Glow", []string{"glow"}, []string{"Lumina"})
	// Glow: 2 posts, 200 engagements; Lumina: 2 posts, 400; 4 post
	// mentions and 600 engagements in all.
	if len(v) != 2 || v[0].Posts != 2 || v[0].Engagements != 200 || !near(v[0].PostShare, 0.5) || !near(v[0].EngagementShare, 1.0/3) ||
		v[1].Posts != 2 || !near(v[1].EngagementShare, 2.0/3) {
		t.Errorf("share of voice = %+v", v)
	}
	if v := ShareOfVoice(nil, "Glow", []string{"glow"}, nil); v[0].PostShare.OK {
		t.Errorf("empty share of voice = %+v", v)
	}
}
