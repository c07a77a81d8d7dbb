package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/ratelimit"
	"github.com/chorushq/chorus/internal/tracking"
)

// Rate is a token bucket: PerSecond on average, Burst at once.
type Rate struct {
	PerSecond float64
	Burst     int
}

// RateLimits are the per-client-IP limits of the public endpoints. They are
// kept in memory per node: N nodes behind a balancer let a client do N times
// as much, the price of never waiting on the database on the redirect path.
type RateLimits struct {
	// Off turns every limit off (tests and benchmarks that hammer one IP).
	Off bool
	// SignIn covers POST /login and POST /invite/{token}.
	SignIn Rate
	// Forms covers the survey (/s/) and shared briefs (/b/): public pages a
	// person fills or opens a few times.
	Forms Rate
	// Webhooks covers /hooks/: shops send bursts after a sale or a retry.
	Webhooks Rate
	// Redirect covers /c/: generous, so that a wave of real clicks from one
	// carrier NAT passes, but one abuser cannot fill the database.
	Redirect Rate
}

// DefaultRateLimits are the limits when Config.RateLimits is nil.
func DefaultRateLimits() RateLimits {
	return RateLimits{
		SignIn:   Rate{PerSecond: 1, Burst: 20},
		Forms:    Rate{PerSecond: 5, Burst: 50},
		Webhooks: Rate{PerSecond: 50, Burst: 500},
		Redirect: Rate{PerSecond: 50, Burst: 1000},
	}
}

// Sign-in lockout: after lockFree failures an account waits 1 s, then 2 s,
// 4 s ... up to 15 minutes per further failure; a client IP gets more free
// failures (offices share one address). Failures are forgotten after a
// quiet day.
const (
	lockFree   = 5
	lockFreeIP = 30
	lockBase   = time.Second
	lockMax    = 15 * time.Minute
	lockForget = 24 * time.Hour
)

// guards is the server's abuse protection state.
type guards struct {
	off                               bool
	signIn, forms, webhooks, redirect *ratelimit.Limiter
	account, ip                       *ratelimit.Lockout
	// dummy is a bcrypt hash at the cost real hashes get, compared against
	// for unknown e-mails so that they take as long as known ones.
	dummyOnce sync.Once
	dummy     string
	cost      int
}

func newGuards(cfg Config) *guards {
	rl := DefaultRateLimits()
	if cfg.RateLimits != nil {
		rl = *cfg.RateLimits
	}
	mk := func(r Rate) *ratelimit.Limiter {
		if r.PerSecond <= 0 || r.Burst < 1 {
			return nil
		}
		return ratelimit.NewLimiter(r.PerSecond, r.Burst)
	}
	cost := cfg.BcryptCost
	if cost == 0 {
		cost = bcrypt.DefaultCost
	}
	return &guards{off: rl.Off, signIn: mk(rl.SignIn), forms: mk(rl.Forms), webhooks: mk(rl.Webhooks), redirect: mk(rl.Redirect),
		account: ratelimit.NewLockout(lockFree, lockBase, lockMax, lockForget),
		ip:      ratelimit.NewLockout(lockFreeIP, lockBase, lockMax, lockForget), cost: cost}
}

func (g *guards) dummyHash() string {
	g.dummyOnce.Do(func() {
		h, err := auth.HashPassword("not a password anyone has", g.cost)
		if err != nil {
			h = dummyHash
		}
		g.dummy = h
	})
	return g.dummy
}

// limiter picks the bucket set for a request, or nil for none.
func (g *guards) limiter(r *http.Request) *ratelimit.Limiter {
	p := r.URL.Path
	switch {
	case strings.HasPrefix(p, "/c/"):
		return g.redirect
	case strings.HasPrefix(p, "/hooks/"):
		return g.webhooks
	case strings.HasPrefix(p, "/s/"), strings.HasPrefix(p, "/b/"):
		return g.forms
	case r.Method == http.MethodPost && (p == "/login" || strings.HasPrefix(p, "/invite/") || strings.HasPrefix(p, "/join/")):
		return g.signIn
	}
	return nil
}

// clientKey is the client's address as the rate limits see it: the real
// client behind TrustedProxies proxies, IPv6 clients by their /64 (one
// household or phone owns a whole /64).
func (s *Server) clientKey(r *http.Request) string {
	ip, err := tracking.ClientIP(r.RemoteAddr, r.Header.Values("X-Forwarded-For"), s.cfg.TrustedProxies)
	if err != nil {
		return r.RemoteAddr
	}
	if ip.Is6() && !ip.Is4In6() {
		if p, err := ip.Prefix(64); err == nil {
			return p.String()
		}
	}
	return ip.String()
}

// rateLimit answers 429 with Retry-After when the client's bucket for the
// endpoint is empty. It runs before the redirect and the route table.
func (s *Server) rateLimit(next http.Handler) http.Handler {
	if s.guards.off {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l := s.guards.limiter(r)
		if l == nil {
			next.ServeHTTP(w, r)
			return
		}
		ok, wait := l.Allow(s.clientKey(r), s.now())
		if ok {
			next.ServeHTTP(w, r)
			return
		}
		secs := retrySeconds(wait)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		w.Header().Set("Cache-Control", "no-store")
		s.fail(w, r, &httpError{status: http.StatusTooManyRequests,
			msg: fmt.Sprintf("too many requests from your address; try again in %s", humanWait(secs))})
	})
}

// retrySeconds rounds a wait up to whole seconds, at least 1.
func retrySeconds(d time.Duration) int {
	return max(1, int((d+time.Second-1)/time.Second))
}

// humanWait says a number of seconds as people do.
func humanWait(secs int) string {
	switch {
	case secs <= 1:
		return "1 second"
	case secs < 120:
		return fmt.Sprintf("%d seconds", secs)
	default:
		return fmt.Sprintf("%d minutes", (secs+59)/60)
	}
}
