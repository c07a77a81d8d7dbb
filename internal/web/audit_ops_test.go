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

// TestOperationsAreAudited checks that exports, portal invitations, brief
// share links and bulk pipeline changes each leave one audit event naming
// who, what and on which object.
func TestOperationsAreAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		a := newApp(t, f)
		w := newOpsWorld(t, a, "audited",
			opsSpec{"Ana Lima", "ana@x.test", 5000, campaigns.Prospect},
			opsSpec{"Ben Ode", "ben@x.test", 5000, campaigns.Prospect})
		cp, k0, k1 := w.campaign.ID, w.collabs[0].ID, w.collabs[1].ID
		steps := []struct {
			actor, method, path, ctype, body string
			want                             int
		}{
			{"viewer", "GET", "/rights/winners.csv", "", "", http.StatusOK},
			{"viewer", "GET", fmt.Sprintf("/api/v1/campaigns/%d/report?format=csv&model=linear", cp), "", "", http.StatusOK},
			{"viewer", "GET", fmt.Sprintf("/api/v1/campaigns/%d/report", cp), "", "", http.StatusOK}, // JSON is not an export
			{"member", "POST", fmt.Sprintf("/creators/%d/invite", w.creators[0].ID), "application/x-www-form-urlencoded", "", http.StatusOK},
			{"member", "POST", fmt.Sprintf("/campaigns/%d/brief/shares", cp), "application/json", "{}", http.StatusCreated},
			{"member", "POST", "/collaborations/bulk", "application/json", fmt.Sprintf(`{"action":"move","to":"contacted","ids":[%d,%d]}`, k0, k1), http.StatusOK},
			{"member", "POST", "/collaborations/bulk", "application/json", fmt.Sprintf(`{"action":"move","to":"paid","ids":[%d]}`, k0), http.StatusConflict}, // refused: nothing to audit
		}
		for _, s := range steps {
			if r := a.do(s.actor, s.method, s.path, s.ctype, s.body); r.Code != s.want {
				t.Fatalf("%s %s: %d, want %d: %s", s.method, s.path, r.Code, s.want, trim(r.Body.String()))
			}
		}
		shares, err := f.DB.BriefShares(context.Background(), f.Workspace.ID, cp)
		storetest.Must(t, err)
		if len(shares) != 1 {
			t.Fatalf("%d share links, want 1", len(shares))
		}
		form := url.Values{"share": {fmt.Sprint(shares[0].ID)}}.Encode()
		if r := a.do("member", "POST", fmt.Sprintf("/campaigns/%d/brief/shares/revoke", cp), "application/x-www-form-urlencoded", form); r.Code != http.StatusSeeOther {
			t.Fatalf("revoke: %d %s", r.Code, trim(r.Body.String()))
		}
		evs, err := f.DB.AuditEvents(context.Background(), f.Workspace.ID, store.AuditFilter{})
		storetest.Must(t, err)
		var got []string
		for i := len(evs) - 1; i >= 0; i-- {
			e := evs[i]
			obj := ""
			if e.ObjectID != nil {
				obj = fmt.Sprintf(" %s %d", e.ObjectKind, *e.ObjectID)
			}
			got = append(got, fmt.Sprintf("%s %s%s: %s", e.Actor, e.Action, obj, e.Detail))
		}
		want := []string{
			"viewer@acme.test export.winners: winners.csv: 0 posts",
			fmt.Sprintf("viewer@acme.test export.report campaign %d: campaign-%d-linear.csv", cp, cp),
			fmt.Sprintf("member@acme.test portal.invite creator %d: ana@x.test", w.creators[0].ID),
			fmt.Sprintf("member@acme.test brief.share campaign %d: share link %d", cp, shares[0].ID),
			fmt.Sprintf("member@acme.test collaborations.bulk: 2 collaborations moved to contacted: [%d %d]", k0, k1),
			fmt.Sprintf("member@acme.test brief.share.revoke campaign %d: share link %d", cp, shares[0].ID),
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("audit:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}
