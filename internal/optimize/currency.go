package optimize

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/chorushq/chorus/internal/conversions"
)

// Basis says which figures a plan rests on.
type Basis string

// Bases of a plan, from the most to the least the workspace's own.
const (
	// BasisHistory: the workspace's own results, in its currency, for every
	// tier the plan uses.
	BasisHistory Basis = "history"
	// BasisMixed: own results where a tier has enough of them, the
	// built-in benchmarks elsewhere (at the workspace's exchange rate when
	// it does not count in USD).
	BasisMixed Basis = "history+benchmarks"
	// BasisConverted: the built-in benchmarks at the workspace's rate.
	BasisConverted Basis = "converted"
	// BasisDefaults: the built-in benchmarks as they are, in their currency
	// (USD); for a workspace in another currency the plan is in USD.
	BasisDefaults Basis = "defaults"
)

// BenchmarkChoice is what the planner works from for one workspace.
type BenchmarkChoice struct {
	Benchmarks Benchmarks
	Basis      Basis
	// Note explains a choice the user should know about (empty when the
	// figures are simply the workspace's currency's).
	Note string
}

// ChooseBenchmarks picks honest figures for a workspace that counts in
// currency, from its past results (amounts in currency) and perUSD, the
// units of currency one US dollar buys as the workspace set it (0: not
// set). In order:
//
//   - tiers with at least MinHistory results use them, in currency;
//   - other tiers use the built-in USD benchmarks scaled by perUSD, or, with
//     no rate, are left out of the plan rather than priced in the wrong
//     currency;
//   - with no tier of history and no rate, a workspace outside USD gets the
//     USD benchmarks in USD, labelled so, and a plan whose budget is in USD.
func ChooseBenchmarks(currency string, history []Result, perUSD float64) (BenchmarkChoice, error) {
	cur, err := conversions.NormalizeCurrency(currency)
	if err != nil {
		return BenchmarkChoice{}, err
	}
	if perUSD < 0 || math.IsNaN(perUSD) || math.IsInf(perUSD, 0) {
		return BenchmarkChoice{}, fmt.Errorf("exchange rate %g %s per USD: must be positive", perUSD, cur)
	}
	def := DefaultBenchmarks()
	fallback := def
	switch {
	case cur == def.Currency:
		perUSD = 0 // no conversion needed; a rate set anyway is ignored
	case perUSD > 0:
		if fallback, err = ConvertBenchmarks(def, cur, perUSD); err != nil {
			return BenchmarkChoice{}, err
		}
	}
	counts := map[string]int{}
	for _, r := range history {
		counts[r.Tier]++
	}
	var own, short []string
	for _, t := range def.Tiers {
		if counts[t.Tier] >= MinHistory {
			own = append(own, t.Tier)
		} else {
			short = append(short, t.Tier)
		}
	}
	switch {
	case cur == def.Currency && len(own) == 0:
		return BenchmarkChoice{Benchmarks: def, Basis: BasisDefaults}, nil
	case len(own) > 0 && (cur == def.Currency || perUSD > 0 || len(short) == 0):
		basis := BasisMixed
		if len(short) == 0 {
			basis = BasisHistory
		}
		return BenchmarkChoice{Benchmarks: BenchmarksFromHistory(cur, history, fallback), Basis: basis}, nil
	case len(own) > 0:
		b := BenchmarksFromHistory(cur, history, fallback)
		kept := b.Tiers[:0]
		for _, t := range b.Tiers {
			if counts[t.Tier] >= MinHistory {
				kept = append(kept, t)
			}
		}
		b.Tiers = kept
		b.Source = fmt.Sprintf("workspace history for %v", own)
		return BenchmarkChoice{Benchmarks: b, Basis: BasisHistory,
			Note: fmt.Sprintf("Only tiers with %d or more past results in %s are planned (%s); set an exchange rate to %s to include %s from the built-in USD benchmarks.",
				MinHistory, cur, strings.Join(own, ", "), cur, strings.Join(short, ", "))}, nil
	case perUSD > 0:
		return BenchmarkChoice{Benchmarks: fallback, Basis: BasisConverted,
			Note: fmt.Sprintf("No tier has %d past results yet: the built-in USD benchmarks are converted at the workspace's rate of %s %s per USD.",
				MinHistory, formatRate(perUSD), cur)}, nil
	default:
		return BenchmarkChoice{Benchmarks: def, Basis: BasisDefaults,
			Note: fmt.Sprintf("The workspace counts in %s, but no tier has %d past results and no exchange rate is set: the budget and every figure of this plan are in USD. Set an exchange rate to plan in %s.",
				cur, MinHistory, cur)}, nil
	}
}

// ConvertBenchmarks restates b's costs in currency at perUSD units of it
// per unit of b's currency (USD for the defaults), minding the two
// currencies' minor units (cents to yen). Reach and rates do not change.
func ConvertBenchmarks(b Benchmarks, currency string, perUSD float64) (Benchmarks, error) {
	from, err1 := conversions.Exponent(b.Currency)
	to, err2 := conversions.Exponent(currency)
	if err := errors.Join(err1, err2); err != nil {
		return Benchmarks{}, err
	}
	if !(perUSD > 0) || math.IsInf(perUSD, 0) {
		return Benchmarks{}, fmt.Errorf("exchange rate %g: must be positive", perUSD)
	}
	f := perUSD * math.Pow10(to-from)
	out := Benchmarks{Currency: strings.ToUpper(currency),
		Source: fmt.Sprintf("%s, converted at %s %s per %s", b.Source, formatRate(perUSD), strings.ToUpper(currency), b.Currency)}
	for _, t := range b.Tiers {
		t.CostPerCreator = Range{t.CostPerCreator.Low * f, t.CostPerCreator.High * f}
		out.Tiers = append(out.Tiers, t)
	}
	return out, nil
}

// formatRate writes a rate with up to six decimals and no trailing zeros.
func formatRate(r float64) string {
	s := fmt.Sprintf("%.6f", r)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
