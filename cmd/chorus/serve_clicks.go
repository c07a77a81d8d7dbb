package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"path/filepath"
	"strings"

	"github.com/chorushq/chorus/internal/tracking"
	"github.com/chorushq/chorus/internal/web"
)

// secretFile is where serve keeps a generated server secret, under --data.
const secretFile = "secret.key"

// serverSecret returns --secret (or CHORUS_SECRET, CHORUS_SECRET_FILE) and
// otherwise the key in <data>/secret.key, creating it with 32 random bytes
// on first start. Nodes behind one load balancer must share the secret, or
// one visitor's IP hash differs between them: copy secret.key to every node
// and point CHORUS_SECRET_FILE at it.
func (f *serveFlags) serverSecret() ([]byte, error) {
	if f.secret != "" {
		if len(f.secret) < tracking.MinSecretLen {
			return nil, fmt.Errorf("--secret: must be at least %d bytes; use 32 random bytes, e.g. from openssl rand -hex 32", tracking.MinSecretLen)
		}
		return []byte(f.secret), nil
	}
	path := filepath.Join(f.data, secretFile)
	b, err := os.ReadFile(path)
	if err == nil {
		s := strings.TrimRight(string(b), "\r\n")
		if len(s) < tracking.MinSecretLen {
			return nil, fmt.Errorf("%s: the secret is shorter than %d bytes", path, tracking.MinSecretLen)
		}
		return []byte(s), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("server secret: %w", err)
	}
	if err := os.MkdirAll(f.data, 0o750); err != nil {
		return nil, fmt.Errorf("server secret: %w", err)
	}
	// Hex, so the same text works in CHORUS_SECRET and in the file.
	raw := make([]byte, 32)
	rand.Read(raw)
	key := hex.EncodeToString(raw)
	// O_EXCL: two nodes starting on one shared data directory must not
	// each write their own key.
	fh, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return f.serverSecret()
	}
	if err != nil {
		return nil, fmt.Errorf("server secret: %w", err)
	}
	if _, err := fh.WriteString(key + "\n"); err != nil {
		fh.Close()
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	if err := fh.Sync(); err != nil {
		fh.Close()
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return []byte(key), fh.Close()
}

// validPprof refuses a profiling address that is not on loopback: the
// profiles show request paths and memory.
func validPprof(addr string) error {
	if addr == "" {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--pprof %q: %w (want e.g. 127.0.0.1:6060)", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("--pprof %q: must listen on a loopback address such as 127.0.0.1", addr)
	}
	return nil
}

// pprofHandler serves net/http/pprof on its own mux, never on the public one.
func pprofHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// openGeoIP opens --geoip; no file gives a nil GeoIP, which knows no
// countries.
func openGeoIP(path string) (*tracking.GeoIP, error) {
	if path == "" {
		return nil, nil
	}
	g, err := tracking.OpenGeoIP(path)
	if err != nil {
		return nil, fmt.Errorf("--geoip: %w", err)
	}
	return g, nil
}

// rateLimits is nil (the defaults) unless --no-rate-limits turns them off.
func (f *serveFlags) rateLimits() *web.RateLimits {
	if !f.noLimits {
		return nil
	}
	return &web.RateLimits{Off: true}
}
