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
// The probability of reaching conversion from start is solved exactly: x =
// N r, with N = (I - Q)^-1 the fundamental matrix of the transitions Q
// between transient states and r the one-step probabilities of converting.
// Removing channel c sends every visit to c to null. The removal effect is
// RE_c = 1 - x_start(-c) / x_start, and c gets RE_c / sum(RE) of the total
// conversions.
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

	// The fundamental matrix N = (I - Q)^-1 counts expected visits: N[s][t]
	// is the expected number of visits to t starting from s. x = N r and
	// y = N rv are the probabilities of converting and the expected values
	// from every state.
	var fund mat.Dense
	if err := fund.Inverse(a); err != nil {
		return nil, fmt.Errorf("markov: inverting the chain of %d channels: %w", k, err)
	}
	var x mat.Dense
	x.Mul(&fund, rhs)
	pConv, eValue := x.At(start, 0), x.At(start, 1)

	// Removing c turns every visit to c into null. A journey that converts
	// either never visits c, or visits it and converts from there, so
	//	x_start(-c) = x_start - P(visit c) * x_c, P(visit c) = N[start][c] / N[c][c]
	// (N[c][c] >= 1 counts the first visit and the returns after it). One
	// inverse thus gives every removal effect exactly, instead of k solves.
	reConv := make([]float64, k)
	reValue := make([]float64, k)
	var sumConv, sumValue float64
	for c := range k {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		visit := fund.At(start, c) / fund.At(c, c)
		if pConv > 0 {
			reConv[c] = max(0, visit*x.At(c, 0)/pConv) // 1 - x_start(-c)/x_start
			sumConv += reConv[c]
		}
		if eValue > 0 {
			reValue[c] = max(0, visit*x.At(c, 1)/eValue)
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
