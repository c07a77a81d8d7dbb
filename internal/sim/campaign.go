package sim

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Goal is what a campaign is run for.
type Goal string

const (
	GoalSales     Goal = "sales"
	GoalAwareness Goal = "awareness"
	GoalSignups   Goal = "signups"
)

// Campaign is one brand campaign.
type Campaign struct {
	Index int
	ID    string
	Name  string
	Slug  string
	Goal  Goal
	// Budget is in minor units of Currency: the contracted fees plus
	// headroom.
	Budget   int64
	Currency string
	Start    time.Time
	End      time.Time
	Niche    string
	Product  string
	Keywords []string
	Hashtags []string
	Variants []Variant
	// AOV is the campaign product's typical order value (minor units).
	AOV int64
}

// Variant is one creative approach a campaign tests.
type Variant struct {
	Name   string
	Hook   string
	Offer  string
	Format string
	// TrueCTRLift and TrueCVRLift multiply a creator's click-through and
	// conversion rates when they use this variant (hidden truth).
	TrueCTRLift, TrueCVRLift float64
}

var products = [...][]string{
	{"Peak Protein Bar", "Grip Lifting Straps"}, {"Glow Serum", "Dew Lip Oil"}, {"Linen Overshirt", "Everyday Tote"},
	{"Chili Crisp", "Sourdough Starter Kit"}, {"Carry-on Cube Set", "Travel Bottle Trio"}, {"Snack Stacker Cups", "Calm Night Lamp"},
	{"Pocket Charger", "Desk Mat Pro"}, {"Cloud Headset", "Pixel Controller Grip"}, {"Lick Mat", "Calm Chews"},
	{"Linen Throw", "Self-watering Planter"}, {"Sleep Tea", "Magnesium Spray"}, {"Budget Planner", "Round-up Card"},
	{"Trail Bottle", "Packable Puffer"}, {"Yarn Starter Kit", "Clay Earring Kit"},
}

var campaignSuffixes = []string{"Launch", "Autumn Push", "Holiday Drive", "Creator Seeding", "Always-on", "Spring Reset"}

var (
	hooks   = []string{"problem-solution", "before/after", "day in my life", "unboxing", "tutorial", "honest review"}
	offers  = []string{"15% off with code", "free shipping", "gift with purchase", "no offer"}
	formats = []string{"reel", "story", "carousel", "video"}
)

func (w *World) campaign(c int, slugs map[string]bool) Campaign {
	r := newRand(w.seed, streamCampaign, uint64(c), 0)
	n := r.IntN(len(niches))
	product := oneOf(r, products[n])
	cp := Campaign{
		Index:    c,
		ID:       "ca" + strconv.Itoa(c),
		Name:     product + " " + oneOf(r, campaignSuffixes),
		Goal:     []Goal{GoalSales, GoalAwareness, GoalSignups}[pick(r, []float64{60, 20, 20})],
		Currency: w.cfg.Currency,
		Niche:    niches[n].name,
		Product:  product,
	}
	cp.Slug = unique(slugs, slugify(cp.Name))
	// Campaigns start in the first 55% of the window and run 3 to 6 weeks,
	// so by the end some are over and some still running.
	startDay := r.IntN(max(1, w.cfg.Days*55/100))
	cp.Start = w.cfg.Start.AddDate(0, 0, startDay)
	cp.End = cp.Start.AddDate(0, 0, 21+r.IntN(25))
	cp.Keywords = strings.Fields(strings.ToLower(product))
	// Platforms end a hashtag at the first character that is not a letter,
	// digit or underscore, so "Round-Up Card" is tagged #roundupcard.
	cp.Hashtags = []string{"#" + hashtagOf(product), niches[n].hashtags[0]}
	nv := 2 + r.IntN(2)
	for v := range nv {
		cp.Variants = append(cp.Variants, variant(r, v))
	}
	cp.AOV = toCurrency(int64(lognormal(r, 5500, 0.35)), w.cfg.Currency)
	return cp
}

// variant draws a creative variant. Lifts are lognormal around 1 (sigma
// 0.3 for clicks, 0.25 for conversions: creative tests commonly find the
// best of a few hooks beating the worst by 1.5-2x); a discount lifts
// conversion, no offer lowers it.
func variant(r *rand.Rand, v int) Variant {
	vr := Variant{
		Name:        string(rune('A' + v)),
		Hook:        oneOf(r, hooks),
		Offer:       oneOf(r, offers),
		Format:      oneOf(r, formats),
		TrueCTRLift: lognormal(r, 1, 0.3),
		TrueCVRLift: lognormal(r, 1, 0.25),
	}
	switch vr.Offer {
	case "15% off with code":
		vr.TrueCVRLift *= 1.2
	case "no offer":
		vr.TrueCVRLift *= 0.85
	}
	return vr
}

func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// unique returns s, or s-2, s-3... the first not yet in seen, and marks it.
func unique(seen map[string]bool, s string) string {
	u := s
	for k := 2; seen[u]; k++ {
		u = s + "-" + strconv.Itoa(k)
	}
	seen[u] = true
	return u
}

// toCurrency converts US cents to minor units of cur at the illustrative
// rates in the countries table (US dollars for unknown currencies).
func toCurrency(usdCents int64, cur string) int64 {
	for _, c := range countries {
		if c.currency == cur {
			return usdCents * c.perUSD / 100
		}
	}
	return usdCents
}

// convert moves an amount between currencies through US cents.
func convert(amount int64, from, to string) int64 {
	if from == to {
		return amount
	}
	usd := amount
	for _, c := range countries {
		if c.currency == from {
			usd = amount * 100 / c.perUSD
			break
		}
	}
	return toCurrency(usd, to)
}

// hashtagOf makes a hashtag body from a product name: lower case, letters,
// digits and underscores only.
func hashtagOf(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
