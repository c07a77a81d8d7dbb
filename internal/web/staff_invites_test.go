package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

var joinLinkRE = regexp.MustCompile(`/join/(chj_[A-Za-z0-9_-]+)`)

func passwordForm(pw, confirm string) string {
	return url.Values{"password": {pw}, "confirm": {confirm}}.Encode()
}

// TestStaffInvite invites a new person to the team, who joins with the
// invited role; the link works once and each step is audited.
func TestStaffInvite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		a := newApp(t, f)
		ctx := context.Background()
		const form = "application/x-www-form-urlencoded"
		for _, tt := range []struct {
			actor, body string
			want        int
		}{
			{"admin", "email=boss%40acme.test&role=owner", http.StatusUnprocessableEntity},    // only owners invite owners (shown on the form)
			{"admin", "email=member%40acme.test&role=viewer", http.StatusUnprocessableEntity}, // already in the team
			{"admin", "email=not-an-address&role=viewer", http.StatusUnprocessableEntity},
			{"member", "email=new%40acme.test&role=viewer", http.StatusForbidden},
		} {
			if w := a.do(tt.actor, "POST", "/settings/members/invite", form, tt.body); w.Code != tt.want {
				t.Errorf("%s invites %s: %d, want %d", tt.actor, tt.body, w.Code, tt.want)
			}
		}
		a.json("admin", "POST", "/api/v1/members/invites", `{"email":"boss@acme.test","role":"owner"}`, http.StatusForbidden, nil)
		a.json("admin", "POST", "/api/v1/members/invites", `{"email":"member@acme.test","role":"viewer"}`, http.StatusConflict, nil)

		w := a.do("admin", "POST", "/settings/members/invite", form, "email=New%40Acme.test&role=member")
		m := joinLinkRE.FindStringSubmatch(w.Body.String())
		if w.Code != 200 || m == nil {
			t.Fatalf("invite: %d %s", w.Code, trim(w.Body.String()))
		}
		token := m[1]
		if w := a.do("", "GET", "/join/"+token, "", ""); w.Code != 200 {
			t.Errorf("join page: %d", w.Code)
		}
		if w := a.do("", "POST", "/join/"+token, form, passwordForm("a long passphrase", "something else")); w.Code != http.StatusUnprocessableEntity {
			t.Errorf("mismatch: %d", w.Code)
		}
		w = a.do("", "POST", "/join/"+token, form, passwordForm("a long passphrase", "a long passphrase"))
		if w.Code != http.StatusSeeOther {
			t.Fatalf("join: %d %s", w.Code, trim(w.Body.String()))
		}
		u, err := f.DB.UserByEmail(ctx, "new@acme.test")
		storetest.Must(t, err)
		ms, err := f.DB.Membership(ctx, f.Workspace.ID, u.ID)
		if err != nil || ms.Role != auth.Member || !auth.CheckPassword(u.PasswordHash, "a long passphrase") {
			t.Errorf("membership %+v, %v; want member with the password set", ms, err)
		}
		if w := a.do("", "POST", "/join/"+token, form, passwordForm("a long passphrase", "a long passphrase")); w.Code != http.StatusNotFound {
			t.Errorf("second use: %d", w.Code)
		}
		var got []string
		evs, err := f.DB.AuditEvents(ctx, f.Workspace.ID, store.AuditFilter{})
		storetest.Must(t, err)
		for _, e := range evs {
			got = append(got, e.Action+": "+e.Detail)
		}
		want := []string{"session.start: ", "member.join: new@acme.test as member", "member.invite: new@acme.test as member"}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("audit %q, want %q", got, want)
		}
	})
}

// TestInvitationCannotTakeOverAnAccount: whoever makes an invitation sees
// its link. For an address that already has an account, the link must not
// be a way in without that account's password, or an admin of one
// workspace could sign in as the owner of another.
func TestInvitationCannotTakeOverAnAccount(t *testing.T) {
	f := storetest.New(t)
	a := newApp(t, f)
	ctx := context.Background()
	const form = "application/x-www-form-urlencoded"
	victim := "owner@globex.test" // owner of the other workspace
	w := a.do("admin", "POST", "/settings/members/invite", form, "email="+url.QueryEscape(victim)+"&role=viewer")
	m := joinLinkRE.FindStringSubmatch(w.Body.String())
	if m == nil {
		t.Fatalf("staff invite: %d", w.Code)
	}
	cr := creators.Creator{Name: "Not a creator", Email: victim, Accounts: []creators.Account{{Platform: "tiktok", Handle: "victim"}}}
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateCreator(ctx, f.Workspace.ID, &cr) }))
	w = a.do("member", "POST", fmt.Sprintf("/creators/%d/invite", cr.ID), form, "")
	p := inviteLinkRE.FindStringSubmatch(w.Body.String())
	if p == nil {
		t.Fatalf("portal invite: %d", w.Code)
	}
	u, err := f.DB.UserByEmail(ctx, victim)
	storetest.Must(t, err)
	for _, path := range []string{"/join/" + m[1], "/invite/" + p[1]} {
		w := a.do("", "POST", path, form, passwordForm("the attacker's pass", "the attacker's pass"))
		if w.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s with another password: %d, want 422", path, w.Code)
		}
		for _, c := range w.Result().Cookies() {
			if c.Name == sessionCookie && c.Value != "" {
				t.Errorf("%s: a session was started", path)
			}
		}
		if _, err := f.DB.Membership(ctx, f.Workspace.ID, u.ID); err == nil {
			t.Errorf("%s: the account joined without its password", path)
		}
	}
	// Guessing is the sign-in lockout's business: after its free failures
	// (two spent above), even the right password waits.
	for range 10 {
		a.do("", "POST", "/join/"+m[1], form, passwordForm("guess", "guess"))
	}
	if w := a.do("", "POST", "/join/"+m[1], form, passwordForm(f.Password, f.Password)); w.Code != http.StatusTooManyRequests {
		t.Errorf("after 12 wrong passwords: %d, want 429", w.Code)
	}
	a.srv.guards.account.Reset("email:" + victim)
	// With the account's own password, the owner joins as invited.
	if w := a.do("", "POST", "/join/"+m[1], form, passwordForm(f.Password, f.Password)); w.Code != http.StatusSeeOther {
		t.Errorf("join with the account's password: %d %s", w.Code, trim(w.Body.String()))
	}
	if ms, err := f.DB.Membership(ctx, f.Workspace.ID, u.ID); err != nil || ms.Role != auth.Viewer {
		t.Errorf("membership %+v, %v; want viewer", ms, err)
	}
}
