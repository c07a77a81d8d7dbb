package sim

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Status is a collaboration's place in the pipeline.
type Status string

const (
	Prospect         Status = "prospect"
	Contacted        Status = "contacted"
	Negotiating      Status = "negotiating"
	Contracted       Status = "contracted"
	ContentSubmitted Status = "content_submitted"
	Approved         Status = "approved"
	Live             Status = "live"
	Paid             Status = "paid"
	Declined         Status = "declined"
)

// Statuses lists every status in pipeline order.
var Statuses = [9]Status{Prospect, Contacted, Negotiating, Contracted, ContentSubmitted, Approved, Live, Paid, Declined}

// statusShares is the pipeline mix of a campaign a few weeks in: a wide
// top of funnel, about 40% published (live or paid), some declined.
var statusShares = [9]float64{0.14, 0.12, 0.08, 0.06, 0.05, 0.05, 0.22, 0.18, 0.10}

// contracted reports whether the status has a signed deal (and so links
// and a code).
func (s Status) contracted() bool {
	switch s {
	case Contracted, ContentSubmitted, Approved, Live, Paid:
		return true
	}
	return false
}

// Collaboration is one creator working on one campaign.
type Collaboration struct {
	ID           string
	Campaign     int // index into Campaigns
	CampaignID   string
	CreatorIndex int
	CreatorID    string
	CreatorName  string
	AccountID    string
	Platform     Platform
	Handle       string
	Followers    int64
	Status       Status
	// Fee is the agreed (or, before contract, proposed) flat fee in minor
	// units of Currency; zero for prospects and first contacts.
	Fee      int64
	Currency string
	// CommissionBps is the commission on attributed revenue, in basis points.
	CommissionBps int
	Deliverables  int
	DueAt         time.Time
	// DiscountCode is empty until contracted.
	DiscountCode    string
	DiscountPercent int
	Links           []Link
	// Posts are the sponsored posts, for live and paid collaborations.
	Posts []Post
}

// Link is a tracked link: one per variant the creator runs.
type Link struct {
	Slug    string
	Variant int // index into the campaign's Variants
	// TrueCTR is clicks per impression of the post carrying the link and
	// TrueCVR orders per human click (hidden truth, for scoring).
	TrueCTR, TrueCVR float64
}

// collaborations draws campaign cp's collaborations. slugs and codes are
// world-wide sets that keep link slugs and discount codes unique.
func (w *World) collaborations(cp *Campaign, slugs, codes map[string]bool) []Collaboration {
	r := newRand(w.seed, streamCollab, uint64(cp.Index), 0)
	n := w.cfg.CollaborationsPerCampaign
	statuses := stratify(r, n)
	if cp.Index == 0 && n > 0 {
		// The first collaboration of the first campaign owns the "demo"
		// link, so it must be published.
		if k := slices.Index(statuses, Live); k > 0 {
			statuses[0], statuses[k] = statuses[k], statuses[0]
		} else {
			statuses[0] = Live
		}
	}
	used := map[int]bool{}
	out := make([]Collaboration, 0, n)
	var fees int64
	for k := range n {
		cr := w.recruit(r, cp, used)
		a := cr.Accounts[0]
		co := Collaboration{
			ID:           cp.ID + "-co" + strconv.Itoa(k),
			Campaign:     cp.Index,
			CampaignID:   cp.ID,
			CreatorIndex: cr.Index,
			CreatorID:    cr.ID,
			CreatorName:  cr.Name,
			AccountID:    a.ID,
			Platform:     a.Platform,
			Handle:       a.Username,
			Followers:    a.FollowerCount,
			Status:       statuses[k],
			Currency:     cp.Currency,
			Deliverables: 1 + pick(r, []float64{50, 35, 15}),
			DueAt:        cp.Start.AddDate(0, 0, 7+r.IntN(15)),
		}
		co.CommissionBps = []int{0, 0, 500, 1000, 1500}[r.IntN(5)]
		if co.Status != Prospect && co.Status != Contacted {
			// Negotiated within -20%..+10% of the asking rate.
			fee := float64(convert(a.Rate, a.RateCurrency, cp.Currency)*int64(co.Deliverables)) * (0.8 + 0.3*r.Float64())
			co.Fee = max(500, int64(math.Round(fee/500))*500)
			if co.Status != Declined {
				fees += co.Fee
			}
		}
		if co.Status.contracted() {
			w.contract(r, cp, &co, cr, a, slugs, codes)
		}
		out = append(out, co)
	}
	// Budget: contracted fees plus 15-40% headroom, in whole thousands.
	cp.Budget = max(100_000, int64(float64(fees)*(1.15+0.25*r.Float64())/100_000+1)*100_000)
	return out
}

// stratify returns n statuses in the statusShares mix (largest remainder,
// so every status with share*n >= 0.5 is present), shuffled.
func stratify(r *rand.Rand, n int) []Status {
	out := make([]Status, 0, n)
	type rem struct {
		s    Status
		frac float64
	}
	var rems []rem
	for i, sh := range statusShares {
		x := sh * float64(n)
		for range int(x) {
			out = append(out, Statuses[i])
		}
		rems = append(rems, rem{Statuses[i], x - math.Floor(x)})
	}
	slices.SortStableFunc(rems, func(a, b rem) int {
		switch {
		case a.frac > b.frac:
			return -1
		case a.frac < b.frac:
			return 1
		}
		return 0
	})
	for k := 0; len(out) < n; k++ {
		out = append(out, rems[k%len(rems)].s)
	}
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// recruit picks a creator for the campaign: a few random candidates, the
// first one in the campaign's niche and under 500k followers wins, as a
// brand shortlisting small creators would.
func (w *World) recruit(r *rand.Rand, cp *Campaign, used map[int]bool) Creator {
	var cr Creator
	for try := range 6 {
		i := r.IntN(w.cfg.Creators)
		for used[i] {
			i = (i + 1) % w.cfg.Creators
		}
		cr = w.Creator(i)
		fit := slices.Contains(cr.Niches, cp.Niche) && cr.Accounts[0].FollowerCount < 500_000
		if fit || try == 5 {
			used[i] = true
			return cr
		}
	}
	return cr
}

// contract adds what a signed deal brings: discount code, tracked links
// with their hidden rates and, once published, the sponsored posts.
func (w *World) contract(r *rand.Rand, cp *Campaign, co *Collaboration, cr Creator, a Account, slugs, codes map[string]bool) {
	first := strings.ToLower(strings.Fields(cr.Name)[0])
	if r.Float64() < 0.85 {
		co.DiscountPercent = []int{10, 15, 20}[r.IntN(3)]
		pct := strconv.Itoa(co.DiscountPercent)
		code := strings.ToUpper(first) + pct
		if codes[code] {
			code = strings.ToUpper(first+strings.Fields(cr.Name)[1][:1]) + pct
		}
		co.DiscountCode = unique(codes, code)
	}
	// Creator effects: clicks per impression about 0.8% for a link in a
	// story or bio (industry reports put influencer link CTR at 0.5-1.5%),
	// orders per click about 2.5% (e-commerce conversion 2-3%), both
	// lognormal across creators; the variant multiplies them.
	ctr := lognormal(r, 0.008, 0.5)
	switch a.Platform {
	case TikTok:
		ctr *= 0.5 // a bio link is a detour on TikTok
	case YouTube:
		ctr *= 0.7
	}
	cvr := lognormal(r, 0.025, 0.5)
	nl := 1
	if len(cp.Variants) > 1 && r.Float64() < 0.3 {
		nl = 2
	}
	vs := r.Perm(len(cp.Variants))[:nl]
	for _, v := range vs {
		slug := first + "-" + strconv.FormatUint(r.Uint64()%(36*36*36*36), 36)
		if cp.Index == 0 && co.ID == cp.ID+"-co0" && len(co.Links) == 0 {
			slug = "demo"
		}
		co.Links = append(co.Links, Link{
			Slug:    unique(slugs, slug),
			Variant: v,
			TrueCTR: min(0.1, ctr*cp.Variants[v].TrueCTRLift),
			TrueCVR: min(0.3, cvr*cp.Variants[v].TrueCVRLift),
		})
	}
	if co.Status != Live && co.Status != Paid {
		return
	}
	// Posts go up from three days into the campaign until its end or the
	// day before the world ends; paid ones early enough to have been paid.
	from := cp.Start.AddDate(0, 0, 3)
	to := earliest(cp.End, w.end.Add(-24*time.Hour))
	if co.Status == Paid {
		to = earliest(to, w.end.Add(-10*24*time.Hour))
	}
	span := max(time.Hour, to.Sub(from))
	disclosure := []string{"#ad", "#sponsored", "paid partnership", ""}[pick(r, []float64{70, 10, 12, 8})]
	for k := range co.Deliverables {
		at := from.Add(time.Duration(r.Int64N(int64(span)))).Truncate(time.Second)
		l := co.Links[k%len(co.Links)]
		sp := &sponsorship{collab: co.ID, slug: l.Slug, hashtags: cp.Hashtags, disclosure: disclosure, ctr: l.TrueCTR}
		co.Posts = append(co.Posts, w.post(r, a, 1<<32+uint64(cp.Index)<<16+uint64(k), at, sp))
	}
	slices.SortFunc(co.Posts, func(x, y Post) int { return x.PublishedAt.Compare(y.PublishedAt) })
}

func earliest(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
