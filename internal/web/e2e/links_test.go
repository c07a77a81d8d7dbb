package e2e

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
)

// seedCampaign gives the fixture a campaign with a hook variant and two
// creators on it, Mia (contracted) and Lena (prospect).
func seedCampaign(t *testing.T, a *app) (*campaigns.Campaign, map[string]*campaigns.Collaboration) {
	t.Helper()
	ctx := context.Background()
	ws := a.f.Workspace.ID
	cp := &campaigns.Campaign{Name: "Glow serum launch", Goal: "sales", Currency: "EUR", BudgetMinor: 500000,
		Variants: []campaigns.Variant{{Kind: "hook", Name: "Morning routine"}}}
	ks := map[string]*campaigns.Collaboration{}
	err := a.f.DB.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateCampaign(ctx, ws, cp); err != nil {
			return err
		}
		for _, c := range []struct {
			name, handle string
			status       campaigns.Status
		}{{"Mia Vegan", "mia.vegan", campaigns.Contracted}, {"Lena Glow", "lenaglow", campaigns.Prospect}} {
			cr := &creators.Creator{Name: c.name, Accounts: []creators.Account{{Platform: "instagram", Handle: c.handle}}}
			if err := tx.CreateCreator(ctx, ws, cr); err != nil {
				return err
			}
			k := &campaigns.Collaboration{CampaignID: cp.ID, CreatorID: cr.ID, Status: c.status, FeeMinor: 30000}
			if err := tx.CreateCollaboration(ctx, ws, k); err != nil {
				return err
			}
			ks[c.name] = k
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return cp, ks
}

// TestLinkCodeOrderReport measures a collaboration end to end: a tracked
// link followed in the browser lands on the shop with chorus_cid; a discount
// code is issued; the shop's signed orders/create webhook with the code and
// the click id arrives; the attribution page credits Mia with the order.
func TestLinkCodeOrderReport(t *testing.T) {
	t.Parallel()
	a := startApp(t)
	cp, ks := seedCampaign(t, a)
	b := newBrowser(t, a.url)
	signIn(b, a.f, "owner@acme.test")
	campaign := "/campaigns/" + itoa(cp.ID)
	mia := ks["Mia Vegan"].ID

	// A tracked link for Mia.
	b.visit("campaign", campaign)
	b.submit("links page", "a[href$='/links']")
	b.phone("links page")
	form := "form[action='/collaborations/" + itoa(mia) + "/links']"
	// links.html repeats the flash message that the layout already shows;
	// reported to the lead. Remove this line once fixed.
	b.fill("link form", map[string]string{form + " input[name=destination]": a.shop + "/products/glow-serum?ref=ig"})
	b.submit("generate link", form+" button[type=submit]")
	if got := b.text(".flash"); !strings.HasPrefix(got, "Link /c/") || !strings.HasSuffix(got, " created for Mia Vegan.") {
		t.Errorf("flash %q", got)
	}
	short := eval[string](b, `document.querySelector("section.links a[href*='/c/']").href`)
	if !strings.HasPrefix(short, a.url+"/c/") {
		t.Fatalf("short link %q is not on the server", short)
	}
	b.phone("links page with a link")

	// A follower taps it and lands on the shop.
	landed := b.visit("follow link", strings.TrimPrefix(short, a.url))
	u, err := url.Parse(landed)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if got := u.Scheme + "://" + u.Host + u.Path; got != a.shop+"/products/glow-serum" {
		t.Errorf("the link landed on %s, want the shop's product page", landed)
	}
	cid := q.Get("chorus_cid")
	if q.Get("ref") != "ig" || cid == "" || q.Get("utm_medium") != "influencer" {
		t.Errorf("landing query %v: want the destination's ref, UTM parameters and chorus_cid", q)
	}
	if got := b.text("h1"); got != "Glow serum" {
		t.Errorf("landing page h1 %q", got)
	}
	b.visit("links page after a click", campaign+"/links")
	if got := b.text("#lk-" + itoa(mia) + " small"); got != "1 clicks" {
		t.Errorf("Mia's clicks: %q, want 1", got)
	}

	// The shop's webhook secret, through the settings page.
	const hookSecret = "shpss_e2e_webhook_secret"
	b.visit("settings", "/settings#integrations")
	b.fill("integrations", map[string]string{"#int-" + store.SecretShopifyWebhook: hookSecret})
	b.submit("save integrations", "form[action='/settings/integrations'] button[type=submit]")

	// A discount code for Mia.
	b.visit("attribution", campaign+"/attribution")
	b.phone("attribution")
	b.fill("code form", map[string]string{"#code-" + itoa(mia): "MIA15", "#pct-" + itoa(mia): "15"})
	b.submit("issue code", "form[action='/collaborations/"+itoa(mia)+"/codes'] button[type=submit]")
	if got := listText(b, "#codes tbody td code"); !equal(got, []string{"MIA15"}) {
		t.Errorf("codes after issuing: %v", got)
	}

	// The shop posts the order. A forged signature is refused first.
	order := `{"id": 820982911946154508, "name": "#1001", "email": "buyer@example.com", "created_at": "` +
		time.Now().UTC().Format(time.RFC3339) + `", "currency": "EUR", "total_price": "49.00", "subtotal_price": "57.65",
		"total_discounts": "8.65", "landing_site": "/products/glow-serum?ref=ig&chorus_cid=` + cid + `",
		"discount_codes": [{"code": "MIA15"}], "customer": {"id": 115310627314723954, "email": "buyer@example.com", "orders_count": 1},
		"line_items": [{}]}`
	hook := a.url + "/hooks/shopify/" + a.f.Workspace.Slug
	if got := postHook(t, hook, order, "not the secret"); got != http.StatusUnauthorized {
		t.Errorf("webhook with a forged signature: %d, want 401", got)
	}
	if got := postHook(t, hook, order, hookSecret); got != http.StatusOK {
		t.Fatalf("signed webhook: %d, want 200", got)
	}
	if got := postHook(t, hook, order, hookSecret); got != http.StatusOK {
		t.Errorf("the same webhook again (Shopify retries): %d, want 200", got)
	}

	// The order is Mia's, once.
	b.visit("attribution with an order", campaign+"/attribution")
	b.phone("attribution with an order")
	row := eval[[]string](b, `[...[...document.querySelectorAll("table.report tbody tr")].find(r => r.cells[0].textContent.trim() === "Mia Vegan").cells].map(c => c.textContent.trim())`)
	// creator, human clicks, then default-model orders, revenue, new customers
	if len(row) < 5 || row[0] != "Mia Vegan" || row[1] != "1" || row[2] != "1.00" || row[3] != "49.00 EUR" || row[4] != "1.00" {
		t.Errorf("Mia's attribution row %q, want 1 click, 1.00 order, 49.00 EUR, 1.00 new customer", row)
	}
	// The buyer also answers the post-purchase survey naming Mia: a second
	// signal for the same order, which stays one order.
	b.visit("survey", "/s/"+a.f.Workspace.Slug+"?order=820982911946154508")
	b.phone("survey")
	b.fill("survey answer", map[string]string{"#sv-answer": "@mia.vegan on Instagram"})
	b.submit("send survey", "form[action^='/s/'] button[type=submit]")
	if got := b.text("main h1"); got != "Thank you!" {
		t.Errorf("after the survey, h1 %q", got)
	}
	b.visit("attribution after the survey", campaign+"/attribution")
	if got := b.text("dl.stats div:nth-child(2) dd"); got != "1.00" {
		t.Errorf("orders after a survey answer for the same order: %s, want 1.00", got)
	}

	// report.html's per-grain tables have an empty first header cell (the
	// grain's name); reported to the lead. Remove this line once fixed.
	b.visit("report", campaign+"/report")
	b.phone("report")
	if got := b.text("main h1"); got != "Glow serum launch: report" {
		t.Errorf("report h1 %q", got)
	}

	// Mia sees her link, code and click in the portal.
	a.f.AddUser(t, a.f.Workspace.ID, "mia@creator.test", auth.Creator, &ks["Mia Vegan"].CreatorID)
	if p := b.submit("sign out", "form[action='/logout'] button[type=submit]"); p != "/login" {
		t.Errorf("after signing out the browser is at %s", p)
	}
	signIn(b, a.f, "mia@creator.test")
	b.submit("portal collaboration", "main a[href^='/portal/collaborations/']")
	b.phone("portal collaboration")
	stats := eval[[]string](b, `[...document.querySelectorAll("section[aria-labelledby=track-h] dd")].slice(0, 3).map(d => d.textContent.trim())`)
	slug := strings.TrimPrefix(short, a.url)
	if len(stats) != 3 || stats[0] != slug || stats[1] != "MIA15" || stats[2] != "1" {
		t.Errorf("Mia's portal shows links, codes, clicks %q, want %s, MIA15, 1", stats, slug)
	}
}

// postHook sends a Shopify orders/create delivery signed with secret, as the
// shop does (base64 of the HMAC-SHA256 of the body), and returns the status.
func postHook(t *testing.T, url, body, secret string) int {
	t.Helper()
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(body))
	req, err := http.NewRequest("POST", url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Shopify-Topic", "orders/create")
	req.Header.Set("X-Shopify-Hmac-Sha256", base64.StdEncoding.EncodeToString(m.Sum(nil)))
	req.Header.Set("X-Shopify-Shop-Domain", "glow.myshopify.com")
	req.Header.Set("X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
