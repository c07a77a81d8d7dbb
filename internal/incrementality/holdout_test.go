package incrementality

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

func TestHoldoutHand(t *testing.T) {
	// 240 vs 200 on equal exposure: RR 1.2, se sqrt(1/240 + 1/200) = 0.095743,
	// log interval 0.18232 ± 1.95996·0.095743 = [-0.005334, 0.369975],
	// lift [-0.005320, 0.447700]; incremental 240·0.2/1.2 = 40.
	r, err := Holdout([]Unit{{"north", 10000, 240}}, []Unit{{"south", 10000, 200}}, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	if !near(r.Lift, 0.2, 1e-12) || !near(r.LiftLow, -0.005320, 1e-5) || !near(r.LiftHigh, 0.447700, 1e-5) || !near(r.Incremental, 40, 1e-9) {
		t.Errorf("%+v", r)
	}
	if r.Significant || !strings.HasPrefix(r.Verdict, "Not significant: lift +20.0%, but the 95% interval -0.5% to +44.8%") {
		t.Errorf("verdict %q", r.Verdict)
	}
}

func TestHoldoutDispersion(t *testing.T) {
	// Control regions with rates 0.01 and 0.03 on 10,000 each: expected 200
	// each at the pooled rate, χ² = (100² + 100²)/200 = 100. Treated ones
	// match their rate exactly, χ² = 0. φ = 100/(4-2) = 50.
	treated := []Unit{{"a", 10000, 300}, {"b", 10000, 300}}
	control := []Unit{{"c", 10000, 100}, {"d", 10000, 300}}
	r, err := Holdout(treated, control, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	if !near(r.Dispersion, 50, 1e-9) || r.Significant {
		t.Errorf("dispersion %g significant %v, want 50 and not significant (%s)", r.Dispersion, r.Significant, r.Verdict)
	}
}

func TestHoldoutErrors(t *testing.T) {
	_, err := Holdout([]Unit{{"a", 0, 3}}, nil, 0.95)
	for _, want := range []string{`treated unit 1 ("a"): exposure 0`, "at least one treated and one control"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want %q", err, want)
		}
	}
}

// Ten treated and ten control regions of different sizes with a true lift
// of 10%: the 95% interval must cover 0.10 in most of 200 seeds.
func TestHoldoutCoverage(t *testing.T) {
	const seeds, trueLift = 200, 0.10
	covered := 0
	for seed := range uint64(seeds) {
		rng := rand.New(rand.NewPCG(seed, 1))
		var treated, control []Unit
		for i := range 10 {
			for _, g := range []*[]Unit{&treated, &control} {
				e := 2000 + 500*float64(i)
				rate := 0.02
				if g == &treated {
					rate *= 1 + trueLift
				}
				x := distuv.Poisson{Lambda: e * rate, Src: rng}.Rand()
				*g = append(*g, Unit{Exposure: e, Outcomes: int64(x)})
			}
		}
		r, err := Holdout(treated, control, 0.95)
		if err != nil {
			t.Fatal(err)
		}
		if r.LiftLow <= trueLift && trueLift <= r.LiftHigh {
			covered++
		}
	}
	t.Logf("coverage %d of %d", covered, seeds)
	if c := float64(covered) / seeds; c < 0.85 || c > 0.99 {
		t.Errorf("coverage %.3f over %d seeds, want 0.85 to 0.99", c, seeds)
	}
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }
