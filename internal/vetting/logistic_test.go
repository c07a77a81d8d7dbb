package vetting

import (
	"math"
	"testing"
)

func TestFitLogisticByHand(t *testing.T) {
	// One binary feature, no penalty: the maximum-likelihood fit reproduces
	// the log-odds of each group. x=0: 1 positive in 4, logit(1/4) = -ln 3 =
	// -1.098612; x=1: 3 in 4, logit(3/4) = ln 3, so w = 2·ln 3 = 2.197225.
	var rows []example
	for _, y := range []float64{1, 0, 0, 0} {
		rows = append(rows, example{y: y, weight: 1})
	}
	for _, y := range []float64{1, 1, 1, 0} {
		rows = append(rows, example{x: []entry{{0, 1}}, y: y, weight: 1})
	}
	w, b, err := fitLogistic(rows, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(b+math.Log(3)) > 1e-4 || math.Abs(w[0]-2*math.Log(3)) > 1e-4 {
		t.Errorf("w=%v b=%v, want %v %v", w[0], b, 2*math.Log(3), -math.Log(3))
	}
	// Weights count like repeated rows: the lone x=0 positive weighing 3
	// makes x=0 even (logit 0), and w = ln 3.
	rows[0].weight = 3
	w, b, err = fitLogistic(rows, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(b) > 1e-4 || math.Abs(w[0]-math.Log(3)) > 1e-4 {
		t.Errorf("weighted: w=%v b=%v, want %v 0", w[0], b, math.Log(3))
	}
	// A penalty shrinks the weight towards 0.
	w2, _, _ := fitLogistic(rows, 1, 1)
	if !(w2[0] > 0 && w2[0] < w[0]) {
		t.Errorf("lambda=1 weight %v, want between 0 and %v", w2[0], w[0])
	}
	if _, _, err := fitLogistic(nil, 1, 0); err == nil {
		t.Error("no rows: want an error")
	}
}

func TestMetrics(t *testing.T) {
	var m Metrics
	// 3 TP, 1 FP, 4 TN, 2 FN.
	for _, c := range []struct{ p, a bool }{{true, true}, {true, true}, {true, true}, {true, false},
		{false, false}, {false, false}, {false, false}, {false, false}, {false, true}, {false, true}} {
		m.Add(c.p, c.a)
	}
	// accuracy 7/10; precision 3/4; recall 3/5; F1 2·3/(6+1+2) = 6/9.
	want := Metrics{N: 10, TP: 3, FP: 1, TN: 4, FN: 2, Accuracy: 0.7, Precision: 0.75, Recall: 0.6, F1: 6.0 / 9}
	if m != want {
		t.Errorf("got %+v, want %+v", m, want)
	}
	var merged Metrics
	merged.Merge(m)
	merged.Merge(m)
	if merged.N != 20 || merged.TP != 6 || merged.F1 != m.F1 {
		t.Errorf("merged %+v", merged)
	}
}

func TestStratifiedFolds(t *testing.T) {
	labels := make([]bool, 103)
	for i := range 23 {
		labels[i] = true
	}
	fold := stratifiedFolds(labels, 5, 1)
	var pos, all [5]int
	for i, f := range fold {
		all[f]++
		if labels[i] {
			pos[f]++
		}
	}
	// 23 positives over 5 folds: 4 or 5 each; 103 rows: 20 or 21 each.
	for f := range 5 {
		if pos[f] < 4 || pos[f] > 5 || all[f] < 20 || all[f] > 21 {
			t.Errorf("fold %d: %d positives of %d rows", f, pos[f], all[f])
		}
	}
}
