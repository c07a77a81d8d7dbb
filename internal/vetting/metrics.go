package vetting

import "math/rand/v2"

// Metrics summarises binary predictions against labels; the positive class
// is the one a model hunts for (fake accounts, spam comments).
type Metrics struct {
	N         int     `json:"n"`
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	TN        int     `json:"tn"`
	FN        int     `json:"fn"`
	Accuracy  float64 `json:"accuracy"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// Add counts one prediction.
func (m *Metrics) Add(predicted, actual bool) {
	switch {
	case predicted && actual:
		m.TP++
	case predicted && !actual:
		m.FP++
	case !predicted && actual:
		m.FN++
	default:
		m.TN++
	}
	m.N++
	m.Accuracy = ratio(m.TP+m.TN, m.N)
	m.Precision = ratio(m.TP, m.TP+m.FP)
	m.Recall = ratio(m.TP, m.TP+m.FN)
	m.F1 = ratio(2*m.TP, 2*m.TP+m.FP+m.FN)
}

// Merge adds the counts of o.
func (m *Metrics) Merge(o Metrics) {
	for range o.TP {
		m.Add(true, true)
	}
	for range o.FP {
		m.Add(true, false)
	}
	for range o.FN {
		m.Add(false, true)
	}
	for range o.TN {
		m.Add(false, false)
	}
}

// ratio is a/b, and 0 when b is 0 (no predictions of a class is no precision).
func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// stratifiedFolds assigns each row one of k folds so that every fold holds
// about the same share of positives. The shuffle is seeded, so the
// cross-validated figures in docs/models.md reproduce exactly.
func stratifiedFolds(positive []bool, k int, seed uint64) []int {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	var pos, neg []int
	for i, p := range positive {
		if p {
			pos = append(pos, i)
		} else {
			neg = append(neg, i)
		}
	}
	fold := make([]int, len(positive))
	next := 0
	for _, idx := range [][]int{pos, neg} {
		rng.Shuffle(len(idx), func(a, b int) { idx[a], idx[b] = idx[b], idx[a] })
		for _, i := range idx {
			fold[i] = next % k
			next++
		}
	}
	return fold
}
