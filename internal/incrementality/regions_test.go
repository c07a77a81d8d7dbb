package incrementality

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/chorushq/chorus/internal/sim"
)

func TestRegionHoldoutHand(t *testing.T) {
	for _, tc := range []struct {
		name                 string
		in                   RegionInput
		lift, low, high, phi float64
		inc, incLow, incHigh float64
		cpa, cpaLow, cpaHigh float64
		significant          bool
		verdictPrefix        string
	}{
		{
			// One region each: no dispersion, normal quantile 1.959964.
			// OR = (400/1000)/(250/1000) = 1.6; var = 1/400 + 1/1000 + 1/250 + 1/1000 = 0.0085,
			// se 0.092195; ln 1.6 = 0.470004 ± 0.180700 → lift [0.335497, 0.916889].
			// Incremental 400·0.6/1.6 = 150, [400·0.335497/1.335497, 400·0.916889/1.916889] = [100.486, 191.329].
			// CPA 300,000/150 = 2,000 minor, [300,000/191.329, 300,000/100.486] = [1,567.98, 2,985.49].
			name: "single regions, significant",
			in: RegionInput{Exposed: []RegionOrders{{"US-CA", 1000, 400}}, HeldOut: []RegionOrders{{"US-TX", 1000, 250}},
				Cost: 300000, Currency: "USD"},
			lift: 0.6, low: 0.335497, high: 0.916889, phi: 1,
			inc: 150, incLow: 100.486, incHigh: 191.329,
			cpa: 2000, cpaLow: 1567.98, cpaHigh: 2985.49,
			significant:   true,
			verdictPrefix: "Lift +60.0% in exposed regions (95% interval +33.5% to +91.7%): about 150 incremental orders (100 to 191); incremental CPA 20.00 USD (15.68 USD to 29.85 USD)",
		},
		{
			// Two and two regions splitting alike within each group: χ² = 0, φ = 1,
			// Student t on 4 - 2 = 2 df, q = 4.302653. OR = (60/200)/(50/200) = 1.2;
			// var = 1/60 + 1/200 + 1/50 + 1/200 = 0.046667, se 0.216025;
			// ln 1.2 = 0.182322 ± 0.929486 → lift [-0.526289, 2.039828]. Incremental 60·0.2/1.2 = 10.
			name: "four regions, no dispersion",
			in: RegionInput{Exposed: []RegionOrders{{"A", 100, 30}, {"B", 100, 30}},
				HeldOut: []RegionOrders{{"C", 100, 25}, {"D", 100, 25}}, Cost: 1000, Currency: "EUR"},
			lift: 0.2, low: -0.526289, high: 2.039828, phi: 1,
			inc: 10, incLow: 60 * -0.526289 / (1 - 0.526289), incHigh: 60 * 2.039828 / 3.039828,
			cpa: 100, cpaLow: 1000 / (60 * 2.039828 / 3.039828), cpaHigh: math.Inf(1),
			verdictPrefix: "Not significant: exposed regions grew +20.0% relative to held-out ones, but the 95% interval -52.6% to +204.0%",
		},
		{
			// Exposed regions disagree: π = 60/260 = 3/13. A: n 140, expected 32.3077,
			// (40 - 32.3077)² / (140·3/13·10/13) = 59.172/24.852 = 2.380952; B: n 120,
			// (20 - 27.6923)² / 21.3018 = 2.777778; χ² 5.158730 over 2 df, φ = 2.579365.
			// se = sqrt(2.579365·0.046667) = 0.346944; 0.182322 ± 4.302653·0.346944
			// → lift [-0.730304, 4.339343].
			name: "four regions, overdispersed",
			in: RegionInput{Exposed: []RegionOrders{{"A", 100, 40}, {"B", 100, 20}},
				HeldOut: []RegionOrders{{"C", 100, 25}, {"D", 100, 25}}, Cost: 1000, Currency: "EUR"},
			lift: 0.2, low: -0.730304, high: 4.339343, phi: 2.579365,
			inc: 10, incLow: 60 * -0.730304 / (1 - 0.730304), incHigh: 60 * 4.339343 / 5.339343,
			cpa: 100, cpaLow: 1000 / (60 * 4.339343 / 5.339343), cpaHigh: math.Inf(1),
			verdictPrefix: "Not significant",
		},
	} {
		r, err := RegionHoldout(tc.in)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		checks := []struct {
			what      string
			got, want float64
		}{{"lift", r.Lift, tc.lift}, {"low", r.LiftLow, tc.low}, {"high", r.LiftHigh, tc.high}, {"dispersion", r.Dispersion, tc.phi},
			{"incremental", r.Incremental, tc.inc}, {"incremental low", r.IncrementalLow, tc.incLow}, {"incremental high", r.IncrementalHigh, tc.incHigh},
			{"cpa", r.CPA, tc.cpa}, {"cpa low", r.CPALow, tc.cpaLow}, {"cpa high", r.CPAHigh, tc.cpaHigh}}
		for _, c := range checks {
			if !(math.IsInf(c.want, 1) && math.IsInf(c.got, 1)) && !near(c.got, c.want, 2e-3*math.Max(1, math.Abs(c.want))) {
				t.Errorf("%s: %s = %g, want %g", tc.name, c.what, c.got, c.want)
			}
		}
		if r.Significant != tc.significant || !strings.HasPrefix(r.Verdict, tc.verdictPrefix) {
			t.Errorf("%s: significant %v, verdict %q", tc.name, r.Significant, r.Verdict)
		}
	}
}

func TestRegionHoldoutErrors(t *testing.T) {
	_, err := RegionHoldout(RegionInput{Exposed: []RegionOrders{{"A", 0, 5}, {"B", -1, 2}}, Currency: "dollars", Cost: -1})
	for _, want := range []string{"currency", "cost -1", `exposed region 2 ("B")`, "exposed regions: no orders in the baseline", "held-out regions: none"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want it to mention %q", err, want)
		}
	}
}

// TestRegionHoldoutCoverage checks the interval on simulated regions with a
// known lift: 10 held-out and 10 exposed regions (median 10 orders a day, 8
// baseline weeks, 2 campaign weeks), a season that raises every region by
// 5%, 5% region-level noise in growth and a true lift of 10%.
func TestRegionHoldoutCoverage(t *testing.T) {
	const seeds, lift = 200, 0.10
	covered, sumLift := 0, 0.0
	var sumInc, sumTrue float64
	for seed := range uint64(seeds) {
		regions, err := sim.Regions(sim.RegionConfig{Seed: seed, Season: 1.05, GrowthSD: 0.05, Lift: lift})
		if err != nil {
			t.Fatal(err)
		}
		in := RegionInput{Currency: "USD", Cost: 100000}
		var truth float64
		for _, r := range regions {
			u := RegionOrders{Name: r.Code, Pre: r.Pre, During: r.During}
			if r.HeldOut {
				in.HeldOut = append(in.HeldOut, u)
			} else {
				in.Exposed = append(in.Exposed, u)
			}
			truth += r.Incremental
		}
		res, err := RegionHoldout(in)
		if err != nil {
			t.Fatal(err)
		}
		if res.LiftLow <= lift && lift <= res.LiftHigh {
			covered++
		}
		sumLift += res.Lift
		sumInc += res.Incremental
		sumTrue += truth
	}
	// 95% nominal: with 200 seeds, 0.95 ± 2·0.0154 → accept 180 to 199.
	if covered < 180 || covered == seeds {
		t.Errorf("covered the true lift in %d of %d seeds", covered, seeds)
	}
	if mean := sumLift / seeds; math.Abs(mean-lift) > 0.02 {
		t.Errorf("mean estimated lift %.4f, true %.2f", mean, lift)
	}
	if ratio := sumInc / sumTrue; math.Abs(ratio-1) > 0.15 {
		t.Errorf("incremental orders %.0f against %.0f true (ratio %.3f)", sumInc, sumTrue, ratio)
	}
	t.Logf("coverage %d/%d, mean lift %.4f, incremental %.0f vs true %.0f", covered, seeds, sumLift/seeds, sumInc, sumTrue)
}

func BenchmarkRegionHoldout(b *testing.B) {
	regions, _ := sim.Regions(sim.RegionConfig{Seed: 1, Regions: 50, HeldOut: 10, Lift: 0.1})
	in := RegionInput{Currency: "USD", Cost: 100000}
	for _, r := range regions {
		u := RegionOrders{Name: r.Code, Pre: r.Pre, During: r.During}
		if r.HeldOut {
			in.HeldOut = append(in.HeldOut, u)
		} else {
			in.Exposed = append(in.Exposed, u)
		}
	}
	for b.Loop() {
		if _, err := RegionHoldout(in); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSplitRegions(t *testing.T) {
	counts := []RegionOrders{{"", 3, 4}, {"CA-QC", 5, 6}, {"DE", 1, 1}, {"DE-BY", 2, 2}, {"US", 1, 0}, {"US-CA", 10, 20}, {"US-NY", 7, 8}, {"US-TX", 4, 4}}
	// Held out: Germany whole, and California. DE and DE-BY pool under DE
	// (1+2, 1+2); US-CA alone. Exposed US orders count by province since a
	// US province is held out (US without a province stays "US"); Canada by
	// country. Unknown: 3 + 4 = 7.
	exp, held, unknown := SplitRegions(counts, []string{"DE", "US-CA"})
	got := func(rs []RegionOrders) string {
		var b strings.Builder
		for _, r := range rs {
			b.WriteString(r.Name + ":" + strconv.FormatInt(r.Pre, 10) + "/" + strconv.FormatInt(r.During, 10) + " ")
		}
		return b.String()
	}
	if g := got(held); g != "DE:3/3 US-CA:10/20 " {
		t.Errorf("held out %s", g)
	}
	if g := got(exp); g != "CA:5/6 US:1/0 US-NY:7/8 US-TX:4/4 " {
		t.Errorf("exposed %s", g)
	}
	if unknown != 7 {
		t.Errorf("unknown %d, want 7", unknown)
	}
}
