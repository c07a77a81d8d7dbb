package score

import (
	"fmt"
	"math"
)

// Config is a campaign's scoring settings; the zero Config uses the
// defaults.
type Config struct {
	Weights Weights `json:"weights"` // nil: DefaultWeights
}

// Compute scores a creator for a campaign. Each component with data gets
// Weight / (sum of the weights of the components with data) of the 100
// points, times its value; the score is the sum of the points. It fails
// on invalid weights or when no weighted component has data.
func Compute(in Inputs, cfg Config) (Result, error) {
	w := cfg.Weights
	if w == nil {
		w = DefaultWeights()
	}
	if err := w.Validate(); err != nil {
		return Result{}, err
	}
	var r Result
	var present, absent float64
	evals := make(map[Component]evaluation)
	for _, c := range Components() {
		e := in.evaluate(c)
		e.value = math.Max(0, math.Min(1, e.value))
		evals[c] = e
		if e.missing == "" {
			present += w[c]
		} else {
			absent += w[c]
		}
	}
	if present == 0 {
		return Result{}, fmt.Errorf("score: no component with a weight has data")
	}
	for _, c := range Components() {
		e := evals[c]
		p := Part{Component: c, Weight: w[c], Evidence: e.evidence}
		if e.missing != "" {
			p.Missing = e.missing
			if w[c] > 0 {
				r.Notes = append(r.Notes, fmt.Sprintf("%s left out (%s): its weight %.2f is shared among the others in proportion to theirs", c, e.missing, w[c]))
			}
		} else {
			p.Present = true
			p.Value = e.value
			p.Effective = w[c] / present
			p.Points = 100 * p.Effective * p.Value
			r.Score += p.Points
		}
		r.Parts = append(r.Parts, p)
	}
	if absent > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("the present components' weights were scaled by %.3f to sum to 1", 1/present))
	}
	r.Warnings = in.Anomalies.warnings()
	return r, nil
}

// warnings says each anomaly in words.
func (a *Anomalies) warnings() []string {
	if a == nil {
		return nil
	}
	var out []string
	if a.Followers != nil {
		for _, j := range a.Followers.Jumps {
			out = append(out, fmt.Sprintf("followers jumped by %d between %s and %s (%.0f a day against a trend of %.0f) with no post spike to explain it",
				j.Gain, j.From.Format("2006-01-02"), j.To.Format("2006-01-02"), j.DailyGain, a.Followers.Median))
		}
	}
	if a.Ratio != nil && a.Ratio.Outside != "" {
		out = append(out, "likes per comment out of the normal band: "+a.Ratio.String())
	}
	if a.Pods != nil && a.Pods.Flagged {
		names := ""
		for i, m := range a.Pods.Members {
			if i > 0 {
				names += ", "
			}
			names += fmt.Sprintf("@%s (%d of %d posts)", m.Account, m.Posts, a.Pods.Posts)
		}
		out = append(out, "possible engagement pod: the same accounts comment first on most posts: "+names)
	}
	return out
}
