package fit

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Shares maps a category (a country code, an age band such as "18-24", a
// gender) to its share of an audience, 0..1. Shares may sum to less than 1
// when the rest is unknown or "other".
type Shares map[string]float64

// Audience is who follows a creator, or whom a campaign wants to reach.
type Audience struct {
	Countries Shares `json:"countries"`
	Ages      Shares `json:"ages"`
	Genders   Shares `json:"genders"`
}

// AudienceWeights weigh the dimensions of audience fit. Country comes
// first because a creator whose audience cannot buy the product is of no
// use; age next; gender least, since many products sell across genders.
type AudienceWeights struct {
	Country float64 `json:"country"`
	Age     float64 `json:"age"`
	Gender  float64 `json:"gender"`
}

// DefaultAudienceWeights: country 0.5, age 0.3, gender 0.2.
func DefaultAudienceWeights() AudienceWeights {
	return AudienceWeights{Country: 0.5, Age: 0.3, Gender: 0.2}
}

// Overlap is one category's part in a dimension's overlap.
type Overlap struct {
	Key      string  `json:"key"`
	Audience float64 `json:"audience"`
	Target   float64 `json:"target"`
	Overlap  float64 `json:"overlap"` // min(audience, target)
}

// Dimension is the overlap of one dimension.
type Dimension struct {
	Name    string  `json:"name"`
	Overlap float64 `json:"overlap"` // sum of min(audience, target), 0..1
	Weight  float64 `json:"weight"`  // after renormalising over used dimensions
	// Used is false when the target or the audience gave no shares for the
	// dimension; its weight then goes to the others.
	Used bool `json:"used"`
	// Parts are the target's categories, largest overlap first.
	Parts []Overlap `json:"parts,omitempty"`
}

// AudienceMatch is the audience fit of a creator to a campaign.
type AudienceMatch struct {
	Score      float64     `json:"score"` // weighted overlap, 0..1
	Dimensions []Dimension `json:"dimensions"`
}

// Evidence says each used dimension's overlap in words, with its largest
// parts, e.g. "country overlap 55%: US 40% of audience vs 60% target".
func (m AudienceMatch) Evidence() []string {
	var out []string
	for _, d := range m.Dimensions {
		if !d.Used {
			out = append(out, fmt.Sprintf("%s: no data, weight moved to the other dimensions", d.Name))
			continue
		}
		s := fmt.Sprintf("%s overlap %.0f%%", d.Name, 100*d.Overlap)
		for i, p := range d.Parts[:min(2, len(d.Parts))] {
			sep := ", "
			if i == 0 {
				sep = ": "
			}
			s += fmt.Sprintf("%s%s %.0f%% of audience vs %.0f%% target", sep, p.Key, 100*p.Audience, 100*p.Target)
		}
		out = append(out, s)
	}
	return out
}

// AudienceFit is the weighted overlap of audience with target: per
// dimension, the sum over categories of min(audience share, target share)
// (the share of the audience the target wants, 1 when the two coincide),
// then the weighted mean over the dimensions both sides describe. ok is
// false when no dimension can be used.
func AudienceFit(audience, target Audience, w AudienceWeights) (AudienceMatch, bool, error) {
	dims := []struct {
		name   string
		a, t   Shares
		weight float64
	}{
		{"country", audience.Countries, target.Countries, w.Country},
		{"age", audience.Ages, target.Ages, w.Age},
		{"gender", audience.Genders, target.Genders, w.Gender},
	}
	var m AudienceMatch
	var total float64
	for _, d := range dims {
		if d.weight < 0 || math.IsNaN(d.weight) || math.IsInf(d.weight, 0) {
			return AudienceMatch{}, false, fmt.Errorf("audience weights: %s: %g is not a non-negative number", d.name, d.weight)
		}
		if err := d.a.validate(); err != nil {
			return AudienceMatch{}, false, fmt.Errorf("audience %s: %w", d.name, err)
		}
		if err := d.t.validate(); err != nil {
			return AudienceMatch{}, false, fmt.Errorf("target %s: %w", d.name, err)
		}
		dim := Dimension{Name: d.name, Used: len(d.a) > 0 && len(d.t) > 0 && d.weight > 0}
		if dim.Used {
			for k, ts := range d.t {
				o := Overlap{Key: k, Audience: d.a[k], Target: ts, Overlap: min(d.a[k], ts)}
				dim.Overlap += o.Overlap
				dim.Parts = append(dim.Parts, o)
			}
			slices.SortFunc(dim.Parts, func(x, y Overlap) int {
				return cmp.Or(cmp.Compare(y.Overlap, x.Overlap), cmp.Compare(x.Key, y.Key))
			})
			dim.Weight = d.weight
			total += d.weight
		}
		m.Dimensions = append(m.Dimensions, dim)
	}
	if total == 0 {
		return m, false, nil
	}
	for i := range m.Dimensions {
		d := &m.Dimensions[i]
		d.Weight /= total
		m.Score += d.Weight * d.Overlap
	}
	return m, true, nil
}

func (s Shares) validate() error {
	var sum float64
	for k, v := range s {
		if !(v >= 0 && v <= 1) {
			return fmt.Errorf("share of %q is %g, not in 0..1", k, v)
		}
		sum += v
	}
	if sum > 1+1e-6 {
		return fmt.Errorf("shares sum to %g, more than 1", sum)
	}
	return nil
}
