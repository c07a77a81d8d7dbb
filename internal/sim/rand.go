package sim

import (
	"math"
	"math/rand/v2"
)

// stream names one kind of entity. Each entity draws from its own PCG source
// seeded from (world seed, stream, keys), so creator i is the same whatever the
// number of creators, and adding a campaign does not reshuffle the clicks of
// another.
type stream uint64

const (
	streamCreator stream = iota + 1
	streamAccount
	streamFollowers
	streamHistory
	streamPosts
	streamComments
	streamCampaign
	streamCollab
	streamClicks
	streamOrganic
	streamArms
	streamHandle
)

// mix is SplitMix64's finaliser: it spreads nearby inputs (i, i+1) over the
// whole 64-bit space, which keeps per-entity sources independent.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// key derives a 64-bit key from the world seed, a stream and two indexes.
func key(seed uint64, s stream, a, b uint64) uint64 {
	h := mix(seed + 0x9e3779b97f4a7c15*uint64(s))
	h = mix(h ^ (a + 0x632be59bd9b4e019))
	return mix(h ^ (b + 0xd6e8feb86659fd93))
}

// newRand returns the source for one entity.
func newRand(seed uint64, s stream, a, b uint64) *rand.Rand {
	k := key(seed, s, a, b)
	return rand.New(rand.NewPCG(k, mix(k^0xa0761d6478bd642f)))
}

// lognormal draws a lognormal value with the given median and log-space sigma.
func lognormal(r *rand.Rand, median, sigma float64) float64 {
	return median * math.Exp(sigma*r.NormFloat64())
}

// poisson draws a Poisson count. Knuth's product method below 30, a rounded
// normal above (the error is under 1% of the mean there and it is O(1)).
func poisson(r *rand.Rand, lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda < 30 {
		l := math.Exp(-lambda)
		k, p := 0, r.Float64()
		for p > l {
			k++
			p *= r.Float64()
		}
		return k
	}
	n := math.Round(lambda + math.Sqrt(lambda)*r.NormFloat64())
	if n < 0 {
		return 0
	}
	return int(n)
}

// binomial draws successes out of n trials: exact below 50 trials, a rounded
// normal (clamped to [0,n]) above.
func binomial(r *rand.Rand, n int64, p float64) int64 {
	if n <= 0 || p <= 0 {
		return 0
	}
	if p >= 1 {
		return n
	}
	if n < 50 {
		var k int64
		for range n {
			if r.Float64() < p {
				k++
			}
		}
		return k
	}
	mean := float64(n) * p
	k := int64(math.Round(mean + math.Sqrt(mean*(1-p))*r.NormFloat64()))
	return max(0, min(n, k))
}

// pick returns an index drawn with the given weights (which need not sum to 1).
func pick(r *rand.Rand, weights []float64) int {
	var total float64
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// oneOf returns a uniformly chosen element.
func oneOf[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// shares perturbs base weights by lognormal noise and normalises them to sum
// to 1: a cheap stand-in for a Dirichlet draw centred on base.
func shares(r *rand.Rand, base []float64, sigma float64, out []float64) {
	var total float64
	for i, b := range base {
		out[i] = b * math.Exp(sigma*r.NormFloat64())
		total += out[i]
	}
	for i := range out {
		out[i] /= total
	}
}

// feistel20 is a keyed bijection on [0, 2^20). Handles are built from the
// permuted index so that creator 0, 1, 2... do not walk the name table in
// order, yet no two creators can get the same name components.
func feistel20(seed uint64, i uint64) uint64 {
	const half, mask = 10, 1<<10 - 1
	l, r := i>>half&mask, i&mask
	for round := range uint64(4) {
		f := key(seed, streamHandle, round, r) & mask
		l, r = r, l^f
	}
	return l<<half | r
}
