package sim

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// account builds creator c's j-th account. It has its own source so that
// adding a field here does not change the creator's other draws.
func (w *World) account(c Creator, j int, pl Platform, ctry country, n int, h string, followers int64, pod int, bought bool) Account {
	r := newRand(w.seed, streamAccount, uint64(c.Index), uint64(j))
	ni := niches[n]
	a := Account{
		Profile: Profile{
			Platform:       pl,
			Username:       h,
			FullName:       c.Name,
			HasProfilePic:  r.Float64() < 0.98,
			IsPrivate:      r.Float64() < 0.02,
			FollowingCount: max(10, int64(lognormal(r, 600, 0.7))),
		},
		ID:      c.ID + "-" + string(pl),
		URL:     profileURL(pl, h),
		creator: c.Index,
		index:   j,
		niche:   n,
	}
	a.Biography = oneOf(r, ni.topics) + " | " + ni.hashtags[0] + " | " + ctry.code + " | collabs: " + c.Email
	if r.Float64() < 0.6 {
		a.ExternalURL = "https://links.example/" + h
	}
	media := lognormal(r, 300, 0.8)
	if pl == YouTube {
		media = lognormal(r, 80, 0.8)
	}
	a.MediaCount = max(15, int64(media))

	// Like rate: the 2016 Markerly study of ~2M Instagram accounts (8%
	// under 1k, 4% at 1k-10k, 2.4% at 10k-100k, 1.7% at 1M-10M),
	// interpolated in log followers, lifted by niche and platform, with a
	// lognormal spread within any follower count.
	a.Truth.LikeRate = min(0.5, likeRate(followers)*ni.erBoost*platformLikeFactor(pl)*lognormal(r, 1, 0.45))

	// Follower quality: most audiences carry some fake and bot accounts
	// (audits commonly report 10-20% of Instagram followers inactive or
	// fake); buyers add one jump of bought followers, all fake.
	fake := min(0.6, lognormal(r, 0.07, 0.6))
	bot := min(0.3, lognormal(r, 0.025, 0.7))
	organic := followers
	a.FollowerCount = followers
	if bought {
		b := int64(float64(organic) * (0.3 + 1.2*r.Float64()))
		a.Truth.BoughtFollowers = b
		a.FollowerCount = organic + b
		fake = (fake*float64(organic) + float64(b)) / float64(organic+b)
		day := 10 + r.IntN(historyDays-15)
		a.Truth.BoughtAt = w.end.AddDate(0, 0, day-historyDays).Add(time.Duration(r.IntN(86400)) * time.Second)
		a.FollowingCount += int64(r.IntN(3000))
	}
	a.Truth.FakeShare, a.Truth.BotShare = fake, bot
	a.Truth.Pod = pod

	a.Audience = audience(r, ctry, ni)
	// Rates: about US$10 per thousand followers per post on Instagram and
	// TikTok, $20 on YouTube (common agency rules of thumb), lognormal
	// spread, at least $25, rounded to 5 major units of local currency.
	perK := 10.0
	if pl == YouTube {
		perK = 20
	}
	usdCents := max(2500, float64(a.FollowerCount)/1000*perK*100*lognormal(r, 1, 0.4))
	local := int64(usdCents) * ctry.perUSD / 100
	a.Rate = max(500, (local+250)/500*500)
	a.RateCurrency = ctry.currency
	return a
}

func profileURL(pl Platform, h string) string {
	switch pl {
	case TikTok:
		return "https://www.tiktok.com/@" + h
	case YouTube:
		return "https://www.youtube.com/@" + h
	}
	return "https://www.instagram.com/" + h + "/"
}

// likeAnchors are (log10 followers, like rate) points from the Markerly
// study, placed at the middle of each band it reported.
var likeAnchors = [][2]float64{
	{2.7, 0.080}, // ~500
	{3.5, 0.040}, // ~3k
	{4.5, 0.024}, // ~30k
	{5.5, 0.019}, // ~300k (between the study's bands)
	{6.5, 0.017}, // ~3M
}

// likeRate interpolates the anchors linearly in log10(followers) and holds
// the end values flat outside them.
func likeRate(followers int64) float64 {
	x := math.Log10(float64(max(1, followers)))
	if x <= likeAnchors[0][0] {
		return likeAnchors[0][1]
	}
	for k := 1; k < len(likeAnchors); k++ {
		if x <= likeAnchors[k][0] {
			a, b := likeAnchors[k-1], likeAnchors[k]
			t := (x - a[0]) / (b[0] - a[0])
			return a[1] + t*(b[1]-a[1])
		}
	}
	return likeAnchors[len(likeAnchors)-1][1]
}

// platformLikeFactor: TikTok engagement per follower runs well above
// Instagram's, YouTube likes per subscriber well below.
func platformLikeFactor(pl Platform) float64 {
	switch pl {
	case TikTok:
		return 1.6
	case YouTube:
		return 0.6
	}
	return 1
}

func audience(r *rand.Rand, home country, ni niche) Audience {
	var au Audience
	homeShare := 0.4 + 0.4*r.Float64()
	au.Countries = make([]Share, 1, 6)
	au.Countries[0] = Share{home.code, homeShare}
	others := 2 + r.IntN(3)
	rest := 1 - homeShare
	var pickedBuf [4]string
	picked := pickedBuf[:0]
	for range others {
		c := countries[pickCountry(r)].code
		if c == home.code || slices.Contains(picked, c) {
			continue
		}
		picked = append(picked, c)
	}
	var wsBuf [4]float64
	ws := wsBuf[:len(picked)]
	var total float64
	for k := range ws {
		ws[k] = 0.3 + r.Float64()
		total += ws[k]
	}
	// Some audience always comes from elsewhere.
	other := rest * (0.1 + 0.2*r.Float64())
	for k, c := range picked {
		au.Countries = append(au.Countries, Share{c, (rest - other) * ws[k] / total})
	}
	au.Countries = append(au.Countries, Share{"other", other})
	if len(picked) == 0 {
		au.Countries[len(au.Countries)-1].Share = rest
	}
	slices.SortStableFunc(au.Countries[1:], func(a, b Share) int {
		switch {
		case a.Share > b.Share:
			return -1
		case a.Share < b.Share:
			return 1
		}
		return 0
	})
	shares(r, ni.age[:], 0.35, au.Age[:])
	au.Female = min(0.97, max(0.03, ni.female+0.08*r.NormFloat64()))
	au.Male = 1 - au.Female
	return au
}

// historyDays is how far back follower-count histories reach from the end
// of the world.
const historyDays = 120

// FollowerCount is an account's follower count at one time.
type FollowerCount struct {
	At        time.Time
	Followers int64
}

// FollowerHistory returns one count a day for the historyDays days up to
// the end of the world. Organic growth is smooth with small daily noise;
// bought followers show as one jump on Truth.BoughtAt.
func (w *World) FollowerHistory(a Account) []FollowerCount {
	r := newRand(w.seed, streamHistory, uint64(a.creator), uint64(a.index))
	organicNow := float64(a.FollowerCount - a.Truth.BoughtFollowers)
	growth := lognormal(r, 0.0015, 0.6) // per day: about 4.5% a month
	out := make([]FollowerCount, historyDays)
	start := w.end.AddDate(0, 0, -historyDays)
	for d := range historyDays {
		at := start.AddDate(0, 0, d+1)
		left := float64(historyDays - 1 - d)
		n := organicNow * math.Exp(-growth*left)
		if d < historyDays-1 {
			n *= 1 + 0.002*r.NormFloat64()
		}
		f := int64(math.Round(n))
		if !a.Truth.BoughtAt.IsZero() && !at.Before(a.Truth.BoughtAt) {
			f += a.Truth.BoughtFollowers
		}
		out[d] = FollowerCount{At: at, Followers: f}
	}
	return out
}
