package main

import (
	"context"
	"crypto/hmac"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/chorushq/chorus/internal/store"
)

// dedupingShop answers like Chorus's webhook: 401 on a bad signature,
// "stored" for a delivery id seen first, "duplicate delivery" after.
func dedupingShop(secret string) http.Handler {
	var mu sync.Mutex
	seen := map[string]bool{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !hmac.Equal([]byte(signShopify(secret, body)), []byte(r.Header.Get("X-Shopify-Hmac-Sha256"))) {
			http.Error(w, "signature does not verify", http.StatusUnauthorized)
			return
		}
		mu.Lock()
		dup := seen[r.Header.Get("X-Shopify-Webhook-Id")]
		seen[r.Header.Get("X-Shopify-Webhook-Id")] = true
		mu.Unlock()
		if dup {
			io.WriteString(w, `{"status": "duplicate delivery"}`)
		} else {
			io.WriteString(w, `{"status": "stored"}`)
		}
	})
}

func TestHookLoad(t *testing.T) {
	srv := httptest.NewServer(dedupingShop("s3cret"))
	defer srv.Close()
	for _, tt := range []struct {
		name, secret string
		redeliver    float64
		wantFailed   bool
		firstID      int64 // distinct per case: the shop remembers deliveries
	}{
		{"no redeliveries", "s3cret", 0, false, 1000},
		{"half redelivered", "s3cret", 0.5, false, 2000},
		{"wrong secret", "other", 0.1, true, 3000},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := &hookLoad{url: srv.URL, secret: tt.secret, workers: 8, orders: 200, redeliver: tt.redeliver, firstID: tt.firstID}
			again := 0
			for _, d := range l.plan() {
				if d.again {
					again++
				}
			}
			res, err := l.run(context.Background(), io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if res.sent != 200+again || res.redelivered != again || len(res.latencies) != res.sent {
				t.Errorf("sent %d, redelivered %d, %d latencies; want %d, %d, %d", res.sent, res.redelivered, len(res.latencies), 200+again, again, 200+again)
			}
			if tt.wantFailed {
				if res.failed != res.sent {
					t.Errorf("wrong secret: %d of %d failed, want all", res.failed, res.sent)
				}
				return
			}
			// 0 redeliveries must plan none; 0.5 of 200 plans about 100
			// (binomial: below 60 is 6 standard deviations off).
			if (tt.redeliver == 0) != (again == 0) || (tt.redeliver > 0 && again < 60) {
				t.Errorf("redeliver %g planned %d redeliveries", tt.redeliver, again)
			}
			if res.failed != 0 || res.statuses["stored"] != 200 || res.statuses["duplicate delivery"] != again {
				t.Errorf("failed %d, answers %v; want 200 stored and %d duplicates", res.failed, res.statuses, again)
			}
		})
	}
}

func TestCompareReport(t *testing.T) {
	rep := &store.Report{Collaborations: []store.ReportRow{
		{ID: 1, HumanClicks: 10, Default: store.Metrics{Conversions: 1.5, RevenueMinor: 300, NewCustomers: 1}},
		{ID: 2, HumanClicks: 7, Default: store.Metrics{Conversions: 2, RevenueMinor: 500}},
	}}
	same := map[int64]*store.ReportRow{
		1: {ID: 1, HumanClicks: 10, Default: store.Metrics{Conversions: 1.5 + 1e-9, RevenueMinor: 300, NewCustomers: 1}},
		2: {ID: 2, HumanClicks: 7, Default: store.Metrics{Conversions: 2, RevenueMinor: 500}},
	}
	if msgs := compareReport(rep, same); len(msgs) != 0 {
		t.Errorf("equal up to rounding: %v", msgs)
	}
	// One cent off on row 2, and a third collaboration the report lacks.
	off := map[int64]*store.ReportRow{1: same[1], 2: {ID: 2, HumanClicks: 7, Default: store.Metrics{Conversions: 2, RevenueMinor: 501}}, 3: {ID: 3}}
	msgs := compareReport(rep, off)
	if len(msgs) != 2 || !strings.Contains(msgs[0], "collaboration 2") || !strings.Contains(msgs[1], "3 collaborations in the raw figures, 2 in the report") {
		t.Errorf("got %q", msgs)
	}
}

func TestBenchUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"nosuch"}, {"webhooks"}, {"webhooks", "--url", "http://x", "--secret", "s", "--workers", "0"}} {
		if err := cmdBench(context.Background(), &Env{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }}, args); err == nil {
			t.Errorf("bench %q: no error", args)
		}
	}
}
