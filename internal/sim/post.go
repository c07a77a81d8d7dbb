package sim

import (
	"iter"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// PostType is the kind of media.
type PostType string

const (
	Image PostType = "image"
	Video PostType = "video"
	Reel  PostType = "reel" // short vertical video: Reels, TikToks, Shorts
)

// Post is one published piece of content.
type Post struct {
	ID          string
	AccountID   string
	Platform    Platform
	URL         string
	Caption     string
	Hashtags    []string
	Type        PostType
	PublishedAt time.Time
	// DurationSeconds is zero for images.
	DurationSeconds int
	Sponsored       bool
	// Disclosure is how a sponsored post says so: "#ad", "#sponsored",
	// "paid partnership" (the platform label) or "" when it does not.
	Disclosure      string
	CollaborationID string
	LinkSlug        string
	// Snapshots are the metrics as read at growing ages, oldest first,
	// only those before the end of the world.
	Snapshots []Snapshot

	key         uint64
	impressions float64 // final
	comments    int64   // final comment count
	tau         time.Duration
	pod         int
	botShare    float64
	niche       int
}

// Snapshot is a post's cumulative metrics at one time.
type Snapshot struct {
	At          time.Time
	Views       int64 // zero for images
	Impressions int64
	Reach       int64
	Likes       int64
	Comments    int64
	Saves       int64
	Shares      int64
	LinkClicks  int64 // as the platform counts them; zero without a link
	// WatchTimeSeconds is the total over all views.
	WatchTimeSeconds int64
	CompletionRate   float64
}

// snapshotAges are when the metrics are read, as a scheduler polling new
// posts would: dense at first, when most of the growth happens.
var snapshotAges = []time.Duration{
	time.Hour, 6 * time.Hour, 24 * time.Hour, 72 * time.Hour,
	7 * 24 * time.Hour, 14 * 24 * time.Hour, 30 * 24 * time.Hour,
}

// growth is the share of a post's 30-day metrics reached at age t:
// a stretched exponential 1-exp(-(t/tau)^0.8), normalised to 1 at 30 days.
// tau is about 14 hours on Instagram, 30 on TikTok (the For You feed keeps
// serving) and 3 days on YouTube (search and suggestions); the shape, fast
// then a long tail, is what platform analytics show.
func growth(t, tau time.Duration) float64 {
	if t <= 0 {
		return 0
	}
	if t >= 30*24*time.Hour {
		return 1
	}
	f := func(t time.Duration) float64 { return 1 - math.Exp(-math.Pow(t.Hours()/tau.Hours(), 0.8)) }
	return f(t) / f(30*24*time.Hour)
}

// growthFull is the unnormalised growth at 30 days, which growthInverse
// needs; callers compute it once per post.
func growthFull(tau time.Duration) float64 {
	return 1 - math.Exp(-math.Pow(30*24/tau.Hours(), 0.8))
}

// growthInverse returns the age at which growth reaches g in [0,1).
// x^(1/0.8) is computed as x*x^(1/4), several times faster than math.Pow
// on the click path.
func growthInverse(g float64, tau time.Duration, full float64) time.Duration {
	x := -math.Log(1 - g*full)
	return time.Duration(x * math.Sqrt(math.Sqrt(x)) * float64(tau))
}

func platformTau(pl Platform) time.Duration {
	switch pl {
	case TikTok:
		return 30 * time.Hour
	case YouTube:
		return 72 * time.Hour
	}
	return 14 * time.Hour
}

// Posts streams an account's recent organic posts, oldest first: the last
// PostsPerAccount, every few days up to the end of the world.
func (w *World) Posts(a Account) iter.Seq[Post] {
	return func(yield func(Post) bool) {
		r := newRand(w.seed, streamPosts, uint64(a.creator), uint64(a.index))
		n := w.cfg.PostsPerAccount
		gap := 3.0
		switch a.Platform {
		case TikTok:
			gap = 2
		case YouTube:
			gap = 7
		}
		times := make([]time.Time, n)
		t := w.end
		for k := n - 1; k >= 0; k-- {
			t = t.Add(-time.Duration(lognormal(r, gap, 0.6) * float64(24*time.Hour)))
			times[k] = t.Truncate(time.Second)
		}
		for k, at := range times {
			p := w.post(r, a, uint64(k), at, nil)
			if !yield(p) {
				return
			}
		}
	}
}

// sponsorship is what a collaboration adds to a post.
type sponsorship struct {
	collab     string
	slug       string
	hashtags   []string
	disclosure string
	ctr        float64 // true clicks per impression of the link
}

// post draws one post. seq numbers the account's posts; sponsored posts use
// seq from 1<<32 up so they never share an ID with organic ones.
func (w *World) post(r *rand.Rand, a Account, seq uint64, at time.Time, sp *sponsorship) Post {
	ni := niches[a.niche]
	p := Post{
		AccountID:   a.ID,
		Platform:    a.Platform,
		PublishedAt: at,
		key:         key(w.seed, streamComments, uint64(a.creator)<<8|uint64(a.index), seq),
		tau:         platformTau(a.Platform),
		pod:         a.Truth.Pod,
		botShare:    a.Truth.BotShare,
		niche:       a.niche,
	}
	p.ID = "po" + strconv.FormatUint(p.key>>16, 36)
	switch a.Platform {
	case Instagram:
		p.Type = []PostType{Image, Reel, Video}[pick(r, []float64{45, 45, 10})]
	case TikTok:
		p.Type = Reel
	default:
		p.Type = []PostType{Video, Reel}[pick(r, []float64{70, 30})]
	}
	p.URL = postURL(r, a, p.Type)

	tags := []string{oneOf(r, ni.hashtags), oneOf(r, ni.hashtags)}
	if tags[0] == tags[1] {
		tags = tags[:1]
	}
	caption := oneOf(r, ni.topics)
	if sp != nil {
		p.Sponsored, p.CollaborationID, p.LinkSlug = true, sp.collab, sp.slug
		p.Disclosure = sp.disclosure
		// Most creators include the brief's hashtags; some forget one.
		for _, h := range sp.hashtags {
			if r.Float64() < 0.85 {
				tags = append(tags, h)
			}
		}
		caption += " with my favourite find. Link in bio!"
		if strings.HasPrefix(p.Disclosure, "#") {
			tags = append([]string{p.Disclosure}, tags...)
		}
	}
	p.Hashtags = tags
	p.Caption = caption + " " + strings.Join(tags, " ")

	// Final (30-day) metrics. Fake and bot followers neither see nor like.
	engaged := float64(a.FollowerCount) * max(0.05, 1-a.Truth.FakeShare-a.Truth.BotShare)
	var reachRate float64
	switch {
	case p.Type == Image:
		reachRate = lognormal(r, 0.22, 0.4)
	case a.Platform == TikTok:
		reachRate = lognormal(r, 0.6, 0.9)
	case p.Type == Reel:
		reachRate = lognormal(r, 0.45, 0.7)
	default:
		reachRate = lognormal(r, 0.35, 0.6)
	}
	reach := engaged * reachRate
	impressions := reach * (1.1 + 0.5*r.Float64())
	var views float64
	if p.Type != Image {
		views = impressions * (0.85 + 0.15*r.Float64())
	}
	likes := engaged * a.Truth.LikeRate * lognormal(r, 1, 0.35)
	if sp != nil {
		likes *= 0.8 // sponsored posts underperform a creator's organic ones
	}
	comments := likes * lognormal(r, 0.025, 0.5)
	if p.pod > 0 {
		comments += float64(5 + r.IntN(10))
	}
	saves := likes * lognormal(r, 0.08, 0.6)
	shares := likes * lognormal(r, 0.04, 0.7)
	var completion, avgWatch float64
	if p.Type != Image {
		if p.Type == Reel {
			p.DurationSeconds = min(180, max(6, int(lognormal(r, 25, 0.5))))
			completion = min(0.95, lognormal(r, 0.45, 0.3))
		} else {
			p.DurationSeconds = min(3600, max(60, int(lognormal(r, 540, 0.6))))
			completion = min(0.9, lognormal(r, 0.3, 0.35))
		}
		// Viewers who drop out watched about a third on average.
		avgWatch = float64(p.DurationSeconds) * (completion + (1-completion)*0.35)
	}
	var linkClicks float64
	if sp != nil {
		// Platforms count taps, tracked links count landings: about 10%
		// more taps than landings.
		linkClicks = impressions * sp.ctr * 1.1
	}
	p.comments = int64(comments)
	p.impressions = impressions

	for _, age := range snapshotAges {
		at := p.PublishedAt.Add(age)
		if at.After(w.end) {
			break
		}
		g := growth(age, p.tau)
		s := Snapshot{
			At:             at,
			Views:          int64(views * g),
			Impressions:    int64(impressions * g),
			Reach:          int64(reach * g),
			Likes:          int64(likes * g),
			Comments:       int64(comments * g),
			Saves:          int64(saves * g),
			Shares:         int64(shares * g),
			LinkClicks:     int64(linkClicks * g),
			CompletionRate: completion,
		}
		s.WatchTimeSeconds = int64(float64(s.Views) * avgWatch)
		p.Snapshots = append(p.Snapshots, s)
	}
	return p
}

func postURL(r *rand.Rand, a Account, typ PostType) string {
	switch a.Platform {
	case TikTok:
		return "https://www.tiktok.com/@" + a.Username + "/video/7" + strconv.FormatUint(r.Uint64()%1e17, 10)
	case YouTube:
		if typ == Reel {
			return "https://www.youtube.com/shorts/" + shortCode(r, 11)
		}
		return "https://www.youtube.com/watch?v=" + shortCode(r, 11)
	}
	if typ == Image {
		return "https://www.instagram.com/p/" + shortCode(r, 11) + "/"
	}
	return "https://www.instagram.com/reel/" + shortCode(r, 11) + "/"
}

const codeAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

func shortCode(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = codeAlphabet[r.IntN(len(codeAlphabet))]
	}
	return string(b)
}

// ER is the DESIGN.md engagement rate of a snapshot for an account with the
// given followers: (likes+comments+saves+shares)/followers.
func (s Snapshot) ER(followers int64) float64 {
	if followers <= 0 {
		return 0
	}
	return float64(s.Likes+s.Comments+s.Saves+s.Shares) / float64(followers)
}
