package e2e

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// offEnv turns the browser tests off when set to "off". CI never sets it: a
// machine without Chromium fails the tests instead of skipping them silently.
const offEnv = "CHORUS_E2E"

// Desktop and phone viewports. 390 px is the width of a common phone.
const (
	desktopW, desktopH = 1280, 900
	phoneW, phoneH     = 390, 844
)

// userAgent is what Chromium on a Linux desktop sends.
const userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/148.0.0.0 Safari/537.36"

// chromiumPath finds the browser, or fails the test saying how to install it.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if os.Getenv(offEnv) == "off" {
		t.Skip(offEnv + "=off: browser tests turned off")
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatalf("no Chromium on PATH: install it with `apt-get install -y chromium chromium-driver` " +
		"(or set " + offEnv + "=off to turn the browser tests off)")
	return ""
}

// browser is one Chromium with one tab, driven by one test. It records every
// problem the page reports (console errors, uncaught exceptions, failed
// requests, unexpected HTTP errors) and fails the test with them.
type browser struct {
	t   *testing.T
	ctx context.Context
	// errorf reports a problem without stopping the test: t.Errorf, except
	// in the test of the harness itself, which collects them.
	errorf func(format string, args ...any)
	base   string // the server under test, without a trailing slash
	dir    string // where screenshots go
	shot   int    // screenshots taken, for their file names

	mu       sync.Mutex
	problems []string
	// expected maps a URL path to a status >= 400 the test provokes on
	// purpose; seen holds the URLs that answered so, whose console
	// "Failed to load resource" lines are then expected too.
	expected map[string]int
	seen     map[string]bool
}

// newBrowser starts Chromium for t against the server at base.
func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	exe := chromiumPath(t)
	b := &browser{t: t, errorf: t.Errorf, base: strings.TrimSuffix(base, "/"), expected: map[string]int{}, seen: map[string]bool{}}
	b.dir = artifactDir(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.DisableGPU,
		chromedp.NoSandbox,
		// Without these Chromium keeps calling home, which on a closed
		// network means a stream of failing connections and slow starts.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(desktopW, desktopH),
		// A person's browser, not "HeadlessChrome", which the click
		// tracking rightly counts as a bot.
		chromedp.UserAgent(userAgent),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithListener(b.listen))
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// The first action starts the browser; it gets a context without a
	// deadline, because the browser lives as long as that context.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(desktopW, desktopH)); err != nil {
		t.Fatalf("start Chromium %s: %v", exe, err)
	}
	b.ctx = ctx
	return b
}

// artifactDir is artifacts/e2e/<test> at the root of the module, made empty.
func artifactDir(t *testing.T) string {
	t.Helper()
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			t.Fatal("no go.mod above the test directory")
		}
		root = parent
	}
	name := regexp.MustCompile(`[^A-Za-z0-9_.-]+`).ReplaceAllString(t.Name(), "_")
	dir := filepath.Join(root, "artifacts", "e2e", name)
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// listen runs in the tab's event loop: it must return fast and run no
// command, so it only records.
func (b *browser) listen(ev any) {
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				var str string
				if json.Unmarshal(a.Value, &str) == nil {
					args = append(args, str)
				} else if len(a.Value) > 0 {
					args = append(args, string(a.Value))
				} else {
					args = append(args, a.Description)
				}
			}
			b.problem("console.%s: %s", ev.Type, strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg = d.Exception.Description
		}
		b.problem("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, msg)
	case *log.EventEntryAdded:
		e := ev.Entry
		if e.Level != log.EntryLevelError {
			return
		}
		b.mu.Lock()
		seen := b.seen[e.URL]
		b.mu.Unlock()
		if e.Source == log.EntrySourceNetwork && seen {
			return // the status the test asked for
		}
		b.problem("browser log (%s): %s %s", e.Source, e.Text, e.URL)
	case *network.EventLoadingFailed:
		if ev.Canceled {
			return // a navigation that replaced a pending one
		}
		b.problem("request failed: %s (%s)", ev.ErrorText, ev.Type)
	case *network.EventResponseReceived:
		r := ev.Response
		if r.Status < 400 {
			return
		}
		b.mu.Lock()
		defer b.mu.Unlock()
		u, err := url.Parse(r.URL)
		if err == nil && b.expected[u.Path] == int(r.Status) {
			delete(b.expected, u.Path)
			b.seen[r.URL] = true
			return
		}
		b.problems = append(b.problems, fmt.Sprintf("HTTP %d for %s", r.Status, r.URL))
	}
}

func (b *browser) problem(format string, args ...any) {
	b.mu.Lock()
	b.problems = append(b.problems, fmt.Sprintf(format, args...))
	b.mu.Unlock()
}

// expectStatus lets the next response for path have status (>= 400)
// without failing the test.
func (b *browser) expectStatus(path string, status int) {
	b.mu.Lock()
	b.expected[path] = status
	b.mu.Unlock()
}

// report fails the test with a problem the page showed.
func (b *browser) report(format string, args ...any) {
	b.errorf(format, args...)
}

// flush fails the test with the problems recorded since the last flush.
func (b *browser) flush(step string) {
	b.t.Helper()
	// Events arrive on their own loop; give the last ones a moment.
	time.Sleep(20 * time.Millisecond)
	b.mu.Lock()
	ps := b.problems
	b.problems = nil
	b.mu.Unlock()
	for _, p := range ps {
		b.report("%s: %s", step, p)
	}
}

// do runs actions that load no new page, failing the test on an error.
func (b *browser) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", step, err)
	}
	b.flush(step)
}

// load runs actions that load a page (a navigation, a link, a form) and
// waits for it; then it checks the page (see audit) and takes screenshots.
// It returns the page's path and query.
func (b *browser) load(step string, actions ...chromedp.Action[chromedp.Void]) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	if _, err := chromedp.RunResponse(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", step, err)
	}
	b.flush(step)
	b.audit(step)
	b.screenshot(step)
	return b.path()
}

// visit opens a path of the server under test.
func (b *browser) visit(step, path string) string {
	b.t.Helper()
	return b.load(step, chromedp.Navigate(b.base+path))
}

// submit clicks the button sel (of a form, or a link) and waits for the page.
func (b *browser) submit(step, sel string) string {
	b.t.Helper()
	return b.load(step, chromedp.Click(chromedp.CSS(sel)))
}

// path is where the tab is now, relative to the server when on it.
func (b *browser) path() string {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatalf("location: %v", err)
	}
	return strings.TrimPrefix(loc, b.base)
}

// text is the visible text of the first element matching sel.
func (b *browser) text(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s on %s: %v", sel, b.path(), err)
	}
	return strings.TrimSpace(s)
}

// eval evaluates a JavaScript expression returning T.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %.60q on %s: %v", expr, b.path(), err)
	}
	return v
}

// fill types values into inputs, keyed by CSS selector; it clears each
// first. Selects and dates get their value set directly.
func (b *browser) fill(step string, fields map[string]string) {
	b.t.Helper()
	var acts []chromedp.Action[chromedp.Void]
	for sel, v := range fields {
		acts = append(acts, chromedp.SetValue(chromedp.CSS(sel), v))
	}
	b.do(step, acts...)
}

// screenshot saves the whole page as NN-step.png.
func (b *browser) screenshot(step string) {
	b.t.Helper()
	b.shot++
	buf, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", step, err)
	}
	name := fmt.Sprintf("%02d-%s.png", b.shot, slug(step))
	if err := os.WriteFile(filepath.Join(b.dir, name), buf, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// phone looks at the current page 390 px wide: it saves a screenshot and
// fails the test when the page scrolls sideways, then goes back to the
// desktop width.
func (b *browser) phone(step string) {
	b.t.Helper()
	step += " (390 px)"
	b.do(step, chromedp.EmulateViewport(phoneW, phoneH, chromedp.EmulateMobile))
	defer b.do(step, chromedp.EmulateViewport(desktopW, desktopH))
	w := eval[[]int](b, `[document.documentElement.scrollWidth, window.innerWidth]`)
	if len(w) != 2 || w[1] != phoneW || w[0] > w[1] {
		b.report("%s: page %s is %v px wide (scrollWidth, innerWidth) at a %d px viewport: it scrolls sideways; widest: %s",
			step, b.path(), w, phoneW, eval[string](b, widestJS))
	}
	b.screenshot(step)
}

// widestJS names the first elements that stick out of a 390 px viewport,
// for the message of a failed width check.
const widestJS = `(() => {
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.right > 391 && out.length < 5) {
      out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.getAttribute("class") ? "." + el.getAttribute("class").trim().replace(/ +/g, ".") : "") + " right=" + Math.round(r.right));
    }
  }
  return out.join(", ");
})()`

func slug(s string) string {
	s = regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(strings.ToLower(s), "-")
	if s = strings.Trim(s, "-"); s == "" {
		return "home"
	}
	return s
}

//go:embed testdata/audit.js
var auditJS string

// audit checks the current page for what makes a page hard to use with a
// keyboard or a screen reader, or hard to read: inputs without labels,
// buttons and links without names, images without alt text, missing
// landmarks or headings, duplicate ids, text with too little contrast.
func (b *browser) audit(step string) {
	b.t.Helper()
	for _, p := range eval[[]string](b, auditJS) {
		b.report("%s: %s: %s", step, b.path(), p)
	}
}

// choose picks the option with the given text in a select, as a user does,
// firing the change event that scripts listen to.
func choose(sel, option string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](`(() => {
  const s = document.querySelector(` + jsString(sel) + `);
  const o = [...s.options].find(o => o.textContent.trim() === ` + jsString(option) + `);
  s.value = o.value;
  s.dispatchEvent(new Event("change", {bubbles: true}));
})()`)
}

// clickIn clicks target inside the first element matching container whose
// text contains text: the "Move" button on Mia's card, say. It marks the
// element with a data attribute so that the click is a real mouse click.
func (b *browser) clickIn(container, text, target string) chromedp.Action[chromedp.Void] {
	mark := chromedp.Evaluate[bool](`(() => {
  for (const old of document.querySelectorAll("[data-e2e-click]")) old.removeAttribute("data-e2e-click");
  const c = [...document.querySelectorAll(` + jsString(container) + `)].find(e => e.textContent.includes(` + jsString(text) + `));
  const el = c && c.querySelector(` + jsString(target) + `);
  if (!el) return false;
  el.setAttribute("data-e2e-click", "");
  return true;
})()`)
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		ok, err := mark(ctx, t)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("no %s in a %s containing %q", target, container, text)
		}
		_, err = chromedp.Click(chromedp.CSS("[data-e2e-click]"))(ctx, t)
		return err
	})
}

// answerDialog answers the next alert, confirm or prompt of the page, which
// would otherwise block it, and sends its message on the channel (closed
// when none opens within 15 s).
func (b *browser) answerDialog(accept bool) <-chan string {
	ch := make(chan string, 1)
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	events := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		defer cancel()
		defer close(ch)
		for ev, err := range events {
			if err != nil {
				return
			}
			if _, err := chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: accept}); err != nil {
				return
			}
			ch <- ev.Message
			return
		}
	}()
	return ch
}
