package vetting

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestReportMetrics prints the validation tables of docs/models.md (run it
// with -v) and fails if quality falls below the floors set here, which sit a
// little under the figures the shipped fit reaches.
func TestReportMetrics(t *testing.T) {
	now := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	insta := readAccountFile(t, "instafake/fake-vs-real-train.json")
	kaggle := readAccountFile(t, "kaggle-instagram/train.csv")

	var b strings.Builder
	row := func(name string, m Metrics) {
		fmt.Fprintf(&b, "| %s | %d | %.3f | %.3f | %.3f | %.3f |\n", name, m.N, m.Accuracy, m.Precision, m.Recall, m.F1)
	}
	header := "| data | n | accuracy | precision | recall | F1 |\n|---|---|---|---|---|---|\n"

	floor := func(what string, m Metrics, acc, f1 float64) {
		if m.Accuracy < acc || m.F1 < f1 {
			t.Errorf("%s: accuracy %.3f F1 %.3f, want at least %.2f and %.2f", what, m.Accuracy, m.F1, acc, f1)
		}
	}

	pooled, err := TrainAccounts([]AccountSet{insta, kaggle}, TrainOptions{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	cv := pooled.Params().CV
	fmt.Fprintf(&b, "\nAccounts, fitted on both sets: %s; threshold %.2f.\n\n%s", cv.Method, pooled.Params().Threshold, header)
	for _, name := range slices.Sorted(maps.Keys(cv.Sets)) {
		row(name, cv.Sets[name])
	}
	row("pooled", cv.Pooled)
	floor("accounts instafake CV", cv.Sets["instafake"], 0.93, 0.83)
	floor("accounts kaggle CV", cv.Sets["kaggle-instagram"], 0.91, 0.90)
	floor("accounts pooled CV", cv.Pooled, 0.93, 0.89)

	fmt.Fprintf(&b, "\nAccounts, cross-data-set (fit on one whole set, threshold from its own CV, test on the other):\n\n%s", header)
	for _, c := range []struct{ train, test AccountSet }{{insta, kaggle}, {kaggle, insta}} {
		m, err := TrainAccounts([]AccountSet{c.train}, TrainOptions{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		got := EvaluateAccounts(m, c.test)
		name := c.train.Source.Name + " → " + c.test.Source.Name
		row(name, got)
		floor(name, got, 0.87, 0.78)
	}

	comments, err := TrainComments(youtubeSets(t), TrainOptions{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	ccv := comments.Params().CV
	fmt.Fprintf(&b, "\nComments: %s; threshold %.2f; each row is the video held out.\n\n%s", ccv.Method, comments.Params().Threshold, header)
	for _, name := range slices.Sorted(maps.Keys(ccv.Sets)) {
		row(name, ccv.Sets[name])
		floor("comments held out "+name, ccv.Sets[name], 0.90, 0.90)
	}
	row("pooled", ccv.Pooled)
	t.Log("\n" + b.String())
}
