package analytics

import (
	"encoding/json"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Level is the confidence level of the tier comparison's intervals.
const Level = 0.95

// Estimate is a figure with its confidence interval; OK is false when the
// figure is n/a.
type Estimate struct {
	Value, Low, High float64
	OK               bool
}

// MarshalJSON writes {"value","low","high"}, or null for n/a.
func (e Estimate) MarshalJSON() ([]byte, error) {
	if !e.OK {
		return []byte("null"), nil
	}
	return json.Marshal(struct {
		Value float64 `json:"value"`
		Low   float64 `json:"low"`
		High  float64 `json:"high"`
	}{e.Value, e.Low, e.High})
}

// Wilson is the rate successes/trials with its Wilson score interval, which
// stays inside [0, 1] and keeps a sensible width for a handful of trials or
// none of them successful, where the normal interval collapses.
func Wilson(successes, trials int64, level float64) Estimate {
	if trials <= 0 {
		return Estimate{}
	}
	s := min(max(successes, 0), trials)
	n := float64(trials)
	p := float64(s) / n
	z := distuv.UnitNormal.Quantile(1 - (1-level)/2)
	z2 := z * z
	centre := (p + z2/(2*n)) / (1 + z2/n)
	half := z / (1 + z2/n) * math.Sqrt(p*(1-p)/n+z2/(4*n*n))
	return Estimate{Value: p, Low: max(0, centre-half), High: min(1, centre+half), OK: true}
}

// CPAInterval is cost/conversions with an interval from the exact Poisson
// interval of the conversions (Gamma quantiles): the cost is known, the
// conversions are the noisy count. It is n/a without conversions; with
// them, High is cost over the lower bound of the rate.
func CPAInterval(cost, conversions int64, level float64) Estimate {
	if conversions <= 0 {
		return Estimate{}
	}
	k := float64(conversions)
	a := (1 - level) / 2
	lo := distuv.Gamma{Alpha: k, Beta: 1}.Quantile(a)
	hi := distuv.Gamma{Alpha: k + 1, Beta: 1}.Quantile(1 - a)
	c := float64(cost)
	return Estimate{Value: c / k, Low: c / hi, High: c / lo, OK: true}
}

// TierEstimate is one tier of the tier comparison: the figures with the
// number of creators behind them and their intervals.
type TierEstimate struct {
	Tier     string   `json:"tier"`
	Creators int      `json:"creators"`
	Posts    int      `json:"posts"`
	ER       Estimate `json:"er"`
	CTR      Estimate `json:"ctr"`
	CVR      Estimate `json:"cvr"`
	CPA      Estimate `json:"cpa"`
}

// CompareTier gives a tier row's ER, CTR, orders per click and CPA with
// intervals at level.
func CompareTier(r Row, level float64) TierEstimate {
	shown := r.Impressions
	if shown == 0 {
		shown = r.Views
	}
	return TierEstimate{
		Tier: r.Key, Creators: r.Creators, Posts: r.Posts,
		ER:  Wilson(r.Engagements(), r.Followers, level),
		CTR: Wilson(r.Clicks, shown, level),
		CVR: Wilson(r.Orders, r.Clicks, level),
		CPA: CPAInterval(r.Cost, r.Orders, level),
	}
}
