package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestKeyboard checks that a keyboard user sees where the focus is and can
// skip the navigation: the first Tab reaches a visible skip link, Enter
// moves the focus to the main content, and every focused control has an
// outline.
func TestKeyboard(t *testing.T) {
	t.Parallel()
	a := startApp(t)
	b := newBrowser(t, a.url)
	signIn(b, a.f, "owner@acme.test")
	b.visit("dashboard", "/")

	b.do("tab", chromedp.KeyEvent(kb.Tab))
	if got := eval[string](b, `document.activeElement.className + " " + document.activeElement.textContent.trim()`); got != "skip Skip to content" {
		t.Errorf("the first Tab focuses %q, want the skip link", got)
	}
	if got := eval[bool](b, focusShownJS); !got {
		t.Errorf("the focused skip link is not on screen with an outline: %s", eval[string](b, focusInfoJS))
	}
	b.screenshot("skip link focused")
	b.do("enter", chromedp.KeyEvent(kb.Enter))
	if got := eval[string](b, `document.activeElement.id`); got != "main" {
		t.Errorf("Enter on the skip link focuses #%s, want #main", got)
	}
	// Walk through every control from the top: each shows where it is.
	b.visit("dashboard again", "/")
	n := 0
	for ; n < 40; n++ {
		b.do("tab", chromedp.KeyEvent(kb.Tab))
		if eval[bool](b, `document.activeElement === document.body`) {
			break // past the last control
		}
		if !eval[bool](b, focusShownJS) {
			t.Errorf("Tab %d: focus not visible: %s", n+1, eval[string](b, focusInfoJS))
		}
	}
	// Tab reaches every control once: none is skipped, none traps the focus.
	want := eval[int](b, `[...document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary")]
		.filter(e => !e.disabled && e.tabIndex >= 0 && e.getClientRects().length > 0).length`)
	if n != want || n < 5 {
		t.Errorf("Tab reached %d controls on the dashboard, which has %d", n, want)
	}
}

// focusShownJS: the focused element is inside the viewport and draws an
// outline (or, for the main region, is the target of a skip link).
const focusShownJS = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return false;
  const r = el.getBoundingClientRect();
  const cs = getComputedStyle(el);
  const onScreen = r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight && r.width > 1;
  return onScreen && cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2;
})()`

const focusInfoJS = `(() => {
  const el = document.activeElement, r = el.getBoundingClientRect(), cs = getComputedStyle(el);
  return el.tagName + " " + el.textContent.trim().slice(0, 30) + " at " + Math.round(r.left) + "," + Math.round(r.top) + " outline " + cs.outlineStyle + " " + cs.outlineWidth;
})()`
