package vetting

import (
	"math"
	"testing"
)

func ptr[T any](v T) *T { return &v }

func TestFacts(t *testing.T) {
	tests := []struct {
		name  string
		p     Profile
		known map[int]float64 // feature -> value; all others unknown
	}{
		{"empty profile knows nothing", Profile{}, map[int]float64{}},
		{
			"raw strings",
			Profile{
				Username: ptr("anna84729301"), FullName: ptr("Anna 2 Berg"), Biography: ptr("héllo"),
				ExternalURL: ptr(""), FollowerCount: ptr[int64](12), FollowingCount: ptr[int64](7450),
				MediaCount: ptr[int64](0), HasProfilePic: ptr(false), IsPrivate: ptr(true),
			},
			map[int]float64{
				featFollowers:   math.Log(13),          // log(1+12)
				featFollowRatio: math.Log(7451.0 / 13), // log((1+7450)/(1+12)) = 6.3511
				featPosts:       0,
				featProfilePic:  0, featPrivate: 1,
				featBioLength:      math.Log(6), // "héllo" is 5 characters, not 6 bytes
				featUserLength:     12,
				featUserDigitShare: 8.0 / 12, // 84729301 is 8 digits
				featExternalURL:    0,
				featNameWords:      3,
				featNameDigitShare: 1.0 / 11, // one digit in 11 characters
				featNameIsUser:     0,
			},
		},
		{
			"shape fields stand in for strings",
			Profile{
				UsernameLength: ptr[int64](10), UsernameDigitCount: ptr[int64](4), BiographyLength: ptr[int64](30),
				FullNameWords: ptr[int64](2), FullNameLength: ptr[int64](8), FullNameDigitCount: ptr[int64](2),
				NameEqualsUsername: ptr(true), HasExternalURL: ptr(true),
			},
			map[int]float64{
				featUserLength: 10, featUserDigitShare: 0.4, featBioLength: math.Log(31),
				featNameWords: 2, featNameDigitShare: 0.25, featNameIsUser: 1, featExternalURL: 1,
			},
		},
		{
			"a digit count without a length is no share",
			Profile{UsernameDigitCount: ptr[int64](3), FollowingCount: ptr[int64](100)},
			map[int]float64{},
		},
		{
			"name equal to username ignoring case and separators",
			Profile{Username: ptr("anna.berg_"), FullName: ptr("Anna Berg")},
			map[int]float64{featUserLength: 10, featUserDigitShare: 0, featNameWords: 2, featNameDigitShare: 0, featNameIsUser: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := facts(&tt.p)
			for i := range numAccountFeatures {
				want, ok := tt.known[i]
				if f.known[i] != ok {
					t.Errorf("%s: known %v, want %v", accountFeatureNames[i], f.known[i], ok)
					continue
				}
				if ok && math.Abs(f.x[i]-want) > 1e-9 {
					t.Errorf("%s = %v, want %v", accountFeatureNames[i], f.x[i], want)
				}
			}
		})
	}
}

func TestSameName(t *testing.T) {
	tests := []struct {
		full, user string
		want       bool
	}{
		{"Anna Berg", "annaberg", true},
		{"anna_berg", "Anna.Berg", true},
		{"Anna", "annaberg", false},
		{"", "", false}, // no name is not the username
		{"Ànna", "ànna", true},
	}
	for _, tt := range tests {
		if got := sameName(tt.full, tt.user); got != tt.want {
			t.Errorf("sameName(%q, %q) = %v, want %v", tt.full, tt.user, got, tt.want)
		}
	}
}
