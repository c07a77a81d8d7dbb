// Package score turns what is known of a creator into one explained number
// per campaign: a weighted composite, 0 to 100, of components each scaled
// to 0..1. Every component says its value, weight, the points it added and
// the evidence behind it; a component without data is left out and its
// weight shared among the rest, and the result says so.
package score

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Component names a part of the score.
type Component string

// The components, in the order explanations list them.
const (
	NicheFit       Component = "niche_fit"
	AudienceFit    Component = "audience_fit"
	Engagement     Component = "engagement"
	Authenticity   Component = "authenticity"
	CommentQuality Component = "comment_quality"
	ContentClarity Component = "content_clarity"
	Reliability    Component = "reliability"
	Sponsorship    Component = "sponsorship"
	Conversions    Component = "conversions"
)

// Components lists every component in explanation order.
func Components() []Component {
	return []Component{NicheFit, AudienceFit, Engagement, Authenticity, CommentQuality,
		ContentClarity, Reliability, Sponsorship, Conversions}
}

// Weights are a campaign's weights per component. They need not sum to 1:
// Compute divides by the sum over the components that have data.
type Weights map[Component]float64

// DefaultWeights sum to 1. Niche fit leads, since a creator off-topic for
// the brief is wrong whatever else is true; audience, engagement and
// authenticity follow as the three checks of reach that is real and
// relevant; past conversions weigh less than their value because few
// creators have any, and a missing one must not sink the rest.
func DefaultWeights() Weights {
	return Weights{
		NicheFit:       0.20,
		AudienceFit:    0.15,
		Engagement:     0.15,
		Authenticity:   0.15,
		CommentQuality: 0.10,
		ContentClarity: 0.05,
		Reliability:    0.08,
		Sponsorship:    0.05,
		Conversions:    0.07,
	}
}

// Validate reports every weight that is negative, not a number, or of an
// unknown component, and a set that sums to zero.
func (w Weights) Validate() error {
	known := Components()
	var errs []string
	var sum float64
	keys := make([]Component, 0, len(w))
	for c := range w {
		keys = append(keys, c)
	}
	slices.Sort(keys)
	for _, c := range keys {
		v := w[c]
		switch {
		case !slices.Contains(known, c):
			errs = append(errs, fmt.Sprintf("%q is not a component", c))
		case math.IsNaN(v) || math.IsInf(v, 0) || v < 0:
			errs = append(errs, fmt.Sprintf("%s: %g is not a non-negative number", c, v))
		default:
			sum += v
		}
	}
	if len(errs) == 0 && sum == 0 {
		errs = append(errs, "all weights are zero")
	}
	if len(errs) > 0 {
		return fmt.Errorf("score weights: %s", strings.Join(errs, "; "))
	}
	return nil
}

// Part is one component of an explained score.
type Part struct {
	Component Component `json:"component"`
	// Present is false when there was no data; Value, Effective and
	// Points are then zero and Missing says why.
	Present bool    `json:"present"`
	Missing string  `json:"missing,omitempty"`
	Value   float64 `json:"value"`  // 0..1
	Weight  float64 `json:"weight"` // as configured
	// Effective is Weight divided by the sum of the weights of the present
	// components: the share of the 100 points this component decides.
	Effective float64 `json:"effective_weight"`
	// Points is 100 x Effective x Value; the Points of all parts sum to
	// the Score.
	Points   float64  `json:"points"`
	Evidence []string `json:"evidence"`
}

// Result is a creator's score for a campaign with its explanation.
type Result struct {
	Score float64 `json:"score"` // 0..100
	Parts []Part  `json:"parts"`
	// Notes say which components were left out and where their weight
	// went; Warnings are anomalies a reviewer should look at, which are
	// not scored (see Inputs.Anomalies).
	Notes    []string `json:"notes,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
}
