package attribution

import "math"

// Credit is what one model gives one channel. Conversions and Value are
// shares, hence fractional; callers turning Value back into money split the
// order amount with Split so that the parts add up to the cent.
type Credit struct {
	Channel     string
	Conversions float64
	Value       float64
	// Standard errors of Conversions and Value when they are Monte Carlo
	// estimates (Shapley with many channels); zero when exact.
	ConversionsSE float64
	ValueSE       float64
}

// ledger accumulates credit per channel in the order of Channels, so every
// model returns the same channels in the same order.
type ledger struct {
	names []string
	index map[string]int
	conv  []float64
	value []float64
}

func newLedger(paths []Path) *ledger {
	names, index := Channels(paths)
	return &ledger{
		names: names,
		index: index,
		conv:  make([]float64, len(names)),
		value: make([]float64, len(names)),
	}
}

// give credits channel the fraction share of path p.
func (l *ledger) give(channel string, p *Path, share float64) {
	i := l.index[channel]
	l.conv[i] += share * p.Conversions
	l.value[i] += share * p.Value
}

func (l *ledger) credits() []Credit {
	out := make([]Credit, len(l.names))
	for i, n := range l.names {
		out[i] = Credit{Channel: n, Conversions: l.conv[i], Value: l.value[i]}
	}
	return out
}

// Split divides amount (in minor units) in proportion to weights, by largest
// remainder, so the parts are whole minor units that sum to amount exactly.
// Negative or non-finite weights count as zero; if all weights are zero the
// amount goes to the first part. It returns nil when weights is empty.
func Split(amount int64, weights []float64) []int64 {
	if len(weights) == 0 {
		return nil
	}
	var sum float64
	for _, w := range weights {
		if w > 0 && !math.IsInf(w, 1) {
			sum += w
		}
	}
	parts := make([]int64, len(weights))
	if sum == 0 {
		parts[0] = amount
		return parts
	}
	rem := make([]float64, len(weights))
	var given int64
	for i, w := range weights {
		if !(w > 0) || math.IsInf(w, 1) {
			rem[i] = -2 // never receives a leftover unit
			continue
		}
		exact := float64(amount) * w / sum
		parts[i] = int64(math.Floor(exact))
		rem[i] = exact - float64(parts[i])
		given += parts[i]
	}
	// Hand the units floor left over to the largest remainders, ties to the
	// earlier part, so the result does not depend on map or sort order.
	for left := amount - given; left > 0; left-- {
		best := -1
		for i := range rem {
			if best < 0 || rem[i] > rem[best] {
				best = i
			}
		}
		parts[best]++
		rem[best] = -1
	}
	return parts
}
