package ratelimit

import (
	"hash/maphash"
	"sync"
	"time"
)

// Lockout counts failures per key (an account, a client IP) and, past Free
// failures, refuses the key for Base, then 2xBase, 4xBase ... up to Max
// after each further failure. A key with no failure for Forget starts
// afresh. It is safe for concurrent use.
type Lockout struct {
	Free   int
	Base   time.Duration
	Max    time.Duration
	Forget time.Duration

	seed maphash.Seed
	sh   [shards]lockShard
}

type lockShard struct {
	mu sync.Mutex
	m  map[string]*strikes
}

type strikes struct {
	n     int
	last  time.Time
	until time.Time
}

// NewLockout makes a lockout with the given policy.
func NewLockout(free int, base, max, forget time.Duration) *Lockout {
	l := &Lockout{Free: free, Base: base, Max: max, Forget: forget, seed: maphash.MakeSeed()}
	for i := range l.sh {
		l.sh[i].m = make(map[string]*strikes)
	}
	return l
}

func (l *Lockout) shard(key string) *lockShard { return &l.sh[maphash.String(l.seed, key)%shards] }

// Wait is how long key must still wait before it may try again; 0 means now.
func (l *Lockout) Wait(key string, now time.Time) time.Duration {
	s := l.shard(key)
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.m[key]
	if st == nil || !now.Before(st.until) {
		return 0
	}
	return st.until.Sub(now)
}

// Fail records a failure of key at now and returns the wait it now has.
func (l *Lockout) Fail(key string, now time.Time) time.Duration {
	s := l.shard(key)
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.m[key]
	if st == nil || now.Sub(st.last) > l.Forget {
		if st == nil && len(s.m) >= maxKeysPerShard {
			l.sweep(s, now)
		}
		st = &strikes{}
		s.m[key] = st
	}
	st.n++
	st.last = now
	over := st.n - l.Free
	if over <= 0 {
		return 0
	}
	d := l.Base
	for i := 1; i < over && d < l.Max; i++ {
		d *= 2
	}
	d = min(d, l.Max)
	st.until = now.Add(d)
	return d
}

// Reset forgets key's failures, after a success.
func (l *Lockout) Reset(key string) {
	s := l.shard(key)
	s.mu.Lock()
	delete(s.m, key)
	s.mu.Unlock()
}

// sweep drops keys whose failures are forgotten; the caller holds s.mu.
func (l *Lockout) sweep(s *lockShard, now time.Time) {
	for k, st := range s.m {
		if now.Sub(st.last) > l.Forget && !now.Before(st.until) {
			delete(s.m, k)
		}
	}
}
