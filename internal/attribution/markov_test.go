package attribution

import (
	"context"
	"errors"
	"math"
	"testing"
)

func TestMarkov(t *testing.T) {
	tests := []struct {
		name  string
		paths []Path
		want  want
	}{
		{
			// The classic three journeys.
			// start -> A 2/3, -> B 1/3; A -> B 1/2, -> null 1/2; B -> C 1;
			// C -> conv 1/2, -> null 1/2.
			// P(conv) = 2/3*1/2*1*1/2 + 1/3*1*1/2 = 1/6 + 1/6 = 1/3 (1 of 3 journeys).
			// Without A: 1/3*1/2 = 1/6, RE = 1 - (1/6)/(1/3) = 1/2.
			// Without B or C: 0, RE = 1.
			// Shares 0.5/2.5, 1/2.5, 1/2.5 = 0.2, 0.4, 0.4 of 1 conversion and 100.
			// Only C leads to conversion, so value shares are the same.
			name: "classic",
			paths: []Path{
				p("A > B > C", 1, 100, 0),
				p("A", 0, 0, 1),
				p("B > C", 0, 0, 1),
			},
			want: want{"A": {0.2, 20}, "B": {0.4, 40}, "C": {0.4, 40}},
		},
		{
			// Value weighs channels differently from conversions.
			// start -> A 2/3, -> B 1/3; A -> conv 1/2 (mean value 10), -> B 1/2;
			// B -> conv 1/2 (mean value 30), -> null 1/2.
			// x_B = 1/2; x_A = 1/2 + 1/2*1/2 = 3/4; x = 2/3*3/4 + 1/3*1/2 = 2/3.
			// y_B = 15; y_A = 5 + 1/2*15 = 12.5; y = 2/3*12.5 + 1/3*15 = 40/3.
			// Without A: x = 1/3*1/2 = 1/6, RE 3/4; y = 1/3*15 = 5, RE 1 - 15/40 = 5/8.
			// Without B: x_A = 1/2, x = 1/3, RE 1/2; y_A = 5, y = 10/3, RE 3/4.
			// Conversions: A 3/4 / (5/4) * 2 = 1.2, B 0.8.
			// Value: A 5/8 / (11/8) * 40 = 200/11, B 6/11 * 40 = 240/11.
			name: "value",
			paths: []Path{
				p("A", 1, 10, 0),
				p("B", 1, 30, 0),
				p("A > B", 0, 0, 1),
			},
			want: want{"A": {1.2, 200.0 / 11}, "B": {0.8, 240.0 / 11}},
		},
		{
			// Repeating a channel (a self-loop) does not change where the
			// chain ends up, so A > A > B is worth the same as A > B:
			// A is needed for the only path (RE 1) and so is B: 1/2 each.
			name:  "self loop",
			paths: []Path{p("A > A > B", 2, 50, 2)},
			want:  want{"A": {1, 25}, "B": {1, 25}},
		},
		{
			// No conversions at all: everyone gets 0.
			name:  "no conversions",
			paths: []Path{p("A > B", 0, 0, 4)},
			want:  want{"A": {0, 0}, "B": {0, 0}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Markov(t.Context(), tt.paths)
			if err != nil {
				t.Fatal(err)
			}
			checkCredits(t, got, tt.want, 1e-9)
		})
	}
}

func TestMarkovCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Markov(ctx, fourPaths); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

// markovByIteration is an independent oracle: it counts transitions in maps
// and finds conversion probabilities and expected values by iterating
// x <- Q x + r until nothing moves, once for the whole chain and once with
// each channel removed, then normalises the removal effects.
func markovByIteration(paths []Path) want {
	const start, conv, null = "(start)", "(conversion)", "(null)"
	trans := map[string]map[string]float64{}
	value := map[string]float64{}
	add := func(from, to string, w float64) {
		if trans[from] == nil {
			trans[from] = map[string]float64{}
		}
		trans[from][to] += w
	}
	var totalConv, totalValue float64
	for _, p := range paths {
		from := start
		for _, t := range p.Touches {
			add(from, t.Channel, p.Conversions+p.Nulls)
			from = t.Channel
		}
		add(from, conv, p.Conversions)
		add(from, null, p.Nulls)
		value[from] += p.Value
		totalConv += p.Conversions
		totalValue += p.Value
	}
	solve := func(removed string) (float64, float64) {
		x, y := map[string]float64{}, map[string]float64{}
		for range 100000 {
			moved := 0.0
			for s, to := range trans {
				if s == removed {
					continue
				}
				var out float64
				for _, w := range to {
					out += w
				}
				nx, ny := to[conv]/out, value[s]/out
				for t, w := range to {
					if t != conv && t != null && t != removed {
						nx += w / out * x[t]
						ny += w / out * y[t]
					}
				}
				moved = max(moved, math.Abs(nx-x[s]), math.Abs(ny-y[s]))
				x[s], y[s] = nx, ny
			}
			if moved < 1e-14 {
				break
			}
		}
		return x[start], y[start]
	}
	px, py := solve("")
	re := map[string][2]float64{}
	var sx, sy float64
	for c := range trans {
		if c == start {
			continue
		}
		cx, cy := solve(c)
		re[c] = [2]float64{1 - cx/px, 1 - cy/py}
		sx += 1 - cx/px
		sy += 1 - cy/py
	}
	out := want{}
	for c, r := range re {
		out[c] = [2]float64{r[0] / sx * totalConv, r[1] / sy * totalValue}
	}
	return out
}

func TestMarkovMatchesIteration(t *testing.T) {
	paths := randomPaths(21, 400, 9, 6)
	got, err := Markov(t.Context(), paths)
	if err != nil {
		t.Fatal(err)
	}
	checkCredits(t, got, markovByIteration(paths), 1e-8)
}
