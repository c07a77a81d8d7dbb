package vetting

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "refit the shipped params/*.json from the shared data")

// shippedAccountFiles are the files the shipped account params are fitted
// on, named as docs/models.md names them.
var shippedAccountFiles = []string{"instafake/fake-vs-real-train.json", "kaggle-instagram/train.csv"}

// TestShippedParams refits both models from the shared data and checks the
// shipped parameters are what that fit gives, so docs/models.md and the
// embedded JSON cannot drift apart. Run with -update to rewrite them.
func TestShippedParams(t *testing.T) {
	now := time.Now().UTC().Truncate(24 * time.Hour)
	var asets []AccountSet
	for _, f := range shippedAccountFiles {
		asets = append(asets, readAccountFile(t, f))
	}
	am, err := TrainAccounts(asets, TrainOptions{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	cm, err := TrainComments(youtubeSets(t), TrainOptions{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		var a, c bytes.Buffer
		if err := am.WriteJSON(&a); err != nil {
			t.Fatal(err)
		}
		if err := cm.WriteJSON(&c); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("params", "accounts.json"), a.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("params", "comments.json"), c.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	shippedA, err := LoadAccountModel()
	if err != nil {
		t.Fatal(err)
	}
	shippedC, err := LoadCommentModel()
	if err != nil {
		t.Fatal(err)
	}
	got, want := am.Params(), shippedA.Params()
	if !near(got.Intercept, want.Intercept) || got.Threshold != want.Threshold || len(got.Features) != len(want.Features) {
		t.Fatalf("account params drifted: refit intercept %v threshold %v, shipped %v %v (run go test -update)",
			got.Intercept, got.Threshold, want.Intercept, want.Threshold)
	}
	for i := range got.Features {
		if g, w := got.Features[i], want.Features[i]; g.Name != w.Name || !near(g.Weight, w.Weight) || !near(g.Mean, w.Mean) {
			t.Errorf("account feature %d: refit %+v, shipped %+v", i, g, w)
		}
	}
	gc, wc := cm.Params(), shippedC.Params()
	if !near(gc.Intercept, wc.Intercept) || gc.Threshold != wc.Threshold || len(gc.Tokens) != len(wc.Tokens) {
		t.Fatalf("comment params drifted: refit intercept %v threshold %v tokens %d, shipped %v %v %d (run go test -update)",
			gc.Intercept, gc.Threshold, len(gc.Tokens), wc.Intercept, wc.Threshold, len(wc.Tokens))
	}
	for tok, w := range wc.Tokens {
		if !near(gc.Tokens[tok], w) {
			t.Errorf("token %q: refit %v, shipped %v", tok, gc.Tokens[tok], w)
		}
	}
}

// near allows for the last digit of the rounding in the params files.
func near(a, b float64) bool { return math.Abs(a-b) <= 2e-6 }
