package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestServerSecret(t *testing.T) {
	dir := t.TempDir()
	f := &serveFlags{dbFlags: &dbFlags{data: filepath.Join(dir, "data")}}
	first, err := f.serverSecret()
	if err != nil {
		t.Fatal(err)
	}
	// 32 random bytes, hex-encoded: 64 characters.
	if len(first) != 64 {
		t.Errorf("generated secret has %d bytes, want 64", len(first))
	}
	st, err := os.Stat(filepath.Join(dir, "data", secretFile))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("secret file: %v, mode %v; want 0600", err, st.Mode().Perm())
	}
	again, err := f.serverSecret()
	if err != nil || string(again) != string(first) {
		t.Errorf("second start: %q, %v; want the same secret", again, err)
	}
	f.secret = "short"
	if _, err := f.serverSecret(); err == nil || !strings.Contains(err.Error(), "at least 16 bytes") {
		t.Errorf("short --secret: %v", err)
	}
	f.secret = "a shared secret of enough length"
	if got, err := f.serverSecret(); err != nil || string(got) != f.secret {
		t.Errorf("--secret: %q, %v", got, err)
	}
}

func TestServeFlagsForClicks(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--pprof", "0.0.0.0:6060"}, "loopback"},
		{[]string{"serve", "--pprof", "nope"}, "--pprof"},
		{[]string{"serve", "--trusted-proxies", "-1"}, "--trusted-proxies -1"},
		{[]string{"serve", "--session-idle", "30s"}, "--session-idle 30s: must be at least 5m"},
		{[]string{"serve", "--migrate", "--geoip", "/nonexistent/GeoLite2-Country.mmdb", "--data", "DATA"}, "--geoip"},
	}
	for _, tt := range tests {
		for i, a := range tt.args {
			if a == "DATA" {
				tt.args[i] = t.TempDir()
			}
		}
		_, _, err := runCmd(t, nil, "", tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: %v, want an error about %s", tt.args, err, tt.want)
		}
	}
}
