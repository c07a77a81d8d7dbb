package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/store"
)

// TestSettingsTokensAndWorkspaces changes the workspace settings, creates an
// API token and uses it, revokes it, and switches to a second workspace.
func TestSettingsTokensAndWorkspaces(t *testing.T) {
	t.Parallel()
	a := startApp(t)
	b := newBrowser(t, a.url)
	signIn(b, a.f, "owner@acme.test")

	b.visit("settings", "/settings")
	b.phone("settings")
	b.fill("rename", map[string]string{"#name": "Acme Beauty"})
	b.submit("save settings", "form[action='/settings'] button[type=submit]")
	if got := b.text("header .ws"); got != "Acme Beauty" {
		t.Errorf("header names the workspace %q after renaming", got)
	}

	b.fill("token form", map[string]string{"#t-name": "Shopify app", "#t-role": "member"})
	b.submit("create token", "form[action='/settings/tokens'] button[type=submit]")
	secret := b.text("[data-testid=new-token]")
	if !strings.HasPrefix(secret, "cht_") {
		t.Fatalf("new token %q", secret)
	}
	if got := apiStatus(t, a.url+"/api/v1/me", secret); got != http.StatusOK {
		t.Errorf("GET /api/v1/me with the new token: %d, want 200", got)
	}
	b.submit("revoke token", "form[action$='/revoke'] button[type=submit]")
	if got := listText(b, "section[aria-labelledby=tok-h] tbody td:nth-child(4)"); !equal(got, []string{"revoked"}) {
		t.Errorf("token states after revoking: %v", got)
	}
	if got := apiStatus(t, a.url+"/api/v1/me", secret); got != http.StatusUnauthorized {
		t.Errorf("GET /api/v1/me with the revoked token: %d, want 401", got)
	}

	// A second workspace: the header grows a switcher.
	globex, _ := a.f.AddWorkspace(t, "globex", "owner@globex.test")
	ctx := context.Background()
	if err := a.f.DB.Tx(ctx, func(tx *store.Tx) error {
		return tx.SetMembership(ctx, globex.ID, a.f.Owner.ID, auth.Member, nil)
	}); err != nil {
		t.Fatal(err)
	}
	b.visit("two workspaces", "/")
	b.phone("two workspaces")
	b.load("switch workspace", choose("#ws-switch", globex.Name))
	if got := eval[string](b, `document.querySelector("#ws-switch option:checked").textContent`); got != "Globex" {
		t.Errorf("after switching, the switcher shows %q", got)
	}
	if got := b.text("[data-testid=creators-count]"); got != "0" {
		t.Errorf("Globex dashboard counts %s creators, want 0", got)
	}
	// A member cannot change Globex's settings: the form is read-only.
	b.visit("settings as member", "/settings")
	if n := eval[int](b, `document.querySelectorAll("form[action='/settings'] input:not([disabled])").length`); n != 0 {
		t.Errorf("a member sees %d editable settings", n)
	}
	if got := b.text("section[aria-labelledby=ws-h] p.muted"); !strings.Contains(got, "Only admins and owners") {
		t.Errorf("a member is told %q about the read-only settings", got)
	}
}

// apiStatus sends GET url with a bearer token and returns the status.
func apiStatus(t *testing.T, url, token string) int {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
