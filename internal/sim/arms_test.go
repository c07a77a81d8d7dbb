package sim

import (
	"cmp"
	"math"
	"reflect"
	"slices"
	"testing"
)

func playground(t testing.TB, seed int64) (*Playground, int64) {
	t.Helper()
	p, err := mustWorld(t, smallConfigArms(seed)).Playground(0)
	if err != nil {
		t.Fatal(err)
	}
	var capacity int64
	for _, a := range p.Arms {
		capacity += a.Capacity
	}
	// A budget of 30% of what the arms could absorb forces choices.
	return p, capacity * 3 / 10
}

func smallConfigArms(seed int64) Config {
	cfg := smallConfig(seed)
	cfg.Creators, cfg.Campaigns, cfg.CollaborationsPerCampaign, cfg.Days = 2000, 1, 60, 60
	return cfg
}

func TestArmExpected(t *testing.T) {
	// CPM 2000 (20.00 per thousand), CTR 1%, CVR 5%: 1000/2000 x 0.01 x
	// 0.05 = 0.00025 conversions per cent; 40,000 cents spent, capped at
	// capacity 30,000: 7.5 conversions.
	a := Arm{CPM: 2000, Capacity: 30_000, TrueCTR: 0.01, TrueCVR: 0.05}
	if got := a.ConversionsPerUnit(); math.Abs(got-0.00025) > 1e-12 {
		t.Errorf("ConversionsPerUnit = %v, want 0.00025", got)
	}
	if got := a.Expected(40_000); math.Abs(got-7.5) > 1e-9 {
		t.Errorf("Expected(40000) = %v, want 7.5", got)
	}
}

func TestOracleAndEven(t *testing.T) {
	p := &Playground{Arms: []Arm{
		{CPM: 1000, Capacity: 500, TrueCTR: 0.01, TrueCVR: 0.01},  // 1e-4 per cent
		{CPM: 1000, Capacity: 300, TrueCTR: 0.02, TrueCVR: 0.02},  // 4e-4
		{CPM: 2000, Capacity: 1000, TrueCTR: 0.02, TrueCVR: 0.02}, // 2e-4
	}}
	// Best first: arm 1 to capacity 300, then arm 2 takes the other 600.
	if got, want := p.Oracle(900), []int64{0, 300, 600}; !reflect.DeepEqual(got, want) {
		t.Errorf("Oracle(900) = %v, want %v", got, want)
	}
	if got, want := p.Even(1000), []int64{334, 333, 333}; !reflect.DeepEqual(got, want) {
		t.Errorf("Even(1000) = %v, want %v", got, want)
	}
	// 300 x 4e-4 + 600 x 2e-4 = 0.12 + 0.12 = 0.24.
	if got := p.Expected(p.Oracle(900)); math.Abs(got-0.24) > 1e-9 {
		t.Errorf("Expected(oracle) = %v, want 0.24", got)
	}
}

func TestRound(t *testing.T) {
	p, budget := playground(t, 1)
	alloc := p.Even(budget)
	a, err := p.Round(3, alloc)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := p.Round(3, alloc)
	if !reflect.DeepEqual(a, b) {
		t.Error("the same round and allocation gave different outcomes")
	}
	if _, err := p.Round(0, alloc[1:]); err == nil {
		t.Error("Round accepted too few allocations")
	}
	alloc[0] = -1
	if _, err := p.Round(0, alloc); err == nil {
		t.Error("Round accepted a negative spend")
	}
	// Over 300 rounds the mean conversions approach the expectation:
	// about 300 x E conversions, Poisson-like, so 3% is several sd.
	alloc = p.Even(budget)
	want := p.Expected(alloc) * 300
	var got float64
	for round := range 300 {
		out, err := p.Round(round, alloc)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range out {
			got += float64(o.Conversions)
			if o.Clicks > o.Impressions || o.Conversions > o.Clicks {
				t.Fatalf("outcome %+v", o)
			}
		}
	}
	if math.Abs(got-want) > 0.03*want {
		t.Errorf("300 rounds gave %.0f conversions, expected %.0f", got, want)
	}
}

// The playground tells strategies apart: the oracle beats an even split,
// and a simple learner (explore evenly for 3 rounds, then rank arms by
// observed conversions per unit spent) lands in between, on every seed.
func TestPlaygroundSeparatesStrategies(t *testing.T) {
	const rounds = 20
	for seed := int64(1); seed <= 5; seed++ {
		p, budget := playground(t, seed)
		even := p.Expected(p.Even(budget)) * rounds
		oracle := p.Expected(p.Oracle(budget)) * rounds
		learned := 0.0
		spent := make([]int64, len(p.Arms))
		conv := make([]int64, len(p.Arms))
		for round := range rounds {
			alloc := p.Even(budget)
			if round >= 3 {
				alloc = greedy(p, budget, spent, conv)
			}
			out, err := p.Round(round, alloc)
			if err != nil {
				t.Fatal(err)
			}
			for i, o := range out {
				spent[i] += o.Spend
				conv[i] += o.Conversions
			}
			learned += p.Expected(alloc)
		}
		t.Logf("seed %d: %d arms, even %.0f, learner %.0f, oracle %.0f expected conversions", seed, len(p.Arms), even, learned, oracle)
		if !(even < learned && learned < oracle) {
			t.Errorf("seed %d: even %.1f, learner %.1f, oracle %.1f; want increasing", seed, even, learned, oracle)
		}
	}
}

// greedy fills arms by observed conversions per unit spent (with one
// pseudo-conversion so unlucky arms are not written off), up to capacity.
func greedy(p *Playground, budget int64, spent, conv []int64) []int64 {
	order := make([]int, len(p.Arms))
	for i := range order {
		order[i] = i
	}
	rate := func(i int) float64 { return float64(conv[i]+1) / float64(spent[i]+1) }
	slices.SortStableFunc(order, func(x, y int) int { return cmp.Compare(rate(y), rate(x)) })
	alloc := make([]int64, len(p.Arms))
	for _, i := range order {
		s := min(budget, p.Arms[i].Capacity)
		alloc[i], budget = s, budget-s
	}
	return alloc
}

func TestPlaygroundErrors(t *testing.T) {
	w := mustWorld(t, smallConfigArms(1))
	if _, err := w.Playground(1); err == nil {
		t.Error("Playground(1) of a one-campaign world did not fail")
	}
	cfg := smallConfigArms(1)
	cfg.CollaborationsPerCampaign = 0
	if _, err := mustWorld(t, cfg).Playground(0); err == nil {
		t.Error("Playground of a campaign without collaborations did not fail")
	}
}
