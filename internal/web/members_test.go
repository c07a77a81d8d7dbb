package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// TestMemberRoles walks who may change whom through the API and checks the
// membership each change leaves behind and its audit event.
func TestMemberRoles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		a := newApp(t, f)
		ctx := context.Background()
		tests := []struct {
			actor  string
			target string // a role for a fresh user, or "self"
			to     string // "" removes
			want   int
		}{
			{"admin", "viewer", "member", http.StatusOK},
			{"admin", "member", "admin", http.StatusOK},
			{"admin", "member", "", http.StatusNoContent},
			{"admin", "viewer", "owner", http.StatusForbidden}, // only owners make owners
			{"admin", "owner", "admin", http.StatusForbidden},  // nor change them
			{"admin", "owner", "", http.StatusForbidden},       // nor remove them
			{"admin", "self", "owner", http.StatusForbidden},   // never your own role
			{"admin", "self", "", http.StatusForbidden},        // nor yourself
			{"owner", "self", "admin", http.StatusForbidden},   // an owner neither
			{"owner", "viewer", "owner", http.StatusOK},        // owners make owners
			{"owner", "owner", "member", http.StatusOK},        // two owners: one may go
			{"owner", "owner", "", http.StatusNoContent},       // likewise
			{"owner", "viewer", "boss", http.StatusUnprocessableEntity},
			{"owner", "viewer", "creator", http.StatusUnprocessableEntity},
			{"owner", "creator", "admin", http.StatusUnprocessableEntity}, // portal users stay creators
			{"owner", "creator", "", http.StatusNoContent},
			{"member", "viewer", "admin", http.StatusForbidden}, // the route needs admin
			{"viewer", "member", "", http.StatusForbidden},
			{"other", "viewer", "admin", http.StatusNotFound}, // another workspace's user
		}
		for i, tt := range tests {
			name := fmt.Sprintf("%s sets %s to %q", tt.actor, tt.target, tt.to)
			var u *store.User
			from := auth.Role(tt.target)
			if tt.target == "self" {
				u = a.users[tt.actor]
				m, err := f.DB.Membership(ctx, f.Workspace.ID, u.ID)
				storetest.Must(t, err)
				from = m.Role
			} else {
				var cid *int64
				if from == auth.Creator {
					cid = &a.creator.ID
				}
				u = f.AddUser(t, f.Workspace.ID, fmt.Sprintf("target%d@acme.test", i), from, cid)
			}
			path := fmt.Sprintf("/api/v1/members/%d", u.ID)
			var w int
			if tt.to == "" {
				w = a.do(tt.actor, "DELETE", path, "", "").Code
			} else {
				w = a.do(tt.actor, "PATCH", path, "application/json", `{"role":"`+tt.to+`"}`).Code
			}
			if w != tt.want {
				t.Errorf("%s: status %d, want %d", name, w, tt.want)
				continue
			}
			m, err := f.DB.Membership(ctx, f.Workspace.ID, u.ID)
			evs, aerr := f.DB.AuditEvents(ctx, f.Workspace.ID, store.AuditFilter{Limit: 1})
			storetest.Must(t, aerr)
			audited := len(evs) == 1 && evs[0].ObjectID != nil && *evs[0].ObjectID == u.ID && strings.HasPrefix(evs[0].Action, "member.")
			switch tt.want {
			case http.StatusOK:
				if err != nil || string(m.Role) != tt.to {
					t.Errorf("%s: membership %+v, %v; want role %s", name, m, err, tt.to)
				}
				if want := fmt.Sprintf("%s: %s -> %s", u.Email, from, tt.to); !audited || evs[0].Action != "member.role" || evs[0].Detail != want {
					t.Errorf("%s: last audit event %+v, want member.role %q", name, evs, want)
				}
			case http.StatusNoContent:
				if !errors.Is(err, store.ErrNotFound) {
					t.Errorf("%s: still a member (%+v, %v)", name, m, err)
				}
				if !audited || evs[0].Action != "member.remove" {
					t.Errorf("%s: last audit event %+v, want member.remove", name, evs)
				}
			default:
				if err != nil || m.Role != from {
					t.Errorf("%s: refused, yet membership is %+v, %v; want %s", name, m, err, from)
				}
				if audited {
					t.Errorf("%s: refused, yet audited %+v", name, evs[0])
				}
			}
		}
	})
}

// TestMemberRule covers the last-owner rule, which the API cannot reach
// today (only an owner changes an owner, never themselves, so there are two)
// but which must hold if either of those rules is ever relaxed.
func TestMemberRule(t *testing.T) {
	owner := &Caller{Role: auth.Owner} // a caller that is not the target
	tests := []struct {
		from, to auth.Role
		remove   bool
		owners   int
		want     int // 0: allowed
	}{
		{auth.Owner, auth.Admin, false, 1, http.StatusConflict},
		{auth.Owner, "", true, 1, http.StatusConflict},
		{auth.Owner, auth.Owner, false, 1, 0}, // not a demotion
		{auth.Owner, auth.Admin, false, 2, 0},
		{auth.Owner, "", true, 2, 0},
		{auth.Viewer, auth.Admin, false, 1, 0},
	}
	for _, tt := range tests {
		err := memberRule(owner, 7, tt.from, tt.to, tt.remove, tt.owners)
		got := 0
		if err != nil {
			got, _, _ = statusOf(err)
		}
		if got != tt.want {
			t.Errorf("%s -> %q (remove %v, %d owners): %d (%v), want %d", tt.from, tt.to, tt.remove, tt.owners, got, err, tt.want)
		}
	}
}

func TestMemberForms(t *testing.T) {
	f := storetest.New(t)
	a := newApp(t, f)
	u := f.AddUser(t, f.Workspace.ID, "new@acme.test", auth.Viewer, nil)
	w := a.do("admin", "POST", fmt.Sprintf("/settings/members/%d/role", u.ID), "application/x-www-form-urlencoded", "role=member")
	if w.Code != http.StatusSeeOther || !strings.Contains(w.Header().Get("Location"), "now+member") {
		t.Fatalf("role form: %d to %q", w.Code, w.Header().Get("Location"))
	}
	w = a.do("admin", "POST", fmt.Sprintf("/settings/members/%d/remove", f.Owner.ID), "application/x-www-form-urlencoded", "")
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "only an owner can change or remove an owner") {
		t.Errorf("removing the owner as admin: %d %s", w.Code, trim(w.Body.String()))
	}
	page := a.do("owner", "GET", "/settings", "", "").Body.String()
	if !strings.Contains(page, fmt.Sprintf(`action="/settings/members/%d/role"`, u.ID)) || strings.Contains(page, fmt.Sprintf(`action="/settings/members/%d/role"`, f.Owner.ID)) {
		t.Errorf("settings page: want a role form for new@ and none for the owner themselves")
	}
	if m, err := f.DB.Membership(context.Background(), f.Workspace.ID, u.ID); err != nil || m.Role != auth.Member {
		t.Errorf("membership %+v, %v; want member", m, err)
	}
}
