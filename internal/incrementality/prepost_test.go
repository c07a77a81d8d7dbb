package incrementality

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

var start = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC) // a Sunday

// weekday effects, Sunday first.
var dow = [7]float64{-20, 0, 5, 10, 15, 30, 25}

// series returns pre and campaign days of mean 200 + 0.5t + dow, plus lift
// per campaign day, drawn as Poisson when rng is not nil.
func series(rng *rand.Rand, pre, campaign int, lift float64) (p, c []Day) {
	for t := range pre + campaign {
		d := start.AddDate(0, 0, t)
		mu := 200 + 0.5*float64(t) + dow[d.Weekday()]
		if t >= pre {
			mu += lift
		}
		y := mu
		if rng != nil {
			y = distuv.Poisson{Lambda: mu, Src: rng}.Rand()
		}
		if t < pre {
			p = append(p, Day{d, y})
		} else {
			c = append(c, Day{d, y})
		}
	}
	return p, c
}

func TestPrePostExact(t *testing.T) {
	// Without noise the baseline is recovered exactly: 14 campaign days with
	// 10 extra orders each are 140 incremental orders, and a cost of
	// 2,800.00 EUR makes a CPA of 20.00 EUR.
	pre, camp := series(nil, 28, 14, 10)
	r, err := PrePost(PrePostInput{Pre: pre, Campaign: camp, Cost: 280000, Currency: "EUR"})
	if err != nil {
		t.Fatal(err)
	}
	// Forecast: Σ over t = 28..41 of 200 + 0.5t + dow = 14·200 + 0.5·483 + 2·65 = 3171.5.
	if !near(r.Forecast, 3171.5, 1e-6) || !near(r.Incremental, 140, 1e-6) || !near(r.CPA, 2000, 1e-6) || r.DF != 20 {
		t.Errorf("%+v", r)
	}
	if !strings.HasPrefix(r.Verdict, "The campaign added about 140 orders (95% interval 140 to 140); incremental CPA 20.00 EUR") {
		t.Errorf("verdict %q", r.Verdict)
	}
}

func TestPrePostNoEffect(t *testing.T) {
	rng := rand.New(rand.NewPCG(42, 2))
	pre, camp := series(rng, 42, 14, 0)
	r, err := PrePost(PrePostInput{Pre: pre, Campaign: camp, Cost: 100000, Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	// Daily Poisson noise of sd about 14.5 over 14 days: the interval of the
	// sum is roughly ±2·sqrt(14)·14.5 ≈ ±110 wide, and must include 0 here.
	if r.Significant || !math.IsInf(r.CPAHigh, 1) || !strings.HasPrefix(r.Verdict, "Not significant:") {
		t.Errorf("%+v", r)
	}
	if r.ResidualSD < 10 || r.ResidualSD > 20 {
		t.Errorf("residual sd %g, want about sqrt(210) = 14.5", r.ResidualSD)
	}
}

// The prediction interval must cover the injected lift (15 orders a day for
// 14 days = 210) in most of 200 seeds.
func TestPrePostCoverage(t *testing.T) {
	const seeds, lift, days = 200, 15.0, 14
	covered := 0
	for seed := range uint64(seeds) {
		rng := rand.New(rand.NewPCG(seed, 3))
		pre, camp := series(rng, 56, days, lift)
		r, err := PrePost(PrePostInput{Pre: pre, Campaign: camp, Cost: 500000, Currency: "EUR"})
		if err != nil {
			t.Fatal(err)
		}
		if truth := lift * days; r.IncrementalLow <= truth && truth <= r.IncrementalHigh {
			covered++
		}
	}
	t.Logf("coverage %d of %d", covered, seeds)
	if c := float64(covered) / seeds; c < 0.85 || c > 0.99 {
		t.Errorf("coverage %.3f over %d seeds, want 0.85 to 0.99", c, seeds)
	}
}

func TestPrePostErrors(t *testing.T) {
	pre, camp := series(nil, 28, 3, 0)
	tests := []struct {
		in   PrePostInput
		want string
	}{
		{PrePostInput{Pre: pre[:10], Campaign: camp, Currency: "EUR"}, "pre-period: 10 days, need at least 21"},
		{PrePostInput{Pre: pre, Campaign: append(camp, pre[3]), Currency: "EUR"}, "campaign period day 4: 2026-03-04 already given in the pre-period"},
		{PrePostInput{Pre: pre, Campaign: nil, Currency: "EUR"}, "campaign period: no days"},
		{PrePostInput{Pre: pre, Campaign: camp, Currency: "EUR", Cost: -1}, "cost -1"},
	}
	for _, tt := range tests {
		_, err := PrePost(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("error %v, want %q", err, tt.want)
		}
	}
}

func BenchmarkPrePost(b *testing.B) {
	pre, camp := series(rand.New(rand.NewPCG(1, 1)), 84, 28, 10)
	in := PrePostInput{Pre: pre, Campaign: camp, Cost: 100000, Currency: "EUR"}
	for b.Loop() {
		if _, err := PrePost(in); err != nil {
			b.Fatal(err)
		}
	}
}
