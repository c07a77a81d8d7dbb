package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func TestBriefEditShareAndRevoke(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		a := newApp(t, f)
		w := newOpsWorld(t, a, "glow")
		other := newOpsWorld(t, a, "secret-launch")
		ctx := context.Background()
		form := url.Values{
			"product": {"Glow serum"}, "key_messages": {"Lasts 12 hours, even in heat\nVegan"},
			"dos": {"Show the texture"}, "donts": {"Compare with other brands"}, "hashtags": {"#ad, #glowup"},
			"formats": {"demo", "review"}, "claim_categories": {"beauty", "health"}, "deadline": {"2026-12-01"},
			"target_country": {"US 40%, GB 20%"}, "competitors": {"Shiny Co"},
		}
		r := a.do("member", "POST", fmt.Sprintf("/campaigns/%d/brief", w.campaign.ID), "application/x-www-form-urlencoded", form.Encode())
		if r.Code != http.StatusSeeOther {
			t.Fatalf("save brief: %d %s", r.Code, r.Body)
		}
		cp, err := a.f.DB.Campaign(ctx, a.f.Workspace.ID, w.campaign.ID)
		storetest.Must(t, err)
		b := cp.Brief
		if b.Product != "Glow serum" || len(b.KeyMessages) != 2 || b.KeyMessages[0] != "Lasts 12 hours, even in heat" ||
			strings.Join(b.Formats, ",") != "demo,review" || strings.Join(b.ClaimCategories, ",") != "beauty,health" ||
			b.Deadline == nil || b.Deadline.Format("2006-01-02") != "2026-12-01" || b.TargetCountry["GB"] != 0.2 {
			t.Errorf("brief %+v", b)
		}
		// The form shows it back as typed.
		page := a.do("member", "GET", fmt.Sprintf("/campaigns/%d/brief", w.campaign.ID), "", "").Body.String()
		for _, want := range []string{`value="US 40%, GB 20%"`, `value="demo" checked`, `value="beauty" checked`, `value="2026-12-01"`} {
			if !strings.Contains(page, want) {
				t.Errorf("edit form lacks %s", want)
			}
		}
		// Bad choices are named, and nothing is saved.
		bad := url.Values{"product": {"Changed"}, "formats": {"unboxing"}, "claim_categories": {"crypto"}, "target_age": {"18-24 80%, 25-34 40%"}}
		r = a.do("member", "POST", fmt.Sprintf("/campaigns/%d/brief", w.campaign.ID), "application/x-www-form-urlencoded", bad.Encode())
		for _, want := range []string{`&#34;unboxing&#34; is not one of demo`, `&#34;crypto&#34; is not one of health, finance, beauty`, "add up to 120%"} {
			if !strings.Contains(r.Body.String(), want) {
				t.Errorf("422 page lacks %s", want)
			}
		}
		if r.Code != http.StatusUnprocessableEntity {
			t.Errorf("bad brief: %d", r.Code)
		}

		// A share link, made once, opens this brief signed out, and only it.
		var share struct {
			URL   string `json:"url"`
			Share struct{ ID int64 }
		}
		a.opsJSON("member", "POST", fmt.Sprintf("/campaigns/%d/brief/shares", w.campaign.ID), `{}`, http.StatusCreated, &share)
		path := strings.TrimPrefix(share.URL, "http://example.com")
		if !strings.HasPrefix(path, "/b/chb_") {
			t.Fatalf("share url %q", share.URL)
		}
		storetest.Must(t, a.f.DB.Tx(ctx, func(tx *store.Tx) error {
			return tx.UpdateBrief(ctx, a.f.Workspace.ID, other.campaign.ID, campaigns.Brief{Product: "Unreleased thing"})
		}))
		r = a.do("", "GET", path, "", "")
		body := r.Body.String()
		if r.Code != http.StatusOK || !strings.Contains(body, "Glow serum") || !strings.Contains(body, "Honest pros/cons review") {
			t.Fatalf("shared brief: %d %s", r.Code, body)
		}
		for _, leak := range []string{"Unreleased thing", "Ops secret-launch", "/creators", "Sign out", "Pipeline"} {
			if strings.Contains(body, leak) {
				t.Errorf("shared brief shows %q", leak)
			}
		}
		if r.Header().Get("Referrer-Policy") != "no-referrer" || !strings.Contains(r.Header().Get("X-Robots-Tag"), "noindex") {
			t.Errorf("headers %v", r.Header())
		}
		// Signed in or not, the page is the same brief and nothing more.
		if body := a.do("owner", "GET", path, "", "").Body.String(); strings.Contains(body, "Sign out") || !strings.Contains(body, "Glow serum") {
			t.Error("signed-in view of the share link differs")
		}
		// Another workspace cannot revoke it; a member of this one can.
		revoke := fmt.Sprintf(`{"share":%d}`, share.Share.ID)
		a.opsJSON("other", "POST", fmt.Sprintf("/campaigns/%d/brief/shares/revoke", w.campaign.ID), revoke, http.StatusNotFound, nil)
		a.opsJSON("member", "POST", fmt.Sprintf("/campaigns/%d/brief/shares/revoke", other.campaign.ID), revoke, http.StatusNotFound, nil)
		a.opsJSON("member", "POST", fmt.Sprintf("/campaigns/%d/brief/shares/revoke", w.campaign.ID), revoke, http.StatusNoContent, nil)
		if r := a.do("", "GET", path, "", ""); r.Code != http.StatusNotFound || strings.Contains(r.Body.String(), "Glow serum") {
			t.Errorf("revoked link: %d", r.Code)
		}
		// The printable version is for the workspace's own staff.
		if r := a.do("viewer", "GET", fmt.Sprintf("/campaigns/%d/brief/print", w.campaign.ID), "", ""); r.Code != http.StatusOK || !strings.Contains(r.Body.String(), "Show the texture") {
			t.Errorf("print: %d", r.Code)
		}
	})
}
