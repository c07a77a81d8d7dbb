package incrementality

import (
	"errors"
	"fmt"
	"math"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"gonum.org/v1/gonum/stat/distuv"
)

// Unit is one region or time window of a holdout test: its exposure (people,
// households, visitor-days: whatever outcomes are proportional to) and the
// conversions observed in it.
type Unit struct {
	Name     string
	Exposure float64
	Outcomes int64
}

// HoldoutResult compares treated with held-out units.
type HoldoutResult struct {
	TreatedRate, ControlRate float64 // outcomes per unit of exposure
	// Lift is TreatedRate/ControlRate - 1, with its interval.
	Lift, LiftLow, LiftHigh float64
	// Incremental is the treated outcomes the campaign caused:
	// treated outcomes × Lift/(1+Lift), with its interval.
	Incremental, IncrementalLow, IncrementalHigh float64
	// Dispersion is the quasi-Poisson scale (1 when not estimated).
	Dispersion  float64
	Significant bool
	Verdict     string
}

// Holdout estimates the lift of the treated units over the held-out ones
// with a log rate ratio: log(RR) ± q·sqrt(φ·(1/x_t + 1/x_c)), where x are
// the outcome totals. With at least three units in all, φ is the
// quasi-Poisson dispersion (Pearson χ² over its degrees of freedom, never
// below 1) and q a Student t quantile, which widens the interval when
// regions differ more than Poisson noise allows; otherwise φ = 1 and q is
// normal. A zero total gets 0.5 added so the ratio stays finite.
func Holdout(treated, control []Unit, level float64) (HoldoutResult, error) {
	if level == 0 {
		level = 0.95
	}
	var errs []error
	if level <= 0 || level >= 1 {
		errs = append(errs, fmt.Errorf("level %g: must be between 0 and 1", level))
	}
	if len(treated) == 0 || len(control) == 0 {
		errs = append(errs, errors.New("holdout: need at least one treated and one control unit"))
	}
	et, xt, e1 := totals(treated, "treated")
	ec, xc, e2 := totals(control, "control")
	errs = append(errs, e1, e2)
	if err := errors.Join(errs...); err != nil {
		return HoldoutResult{}, err
	}

	r := HoldoutResult{TreatedRate: xt / et, ControlRate: xc / ec, Dispersion: 1}
	q := distuv.UnitNormal.Quantile(1 - (1-level)/2)
	if df := len(treated) + len(control) - 2; df >= 1 {
		chi2 := pearson(treated, r.TreatedRate) + pearson(control, r.ControlRate)
		r.Dispersion = math.Max(chi2/float64(df), 1)
		q = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(1 - (1-level)/2)
	}
	ct, cc := math.Max(xt, 0.5), math.Max(xc, 0.5)
	logRR := math.Log((ct / et) / (cc / ec))
	se := math.Sqrt(r.Dispersion * (1/ct + 1/cc))
	r.Lift = math.Exp(logRR) - 1
	r.LiftLow = math.Exp(logRR-q*se) - 1
	r.LiftHigh = math.Exp(logRR+q*se) - 1
	inc := func(lift float64) float64 { return xt * lift / (1 + lift) }
	r.Incremental, r.IncrementalLow, r.IncrementalHigh = inc(r.Lift), inc(r.LiftLow), inc(r.LiftHigh)
	r.Significant = r.LiftLow > 0 || r.LiftHigh < 0
	pct := func(x float64) string { return fmt.Sprintf("%+.1f%%", 100*x) }
	en := message.NewPrinter(language.English)
	if r.Significant {
		r.Verdict = en.Sprintf("Lift %s (%.0f%% interval %s to %s): about %.0f incremental conversions (%.0f to %.0f)",
			pct(r.Lift), 100*level, pct(r.LiftLow), pct(r.LiftHigh), r.Incremental, r.IncrementalLow, r.IncrementalHigh)
	} else {
		r.Verdict = fmt.Sprintf("Not significant: lift %s, but the %.0f%% interval %s to %s includes no effect",
			pct(r.Lift), 100*level, pct(r.LiftLow), pct(r.LiftHigh))
	}
	return r, nil
}

func totals(us []Unit, group string) (exposure, outcomes float64, err error) {
	var errs []error
	for i, u := range us {
		if !(u.Exposure > 0) || math.IsInf(u.Exposure, 0) || u.Outcomes < 0 {
			errs = append(errs, fmt.Errorf("%s unit %d (%q): exposure %g and outcomes %d: need exposure > 0 and outcomes >= 0",
				group, i+1, u.Name, u.Exposure, u.Outcomes))
		}
		exposure += u.Exposure
		outcomes += float64(u.Outcomes)
	}
	return exposure, outcomes, errors.Join(errs...)
}

// pearson is Σ (x - e·rate)² / (e·rate) over the units of one group.
func pearson(us []Unit, rate float64) float64 {
	var s float64
	for _, u := range us {
		m := u.Exposure * rate
		if m > 0 {
			d := float64(u.Outcomes) - m
			s += d * d / m
		}
	}
	return s
}
