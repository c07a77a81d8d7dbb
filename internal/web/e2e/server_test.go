package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/chorushq/chorus/internal/store/storetest"
	"github.com/chorushq/chorus/internal/web"
)

// app is the server under test, in this process on loopback, over a fresh
// SQLite database with one workspace (acme) and its owner; and a shop, a
// second site on another port where tracked links land.
type app struct {
	f    *storetest.Fixture
	srv  *web.Server
	url  string
	shop string
}

func startApp(t *testing.T) *app {
	t.Helper()
	f := storetest.New(t)
	srv, err := web.New(web.Config{DB: f.DB, BcryptCost: bcrypt.MinCost, Secret: []byte("e2e test secret, not for production"),
		DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	shop := httptest.NewServer(http.HandlerFunc(shopPage))
	t.Cleanup(func() {
		ts.Close()
		shop.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Close(ctx); err != nil {
			t.Errorf("close server: %v", err)
		}
	})
	return &app{f: f, srv: srv, url: ts.URL, shop: shop.URL}
}

// shopPage is the brand's shop: any path answers a small page, and
// /favicon.ico answers nothing, so that the browser logs no failed request.
func shopPage(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/favicon.ico" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Glow shop</title><link rel="icon" href="data:,"></head>` +
		`<body><a class="skip" href="#main">Skip to content</a><main id="main"><h1>Glow serum</h1><p>The shop a tracked link lands on.</p></main></body></html>`))
}

// signIn signs in through the login form as email with the fixture password.
func signIn(b *browser, f *storetest.Fixture, email string) {
	b.t.Helper()
	signInWith(b, email, f.Password)
}

func signInWith(b *browser, email, password string) {
	b.t.Helper()
	b.visit("login page", "/login")
	b.fill("login form", map[string]string{"#email": email, "#password": password})
	if p := b.submit("sign in", "form[action='/login'] button[type=submit]"); p != "/" {
		b.t.Fatalf("after signing in the browser is at %s, want /", p)
	}
}
