package web

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"github.com/chorushq/chorus/internal/clicklog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
	"github.com/chorushq/chorus/internal/tracking"
)

const (
	uaSafariIPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"
	uaInstagramIOS = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 307.0.0.34.111 (iPhone14,5; iOS 17_1; en_US; en; scale=3.00; 1170x2532; 532277882)"
	uaFacebookHit  = "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"
)

// linkFixture is a campaign "spring" with a variant "hookA" and a
// collaboration with creator Maya, whose main account is @maya_fit on
// Instagram.
type linkFixture struct {
	*testApp
	campaign campaigns.Campaign
	collab   campaigns.Collaboration
}

func newLinkFixture(t *testing.T, f *storetest.Fixture) *linkFixture {
	a := newApp(t, f)
	ctx := context.Background()
	lf := &linkFixture{testApp: a, campaign: campaigns.Campaign{Name: "Spring", Slug: "spring", Currency: "USD",
		Variants: []campaigns.Variant{{Name: "hookA", Kind: "hook"}}}}
	followers := int64(12000)
	cr := creators.Creator{Name: "Maya", Accounts: []creators.Account{{Platform: "instagram", Handle: "maya_fit", Followers: &followers}}}
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateCampaign(ctx, f.Workspace.ID, &lf.campaign); err != nil {
			return err
		}
		if err := tx.CreateCreator(ctx, f.Workspace.ID, &cr); err != nil {
			return err
		}
		lf.collab = campaigns.Collaboration{CampaignID: lf.campaign.ID, CreatorID: cr.ID, Status: campaigns.Live}
		return tx.CreateCollaboration(ctx, f.Workspace.ID, &lf.collab)
	}))
	return lf
}

// createLink makes a link through the API and returns it.
func (lf *linkFixture) createLink(body string) linkView {
	var l linkView
	lf.json("member", "POST", fmt.Sprintf("/api/v1/collaborations/%d/links", lf.collab.ID), body, http.StatusCreated, &l)
	return l
}

// click requests /c/slug with a User-Agent.
func (lf *linkFixture) click(slug, ua string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", "/c/"+slug, nil)
	r.Header.Set("User-Agent", ua)
	r.Header.Set("Referer", "https://l.instagram.com/")
	w := httptest.NewRecorder()
	lf.h.ServeHTTP(w, r)
	return w
}

func TestRedirect(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		lf := newLinkFixture(t, f)
		ctx := context.Background()
		ws := f.Workspace.ID
		vid := lf.campaign.Variants[0].ID
		l := lf.createLink(fmt.Sprintf(`{"slug": "maya", "destination": "https://shop.example/serum?ref=ig&utm_source=brand#reviews", "variant_id": %d}`, vid))
		if l.UTMSource != "instagram" || l.UTMMedium != "influencer" || l.UTMCampaign != "spring" || l.UTMContent != "maya_fit-hookA" {
			t.Errorf("conventional UTMs: %+v", l.Link)
		}

		w := lf.click("maya", uaSafariIPhone)
		if w.Code != http.StatusFound {
			t.Fatalf("click: %d %s", w.Code, w.Body)
		}
		loc := w.Header().Get("Location")
		// Existing parameters stay as written, the destination's own
		// utm_source wins over ours, ours follow, the click id is last
		// before the fragment.
		prefix := "https://shop.example/serum?ref=ig&utm_source=brand&utm_medium=influencer&utm_campaign=spring&utm_content=maya_fit-hookA&chorus_cid="
		if !strings.HasPrefix(loc, prefix) || !strings.HasSuffix(loc, "#reviews") {
			t.Fatalf("Location = %q, want %q<id>#reviews", loc, prefix)
		}
		cid := strings.TrimSuffix(strings.TrimPrefix(loc, prefix), "#reviews")
		if !tracking.ValidClickID(cid) {
			t.Fatalf("click id %q is not valid", cid)
		}
		if w.Header().Get("Cache-Control") != "no-store" || w.Header().Get("Content-Security-Policy") != "" {
			t.Errorf("headers: %v (want no-store and none of the page middleware)", w.Header())
		}
		c, err := f.DB.ClickByID(ctx, ws, cid)
		storetest.Must(t, err)
		if c.LinkID != l.ID || c.Bot || c.Device != "mobile" || c.OS != "iOS" || c.Referrer != "https://l.instagram.com/" || len(c.IPHash) != tracking.IPHashLen {
			t.Errorf("stored click: %+v", c)
		}

		// A link-preview bot is redirected but flagged, and not a human click.
		if w := lf.click("maya", uaFacebookHit); w.Code != http.StatusFound {
			t.Errorf("bot: %d", w.Code)
		}
		// Instagram's in-app browser is a human.
		w = lf.click("maya", uaInstagramIOS)
		if w.Code != http.StatusFound {
			t.Fatalf("instagram: %d", w.Code)
		}
		ig, err := f.DB.ClickByID(ctx, ws, strings.TrimSuffix(strings.TrimPrefix(w.Header().Get("Location"), prefix), "#reviews"))
		storetest.Must(t, err)
		if ig.Bot || ig.InApp != "instagram" {
			t.Errorf("instagram click: %+v", ig)
		}
		// Safari + Instagram humans, one preview bot.
		n, err := f.DB.ClickTotals(ctx, ws, store.ClickScope{LinkID: l.ID})
		storetest.Must(t, err)
		if n != (store.ClickCount{Humans: 2, Bots: 1}) {
			t.Errorf("totals = %+v, want 2 humans 1 bot", n)
		}

		// Unknown and malformed slugs get the small 404 page.
		for _, slug := range []string{"nope", "..%2Fadmin", "", "a/b"} {
			w := lf.click(slug, uaSafariIPhone)
			if w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "Link not found") || w.Header().Get("Location") != "" {
				t.Errorf("slug %q: %d %q", slug, w.Code, w.Body)
			}
		}

		// Editing the destination keeps the slug working and takes effect at once.
		var edited linkView
		lf.json("member", "PATCH", fmt.Sprintf("/api/v1/links/%d", l.ID), `{"destination": "https://shop.example/new", "utm_content": "x"}`, http.StatusOK, &edited)
		w = lf.click("maya", uaSafariIPhone)
		if got := w.Header().Get("Location"); !strings.HasPrefix(got, "https://shop.example/new?utm_source=instagram&utm_medium=influencer&utm_campaign=spring&utm_content=x&chorus_cid=") {
			t.Errorf("after edit: %d %q", w.Code, got)
		}
		lf.json("member", "PATCH", fmt.Sprintf("/api/v1/links/%d", l.ID), `{"slug": "other"}`, http.StatusUnprocessableEntity, nil)

		// After deletion the slug is gone.
		lf.json("member", "DELETE", fmt.Sprintf("/api/v1/links/%d", l.ID), "", http.StatusNoContent, nil)
		if w := lf.click("maya", uaSafariIPhone); w.Code != http.StatusNotFound {
			t.Errorf("deleted link: %d", w.Code)
		}
	})
}

func TestLinkCreationRefusesOpenRedirects(t *testing.T) {
	lf := newLinkFixture(t, storetest.New(t))
	for _, dest := range []string{
		"javascript:alert(1)",
		"//evil.example/",
		"https://",
		"http:///path",
		"/local/path",
		"data:text/html,<script>alert(1)</script>",
		"https://user:pass@evil.example/",
		"ftp://files.example/",
		"https://evil.example/\x00",
	} {
		body, _ := json.Marshal(map[string]string{"destination": dest})
		w := lf.do("member", "POST", fmt.Sprintf("/api/v1/collaborations/%d/links", lf.collab.ID), "application/json", string(body))
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `"destination"`) {
			t.Errorf("destination %q: %d %s", dest, w.Code, w.Body)
		}
	}
	// Custom slugs are validated and unique; generated ones are base62.
	lf.createLink(`{"slug": "taken", "destination": "https://shop.example/"}`)
	lf.json("member", "POST", fmt.Sprintf("/api/v1/collaborations/%d/links", lf.collab.ID), `{"slug": "taken", "destination": "https://shop.example/"}`, http.StatusConflict, nil)
	lf.json("member", "POST", fmt.Sprintf("/api/v1/collaborations/%d/links", lf.collab.ID), `{"slug": "no spaces", "destination": "https://shop.example/"}`, http.StatusUnprocessableEntity, nil)
	g := lf.createLink(`{"destination": "https://shop.example/"}`)
	if len(g.Slug) != tracking.DefaultSlugLen || tracking.ValidateSlug(g.Slug) != nil {
		t.Errorf("generated slug %q", g.Slug)
	}
	// An edit is validated the same way.
	lf.json("member", "PATCH", fmt.Sprintf("/api/v1/links/%d", g.ID), `{"destination": "javascript:alert(1)"}`, http.StatusUnprocessableEntity, nil)
}

func TestConcurrentClicksAllStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		lf := newLinkFixture(t, f)
		l := lf.createLink(`{"slug": "rush", "destination": "https://shop.example/"}`)
		const workers, each = 32, 16 // 512 clicks
		uas := []string{uaSafariIPhone, uaInstagramIOS, uaFacebookHit, uaSafariIPhone}
		var mu sync.Mutex
		ids := map[string]bool{}
		var wg sync.WaitGroup
		for g := range workers {
			wg.Go(func() {
				for i := range each {
					w := lf.click("rush", uas[(g+i)%len(uas)])
					mu.Lock()
					if w.Code != http.StatusFound {
						t.Errorf("click: %d", w.Code)
					}
					ids[w.Header().Get("Location")] = true
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if len(ids) != workers*each {
			t.Errorf("%d distinct locations, want %d", len(ids), workers*each)
		}
		ctx := context.Background()
		rolled, err := f.DB.ClickTotals(ctx, f.Workspace.ID, store.ClickScope{LinkID: l.ID})
		storetest.Must(t, err)
		raw, err := f.DB.RawClickCounts(ctx, l.ID)
		storetest.Must(t, err)
		// One UA in four is the preview bot: (g+i)%4 == 2 for 128 of 512.
		if raw != (store.ClickCount{Humans: 384, Bots: 128}) || rolled != raw {
			t.Errorf("raw %+v, rollups %+v, want 384 humans 128 bots in both", raw, rolled)
		}
	})
}

// TestClickNotRecordedIs503 makes every click insert fail, as a full disk or
// a read-only database would, and checks that visitors get a 503, never a
// redirect for a click that is not stored.
func TestClickNotRecordedIs503(t *testing.T) {
	f := storetest.New(t)
	lf := newLinkFixture(t, f)
	lf.createLink(`{"slug": "fail", "destination": "https://shop.example/"}`)
	if w := lf.click("fail", uaSafariIPhone); w.Code != http.StatusFound {
		t.Fatalf("before: %d", w.Code)
	}
	raw, err := sql.Open("sqlite", strings.TrimPrefix(f.DSN, "sqlite:"))
	storetest.Must(t, err)
	defer raw.Close()
	_, err = raw.Exec(`CREATE TRIGGER full BEFORE INSERT ON clicks BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END`)
	storetest.Must(t, err)
	w := lf.click("fail", uaSafariIPhone)
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Location") != "" || !strings.Contains(w.Body.String(), "could not record") {
		t.Errorf("failing insert: %d %q %q", w.Code, w.Header().Get("Location"), w.Body)
	}
	n, err := f.DB.ClickTotals(context.Background(), f.Workspace.ID, store.ClickScope{})
	storetest.Must(t, err)
	if n.Humans != 1 {
		t.Errorf("humans = %d, want the 1 click from before", n.Humans)
	}
}

func TestLinkQRAndPage(t *testing.T) {
	lf := newLinkFixture(t, storetest.New(t))
	l := lf.createLink(`{"slug": "qrlink", "destination": "https://shop.example/"}`)
	png := lf.do("viewer", "GET", fmt.Sprintf("/api/v1/links/%d/qr.png", l.ID), "", "")
	if png.Code != 200 || png.Header().Get("Content-Type") != "image/png" || !bytes.HasPrefix(png.Body.Bytes(), []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("png: %d %s", png.Code, png.Header())
	}
	svg := lf.do("viewer", "GET", fmt.Sprintf("/api/v1/links/%d/qr.svg", l.ID), "", "")
	if svg.Code != 200 || !strings.Contains(svg.Body.String(), "<svg") {
		t.Errorf("svg: %d", svg.Code)
	}
	lf.click("qrlink", uaSafariIPhone)
	page := lf.do("viewer", "GET", fmt.Sprintf("/campaigns/%d/links", lf.campaign.ID), "", "")
	body := page.Body.String()
	if page.Code != 200 || !strings.Contains(body, "http://example.com/c/qrlink") || !strings.Contains(body, "qr.svg") || strings.Contains(body, "Generate link") {
		t.Errorf("links page as viewer: %d (want the link, its QR and no form)", page.Code)
	}
	// The one-button form, prefilled with the last destination.
	page = lf.do("member", "GET", fmt.Sprintf("/campaigns/%d/links", lf.campaign.ID), "", "")
	if !strings.Contains(page.Body.String(), `value="https://shop.example/"`) {
		t.Errorf("generate form not prefilled")
	}
	w := lf.do("member", "POST", fmt.Sprintf("/collaborations/%d/links", lf.collab.ID), "application/x-www-form-urlencoded", "destination=https%3A%2F%2Fshop.example%2Fb")
	if w.Code != http.StatusSeeOther {
		t.Fatalf("form create: %d %s", w.Code, w.Body)
	}
	ls, err := lf.f.DB.Links(context.Background(), lf.f.Workspace.ID, store.LinkFilter{CollaborationID: lf.collab.ID})
	storetest.Must(t, err)
	if len(ls) != 2 || ls[1].Destination != "https://shop.example/b" || ls[1].UTMSource != "instagram" {
		t.Errorf("links after form: %+v", ls)
	}
	var rep clickReport
	lf.json("viewer", "GET", fmt.Sprintf("/api/v1/campaigns/%d/clicks", lf.campaign.ID), "", http.StatusOK, &rep)
	if rep.Totals.Humans != 1 || len(rep.Days) != 1 || rep.ByCollaboration[lf.collab.ID].Humans != 1 {
		t.Errorf("campaign clicks: %+v", rep)
	}
}

func BenchmarkRedirect(b *testing.B) {
	for _, mode := range []string{"batch", "clicklog"} {
		b.Run(mode, func(b *testing.B) { benchmarkRedirect(b, mode == "clicklog") })
	}
}

// benchmarkRedirect drives the redirector in process with 64 goroutines,
// committing each group of clicks to SQLite or, with journal, appending
// them to a click log.
func benchmarkRedirect(b *testing.B, journal bool) {
	f := storetest.New(b)
	a := newApp(b, f)
	ctx := context.Background()
	if journal {
		cl, err := clicklog.Open(ctx, b.TempDir(), f.DB, clicklog.Options{})
		storetest.Must(b, err)
		defer cl.Close(ctx)
		srv, err := New(Config{DB: f.DB, RateLimits: &RateLimits{Off: true}, ClickLog: cl})
		storetest.Must(b, err)
		defer srv.Close(ctx)
		a.srv = srv
	}
	ws := f.Workspace.ID
	cp := campaigns.Campaign{Name: "B", Slug: "b", Currency: "USD"}
	cr := creators.Creator{Name: "B", Accounts: []creators.Account{{Platform: "instagram", Handle: "b"}}}
	storetest.Must(b, f.DB.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateCampaign(ctx, ws, &cp); err != nil {
			return err
		}
		if err := tx.CreateCreator(ctx, ws, &cr); err != nil {
			return err
		}
		k := campaigns.Collaboration{CampaignID: cp.ID, CreatorID: cr.ID, Status: campaigns.Live}
		if err := tx.CreateCollaboration(ctx, ws, &k); err != nil {
			return err
		}
		return tx.CreateLink(ctx, ws, &store.Link{CollaborationID: k.ID, Slug: "bench", Destination: "https://shop.example/p?x=1", UTMSource: "instagram", UTMMedium: "influencer"})
	}))
	start := time.Now()
	b.ReportAllocs()
	b.SetParallelism(32)
	b.RunParallel(func(pb *testing.PB) {
		r := httptest.NewRequest("GET", "/c/bench", nil)
		r.Header.Set("User-Agent", uaInstagramIOS)
		for pb.Next() {
			w := httptest.NewRecorder()
			// The redirector itself: the per-IP limit in front of it would
			// stop one client this fast.
			a.srv.clicks.ServeHTTP(w, r)
			if w.Code != http.StatusFound {
				b.Errorf("status %d", w.Code)
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "clicks/s")
}

func TestClickIDsSortByTime(t *testing.T) {
	t0 := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	prev := ""
	for i := range 2000 {
		id := newClickID(t0.Add(time.Duration(i) * time.Millisecond))
		if !tracking.ValidClickID(id) {
			t.Fatalf("%q is not a valid click id", id)
		}
		if id <= prev {
			t.Fatalf("id %d %q does not sort after %q", i, id, prev)
		}
		prev = id
	}
	// Within one millisecond the 80 random bits keep ids apart.
	seen := map[string]bool{}
	for range 1000 {
		seen[newClickID(t0)] = true
	}
	if len(seen) != 1000 {
		t.Errorf("%d distinct ids of 1000 in one millisecond", len(seen))
	}
}

func BenchmarkClickID(b *testing.B) {
	now := time.Now()
	for b.Loop() {
		newClickID(now)
	}
}
