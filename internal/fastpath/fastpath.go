// Package fastpath answers one hot kind of request (for Chorus, GET /c/slug,
// the click redirect) on a lean HTTP/1.1 connection loop, and hands every
// other connection to net/http unchanged.
//
// Why not net/http for clicks: a click's answer waits for the click to be
// durable (an fdatasync shared with the other clicks of its group, a
// fraction of a millisecond). net/http starts a goroutine per request that
// reads the connection while the handler runs, so that it can cancel the
// request's context when the client leaves, and then stops it by setting a
// read deadline in the past and back. With a handler that waits, that
// background read always parks in the poller and is woken again: about half
// of the CPU a click cost (docs/performance.md). A click needs none of it: the
// click is recorded whether or not its visitor waits for the answer.
//
// The loop reads requests with net/http's own parser (http.ReadRequest),
// calls an ordinary http.Handler, and writes the response with Content-Length,
// Date and net/http's header sanitising. It keeps connections alive as
// HTTP/1.1 says, serves pipelined requests in order, limits header size and
// time, and closes connections whose requests carry a body (which the
// handlers on the fast path never read). The choice is made per request at
// its first bytes: when a connection's next request is not for the fast
// path, the connection (with the bytes already read) goes to net/http for
// good.
package fastpath

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Server serves the requests that start with one of Prefixes.
type Server struct {
	// Prefixes are the first bytes of the requests served here, request
	// line included, e.g. "GET /c/". At most 16 bytes each.
	Prefixes []string
	// Handler answers them. It must not read the request body, hijack the
	// connection or stream: its response is buffered and sent when it
	// returns.
	Handler http.Handler
	// ReadHeaderTimeout bounds the time to read a request's header once its
	// first bytes arrived; IdleTimeout the wait for the next request on a
	// kept-alive connection (and for the first one); WriteTimeout the time
	// from the end of the header to the end of the answer. Zero means 5 s,
	// 2 minutes and 2 minutes.
	ReadHeaderTimeout, IdleTimeout, WriteTimeout time.Duration
	// MaxHeaderBytes bounds a request's header; 0 means 64 KiB.
	MaxHeaderBytes int
	// Log receives handler panics; nil discards them.
	Log *slog.Logger

	mu       sync.Mutex
	conns    map[*conn]struct{}
	shutdown atomic.Bool
	drained  chan struct{} // closed when shutting down and conns is empty
	date     atomic.Pointer[date]
}

// maxPrefix bounds how many bytes are read before choosing a path: every
// valid HTTP/1.x request is longer.
const maxPrefix = 16

// Listen returns a listener for http.Server.Serve that yields only the
// connections this server does not keep. Closing it closes ln.
func (s *Server) Listen(ln net.Listener) (net.Listener, error) {
	for _, p := range s.Prefixes {
		if len(p) == 0 || len(p) > maxPrefix {
			return nil, fmt.Errorf("fastpath: prefix %q: want 1 to %d bytes", p, maxPrefix)
		}
	}
	if s.Handler == nil {
		return nil, errors.New("fastpath: no handler")
	}
	s.mu.Lock()
	s.conns = make(map[*conn]struct{})
	s.mu.Unlock()
	l := &listener{Listener: ln, s: s, handoff: make(chan net.Conn), errs: make(chan error), done: make(chan struct{})}
	go l.acceptLoop()
	return l, nil
}

// Shutdown closes the idle connections, lets the requests being served
// finish (their connections then close) and waits for them, or for ctx.
// Close the listener first (http.Server.Shutdown does) so that no new
// connection arrives.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.shutdown.Store(true)
	if s.drained == nil {
		s.drained = make(chan struct{})
		if len(s.conns) == 0 {
			close(s.drained)
		}
	}
	for c := range s.conns {
		if !c.busy.Load() {
			c.rwc.Close()
		}
	}
	drained := s.drained
	s.mu.Unlock()
	select {
	case <-drained:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("fastpath: connections still serving: %w", ctx.Err())
	}
}

// track adds a connection; it reports false when the server is shutting
// down and the connection must close instead.
func (s *Server) track(c *conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shutdown.Load() {
		return false
	}
	s.conns[c] = struct{}{}
	return true
}

// setBusy marks whether c is serving a request; it reports false when the
// server is shutting down and c must close instead. Without a lock: either
// Shutdown sees c busy and leaves it to finish, or c sees the shutdown (both
// are sequentially consistent atomics), and an idle c may be closed under
// its feet, which only ends its read.
func (c *conn) setBusy(busy bool) bool {
	c.busy.Store(busy)
	return !c.s.shutdown.Load()
}

func (s *Server) forget(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
	if s.drained != nil && len(s.conns) == 0 {
		select {
		case <-s.drained:
		default:
			close(s.drained)
		}
	}
}

func (s *Server) readHeaderTimeout() time.Duration {
	return orDefault(s.ReadHeaderTimeout, 5*time.Second)
}
func (s *Server) idleTimeout() time.Duration  { return orDefault(s.IdleTimeout, 2*time.Minute) }
func (s *Server) writeTimeout() time.Duration { return orDefault(s.WriteTimeout, 2*time.Minute) }

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

func (s *Server) matches(b []byte) bool {
	for _, p := range s.Prefixes {
		if len(b) >= len(p) && string(b[:len(p)]) == p {
			return true
		}
	}
	return false
}

// listener yields the connections handed off to net/http.
type listener struct {
	net.Listener
	s       *Server
	handoff chan net.Conn
	errs    chan error
	done    chan struct{}
	once    sync.Once
}

func (l *listener) Accept() (net.Conn, error) {
	select {
	case c := <-l.handoff:
		return c, nil
	case err := <-l.errs:
		return nil, err
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *listener) Close() error {
	var err error
	l.once.Do(func() {
		close(l.done)
		err = l.Listener.Close()
	})
	return err
}

func (l *listener) acceptLoop() {
	var backoff time.Duration
	for {
		rwc, err := l.Listener.Accept()
		if err != nil {
			select {
			case l.errs <- err:
			case <-l.done:
				return
			}
			if errors.Is(err, net.ErrClosed) {
				return
			}
			// Out of file descriptors and the like: net/http logs it;
			// do not spin meanwhile.
			backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
			time.Sleep(backoff)
			continue
		}
		backoff = 0
		c := &conn{s: l.s, l: l, rwc: rwc}
		if !l.s.track(c) {
			rwc.Close()
			continue
		}
		go c.serve()
	}
}

// give passes a connection to net/http, or closes it once the listener is
// closed (net/http no longer accepts).
func (l *listener) give(c net.Conn) {
	select {
	case l.handoff <- c:
	case <-l.done:
		c.Close()
	}
}

// conn is one connection on the fast path.
type conn struct {
	s   *Server
	l   *listener
	rwc net.Conn
	br  *bufio.Reader
	bw  *bufio.Writer
	lr  io.LimitedReader // bounds each request's header
	// busy is set while a request is being served; Shutdown closes only
	// the connections that are not.
	busy atomic.Bool
	// header is the response header, reused from request to request.
	header http.Header
	// readBy and writeBy are the deadlines last set, so that most requests
	// set none: a deadline of minutes need not move for every request.
	readBy, writeBy time.Time
	remote          string
}

// slack is how far a long deadline may lag before it is moved again.
const slack = time.Second

func (c *conn) serve() {
	handedOff := false
	defer func() {
		if !handedOff {
			c.rwc.Close()
		}
		c.s.forget(c)
	}()
	c.lr.R = c.rwc
	c.br = bufio.NewReaderSize(&c.lr, 4096)
	// The first request has ReadHeaderTimeout to arrive, later ones
	// IdleTimeout, as in net/http.
	c.setReadDeadline(time.Now().Add(c.s.readHeaderTimeout()))
	for first := true; ; first = false {
		if !first && c.br.Buffered() == 0 {
			if idle := time.Now().Add(c.s.idleTimeout()); c.readBy.Before(idle.Add(-slack)) {
				c.setReadDeadline(idle)
			}
		}
		c.lr.N = int64(c.s.maxHeaderBytes()) + 4096
		p, err := c.br.Peek(maxPrefix)
		if len(p) == 0 {
			return // gone, idle too long, or shut down
		}
		if !c.s.matches(p) {
			if err != nil && !errors.Is(err, io.EOF) {
				return // a timeout before even 16 bytes: not a request
			}
			handedOff = true
			c.s.forget(c)
			c.l.give(&handedConn{Conn: c.rwc, r: io.MultiReader(bytes.NewReader(c.buffered()), c.rwc)})
			return
		}
		if !c.setBusy(true) {
			return
		}
		if !c.serveOne() {
			return
		}
		if !c.setBusy(false) {
			return
		}
	}
}

func (s *Server) maxHeaderBytes() int {
	if s.MaxHeaderBytes > 0 {
		return s.MaxHeaderBytes
	}
	return 64 << 10
}

// buffered returns the bytes read from the connection but not consumed.
func (c *conn) buffered() []byte {
	b, _ := c.br.Peek(c.br.Buffered())
	return bytes.Clone(b)
}

func (c *conn) setReadDeadline(t time.Time) {
	c.rwc.SetReadDeadline(t)
	c.readBy = t
}

// serveOne reads, answers and flushes one request; it reports whether the
// connection stays open.
func (c *conn) serveOne() bool {
	if !bytes.Contains(c.peekBuffered(), []byte("\r\n\r\n")) {
		// The header has not all arrived: give it ReadHeaderTimeout.
		c.setReadDeadline(time.Now().Add(c.s.readHeaderTimeout()))
	}
	req, err := http.ReadRequest(c.br)
	if err != nil {
		switch {
		case c.lr.N <= 0:
			c.fail(http.StatusRequestHeaderFieldsTooLarge, "431 Request Header Fields Too Large")
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), isTimeout(err):
		default:
			c.fail(http.StatusBadRequest, "400 Bad Request")
		}
		return false
	}
	c.lr.N = 1 << 62 // the limit is for the header
	if req.ProtoMajor != 1 {
		c.fail(http.StatusHTTPVersionNotSupported, "505 HTTP Version Not Supported")
		return false
	}
	if req.ProtoAtLeast(1, 1) && req.Host == "" { // ReadRequest moved the header there
		c.fail(http.StatusBadRequest, "400 Bad Request: missing required Host header")
		return false
	}
	if c.remote == "" {
		c.remote = c.rwc.RemoteAddr().String()
	}
	req.RemoteAddr = c.remote
	// A body is never read here; the connection cannot be reused past it.
	keep := !req.Close && req.ContentLength == 0 && len(req.TransferEncoding) == 0
	now := time.Now()
	if by := now.Add(c.s.writeTimeout()); c.writeBy.Before(by.Add(-slack)) {
		c.rwc.SetWriteDeadline(by)
		c.writeBy = by
	}
	if c.header == nil {
		c.header = make(http.Header, 8)
	}
	clear(c.header)
	w := response{header: c.header}
	if !c.call(&w, req) || c.s.shutdown.Load() {
		keep = false
	}
	if c.bw == nil {
		c.bw = bufio.NewWriterSize(c.rwc, 2048)
	}
	if err := w.writeTo(c.bw, req, keep, c.s.httpDate(now)); err != nil {
		return false
	}
	return c.bw.Flush() == nil && keep
}

// peekBuffered returns the buffered bytes without consuming them.
func (c *conn) peekBuffered() []byte {
	b, _ := c.br.Peek(c.br.Buffered())
	return b
}

// call runs the handler; a panic becomes a 500 (when nothing was written
// yet) and closes the connection, as in net/http.
func (c *conn) call(w *response, req *http.Request) (ok bool) {
	defer func() {
		if v := recover(); v != nil {
			ok = false
			if v != http.ErrAbortHandler && c.s.Log != nil {
				c.s.Log.Error("panic serving "+req.URL.Path, "remote", c.remote, "panic", v)
			}
			if !w.wroteHeader {
				*w = response{header: http.Header{"Content-Type": {"text/plain; charset=utf-8"}}}
				w.WriteHeader(http.StatusInternalServerError)
				w.Write([]byte("Internal Server Error\n"))
			}
		}
	}()
	c.s.Handler.ServeHTTP(w, req)
	return true
}

// fail answers a request that could not be read, then the connection
// closes.
func (c *conn) fail(code int, msg string) {
	if c.bw == nil {
		c.bw = bufio.NewWriterSize(c.rwc, 2048)
	}
	now := time.Now()
	c.rwc.SetWriteDeadline(now.Add(c.s.writeTimeout()))
	fmt.Fprintf(c.bw, "HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\nDate: %s\r\nContent-Length: %d\r\n\r\n%s",
		code, http.StatusText(code), c.s.httpDate(now), len(msg), msg)
	c.bw.Flush()
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// handedConn is a connection given to net/http with the bytes the fast
// path read ahead put back in front.
type handedConn struct {
	net.Conn
	r io.Reader
}

func (c *handedConn) Read(p []byte) (int, error) { return c.r.Read(p) }

// response buffers one answer.
type response struct {
	header      http.Header
	status      int
	wroteHeader bool
	body        []byte
}

func (w *response) Header() http.Header { return w.header }

func (w *response) WriteHeader(code int) {
	if w.wroteHeader {
		return
	}
	if code < 100 || code > 999 {
		panic(fmt.Sprintf("fastpath: invalid status code %d", code))
	}
	if code < 200 {
		return // informational answers are not sent from here
	}
	w.status, w.wroteHeader = code, true
}

func (w *response) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if !bodyAllowed(w.status) {
		return 0, http.ErrBodyNotAllowed
	}
	w.body = append(w.body, b...)
	return len(b), nil
}

func bodyAllowed(status int) bool {
	return status != http.StatusNoContent && status != http.StatusNotModified
}

// writeTo sends the status line, the header (with net/http's sanitising of
// names and values) and, unless the request was HEAD, the body.
func (w *response) writeTo(bw *bufio.Writer, req *http.Request, keep bool, date string) error {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	h := w.header
	if bodyAllowed(w.status) {
		if len(w.body) > 0 && len(h["Content-Type"]) == 0 && len(h["Content-Encoding"]) == 0 {
			h["Content-Type"] = []string{http.DetectContentType(w.body)}
		}
		h["Content-Length"] = []string{strconv.Itoa(len(w.body))}
	} else {
		delete(h, "Content-Length")
	}
	delete(h, "Transfer-Encoding")
	delete(h, "Connection")
	if !keep {
		h["Connection"] = []string{"close"}
	} else if !req.ProtoAtLeast(1, 1) {
		h["Connection"] = []string{"keep-alive"}
	}
	if len(h["Date"]) == 0 {
		h["Date"] = []string{date}
	}
	bw.WriteString("HTTP/1.1 ")
	bw.WriteString(strconv.Itoa(w.status))
	bw.WriteByte(' ')
	bw.WriteString(http.StatusText(w.status))
	bw.WriteString("\r\n")
	for k, vs := range h {
		if !validFieldName(k) {
			continue // as net/http does
		}
		for _, v := range vs {
			bw.WriteString(k)
			bw.WriteString(": ")
			writeFieldValue(bw, v)
			bw.WriteString("\r\n")
		}
	}
	bw.WriteString("\r\n")
	if req.Method != http.MethodHead && bodyAllowed(w.status) {
		bw.Write(w.body)
	}
	return nil
}

func validFieldName(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; c <= ' ' || c >= 0x7f || c == ':' {
			return false
		}
	}
	return true
}

// writeFieldValue writes v with CR and LF made spaces and surrounding
// blanks trimmed, as net/http's Header.Write: a value cannot start a new
// header line.
func writeFieldValue(bw *bufio.Writer, v string) {
	v = strings.TrimSpace(v)
	if !strings.ContainsAny(v, "\r\n") {
		bw.WriteString(v)
		return
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c == '\r' || c == '\n' {
			bw.WriteByte(' ')
		} else {
			bw.WriteByte(c)
		}
	}
}

// date is the Date header of one second, formatted once.
type date struct {
	sec int64
	s   string
}

func (s *Server) httpDate(now time.Time) string {
	sec := now.Unix()
	if d := s.date.Load(); d != nil && d.sec == sec {
		return d.s
	}
	d := &date{sec: sec, s: now.UTC().Format(http.TimeFormat)}
	s.date.Store(d)
	return d.s
}
