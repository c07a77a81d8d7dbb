package web

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/chorushq/chorus/internal/clicklog"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/tracking"
)

const (
	// linkTTL is how long a node trusts its cached copy of a link. Edits on
	// this node drop the entry at once; edits on another node are seen
	// within linkTTL, at the cost of one indexed read per hot slug per TTL.
	linkTTL = 5 * time.Second
	// linkCacheSize bounds the cache; when it fills it is emptied, which
	// costs one read per live slug and keeps memory flat under a scan of
	// random slugs.
	linkCacheSize = 100_000
	// clickBatch is the most clicks one commit carries.
	clickBatch = 1000
	// maxReferrer keeps a hostile Referer header from bloating the table.
	maxReferrer = 1024
)

// redirector answers GET /c/{slug}: it records the click durably through
// group commit, then sends the visitor on. It runs outside the application
// middleware: it needs no session, CSRF check or page templates.
type redirector struct {
	db      *store.DB
	log     *slog.Logger
	now     func() time.Time
	links   linkCache
	batch   *tracking.Batcher[*pendingClick]
	agents  *tracking.Classifier
	ips     *tracking.IPHasher
	geo     *tracking.GeoIP
	proxies int
	// stmts are the prepared click INSERTs; nil parses them per batch.
	stmts *store.ClickStatements
	// journal, when set, makes clicks durable instead of batch.
	journal *clicklog.Log
}

// pendingClick is a click on its way to the database. gone is set by the
// commit when the link was deleted while the click was in flight, so that
// its visitor gets a 404 rather than a 302 for a click that was not stored.
type pendingClick struct {
	store.Click
	gone bool
}

func newRedirector(cfg Config) (*redirector, error) {
	secret := cfg.Secret
	if len(secret) == 0 {
		// Tests and one-off servers; serve always supplies a secret, since
		// nodes must agree on it for IP hashes to match across them.
		secret = make([]byte, 32)
		rand.Read(secret)
		cfg.Log.Warn("no server secret configured: IP hashes are keyed by a random secret for this process only")
	}
	ips, err := tracking.NewIPHasher(secret)
	if err != nil {
		return nil, fmt.Errorf("server secret: %w", err)
	}
	rd := &redirector{db: cfg.DB, log: cfg.Log, now: cfg.Now, ips: ips, geo: cfg.GeoIP, proxies: cfg.TrustedProxies,
		agents: tracking.NewClassifier(4096), links: linkCache{max: linkCacheSize}, journal: cfg.ClickLog}
	if rd.journal != nil {
		return rd, nil
	}
	if rd.stmts, err = cfg.DB.PrepareClickStatements(context.Background()); err != nil {
		// Only slower: each batch parses its INSERT instead.
		cfg.Log.Warn("click statements not prepared", "err", err)
	}
	rd.batch = tracking.NewBatcher(rd.commit, clickBatch, 0)
	return rd, nil
}

// close commits the clicks still queued. The click log is its owner's to
// close.
func (rd *redirector) close(ctx context.Context) error {
	if rd.journal != nil {
		return nil
	}
	err := rd.batch.Close(ctx)
	if rd.stmts != nil {
		err = errors.Join(err, rd.stmts.Close())
	}
	return err
}

// route sends /c/ paths to the redirector and everything else to app.
func (rd *redirector) route(app http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/c/") {
			rd.ServeHTTP(w, r)
			return
		}
		app.ServeHTTP(w, r)
	})
}

func (rd *redirector) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil && v != http.ErrAbortHandler {
			rd.log.Error("panic in redirect", "path", r.URL.Path, "panic", v)
			unavailable(w)
		}
	}()
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	ctx := r.Context()
	now := rd.now()
	l, err := rd.lookup(ctx, r.URL.Path[len("/c/"):], now)
	if err != nil {
		if ctx.Err() == nil {
			rd.log.Error("look up link", "path", r.URL.Path, "err", err)
		}
		unavailable(w)
		return
	}
	if l.id == 0 {
		linkNotFound(w)
		return
	}
	c := rd.click(r, l, now)
	var gone bool
	if rd.journal != nil {
		// A click on a link deleted meanwhile is dropped when ingested,
		// as the deletion would have removed it.
		err = rd.journal.Append(ctx, c)
	} else {
		pc := &pendingClick{Click: c}
		err = rd.batch.Add(ctx, pc)
		gone = pc.gone
	}
	if err != nil {
		if ctx.Err() != nil {
			return // the visitor left; nobody to answer
		}
		rd.log.Error("record click", "slug", r.URL.Path, "err", err)
		unavailable(w)
		return
	}
	if gone {
		rd.links.forget(r.URL.Path[len("/c/"):])
		linkNotFound(w)
		return
	}
	h := w.Header()
	h["Location"] = []string{l.redirect.Location(c.ClickID)}
	// Every answer carries a new click id; a cached redirect would send
	// the next visit to the destination unseen.
	h["Cache-Control"] = []string{"no-store"}
	w.WriteHeader(http.StatusFound)
}

// click builds the row for one request.
func (rd *redirector) click(r *http.Request, l *cachedLink, now time.Time) store.Click {
	a := rd.agents.Classify(r.UserAgent())
	c := store.Click{WorkspaceID: l.ws, LinkID: l.id, ClickID: newClickID(now), At: now.Unix(),
		Bot: !a.Human, BotName: clean(a.BotName, 200), Device: clean(string(a.Device), 50), OS: clean(a.OS, 100),
		Browser: clean(a.Browser, 100), InApp: clean(a.InApp, 100), Referrer: clean(r.Referer(), maxReferrer)}
	if ip, err := tracking.ClientIP(r.RemoteAddr, r.Header.Values("X-Forwarded-For"), rd.proxies); err == nil {
		c.IPHash = rd.ips.Hash(ip, now)
		c.Country, _ = rd.geo.Country(ip)
	}
	return c
}

// clickIDs is base64url's alphabet in ASCII order, so that an id sorts like
// the bytes it encodes.
var clickIDs = base64.NewEncoding("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz").WithPadding(base64.NoPadding)

// newClickID is tracking.NewClickID with the first 48 of its 128 bits
// replaced by the time in milliseconds: same length and alphabet (so
// tracking.ValidClickID accepts it), 80 random bits left (still
// unguessable), but ids now arrive in order. The UNIQUE index on click_id
// then grows at its right edge instead of at a random leaf per click,
// which cut the pages each group commit writes and fsyncs by about five
// (see docs/performance.md).
func newClickID(now time.Time) string {
	var b [16]byte
	rand.Read(b[6:])
	ms := uint64(now.UnixMilli())
	for i := 5; i >= 0; i-- {
		b[i] = byte(ms)
		ms >>= 8
	}
	return clickIDs.EncodeToString(b[:])
}

// commit stores one batch. If it fails because links were deleted while
// their clicks waited, those clicks are marked gone and the rest retried,
// so one deleted link cannot fail everybody's clicks.
func (rd *redirector) commit(ctx context.Context, batch []*pendingClick) error {
	err := rd.insert(ctx, batch)
	if err == nil {
		return nil
	}
	ids := make([]int64, 0, 4)
	for _, pc := range batch {
		if !slices.Contains(ids, pc.LinkID) {
			ids = append(ids, pc.LinkID)
		}
	}
	exist, lerr := rd.db.LinksExist(ctx, ids)
	if lerr != nil || len(exist) == len(ids) {
		return err
	}
	var keep []*pendingClick
	for _, pc := range batch {
		if exist[pc.LinkID] {
			keep = append(keep, pc)
		} else {
			pc.gone = true
		}
	}
	return rd.insert(ctx, keep)
}

func (rd *redirector) insert(ctx context.Context, batch []*pendingClick) error {
	if len(batch) == 0 {
		return nil
	}
	clicks := make([]store.Click, len(batch))
	for i, pc := range batch {
		clicks[i] = pc.Click
	}
	// RetryTx: clicks are unique on click_id, so a retry never counts twice.
	return rd.db.RetryTx(ctx, func(tx *store.Tx) error { return tx.InsertClicksWith(ctx, rd.stmts, clicks) })
}

// lookup finds the link of slug, from the cache when it is fresh. An
// unknown slug gives a cachedLink with id 0, cached too, so that a flood of
// requests for a made-up slug costs one read per TTL.
func (rd *redirector) lookup(ctx context.Context, slug string, now time.Time) (*cachedLink, error) {
	if l := rd.links.get(slug, now); l != nil {
		return l, nil
	}
	l := &cachedLink{expires: now.Add(linkTTL).UnixNano()}
	if tracking.ValidateSlug(slug) != nil {
		return l, nil // cannot exist; not worth a cache entry
	}
	link, err := rd.db.LinkBySlug(ctx, slug)
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return nil, err
	default:
		red, err := tracking.NewRedirect(link.Destination, link.UTM())
		if err != nil {
			// Destinations are validated when saved; one that no longer
			// passes (stricter rules since) is treated as gone rather
			// than followed.
			rd.log.Warn("stored destination refused", "link", link.ID, "err", err)
		} else {
			l.id, l.ws, l.redirect = link.ID, link.WorkspaceID, red
		}
	}
	rd.links.put(slug, l)
	return l, nil
}

// cachedLink is what the redirect needs of a link; id 0 means no such link.
type cachedLink struct {
	id, ws   int64
	redirect tracking.Redirect
	expires  int64 // Unix nanoseconds
}

// linkCache maps slugs to links. Reads are lock-free (sync.Map), which
// matters when every core is answering clicks.
type linkCache struct {
	m   sync.Map // string -> *cachedLink
	n   atomic.Int64
	max int64
}

func (c *linkCache) get(slug string, now time.Time) *cachedLink {
	v, ok := c.m.Load(slug)
	if !ok {
		return nil
	}
	l := v.(*cachedLink)
	if now.UnixNano() >= l.expires {
		return nil
	}
	return l
}

func (c *linkCache) put(slug string, l *cachedLink) {
	if _, loaded := c.m.Swap(slug, l); loaded {
		return
	}
	if c.n.Add(1) > c.max {
		c.m.Clear()
		c.n.Store(0)
	}
}

func (c *linkCache) forget(slug string) {
	if _, loaded := c.m.LoadAndDelete(slug); loaded {
		c.n.Add(-1)
	}
}

// clean makes a header-derived string safe to store: valid UTF-8 (which
// PostgreSQL requires), no NUL bytes, at most max bytes. A bad value in one
// click must not fail the batch it shares with others.
func clean(s string, max int) string {
	ok := len(s) <= max
	for i := 0; ok && i < len(s); i++ {
		if s[i] == 0 || s[i] >= utf8.RuneSelf {
			ok = false
		}
	}
	if ok {
		return s
	}
	s = strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), "\uFFFD")
	if len(s) > max {
		s = s[:max]
		for len(s) > 0 && !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	return s
}

const notFoundPage = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Link not found</title>` +
	`<h1>Link not found</h1><p>This link does not exist or has been removed. Check that it was copied whole.</p></html>`

func linkNotFound(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNotFound)
	w.Write([]byte(notFoundPage))
}

// unavailable answers when a click could not be recorded: never a redirect
// for a click that is not on disk.
func unavailable(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Retry-After", "5")
	h.Set("Cache-Control", "no-store")
	http.Error(w, "This link could not record your visit just now (the server cannot write to its database). Please try again in a moment.", http.StatusServiceUnavailable)
}

// clickSettleWait bounds how long order handling waits for the click log
// to reach the database; beyond it the order is attributed with what is
// there, since an order must not wait on a stuck ingester.
const clickSettleWait = 5 * time.Second

// settleClicks waits until every click answered so far is in the
// database, so that an order naming its visitor's click id finds it.
func (s *Server) settleClicks(ctx context.Context) {
	if s.cfg.ClickLog == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, clickSettleWait)
	defer cancel()
	if err := s.cfg.ClickLog.Flush(ctx); err != nil {
		s.log.Warn("attributing without the newest clicks", "err", err)
	}
}
