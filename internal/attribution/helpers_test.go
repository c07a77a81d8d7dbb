package attribution

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// p builds an aggregated path from "A > B" and its numbers.
func p(path string, conv, value, nulls float64) Path {
	var ts []Touch
	for _, c := range strings.Split(path, PathSeparator) {
		ts = append(ts, Touch{Channel: c})
	}
	return Path{Touches: ts, Conversions: conv, Value: value, Nulls: nulls}
}

// want is an expected credit, conversions then value.
type want map[string][2]float64

func checkCredits(t *testing.T, got []Credit, w want, tol float64) {
	t.Helper()
	if len(got) != len(w) {
		t.Errorf("got %d channels %v, want %d", len(got), got, len(w))
	}
	for i, c := range got {
		if i > 0 && got[i-1].Channel >= c.Channel {
			t.Errorf("channels not sorted: %q before %q", got[i-1].Channel, c.Channel)
		}
		e, ok := w[c.Channel]
		if !ok {
			t.Errorf("unexpected channel %q", c.Channel)
			continue
		}
		if math.Abs(c.Conversions-e[0]) > tol || math.Abs(c.Value-e[1]) > tol {
			t.Errorf("%s: got %.9g conversions, %.9g value; want %.9g, %.9g", c.Channel, c.Conversions, c.Value, e[0], e[1])
		}
	}
}

// randomPaths makes n paths over channels named c00, c01, ... with 1 to
// maxLen touches, some converting; the same seed gives the same paths.
func randomPaths(seed uint64, n, channels, maxLen int) []Path {
	rng := rand.New(rand.NewPCG(seed, 1))
	base := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	paths := make([]Path, n)
	for i := range paths {
		k := 1 + rng.IntN(maxLen)
		conv := base.Add(time.Duration(30*24) * time.Hour)
		ts := make([]Touch, k)
		for j := range ts {
			// Touches in time order within the 30 days before converting.
			at := base.Add(time.Duration(j*(30*24/maxLen)) * time.Hour)
			ts[j] = Touch{Channel: fmt.Sprintf("c%02d", rng.IntN(channels)), At: at}
		}
		c := float64(rng.IntN(4))
		paths[i] = Path{Touches: ts, ConvertedAt: conv, Conversions: c, Value: c * float64(10+rng.IntN(90)), Nulls: float64(rng.IntN(20))}
	}
	return paths
}

// allModels runs every model with fixed options.
func allModels(t testing.TB, paths []Path) map[string][]Credit {
	t.Helper()
	out := map[string][]Credit{
		"first":    FirstTouch(paths),
		"last":     LastTouch(paths),
		"linear":   Linear(paths),
		"position": PositionBased(paths),
	}
	var err error
	if out["time-decay"], err = TimeDecay(paths, DefaultHalfLife); err != nil {
		t.Fatal(err)
	}
	if out["markov"], err = Markov(t.Context(), paths); err != nil {
		t.Fatal(err)
	}
	if out["shapley"], err = Shapley(t.Context(), paths, ShapleyOptions{Samples: 500, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	return out
}

func sums(cs []Credit) (conv, value float64) {
	for _, c := range cs {
		conv += c.Conversions
		value += c.Value
	}
	return conv, value
}

func nan() float64 { return math.NaN() }
