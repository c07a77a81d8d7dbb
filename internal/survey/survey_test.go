package survey

import (
	"fmt"
	"reflect"
	"testing"
)

var testCandidates = []Candidate{
	{CollaborationID: "c1", Name: "Maya Lopez", Handles: []string{"@maya_fit", "mayalopez"}},
	{CollaborationID: "c2", Name: "Jon Berg", Handles: []string{"@jonbergruns"}},
	{CollaborationID: "c3", Name: "Sophie Martin", Handles: []string{"@sophie.glow"}},
	{CollaborationID: "c4", Name: "Sophie Chen", Handles: []string{"@chen_sophie"}},
	{CollaborationID: "c5", Name: "Will Hart", Handles: []string{"@willhartcooks"}},
}

func TestMatch(t *testing.T) {
	ix := NewIndex(testCandidates)
	tests := []struct {
		answer string
		want   Match
	}{
		// Exact handle: 100.
		{"saw it on @maya_fit", Match{CollaborationID: "c1", Matched: "@maya_fit", Confidence: 1}},
		{"MAYA_FIT!!", Match{CollaborationID: "c1", Matched: "@maya_fit", Confidence: 1}},
		// "maya fit" run together is the handle compacted.
		{"maya fit on insta", Match{CollaborationID: "c1", Matched: "@maya_fit", Confidence: 1, Platform: Instagram}},
		// "mayaa" is one edit from the first name "maya" (4 chars, 1 allowed): 70 - 15 = 55.
		{"Mayaa's tiktok", Match{CollaborationID: "c1", Matched: "Maya Lopez", Confidence: 0.55, Platform: TikTok}},
		// "mayafitt" is one edit from "mayafit" (7 chars, 2 allowed): 100 - 15 = 85.
		{"@mayafitt", Match{CollaborationID: "c1", Matched: "@maya_fit", Confidence: 0.85}},
		// Full name with a swap: "maya lopze" -> "mayalopze" vs "mayalopez" is one transposition,
		// but "mayalopez" is also her second handle, so 100 - 15 = 85.
		{"Maya Lopze", Match{CollaborationID: "c1", Matched: "mayalopez", Confidence: 0.85}},
		// First name alone: 70.
		{"youtube video by Jon", Match{CollaborationID: "c2", Matched: "Jon Berg", Confidence: 0.7, Platform: YouTube}},
		// "jan" is one edit from "jon" but 3 letters allow none.
		{"youtube video by Jan", Match{Platform: YouTube}},
		{"instagram", Match{Platform: Instagram}},
		{"a friend", Match{Platform: Friend}},
		{"my sister told me", Match{Platform: Friend}},
		{"word of mouth", Match{Platform: Friend}},
		{"Googled it", Match{Platform: Search}},
		{"tik tok", Match{Platform: TikTok}},
		{"YT", Match{Platform: YouTube}},
		{"fb ad", Match{Platform: Facebook}},
		{"a podcast", Match{Platform: Podcast}},
		// "instagarm" is one swap from "instagram".
		{"instagarm", Match{Platform: Instagram}},
		// Two Sophies: the first name alone is ambiguous.
		{"Sophie on IG", Match{Platform: Instagram, Ambiguous: []string{"c3", "c4"}}},
		// The handle settles it: 100 against Sophie Chen's 70.
		{"@sophie.glow", Match{CollaborationID: "c3", Matched: "@sophie.glow", Confidence: 1}},
		{"sophie martin's reel", Match{CollaborationID: "c3", Matched: "Sophie Martin", Confidence: 0.95}},
		// "will" is a common word, not the first name Will.
		{"I will buy again", Match{}},
		{"will hart", Match{CollaborationID: "c5", Matched: "Will Hart", Confidence: 0.95}},
		{"", Match{}},
		{"🙂🙂", Match{}},
	}
	for _, tt := range tests {
		got := ix.Match(tt.answer)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Match(%q) = %+v, want %+v", tt.answer, got, tt.want)
		}
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"saw it on @maya_fit.", []string{"saw", "it", "on", "maya_fit"}},
		{"Mayaa’s TikTok", []string{"mayaa", "tiktok"}},
		{"the girls' page, sophie.glow", []string{"the", "girls", "page", "sophie.glow"}},
		{"o'brien", []string{"o'brien"}},
		{"...", nil},
	}
	for _, tt := range tests {
		if got := words(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOSA(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"maya", "maya", 2, 0},
		{"maya", "mayaa", 2, 1},          // one insertion
		{"instagram", "instagarm", 2, 1}, // one swap
		{"kitten", "sitting", 5, 3},      // k->s, e->i, +g
		{"ca", "abc", 5, 3},              // OSA, not unrestricted Damerau (which gives 2)
		{"kitten", "sitting", 1, 2},      // gives up at limit+1
		{"", "abc", 5, 3},
	}
	for _, tt := range tests {
		if got, _ := osa([]rune(tt.a), []rune(tt.b), tt.limit, nil); got != tt.want {
			t.Errorf("osa(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

func FuzzMatch(f *testing.F) {
	ix := NewIndex(testCandidates)
	for _, s := range []string{"saw it on @maya_fit", "Mayaa's tiktok", "a friend", "’s", "_._", "@", "'", "sophie", "\xff\xfe"} {
		f.Add(s)
	}
	ids := map[string]bool{}
	for _, c := range testCandidates {
		ids[c.CollaborationID] = true
	}
	f.Fuzz(func(t *testing.T, answer string) {
		m := ix.Match(answer)
		if m.Confidence < 0 || m.Confidence > 1 {
			t.Errorf("confidence %v", m.Confidence)
		}
		if m.CollaborationID != "" && (!ids[m.CollaborationID] || m.Ambiguous != nil || m.Confidence == 0) {
			t.Errorf("bad match %+v", m)
		}
		if !reflect.DeepEqual(m, ix.Match(answer)) {
			t.Errorf("not deterministic for %q", answer)
		}
	})
}

// benchCandidates makes n distinct creators from syllables.
func benchCandidates(n int) []Candidate {
	syl := []string{"ma", "ya", "lo", "pez", "jo", "ber", "so", "phie", "kai", "ren", "ta", "mi", "lu", "na", "ri", "ko"}
	cs := make([]Candidate, n)
	for i := range cs {
		first := syl[i%16] + syl[(i/16)%16]
		last := syl[(i/256)%16] + syl[(i/7)%16] + syl[(i/3)%16]
		cs[i] = Candidate{
			CollaborationID: fmt.Sprint(i),
			Name:            first + " " + last,
			Handles:         []string{"@" + first + "_" + last + fmt.Sprint(i%10), first + last + "official"},
		}
	}
	return cs
}

func BenchmarkMatch2000(b *testing.B) {
	ix := NewIndex(benchCandidates(2000))
	answers := []string{"saw it on @mayalo_lopezma3", "Mayaa's tiktok", "a friend told me", "youtube video by Jon", "instagram"}
	for b.Loop() {
		for _, a := range answers {
			ix.Match(a)
		}
	}
}

func BenchmarkNewIndex2000(b *testing.B) {
	cs := benchCandidates(2000)
	for b.Loop() {
		NewIndex(cs)
	}
}
