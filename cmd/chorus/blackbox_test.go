package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// buildChorus builds the binary once per test into a temporary directory.
func buildChorus(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "chorus")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startDemo runs `chorus demo` as a child process and returns its base URL.
func startDemo(t *testing.T, bin, data string, extra ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	args := append([]string{"demo", "--data", data, "--listen", "127.0.0.1:0", "--creators", "150"}, extra...)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(interruptSignal) }
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); cmd.Wait() })
	urlRE := regexp.MustCompile(`running at (http://\S+)/`)
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := urlRE.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	select {
	case u := <-found:
		return u
	case <-time.After(90 * time.Second):
		t.Fatalf("demo did not start; stderr:\n%s", stderr.String())
	}
	return ""
}

// TestDemoBlackBox drives the built binary over HTTP as a newcomer would:
// start the demo, sign in with the printed credentials, browse.
func TestDemoBlackBox(t *testing.T) {
	bin := buildChorus(t)
	data := t.TempDir()
	base := startDemo(t, bin, data)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 20 * time.Second}

	resp, err := client.PostForm(base+"/login", url.Values{"email": {demoEmail}, "password": {demoPassword}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Dashboard") {
		t.Fatalf("sign-in landed on %d: %.300s", resp.StatusCode, body)
	}
	for _, p := range []string{"/creators", "/campaigns", "/settings", "/api/v1/creators?limit=5", "/api/v1/openapi.json"} {
		resp, err := client.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: %d %.200s", p, resp.StatusCode, b)
		}
		if p == "/campaigns" && !strings.Contains(string(b), "/campaigns/") {
			t.Errorf("the demo has no campaigns listed")
		}
	}
}
