package sim

import (
	"iter"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Platform is a social network an account lives on.
type Platform string

const (
	Instagram Platform = "instagram"
	TikTok    Platform = "tiktok"
	YouTube   Platform = "youtube"
)

var platformList = [3]Platform{Instagram, TikTok, YouTube}

// Profile is an account as the vetting input sees it: the DESIGN.md account
// JSON Lines shape.
type Profile struct {
	Platform       Platform `json:"platform"`
	Username       string   `json:"username"`
	FullName       string   `json:"full_name"`
	Biography      string   `json:"biography"`
	ExternalURL    string   `json:"external_url"`
	HasProfilePic  bool     `json:"has_profile_pic"`
	IsPrivate      bool     `json:"is_private"`
	MediaCount     int64    `json:"media_count"`
	FollowerCount  int64    `json:"follower_count"`
	FollowingCount int64    `json:"following_count"`
}

// Share is one key's share of an audience, in [0,1].
type Share struct {
	Key   string
	Share float64
}

// Audience is an account's audience demographics. Each group sums to 1.
type Audience struct {
	Countries []Share    // largest first
	Age       [6]float64 // by AgeBands
	Female    float64
	Male      float64
}

// Account is one creator's presence on one platform.
type Account struct {
	Profile
	ID  string
	URL string
	// Audience is what the platform's insights would report.
	Audience Audience
	// Rate is the asking price for one sponsored post, in minor units of
	// RateCurrency (the creator's local currency).
	Rate         int64
	RateCurrency string
	// Truth is never serialised, so an Account marshalled as vetting input
	// cannot leak its labels.
	Truth AccountTruth `json:"-"`

	creator, index int
	niche          int
}

// AccountTruth is what no platform reports; tests and scorers use it.
type AccountTruth struct {
	// LikeRate is the expected likes per real follower on an organic post.
	LikeRate float64
	// FakeShare and BotShare are the shares of followers that are bought
	// mass accounts and spam bots.
	FakeShare, BotShare float64
	// BoughtFollowers were added in one jump on BoughtAt (zero if never).
	BoughtFollowers int64
	BoughtAt        time.Time
	// Pod is the engagement pod the account comments in, 0 for none.
	Pod int
}

// Creator is a person with one or more accounts.
type Creator struct {
	Index    int
	ID       string
	Name     string
	Email    string
	Country  string
	Niches   []string
	Accounts []Account // the first is the main one
}

// Tier is a follower-count band (DESIGN.md defaults).
type Tier string

const (
	Nano  Tier = "nano"
	Micro Tier = "micro"
	Mid   Tier = "mid"
	Macro Tier = "macro"
	Mega  Tier = "mega"
)

// Tiers lists the tiers from smallest to largest.
var Tiers = [5]Tier{Nano, Micro, Mid, Macro, Mega}

// TierOf returns the default tier for a follower count.
func TierOf(followers int64) Tier {
	switch {
	case followers < 10_000:
		return Nano
	case followers < 100_000:
		return Micro
	case followers < 500_000:
		return Mid
	case followers < 1_000_000:
		return Macro
	}
	return Mega
}

// Creators streams creators 0..Creators-1. Nothing is kept between
// iterations, so a million creators cost the memory of one.
func (w *World) Creators() iter.Seq[Creator] {
	return func(yield func(Creator) bool) {
		for i := range w.cfg.Creators {
			if !yield(w.Creator(i)) {
				return
			}
		}
	}
}

// Creator returns creator i. It depends only on the seed and i.
func (w *World) Creator(i int) Creator {
	r := newRand(w.seed, streamCreator, uint64(i), 0)
	// The handle's name parts come from a permutation of i so that they are
	// unique by construction: p < 2^20 picks (first name, style, suffix).
	p := uint64(i)
	if p < 1<<20 {
		p = feistel20(w.seed, p)
	}
	first := firstNames[p%uint64(len(firstNames))]
	style := int(p / uint64(len(firstNames)) % handleStyles)
	suffix := p / uint64(len(firstNames)*handleStyles)

	ctry := countries[pickCountry(r)]
	n1 := r.IntN(len(niches))
	var nicheBuf [2]int
	nicheIdx := append(nicheBuf[:0], n1)
	if r.Float64() < 0.4 {
		if n2 := r.IntN(len(niches)); n2 != n1 {
			nicheIdx = append(nicheIdx, n2)
		}
	}
	last := oneOf(r, lastNames)
	word := oneOf(r, niches[n1].words)
	h := handle(first, last, word, style, suffix)
	c := Creator{
		Index:   i,
		ID:      "cr" + strconv.Itoa(i),
		Name:    title(first) + " " + title(last),
		Email:   h + "@" + oneOf(r, emailDomains),
		Country: ctry.code,
	}
	c.Niches = make([]string, 0, len(nicheIdx))
	for _, n := range nicheIdx {
		c.Niches = append(c.Niches, niches[n].name)
	}

	// Main platform by niche; a second account for about a third of
	// creators and a third for a few, with followers relative to the main.
	main := pick(r, niches[n1].platforms[:])
	var platBuf [3]int
	plats := append(platBuf[:0], main)
	if r.Float64() < 0.35 {
		plats = append(plats, (main+1+r.IntN(2))%3)
		if r.Float64() < 0.25 {
			for k := range 3 {
				if !slices.Contains(plats, k) {
					plats = append(plats, k)
				}
			}
		}
	}
	followers := mainFollowers(r)
	pod := 0
	if r.Float64() < 0.08 {
		pod = 1 + r.IntN(podCount)
	}
	bought := r.Float64() < 0.12
	c.Accounts = make([]Account, 0, len(plats))
	for j, pl := range plats {
		f := followers
		if j > 0 {
			f = max(50, int64(float64(followers)*lognormal(r, 0.4, 1.0)))
		}
		c.Accounts = append(c.Accounts, w.account(c, j, platformList[pl], ctry, n1, h, f, pod, bought && j == 0))
	}
	return c
}

const handleStyles = 16

// podCount is the number of engagement pods in a world.
const podCount = 40

// handle builds a username from its parts. Styles never end in a digit, so
// the numeric suffix keeps handles with different suffixes apart.
func handle(first, last, word string, style int, suffix uint64) string {
	var h string
	switch style {
	case 0:
		h = first + "_" + word
	case 1:
		h = first + "." + word
	case 2:
		h = first + word
	case 3:
		h = "the" + first + word
	case 4:
		h = first + "_" + last
	case 5:
		h = first + "." + last
	case 6:
		h = first + last
	case 7:
		h = word + "with" + first
	case 8:
		h = first + "_" + last[:1] + "_" + word
	case 9:
		h = "its" + first
	case 10:
		h = first + "." + last[:1]
	case 11:
		h = "hey" + first
	case 12:
		h = first + "__" + word
	case 13:
		h = first + "in" + word
	case 14:
		h = "real" + first + last
	default:
		h = first + "x" + word
	}
	if suffix > 0 {
		h += strconv.FormatUint(suffix, 10)
	}
	return h
}

func title(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

func pickCountry(r *rand.Rand) int { return pick(r, countryWeights) }

// mainFollowers draws followers of a creator's main account:
// log10(followers) ~ Normal(3.9, 0.75), floored at 200. That gives about
// 55% nano, 38% micro, 6% mid, 0.6% macro and 0.3% mega: most creators are
// small and the tail is heavy (Influencer Marketing Hub and HypeAuditor
// tier counts put 65-90% of Instagram creators under 100k).
func mainFollowers(r *rand.Rand) int64 {
	return max(200, int64(math.Pow(10, 3.9+0.75*r.NormFloat64())))
}
