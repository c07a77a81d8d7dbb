package attribution

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
)

// Defaults for ShapleyOptions.
const (
	DefaultShapleyExactMax = 15
	DefaultShapleySamples  = 10000
	maxShapleyExact        = 20 // 2^20 coalitions: 16 MB and well under a second
)

// ShapleyOptions says when to stop computing Shapley values exactly and how
// to sample beyond. The zero value means the defaults and seed 0.
type ShapleyOptions struct {
	ExactMax int    // most channels solved exactly (at most 20); 0 = DefaultShapleyExactMax
	Samples  int    // permutations sampled above ExactMax (at least 2); 0 = DefaultShapleySamples
	Seed     uint64 // seeds the permutations, so a run can be repeated
}

// coalition is a distinct set of channels that converting paths touched, with
// the conversions and value of those paths.
type coalition struct {
	members []int // channel indexes, ascending
	conv    float64
	value   float64
}

// Shapley credits each channel with its Shapley value in the game whose
// worth v(S) is the conversions (and, separately, the value) of the paths
// whose set of channels is a subset of S. Order and repetition within a path
// do not matter; paths that did not convert add nothing to any v(S).
//
// Up to opt.ExactMax channels the values are exact, summing over all 2^k
// coalitions:
//
//	phi_i = sum over S not containing i of |S|! (k-|S|-1)! / k! * (v(S+i) - v(S))
//
// Beyond, they are the mean marginal contribution over opt.Samples uniformly
// random orderings of the channels, and ConversionsSE and ValueSE are the
// standard errors of those means. In every ordering the marginal
// contributions add up to v(all channels), so sampled credit still sums to
// the totals exactly.
func Shapley(ctx context.Context, paths []Path, opt ShapleyOptions) ([]Credit, error) {
	if opt.ExactMax == 0 {
		opt.ExactMax = DefaultShapleyExactMax
	}
	if opt.Samples == 0 {
		opt.Samples = DefaultShapleySamples
	}
	if opt.ExactMax < 0 || opt.ExactMax > maxShapleyExact {
		return nil, fmt.Errorf("shapley: exact limit %d: must be between 1 and %d channels", opt.ExactMax, maxShapleyExact)
	}
	if opt.Samples < 2 {
		return nil, fmt.Errorf("shapley: %d samples: need at least 2 to estimate an error", opt.Samples)
	}
	l := newLedger(paths)
	games := coalitions(paths, l.index)
	out := l.credits()
	if len(l.names) <= opt.ExactMax {
		shapleyExact(games, out)
		return out, nil
	}
	if err := shapleySampled(ctx, games, out, opt.Samples, opt.Seed); err != nil {
		return nil, err
	}
	return out, nil
}

// coalitions merges the converting paths by their set of channels.
func coalitions(paths []Path, index map[string]int) []coalition {
	byKey := make(map[string]int)
	var games []coalition
	var members []int
	var key []byte
	for i := range paths {
		p := &paths[i]
		if p.Conversions == 0 && p.Value == 0 || len(p.Touches) == 0 {
			continue
		}
		members = members[:0]
		for _, t := range p.Touches {
			members = append(members, index[t.Channel])
		}
		slices.Sort(members)
		members = slices.Compact(members)
		key = key[:0]
		for _, m := range members {
			key = binary.AppendUvarint(key, uint64(m))
		}
		g, ok := byKey[string(key)]
		if !ok {
			g = len(games)
			byKey[string(key)] = g
			games = append(games, coalition{members: slices.Clone(members)})
		}
		games[g].conv += p.Conversions
		games[g].value += p.Value
	}
	return games
}

// shapleyExact fills out with exact Shapley values for len(out) <= 20
// channels.
func shapleyExact(games []coalition, out []Credit) {
	k := len(out)
	if k == 0 {
		return
	}
	size := 1 << k
	conv := make([]float64, size)
	value := make([]float64, size)
	for _, g := range games {
		var m int
		for _, c := range g.members {
			m |= 1 << c
		}
		conv[m] += g.conv
		value[m] += g.value
	}
	// Sum over subsets (zeta transform): afterwards conv[S] is v(S), the
	// conversions of all paths whose set is a subset of S.
	for i := range k {
		bit := 1 << i
		for m := range size {
			if m&bit != 0 {
				conv[m] += conv[m^bit]
				value[m] += value[m^bit]
			}
		}
	}
	// weight[s] = s! (k-s-1)! / k! = 1 / (k * C(k-1, s)).
	weight := make([]float64, k)
	binom := 1.0
	for s := range k {
		weight[s] = 1 / (float64(k) * binom)
		binom = binom * float64(k-1-s) / float64(s+1)
	}
	for i := range k {
		bit := 1 << i
		var pc, pv float64
		for m := range size {
			if m&bit != 0 {
				continue
			}
			w := weight[bits.OnesCount(uint(m))]
			pc += w * (conv[m|bit] - conv[m])
			pv += w * (value[m|bit] - value[m])
		}
		out[i].Conversions = pc
		out[i].Value = pv
	}
}

// shapleySampled fills out with Monte Carlo Shapley values and their
// standard errors. In one ordering, a coalition's worth is added when its
// last member (in that ordering) joins, so the marginal contribution of a
// channel is the worth of the coalitions it completes: one pass over the
// coalitions per ordering instead of one per channel.
func shapleySampled(ctx context.Context, games []coalition, out []Credit, samples int, seed uint64) error {
	k := len(out)
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	order := make([]int, k)
	for i := range order {
		order[i] = i
	}
	pos := make([]int, k)
	margConv := make([]float64, k)
	margValue := make([]float64, k)
	// Welford's running mean and sum of squared deviations per channel.
	meanConv := make([]float64, k)
	meanValue := make([]float64, k)
	m2Conv := make([]float64, k)
	m2Value := make([]float64, k)
	for n := 1; n <= samples; n++ {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		rng.Shuffle(k, func(i, j int) { order[i], order[j] = order[j], order[i] })
		for p, c := range order {
			pos[c] = p
		}
		clear(margConv)
		clear(margValue)
		for _, g := range games {
			last := g.members[0]
			for _, c := range g.members[1:] {
				if pos[c] > pos[last] {
					last = c
				}
			}
			margConv[last] += g.conv
			margValue[last] += g.value
		}
		for c := range k {
			d := margConv[c] - meanConv[c]
			meanConv[c] += d / float64(n)
			m2Conv[c] += d * (margConv[c] - meanConv[c])
			d = margValue[c] - meanValue[c]
			meanValue[c] += d / float64(n)
			m2Value[c] += d * (margValue[c] - meanValue[c])
		}
	}
	ns := float64(samples)
	for c := range k {
		out[c].Conversions = meanConv[c]
		out[c].Value = meanValue[c]
		out[c].ConversionsSE = math.Sqrt(m2Conv[c] / (ns - 1) / ns)
		out[c].ValueSE = math.Sqrt(m2Value[c] / (ns - 1) / ns)
	}
	return nil
}
