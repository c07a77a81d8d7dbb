package vetting

import (
	"strings"
	"testing"
)

func TestReadAccountSetFormats(t *testing.T) {
	tests := []struct {
		name, in  string
		source    string
		rows, pos int
		check     func(t *testing.T, s AccountSet)
	}{
		{
			"jsonl", `{"follower_count":3,"label":"fake"}` + "\n\n" + `{"follower_count":300,"label":0}` + "\n" + `{"username":"x","label":"REAL"}`,
			"own.jsonl", 3, 1, func(t *testing.T, s AccountSet) {
				if s.Profiles[1].Line != 3 || *s.Profiles[1].Profile.FollowerCount != 300 {
					t.Errorf("second row %+v", s.Profiles[1])
				}
			},
		},
		{
			"synonyms", `{"label":"Bot"}` + "\n" + `{"label":"human"}` + "\n" + `{"label":true}` + "\n" + `{"label":"legit"}`,
			"own.jsonl", 4, 2, func(t *testing.T, s AccountSet) {},
		},
		{
			"instafake automated", `[{"userFollowerCount":10,"userHasExternalUrl":1,"automatedBehaviour":1},{"userFollowerCount":900,"userHasExternalUrl":0,"automatedBehaviour":0}]`,
			"instafake", 2, 1, func(t *testing.T, s AccountSet) {
				if !*s.Profiles[0].Profile.HasExternalURL || *s.Profiles[1].Profile.FollowerCount != 900 {
					t.Errorf("mapped %+v", s.Profiles)
				}
			},
		},
		{
			"instafake", `[{"userFollowerCount":25,"userFollowingCount":1937,"userBiographyLength":0,"userMediaCount":0,"userHasProfilPic":1,"userIsPrivate":1,"usernameDigitCount":0,"usernameLength":10,"isFake":1}]`,
			"instafake", 1, 1, func(t *testing.T, s AccountSet) {
				p := s.Profiles[0].Profile
				if *p.FollowingCount != 1937 || *p.UsernameLength != 10 || !*p.IsPrivate || *p.BiographyLength != 0 {
					t.Errorf("mapped %+v", p)
				}
			},
		},
		{
			"kaggle", "profile pic,nums/length username,fullname words,nums/length fullname,name==username,description length,external URL,private,#posts,#followers,#follows,fake\n1,0.27,0,0,0,53,0,0,32,1000,955,0\n",
			"kaggle-instagram", 1, 0, func(t *testing.T, s AccountSet) {
				p := s.Profiles[0].Profile
				if *p.UsernameDigitShare != 0.27 || *p.FollowerCount != 1000 || *p.HasExternalURL || *p.BiographyLength != 53 || s.Profiles[0].Line != 2 {
					t.Errorf("mapped %+v", p)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ReadAccountSet("own.jsonl", strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if s.Source.Name != tt.source || s.Source.Rows != tt.rows || s.Source.Positives != tt.pos {
				t.Errorf("source %+v, want %s with %d rows, %d positive", s.Source, tt.source, tt.rows, tt.pos)
			}
			tt.check(t, s)
		})
	}
}

func TestReadSetErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
		comments       bool
	}{
		{"bad label", `{"follower_count":3,"label":"fake"}` + "\n" + `{"label":"maybe"}`, "f: line 2: label \"maybe\": want fake/real or 1/0", false},
		{"no label", `{"follower_count":3}`, "f: line 1: field label is missing", false},
		{"bad field", `{"follower_count":"x","label":1}`, "f: line 1: field follower_count", false},
		{"instafake record", `[{"userFollowerCount":1,"isFake":1},{"userFollowerCount":-1,"isFake":0}]`, "f: record 2: field follower_count", false},
		{"kaggle row", "#followers,fake\n10,0\n12,2\n", "f: line 3: label", false},
		{"csv without label", "#followers,#follows\n1,2\n", "no fake or label column", false},
		{"empty", "", "f: empty file", false},
		{"line numbers survive leading blank lines and a BOM", "\ufeff\n\n" + `{"label":"fake"}` + "\n" + `{"label":"x"}`, "f: line 4: label", false},
		{"empty comments", " \n", "f: empty file", true},
		{"comment label", `{"text":"hi","label":"unsure"}`, "f: line 1: label \"unsure\": want spam/genuine", true},
		{"comment text", `{"label":"spam"}`, "f: line 1: field text is missing", true},
		{"comment csv", "AUTHOR,CONTENT\nx,y\n", "needs CONTENT (or text) and CLASS", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.comments {
				_, err = ReadCommentSet("f", strings.NewReader(tt.in))
			} else {
				_, err = ReadAccountSet("f", strings.NewReader(tt.in))
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestReadYouTubeCSV(t *testing.T) {
	in := "COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS\n" +
		"a,Ann,2013-11-07,\"Check out my channel,\nplease\",1\n" +
		"b,Bob,2013-11-08,love it \ufeff,0\n"
	s, err := ReadCommentSet("youtube-spam/Youtube09-Test.csv", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if s.Source.Name != "Youtube09-Test" || s.Source.Licence != youtubeSet.Licence || s.Source.Rows != 2 || s.Source.Positives != 1 {
		t.Errorf("source %+v", s.Source)
	}
	// The quoted field spans two lines, so the second record starts on line 4.
	if s.Comments[0].Text != "Check out my channel,\nplease" || s.Comments[1].Line != 4 || s.Comments[1].Spam {
		t.Errorf("comments %+v", s.Comments)
	}
}

func TestSharedDataCounts(t *testing.T) {
	// Row counts as SOURCES.md states them.
	for _, tt := range []struct {
		file      string
		rows, pos int
	}{
		{"instafake/fake-vs-real-train.json", 836, 140},
		{"kaggle-instagram/train.csv", 576, 288},
	} {
		s := readAccountFile(t, tt.file)
		if s.Source.Rows != tt.rows || s.Source.Positives != tt.pos {
			t.Errorf("%s: %d rows, %d fake; want %d, %d", tt.file, s.Source.Rows, s.Source.Positives, tt.rows, tt.pos)
		}
	}
	want := []int{350, 350, 438}
	for i, s := range youtubeSets(t) {
		if s.Source.Rows != want[i] {
			t.Errorf("%s: %d rows, want %d", s.Source.File, s.Source.Rows, want[i])
		}
	}
}
