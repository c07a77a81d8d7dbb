package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/chorushq/chorus/internal/clicklog"
	"github.com/chorushq/chorus/internal/discovery"
	"github.com/chorushq/chorus/internal/fastpath"
	"github.com/chorushq/chorus/internal/ops"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/web"
)

// serveFlags are the flags of serve and demo.
type serveFlags struct {
	*dbFlags
	// connectors are the platform credentials behind the sync button.
	connectors *discovery.Connectors
	listen     string
	migrate    bool
	dev        bool
	secure     bool
	logFormat  string
	logLevel   string
	secret     string
	geoip      string
	proxies    int
	pprof      string
	noLimits   bool
	uploadMax  int64
	mail       *mailFlags
	// sessionIdle signs out browser sessions left unused this long.
	sessionIdle time.Duration
	clickLog    string
	fastClicks  bool
}

func addServeFlags(env *Env, name, usage string) (*serveFlagSet, *serveFlags) {
	fs := newFlags(env, name, usage)
	f := &serveFlags{dbFlags: addDBFlags(fs)}
	f.connectors = connectorFlags(fs)
	fs.StringVar(&f.listen, "listen", "127.0.0.1:8080", "address to listen on")
	fs.BoolVar(&f.migrate, "migrate", false, "apply pending database migrations before serving")
	fs.BoolVar(&f.dev, "dev", false, "read templates and static files from internal/web on disk")
	fs.BoolVar(&f.secure, "secure-cookies", false, "mark cookies Secure (set when served over HTTPS)")
	fs.StringVar(&f.logFormat, "log-format", "text", "log format: text or json")
	fs.StringVar(&f.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	fs.StringVar(&f.secret, "secret", "", "server secret keying the daily IP-hash salts; all nodes must share it (default: <data>/secret.key, created on first start)")
	fs.StringVar(&f.geoip, "geoip", "", "MaxMind DB file (e.g. GeoLite2-Country.mmdb) giving clicks their country")
	fs.IntVar(&f.proxies, "trusted-proxies", 0, "number of reverse proxies in front that append to X-Forwarded-For (0: ignore the header)")
	fs.StringVar(&f.pprof, "pprof", "", "serve net/http/pprof on this loopback address, e.g. 127.0.0.1:6060")
	fs.BoolVar(&f.noLimits, "no-rate-limits", false, "turn the per-IP rate limits off (for benchmarks, which come from one address)")
	fs.Int64Var(&f.uploadMax, "upload-max", 100<<20, "largest draft media file in bytes (stored under <data>/media)")
	fs.DurationVar(&f.sessionIdle, "session-idle", 7*24*time.Hour, "sign out a browser session unused for this long (sessions last 14 days at most)")
	fs.StringVar(&f.clickLog, "click-log", "auto", "directory of the click journal, where the redirect makes clicks durable before they are ingested into the database; auto: <database file>.clicklog on SQLite, off on PostgreSQL; off: commit each group of clicks to the database before answering")
	fs.BoolVar(&f.fastClicks, "fast-clicks", true, "answer GET /c/ requests on a lean HTTP/1.1 loop instead of net/http's, which spends about half a click's CPU on reading the connection while the click is made durable (docs/performance.md)")
	f.mail = addMailFlags(fs)
	return &serveFlagSet{fs}, f
}

type serveFlagSet struct{ *flag.FlagSet }

func (f *serveFlags) validate() []error {
	errs := f.dbFlags.validate()
	if err := validListen(f.listen); err != nil {
		errs = append(errs, err)
	}
	if f.logFormat != "text" && f.logFormat != "json" {
		errs = append(errs, fmt.Errorf("--log-format %q: want text or json", f.logFormat))
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(f.logLevel)); err != nil {
		errs = append(errs, fmt.Errorf("--log-level %q: want debug, info, warn or error", f.logLevel))
	}
	if f.proxies < 0 {
		errs = append(errs, fmt.Errorf("--trusted-proxies %d: must be 0 or more", f.proxies))
	}
	if err := validPprof(f.pprof); err != nil {
		errs = append(errs, err)
	}
	// Last use is recorded to the minute, so a shorter limit would end
	// sessions that are in use.
	if f.sessionIdle < 5*time.Minute {
		errs = append(errs, fmt.Errorf("--session-idle %v: must be at least 5m", f.sessionIdle))
	}
	if f.clickLog == "" {
		errs = append(errs, errors.New("--click-log: must not be empty (auto, off or a directory)"))
	}
	errs = append(errs, f.mail.validate()...)
	return errs
}

// clickLogDir resolves --click-log: "" means no journal.
func (f *serveFlags) clickLogDir() string {
	switch f.clickLog {
	case "off":
		return ""
	case "auto":
		if d, path, err := store.ParseDSN(f.dsn()); err == nil && d == store.SQLite {
			return path + ".clicklog"
		}
		return ""
	}
	return f.clickLog
}

// openClickLog opens the click journal, replaying into the database what
// a crash left in it; nil when there is none.
func (f *serveFlags) openClickLog(ctx context.Context, db *store.DB, log *slog.Logger) (*clicklog.Log, error) {
	dir := f.clickLogDir()
	if dir == "" {
		return nil, nil
	}
	start := time.Now()
	cl, err := clicklog.Open(ctx, dir, db, clicklog.Options{Log: log})
	if err != nil {
		return nil, err
	}
	log.Info("click log", "dir", dir, "opened_in", time.Since(start).Round(time.Millisecond))
	return cl, nil
}

func (f *serveFlags) logger(env *Env) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(f.logLevel))
	opts := &slog.HandlerOptions{Level: lvl}
	if f.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(env.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(env.Stderr, opts))
}

func cmdServe(ctx context.Context, env *Env, args []string) error {
	fs, f := addServeFlags(env, "serve", "serve [--listen ADDR] [--data DIR] [--db DSN] [--migrate]")
	envErrs, err := parseFlags(fs.FlagSet, env, args)
	if err != nil {
		return err
	}
	if err := errors.Join(append(append(envErrs, f.validate()...), noArgs(fs.FlagSet))...); err != nil {
		return err
	}
	db, err := f.open(ctx, env, f.migrate)
	if err != nil {
		return err
	}
	defer db.Close()
	return serve(ctx, env, f, db, nil)
}

// Garbage collector defaults for serve, unless GOGC or GOMEMLIMIT say
// otherwise. A click allocates about 2 KB (the request, its header, the
// click's strings) and keeps none of it: at Go's default GOGC=100 over a
// live heap of a few megabytes the collector ran dozens of times a second
// under a wave of clicks and cost 1.5 µs of the 17.5 a click took
// (bench/redirect-cpu.sh with GOGC=400, docs/performance.md). The memory
// limit keeps the larger heap target from growing past what the memory
// target allows: near it the collector runs as often as it must.
const (
	serveGCPercent   = 400
	serveMemoryLimit = 256 << 20
)

func tuneGC(env *Env) {
	if env.Getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
	if env.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serveMemoryLimit)
	}
}

// serve runs the HTTP server until ctx ends, then drains in-flight requests.
// ready, when set, is called with the listening address.
func serve(ctx context.Context, env *Env, f *serveFlags, db *store.DB, ready func(addr string)) error {
	log := f.logger(env)
	tuneGC(env)
	devDir := ""
	if f.dev {
		devDir = filepath.Join("internal", "web")
		if _, err := os.Stat(devDir); err != nil {
			return fmt.Errorf("--dev: run from the repository root (%w)", err)
		}
	}
	secret, err := f.serverSecret()
	if err != nil {
		return err
	}
	geo, err := openGeoIP(f.geoip)
	if err != nil {
		return err
	}
	defer geo.Close()
	mailer, err := f.mail.sender()
	if err != nil {
		return err
	}
	clog, err := f.openClickLog(ctx, db, log)
	if err != nil {
		return err
	}
	if clog != nil {
		// Last: after the server's own closers, no click can arrive.
		defer func() {
			cctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if err := clog.Close(cctx); err != nil {
				log.Error("closing the click log", "err", err)
			}
		}()
	}
	srv, err := web.New(web.Config{ClickLog: clog, DB: db, Log: log, SecureCookies: f.secure, Dev: f.dev, DevDir: devDir,
		Secret: secret, GeoIP: geo, TrustedProxies: f.proxies, DataDir: f.data, UploadMax: f.uploadMax, Mail: mailer,
		RateLimits: f.rateLimits(), SessionIdle: f.sessionIdle, Connectors: *f.connectors})
	if err != nil {
		return err
	}
	jobs := ops.NewJobs(log)
	for _, j := range srv.Jobs() {
		if err := jobs.Add(j); err != nil {
			return err
		}
	}
	if mailer != nil {
		log.Info("mail", "smtp", mailer.String())
	}
	if f.pprof != "" {
		pln, err := net.Listen("tcp", f.pprof)
		if err != nil {
			return fmt.Errorf("--pprof: listen on %s: %w", f.pprof, err)
		}
		defer pln.Close()
		go http.Serve(pln, pprofHandler())
		log.Info("profiling", "addr", "http://"+pln.Addr().String()+"/debug/pprof/")
	}
	ln, err := net.Listen("tcp", f.listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", f.listen, err)
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 5 * time.Second, // slow clients cannot hold connections open
		ReadTimeout:       2 * time.Minute, // large imports are uploads too
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	var fast *fastpath.Server
	if f.fastClicks {
		// The same handler, middleware included (rate limits apply).
		fast = &fastpath.Server{Prefixes: []string{"GET /c/", "HEAD /c/"}, Handler: hs.Handler, Log: log,
			ReadHeaderTimeout: hs.ReadHeaderTimeout, IdleTimeout: hs.IdleTimeout, WriteTimeout: hs.WriteTimeout,
			MaxHeaderBytes: hs.MaxHeaderBytes}
		if ln, err = fast.Listen(ln); err != nil {
			return err
		}
	}
	log.Info("serving", "addr", "http://"+ln.Addr().String(), "db", db.Dialect().String(), "cpus", runtime.GOMAXPROCS(0))
	if ready != nil {
		ready(ln.Addr().String())
	}
	if err := jobs.Start(ctx); err != nil {
		return err
	}
	defer jobs.Stop(context.Background()) // on early returns; a no-op after the stop below
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: draining requests")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = hs.Shutdown(sctx)
	if fast != nil {
		// Clicks being answered reach the click log before it closes.
		if ferr := fast.Shutdown(sctx); err == nil {
			err = ferr
		}
	}
	if jerr := jobs.Stop(sctx); err == nil {
		err = jerr
	}
	if cerr := srv.Close(sctx); err == nil {
		err = cerr
	}
	return err
}
