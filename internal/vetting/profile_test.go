package vetting

import (
	"strings"
	"testing"
)

func TestParseProfile(t *testing.T) {
	p, err := ParseProfile([]byte(`{"platform":"tiktok","username":"a1","follower_count":1200.0,"following_count":"35",
		"has_profile_pic":1,"is_private":false,"media_count":null,"username_digit_share":0.5,"name_equals_username":"0","extra":[1,2]}`))
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case p.Platform != "tiktok" || *p.Username != "a1":
		t.Errorf("strings: %+v", p)
	case *p.FollowerCount != 1200 || *p.FollowingCount != 35:
		t.Errorf("counts: %d %d", *p.FollowerCount, *p.FollowingCount)
	case !*p.HasProfilePic || *p.IsPrivate || *p.NameEqualsUsername:
		t.Errorf("flags: %v %v %v", *p.HasProfilePic, *p.IsPrivate, *p.NameEqualsUsername)
	case p.MediaCount != nil:
		t.Errorf("null media_count should be unknown, got %d", *p.MediaCount)
	case *p.UsernameDigitShare != 0.5:
		t.Errorf("share %v", *p.UsernameDigitShare)
	}
}

func TestParseProfileErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{`[1,2]`, "not a JSON object"},
		{`{"follower_count":-3}`, "field follower_count: want a whole number >= 0, got -3"},
		{`{"follower_count":1.5}`, "field follower_count"},
		{`{"following_count":"lots"}`, "field following_count"},
		{`{"is_private":"maybe"}`, `field is_private: want true/false or 1/0, got "maybe"`},
		{`{"username":42}`, "field username: want a string, got 42"},
		{`{"platform":7}`, "field platform"},
		{`{"username_digit_share":1.5}`, "field username_digit_share: want a number from 0 to 1"},
	}
	for _, tt := range tests {
		_, err := ParseProfile([]byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseProfile(%s) error %v, want %q", tt.in, err, tt.want)
		}
	}
}
