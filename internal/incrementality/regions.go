package incrementality

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/chorushq/chorus/internal/conversions"
)

// RegionOrders is one region's orders in the baseline weeks before a
// campaign (Pre) and during it (During).
type RegionOrders struct {
	Name        string
	Pre, During int64
}

// RegionInput asks what a campaign added in the regions it ran in, judged
// against the regions it held back.
type RegionInput struct {
	Exposed, HeldOut []RegionOrders
	Cost             int64 // the campaign's cost, minor units of Currency
	Currency         string
	Level            float64 // of the intervals; zero: 0.95
}

// RegionResult is the lift of the exposed regions over the held-out ones,
// each normalised by its own baseline.
type RegionResult struct {
	ExposedPre, ExposedDuring, HeldOutPre, HeldOutDuring int64
	// Lift = (ExposedDuring/ExposedPre) / (HeldOutDuring/HeldOutPre) - 1,
	// with its interval.
	Lift, LiftLow, LiftHigh float64
	// Incremental is the exposed regions' orders the campaign caused,
	// ExposedDuring·Lift/(1+Lift), with its interval.
	Incremental, IncrementalLow, IncrementalHigh float64
	// CPA = Cost / Incremental in minor units; NaN when Incremental ≤ 0,
	// CPAHigh +Inf when the interval of Incremental reaches 0.
	CPA, CPALow, CPAHigh float64
	// Dispersion is the quasi-binomial scale (1 when not estimated); DF its
	// degrees of freedom (0: normal quantiles).
	Dispersion  float64
	DF          int
	Significant bool
	Verdict     string
}

// RegionHoldout compares the growth of orders from the baseline to the
// campaign period in exposed regions with the same growth in held-out
// regions. Normalising each group by its own baseline removes what differs
// between regions in size, and what the season does to all of them alike.
//
// Conditional on a region's total n = pre + during, its campaign-period
// orders are binomial(n, π_g) when both periods are Poisson, with the odds
// π_g/(1-π_g) = (1 + lift_g)·(campaign days / baseline days). The ratio of
// the two groups' odds is then exactly the rate ratio 1 + lift, and its log
// has the variance 1/X_e + 1/P_e + 1/X_h + 1/P_h (Woolf) over the group
// totals. With three or more regions that have orders, the variance is
// multiplied by the quasi-binomial dispersion φ = max(1, χ²/(regions − 2))
// (Pearson χ² of each region's split against its group's) and the quantile
// is Student's t on regions − 2 degrees of freedom: regions whose growth
// differs by more than Poisson noise widen the interval instead of faking
// certainty. An empty cell gets 0.5 so the ratio stays finite.
func RegionHoldout(in RegionInput) (RegionResult, error) {
	if in.Level == 0 {
		in.Level = 0.95
	}
	if err := in.validate(); err != nil {
		return RegionResult{}, err
	}
	var r RegionResult
	r.ExposedPre, r.ExposedDuring = sumRegions(in.Exposed)
	r.HeldOutPre, r.HeldOutDuring = sumRegions(in.HeldOut)
	cell := func(n int64) float64 { return math.Max(float64(n), 0.5) }
	xe, pe, xh, ph := cell(r.ExposedDuring), cell(r.ExposedPre), cell(r.HeldOutDuring), cell(r.HeldOutPre)
	logRR := math.Log(xe/pe) - math.Log(xh/ph)
	variance := 1/xe + 1/pe + 1/xh + 1/ph

	r.Dispersion = 1
	q := distuv.UnitNormal.Quantile(1 - (1-in.Level)/2)
	chi2, units := splitChi2(in.Exposed, r.ExposedPre, r.ExposedDuring)
	c2, u2 := splitChi2(in.HeldOut, r.HeldOutPre, r.HeldOutDuring)
	chi2, units = chi2+c2, units+u2
	if df := units - 2; df >= 1 {
		r.DF = df
		r.Dispersion = math.Max(chi2/float64(df), 1)
		q = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(1 - (1-in.Level)/2)
	}
	se := math.Sqrt(r.Dispersion * variance)
	r.Lift = math.Exp(logRR) - 1
	r.LiftLow = math.Exp(logRR-q*se) - 1
	r.LiftHigh = math.Exp(logRR+q*se) - 1
	inc := func(lift float64) float64 { return float64(r.ExposedDuring) * lift / (1 + lift) }
	r.Incremental, r.IncrementalLow, r.IncrementalHigh = inc(r.Lift), inc(r.LiftLow), inc(r.LiftHigh)
	r.Significant = r.LiftLow > 0 || r.LiftHigh < 0
	cost := float64(in.Cost)
	r.CPA, r.CPALow, r.CPAHigh = math.NaN(), math.NaN(), math.Inf(1)
	if r.Incremental > 0 {
		r.CPA, r.CPALow = cost/r.Incremental, cost/r.IncrementalHigh
	}
	if r.IncrementalLow > 0 {
		r.CPAHigh = cost / r.IncrementalLow
	}
	r.Verdict = r.verdict(in)
	return r, nil
}

func sumRegions(rs []RegionOrders) (pre, during int64) {
	for _, r := range rs {
		pre += r.Pre
		during += r.During
	}
	return pre, during
}

// splitChi2 is Σ (x_r − n_r·π)² / (n_r·π·(1−π)) over a group's regions with
// orders, π being the group's share of orders in the campaign period, and
// the number of such regions.
func splitChi2(rs []RegionOrders, pre, during int64) (float64, int) {
	if pre+during == 0 {
		return 0, 0
	}
	pi := float64(during) / float64(pre+during)
	var chi2 float64
	var units int
	for _, r := range rs {
		n := float64(r.Pre + r.During)
		if n == 0 {
			continue
		}
		units++
		if v := n * pi * (1 - pi); v > 0 {
			d := float64(r.During) - n*pi
			chi2 += d * d / v
		}
	}
	return chi2, units
}

func (in RegionInput) validate() error {
	var errs []error
	if in.Level <= 0 || in.Level >= 1 {
		errs = append(errs, fmt.Errorf("level %g: must be between 0 and 1", in.Level))
	}
	if _, err := conversions.Exponent(in.Currency); err != nil {
		errs = append(errs, err)
	}
	if in.Cost < 0 {
		errs = append(errs, fmt.Errorf("cost %d: must not be negative", in.Cost))
	}
	check := func(group string, rs []RegionOrders) {
		if len(rs) == 0 {
			errs = append(errs, fmt.Errorf("%s regions: none with orders", group))
		}
		var pre int64
		for i, r := range rs {
			if r.Pre < 0 || r.During < 0 {
				errs = append(errs, fmt.Errorf("%s region %d (%q): pre %d, during %d: counts must not be negative", group, i+1, r.Name, r.Pre, r.During))
			}
			pre += r.Pre
		}
		if len(rs) > 0 && pre <= 0 {
			errs = append(errs, fmt.Errorf("%s regions: no orders in the baseline weeks to compare with", group))
		}
	}
	check("exposed", in.Exposed)
	check("held-out", in.HeldOut)
	return errors.Join(errs...)
}

func (r RegionResult) verdict(in RegionInput) string {
	lvl := 100 * in.Level
	pct := func(x float64) string { return fmt.Sprintf("%+.1f%%", 100*x) }
	en := message.NewPrinter(language.English)
	if !r.Significant {
		return en.Sprintf("Not significant: exposed regions grew %s relative to held-out ones, but the %.0f%% interval %s to %s includes no effect",
			pct(r.Lift), lvl, pct(r.LiftLow), pct(r.LiftHigh))
	}
	if r.Lift < 0 {
		return en.Sprintf("Orders fell: exposed regions did %s relative to held-out ones (%.0f%% interval %s to %s)",
			pct(r.Lift), lvl, pct(r.LiftLow), pct(r.LiftHigh))
	}
	return en.Sprintf("Lift %s in exposed regions (%.0f%% interval %s to %s): about %.0f incremental orders (%.0f to %.0f); incremental CPA %s (%s to %s)",
		pct(r.Lift), lvl, pct(r.LiftLow), pct(r.LiftHigh), r.Incremental, r.IncrementalLow, r.IncrementalHigh,
		money(r.CPA, in.Currency), money(r.CPALow, in.Currency), money(r.CPAHigh, in.Currency))
}

// SplitRegions sorts counts by stored order region ("US", "US-CA", "" when
// unknown) into the units of a holdout test. An order is held out when its
// region or its country is listed in heldOut; it then counts under that
// entry, so holding back "US" pools all US provinces. Exposed orders count
// by country, or by province where heldOut lists provinces of that country
// (comparing like with like). Unknown regions are returned as a count of
// orders: they cannot be placed.
func SplitRegions(counts []RegionOrders, heldOut []string) (exposed, held []RegionOrders, unknown int64) {
	listed := map[string]bool{}
	byProvince := map[string]bool{} // countries with a held-out province
	for _, h := range heldOut {
		listed[h] = true
		if c, _, ok := strings.Cut(h, "-"); ok {
			byProvince[c] = true
		}
	}
	heldIdx, expIdx := map[string]int{}, map[string]int{}
	add := func(units *[]RegionOrders, idx map[string]int, name string, c RegionOrders) {
		i, ok := idx[name]
		if !ok {
			i = len(*units)
			idx[name] = i
			*units = append(*units, RegionOrders{Name: name})
		}
		(*units)[i].Pre += c.Pre
		(*units)[i].During += c.During
	}
	for _, c := range counts {
		country := conversions.RegionCountry(c.Name)
		switch {
		case c.Name == "":
			unknown += c.Pre + c.During
		case listed[c.Name]:
			add(&held, heldIdx, c.Name, c)
		case listed[country]:
			add(&held, heldIdx, country, c)
		case byProvince[country]:
			add(&exposed, expIdx, c.Name, c)
		default:
			add(&exposed, expIdx, country, c)
		}
	}
	return exposed, held, unknown
}
