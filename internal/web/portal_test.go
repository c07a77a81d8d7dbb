package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/ops"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// TestPortalIsolation: the creator actor (Portal Pat) sees their own
// collaboration and submits to it; every portal route with the id of
// another creator's collaboration, or a media id of another creator's
// draft, is a 404 and changes nothing.
func TestPortalIsolation(t *testing.T) {
	f := storetest.New(t)
	a, _ := opsApp(t, f, 0, nil)
	ctx := context.Background()
	ws := f.Workspace.ID
	mine := opsCollab(t, a, campaigns.Contracted)
	other := creators.Creator{Name: "Other Olga", Accounts: []creators.Account{{Platform: "instagram", Handle: "olga"}}}
	var theirs campaigns.Collaboration
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateCreator(ctx, ws, &other); err != nil {
			return err
		}
		theirs = campaigns.Collaboration{CampaignID: mine.CampaignID, CreatorID: other.ID, Status: campaigns.Contracted}
		return tx.CreateCollaboration(ctx, ws, &theirs)
	}))
	// Olga's draft with a media file, submitted by staff.
	ct, body := multipartBody(t, map[string]string{"title": "Olga's reel", "caption": "secret caption"}, map[string][]byte{"o.png": pngBytes})
	if w := a.do("owner", "POST", fmt.Sprintf("/collaborations/%d/drafts", theirs.ID), ct, body); w.Code != http.StatusSeeOther {
		t.Fatalf("staff draft: %d %s", w.Code, w.Body)
	}
	ds, _ := f.DB.Drafts(ctx, ws, theirs.ID)
	theirMedia := ds[0].Versions[0].Media[0].ID

	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
		return tx.CreateDeliverable(ctx, ws, &ops.Deliverable{CollaborationID: mine.ID, Kind: "reel", Platform: "instagram", Due: f.DB.Now().Add(72 * time.Hour), Status: ops.Planned})
	}))
	home := a.do("creator", "GET", "/", "", "").Body.String()
	if !strings.Contains(home, fmt.Sprintf("/portal/collaborations/%d", mine.ID)) || strings.Contains(home, fmt.Sprintf("/portal/collaborations/%d\"", theirs.ID)) {
		t.Errorf("portal home lists the wrong collaborations")
	}
	page := a.do("creator", "GET", fmt.Sprintf("/portal/collaborations/%d", mine.ID), "", "")
	// Fee 500.00 is earned; nothing is measured yet.
	if page.Code != 200 || !strings.Contains(page.Body.String(), "#glow") || !strings.Contains(page.Body.String(), `data-testid="earned">500.00 USD`) ||
		!strings.Contains(page.Body.String(), `data-testid="clicks">0`) || !strings.Contains(page.Body.String(), "<td>Reel</td><td>instagram</td>") {
		t.Errorf("own collaboration: %d", page.Code)
	}
	ct, body = multipartBody(t, map[string]string{"title": "My reel", "caption": "Loving it #ad #glow"}, nil)
	if w := a.do("creator", "POST", fmt.Sprintf("/portal/collaborations/%d/drafts", mine.ID), ct, body); w.Code != http.StatusSeeOther {
		t.Errorf("own draft: %d %s", w.Code, trim(w.Body.String()))
	}

	for _, rt := range a.srv.routes {
		if !strings.HasPrefix(rt.pattern, "/portal/") {
			continue
		}
		path := strings.Replace(rt.pattern, "{id}", fmt.Sprint(theirs.ID), 1)
		ct, body := "", ""
		if rt.method == "POST" {
			ct, body = multipartBody(t, map[string]string{"title": "Injected", "caption": "x"}, nil)
		}
		if strings.HasSuffix(path, "/media") {
			path += fmt.Sprintf("?m=%d", theirMedia)
		}
		if w := a.do("creator", rt.method, path, ct, body); w.Code != http.StatusNotFound {
			t.Errorf("%s %s as creator: %d, want 404", rt.method, path, w.Code)
		}
	}
	// Their media through my collaboration's id: still not found.
	if w := a.do("creator", "GET", fmt.Sprintf("/portal/collaborations/%d/media?m=%d", mine.ID, theirMedia), "", ""); w.Code != http.StatusNotFound {
		t.Errorf("their media through my collaboration: %d", w.Code)
	}
	if ds, _ := f.DB.Drafts(ctx, ws, theirs.ID); len(ds) != 1 || len(ds[0].Versions) != 1 {
		t.Errorf("their drafts changed: %+v", ds)
	}
	// Staff pages of the same collaboration are invisible to creators.
	for _, p := range []string{"/collaborations/%d/review", "/api/v1/collaborations/%d/drafts"} {
		if w := a.do("creator", "GET", fmt.Sprintf(p, mine.ID), "", ""); w.Code != http.StatusNotFound {
			t.Errorf("%s as creator: %d", p, w.Code)
		}
	}
	if w := a.do("creator", "GET", "/payouts.csv", "", ""); w.Code != http.StatusNotFound {
		t.Errorf("payouts CSV as creator: %d", w.Code)
	}
}

var inviteLinkRE = regexp.MustCompile(`/invite/([A-Za-z0-9_]+)`)

func TestInviteSetsPasswordOnce(t *testing.T) {
	f := storetest.New(t)
	a := newApp(t, f)
	ctx := context.Background()
	ws := f.Workspace.ID
	cr := creators.Creator{Name: "Nia New", Email: "nia@creator.test", Accounts: []creators.Account{{Platform: "tiktok", Handle: "nia"}}}
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateCreator(ctx, ws, &cr); err != nil {
			return err
		}
		cp := campaigns.Campaign{Name: "Nia launch", Slug: "nia-launch", Currency: "USD", Goal: "sales", Status: "active"}
		if err := tx.CreateCampaign(ctx, ws, &cp); err != nil {
			return err
		}
		return tx.CreateCollaboration(ctx, ws, &campaigns.Collaboration{CampaignID: cp.ID, CreatorID: cr.ID, Status: campaigns.Contracted})
	}))
	if w := a.do("viewer", "POST", fmt.Sprintf("/creators/%d/invite", cr.ID), "application/x-www-form-urlencoded", ""); w.Code != http.StatusForbidden {
		t.Errorf("viewer inviting: %d", w.Code)
	}
	w := a.do("member", "POST", fmt.Sprintf("/creators/%d/invite", cr.ID), "application/x-www-form-urlencoded", "")
	m := inviteLinkRE.FindStringSubmatch(w.Body.String())
	if w.Code != 200 || m == nil {
		t.Fatalf("invite: %d %s", w.Code, trim(w.Body.String()))
	}
	token := m[1]
	if w := a.do("", "GET", "/invite/"+token, "", ""); w.Code != 200 || !strings.Contains(w.Body.String(), "nia@creator.test") {
		t.Errorf("invite page: %d", w.Code)
	}
	form := func(pw, confirm string) string {
		return url.Values{"password": {pw}, "confirm": {confirm}}.Encode()
	}
	if w := a.do("", "POST", "/invite/"+token, "application/x-www-form-urlencoded", form("short", "short")); w.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(w.Body.String(), "at least 10") {
		t.Errorf("short password: %d", w.Code)
	}
	if w := a.do("", "POST", "/invite/"+token, "application/x-www-form-urlencoded", form("a long passphrase", "another one!")); w.Code != http.StatusUnprocessableEntity {
		t.Errorf("mismatch: %d", w.Code)
	}
	w = a.do("", "POST", "/invite/"+token, "application/x-www-form-urlencoded", form("a long passphrase", "a long passphrase"))
	if w.Code != http.StatusSeeOther {
		t.Fatalf("accept: %d %s", w.Code, trim(w.Body.String()))
	}
	var session string
	for _, c := range w.Result().Cookies() {
		if c.Name == sessionCookie {
			session = c.Value
		}
	}
	a.cookies["nia"] = session
	if home := a.do("nia", "GET", "/", "", "").Body.String(); !strings.Contains(home, "Nia launch") {
		t.Errorf("Nia's portal lacks her collaboration")
	}
	u, err := f.DB.UserByEmail(ctx, "nia@creator.test")
	storetest.Must(t, err)
	if !auth.CheckPassword(u.PasswordHash, "a long passphrase") {
		t.Error("password not set")
	}
	if w := a.do("", "POST", "/invite/"+token, "application/x-www-form-urlencoded", form("a long passphrase", "a long passphrase")); w.Code != http.StatusNotFound {
		t.Errorf("second use: %d", w.Code)
	}
}
