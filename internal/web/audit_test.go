package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func storeFilter(action string) store.AuditFilter { return store.AuditFilter{Action: action} }

func TestSensitiveActionsAreAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		a := newApp(t, f)
		ids := a.objects()
		var tok struct {
			Token store.APIToken `json:"token"`
		}
		a.json("admin", "POST", "/api/v1/tokens", `{"name":"ci","role":"viewer"}`, http.StatusCreated, &tok)
		a.json("admin", "DELETE", fmt.Sprintf("/api/v1/tokens/%d", tok.Token.ID), "", http.StatusNoContent, nil)
		a.json("admin", "PATCH", "/api/v1/workspace", `{"lookback_days": 14}`, http.StatusOK, nil)
		a.json("admin", "DELETE", fmt.Sprintf("/api/v1/creators/%d", ids["creator"]), "", http.StatusNoContent, nil)
		a.json("admin", "POST", "/api/v1/creators/import?format=jsonl", `{"name":"Ivy","platform":"instagram","handle":"ivy"}`, http.StatusOK, nil)
		a.json("viewer", "GET", "/api/v1/audit", "", http.StatusForbidden, nil)
		var out struct {
			Events []store.AuditEvent `json:"events"`
		}
		a.json("admin", "GET", "/api/v1/audit", "", http.StatusOK, &out)
		var got []string
		for _, e := range out.Events {
			if e.Actor != "admin@acme.test" || e.ActorUserID == nil || *e.ActorUserID != a.users["admin"].ID {
				t.Errorf("%s by %q (%v), want admin", e.Action, e.Actor, e.ActorUserID)
			}
			got = append(got, e.Action+":"+e.Detail)
		}
		want := []string{
			"creators.import:upload.jsonl: 1 rows, 1 creators added, 1 accounts added, 0 updated",
			"creator.delete:",
			"settings.change:lookback_days 30 -> 14",
			"token.revoke:",
			`token.create:"ci", role viewer`,
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("audit:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if len(out.Events) > 0 && (out.Events[1].ObjectID == nil || *out.Events[1].ObjectID != ids["creator"]) {
			t.Errorf("creator.delete names object %v, want %d", out.Events[1].ObjectID, ids["creator"])
		}
		// Another workspace sees none of it.
		a.json("other", "GET", "/api/v1/audit", "", http.StatusOK, &out)
		if len(out.Events) != 0 {
			t.Errorf("another workspace sees %d events", len(out.Events))
		}
		page := a.do("owner", "GET", "/settings/audit?action=token.create", "", "")
		if page.Code != 200 || !strings.Contains(page.Body.String(), "token.create") || strings.Contains(page.Body.String(), "settings.change") {
			t.Errorf("audit page: %d %s", page.Code, trim(page.Body.String()))
		}
		if w := a.do("owner", "GET", "/api/v1/audit?limit=0", "", ""); w.Code != http.StatusBadRequest {
			t.Errorf("limit=0: %d, want 400", w.Code)
		}
	})
}

func TestSignInIsAudited(t *testing.T) {
	f := storetest.New(t)
	h, _ := guardedServer(t, f, nil, 0)
	if w := signIn(h, "192.0.2.1:1", "owner@acme.test", f.Password); w.Code != http.StatusSeeOther {
		t.Fatalf("sign in: %d", w.Code)
	}
	evs, err := f.DB.AuditEvents(context.Background(), f.Workspace.ID, storeFilter("session.start"))
	storetest.Must(t, err)
	if len(evs) != 1 || evs[0].Actor != "owner@acme.test" || evs[0].IPHash == "" || strings.Contains(evs[0].IPHash, "192.0.2.1") {
		t.Errorf("sign-in events %+v, want one by the owner with a hashed address", evs)
	}
}

// TestReadOnlyDatabaseIs503 makes the database refuse writes, as a
// read-only file or a full disk would, and checks that a write route says
// so with 503 and Retry-After, stores nothing, and works again after.
func TestReadOnlyDatabaseIs503(t *testing.T) {
	a := newApp(t, storetest.New(t))
	ctx := context.Background()
	storetest.Must(t, a.f.DB.SetQueryOnly(ctx, true))
	body := `{"name":"Ro","accounts":[{"platform":"instagram","handle":"readonly_ro"}]}`
	w := a.do("member", "POST", "/api/v1/creators", "application/json", body)
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" || !strings.Contains(w.Body.String(), "read-only") {
		t.Errorf("write on a read-only database: %d Retry-After %q %s", w.Code, w.Header().Get("Retry-After"), trim(w.Body.String()))
	}
	form := a.do("admin", "POST", "/settings/tokens", "application/x-www-form-urlencoded", "name=x&role=viewer")
	if form.Code != http.StatusServiceUnavailable || !strings.Contains(form.Body.String(), "nothing was saved") {
		t.Errorf("form on a read-only database: %d %s", form.Code, trim(form.Body.String()))
	}
	if r := a.do("member", "GET", "/api/v1/creators", "", ""); r.Code != http.StatusOK {
		t.Errorf("reads during read-only: %d", r.Code)
	}
	storetest.Must(t, a.f.DB.SetQueryOnly(ctx, false))
	a.json("member", "POST", "/api/v1/creators", body, http.StatusCreated, nil)
}

func TestSecretsPayoutsAndExportsAreAudited(t *testing.T) {
	a := newApp(t, storetest.New(t))
	a.json("admin", "PUT", "/api/v1/integrations", `{"shopify_shop": ""}`, http.StatusOK, nil)
	a.json("admin", "POST", "/api/v1/payouts/runs", `{"key": "2026-11"}`, http.StatusCreated, nil)
	a.json("admin", "POST", "/api/v1/payouts/runs", `{"key": "2026-11"}`, http.StatusOK, nil) // the same run: not again
	if w := a.do("viewer", "GET", "/payouts.csv", "", ""); w.Code != http.StatusOK {
		t.Fatalf("payouts.csv: %d", w.Code)
	}
	evs, err := a.f.DB.AuditEvents(context.Background(), a.f.Workspace.ID, store.AuditFilter{})
	storetest.Must(t, err)
	var got []string
	for _, e := range evs {
		got = append(got, e.Actor+" "+e.Action+": "+e.Detail)
	}
	want := []string{
		"viewer@acme.test export.payouts: payouts.csv",
		`admin@acme.test payout.run: run "2026-11": 0 collaborations paid, 0 ledger lines`,
		"admin@acme.test secrets.change: set: ; removed: " + store.SecretShopifyShop,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
