package vetting

import (
	"math"
	"strings"
	"testing"
)

func TestClassifyByHand(t *testing.T) {
	m, err := newCommentModel(CommentParams{
		Meta:   Meta{Kind: "comments", Threshold: 0.5, Intercept: -1},
		Cues:   []Weight{{Name: "outside_link", Mean: 0.5, Scale: 0.5, Weight: 1}},
		Tokens: map[string]float64{"subscribe": 2, "my channel": 0.5},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text  string
		p     float64
		label string
	}{
		// z = -1 + 1·(0-0.5)/0.5 + 2 = 0; p = 0.5, which is the threshold: spam.
		{"Please SUBSCRIBE", 0.5, LabelSpam},
		// z = -1 + 1·(1-0.5)/0.5 + 2 + 0.5 = 2.5 ("subscribe" counts once);
		// p = 1/(1+e^-2.5) = 0.924142.
		{"subscribe subscribe to my channel http://x.co", 0.924142, LabelSpam},
		// z = -1 - 1 = -2; p = 0.119203.
		{"lovely song", 0.119203, LabelGenuine},
	}
	for _, tt := range tests {
		r := m.Classify(tt.text)
		if math.Abs(r.PSpam-tt.p) > 1e-6 || r.Label != tt.label || r.Spam != (tt.label == LabelSpam) {
			t.Errorf("Classify(%q) = %.6f %s, want %.6f %s", tt.text, r.PSpam, r.Label, tt.p, tt.label)
		}
	}
}

func TestShippedCommentModel(t *testing.T) {
	m, err := LoadCommentModel()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text   string
		label  string
		intent Intent
	}{
		{"Hey guys check out my new channel and please subscribe!!! http://bit.ly/abc", LabelSpam, IntentGeneric},
		{"Subscribe to me for free gift cards, I do sub4sub", LabelSpam, IntentGeneric},
		{"This song never gets old, I love it", LabelGenuine, IntentPraise},
		{"Where can I buy the jacket she wears at 2:10?", LabelGenuine, IntentPurchase},
		{"Who is watching this in 2026?", LabelGenuine, IntentQuestion},
	}
	for _, tt := range tests {
		r := m.Classify(tt.text)
		if r.Label != tt.label || r.Intent != tt.intent {
			t.Errorf("Classify(%q) = %s (p=%.3f) %s, want %s %s", tt.text, r.Label, r.PSpam, r.Intent, tt.label, tt.intent)
		}
	}
	p := m.Params()
	if len(p.Tokens) > 1000 || p.Data[0].Licence != youtubeSet.Licence || len(p.Data) != 3 {
		t.Errorf("shipped params: %d tokens, data %+v", len(p.Tokens), p.Data)
	}
}

func TestReadCommentModelErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"kind":"accounts","threshold":0.5}`, `kind is "accounts"`},
		{`{"kind":"comments","threshold":0}`, "threshold 0 is not inside"},
		{`{"kind":"comments","threshold":0.5,"cues":[{"name":"x","scale":1}]}`, `cue "x" is unknown`},
	}
	for _, tt := range tests {
		_, err := ReadCommentModel(strings.NewReader(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ReadCommentModel(%s) error %v, want %q", tt.in, err, tt.want)
		}
	}
}

func TestParseComment(t *testing.T) {
	c, err := ParseComment([]byte(`{"id":17,"author":"Mia","text":"nice","post_id":"p1","likes":3}`))
	if err != nil || c.ID != "17" || c.Author != "Mia" || c.Text != "nice" || c.PostID != "p1" {
		t.Errorf("got %+v, %v", c, err)
	}
	for in, want := range map[string]string{
		`{"id":1}`:              "field text is missing",
		`{"text":5}`:            "field text: want a string",
		`{"text":"a","id":[1]}`: "field id: want a string or number",
		`"text"`:                "not a JSON object",
	} {
		if _, err := ParseComment([]byte(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseComment(%s) error %v, want %q", in, err, want)
		}
	}
}

func BenchmarkClassify(b *testing.B) {
	m, err := LoadCommentModel()
	if err != nil {
		b.Fatal(err)
	}
	text := "Hey guys check out my new channel and our first vid THIS IS US THE MONKEYS!!! please subscribe!!!!"
	b.ReportAllocs()
	for b.Loop() {
		m.Classify(text)
	}
}
