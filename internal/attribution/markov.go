package attribution

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Markov credits channels by their removal effect in a first-order absorbing
// Markov chain fitted to the paths: start -> channels -> conversion or null.
// Each path of weight Conversions+Nulls adds that weight to every transition
// it makes; the last touch moves to conversion for the Conversions and to null
// for the Nulls.
//
// The probability of reaching conversion from start is solved exactly from
// (I - Q) x = r, with Q the transitions between transient states and r the
// one-step probabilities of converting. Removing channel c sends every visit
// to c to null (x_c = 0). The removal effect is RE_c = 1 - x_start(-c) /
// x_start, and c gets RE_c / sum(RE) of the total conversions.
//
// Value is credited the same way with a second right-hand side: the step
// from s to conversion earns the mean value of the conversions that left s,
// so y_start is the expected value of a journey (total value / journeys for
// the fitted chain), and removal effects on y weigh each channel by the value
// of the conversions it leads to, not only their number.
func Markov(ctx context.Context, paths []Path) ([]Credit, error) {
	l := newLedger(paths)
	k := len(l.names)
	n := k + 1 // transient states: the channels, then start
	start := k

	// Raw transition counts among transient states, to conversion (in
	// journeys and in value) and to null.
	counts := make([]float64, n*n)
	toConv := make([]float64, n)
	valConv := make([]float64, n)
	out := make([]float64, n)
	for i := range paths {
		p := &paths[i]
		w := p.Conversions + p.Nulls
		if len(p.Touches) == 0 || w <= 0 {
			continue
		}
		from := start
		for _, t := range p.Touches {
			to := l.index[t.Channel]
			counts[from*n+to] += w
			out[from] += w
			from = to
		}
		toConv[from] += p.Conversions
		valConv[from] += p.Value
		out[from] += w
	}
	if out[start] == 0 {
		return l.credits(), nil
	}

	// a = I - Q; rhs holds r (convert) and rv (value earned on converting).
	a := mat.NewDense(n, n, nil)
	rhs := mat.NewDense(n, 2, nil)
	for s := range n {
		a.Set(s, s, 1)
		if out[s] == 0 {
			continue // seen only on paths of weight 0: x_s = 0
		}
		for t := range n {
			if c := counts[s*n+t]; c != 0 {
				a.Set(s, t, a.At(s, t)-c/out[s])
			}
		}
		rhs.Set(s, 0, toConv[s]/out[s])
		rhs.Set(s, 1, valConv[s]/out[s])
	}

	var x mat.Dense
	if err := x.Solve(a, rhs); err != nil {
		return nil, fmt.Errorf("markov: solving the chain of %d channels: %w", k, err)
	}
	pConv, eValue := x.At(start, 0), x.At(start, 1)

	// Removal: replace row c by the identity row and zero its right-hand
	// side, which forces x_c = 0 (every visit to c ends in null).
	reConv := make([]float64, k)
	reValue := make([]float64, k)
	var sumConv, sumValue float64
	ac := mat.NewDense(n, n, nil)
	rc := mat.NewDense(n, 2, nil)
	var xc mat.Dense
	for c := range k {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ac.Copy(a)
		rc.Copy(rhs)
		for t := range n {
			ac.Set(c, t, 0)
		}
		ac.Set(c, c, 1)
		rc.Set(c, 0, 0)
		rc.Set(c, 1, 0)
		if err := xc.Solve(ac, rc); err != nil {
			return nil, fmt.Errorf("markov: solving the chain without %q: %w", l.names[c], err)
		}
		if pConv > 0 {
			reConv[c] = max(0, 1-xc.At(start, 0)/pConv)
			sumConv += reConv[c]
		}
		if eValue > 0 {
			reValue[c] = max(0, 1-xc.At(start, 1)/eValue)
			sumValue += reValue[c]
		}
	}

	totalConv, totalValue := Totals(paths)
	for c := range k {
		if sumConv > 0 {
			l.conv[c] = reConv[c] / sumConv * totalConv
		}
		if sumValue > 0 {
			l.value[c] = reValue[c] / sumValue * totalValue
		}
	}
	return l.credits(), nil
}
