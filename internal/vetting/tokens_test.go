package vetting

import (
	"math"
	"strings"
	"testing"
)

func TestTokenWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Check out http://bit.ly/x NOW!!!", "check out <url> now"},
		{"I don&#39;t like it<br />sooooo good", "i dont like it soo good"},
		{"visit mysite.com or www.spam.net", "visit <url> or <url>"},
		{"e.g. 2014 was great 😍", "e g <num> was great <emoji>"},
		{"\ufeffhello\ufeff", "hello"},
	}
	for _, tt := range tests {
		if got := strings.Join(tokenWords(normalise(tt.in)), " "); got != tt.want {
			t.Errorf("tokenWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestGrams(t *testing.T) {
	got := strings.Join(grams([]string{"sub", "to", "sub", "to"}), "|")
	// Distinct unigrams and bigrams in order of first appearance.
	if want := "sub|to|sub to|to sub"; got != want {
		t.Errorf("grams = %q, want %q", got, want)
	}
}

func TestCues(t *testing.T) {
	raw := "CHECK out my Channel 123!"
	norm := normalise(raw)
	c := cues(raw, norm, tokenWords(norm))
	want := [numCues]float64{
		cueURL: 0, cueCheckOut: 1, cueSubscribe: 0, cueMyChannel: 1,
		cueDigits:  3.0 / 25,     // 3 digits in 25 characters
		cueCaps:    6.0 / 17,     // C,H,E,C,K,C upper among 17 letters
		cueLength:  math.Log(26), // log(1+25)
		cueExclaim: math.Log(2),  // log(1+1)
	}
	for i := range c {
		if math.Abs(c[i]-want[i]) > 1e-12 {
			t.Errorf("%s = %v, want %v", cueNames[i], c[i], want[i])
		}
	}
}

func TestLinkTokens(t *testing.T) {
	tests := []struct{ in, want string }{
		{"PSY - GANGNAM STYLE M/V: http://youtu.be/9bZkp7q19f0", "psy gangnam style m v <video>"},
		{`<a href="http://www.youtube.com/watch?v=KQ6zr6kCPj8&amp;t=2m19s">2:19</a> best part`, "a <timestamp> <num> <num> a best part"},
		{"my channel youtube.com/user/spam", "my channel <url>"},
	}
	for _, tt := range tests {
		if got := strings.Join(tokenWords(normalise(tt.in)), " "); got != tt.want {
			t.Errorf("tokenWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCuePhrases(t *testing.T) {
	tests := []struct {
		text string
		cue  int
		want float64
	}{
		{"Like this comment if you watch in 2015", cueBait, 1},
		{"like 4 like, follow 4 follow", cueBait, 1},
		{"I like this song", cueBait, 0},
		{"Get free gift cards here", cueOffer, 1},
		{"won $50 today", cueOffer, 1},
		{"freedom of speech", cueOffer, 0},
		{"listen to my new track", cueMyChannel, 1},
		{"check me out", cueCheckOut, 1},
		{"best part at youtu.be/abc", cueURL, 0}, // a video link is not an outside link
		{"see bit.ly/abc", cueURL, 1},
	}
	for _, tt := range tests {
		norm := normalise(tt.text)
		if got := cues(tt.text, norm, tokenWords(norm))[tt.cue]; got != tt.want {
			t.Errorf("%s(%q) = %v, want %v", cueNames[tt.cue], tt.text, got, tt.want)
		}
	}
}
