package attribution

import (
	"math"
	"testing"
)

// harsanyi is an independent closed form for this game: v(S) sums the
// worth of the channel sets contained in S, so each converting path is a
// unanimity game whose Shapley value gives its worth in equal parts to the
// distinct channels of the path.
func harsanyi(paths []Path) map[string][2]float64 {
	out := map[string][2]float64{}
	for _, p := range paths {
		set := map[string]bool{}
		for _, t := range p.Touches {
			set[t.Channel] = true
		}
		for c := range set {
			w := out[c]
			w[0] += p.Conversions / float64(len(set))
			w[1] += p.Value / float64(len(set))
			out[c] = w
		}
	}
	return out
}

func TestShapleyExact(t *testing.T) {
	tests := []struct {
		name  string
		paths []Path
		want  want
	}{
		{
			// v(A) = 10, v(B) = 20, v(AB) = 10 + 20 + 30 = 60.
			// phi_A = 1/2 (v(A) - 0) + 1/2 (v(AB) - v(B)) = 5 + 20 = 25
			// phi_B = 1/2 (v(B) - 0) + 1/2 (v(AB) - v(A)) = 10 + 25 = 35
			// Value is 10 times each. C only ever fails to convert: 0.
			name: "two channels",
			paths: []Path{
				p("A", 10, 100, 1),
				p("B", 20, 200, 2),
				p("A > B", 30, 300, 3),
				p("B > A", 0, 0, 5),
				p("C > A", 0, 0, 7),
			},
			want: want{"A": {25, 250}, "B": {35, 350}, "C": {0, 0}},
		},
		{
			// v(A) = 1, v(B) = v(C) = v(BC) = 0, v(AB) = 3, v(AC) = 1, v(ABC) = 9.
			// Weights for k = 3 by |S|: 0 -> 1/3, 1 -> 1/6, 2 -> 1/3.
			// phi_C = 1/3*0 + 1/6*(v(AC)-v(A)) + 1/6*(v(BC)-v(B)) + 1/3*(v(ABC)-v(AB)) = 1/3*6 = 2
			// phi_B = 1/3*0 + 1/6*(3-1) + 1/6*(0-0) + 1/3*(9-1) = 1/3 + 8/3 = 3
			// phi_A = 9 - 3 - 2 = 4 (= 1/3*1 + 1/6*3 + 1/6*1 + 1/3*9 = 1/3 + 1/2 + 1/6 + 3).
			// Order and repetition in a path do not matter.
			name: "three channels",
			paths: []Path{
				p("A > A", 1, 2, 0),
				p("B > A", 2, 4, 0),
				p("C > B > A > C", 6, 12, 0),
			},
			want: want{"A": {4, 8}, "B": {3, 6}, "C": {2, 4}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Shapley(t.Context(), tt.paths, ShapleyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			checkCredits(t, got, tt.want, 1e-9)
			for _, c := range got {
				if c.ConversionsSE != 0 || c.ValueSE != 0 {
					t.Errorf("%s: exact value with standard error %g, %g", c.Channel, c.ConversionsSE, c.ValueSE)
				}
			}
		})
	}
}

func TestShapleyExactMatchesClosedForm(t *testing.T) {
	paths := randomPaths(3, 2000, 14, 6)
	got, err := Shapley(t.Context(), paths, ShapleyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkCredits(t, got, harsanyi(paths), 1e-6)
}

// With every channel estimated from the same orderings, each estimate is
// within 4 standard errors of the truth, and the errors shrink as
// 1/sqrt(samples).
func TestShapleySampled(t *testing.T) {
	tests := []struct {
		name     string
		channels int
		exactMax int
	}{
		{"8 channels sampled against exact", 8, 1},
		{"20 channels sampled against closed form", 20, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			paths := randomPaths(11, 3000, tt.channels, 5)
			var exact []Credit
			var err error
			if tt.channels <= DefaultShapleyExactMax {
				exact, err = Shapley(t.Context(), paths, ShapleyOptions{})
				if err != nil {
					t.Fatal(err)
				}
			} else {
				for name, w := range harsanyi(paths) {
					exact = append(exact, Credit{Channel: name, Conversions: w[0], Value: w[1]})
				}
			}
			truth := map[string]Credit{}
			for _, c := range exact {
				truth[c.Channel] = c
			}
			var prevSE float64
			for _, samples := range []int{400, 1600} {
				got, err := Shapley(t.Context(), paths, ShapleyOptions{ExactMax: tt.exactMax, Samples: samples, Seed: 42})
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != tt.channels {
					t.Fatalf("got %d channels, want %d", len(got), tt.channels)
				}
				var maxSE float64
				for _, c := range got {
					e := truth[c.Channel]
					if c.ConversionsSE <= 0 || c.ValueSE <= 0 {
						t.Errorf("%s: sampled with standard errors %g, %g", c.Channel, c.ConversionsSE, c.ValueSE)
					}
					if d := math.Abs(c.Conversions - e.Conversions); d > 4*c.ConversionsSE {
						t.Errorf("%d samples, %s: %g conversions, exact %g: off by %g > 4 x SE %g",
							samples, c.Channel, c.Conversions, e.Conversions, d, c.ConversionsSE)
					}
					if d := math.Abs(c.Value - e.Value); d > 4*c.ValueSE {
						t.Errorf("%d samples, %s: %g value, exact %g: off by %g > 4 x SE %g",
							samples, c.Channel, c.Value, e.Value, d, c.ValueSE)
					}
					maxSE = max(maxSE, c.ConversionsSE)
				}
				// Four times the samples: about half the error.
				if prevSE > 0 && (maxSE < 0.35*prevSE || maxSE > 0.65*prevSE) {
					t.Errorf("largest SE went from %g to %g with 4x samples, want about half", prevSE, maxSE)
				}
				prevSE = maxSE
			}
		})
	}
}

func TestShapleyOptions(t *testing.T) {
	for _, opt := range []ShapleyOptions{{ExactMax: 21}, {ExactMax: -1}, {Samples: 1}, {Samples: -5}} {
		if _, err := Shapley(t.Context(), fourPaths, opt); err == nil {
			t.Errorf("%+v: no error", opt)
		}
	}
}
