package vetting

import (
	"math"
	"strings"
	"testing"
)

// handModel weighs only followers and the follow ratio, so scores can be
// worked out on paper.
func handModel(t testing.TB) *AccountModel {
	t.Helper()
	m, err := newAccountModel(AccountParams{
		Meta: Meta{Kind: "accounts", Threshold: 0.5},
		Features: []Weight{
			{Name: "log_followers", Mean: 5, Scale: 2, Weight: -1},
			{Name: "log_follow_ratio", Mean: 0, Scale: 1, Weight: 2},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestScoreByHand(t *testing.T) {
	m := handModel(t)
	tests := []struct {
		name        string
		p           Profile
		wantP       float64
		wantLabel   string
		wantReasons []string
	}{
		{
			// followers: -1·(ln 13 - 5)/2 = 1.21753; ratio: 2·ln(7451/13) = 12.70231;
			// z = 13.91983, p = 1/(1+e^-z) = 0.9999991.
			"bot", Profile{FollowerCount: ptr[int64](12), FollowingCount: ptr[int64](7450), MediaCount: ptr[int64](3)},
			0.9999991, LabelFake,
			[]string{"follows 7,450 accounts but has 12 followers", "has 12 followers"},
		},
		{
			// followers: -1·(ln 851 - 5)/2 = -0.87321; ratio: 2·ln(401/851) = -1.50490;
			// z = -2.37811, p = 0.0848574.
			"person", Profile{FollowerCount: ptr[int64](850), FollowingCount: ptr[int64](400)},
			0.0848574, LabelReal,
			[]string{"has 850 followers and follows 400 accounts", "has 850 followers"},
		},
		{
			// Only followers known: -1·(ln 149 - 5)/2 = -(5.0039463-5)/2 = -0.0019732,
			// too small to be a reason; p = 1/(1+e^0.0019732) = 0.4995067.
			"followers only", Profile{FollowerCount: ptr[int64](148)},
			0.4995067, LabelReal, nil,
		},
		{"nothing known", Profile{}, 0.5, LabelFake, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := m.Score(tt.p)
			if math.Abs(r.PFake-tt.wantP) > 1e-6 || r.Label != tt.wantLabel || r.Fake != (tt.wantLabel == LabelFake) {
				t.Errorf("p=%.7f %s, want %.7f %s", r.PFake, r.Label, tt.wantP, tt.wantLabel)
			}
			var got []string
			for _, rs := range r.Reasons {
				if rs.Feature != "" {
					got = append(got, rs.String())
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.wantReasons, "|") {
				t.Errorf("reasons %q, want %q", got, tt.wantReasons)
			}
		})
	}
}

func TestShippedModelUnknownContributesNothing(t *testing.T) {
	m, err := LoadAccountModel()
	if err != nil {
		t.Fatal(err)
	}
	// With nothing known the score is the intercept alone.
	if got, want := m.Score(Profile{}).PFake, sigmoid(m.Params().Intercept); got != want {
		t.Errorf("empty profile p=%v, want sigmoid(intercept)=%v", got, want)
	}
	// Adding an unknown (nil) field changes nothing; adding a known one does.
	base := Profile{FollowerCount: ptr[int64](300), FollowingCount: ptr[int64](280)}
	withNil := base
	withNil.MediaCount = nil
	if m.Score(base).PFake != m.Score(withNil).PFake {
		t.Error("a nil field changed the score")
	}
	withPosts := base
	withPosts.MediaCount = ptr[int64](0)
	if m.Score(withPosts).PFake <= m.Score(base).PFake {
		t.Error("no posts at all should raise p_fake")
	}
}

func TestShippedModelSanity(t *testing.T) {
	m, err := LoadAccountModel()
	if err != nil {
		t.Fatal(err)
	}
	bot := Profile{Username: ptr("jessica84729301"), FollowerCount: ptr[int64](12), FollowingCount: ptr[int64](7450),
		MediaCount: ptr[int64](0), HasProfilePic: ptr(false), Biography: ptr("")}
	person := Profile{Username: ptr("anna.bakes"), FullName: ptr("Anna Berg"), FollowerCount: ptr[int64](850),
		FollowingCount: ptr[int64](400), MediaCount: ptr[int64](120), HasProfilePic: ptr(true),
		Biography: ptr("Sourdough, Berlin, two cats."), ExternalURL: ptr("https://annabakes.de")}
	if r := m.Score(bot); r.Label != LabelFake || r.Reasons[0].Feature == "" {
		t.Errorf("bot: %+v", r)
	}
	if r := m.Score(person); r.Label != LabelReal || r.Reasons[0].Feature == "" {
		t.Errorf("person: %+v", r)
	}
	if n := testing.AllocsPerRun(100, func() { m.Score(bot) }); n != 0 {
		t.Errorf("Score allocates %v times per profile, want 0", n)
	}
}

func TestReasonText(t *testing.T) {
	tests := []struct {
		r    Reason
		want string
	}{
		{Reason{Feature: "log_posts", fact: 0}, "has no posts"},
		{Reason{Feature: "log_posts", fact: 1234}, "has 1,234 posts"},
		{Reason{Feature: "has_profile_pic", fact: 0}, "has no profile picture"},
		{Reason{Feature: "is_private", fact: 1}, "is private"},
		{Reason{Feature: "log_bio_length", fact: 0}, "has no biography"},
		{Reason{Feature: "log_bio_length", fact: 80}, "has a 80-character biography"},
		{Reason{Feature: "username_digit_share", fact: 0.4}, "username is 40% digits"},
		{Reason{Feature: "username_digit_share", fact: 0}, "has no digits in the username"},
		{Reason{Feature: "has_external_url", fact: 1}, "links to a website"},
		{Reason{Feature: "full_name_words", fact: 0}, "gives no full name"},
		{Reason{Feature: "name_equals_username", fact: 1}, "full name is just the username"},
	}
	for _, tt := range tests {
		if got := tt.r.String(); got != tt.want {
			t.Errorf("%s(%v) = %q, want %q", tt.r.Feature, tt.r.fact, got, tt.want)
		}
	}
}

func TestCount(t *testing.T) {
	for in, want := range map[float64]string{0: "0", 999: "999", 1000: "1,000", 7450: "7,450", 1234567: "1,234,567", 12.6: "13"} {
		if got := count(in); got != want {
			t.Errorf("count(%v) = %q, want %q", in, got, want)
		}
	}
}

func TestReadAccountModelErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"kind":"comments","threshold":0.5}`, `kind is "comments"`},
		{`{"kind":"accounts","threshold":1}`, "threshold 1 is not inside 0..1"},
		{`{"kind":"accounts","threshold":0.5,"features":[{"name":"shoe_size","scale":1}]}`, `feature "shoe_size" is unknown`},
		{`{"kind":"accounts","threshold":0.5,"features":[{"name":"log_posts","scale":0}]}`, "scale must be > 0"},
		{`{"kind":`, "read account params"},
	}
	for _, tt := range tests {
		_, err := ReadAccountModel(strings.NewReader(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ReadAccountModel(%s) error %v, want %q", tt.in, err, tt.want)
		}
	}
}

// BenchmarkScore measures one profile with every field known, the most
// expensive case. A million profiles cost a million times this.
func BenchmarkScore(b *testing.B) {
	m, err := LoadAccountModel()
	if err != nil {
		b.Fatal(err)
	}
	p := Profile{Username: ptr("jessica84729301"), FullName: ptr("Jessica Smith"), Biography: ptr("Travel, coffee and dogs 🐶"),
		ExternalURL: ptr("https://example.com"), HasProfilePic: ptr(true), IsPrivate: ptr(false),
		MediaCount: ptr[int64](42), FollowerCount: ptr[int64](1200), FollowingCount: ptr[int64](900)}
	b.ReportAllocs()
	for b.Loop() {
		m.Score(p)
	}
}
