package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestHarnessCatchesProblems shows that the checks the other tests rely on
// can fail: a page with every kind of problem must produce every kind of
// report, and a clean page none.
func TestHarnessCatchesProblems(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /bad", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html><head><title>Bad</title><link rel="icon" href="data:,"></head><body>
<h1>One</h1><h1>Two</h1><h3>Skipped a level</h3>
<input id="x" name="nolabel"><input id="x" type="checkbox" aria-label="ok">
<img src="/pixel.png"><button></button><a href="/somewhere"></a>
<p style="color:#aaa;background:#fff">pale text</p>
<div style="width:1500px">wide</div>
<table><tr><th>Name</th><th></th></tr></table>
<nav aria-label="Main"></nav><nav></nav>
<p role="status">Saved.</p><p role="status">Saved.</p>
<script>console.error("boom"); setTimeout(() => { throw new Error("uncaught") }, 0);</script>
</body></html>`)
	})
	good := func(status int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(status)
			fmt.Fprint(w, `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>Good</title><link rel="icon" href="data:,"></head><body>
<a class="skip" href="#main">Skip</a><main id="main"><h1>Fine</h1><h2>Part</h2>
<label for="q">Search</label><input id="q"><button>Go</button><img src="data:," alt=""></main></body></html>`)
		}
	}
	mux.Handle("GET /good", good(http.StatusOK))
	mux.Handle("GET /missing", good(http.StatusNotFound))
	ts := httptest.NewServer(mux)
	defer ts.Close()

	b := newBrowser(t, ts.URL)
	var got []string
	b.errorf = func(format string, args ...any) { got = append(got, fmt.Sprintf(format, args...)) }

	b.visit("good", "/good")
	b.phone("good")
	if len(got) != 0 {
		t.Errorf("a clean page gave reports:\n%s", strings.Join(got, "\n"))
	}
	got = nil
	b.visit("bad", "/bad")
	b.phone("bad")
	b.flush("after") // the exception is thrown after the load
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"console.error: boom",
		"uncaught exception",
		"HTTP 404 for " + ts.URL + "/pixel.png",
		"html has no lang attribute",
		"0 main landmarks",
		"2 h1 headings",
		"no skip link",
		"duplicate id x",
		"skips from h1 to h3",
		"form control input#x[name=nolabel] has no label",
		"image /pixel.png has no alt attribute",
		"button button has no name",
		"link to /somewhere has no text",
		`text p "pale text" has contrast 2.32:1`, // (1.05)/(0.402+0.05) for #aaa on white
		"scrolls sideways",
		"the page scrolls sideways: 1508 px wide in a 1280 px window", // the 1500 px div after the body's 8 px margin
		"empty table header cell in column 2",
		"navigation 2 of 2 has no label",
		`the message "Saved." shows twice`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no report containing %q; got:\n%s", want, all)
		}
	}

	// A status the test asks for is no problem, once.
	got = nil
	b.expectStatus("/missing", 404)
	b.visit("expected 404", "/missing")
	if len(got) != 0 {
		t.Errorf("an expected 404 gave reports:\n%s", strings.Join(got, "\n"))
	}
}
