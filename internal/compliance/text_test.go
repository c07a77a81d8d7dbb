package compliance

import (
	"reflect"
	"testing"
)

func TestTokenize(t *testing.T) {
	type tk struct {
		text       string
		start, end int
	}
	tests := []struct {
		in   string
		want []tk
	}{
		// "Café" is 5 bytes (é is 2), "☕" 3, so "#ad" sits at bytes 10..13.
		{"Café ☕ #ad", []tk{{"cafe", 0, 5}, {"ad", 10, 13}}},
		// Apostrophes inside words stay, curly ones are straightened (’ is 3 bytes).
		{"can’t lose", []tk{{"can't", 0, 7}, {"lose", 8, 12}}},
		// Numbers keep their separators; % is a token of its own.
		{"10.5% off 1,000", []tk{{"10.5", 0, 4}, {"%", 4, 5}, {"off", 6, 9}, {"1,000", 10, 15}}},
		// A trailing dot or comma ends the number.
		{"lose 10. ok", []tk{{"lose", 0, 4}, {"10", 5, 7}, {"ok", 9, 11}}},
		// A decomposed accent (e + U+0301, 3 bytes) folds like a composed one.
		{"PUBLICITE\u0301", []tk{{"publicite", 0, 11}}},
		// A variation selector after an emoji does not start a word.
		{"❤️ok", []tk{{"ok", 6, 8}}},
		// "#" inside a word does not start a hashtag.
		{"c#ad x_y", []tk{{"c", 0, 1}, {"ad", 2, 4}, {"x_y", 5, 8}}},
		{"Straße", []tk{{"strasse", 0, 7}}},
		{"", nil},
	}
	for _, tt := range tests {
		var got []tk
		for _, x := range tokenize(tt.in) {
			got = append(got, tk{x.text, x.start, x.end})
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("tokenize(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestTokenizeHashtagsMentions(t *testing.T) {
	toks := tokenize("#Ad @brand x#no ＃Werbung")
	// "#Ad" 0..3, "@brand" 4..10, "x" 11, "no" 13..15, "＃" is 3 bytes: 16..26.
	want := []token{
		{text: "ad", start: 0, end: 3, hashtag: true},
		{text: "brand", start: 4, end: 10, mention: true},
		{text: "x", start: 11, end: 12},
		{text: "no", start: 13, end: 15},
		{text: "werbung", start: 16, end: 26, hashtag: true},
	}
	if !reflect.DeepEqual(toks, want) {
		t.Errorf("got %+v\nwant %+v", toks, want)
	}
}

func TestSpanRunes(t *testing.T) {
	tests := []struct {
		caption    string
		span       Span
		start, end int
	}{
		// C a f é ' ' ☕ ' ' are 7 runes (10 bytes) before '#'.
		{"Café ☕ #ad", Span{10, 13}, 7, 10},
		// "Grüße " is 6 runes, 8 bytes; "＃Hautpflege" 11 runes, 13 bytes.
		{"Grüße ＃Hautpflege", Span{8, 21}, 6, 17},
		// 👩‍💻 is three runes (woman, zero-width joiner, laptop) in 11 bytes.
		{"👩‍💻 #ad", Span{12, 15}, 4, 7},
	}
	for _, tt := range tests {
		if s, e := tt.span.Runes(tt.caption); s != tt.start || e != tt.end {
			t.Errorf("%v.Runes(%q) = %d, %d, want %d, %d", tt.span, tt.caption, s, e, tt.start, tt.end)
		}
	}
	// And Check reports the bytes these came from.
	rep := Check(Brief{}, Draft{Caption: "👩‍💻 #ad"}, Rules{})
	if d := rep.Results[0]; d.Check != CheckDisclosure || len(d.Spans) != 1 || d.Spans[0] != (Span{12, 15}) {
		t.Errorf("disclosure %+v", d)
	}
}

func BenchmarkTokenize(b *testing.B) {
	caption := "Morning routine with @glowco 🌞 their new serum is a game changer, can't live without it! " +
		"Use code MAYA10 for 10% off, link in bio #ad #skincare #morningroutine #glowco #selfcare"
	for b.Loop() {
		tokenize(caption)
	}
}
