package attribution

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestCreditSumsToTotals(t *testing.T) {
	for _, tt := range []struct {
		name     string
		channels int
	}{{"exact shapley", 10}, {"sampled shapley", 18}} {
		t.Run(tt.name, func(t *testing.T) {
			paths := randomPaths(5, 500, tt.channels, 7)
			conv, value := Totals(paths)
			for model, cs := range allModels(t, paths) {
				c, v := sums(cs)
				if math.Abs(c-conv) > 1e-9*conv || math.Abs(v-value) > 1e-9*value {
					t.Errorf("%s: credit sums to %g conversions, %g value; totals %g, %g", model, c, v, conv, value)
				}
			}
		})
	}
}

// symmetricPaths is unchanged when A and B swap names (the journeys swap
// places), so every model must give A and B the same credit.
func symmetricPaths() []Path {
	at := func(h int) time.Time { return time.Date(2026, 5, 1, h, 0, 0, 0, time.UTC) }
	return []Path{
		{Touches: []Touch{{"A", at(0)}, {"B", at(5)}}, ConvertedAt: at(9), Conversions: 3, Value: 30, Nulls: 1},
		{Touches: []Touch{{"B", at(0)}, {"A", at(5)}}, ConvertedAt: at(9), Conversions: 3, Value: 30, Nulls: 1},
		{Touches: []Touch{{"C", at(1)}, {"A", at(2)}}, ConvertedAt: at(3), Conversions: 1, Value: 5, Nulls: 2},
		{Touches: []Touch{{"C", at(1)}, {"B", at(2)}}, ConvertedAt: at(3), Conversions: 1, Value: 5, Nulls: 2},
		{Touches: []Touch{{"D", at(1)}}, Nulls: 4},
	}
}

func TestSymmetricChannelsGetEqualCredit(t *testing.T) {
	for model, cs := range allModels(t, symmetricPaths()) {
		credit := map[string]Credit{}
		for _, c := range cs {
			credit[c.Channel] = c
		}
		a, b := credit["A"], credit["B"]
		if math.Abs(a.Conversions-b.Conversions) > 1e-9 || math.Abs(a.Value-b.Value) > 1e-9 {
			t.Errorf("%s: A got %g, %g; B got %g, %g", model, a.Conversions, a.Value, b.Conversions, b.Value)
		}
		if d := credit["D"]; d.Conversions != 0 || d.Value != 0 {
			t.Errorf("%s: D never converts yet got %g, %g", model, d.Conversions, d.Value)
		}
	}
}

func TestInputOrderDoesNotMatter(t *testing.T) {
	paths := randomPaths(9, 300, 17, 6) // 17 channels: Shapley samples
	before := allModels(t, paths)
	shuffled := slices.Clone(paths)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	after := allModels(t, shuffled)
	for model, want := range before {
		got := after[model]
		if len(got) != len(want) {
			t.Fatalf("%s: %d channels after shuffling, %d before", model, len(got), len(want))
		}
		for i := range got {
			g, w := got[i], want[i]
			if g.Channel != w.Channel || math.Abs(g.Conversions-w.Conversions) > 1e-9 || math.Abs(g.Value-w.Value) > 1e-7 {
				t.Errorf("%s: after shuffling %+v, before %+v", model, g, w)
			}
		}
	}
}

func TestShapleyNeverConvertingChannelGetsZero(t *testing.T) {
	for _, channels := range []int{6, 19} { // exact and sampled
		paths := randomPaths(13, 400, channels, 5)
		// "ghost" touches many paths but only ones that did not convert.
		paths = append(paths, p("ghost", 0, 0, 50), p("c00 > ghost > c01", 0, 0, 9))
		cs, err := Shapley(t.Context(), paths, ShapleyOptions{Samples: 300})
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(cs, func(c Credit) bool { return c.Channel == "ghost" })
		if i < 0 {
			t.Fatalf("%d channels: ghost missing from %v", channels, cs)
		}
		if g := cs[i]; g.Conversions != 0 || g.Value != 0 || g.ConversionsSE != 0 {
			t.Errorf("%d channels: ghost got %+v, want 0", channels, g)
		}
	}
}
