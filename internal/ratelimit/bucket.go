// Package ratelimit limits how often one key (a client IP, an e-mail) may
// act: token buckets for request rates and a lockout with exponential
// backoff for failed sign-ins. State is in memory, per node: with N nodes
// behind a balancer a client gets at most N times the limit, which is the
// price of never waiting on the database on the hot redirect path.
package ratelimit

import (
	"hash/maphash"
	"math"
	"sync"
	"time"
)

// shards splits the keys so that concurrent requests from different
// clients almost never wait on the same mutex (the redirect is hot).
const shards = 64

// maxKeysPerShard bounds memory: past it, idle buckets are dropped, and if
// too few are idle an arbitrary eighth of the shard is (those clients get a
// fresh bucket, which errs on the side of letting traffic through).
const maxKeysPerShard = 4096

// Limiter is a set of token buckets, one per key, each refilled at Rate
// tokens a second up to Burst. It is safe for concurrent use.
type Limiter struct {
	rate  float64 // tokens per nanosecond
	burst float64
	seed  maphash.Seed
	sh    [shards]shard
}

type shard struct {
	mu sync.Mutex
	m  map[string]*bucket
	// pad keeps neighbouring shards' mutexes off one cache line.
	_ [40]byte
}

type bucket struct {
	tokens float64
	last   int64 // Unix nanoseconds of the last refill
}

// NewLimiter allows perSecond actions a second per key on average, and up to
// burst at once. perSecond must be positive and burst at least 1.
func NewLimiter(perSecond float64, burst int) *Limiter {
	if perSecond <= 0 || burst < 1 {
		panic("ratelimit: perSecond must be > 0 and burst >= 1")
	}
	l := &Limiter{rate: perSecond / 1e9, burst: float64(burst), seed: maphash.MakeSeed()}
	for i := range l.sh {
		l.sh[i].m = make(map[string]*bucket)
	}
	return l
}

// Allow takes one token from key's bucket at now. When the bucket is empty
// it returns false and how long until a token is back.
func (l *Limiter) Allow(key string, now time.Time) (bool, time.Duration) {
	t := now.UnixNano()
	s := &l.sh[maphash.String(l.seed, key)%shards]
	s.mu.Lock()
	b := s.m[key]
	if b == nil {
		if len(s.m) >= maxKeysPerShard {
			l.sweep(s, t)
		}
		b = &bucket{tokens: l.burst, last: t}
		s.m[key] = b
	} else {
		l.refill(b, t)
	}
	if b.tokens >= 1 {
		b.tokens--
		s.mu.Unlock()
		return true, 0
	}
	missing := 1 - b.tokens
	s.mu.Unlock()
	return false, time.Duration(math.Ceil(missing / l.rate))
}

func (l *Limiter) refill(b *bucket, t int64) {
	if t > b.last {
		b.tokens = math.Min(l.burst, b.tokens+float64(t-b.last)*l.rate)
		b.last = t
	}
}

// sweep drops the buckets that are full again (their clients are idle),
// then arbitrary ones until an eighth of the shard is free, so that a flood
// of new keys costs one sweep per maxKeysPerShard/8 keys. The caller holds
// s.mu.
func (l *Limiter) sweep(s *shard, t int64) {
	for k, b := range s.m {
		l.refill(b, t)
		if b.tokens >= l.burst {
			delete(s.m, k)
		}
	}
	for k := range s.m {
		if len(s.m) <= maxKeysPerShard*7/8 {
			break
		}
		delete(s.m, k)
	}
}

// Len is the number of keys held, for tests and metrics.
func (l *Limiter) Len() int {
	n := 0
	for i := range l.sh {
		l.sh[i].mu.Lock()
		n += len(l.sh[i].m)
		l.sh[i].mu.Unlock()
	}
	return n
}
