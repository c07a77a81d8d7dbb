package vetting

import "testing"

func TestIntentOf(t *testing.T) {
	tests := []struct {
		text string
		want Intent
	}{
		{"😍😍🔥", IntentEmojiOnly},
		{"❤️ ❤️", IntentEmojiOnly},
		{"<3", IntentEmojiOnly},
		{"Where can I buy this jacket?", IntentPurchase},
		{"is it worth it for dry skin", IntentPurchase},
		{"which size are you wearing", IntentPurchase},
		{"link??", IntentPurchase},
		{"How much is it in Germany", IntentPurchase},
		{"what's the price", IntentPurchase},
		{"What camera do you use?", IntentQuestion},
		{"how do you edit your videos", IntentQuestion},
		{"mine broke after two days, total waste", IntentComplaint},
		{"It doesn't work on my phone", IntentComplaint},
		{"not bad at all", IntentGeneric},
		{"I love this song sooo much", IntentPraise},
		{"Amazing video 🔥", IntentPraise},
		{"first", IntentGeneric},
		{"", IntentGeneric},
		{"watched this in 2014", IntentGeneric},
	}
	for _, tt := range tests {
		if got := IntentOf(tt.text); got != tt.want {
			t.Errorf("IntentOf(%q) = %s, want %s", tt.text, got, tt.want)
		}
	}
}

func TestHighIntent(t *testing.T) {
	for i, want := range map[Intent]bool{IntentPurchase: true, IntentQuestion: true, IntentPraise: false, IntentComplaint: false, IntentEmojiOnly: false, IntentGeneric: false} {
		if i.HighIntent() != want {
			t.Errorf("%s.HighIntent() = %v, want %v", i, !want, want)
		}
	}
}
