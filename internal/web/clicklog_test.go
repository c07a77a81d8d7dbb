package web

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/chorushq/chorus/internal/clicklog"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
	"github.com/chorushq/chorus/internal/tracking"
)

// TestClickLogOrders: with the click log, a click is answered before the
// database has it, yet an order that names it moments later is attributed
// to it: the webhook waits for the log to reach the database first.
func TestClickLogOrders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		s := newShop(t, f)
		ctx := context.Background()
		// The ingester would wait an hour on its own: only Flush moves
		// clicks into the database here.
		cl, err := clicklog.Open(ctx, t.TempDir(), f.DB, clicklog.Options{IngestDelay: time.Hour, BusyRate: 1, MaxLag: time.Hour})
		storetest.Must(t, err)
		defer cl.Close(ctx)
		clock := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC) // before the order's 15:15 UTC
		srv, err := New(Config{DB: f.DB, BcryptCost: bcrypt.MinCost, RateLimits: &RateLimits{Off: true}, ClickLog: cl,
			Secret: []byte("test server secret, long enough"), Now: func() time.Time { return clock }})
		storetest.Must(t, err)
		defer srv.Close(ctx)
		s.srv, s.h = srv, srv.Handler()

		r := httptest.NewRequest("GET", "/c/leo-autumn", nil)
		r.Header.Set("User-Agent", uaInstagramIOS)
		w := httptest.NewRecorder()
		s.h.ServeHTTP(w, r)
		if w.Code != http.StatusFound {
			t.Fatalf("redirect: %d %s", w.Code, w.Body)
		}
		_, cid, _ := strings.Cut(w.Header().Get("Location"), tracking.ClickIDParam+"=")
		if _, err := f.DB.ClickByID(ctx, f.Workspace.ID, cid); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("click %s already in the database (%v): the test would prove nothing", cid, err)
		}
		body := shopifyOrder(3001, "20.00", "zed@x.test", "/?chorus_cid="+cid, "")
		if w := s.hook("/hooks/shopify/acme", "orders/create", "w-3001", acmeShopifySecret, body); w.Code != http.StatusOK {
			t.Fatalf("order: %d %s", w.Code, w.Body)
		}
		if o := s.order(t, "3001"); o.CollaborationID != s.leo || o.Rule != "click" || o.ClickID != cid {
			t.Errorf("order 3001: collaboration %d rule %q click %q; want Leo's (%d) by click %s", o.CollaborationID, o.Rule, o.ClickID, s.leo, cid)
		}
		raw, err := f.DB.RawClickCounts(ctx, mustLinkID(t, f, "leo-autumn"))
		storetest.Must(t, err)
		if raw.Humans != 2 { // the fixture's click and this one
			t.Errorf("Leo's link has %+v, want 2 human clicks", raw)
		}
	})
}

func mustLinkID(t *testing.T, f *storetest.Fixture, slug string) int64 {
	t.Helper()
	l, err := f.DB.LinkBySlug(context.Background(), slug)
	storetest.Must(t, err)
	return l.ID
}
