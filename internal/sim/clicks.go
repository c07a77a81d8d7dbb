package sim

import (
	"iter"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"
)

// Click is one request to a tracked link.
type Click struct {
	ID        string
	At        time.Time
	Slug      string
	VisitorID string
	UserAgent string
	Referrer  string
	Country   string
	// Bot is the hidden truth: a crawler or link-preview fetcher.
	Bot bool
}

// linkPlan is what click generation needs about one tracked link.
type linkPlan struct {
	Link
	collab    int
	campaign  int
	platform  int // index into platformList
	posts     []plannedPost
	countries []Share
	code      bool
	uaWeights []float64
}

type plannedPost struct {
	at          time.Time
	impressions float64
	tau         time.Duration
}

func (w *World) planLinks() {
	for ci, co := range w.collabs {
		var countries []Share
		if len(co.Posts) > 0 {
			cr := w.Creator(co.CreatorIndex)
			countries = cr.Accounts[0].Audience.Countries
		}
		for _, l := range co.Links {
			lp := linkPlan{Link: l, collab: ci, campaign: co.Campaign, platform: platformIndex(co.Platform),
				countries: countries, code: co.DiscountCode != ""}
			for _, u := range userAgents {
				lp.uaWeights = append(lp.uaWeights, u.weights[lp.platform])
			}
			for _, p := range co.Posts {
				if p.LinkSlug == l.Slug {
					lp.posts = append(lp.posts, plannedPost{p.PublishedAt, p.impressions, p.tau})
				}
			}
			w.links = append(w.links, lp)
		}
	}
}

// draw is one generated click, or one order placed with a code by someone
// who never clicked (codeOnly), before it is formatted.
type draw struct {
	at       time.Time
	key      uint64
	link     int32
	ua       int16 // index into userAgents, or -1-index into botAgents
	codeOnly bool
	converts bool
	visitor  uint64
	country  string
	delay    time.Duration // from click to order
}

// visitorPoolShare of human clicks come from a campaign-wide pool of
// visitors who click several creators, so journeys have several touches.
const visitorPoolShare = 0.12

// linkDay appends link li's draws for day d to buf. Human clicks follow
// each post's growth curve times the link's CTR; link-preview bots arrive
// in the minutes after a post goes up; crawlers at any time.
func (w *World) linkDay(li, d int, buf []draw) []draw {
	l := &w.links[li]
	if len(l.posts) == 0 {
		return buf
	}
	dayStart := w.cfg.Start.AddDate(0, 0, d)
	dayEnd := dayStart.Add(24 * time.Hour)
	if dayEnd.Before(l.posts[0].at) {
		return buf
	}
	r := newRand(w.seed, streamClicks, uint64(li), uint64(d))
	k := uint64(0)
	next := func(at time.Time) draw {
		k++
		return draw{at: at, key: key(w.seed, streamClicks, uint64(li)<<24|uint64(d), k), link: int32(li)}
	}
	for _, p := range l.posts {
		from := p.at
		if from.Before(dayStart) {
			from = dayStart
		}
		if !from.Before(dayEnd) {
			continue
		}
		g0, g1 := growth(from.Sub(p.at), p.tau), growth(dayEnd.Sub(p.at), p.tau)
		if g1 <= g0 {
			continue
		}
		lambda := p.impressions * (g1 - g0) * l.TrueCTR * w.cfg.TrafficScale
		full := growthFull(p.tau)
		at := func() time.Time {
			return p.at.Add(growthInverse(g0+r.Float64()*(g1-g0), p.tau, full))
		}
		for range poisson(r, lambda) {
			c := next(at())
			w.human(r, l, &c)
			buf = append(buf, c)
		}
		if l.code {
			// Followers who saw the post and typed the code at checkout
			// without clicking: about half as many as click-through orders.
			for range poisson(r, lambda*l.TrueCVR*0.5) {
				c := next(at())
				c.codeOnly, c.converts = true, true
				c.delay = orderDelay(r)
				buf = append(buf, c)
			}
		}
		if !p.at.Before(dayStart) {
			for range 2 + r.IntN(5) {
				c := next(p.at.Add(time.Duration(1+r.IntN(600)) * time.Second))
				c.ua = int16(-1 - r.IntN(6)) // the preview fetchers
				buf = append(buf, c)
			}
		}
	}
	for range poisson(r, 0.1) {
		c := next(dayStart.Add(time.Duration(r.Int64N(int64(24 * time.Hour)))))
		c.ua = int16(-1 - r.IntN(len(botAgents)))
		buf = append(buf, c)
	}
	return buf
}

// human fills in a human click: browser, visitor, country, and whether
// (and how long after) it leads to an order.
func (w *World) human(r *rand.Rand, l *linkPlan, c *draw) {
	c.ua = int16(pick(r, l.uaWeights))
	if r.Float64() < visitorPoolShare {
		pool := uint64(50 + w.cfg.CollaborationsPerCampaign*10*int(w.cfg.TrafficScale))
		c.visitor = key(w.seed, streamClicks, uint64(l.campaign)|1<<40, r.Uint64()%pool)
	} else {
		c.visitor = c.key ^ 0x5bd1e995
	}
	c.country = "other"
	if len(l.countries) > 0 {
		u := r.Float64()
		for _, s := range l.countries {
			if u < s.Share {
				c.country = s.Key
				break
			}
			u -= s.Share
		}
	}
	if r.Float64() < l.TrueCVR {
		c.converts = true
		c.delay = orderDelay(r)
	}
}

// orderDelay: most influencer purchases follow the click within the hour,
// the rest over the following days.
func orderDelay(r *rand.Rand) time.Duration {
	if r.Float64() < 0.7 {
		return time.Duration(lognormal(r, 12, 0.8) * float64(time.Minute))
	}
	return time.Duration(min(30, r.ExpFloat64()*2) * float64(24*time.Hour))
}

// day returns every draw of day d, in time order if sorted.
func (w *World) day(d int, buf []draw, sorted bool) []draw {
	buf = buf[:0]
	for li := range w.links {
		buf = w.linkDay(li, d, buf)
	}
	if !sorted {
		return buf
	}
	slices.SortFunc(buf, func(a, b draw) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return 0
	})
	return buf
}

// Clicks streams every click in time order, one day in memory at a time.
func (w *World) Clicks() iter.Seq[Click] {
	return func(yield func(Click) bool) {
		var buf []draw
		for d := range w.cfg.Days {
			buf = w.day(d, buf, true)
			for i := range buf {
				c := &buf[i]
				if c.codeOnly || !c.at.Before(w.end) {
					continue
				}
				if !yield(w.click(c)) {
					return
				}
			}
		}
	}
}

func (w *World) click(c *draw) Click {
	out := Click{
		ID:      clickID(c.key),
		At:      c.at,
		Slug:    w.links[c.link].Slug,
		Country: c.country,
	}
	if c.ua < 0 {
		out.UserAgent, out.Bot = botAgents[-1-c.ua], true
		out.VisitorID = visitorID(c.key)
		return out
	}
	u := userAgents[c.ua]
	out.UserAgent, out.Referrer = u.ua, u.referrer
	out.VisitorID = visitorID(c.visitor)
	return out
}

func clickID(k uint64) string   { return "ck" + strconv.FormatUint(k, 36) }
func visitorID(v uint64) string { return "v" + strconv.FormatUint(v, 36) }
