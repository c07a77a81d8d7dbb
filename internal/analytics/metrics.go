// Package analytics holds Chorus's metric definitions, each written once, and
// assembles campaign reports from rolled-up facts: per post, collaboration,
// creator, variant, tier and the whole campaign.
//
// The definitions follow docs/metrics.md. A ratio whose denominator is zero is
// not a number: it is reported as "n/a" (null in JSON), never as 0 or +Inf,
// so that a creator without impressions does not look free or infinitely
// expensive. Money stays int64 minor units; only ratios of money to counts
// (CPM, CPC, ...) are float64 minor units, because they are estimates shown
// to people, not amounts to book.
package analytics

import (
	"encoding/json"
	"strconv"
)

// Ratio is a quotient that is undefined when its denominator is zero.
type Ratio struct {
	V  float64
	OK bool
}

// NA is the undefined ratio.
var NA = Ratio{}

// Of divides num by den, or gives NA when den is zero.
func Of(num, den float64) Ratio {
	if den == 0 {
		return NA
	}
	return Ratio{V: num / den, OK: true}
}

// String is the value with up to four significant decimals, or "n/a".
func (r Ratio) String() string {
	if !r.OK {
		return "n/a"
	}
	return strconv.FormatFloat(r.V, 'f', -1, 64)
}

// Fixed formats the value with prec decimals, or "n/a".
func (r Ratio) Fixed(prec int) string {
	if !r.OK {
		return "n/a"
	}
	return strconv.FormatFloat(r.V, 'f', prec, 64)
}

// MarshalJSON writes null for n/a: a JSON number cannot say "undefined".
func (r Ratio) MarshalJSON() ([]byte, error) {
	if !r.OK {
		return []byte("null"), nil
	}
	return json.Marshal(r.V)
}

// UnmarshalJSON reads a number or null.
func (r *Ratio) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*r = NA
		return nil
	}
	r.OK = true
	return json.Unmarshal(b, &r.V)
}

// Engagements are the interactions ER counts.
func Engagements(likes, comments, saves, shares int64) int64 {
	return likes + comments + saves + shares
}

// ER is (likes + comments + saves + shares) / followers.
func ER(engagements, followers int64) Ratio { return Of(float64(engagements), float64(followers)) }

// ERByViews is the same interactions per view, for video.
func ERByViews(engagements, views int64) Ratio { return Of(float64(engagements), float64(views)) }

// CTR is clicks / impressions, or clicks / views when impressions are
// unknown (zero).
func CTR(clicks, impressions, views int64) Ratio {
	if impressions > 0 {
		return Of(float64(clicks), float64(impressions))
	}
	return Of(float64(clicks), float64(views))
}

// CommentQuality is genuine comments / comments the comment model judged.
func CommentQuality(genuine, classified int64) Ratio {
	return Of(float64(genuine), float64(classified))
}

// Completion is completed views / views.
func Completion(completed float64, views int64) Ratio { return Of(completed, float64(views)) }

// CPM is cost / impressions x 1000, in minor units.
func CPM(cost, impressions int64) Ratio { return Of(float64(cost)*1000, float64(impressions)) }

// CPE is cost / engagements, in minor units.
func CPE(cost, engagements int64) Ratio { return Of(float64(cost), float64(engagements)) }

// CPC is cost / clicks, in minor units.
func CPC(cost, clicks int64) Ratio { return Of(float64(cost), float64(clicks)) }

// CPA is cost / attributed conversions, in minor units.
func CPA(cost, conversions int64) Ratio { return Of(float64(cost), float64(conversions)) }

// ROAS is attributed revenue / cost.
func ROAS(revenue, cost int64) Ratio { return Of(float64(revenue), float64(cost)) }

// ROI is (attributed revenue x gross margin - cost) / cost, with the margin
// in basis points (6000 = 60%).
func ROI(revenue, marginBps, cost int64) Ratio {
	return Of(float64(revenue)*float64(marginBps)/10000-float64(cost), float64(cost))
}

// AOV is revenue / orders, in minor units.
func AOV(revenue, orders int64) Ratio { return Of(float64(revenue), float64(orders)) }

// Commission is commissionBps of the attributed revenue, rounded half away
// from zero to the minor unit (refunds make revenue negative).
func Commission(revenue, commissionBps int64) int64 {
	p := revenue * commissionBps
	if p < 0 {
		return -((-p + 5000) / 10000)
	}
	return (p + 5000) / 10000
}

// Terms are what a collaboration costs besides commissions.
type Terms struct {
	FeeMinor           int64 `json:"fee_minor"`
	SeedingMinor       int64 `json:"seeding_minor"`
	AmplificationMinor int64 `json:"amplification_minor"`
	CommissionBps      int64 `json:"commission_bps"`
}

// Cost of a collaboration = fee + product seeding + commissions on the
// attributed revenue + amplification spend.
func (t Terms) Cost(attributedRevenue int64) int64 {
	return t.FeeMinor + t.SeedingMinor + t.AmplificationMinor + Commission(attributedRevenue, t.CommissionBps)
}
