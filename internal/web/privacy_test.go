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

func TestEraseAndRetentionRoutes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		a := newApp(t, f)
		ids := a.objects()
		ctx := context.Background()
		a.json("member", "POST", fmt.Sprintf("/api/v1/creators/%d/erase", ids["creator"]), "", http.StatusForbidden, nil)
		a.json("other", "POST", fmt.Sprintf("/api/v1/creators/%d/erase", ids["creator"]), "", http.StatusNotFound, nil)
		a.json("admin", "POST", fmt.Sprintf("/api/v1/creators/%d/erase", ids["creator"]), "", http.StatusOK, nil)
		c, err := f.DB.Creator(ctx, f.Workspace.ID, ids["creator"])
		storetest.Must(t, err)
		if c.Name != fmt.Sprintf("Erased creator %d", ids["creator"]) || !strings.HasPrefix(c.Accounts[0].Handle, "erased-") {
			t.Errorf("after erase: %q %q", c.Name, c.Accounts[0].Handle)
		}
		var res struct {
			N int64 `json:"orders_anonymised"`
		}
		a.json("admin", "POST", "/api/v1/customers/erase", `{"email":"ann@mail.example"}`, http.StatusOK, &res)
		a.json("admin", "POST", "/api/v1/customers/erase", `{}`, http.StatusUnprocessableEntity, nil)
		var p privacySettings
		a.json("viewer", "GET", "/api/v1/privacy", "", http.StatusOK, &p)
		if p.RetentionDays != 0 {
			t.Errorf("default retention %d, want 0", p.RetentionDays)
		}
		a.json("admin", "PUT", "/api/v1/privacy", `{"retention_days": 90}`, http.StatusOK, nil)
		a.json("admin", "PUT", "/api/v1/privacy", `{"retention_days": -1}`, http.StatusUnprocessableEntity, nil)
		if w := a.do("admin", "POST", "/settings/privacy", "application/x-www-form-urlencoded", "retention_days=30"); w.Code != http.StatusSeeOther {
			t.Errorf("form: %d", w.Code)
		}
		a.json("viewer", "GET", "/api/v1/privacy", "", http.StatusOK, &p)
		if p.RetentionDays != 30 {
			t.Errorf("retention %d, want 30", p.RetentionDays)
		}
		evs, err := f.DB.AuditEvents(ctx, f.Workspace.ID, store.AuditFilter{})
		storetest.Must(t, err)
		var got []string
		for _, e := range evs {
			got = append(got, e.Action)
		}
		if want := "settings.retention settings.retention customer.erase creator.erase"; strings.Join(got, " ") != want {
			t.Errorf("audit %v, want %s", got, want)
		}
		for _, e := range evs {
			if strings.Contains(e.Detail, "ann@") {
				t.Errorf("the erased e-mail is in the audit log: %q", e.Detail)
			}
		}
	})
}

func TestRetentionJobIsRegistered(t *testing.T) {
	a := newApp(t, storetest.New(t))
	for _, j := range a.srv.Jobs() {
		if j.Name == "click-retention" {
			storetest.Must(t, j.Run(context.Background()))
			return
		}
	}
	t.Error("no click-retention job")
}
