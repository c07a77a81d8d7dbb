package sim

import (
	"iter"
	"math/rand/v2"
	"strconv"
)

// FollowerKind is the hidden truth about a follower.
type FollowerKind uint8

const (
	RealFollower FollowerKind = iota
	FakeFollower              // bought mass account: no posts, follows thousands
	BotFollower               // automated spam account with a promo bio
)

func (k FollowerKind) String() string {
	switch k {
	case FakeFollower:
		return "fake"
	case BotFollower:
		return "bot"
	}
	return "real"
}

// Follower is one profile from an account's follower list, in the vetting
// input shape; Kind is the hidden label and is not serialised.
type Follower struct {
	Profile
	Kind FollowerKind `json:"-"`
}

// Followers streams a sample of 50 to 200 of the account's followers, drawn
// with the account's true fake and bot shares. About one real follower in
// twelve is a lurker (no picture, no posts, private) so that the labels
// cannot be read off one field.
func (w *World) Followers(a Account) iter.Seq[Follower] {
	return func(yield func(Follower) bool) {
		r := newRand(w.seed, streamFollowers, uint64(a.creator), uint64(a.index))
		n := 50 + r.IntN(151)
		for range n {
			u := r.Float64()
			kind := RealFollower
			switch {
			case u < a.Truth.FakeShare:
				kind = FakeFollower
			case u < a.Truth.FakeShare+a.Truth.BotShare:
				kind = BotFollower
			}
			if !yield(follower(r, a.Platform, kind)) {
				return
			}
		}
	}
}

var spamWords = []string{"promo", "grow", "crypto", "cash", "deals", "boost", "viral", "fans"}

var spamBios = []string{
	"DM for promo 📩 fast growth guaranteed",
	"Earn $500/day from home 💰 link below",
	"Free followers 👉 check link",
	"Crypto signals 📈 join now",
	"Send your post for a shoutout 🚀",
}

var realBios = []string{
	"coffee first ☕", "dog mom 🐶", "🌿 plants & books", "living my best life",
	"nurse | runner", "student", "📍 somewhere sunny", "photography hobbyist",
}

func follower(r *rand.Rand, pl Platform, kind FollowerKind) Follower {
	f := Follower{Kind: kind, Profile: Profile{Platform: pl}}
	first, last := oneOf(r, firstNames), oneOf(r, lastNames)
	switch kind {
	case FakeFollower:
		f.Username = first + strconv.Itoa(1000+r.IntN(99000))
		if r.Float64() < 0.3 {
			f.Username = randomLetters(r, 3+r.IntN(4)) + "_" + strconv.Itoa(r.IntN(10000))
		}
		if r.Float64() < 0.5 {
			f.FullName = title(first)
		}
		if r.Float64() < 0.15 {
			f.Biography = oneOf(r, realBios)
		}
		f.HasProfilePic = r.Float64() < 0.4
		f.IsPrivate = r.Float64() < 0.15
		f.MediaCount = int64(r.IntN(4))
		f.FollowerCount = int64(lognormal(r, 20, 1.2))
		f.FollowingCount = min(7500, int64(lognormal(r, 2500, 0.6)))
	case BotFollower:
		f.Username = oneOf(r, spamWords) + "." + oneOf(r, spamWords) + strconv.Itoa(r.IntN(1000))
		f.FullName = title(oneOf(r, spamWords)) + " " + title(oneOf(r, spamWords))
		f.Biography = oneOf(r, spamBios)
		f.ExternalURL = "https://spam.example/" + randomLetters(r, 6)
		f.HasProfilePic = r.Float64() < 0.8
		f.MediaCount = int64(lognormal(r, 15, 1))
		f.FollowerCount = int64(lognormal(r, 300, 1.5))
		f.FollowingCount = min(7500, int64(lognormal(r, 4000, 0.5)))
	default:
		sep := oneOf(r, []string{"", ".", "_"})
		f.Username = first + sep + last
		if r.Float64() < 0.4 {
			f.Username += strconv.Itoa(r.IntN(100))
		}
		f.FullName = title(first) + " " + title(last)
		if r.Float64() < 0.5 {
			f.Biography = oneOf(r, realBios)
		}
		f.HasProfilePic = r.Float64() < 0.92
		f.IsPrivate = r.Float64() < 0.35
		f.MediaCount = int64(lognormal(r, 120, 1.0))
		f.FollowerCount = int64(lognormal(r, 350, 1.0))
		f.FollowingCount = int64(lognormal(r, 450, 0.8))
		if r.Float64() < 1.0/12 { // lurker
			f.HasProfilePic, f.IsPrivate, f.MediaCount, f.Biography = false, true, 0, ""
		}
	}
	return f
}

func randomLetters(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + r.IntN(26))
	}
	return string(b)
}
