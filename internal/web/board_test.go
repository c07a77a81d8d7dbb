package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// opsWorld is a campaign with collaborations of creators of known sizes.
type opsWorld struct {
	campaign campaigns.Campaign
	collabs  []campaigns.Collaboration // in the order of the specs
	creators []creators.Creator
}

type opsSpec struct {
	name      string
	email     string
	followers int64 // 0: unknown
	status    campaigns.Status
}

func newOpsWorld(t *testing.T, a *testApp, slug string, specs ...opsSpec) *opsWorld {
	t.Helper()
	ctx := context.Background()
	ws := a.f.Workspace.ID
	w := &opsWorld{campaign: campaigns.Campaign{Name: "Ops " + slug, Slug: slug, Currency: "EUR", Goal: "sales", Status: "active"}}
	storetest.Must(t, a.f.DB.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateCampaign(ctx, ws, &w.campaign); err != nil {
			return err
		}
		for i, sp := range specs {
			cr := creators.Creator{Name: sp.name, Email: sp.email,
				Accounts: []creators.Account{{Platform: "instagram", Handle: fmt.Sprintf("%s_%s_%d", slug, strings.ToLower(strings.Fields(sp.name)[0]), i)}}}
			if sp.followers > 0 {
				cr.Accounts[0].Followers = new(sp.followers)
			}
			if err := tx.CreateCreator(ctx, ws, &cr); err != nil {
				return err
			}
			k := campaigns.Collaboration{CampaignID: w.campaign.ID, CreatorID: cr.ID, Status: sp.status}
			if err := tx.CreateCollaboration(ctx, ws, &k); err != nil {
				return err
			}
			w.creators = append(w.creators, cr)
			w.collabs = append(w.collabs, k)
		}
		return nil
	}))
	return w
}

// opsJSON is json for the form routes that also take JSON: it asks for a
// JSON answer, as the board's script does.
func (a *testApp) opsJSON(actor, method, path, body string, want int, out any) {
	a.t.Helper()
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Accept", "application/json")
	if c, ok := a.cookies[actor]; ok {
		r.AddCookie(&http.Cookie{Name: sessionCookie, Value: c})
	}
	w := httptest.NewRecorder()
	a.h.ServeHTTP(w, r)
	if w.Code != want {
		a.t.Fatalf("%s %s as %s: status %d, want %d; body: %s", method, path, actor, w.Code, want, w.Body)
	}
	if out != nil {
		if err := json.Unmarshal(w.Body.Bytes(), out); err != nil {
			a.t.Fatalf("%s %s: %v in %s", method, path, err, w.Body)
		}
	}
}

func (a *testApp) statusOf(id int64) campaigns.Status {
	a.t.Helper()
	k, err := a.f.DB.Collaboration(context.Background(), a.f.Workspace.ID, id)
	storetest.Must(a.t, err)
	return k.Status
}

func TestBulkMoveAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		a := newApp(t, f)
		w := newOpsWorld(t, a, "bulk",
			opsSpec{"Ana Lima", "ana@x.test", 5000, campaigns.Prospect},
			opsSpec{"Ben Ode", "ben@x.test", 50000, campaigns.Prospect},
			opsSpec{"Cy Tan", "cy@x.test", 0, campaigns.Negotiating})
		ids := url.Values{}
		for _, k := range w.collabs {
			ids.Add("ids", fmt.Sprint(k.ID))
		}
		// Paid is reachable from none of them: all three fail, each named.
		form := url.Values{"action": {"move"}, "to": {"paid"}, "ids": ids["ids"]}
		r := a.do("member", "POST", "/collaborations/bulk", "application/x-www-form-urlencoded", form.Encode())
		if r.Code != http.StatusConflict {
			t.Fatalf("illegal bulk move: %d %s", r.Code, r.Body)
		}
		for _, name := range []string{"Ana Lima", "Ben Ode", "Cy Tan"} {
			if !strings.Contains(r.Body.String(), name) {
				t.Errorf("error page does not name %s", name)
			}
		}
		// One illegal among legal ones: contacted is legal from prospect and
		// from negotiating, so add a paid collaboration that cannot go there.
		extra := newOpsWorld(t, a, "bulk2", opsSpec{"Di Paid", "di@x.test", 1000, campaigns.Paid})
		body := fmt.Sprintf(`{"action":"move","to":"contacted","ids":[%d,%d,%d,%d]}`, w.collabs[0].ID, w.collabs[1].ID, w.collabs[2].ID, extra.collabs[0].ID)
		var e struct {
			Error  string       `json:"error"`
			Fields []FieldError `json:"fields"`
		}
		a.opsJSON("member", "POST", "/collaborations/bulk", body, http.StatusConflict, &e)
		wantField := fmt.Sprintf("collaboration %d (Di Paid, Ops bulk2)", extra.collabs[0].ID)
		if len(e.Fields) != 1 || e.Fields[0].Field != wantField || !strings.Contains(e.Fields[0].Message, "cannot move from paid to contacted") {
			t.Errorf("fields %+v, want one naming %q", e.Fields, wantField)
		}
		if e.Error != "nothing was changed: 1 of 4 collaborations cannot be changed" {
			t.Errorf("error %q", e.Error)
		}
		for i, want := range []campaigns.Status{campaigns.Prospect, campaigns.Prospect, campaigns.Negotiating} {
			if got := a.statusOf(w.collabs[i].ID); got != want {
				t.Errorf("after the refused bulk move collaboration %d is %s, want %s", i, got, want)
			}
		}
		// Without it, all three move, each with a history entry.
		body = fmt.Sprintf(`{"action":"move","to":"contacted","ids":[%d,%d,%d]}`, w.collabs[0].ID, w.collabs[1].ID, w.collabs[2].ID)
		var ok struct{ Updated []bulkResult }
		a.opsJSON("member", "POST", "/collaborations/bulk", body, http.StatusOK, &ok)
		if len(ok.Updated) != 3 || ok.Updated[0].Status != "contacted" || strings.Join(ok.Updated[0].Moves, ",") != "negotiating,prospect,declined" {
			t.Errorf("updated %+v", ok.Updated)
		}
		for _, k := range w.collabs {
			ev, err := a.f.DB.CollaborationEvents(context.Background(), a.f.Workspace.ID, k.ID)
			storetest.Must(t, err)
			if len(ev) != 1 || ev[0].To != campaigns.Contacted || ev[0].UserID == nil || *ev[0].UserID != a.users["member"].ID {
				t.Errorf("history of %d: %+v", k.ID, ev)
			}
		}
		// Owners: a member of the workspace is accepted, another
		// workspace's owner is not, and again nothing changes.
		other := a.users["other"].ID
		body = fmt.Sprintf(`{"action":"owner","owner":%d,"ids":[%d,%d]}`, other, w.collabs[0].ID, w.collabs[1].ID)
		a.opsJSON("member", "POST", "/collaborations/bulk", body, http.StatusConflict, &e)
		if len(e.Fields) != 2 || e.Fields[0].Message != "the owner is not a member of this workspace" {
			t.Errorf("foreign owner: %+v", e.Fields)
		}
		admin := a.users["admin"].ID
		form = url.Values{"action": {"owner"}, "owner": {fmt.Sprint(admin)}, "ids": {fmt.Sprint(w.collabs[0].ID)}, "back": {"https://evil.example/"}}
		r = a.do("member", "POST", "/collaborations/bulk", "application/x-www-form-urlencoded", form.Encode())
		if r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Header().Get("Location"), "/pipeline?flash=") {
			t.Errorf("owner form: %d to %q", r.Code, r.Header().Get("Location"))
		}
		k, _ := a.f.DB.Collaboration(context.Background(), a.f.Workspace.ID, w.collabs[0].ID)
		if k.OwnerID == nil || *k.OwnerID != admin {
			t.Errorf("owner %v, want %d", k.OwnerID, admin)
		}
		// Another workspace cannot touch these collaborations.
		body = fmt.Sprintf(`{"action":"move","to":"negotiating","ids":[%d]}`, w.collabs[0].ID)
		a.opsJSON("other", "POST", "/collaborations/bulk", body, http.StatusConflict, &e)
		if got := a.statusOf(w.collabs[0].ID); got != campaigns.Contacted {
			t.Errorf("moved by another workspace to %s", got)
		}
	})
}

func TestPipelineFilters(t *testing.T) {
	a := newApp(t, storetest.New(t))
	w := newOpsWorld(t, a, "tiers",
		opsSpec{"Nina Nano", "n@x.test", 9999, campaigns.Prospect},    // nano: below 10,000
		opsSpec{"Mia Micro", "m@x.test", 10000, campaigns.Contacted},  // micro: the threshold belongs to micro
		opsSpec{"Max Mid", "x@x.test", 250000, campaigns.Negotiating}, // mid: 100,000 to 500,000
		opsSpec{"Una Unknown", "u@x.test", 0, campaigns.Prospect})     // no follower count
	second := newOpsWorld(t, a, "tiers2", opsSpec{"Mo Micro", "mo@x.test", 20000, campaigns.Prospect})
	ctx := context.Background()
	admin := a.users["admin"].ID
	storetest.Must(t, a.f.DB.Tx(ctx, func(tx *store.Tx) error {
		return tx.SetCollaborationOwner(ctx, a.f.Workspace.ID, w.collabs[2].ID, &admin)
	}))
	tests := []struct {
		path string
		want []string
	}{
		{"/pipeline?tier=micro", []string{"Mia Micro", "Mo Micro"}},
		{fmt.Sprintf("/pipeline?tier=micro&campaign=%d", second.campaign.ID), []string{"Mo Micro"}},
		{"/pipeline?tier=unknown", []string{"Una Unknown"}},
		{fmt.Sprintf("/pipeline?owner=%d", admin), []string{"Max Mid"}},
		{fmt.Sprintf("/campaigns/%d?tier=nano", w.campaign.ID), []string{"Nina Nano"}},
		{fmt.Sprintf("/campaigns/%d?owner=none&tier=mid", w.campaign.ID), nil},
	}
	all := []string{"Nina Nano", "Mia Micro", "Max Mid", "Una Unknown", "Mo Micro"}
	for _, tt := range tests {
		r := a.do("viewer", "GET", tt.path, "", "")
		if r.Code != http.StatusOK {
			t.Fatalf("%s: %d", tt.path, r.Code)
		}
		body := r.Body.String()
		for _, name := range all {
			want := strings.Contains(strings.Join(tt.want, "|"), name)
			if got := strings.Contains(body, ">"+name+"</a>"); got != want {
				t.Errorf("%s: shows %s = %v, want %v", tt.path, name, got, want)
			}
		}
	}
	// A card's move button returns to the board as it was filtered.
	back := "/pipeline?tier=micro&campaign=" + fmt.Sprint(second.campaign.ID)
	form := url.Values{"ids": {fmt.Sprint(second.collabs[0].ID)}, "action": {"move"}, "to": {"contacted"}, "back": {back}}
	r := a.do("member", "POST", "/collaborations/bulk", "application/x-www-form-urlencoded", form.Encode())
	// The query is re-encoded with its keys in order, the flash added.
	want := "/pipeline?campaign=" + fmt.Sprint(second.campaign.ID) + "&flash=Mo+Micro+moved+to+contacted.&tier=micro"
	if loc := r.Header().Get("Location"); r.Code != http.StatusSeeOther || loc != want {
		t.Errorf("card move: %d to %q", r.Code, loc)
	}
	// A viewer sees no bulk form and no drag handles.
	if body := a.do("viewer", "GET", "/pipeline", "", "").Body.String(); strings.Contains(body, `id="bulk"`) || strings.Contains(body, "draggable") {
		t.Error("viewer is offered bulk changes")
	}
	if body := a.do("member", "GET", "/pipeline", "", "").Body.String(); !strings.Contains(body, `id="bulk"`) || !strings.Contains(body, `draggable="true"`) {
		t.Error("member is not offered bulk changes")
	}
}

func TestCollaborationPageShowsHistory(t *testing.T) {
	a := newApp(t, storetest.New(t))
	w := newOpsWorld(t, a, "hist", opsSpec{"Hal History", "h@x.test", 3000, campaigns.Prospect})
	id := w.collabs[0].ID
	a.opsJSON("member", "POST", "/collaborations/bulk", fmt.Sprintf(`{"action":"move","to":"contacted","ids":[%d],"note":"DM on Instagram"}`, id), http.StatusOK, nil)
	r := a.do("viewer", "GET", fmt.Sprintf("/collaborations/%d", id), "", "")
	if r.Code != http.StatusOK {
		t.Fatalf("page: %d %s", r.Code, r.Body)
	}
	for _, want := range []string{"Prospect → <strong>Contacted</strong>", "by member@acme.test · DM on Instagram", "Hal History"} {
		if !strings.Contains(r.Body.String(), want) {
			t.Errorf("collaboration page lacks %q", want)
		}
	}
}
