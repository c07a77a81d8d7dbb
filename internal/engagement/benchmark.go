package engagement

import (
	"fmt"
	"math"
	"strings"
)

// Benchmark is a published orientation for the ER of one tier on one
// platform, modelled as log-normal: ln(ER) is normal around ln(Median) with
// standard deviation Sigma. ERs are skewed (many small, few large), which
// a log scale handles and a linear one does not.
type Benchmark struct {
	Platform string  `json:"platform"`
	Tier     Tier    `json:"tier"`
	Median   float64 `json:"median"`
	Sigma    float64 `json:"sigma"`
	Source   string  `json:"source"`
}

// Percentile returns where er falls in the benchmark, 0..100.
func (b Benchmark) Percentile(er float64) float64 {
	if er <= 0 {
		return 0
	}
	z := math.Log(er/b.Median) / b.Sigma
	return 100 * 0.5 * math.Erfc(-z/math.Sqrt2)
}

// Benchmarks is a table of Benchmark by platform and tier.
type Benchmarks struct {
	rows map[benchKey]Benchmark
}

type benchKey struct {
	platform string
	tier     Tier
}

// defaultSigma is a judgement, not a measurement: no source we cite gives
// a spread. 0.75 puts the middle half of creators between 0.60x and 1.66x
// the median.
const defaultSigma = 0.75

// DefaultBenchmarks are the built-in Instagram benchmarks; docs/scoring.md
// says where each number comes from. Other platforms have none built in,
// because we have no source for them; a workspace adds its own rows.
func DefaultBenchmarks() Benchmarks {
	const study = "2016 study of ~2M Instagram accounts (like rates), via DESIGN.md"
	b, err := NewBenchmarks([]Benchmark{
		{"instagram", Nano, 0.040, defaultSigma, study + ": 4% at 1k-10k (8% under 1k)"},
		{"instagram", Micro, 0.024, defaultSigma, study + ": 2.4% at 10k-100k"},
		{"instagram", Mid, 0.021, defaultSigma, study + ": interpolated on log followers between 2.4% (10k-100k) and 1.7% (1M-10M)"},
		{"instagram", Macro, 0.019, defaultSigma, study + ": interpolated on log followers between 2.4% (10k-100k) and 1.7% (1M-10M)"},
		{"instagram", Mega, 0.017, defaultSigma, study + ": 1.7% at 1M-10M"},
	})
	if err != nil {
		panic(err) // the table above is a constant; a bad row is a programming error
	}
	return b
}

// NewBenchmarks builds a table, checking each row.
func NewBenchmarks(rows []Benchmark) (Benchmarks, error) {
	b := Benchmarks{rows: make(map[benchKey]Benchmark, len(rows))}
	for i, r := range rows {
		if r.Platform == "" {
			return Benchmarks{}, fmt.Errorf("benchmark row %d: platform is empty", i)
		}
		if !(r.Median > 0 && r.Median < 1) {
			return Benchmarks{}, fmt.Errorf("benchmark row %d (%s %s): median %g is not in (0, 1)", i, r.Platform, r.Tier, r.Median)
		}
		if !(r.Sigma > 0) || math.IsInf(r.Sigma, 0) {
			return Benchmarks{}, fmt.Errorf("benchmark row %d (%s %s): sigma %g is not positive", i, r.Platform, r.Tier, r.Sigma)
		}
		r.Platform = strings.ToLower(r.Platform)
		b.rows[benchKey{r.Platform, r.Tier}] = r
	}
	return b, nil
}

// Percentile places er in the benchmark for platform and tier; ok is false
// when there is no such benchmark.
func (b Benchmarks) Percentile(platform string, tier Tier, er float64) (float64, Benchmark, bool) {
	r, ok := b.rows[benchKey{strings.ToLower(platform), tier}]
	if !ok {
		return 0, Benchmark{}, false
	}
	return r.Percentile(er), r, true
}
