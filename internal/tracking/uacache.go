package tracking

import (
	"strings"
	"sync"
	"sync/atomic"
)

// maxCachedUALen keeps very long User-Agents out of the cache, so a client
// sending 8 KB headers cannot make each cache entry cost 8 KB. Real
// browser User-Agents are under 400 bytes.
const maxCachedUALen = 512

// Classifier classifies User-Agents with a bounded cache in front of
// ClassifyUserAgent: on a campaign's busy day most clicks come from a few
// hundred distinct agents (the current Instagram, TikTok and Safari builds).
//
// The cache holds two generations of at most size/2 entries each. Lookups
// try the current generation, then the previous one, promoting hits; when
// the current one fills it becomes the previous one and the old previous one
// is dropped. That keeps recently used agents like an LRU would, with
// lock-free reads (sync.Map) instead of a mutex on every click.
type Classifier struct {
	half int64

	mu  sync.Mutex // serialises rotation only
	cur atomic.Pointer[uaGeneration]
	old atomic.Pointer[uaGeneration]
}

type uaGeneration struct {
	m sync.Map // string -> *Agent
	n atomic.Int64
}

// NewClassifier returns a Classifier caching at most size agents (at
// least 2).
func NewClassifier(size int) *Classifier {
	c := &Classifier{half: int64(max(size, 2) / 2)}
	c.cur.Store(new(uaGeneration))
	c.old.Store(new(uaGeneration))
	return c
}

// Classify returns ClassifyUserAgent(ua), from the cache when it can. It is
// safe for concurrent use.
func (c *Classifier) Classify(ua string) Agent {
	if len(ua) > maxCachedUALen {
		return ClassifyUserAgent(ua)
	}
	cur := c.cur.Load()
	if v, ok := cur.m.Load(ua); ok {
		return *v.(*Agent)
	}
	if v, ok := c.old.Load().m.Load(ua); ok {
		a := v.(*Agent)
		c.store(ua, a)
		return *a
	}
	a := ClassifyUserAgent(ua)
	c.store(ua, &a)
	return a
}

func (c *Classifier) store(ua string, a *Agent) {
	g := c.cur.Load()
	// Clone so the cache never pins a larger buffer the header came from.
	if _, loaded := g.m.LoadOrStore(strings.Clone(ua), a); loaded {
		return
	}
	if g.n.Add(1) < c.half {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cur.Load() == g { // another goroutine may have rotated already
		c.old.Store(g)
		c.cur.Store(new(uaGeneration))
	}
}

// Len returns the number of cached agents, for tests and metrics.
func (c *Classifier) Len() int {
	return int(c.cur.Load().n.Load() + c.old.Load().n.Load())
}
