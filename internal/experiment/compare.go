package experiment

import (
	"errors"
	"fmt"
)

// Variant is one arm of a test with a rate to compare: clicks out of
// impressions for CTR, orders out of clicks for conversion per click.
type Variant struct {
	Name      string
	Trials    int64
	Successes int64
}

// Options tune a comparison. The zero value gives the defaults documented in
// docs/statistics.md.
type Options struct {
	Prior Prior // zero: Beta(1, 1)
	// Threshold is the P(best) a variant needs before we call it; zero: 0.95.
	Threshold float64
	// MinTrials is the fewest trials every variant needs before any verdict;
	// zero: 100.
	MinTrials int64
	// Level of the credible intervals; zero: 0.95.
	Level float64
	// Unit names a trial in the verdict ("clicks", "impressions"); zero: "trials".
	Unit string
	// MinRelativeEffect is the smallest relative difference the sample size
	// advice plans for when the leaders are closer than that; zero: 0.05.
	MinRelativeEffect float64
}

func (o Options) withDefaults() Options {
	if o.Threshold == 0 {
		o.Threshold = 0.95
	}
	if o.MinTrials == 0 {
		o.MinTrials = 100
	}
	if o.Level == 0 {
		o.Level = 0.95
	}
	if o.Unit == "" {
		o.Unit = "trials"
	}
	if o.MinRelativeEffect == 0 {
		o.MinRelativeEffect = 0.05
	}
	o.Prior = o.Prior.orUniform()
	return o
}

func (o Options) validate() error {
	var errs []error
	if err := o.Prior.validate(); err != nil {
		errs = append(errs, err)
	}
	if o.Threshold <= 0.5 || o.Threshold >= 1 {
		errs = append(errs, fmt.Errorf("threshold %g: must be between 0.5 and 1", o.Threshold))
	}
	if o.Level <= 0 || o.Level >= 1 {
		errs = append(errs, fmt.Errorf("interval level %g: must be between 0 and 1", o.Level))
	}
	if o.MinTrials < 0 {
		errs = append(errs, fmt.Errorf("minimum trials %d: must not be negative", o.MinTrials))
	}
	if o.MinRelativeEffect < 0 {
		errs = append(errs, fmt.Errorf("minimum relative effect %g: must not be negative", o.MinRelativeEffect))
	}
	return errors.Join(errs...)
}

// Arm is the posterior summary of one variant.
type Arm struct {
	Variant
	Mean         float64
	Lower, Upper float64 // credible interval at Options.Level
	ProbBest     float64
	ExpectedLoss float64 // in the rate's own units (0.0002 = 0.02 pp)
}

// Result compares all variants.
type Result struct {
	Arms []Arm
	// Leader is the index of the arm with the highest P(best).
	Leader int
	// Decided is true when the leader passed the threshold with every arm
	// above the minimum number of trials.
	Decided bool
	// MoreTrials is about how many more trials each variant needs before a
	// verdict is likely; zero when Decided.
	MoreTrials int64
	Verdict    string
}

// CompareRates compares the rates of two or more variants.
func CompareRates(vs []Variant, opt Options) (Result, error) {
	opt = opt.withDefaults()
	if err := opt.validate(); err != nil {
		return Result{}, err
	}
	if len(vs) < 2 {
		return Result{}, fmt.Errorf("compare: need at least 2 variants, got %d", len(vs))
	}
	var errs []error
	ps := make([]Posterior, len(vs))
	for i, v := range vs {
		if v.Trials < 0 || v.Successes < 0 || v.Successes > v.Trials {
			errs = append(errs, fmt.Errorf("variant %d (%q): %d successes out of %d trials", i+1, v.Name, v.Successes, v.Trials))
			continue
		}
		ps[i] = opt.Prior.Update(v.Trials, v.Successes)
	}
	if err := errors.Join(errs...); err != nil {
		return Result{}, err
	}
	pb, loss := ProbBest(ps), ExpectedLoss(ps)
	r := Result{Arms: make([]Arm, len(vs))}
	for i, v := range vs {
		lo, hi := ps[i].Interval(opt.Level)
		r.Arms[i] = Arm{Variant: v, Mean: ps[i].Mean(), Lower: lo, Upper: hi, ProbBest: pb[i], ExpectedLoss: loss[i]}
		if pb[i] > pb[r.Leader] {
			r.Leader = i
		}
	}
	r.decide(opt)
	return r, nil
}

// decide fills Decided, MoreTrials and Verdict.
func (r *Result) decide(opt Options) {
	minTrials := r.Arms[0].Trials
	for _, a := range r.Arms {
		minTrials = min(minTrials, a.Trials)
	}
	lead := r.Arms[r.Leader]
	r.Decided = minTrials >= opt.MinTrials && lead.ProbBest >= opt.Threshold
	if r.Decided {
		r.Verdict = fmt.Sprintf("%s with %s probability (expected loss %s pp)",
			betterPhrase(r.Arms, r.Leader), percent(lead.ProbBest), sig2(lead.ExpectedLoss*100))
		return
	}
	need := max(opt.MinTrials-minTrials, 0)
	if n := r.trialsNeeded(opt) - minTrials; n > need {
		need = n
	}
	r.MoreTrials = roundUp2(max(need, 1))
	r.Verdict = fmt.Sprintf("Not enough data yet: need about %s more %s per variant (%s leads with %s probability)",
		thousands(r.MoreTrials), opt.Unit, name(lead.Variant, r.Leader), percent(lead.ProbBest))
}

func name(v Variant, i int) string {
	if v.Name == "" {
		return fmt.Sprintf("variant %d", i+1)
	}
	return v.Name
}

func betterPhrase(arms []Arm, leader int) string {
	if len(arms) == 2 {
		return fmt.Sprintf("%s is better than %s", name(arms[leader].Variant, leader), name(arms[1-leader].Variant, 1-leader))
	}
	return fmt.Sprintf("%s is the best of %d variants", name(arms[leader].Variant, leader), len(arms))
}
