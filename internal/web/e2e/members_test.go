package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chorushq/chorus/internal/auth"
)

// TestMembersRolesAndInvite changes a member's role and invites a new one
// from Settings, then joins from the link: each page is checked at phone
// width and for accessibility.
func TestMembersRolesAndInvite(t *testing.T) {
	t.Parallel()
	a := startApp(t)
	u := a.f.AddUser(t, a.f.Workspace.ID, "vera@acme.test", auth.Viewer, nil)
	b := newBrowser(t, a.url)
	signIn(b, a.f, "owner@acme.test")

	b.visit("settings with members", "/settings")
	b.phone("settings with members")
	b.do("choose a role", choose("#role-"+itoa(u.ID), "admin"))
	b.submit("change role", "form[action='/settings/members/"+itoa(u.ID)+"/role'] button[type=submit]")
	if got := b.text("[role=status]"); !strings.Contains(got, "vera@acme.test is now admin") {
		t.Errorf("after changing the role the page says %q", got)
	}
	m, err := a.f.DB.Membership(context.Background(), a.f.Workspace.ID, u.ID)
	if err != nil || m.Role != auth.Admin {
		t.Errorf("membership %+v, %v; want admin", m, err)
	}

	b.fill("invite form", map[string]string{"#inv-email": "nora@acme.test"})
	b.do("choose the invited role", choose("#inv-role", "viewer"))
	b.submit("invite", "form[action='/settings/members/invite'] button[type=submit]")
	b.phone("invitation made")
	link := b.text("[data-testid=invite-link]")
	if !strings.HasPrefix(link, a.url+"/join/") {
		t.Fatalf("invitation link %q", link)
	}
	signOut(b)

	b.visit("join", strings.TrimPrefix(link, a.url))
	b.phone("join")
	const password = "a team of three now"
	b.fill("password", map[string]string{"#password": password, "#confirm": password})
	if p := b.submit("join", "form[action^='/join/'] button[type=submit]"); !strings.HasPrefix(p, "/?") {
		t.Errorf("after joining the browser is at %s, want the dashboard", p)
	}
	if got := b.text("header .ws"); got != a.f.Workspace.Name {
		t.Errorf("after joining the header names %q", got)
	}
}
