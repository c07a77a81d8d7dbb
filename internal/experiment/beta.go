package experiment

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Prior is a Beta(Alpha, Beta) prior on a rate. The zero value means the
// uniform Beta(1, 1), which lets a few hundred trials dominate.
type Prior struct {
	Alpha, Beta float64
}

func (p Prior) orUniform() Prior {
	if p.Alpha == 0 && p.Beta == 0 {
		return Prior{1, 1}
	}
	return p
}

func (p Prior) validate() error {
	if !(p.Alpha > 0) || !(p.Beta > 0) || math.IsInf(p.Alpha, 0) || math.IsInf(p.Beta, 0) {
		return fmt.Errorf("prior Beta(%g, %g): both parameters must be positive and finite", p.Alpha, p.Beta)
	}
	return nil
}

// Posterior is the Beta posterior of a rate after Successes out of Trials.
type Posterior struct {
	Alpha, Beta float64
}

// Update returns the posterior after successes out of trials.
func (p Prior) Update(trials, successes int64) Posterior {
	p = p.orUniform()
	return Posterior{p.Alpha + float64(successes), p.Beta + float64(trials-successes)}
}

// Mean is α/(α+β).
func (p Posterior) Mean() float64 { return p.Alpha / (p.Alpha + p.Beta) }

// Variance is αβ/((α+β)²(α+β+1)).
func (p Posterior) Variance() float64 {
	s := p.Alpha + p.Beta
	return p.Alpha * p.Beta / (s * s * (s + 1))
}

// Interval is the equal-tailed credible interval holding level of the mass.
func (p Posterior) Interval(level float64) (lo, hi float64) {
	d := distuv.Beta{Alpha: p.Alpha, Beta: p.Beta}
	tail := (1 - level) / 2
	return d.Quantile(tail), d.Quantile(1 - tail)
}

func (p Posterior) dist() distuv.Beta { return distuv.Beta{Alpha: p.Alpha, Beta: p.Beta} }
