package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// guardedServer is a server on f with a settable clock and the given limits.
func guardedServer(t *testing.T, f *storetest.Fixture, rl *RateLimits, proxies int) (http.Handler, *time.Time) {
	t.Helper()
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	srv, err := New(Config{DB: f.DB, BcryptCost: bcrypt.MinCost, Now: func() time.Time { return now }, RateLimits: rl, TrustedProxies: proxies})
	if err != nil {
		t.Fatal(err)
	}
	return srv.Handler(), &now
}

func signIn(h http.Handler, remote, email, pw string) *httptest.ResponseRecorder {
	form := url.Values{"email": {email}, "password": {pw}}
	r := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.RemoteAddr = remote
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// TestSignInLockoutBacksOffAndRevealsNoAccount fails 5 free times, then
// waits 1 s, 2 s, 4 s: the same for an existing account and an unknown
// e-mail, answer for answer.
func TestSignInLockoutBacksOffAndRevealsNoAccount(t *testing.T) {
	f := storetest.New(t)
	type step struct {
		advance time.Duration
		pw      string
		code    int
		retry   string
	}
	// By hand: failures 1-5 free (401); failure 6 is answered 401 and
	// starts a 1 s lock; within it even the right password gets 429
	// "1 second"; after 1 s failure 7 locks 2 s; after 2 s failure 8
	// locks 4 s, and 3 s later 1 s remains.
	steps := []step{
		{0, "bad", 401, ""}, {0, "bad", 401, ""}, {0, "bad", 401, ""}, {0, "bad", 401, ""}, {0, "bad", 401, ""},
		{0, "bad", 401, ""},
		{0, "right", 429, "1"},
		{time.Second, "bad", 401, ""},
		{time.Second, "right", 429, "1"},
		{time.Second, "bad", 401, ""},
		{3 * time.Second, "right", 429, "1"},
		{time.Second, "right", 0, ""}, // known: 303 signed in; unknown: 401
	}
	bodies := map[string][]string{}
	for _, email := range []string{"owner@acme.test", "nobody@acme.test"} {
		h, now := guardedServer(t, f, &RateLimits{}, 0)
		for i, s := range steps {
			*now = now.Add(s.advance)
			pw := s.pw
			if pw == "right" {
				pw = f.Password
			}
			w := signIn(h, "198.51.100.7:4000", email, pw)
			want := s.code
			if want == 0 {
				want = http.StatusSeeOther
				if email == "nobody@acme.test" {
					want = http.StatusUnauthorized
				}
			}
			if w.Code != want || w.Header().Get("Retry-After") != s.retry {
				t.Errorf("%s step %d: %d Retry-After %q, want %d %q", email, i, w.Code, w.Header().Get("Retry-After"), want, s.retry)
			}
			bodies[email] = append(bodies[email], strings.ReplaceAll(w.Body.String(), email, "EMAIL"))
			if s.code == 429 && !strings.Contains(w.Body.String(), "Try again in 1 second.") {
				t.Errorf("%s step %d: no wait in the message: %s", email, i, trim(w.Body.String()))
			}
		}
	}
	for i := range steps[:len(steps)-1] {
		if bodies["owner@acme.test"][i] != bodies["nobody@acme.test"][i] {
			t.Errorf("step %d: known and unknown e-mails get different pages", i)
		}
	}
}

func TestSignInLockoutPerIP(t *testing.T) {
	f := storetest.New(t)
	h, _ := guardedServer(t, f, &RateLimits{}, 0)
	// 30 failures over 30 e-mails from one address are free; the 31st
	// locks the address for 1 s, whatever the e-mail, and not another
	// address.
	for i := range 31 {
		if w := signIn(h, "198.51.100.9:1", "user"+string(rune('a'+i%26))+string(rune('a'+i/26))+"@x.test", "bad"); w.Code != 401 {
			t.Fatalf("failure %d: %d", i+1, w.Code)
		}
	}
	if w := signIn(h, "198.51.100.9:1", "owner@acme.test", f.Password); w.Code != http.StatusTooManyRequests {
		t.Errorf("locked address: %d, want 429", w.Code)
	}
	if w := signIn(h, "198.51.100.10:1", "owner@acme.test", f.Password); w.Code != http.StatusSeeOther {
		t.Errorf("another address: %d, want 303", w.Code)
	}
}

func TestRateLimitsPerClientIP(t *testing.T) {
	f := storetest.New(t)
	h, now := guardedServer(t, f, &RateLimits{Redirect: Rate{PerSecond: 2, Burst: 2}, Webhooks: Rate{PerSecond: 1, Burst: 1}}, 1)
	get := func(path, xff string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", path, nil)
		r.RemoteAddr = "10.0.0.1:5555" // the proxy
		r.Header.Set("X-Forwarded-For", xff)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	// Burst 2, then 429 with Retry-After 1 (one token in 0.5 s, rounded up).
	for i, want := range []int{404, 404, 429} {
		w := get("/c/nope", "203.0.113.5")
		if w.Code != want {
			t.Errorf("click %d: %d, want %d", i+1, w.Code, want)
		}
		if want == 429 && w.Header().Get("Retry-After") != "1" {
			t.Errorf("Retry-After %q, want 1", w.Header().Get("Retry-After"))
		}
	}
	if w := get("/c/nope", "203.0.113.6"); w.Code != 404 {
		t.Errorf("another client behind the same proxy: %d, want 404", w.Code)
	}
	// IPv6 clients share a bucket per /64.
	get("/c/nope", "2001:db8::1")
	get("/c/nope", "2001:db8::2")
	if w := get("/c/nope", "2001:db8::3"); w.Code != 429 {
		t.Errorf("third client of one /64: %d, want 429", w.Code)
	}
	*now = now.Add(500 * time.Millisecond)
	if w := get("/c/nope", "203.0.113.5"); w.Code != 404 {
		t.Errorf("after 0.5 s: %d, want 404", w.Code)
	}
	// Pages are not limited.
	for range 5 {
		if w := get("/login", "203.0.113.5"); w.Code != 200 {
			t.Fatalf("GET /login: %d", w.Code)
		}
	}
	// Webhooks have their own bucket; the 429 of the API is JSON.
	r := httptest.NewRequest("POST", "/hooks/shopify/acme", strings.NewReader("{}"))
	r.RemoteAddr = "10.0.0.1:1"
	r.Header.Set("X-Forwarded-For", "192.0.2.50")
	h.ServeHTTP(httptest.NewRecorder(), r)
	r = httptest.NewRequest("POST", "/hooks/shopify/acme", strings.NewReader("{}"))
	r.RemoteAddr = "10.0.0.1:1"
	r.Header.Set("X-Forwarded-For", "192.0.2.50")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusTooManyRequests || !strings.Contains(w.Body.String(), "try again in 1 second") {
		t.Errorf("second webhook in a second: %d %s", w.Code, trim(w.Body.String()))
	}
}

func TestSignOutEverywhere(t *testing.T) {
	a := newApp(t, storetest.New(t))
	second := a.session(a.users["admin"].ID, a.f.Workspace.ID)
	w := a.do("admin", "POST", "/logout", "application/x-www-form-urlencoded", "everywhere=1")
	if w.Code != http.StatusSeeOther {
		t.Fatalf("logout: %d", w.Code)
	}
	for _, ck := range []string{a.cookies["admin"], second} {
		a.cookies["probe"] = ck
		if w := a.do("probe", "GET", "/api/v1/me", "", ""); w.Code != http.StatusUnauthorized {
			t.Errorf("a session survived: %d", w.Code)
		}
	}
	if w := a.do("owner", "GET", "/api/v1/me", "", ""); w.Code != http.StatusOK {
		t.Errorf("another user's session ended: %d", w.Code)
	}
	evs, err := a.f.DB.AuditEvents(context.Background(), a.f.Workspace.ID, storeFilter("session.end_all"))
	storetest.Must(t, err)
	if len(evs) != 1 || evs[0].Actor != "admin@acme.test" {
		t.Errorf("audit %+v, want one session.end_all by admin", evs)
	}
	if w := a.do("owner", "GET", "/settings", "", ""); !strings.Contains(w.Body.String(), "Sign out everywhere") {
		t.Error("the settings page has no sign-out-everywhere button")
	}
}

// BenchmarkRateLimitMiddleware is the limiter's cost on the redirect path:
// client addresses spread over many buckets, all goroutines at once.
func BenchmarkRateLimitMiddleware(b *testing.B) {
	f := storetest.New(b)
	srv, err := New(Config{DB: f.DB, RateLimits: &RateLimits{Redirect: Rate{PerSecond: 1e9, Burst: 1 << 30}}})
	if err != nil {
		b.Fatal(err)
	}
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	h := srv.rateLimit(ok)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		r := httptest.NewRequest("GET", "/c/x", nil)
		i := 0
		for pb.Next() {
			i++
			r.RemoteAddr = remotes[i%len(remotes)]
			h.ServeHTTP(nil, r)
		}
	})
}

var remotes = func() []string {
	out := make([]string, 256)
	for i := range out {
		out[i] = "203.0.113." + string(rune('0'+i%10)) + string(rune('0'+i/10%10)) + ":443"
	}
	return out
}()

func TestExpiredSessionIsRefused(t *testing.T) {
	a := newApp(t, storetest.New(t))
	ctx := context.Background()
	tok := auth.NewToken("chs_")
	now := a.f.DB.Now().Unix()
	storetest.Must(t, a.f.DB.Tx(ctx, func(tx *store.Tx) error {
		return tx.CreateSession(ctx, &store.Session{TokenHash: auth.HashToken(tok), UserID: a.f.Owner.ID, WorkspaceID: a.f.Workspace.ID,
			CreatedAt: now - 3600, ExpiresAt: now - 1})
	}))
	a.cookies["expired"] = tok
	if w := a.do("expired", "GET", "/api/v1/me", "", ""); w.Code != http.StatusUnauthorized {
		t.Errorf("expired session: %d, want 401", w.Code)
	}
}
