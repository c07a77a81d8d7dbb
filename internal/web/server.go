// Package web serves Chorus over HTTP: the pages, the JSON API under /api/v1,
// the click redirect and the webhooks, all from one route table.
package web

import (
	"context"
	"errors"
	"fmt"
	"github.com/chorushq/chorus/internal/clicklog"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/chorushq/chorus/internal/discovery"
	"github.com/chorushq/chorus/internal/mail"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/tracking"
)

// Config is what a Server needs.
type Config struct {
	DB  *store.DB
	Log *slog.Logger
	// SecureCookies marks cookies Secure; set it when served over HTTPS.
	SecureCookies bool
	// Dev reads templates and static files from disk on every request.
	Dev bool
	// DevDir is the internal/web directory on disk, for Dev.
	DevDir string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// BcryptCost is the cost of new password hashes; 0 means the default.
	BcryptCost int
	// SessionTTL is how long a sign-in lasts; 0 means 14 days.
	SessionTTL time.Duration
	// SessionIdle ends a session unused for this long, before SessionTTL;
	// 0 means 7 days.
	SessionIdle time.Duration
	// Connectors reach the platform APIs for the sync button; unset
	// credentials make the button explain what is missing.
	Connectors discovery.Connectors
	// ImportWait is how long the import form waits for a small file before
	// showing the import's progress page instead; 0 means 3 s.
	ImportWait time.Duration
	// Secret keys the daily IP-hash salts and other server-side MACs. Every
	// node of one installation must share it.
	Secret []byte
	// Mail sends outreach and reminders; nil records them as failed.
	Mail *mail.Sender
	// ReminderEvery is how often overdue deliverables are looked for; 0
	// means 15 minutes.
	ReminderEvery time.Duration
	// DataDir holds uploaded draft media (under DataDir/media); serve sets
	// it from --data. Empty means uploads are refused.
	DataDir string
	// UploadMax caps one draft upload in bytes; 0 means 100 MiB.
	UploadMax int64
	// Revenue gives the attributed revenue commissions are computed on;
	// nil means the store's when it provides one, else none.
	Revenue RevenueSource
	// GeoIP gives clicks their country; nil leaves it empty.
	GeoIP *tracking.GeoIP
	// TrustedProxies is the number of reverse proxies in front of the
	// server that append to X-Forwarded-For; 0 ignores the header.
	TrustedProxies int
	// RateLimits are the per-IP limits of the public endpoints; nil means
	// DefaultRateLimits.
	RateLimits *RateLimits
	// ClickLog, when set, is where the redirect makes clicks durable;
	// they reach the database moments later. Nil commits each group of
	// clicks to the database before answering. The caller opens and
	// closes it.
	ClickLog *clicklog.Log
}

// Server holds the dependencies of every handler.
type Server struct {
	cfg    Config
	db     *store.DB
	log    *slog.Logger
	pages  *pages
	static fs.FS
	mux    *http.ServeMux
	routes []route
	// closers run at shutdown, in order, after the listener has drained
	// (for example to commit the last batch of clicks).
	closers []func(context.Context) error
	// imports are the creator imports running in the background.
	imports *importJobs
	// syncs are the platform syncs running in the background.
	syncs *syncJobs
	// clicks answers /c/{slug} outside the middleware.
	clicks *redirector
	// guards holds the rate limits and the sign-in lockout.
	guards *guards
	// hooks group-commits order webhook deliveries.
	hooks *tracking.Batcher[*store.PendingEvent]
}

// New builds a server and its route table.
func New(cfg Config) (*Server, error) {
	if cfg.DB == nil {
		return nil, fmt.Errorf("web: no database")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 14 * 24 * time.Hour
	}
	if cfg.ImportWait == 0 {
		cfg.ImportWait = defaultImportWait
	}
	if cfg.SessionIdle == 0 {
		cfg.SessionIdle = 7 * 24 * time.Hour
	}
	s := &Server{cfg: cfg, db: cfg.DB, log: cfg.Log, guards: newGuards(cfg)}
	var err error
	if s.pages, err = loadPages(cfg.Dev, cfg.DevDir); err != nil {
		return nil, err
	}
	s.static = staticFS(cfg.Dev, cfg.DevDir)
	if s.clicks, err = newRedirector(cfg); err != nil {
		return nil, err
	}
	s.closers = append(s.closers, s.clicks.close)
	s.hooks = newHookBatcher(s.db, s.settleClicks)
	s.closers = append(s.closers, s.hooks.Close)
	s.imports = newImportJobs()
	s.closers = append(s.closers, s.imports.close)
	s.recoverAtStart(context.Background()) // what a crash left: recovery.go
	s.syncs = newSyncJobs()
	s.closers = append(s.closers, s.syncs.close)
	s.recoverSyncs(context.Background())
	s.routes = s.routeTable()
	s.mux = http.NewServeMux()
	for _, rt := range s.routes {
		s.mux.Handle(rt.method+" "+rt.pattern, s.wrap(rt))
	}
	return s, nil
}

// Handler is the whole application with its middleware.
func (s *Server) Handler() http.Handler {
	return s.rateLimit(s.clicks.route(s.recover(s.securityHeaders(s.csrf(s.mux)))))
}

// Routes returns the route table, for tests and the API document.
func (s *Server) Routes() []Route {
	out := make([]Route, len(s.routes))
	for i, r := range s.routes {
		out[i] = Route{Method: r.method, Pattern: r.pattern, Perm: r.perm, Summary: r.summary}
	}
	return out
}

// Route describes one entry of the route table.
type Route struct {
	Method, Pattern string
	Perm            Perm
	Summary         string
}

// Close runs the shutdown hooks, after the HTTP server has drained.
func (s *Server) Close(ctx context.Context) error {
	var errs []error
	for _, c := range s.closers {
		errs = append(errs, c(ctx))
	}
	return errors.Join(errs...)
}

func (s *Server) now() time.Time { return s.cfg.Now() }
