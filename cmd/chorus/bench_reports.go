package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/chorushq/chorus/internal/demo"
	"github.com/chorushq/chorus/internal/sim"
	"github.com/chorushq/chorus/internal/store"
)

// benchWorld fills a new "demo" workspace from a simulated world sized by
// flags, for the reports and memory benchmarks: `chorus demo` sizes only
// the creator pool.
func benchWorld(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "bench world", "bench world [--creators 2000] [--campaigns 50] [--traffic 82] [--seed 1]")
	d := addDBFlags(fs)
	cfg := sim.DefaultConfig()
	fs.IntVar(&cfg.Creators, "creators", 2000, "creators in the pool")
	fs.IntVar(&cfg.Campaigns, "campaigns", 50, "campaigns")
	fs.Float64Var(&cfg.TrafficScale, "traffic", 82, "sim TrafficScale: 82 gives about 10 million clicks with 50 campaigns (46: 5.6 million)")
	fs.Int64Var(&cfg.Seed, "seed", 1, "seed of the world")
	envErrs, err := parseFlags(fs, env, args)
	if err != nil {
		return err
	}
	errs := append(append(envErrs, d.validate()...), noArgs(fs))
	cfg.Start = time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -cfg.Days)
	if err := cfg.Validate(); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	w, err := sim.New(cfg)
	if err != nil {
		return err
	}
	db, err := d.open(ctx, env, true)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	ws := &store.Workspace{Slug: demoWorkspace, Name: "Reports at scale", Currency: cfg.Currency}
	if err := createDemoWorkspace(ctx, db, ws, "Bench Owner", bcrypt.MinCost); err != nil {
		return err
	}
	l, err := demo.Load(ctx, db, w, ws, slog.New(slog.NewTextHandler(env.Stderr, nil)))
	if err != nil {
		return err
	}
	orders, err := db.OrderCount(ctx, ws.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "world: creators=%d campaigns=%d clicks=%d orders=%d load_seconds=%.0f\n", cfg.Creators, cfg.Campaigns,
		l.ClicksLoaded, orders, time.Since(start).Seconds())
	return nil
}

// benchReports times every campaign's report, then the dashboard's figures,
// from the rollups against the same figures computed from the raw clicks and
// orders, and fails unless both agree.
func benchReports(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "bench reports", "bench reports [--runs 5] [--workspace demo]")
	d := addDBFlags(fs)
	runs := fs.Int("runs", 5, "times each campaign's report is computed each way")
	slug := fs.String("workspace", demoWorkspace, "workspace slug")
	envErrs, err := parseFlags(fs, env, args)
	if err != nil {
		return err
	}
	errs := append(append(envErrs, d.validate()...), noArgs(fs))
	if *runs < 1 {
		errs = append(errs, fmt.Errorf("--runs %d: must be at least 1", *runs))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	db, ws, err := openWorkspace(ctx, env, d, *slug)
	if err != nil {
		return err
	}
	defer db.Close()
	cps, err := db.Campaigns(ctx, ws.ID)
	if err != nil {
		return err
	}
	var fast, raw []time.Duration
	var mismatches int
	for run := range *runs {
		for _, cp := range cps {
			t := time.Now()
			rep, err := db.CampaignReport(ctx, ws.ID, cp.ID, "default")
			if err != nil {
				return err
			}
			fast = append(fast, time.Since(t))
			t = time.Now()
			want, err := db.RawCampaignFigures(ctx, ws.ID, cp.ID)
			if err != nil {
				return err
			}
			raw = append(raw, time.Since(t))
			if run == 0 {
				for _, msg := range compareReport(rep, want) {
					mismatches++
					fmt.Fprintf(env.Stderr, "campaign %d: %s\n", cp.ID, msg)
				}
			}
		}
	}
	slices.Sort(fast)
	slices.Sort(raw)
	fmt.Fprintf(env.Stdout, "campaigns=%d runs=%d report_p50_ms=%.2f report_p95_ms=%.2f raw_p50_ms=%.1f raw_p95_ms=%.1f speedup_p50=%.0fx mismatches=%d\n",
		len(cps), *runs, ms(percentile(fast, 0.5)), ms(percentile(fast, 0.95)), ms(percentile(raw, 0.5)), ms(percentile(raw, 0.95)),
		float64(percentile(raw, 0.5))/float64(percentile(fast, 0.5)), mismatches)
	if mismatches > 0 {
		return fmt.Errorf("%d figures differ between the report and the raw events", mismatches)
	}
	dash, err := benchDashboard(ctx, db, ws, *runs)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, dash)
	if dash.mismatch != "" {
		return fmt.Errorf("the dashboard's figures differ between the rollups and the raw events:\n%s", dash.mismatch)
	}
	return nil
}

// compareReport lists the figures where the report differs from the raw
// computation. Conversions are fractional shares summed in a different
// order, so they agree to 1e-6, not to the last bit.
func compareReport(rep *store.Report, raw map[int64]*store.ReportRow) []string {
	var out []string
	seen := 0
	for _, r := range rep.Collaborations {
		w := raw[r.ID]
		if w == nil {
			out = append(out, fmt.Sprintf("collaboration %d: in the report, not in the raw figures", r.ID))
			continue
		}
		seen++
		if r.HumanClicks != w.HumanClicks || r.Default.RevenueMinor != w.Default.RevenueMinor ||
			math.Abs(r.Default.Conversions-w.Default.Conversions) > 1e-6 || math.Abs(r.Default.NewCustomers-w.Default.NewCustomers) > 1e-6 {
			out = append(out, fmt.Sprintf("collaboration %d: report clicks %d %+v, raw clicks %d %+v", r.ID, r.HumanClicks, r.Default, w.HumanClicks, w.Default))
		}
	}
	if seen != len(raw) {
		out = append(out, fmt.Sprintf("%d collaborations in the raw figures, %d in the report", len(raw), seen))
	}
	return out
}

// benchPages signs in as the demo owner and times the pages and API calls
// that show reports: the dashboard, and each campaign's report and
// analytics. It prints p50 and p95 per kind of request.
func benchPages(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "bench pages", "bench pages --url http://127.0.0.1:8080 [--runs 5] [--workers 1] [--only dashboard,report,analytics,campaign_page]")
	base := fs.String("url", "", "the server (required)")
	runs := fs.Int("runs", 5, "rounds over the dashboard and every campaign")
	workers := fs.Int("workers", 1, "concurrent rounds (more measures the pages under load)")
	only := fs.String("only", "", "comma-separated kinds of request to time (default: all)")
	envErrs, err := parseFlags(fs, env, args)
	if err != nil {
		return err
	}
	errs := append(envErrs, noArgs(fs))
	if *base == "" || *runs < 1 || *workers < 1 {
		errs = append(errs, fmt.Errorf("--url %q, --runs %d, --workers %d: want a URL and at least 1 of each", *base, *runs, *workers))
	}
	pageKinds := []string{"dashboard", "report", "analytics", "campaign_page"}
	want := map[string]bool{}
	for k := range strings.SplitSeq(*only, ",") {
		if k = strings.TrimSpace(k); k == "" {
			continue
		}
		if !slices.Contains(pageKinds, k) {
			errs = append(errs, fmt.Errorf("--only %q: unknown kind %q (want some of %s)", *only, k, strings.Join(pageKinds, ", ")))
		}
		want[k] = true
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	client, err := signIn(ctx, *base, demoEmail, demoPassword)
	if err != nil {
		return err
	}
	var list struct {
		Campaigns []struct {
			ID int64 `json:"id"`
		} `json:"campaigns"`
	}
	if err := getJSON(ctx, client, *base+"/api/v1/campaigns", &list); err != nil {
		return err
	}
	kinds := map[string][]string{"dashboard": {"/"}}
	for _, cp := range list.Campaigns {
		kinds["report"] = append(kinds["report"], fmt.Sprintf("/api/v1/campaigns/%d/report?model=default", cp.ID))
		kinds["analytics"] = append(kinds["analytics"], fmt.Sprintf("/api/v1/campaigns/%d/analytics", cp.ID))
		kinds["campaign_page"] = append(kinds["campaign_page"], fmt.Sprintf("/campaigns/%d", cp.ID))
	}
	if len(want) > 0 {
		maps.DeleteFunc(kinds, func(k string, _ []string) bool { return !want[k] })
	}
	var mu sync.Mutex
	lat := map[string][]time.Duration{}
	var firstErr error
	var wg sync.WaitGroup
	for range *workers {
		wg.Go(func() {
			for range *runs {
				for kind, paths := range kinds {
					for _, p := range paths {
						t := time.Now()
						err := getJSON(ctx, client, *base+p, nil)
						d := time.Since(t)
						mu.Lock()
						lat[kind] = append(lat[kind], d)
						if err != nil && firstErr == nil {
							firstErr = err
						}
						mu.Unlock()
					}
				}
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	names := slices.Sorted(maps.Keys(lat))
	for _, k := range names {
		l := lat[k]
		slices.Sort(l)
		fmt.Fprintf(env.Stdout, "%s requests=%d p50_ms=%.1f p95_ms=%.1f max_ms=%.1f\n", k, len(l), ms(percentile(l, 0.5)), ms(percentile(l, 0.95)), ms(l[len(l)-1]))
	}
	return nil
}

// signIn posts the sign-in form and returns a client holding the session.
func signIn(ctx context.Context, base, email, password string) (*http.Client, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	client := &http.Client{Jar: jar, Timeout: 60 * time.Second}
	form := url.Values{"email": {email}, "password": {password}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("sign in: %w", err)
	}
	resp.Body.Close()
	u, _ := url.Parse(base)
	if len(jar.Cookies(u)) == 0 {
		return nil, fmt.Errorf("sign in as %s: no session cookie (answer %s)", email, resp.Status)
	}
	return client, nil
}

// getJSON GETs u and decodes a JSON answer into out (nil: read and drop).
func getJSON(ctx context.Context, client *http.Client, u string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	if out != nil {
		return json.Unmarshal(body, out)
	}
	return nil
}
