package e2e

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestInviteDraftReview runs the creator's side: the brand invites Mia to
// the portal, she sets a password from the link, sends a draft with an
// image, the brand approves it, and she sees the approval.
func TestInviteDraftReview(t *testing.T) {
	t.Parallel()
	a := startApp(t)
	_, ks := seedCampaign(t, a)
	mia := ks["Mia Vegan"]
	b := newBrowser(t, a.url)

	// The brand makes an invitation link.
	signIn(b, a.f, "owner@acme.test")
	b.visit("creator", "/creators/"+itoa(mia.CreatorID))
	b.fill("invite form", map[string]string{"#inv-email": "mia@creator.test"})
	b.submit("invite", "form[action$='/invite'] button[type=submit]")
	link := eval[string](b, `document.querySelector("[data-testid=invite-link]").value`)
	if !strings.HasPrefix(link, a.url+"/invite/") {
		t.Fatalf("invitation link %q", link)
	}
	signOut(b)

	// Mia accepts it.
	b.visit("invitation", strings.TrimPrefix(link, a.url))
	b.phone("invitation")
	const password = "glow serum every morning"
	b.fill("password", map[string]string{"#password": password, "#confirm": password})
	if p := b.submit("accept invitation", "form[action^='/invite/'] button[type=submit]"); !strings.HasPrefix(p, "/?") {
		t.Errorf("after accepting the invitation the browser is at %s, want the portal", p)
	}
	if got := b.text("main h1"); got != "Your collaborations" {
		t.Errorf("after accepting, h1 %q", got)
	}

	// She sends a draft with an image.
	b.submit("portal collaboration", "main a[href='/portal/collaborations/"+itoa(mia.ID)+"']")
	img := filepath.Join(t.TempDir(), "reel-cover.png")
	writePNG(t, img)
	b.fill("draft form", map[string]string{"#title": "Reel 1", "#caption": "My morning routine with the glow serum #ad #glowserum"})
	b.do("choose image", chromedp.SetUploadFiles(chromedp.CSS("#media"), []string{img}))
	b.submit("send draft", "form[enctype='multipart/form-data'] button[type=submit]")
	b.phone("draft sent")
	if got := b.text("article.draft h3"); !strings.HasPrefix(got, "Reel 1") {
		t.Errorf("draft heading %q", got)
	}
	if n := eval[int](b, `[...document.querySelectorAll("article.draft img")].filter(i => i.complete && i.naturalWidth === 8).length`); n != 1 {
		t.Errorf("%d draft images shown, want the 8 px wide one", n)
	}
	signOut(b)

	// The brand approves it.
	signIn(b, a.f, "owner@acme.test")
	b.visit("review", "/collaborations/"+itoa(mia.ID)+"/review")
	b.phone("review")
	b.submit("approve", "form.review-form button[type=submit]") // the decision defaults to approve
	if got := b.text("article.draft h3 .badge"); got != "Approved" {
		t.Errorf("after approving, the draft is %q", got)
	}
	signOut(b)

	// Mia sees it.
	signInWith(b, "mia@creator.test", password)
	b.visit("portal after review", "/portal/collaborations/"+itoa(mia.ID))
	if got := b.text("article.draft h3 .badge"); got != "Approved" {
		t.Errorf("Mia sees her draft %q", got)
	}
}

// signOut presses the header's sign-out button.
func signOut(b *browser) {
	b.t.Helper()
	if p := b.submit("sign out", "form[action='/logout'] button[type=submit]"); p != "/login" {
		b.t.Fatalf("after signing out the browser is at %s", p)
	}
}

// writePNG writes an 8 x 8 image, a real one, so that the browser draws it.
func writePNG(t *testing.T, path string) {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range m.Pix {
		m.Pix[i] = 0xff
	}
	m.Set(3, 3, color.RGBA{R: 0x4f, G: 0x46, B: 0xe5, A: 0xff})
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
