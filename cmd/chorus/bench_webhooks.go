package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chorushq/chorus/internal/store"
)

// cmdBench holds the load generators of the scripts in bench/. They are
// tools for measuring a server, not for running one.
func cmdBench(ctx context.Context, env *Env, args []string) error {
	const usage = "usage: chorus bench webhooks|webhook-baseline|orders|world|reports|pages [flags]"
	if len(args) == 0 {
		return errors.New(usage)
	}
	switch args[0] {
	case "webhooks":
		return benchWebhooks(ctx, env, args[1:])
	case "webhook-baseline":
		return benchWebhookBaseline(ctx, env, args[1:])
	case "orders":
		return benchOrders(ctx, env, args[1:])
	case "world":
		return benchWorld(ctx, env, args[1:])
	case "reports":
		return benchReports(ctx, env, args[1:])
	case "pages":
		return benchPages(ctx, env, args[1:])
	}
	return fmt.Errorf("bench %q: unknown; %s", args[0], usage)
}

// hookLoad is one run of the webhook load generator.
type hookLoad struct {
	url, secret string
	workers     int
	orders      int
	redeliver   float64
	firstID     int64
	code        string
	check       bool
}

// hookResult is what the generator saw.
type hookResult struct {
	sent, distinct, redelivered int
	failed                      int // answers other than 200, and transport errors
	statuses                    map[string]int
	elapsed                     time.Duration
	latencies                   []time.Duration
}

func benchWebhooks(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "bench webhooks", "bench webhooks --url URL --secret S [--workers 32] [--orders 20000] [--redeliver 0.1]")
	var l hookLoad
	fs.StringVar(&l.url, "url", "", "the Shopify webhook URL, e.g. http://127.0.0.1:8080/hooks/shopify/demo (required)")
	fs.StringVar(&l.secret, "secret", "", "the workspace's Shopify webhook secret (required)")
	fs.IntVar(&l.workers, "workers", 32, "concurrent connections")
	fs.IntVar(&l.orders, "orders", 20000, "distinct orders to send")
	fs.Float64Var(&l.redeliver, "redeliver", 0.1, "share of deliveries sent a second time, with the same delivery id")
	fs.Int64Var(&l.firstID, "first-id", 0, "first Shopify order id (default: from the clock, so runs do not collide)")
	fs.StringVar(&l.code, "code", "", "discount code every order carries (default: none)")
	fs.BoolVar(&l.check, "check", true, "require one 'stored' answer per order and 'duplicate delivery' for the rest (false for the baseline)")
	envErrs, err := parseFlags(fs, env, args)
	if err != nil {
		return err
	}
	errs := append(envErrs, noArgs(fs))
	if l.url == "" || l.secret == "" {
		errs = append(errs, errors.New("--url and --secret: required"))
	}
	if l.workers < 1 || l.orders < 1 || l.redeliver < 0 || l.redeliver > 1 {
		errs = append(errs, fmt.Errorf("--workers %d, --orders %d, --redeliver %g: want at least 1, at least 1, and 0 to 1", l.workers, l.orders, l.redeliver))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if l.firstID == 0 {
		l.firstID = time.Now().UnixMilli() * 1000
	}
	res, err := l.run(ctx, env.Stderr)
	if err != nil {
		return err
	}
	slices.Sort(res.latencies)
	stored, dups := res.statuses["stored"], res.statuses["duplicate delivery"]
	fmt.Fprintf(env.Stdout, "sent=%d distinct_orders=%d redelivered=%d failed=%d answered_stored=%d answered_duplicate=%d seconds=%.2f per_second=%.0f p50_ms=%.2f p99_ms=%.2f\n",
		res.sent, res.distinct, res.redelivered, res.failed, stored, dups, res.elapsed.Seconds(), float64(res.sent)/res.elapsed.Seconds(),
		ms(percentile(res.latencies, 0.50)), ms(percentile(res.latencies, 0.99)))
	if res.failed > 0 {
		return fmt.Errorf("%d deliveries failed", res.failed)
	}
	if l.check && (stored != res.distinct || dups != res.redelivered) {
		return fmt.Errorf("answers %v: want %d stored and %d duplicate deliveries", res.statuses, res.distinct, res.redelivered)
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// percentile of sorted latencies, nearest rank.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

// delivery is one POST: a first delivery, or a redelivery of an earlier one.
type delivery struct {
	order int64
	again bool
}

// benchOrders prints the number of orders of a workspace.
func benchOrders(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "bench orders", "bench orders [--workspace demo]")
	d := addDBFlags(fs)
	slug := fs.String("workspace", "demo", "workspace slug")
	envErrs, err := parseFlags(fs, env, args)
	if err != nil {
		return err
	}
	if err := errors.Join(append(append(envErrs, d.validate()...), noArgs(fs))...); err != nil {
		return err
	}
	db, ws, err := openWorkspace(ctx, env, d, *slug)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.OrderCount(ctx, ws.ID)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, n)
	return nil
}

// openWorkspace opens the database, migrated (a benchmark's data directory
// may predate the binary), and finds the workspace by slug.
func openWorkspace(ctx context.Context, env *Env, d *dbFlags, slug string) (*store.DB, *store.Workspace, error) {
	db, err := d.open(ctx, env, true)
	if err != nil {
		return nil, nil, err
	}
	ws, err := db.WorkspaceBySlug(ctx, slug)
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("workspace %q: %w", slug, err)
	}
	return db, ws, nil
}

// plan lists the deliveries: every order once, and a share of them again
// a little later (a shop retrying), shuffled in by a fixed seed.
func (l *hookLoad) plan() []delivery {
	rng := rand.New(rand.NewPCG(uint64(l.firstID), 7))
	var out []delivery
	for i := range l.orders {
		out = append(out, delivery{order: l.firstID + int64(i)})
		if rng.Float64() < l.redeliver && len(out) > 1 {
			// Redeliver an order sent some time before, not the one just
			// queued, so the first delivery has usually been answered.
			j := max(0, i-rng.IntN(64)-l.workers)
			out = append(out, delivery{order: l.firstID + int64(j), again: true})
		}
	}
	return out
}

func (l *hookLoad) run(ctx context.Context, stderr io.Writer) (hookResult, error) {
	plan := l.plan()
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: l.workers, MaxConnsPerHost: l.workers}}
	var next atomic.Int64
	var mu sync.Mutex
	res := hookResult{latencies: make([]time.Duration, 0, len(plan)), statuses: map[string]int{}}
	var firstErr error
	start := time.Now()
	var wg sync.WaitGroup
	for range l.workers {
		wg.Go(func() {
			var lat []time.Duration
			var failed int
			statuses := map[string]int{}
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= len(plan) {
					break
				}
				d, status, err := l.post(ctx, client, plan[i].order)
				lat = append(lat, d)
				if err != nil {
					failed++
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					continue
				}
				statuses[status]++
			}
			mu.Lock()
			res.latencies = append(res.latencies, lat...)
			res.failed += failed
			for k, v := range statuses {
				res.statuses[k] += v
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	res.sent = len(plan)
	res.distinct = l.orders
	res.redelivered = len(plan) - l.orders
	if firstErr != nil {
		fmt.Fprintf(stderr, "first failure: %v\n", firstErr)
	}
	return res, ctx.Err()
}

// post sends the orders/create delivery of order id, signed, and returns
// its latency and the answer's status.
func (l *hookLoad) post(ctx context.Context, client *http.Client, id int64) (time.Duration, string, error) {
	body := shopifyOrderBody(id, l.code)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.url, bytes.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Shopify-Topic", "orders/create")
	req.Header.Set("X-Shopify-Webhook-Id", fmt.Sprintf("bench-%d", id))
	req.Header.Set("X-Shopify-Shop-Domain", "bench.myshopify.com")
	req.Header.Set("X-Shopify-API-Version", "2025-07")
	req.Header.Set("X-Shopify-Hmac-Sha256", signShopify(l.secret, body))
	t := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return time.Since(t), "", err
	}
	out, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	d := time.Since(t)
	if err != nil {
		return d, "", err
	}
	if resp.StatusCode != http.StatusOK {
		return d, "", fmt.Errorf("order %d: %s: %s", id, resp.Status, strings.TrimSpace(string(out)))
	}
	var ans struct{ Status string }
	_ = json.Unmarshal(out, &ans) // the baseline answers no JSON
	return d, ans.Status, nil
}

func signShopify(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// shopifyOrderBody is an orders/create payload in the shape of Shopify's
// REST Order resource, about 1.5 kB like a small real order: a distinct
// buyer per order, two line items and a landing page.
func shopifyOrderBody(id int64, code string) []byte {
	codes := "[]"
	if code != "" {
		codes = `[{"code": "` + code + `", "amount": "4.20", "type": "percentage"}]`
	}
	return fmt.Appendf(nil, `{"id": %d, "admin_graphql_api_id": "gid://shopify/Order/%d", "name": "#B%d", "email": "buyer%d@bench.test",
"created_at": "%s", "currency": "USD", "presentment_currency": "USD", "financial_status": "paid",
"total_price": "42.00", "subtotal_price": "42.00", "total_discounts": "0.00", "total_tax": "3.10", "test": false,
"landing_site": "/products/serum?utm_source=instagram&utm_medium=creator", "referring_site": "https://l.instagram.com/",
"discount_codes": %s, "note_attributes": [{"name": "gift", "value": "no"}],
"customer": {"id": %d, "email": "buyer%d@bench.test", "orders_count": 1, "first_name": "Bench", "last_name": "Buyer"},
"shipping_address": {"city": "Lyon", "country_code": "FR", "zip": "69001"},
"line_items": [{"id": 1, "title": "Serum", "quantity": 1, "price": "30.00", "sku": "SER-30"},
 {"id": 2, "title": "Cleanser", "quantity": 1, "price": "12.00", "sku": "CLE-12"}]}`,
		id, id, id, id, time.Now().UTC().Format(time.RFC3339), codes, id, id)
}

// benchWebhookBaseline serves what a webhook endpoint costs without
// storage: read the body, verify its HMAC, answer 200. The generator run
// against it is the ceiling of the machine and the client.
func benchWebhookBaseline(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "bench webhook-baseline", "bench webhook-baseline --listen ADDR --secret S")
	listen := fs.String("listen", "127.0.0.1:8090", "address to listen on")
	secret := fs.String("secret", "", "the secret deliveries are signed with (required)")
	envErrs, err := parseFlags(fs, env, args)
	if err != nil {
		return err
	}
	errs := append(envErrs, noArgs(fs))
	if *secret == "" {
		errs = append(errs, errors.New("--secret: required"))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 4<<20))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		want := signShopify(*secret, body)
		if !hmac.Equal([]byte(want), []byte(r.Header.Get("X-Shopify-Hmac-Sha256"))) {
			http.Error(w, "signature does not verify", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"status":"ok"}`)
	})
	srv := &http.Server{Addr: *listen, Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
