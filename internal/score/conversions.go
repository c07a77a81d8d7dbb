package score

import (
	"fmt"
	"math"
	"strconv"

	"github.com/chorushq/chorus/internal/conversions"
)

// A creator's conversion record is orders per human click on their tracked
// links, pulled toward the workspace's rate when they have few clicks: 1
// order from 40 clicks reads 25 per 1,000, as does 100 from 4,000, but only
// the second is evidence.
//
// The pull is empirical Bayes. Take each creator's true rate p as drawn
// from a Beta(α, β) spread over the workspace's creators; after k orders
// from n clicks the posterior mean is (k + α) / (n + α + β): the workspace
// mean m = α / (α + β) counted as κ = α + β clicks of prior evidence, then
// the creator's own. A creator with n much larger than κ keeps their own
// rate; one with n much smaller gets the workspace's. κ is fitted on the
// workspace's creators by the method of moments of the beta-binomial: with
// N clicks and K orders over I creators, m = K / N and
//
//	S = Σ n_i (k_i/n_i − m)² / (m (1 − m))
//
// has expectation I + (N − I) / (κ + 1), so κ = (N − S) / (S − I). S at or
// below I means the creators differ no more than chance would make them:
// κ = N, the whole workspace. Fewer than MinFitCreators creators with
// clicks cannot show a spread; κ is then DefaultPriorClicks.
const (
	// DefaultPriorClicks is the prior's worth, in clicks, when the
	// workspace has too few creators to fit one: a creator with 1,000
	// clicks is taken halfway between their own rate and the workspace's.
	DefaultPriorClicks = 1000.0
	// MinFitCreators is how many creators with clicks a fitted prior needs.
	MinFitCreators = 5
	// conversionFull: twice the workspace's orders per click, or half its
	// cost per order, earns full marks; the workspace's own earns half.
	conversionFull = 2.0
)

// ConversionRecord is one creator's clicks and attributed orders over their
// collaborations in a workspace.
type ConversionRecord struct {
	Clicks int64
	Orders float64
}

// ConversionBaseline is the workspace's record that a creator's is
// compared with and shrunk toward.
type ConversionBaseline struct {
	Creators int     `json:"creators"` // with human clicks
	Clicks   int64   `json:"clicks"`
	Orders   float64 `json:"orders"`
	Mean     float64 `json:"mean"` // Orders / Clicks
	// Strength is α + β, the prior's worth in clicks.
	Strength float64 `json:"strength"`
	// Fitted is false when Strength is DefaultPriorClicks for want of
	// creators to fit it on.
	Fitted bool `json:"fitted"`
	// CPA is the workspace's cost per attributed order in minor units of
	// Currency over its collaborations in that currency; 0 is unknown.
	CPA      int64  `json:"cpa"`
	Currency string `json:"currency"`
}

// NewConversionBaseline fits the workspace's prior on its creators'
// records; those without clicks are left out. CPA and Currency are the
// caller's to set.
func NewConversionBaseline(rs []ConversionRecord) ConversionBaseline {
	var b ConversionBaseline
	for _, r := range rs {
		if r.Clicks > 0 {
			b.Creators++
			b.Clicks += r.Clicks
			b.Orders += r.Orders
		}
	}
	if b.Clicks == 0 {
		return b
	}
	m := b.Orders / float64(b.Clicks)
	b.Mean, b.Strength = m, DefaultPriorClicks
	if b.Creators < MinFitCreators || m <= 0 || m >= 1 {
		return b
	}
	var s float64
	for _, r := range rs {
		if r.Clicks > 0 {
			d := r.Orders/float64(r.Clicks) - m
			s += float64(r.Clicks) * d * d
		}
	}
	s /= m * (1 - m)
	n, i := float64(b.Clicks), float64(b.Creators)
	b.Fitted = true
	if s <= i {
		b.Strength = n
	} else {
		b.Strength = math.Min(n, math.Max(1, (n-s)/(s-i)))
	}
	return b
}

// ConversionInput is a creator's conversion record in the workspace.
type ConversionInput struct {
	Collaborations int     `json:"collaborations"`
	Clicks         int64   `json:"clicks"` // human clicks on their tracked links
	Orders         float64 `json:"orders"` // attributed by the default model
	// Cost and Revenue are in minor units of Baseline.Currency, over the
	// collaborations in that currency, which had CostClicks human clicks.
	// Cost 0 is unknown: no terms were entered.
	Cost       int64              `json:"cost"`
	Revenue    int64              `json:"revenue"`
	CostClicks int64              `json:"cost_clicks"`
	Baseline   ConversionBaseline `json:"baseline"`
}

// Shrunk is the posterior mean of the creator's orders per click.
func (c *ConversionInput) Shrunk() float64 {
	b := c.Baseline
	return (c.Orders + b.Mean*b.Strength) / (float64(c.Clicks) + b.Strength)
}

func (in Inputs) conversions() evaluation {
	c := in.Conversions
	if c == nil || c.Clicks <= 0 {
		return missing("no human clicks on past collaborations")
	}
	b := c.Baseline
	if b.Mean <= 0 {
		return missing("no attributed orders in the workspace to compare with")
	}
	p := c.Shrunk()
	parts := []float64{math.Min(1, p/(conversionFull*b.Mean))}
	ev := []string{
		fmt.Sprintf("%s from %s in %s: %.1f per 1,000, workspace %.1f",
			orders(c.Orders), plural(grouped(c.Clicks), c.Clicks == 1, "click"), plural(strconv.Itoa(c.Collaborations), c.Collaborations == 1, "collaboration"),
			1000*c.Orders/float64(c.Clicks), 1000*b.Mean),
		fmt.Sprintf("%.1f per 1,000 after shrinking toward the workspace by %s", 1000*p, b.prior()),
	}
	switch {
	case b.CPA <= 0 || c.CostClicks <= 0:
		ev = append(ev, "CPA left out: no workspace cost per order to compare with")
	case c.Cost <= 0:
		ev = append(ev, "CPA left out: no fee, seeding or amplification recorded")
	default:
		cpa := float64(c.Cost) / (float64(c.CostClicks) * p)
		parts = append(parts, math.Min(1, float64(b.CPA)/cpa/conversionFull))
		ev = append(ev, fmt.Sprintf("CPA %s %s on shrunk orders, workspace %s %s (cost %s, revenue %s)",
			money(int64(math.Round(cpa)), b.Currency), b.Currency, money(b.CPA, b.Currency), b.Currency,
			money(c.Cost, b.Currency), money(c.Revenue, b.Currency)))
	}
	var v float64
	for _, x := range parts {
		v += x
	}
	return evaluation{value: v / float64(len(parts)), evidence: ev}
}

func (b ConversionBaseline) prior() string {
	if b.Fitted {
		return fmt.Sprintf("a prior worth %s clicks fitted on %d creators", grouped(int64(math.Round(b.Strength))), b.Creators)
	}
	return fmt.Sprintf("a prior worth %s clicks (%d creators with clicks are too few to fit one)", grouped(int64(b.Strength)), b.Creators)
}

// orders writes a count of orders, which multi-touch credit and refunds
// can make fractional: "1 order", "12 orders", "86.5 orders".
func orders(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return plural(grouped(int64(v)), v == 1, "order")
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + " orders"
}

func plural(n string, one bool, word string) string {
	if one {
		return n + " " + word
	}
	return n + " " + word + "s"
}

func money(minor int64, currency string) string {
	s, err := conversions.FormatAmount(minor, currency)
	if err != nil {
		return strconv.FormatInt(minor, 10)
	}
	return s
}

// grouped writes n with commas between thousands: 1,840.
func grouped(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}
