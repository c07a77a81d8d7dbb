package vetting

import "math"

// heldOut are predictions for rows no fit saw, with their truth and set.
type heldOut struct {
	p     []float64
	truth []bool
	set   []int
}

// evaluate picks the threshold and measures the held-out predictions with
// it, per set and pooled.
func (h heldOut) evaluate(sets []DataSet, method string) (float64, Evaluation) {
	t := h.bestThreshold(len(sets))
	ev := Evaluation{Method: method + ", threshold chosen on the same predictions", Sets: map[string]Metrics{}}
	for i, p := range h.p {
		name := sets[h.set[i]].Name
		m := ev.Sets[name]
		m.Add(p >= t, h.truth[i])
		ev.Sets[name] = m
		ev.Pooled.Add(p >= t, h.truth[i])
	}
	return t, ev
}

// bestThreshold picks the cut on p that maximises the mean F1 over sets, so
// a large set cannot drown a small one. Candidates are a 0.01 grid; ties go
// to the cut nearest 0.5.
func (h heldOut) bestThreshold(nsets int) float64 {
	best, bestScore := 0.5, -1.0
	for c := 5; c <= 95; c++ {
		t := float64(c) / 100
		per := make([]Metrics, nsets)
		for i, p := range h.p {
			per[h.set[i]].Add(p >= t, h.truth[i])
		}
		var score float64
		for _, m := range per {
			score += m.F1 / float64(nsets)
		}
		if score > bestScore+1e-12 || (math.Abs(score-bestScore) <= 1e-12 && math.Abs(t-0.5) < math.Abs(best-0.5)) {
			best, bestScore = t, score
		}
	}
	return best
}
