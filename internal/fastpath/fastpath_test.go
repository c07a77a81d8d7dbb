package fastpath

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fixture is a fast path for "GET /c/" and "HEAD /c/" in front of a real
// net/http server on loopback; each answer says which of the two gave it.
type fixture struct {
	addr string
	fast *Server
	hs   *http.Server
	// served counts the fast path's handler calls.
	served atomic.Int64
}

func newFixture(t *testing.T, tune func(*Server)) *fixture {
	t.Helper()
	f := &fixture{}
	fastHandler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.served.Add(1)
		switch r.URL.Path {
		case "/c/panic":
			panic("boom")
		case "/c/text":
			fmt.Fprintf(w, "hello %s from %s", r.UserAgent(), r.RemoteAddr[:strings.LastIndexByte(r.RemoteAddr, ':')])
			return
		}
		w.Header().Set("Location", "https://example.com/"+r.URL.Path[len("/c/"):])
		w.Header().Set("X-Served-By", "fast")
		w.WriteHeader(http.StatusFound)
	})
	f.fast = &Server{Prefixes: []string{"GET /c/", "HEAD /c/"}, Handler: fastHandler}
	if tune != nil {
		tune(f.fast)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f.addr = ln.Addr().String()
	wrapped, err := f.fast.Listen(ln)
	if err != nil {
		t.Fatal(err)
	}
	f.hs = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Served-By", "net/http")
		fmt.Fprintf(w, "%s %s body=%q", r.Method, r.URL.Path, body)
	})}
	go f.hs.Serve(wrapped)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		f.hs.Shutdown(ctx)
		f.fast.Shutdown(ctx)
	})
	return f
}

func (f *fixture) dial(t *testing.T) (net.Conn, *bufio.Reader) {
	t.Helper()
	c, err := net.Dial("tcp", f.addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(10 * time.Second))
	return c, bufio.NewReader(c)
}

// exchange writes raw bytes and reads n responses.
func exchange(t *testing.T, c net.Conn, br *bufio.Reader, raw string, n int) []*http.Response {
	t.Helper()
	return exchangeMethod(t, c, br, raw, n, "GET")
}

// exchangeMethod is exchange for requests of one method (HEAD answers
// have no body whatever their Content-Length says).
func exchangeMethod(t *testing.T, c net.Conn, br *bufio.Reader, raw string, n int, method string) []*http.Response {
	t.Helper()
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
	var out []*http.Response
	for range n {
		resp, err := http.ReadResponse(br, &http.Request{Method: method})
		if err != nil {
			t.Fatalf("response %d of %d to %q: %v", len(out)+1, n, raw, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(strings.NewReader(string(body)))
		out = append(out, resp)
	}
	return out
}

func bodyOf(r *http.Response) string {
	b, _ := io.ReadAll(r.Body)
	return string(b)
}

// closed reports whether the server closed c (a read gets EOF or a reset).
func closed(c net.Conn, br *bufio.Reader) bool {
	c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	_, err := br.ReadByte()
	return err != nil && !errors.Is(err, context.DeadlineExceeded) && !isTimeout(err)
}

func TestRequests(t *testing.T) {
	const host = "Host: x\r\n"
	tests := []struct {
		name       string
		raw        string
		status     int
		servedBy   string // X-Served-By
		body       string
		connection string // the Connection header
		closes     bool
	}{
		{"redirect kept alive", "GET /c/abc HTTP/1.1\r\n" + host + "\r\n", 302, "fast", "", "", false},
		{"HEAD has the header and no body", "HEAD /c/text HTTP/1.1\r\n" + host + "User-Agent: ua\r\n\r\n", 200, "", "", "", false},
		{"body and content type", "GET /c/text HTTP/1.1\r\n" + host + "User-Agent: ua\r\n\r\n", 200, "", "hello ua from 127.0.0.1", "", false},
		{"HTTP/1.0 closes", "GET /c/abc HTTP/1.0\r\n\r\n", 302, "fast", "", "close", true},
		{"HTTP/1.0 keep-alive asked", "GET /c/abc HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 302, "fast", "", "keep-alive", false},
		{"Connection: close", "GET /c/abc HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n", 302, "fast", "", "close", true},
		{"a body is not read: answer, then close", "GET /c/abc HTTP/1.1\r\n" + host + "Content-Length: 5\r\n\r\nhello", 302, "fast", "", "close", true},
		{"missing Host", "GET /c/abc HTTP/1.1\r\n\r\n", 400, "", "400 Bad Request: missing required Host header", "close", true},
		{"malformed header", "GET /c/abc HTTP/1.1\r\n" + host + "no colon here\r\n\r\n", 400, "", "400 Bad Request", "close", true},
		{"panic", "GET /c/panic HTTP/1.1\r\n" + host + "\r\n", 500, "", "Internal Server Error\n", "close", true},
		{"not the fast path", "GET /login HTTP/1.1\r\n" + host + "\r\n", 200, "net/http", `GET /login body=""`, "", false},
		{"other method on the path", "POST /c/abc HTTP/1.1\r\n" + host + "Content-Length: 3\r\n\r\nabc", 200, "net/http", `POST /c/abc body="abc"`, "", false},
	}
	f := newFixture(t, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, br := f.dial(t)
			resp := exchangeMethod(t, c, br, tt.raw, 1, tt.raw[:strings.IndexByte(tt.raw, ' ')])[0]
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d (%s)", resp.StatusCode, tt.status, bodyOf(resp))
			}
			if got := resp.Header.Get("X-Served-By"); tt.servedBy != "" && got != tt.servedBy {
				t.Errorf("served by %q, want %q", got, tt.servedBy)
			}
			if got := bodyOf(resp); got != tt.body {
				t.Errorf("body %q, want %q", got, tt.body)
			}
			// ReadResponse turns "Connection: close" into Close.
			got := resp.Header.Get("Connection")
			if resp.Close && got == "" {
				got = "close"
			}
			if got != tt.connection && tt.servedBy != "net/http" {
				t.Errorf("Connection %q, want %q", got, tt.connection)
			}
			if resp.Header.Get("Date") == "" && tt.servedBy != "net/http" {
				t.Error("no Date header")
			}
			if got := closed(c, br); got != tt.closes {
				t.Errorf("closed %v, want %v", got, tt.closes)
			}
		})
	}
}

func TestHeadContentLength(t *testing.T) {
	f := newFixture(t, nil)
	c, br := f.dial(t)
	// "hello ua from 127.0.0.1" is 23 bytes: HEAD says so and sends none.
	head := exchangeMethod(t, c, br, "HEAD /c/text HTTP/1.1\r\nHost: x\r\nUser-Agent: ua\r\n\r\n", 1, "HEAD")[0]
	if got := head.Header.Get("Content-Length"); got != "23" {
		t.Errorf("HEAD Content-Length %q, want 23", got)
	}
	// Had HEAD sent a body, this response would not parse as a 302.
	if r := exchange(t, c, br, "GET /c/abc HTTP/1.1\r\nHost: x\r\n\r\n", 1)[0]; r.StatusCode != 302 {
		t.Errorf("after HEAD: status %d, want 302", r.StatusCode)
	}
}

func TestPipelinedInOrder(t *testing.T) {
	f := newFixture(t, nil)
	c, br := f.dial(t)
	var raw strings.Builder
	for i := range 20 {
		fmt.Fprintf(&raw, "GET /c/n%d HTTP/1.1\r\nHost: x\r\n\r\n", i)
	}
	for i, r := range exchange(t, c, br, raw.String(), 20) {
		if want := fmt.Sprintf("https://example.com/n%d", i); r.Header.Get("Location") != want {
			t.Fatalf("response %d: Location %q, want %q", i, r.Header.Get("Location"), want)
		}
	}
	if got := f.served.Load(); got != 20 {
		t.Errorf("fast path served %d, want 20", got)
	}
}

// TestHandoffMidConnection: once a request is not for the fast path, the
// connection and every byte after belong to net/http.
func TestHandoffMidConnection(t *testing.T) {
	f := newFixture(t, nil)
	c, br := f.dial(t)
	raw := "GET /c/one HTTP/1.1\r\nHost: x\r\n\r\n" +
		"POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world" +
		"GET /c/two HTTP/1.1\r\nHost: x\r\n\r\n"
	rs := exchange(t, c, br, raw, 3)
	want := []struct {
		status         int
		servedBy, body string
	}{
		{302, "fast", ""},
		{200, "net/http", `POST /form body="hello world"`},
		{200, "net/http", `GET /c/two body=""`},
	}
	for i, w := range want {
		if rs[i].StatusCode != w.status || rs[i].Header.Get("X-Served-By") != w.servedBy || bodyOf(rs[i]) != w.body {
			t.Errorf("response %d: %d %q, want %d %q %q", i, rs[i].StatusCode, rs[i].Header.Get("X-Served-By"), w.status, w.servedBy, w.body)
		}
	}
}

func TestHeaderLimit(t *testing.T) {
	f := newFixture(t, func(s *Server) { s.MaxHeaderBytes = 1 << 10 })
	c, br := f.dial(t)
	// 1 KiB allowed plus net/http's 4 KiB of slack: 8 KiB is too much.
	r := exchange(t, c, br, "GET /c/abc HTTP/1.1\r\nHost: x\r\nX-Big: "+strings.Repeat("a", 8<<10)+"\r\n\r\n", 1)[0]
	if r.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("status %d, want 431", r.StatusCode)
	}
	c2, br2 := f.dial(t)
	if r := exchange(t, c2, br2, "GET /c/abc HTTP/1.1\r\nHost: x\r\nX-Big: "+strings.Repeat("a", 2<<10)+"\r\n\r\n", 1)[0]; r.StatusCode != 302 {
		t.Errorf("a 2 KiB header: status %d, want 302", r.StatusCode)
	}
}

func TestTimeouts(t *testing.T) {
	f := newFixture(t, func(s *Server) {
		s.ReadHeaderTimeout = 200 * time.Millisecond
		s.IdleTimeout = 300 * time.Millisecond
	})
	t.Run("slow header", func(t *testing.T) {
		c, br := f.dial(t)
		io.WriteString(c, "GET /c/abc HTTP/1.1\r\nHost: x\r\n") // never finished
		if !closed(c, br) {
			t.Error("a header that never ends kept the connection open")
		}
	})
	t.Run("idle", func(t *testing.T) {
		c, br := f.dial(t)
		exchange(t, c, br, "GET /c/abc HTTP/1.1\r\nHost: x\r\n\r\n", 1)
		time.Sleep(100 * time.Millisecond) // shorter than IdleTimeout: still open
		exchange(t, c, br, "GET /c/abc HTTP/1.1\r\nHost: x\r\n\r\n", 1)
		if !closed(c, br) {
			t.Error("an idle connection stayed open")
		}
	})
}

func TestShutdown(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{})
	f := newFixture(t, nil)
	f.fast.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/c/slow" {
			close(entered)
			<-release
		}
		w.WriteHeader(http.StatusFound)
	})
	idle, idleR := f.dial(t)
	exchange(t, idle, idleR, "GET /c/abc HTTP/1.1\r\nHost: x\r\n\r\n", 1)
	busy, busyR := f.dial(t)
	io.WriteString(busy, "GET /c/slow HTTP/1.1\r\nHost: x\r\n\r\n")
	<-entered

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := f.fast.Shutdown(ctx); err == nil {
		t.Fatal("Shutdown returned while a request was being served")
	}
	if !closed(idle, idleR) {
		t.Error("Shutdown left an idle connection open")
	}
	done := make(chan error, 1)
	go func() { done <- f.fast.Shutdown(context.Background()) }()
	close(release)
	r, err := http.ReadResponse(busyR, nil)
	if err != nil {
		t.Fatalf("the request being served got no answer: %v", err)
	}
	if r.StatusCode != 302 || !r.Close {
		t.Errorf("answer during shutdown: %d, Connection: close %v; want 302, true", r.StatusCode, r.Close)
	}
	if err := <-done; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
}

func TestListenRefuses(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	for _, s := range []*Server{
		{Prefixes: []string{"GET /c/"}},
		{Prefixes: []string{""}, Handler: http.NotFoundHandler()},
		{Prefixes: []string{"GET /a-very-long-prefix/"}, Handler: http.NotFoundHandler()},
	} {
		if _, err := s.Listen(ln); err == nil {
			t.Errorf("%+v: Listen accepted it", s.Prefixes)
		}
	}
}

// BenchmarkServe is the loop's own cost: requests over one loopback
// connection, pipelined ten at a time.
func BenchmarkServe(b *testing.B) {
	s := &Server{Prefixes: []string{"GET /c/"}, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Location"] = []string{"https://example.com/"}
		w.WriteHeader(http.StatusFound)
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	wrapped, err := s.Listen(ln)
	if err != nil {
		b.Fatal(err)
	}
	defer wrapped.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	br := bufio.NewReader(c)
	batch := strings.Repeat("GET /c/abc HTTP/1.1\r\nHost: x\r\nUser-Agent: Mozilla/5.0\r\n\r\n", 10)
	b.ReportAllocs()
	for i := 0; i < b.N; i += 10 {
		io.WriteString(c, batch)
		for range 10 {
			r, err := http.ReadResponse(br, nil)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, r.Body)
			r.Body.Close()
		}
	}
}

// TestHeaderInjection: a handler that puts a line break in a header value
// (say, from a stored destination) cannot add a header or a body.
func TestHeaderInjection(t *testing.T) {
	f := newFixture(t, nil)
	f.fast.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "https://example.com/\r\nSet-Cookie: evil=1\r\n\r\nbody")
		w.Header()["Bad Name"] = []string{"x"}
		w.WriteHeader(http.StatusFound)
	})
	c, br := f.dial(t)
	r := exchange(t, c, br, "GET /c/abc HTTP/1.1\r\nHost: x\r\n\r\n", 1)[0]
	if got, want := r.Header.Get("Location"), "https://example.com/  Set-Cookie: evil=1    body"; got != want {
		t.Errorf("Location %q, want %q", got, want)
	}
	if len(r.Header["Set-Cookie"]) != 0 || len(r.Header["Bad Name"]) != 0 {
		t.Errorf("header injected: %v", r.Header)
	}
	if r := exchange(t, c, br, "GET /c/abc HTTP/1.1\r\nHost: x\r\n\r\n", 1)[0]; r.StatusCode != 302 {
		t.Errorf("next response: %d", r.StatusCode)
	}
}
