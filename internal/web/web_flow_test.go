package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func TestLoginRotatesSessionAndRedirectsOnlyLocally(t *testing.T) {
	a := newApp(t, storetest.New(t))
	tests := []struct{ next, want string }{
		{"/campaigns", "/campaigns"},
		{"https://evil.example/", "/"},
		{"//evil.example/", "/"},
		{"/\\evil.example", "/"},
	}
	for _, tt := range tests {
		form := url.Values{"email": {"owner@acme.test"}, "password": {a.f.Password}, "next": {tt.next}}
		r := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.AddCookie(&http.Cookie{Name: sessionCookie, Value: a.cookies["owner"]})
		w := httptest.NewRecorder()
		a.h.ServeHTTP(w, r)
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != tt.want {
			t.Errorf("next=%q: %d to %q, want 303 to %q", tt.next, w.Code, w.Header().Get("Location"), tt.want)
		}
		ck := w.Result().Cookies()
		if len(ck) != 1 || !ck[0].HttpOnly || ck[0].SameSite != http.SameSiteLaxMode || ck[0].Value == a.cookies["owner"] {
			t.Fatalf("cookie %+v: want a new HttpOnly SameSite=Lax session", ck)
		}
		// The old session is gone (rotation), the new one works.
		if w := a.do("owner", "GET", "/api/v1/me", "", ""); w.Code != http.StatusUnauthorized {
			t.Errorf("old session still valid: %d", w.Code)
		}
		a.cookies["owner"] = ck[0].Value
		if w := a.do("owner", "GET", "/api/v1/me", "", ""); w.Code != http.StatusOK {
			t.Errorf("new session: %d", w.Code)
		}
	}
	form := url.Values{"email": {"owner@acme.test"}, "password": {"wrong password!"}}
	w := a.do("", "POST", "/login", "application/x-www-form-urlencoded", form.Encode())
	if w.Code != http.StatusUnauthorized || !strings.Contains(w.Body.String(), "Wrong e-mail or password") || len(w.Result().Cookies()) != 0 {
		t.Errorf("wrong password: %d %v", w.Code, w.Result().Cookies())
	}
}

func TestCSRFRefusesCrossOriginForms(t *testing.T) {
	a := newApp(t, storetest.New(t))
	for _, h := range []map[string]string{{"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}} {
		r := httptest.NewRequest("POST", "/settings/tokens", strings.NewReader("name=x&role=admin"))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range h {
			r.Header.Set(k, v)
		}
		r.AddCookie(&http.Cookie{Name: sessionCookie, Value: a.cookies["owner"]})
		w := httptest.NewRecorder()
		a.h.ServeHTTP(w, r)
		if w.Code != http.StatusForbidden {
			t.Errorf("cross-origin POST with %v: %d, want 403", h, w.Code)
		}
	}
	toks, err := a.f.DB.Tokens(storetest.Ctx(t), a.f.Workspace.ID)
	storetest.Must(t, err)
	if len(toks) != 0 {
		t.Errorf("a refused request created %d tokens", len(toks))
	}
	// Same-origin is fine.
	r := httptest.NewRequest("POST", "/settings/tokens", strings.NewReader("name=x&role=admin"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	r.AddCookie(&http.Cookie{Name: sessionCookie, Value: a.cookies["owner"]})
	w := httptest.NewRecorder()
	a.h.ServeHTTP(w, r)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "cht_") {
		t.Errorf("same-origin token creation: %d", w.Code)
	}
}

func TestSecurityHeaders(t *testing.T) {
	a := newApp(t, storetest.New(t))
	w := a.do("", "GET", "/login", "", "")
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP = %q", csp)
	}
	if bytes.Contains(w.Body.Bytes(), []byte("<script>")) {
		t.Error("login page has an inline script")
	}
}

func TestAPITokenAndCRUD(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		a := newApp(t, f)
		var created struct {
			Secret string `json:"secret"`
		}
		a.json("admin", "POST", "/api/v1/tokens", `{"name":"ci","role":"member"}`, http.StatusCreated, &created)
		bearer := func(method, path, body string) *httptest.ResponseRecorder {
			r := httptest.NewRequest(method, path, strings.NewReader(body))
			r.Header.Set("Authorization", "Bearer "+created.Secret)
			w := httptest.NewRecorder()
			a.h.ServeHTTP(w, r)
			return w
		}
		w := bearer("POST", "/api/v1/creators", `{"name":"Lena","country":"de","accounts":[{"platform":"Instagram","handle":"@Lena.Bakes","followers":23100}]}`)
		if w.Code != http.StatusCreated {
			t.Fatalf("create creator: %d %s", w.Code, w.Body)
		}
		var cr struct {
			ID       int64
			Country  string
			Accounts []struct{ Platform, Handle string }
		}
		storetest.Must(t, json.Unmarshal(w.Body.Bytes(), &cr))
		if cr.Country != "DE" || cr.Accounts[0].Platform != "instagram" || cr.Accounts[0].Handle != "lena.bakes" {
			t.Errorf("normalisation: %+v", cr)
		}
		// Validation names every bad field.
		w = bearer("POST", "/api/v1/creators", `{"name":"","email":"nope","accounts":[{"platform":"myspace","handle":"x y"}]}`)
		var e struct {
			Fields []FieldError
		}
		storetest.Must(t, json.Unmarshal(w.Body.Bytes(), &e))
		got := map[string]bool{}
		for _, fe := range e.Fields {
			got[fe.Field] = true
		}
		if w.Code != http.StatusUnprocessableEntity || !got["name"] || !got["email"] || !got["platform"] || !got["handle"] {
			t.Errorf("bad creator: %d %s", w.Code, w.Body)
		}
		w = bearer("POST", "/api/v1/creators", `{"name":"X","followers":"lots"}`)
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "followers") {
			t.Errorf("unknown field: %d %s", w.Code, w.Body)
		}
		// Token role member cannot create tokens.
		if w := bearer("POST", "/api/v1/tokens", `{"name":"x","role":"admin"}`); w.Code != http.StatusForbidden {
			t.Errorf("member token creating tokens: %d", w.Code)
		}
		// Campaign, collaboration, move, history.
		w = bearer("POST", "/api/v1/campaigns", `{"name":"Autumn Bake-Off","budget_minor":1500000,"variants":[{"name":"Recipe hook","kind":"hook"}]}`)
		if w.Code != http.StatusCreated {
			t.Fatalf("create campaign: %d %s", w.Code, w.Body)
		}
		var cp struct {
			ID       int64
			Slug     string
			Currency string
		}
		storetest.Must(t, json.Unmarshal(w.Body.Bytes(), &cp))
		if cp.Slug != "autumn-bake-off" || cp.Currency != "USD" {
			t.Errorf("campaign defaults: %+v", cp)
		}
		w = bearer("POST", "/api/v1/collaborations", fmt.Sprintf(`{"campaign_id":%d,"creator_id":%d,"fee_minor":30000}`, cp.ID, cr.ID))
		if w.Code != http.StatusCreated {
			t.Fatalf("create collaboration: %d %s", w.Code, w.Body)
		}
		var k struct{ ID int64 }
		storetest.Must(t, json.Unmarshal(w.Body.Bytes(), &k))
		w = bearer("POST", fmt.Sprintf("/api/v1/collaborations/%d/move", k.ID), `{"to":"paid"}`)
		if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "contacted") {
			t.Errorf("illegal move: %d %s", w.Code, w.Body)
		}
		w = bearer("POST", fmt.Sprintf("/api/v1/collaborations/%d/move", k.ID), `{"to":"contacted","note":"DM sent"}`)
		var detail struct {
			Status  string
			History []struct{ From, To, Note string }
		}
		storetest.Must(t, json.Unmarshal(w.Body.Bytes(), &detail))
		if w.Code != http.StatusOK || detail.Status != "contacted" || len(detail.History) != 1 || detail.History[0].Note != "DM sent" {
			t.Errorf("move: %d %s", w.Code, w.Body)
		}
		// Another workspace's token sees none of it.
		other := &store.APIToken{WorkspaceID: a.other.ID, Name: "o", Role: "admin"}
		var osecret string
		storetest.Must(t, f.DB.Tx(storetest.Ctx(t), func(tx *store.Tx) (err error) { osecret, err = tx.CreateToken(storetest.Ctx(t), other); return err }))
		for _, p := range []string{fmt.Sprintf("/api/v1/creators/%d", cr.ID), fmt.Sprintf("/api/v1/campaigns/%d", cp.ID), fmt.Sprintf("/api/v1/collaborations/%d", k.ID)} {
			r := httptest.NewRequest("GET", p, nil)
			r.Header.Set("Authorization", "Bearer "+osecret)
			w := httptest.NewRecorder()
			a.h.ServeHTTP(w, r)
			if w.Code != http.StatusNotFound {
				t.Errorf("other workspace GET %s: %d", p, w.Code)
			}
		}
	})
}

func TestOversizedBody(t *testing.T) {
	a := newApp(t, storetest.New(t))
	big := `{"name":"` + strings.Repeat("x", 2<<20) + `"}`
	w := a.do("owner", "POST", "/api/v1/creators", "application/json", big)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MiB body: %d %s", w.Code, trim(w.Body.String()))
	}
}

func TestImportPageAndAPI(t *testing.T) {
	a := newApp(t, storetest.New(t))
	good := "name,platform,handle,followers,audience_country\nMaya,instagram,maya_fit,48200,US:0.6;GB:0.1\nJon,tiktok,jon,\"1,200\",\n"
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "creators.csv")
	fw.Write([]byte(good))
	mw.Close()
	w := a.do("member", "POST", "/import", mw.FormDataContentType(), body.String())
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Imported 2 rows: 2 creators added") {
		t.Fatalf("import page: %d %s", w.Code, w.Body)
	}
	bad := "name,platform,handle,followers\nAna,instagram,ana,12\n,instagram,,x\nBo,myspace,bo,1\n"
	w = a.do("member", "POST", "/api/v1/creators/import?format=csv&name=bad.csv", "text/csv", bad)
	var res struct {
		Stored    bool
		BadRows   int      `json:"bad_rows"`
		RowErrors []string `json:"row_errors"`
	}
	storetest.Must(t, json.Unmarshal(w.Body.Bytes(), &res))
	joined := strings.Join(res.RowErrors, "\n")
	if w.Code != http.StatusUnprocessableEntity || res.Stored || res.BadRows != 2 ||
		!strings.Contains(joined, "bad.csv:3: name: is required") || !strings.Contains(joined, "bad.csv:3: followers") ||
		!strings.Contains(joined, "bad.csv:4: platform") {
		t.Errorf("bad import: %d %s", w.Code, w.Body)
	}
	_, total, err := a.f.DB.Creators(storetest.Ctx(t), a.f.Workspace.ID, store.CreatorFilter{Query: "ana"})
	storetest.Must(t, err)
	if total != 0 {
		t.Error("a file with bad rows stored its good row")
	}
}

func TestFormKeepsInputOnError(t *testing.T) {
	a := newApp(t, storetest.New(t))
	form := url.Values{"name": {"Spring"}, "currency": {"USD"}, "budget": {"12.345"}, "product": {"Glow serum"}, "starts_at": {"2026-13-01"}}
	w := a.do("member", "POST", "/campaigns", "application/x-www-form-urlencoded", form.Encode())
	b := w.Body.String()
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(b, "Glow serum") || !strings.Contains(b, "budget") || !strings.Contains(b, "starts_at") {
		t.Errorf("bad campaign form: %d %s", w.Code, trim(b))
	}
}

func TestEveryPageRenders(t *testing.T) {
	a := newApp(t, storetest.New(t))
	ids := a.objects()
	for _, p := range []string{"/", "/creators", "/creators/new", fmt.Sprintf("/creators/%d", ids["creator"]), "/import",
		"/campaigns", "/campaigns/new", fmt.Sprintf("/campaigns/%d", ids["campaign"]), "/settings"} {
		w := a.do("owner", "GET", p, "", "")
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "</html>") {
			t.Errorf("GET %s: %d %s", p, w.Code, trim(w.Body.String()))
		}
	}
	if w := a.do("creator", "GET", "/", "", ""); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Your collaborations") {
		t.Errorf("portal: %d", w.Code)
	}
	for _, name := range a.srv.pages.names() {
		var b bytes.Buffer
		// Every template must at least execute on its zero data without
		// panicking; pages with required data are covered above.
		_ = a.srv.pages.render(&b, name, nil)
	}
	w := a.do("owner", "GET", "/campaigns/999999", "", "")
	if w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "404") {
		t.Errorf("missing campaign page: %d", w.Code)
	}
}

func TestOpenAPIMatchesRoutes(t *testing.T) {
	a := newApp(t, storetest.New(t))
	w := a.do("", "GET", "/api/v1/openapi.json", "", "")
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			Summary string
		}
		Components struct{ Schemas map[string]any }
	}
	storetest.Must(t, json.Unmarshal(w.Body.Bytes(), &doc))
	if doc.OpenAPI != "3.0.3" {
		t.Fatalf("openapi = %q", doc.OpenAPI)
	}
	documented := 0
	for p, ops := range doc.Paths {
		for m := range ops {
			documented++
			found := false
			for _, rt := range a.srv.routes {
				found = found || (rt.pattern == p && strings.EqualFold(rt.method, m))
			}
			if !found {
				t.Errorf("documented %s %s does not exist", m, p)
			}
		}
	}
	api := 0
	for _, rt := range a.srv.routes {
		if !strings.HasPrefix(rt.pattern, "/api/") {
			continue
		}
		api++
		if _, ok := doc.Paths[rt.pattern][strings.ToLower(rt.method)]; !ok {
			t.Errorf("route %s %s is not documented", rt.method, rt.pattern)
		}
	}
	if api != documented {
		t.Errorf("%d API routes, %d documented operations", api, documented)
	}
	refs := regexpRefs(w.Body.String())
	for _, ref := range refs {
		if _, ok := doc.Components.Schemas[ref]; !ok {
			t.Errorf("schema %s is referenced but not defined", ref)
		}
	}
}

func regexpRefs(s string) []string {
	var out []string
	for _, part := range strings.Split(s, `"#/components/schemas/`)[1:] {
		out = append(out, part[:strings.Index(part, `"`)])
	}
	return out
}

func TestAccountsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		a := newApp(t, f)
		ids := a.objects()
		var acct struct {
			ID        int64
			Handle    string
			Followers *int64
		}
		a.json("member", "POST", fmt.Sprintf("/api/v1/creators/%d/accounts", ids["creator"]),
			`{"platform":"youtube","handle":"@Target.Tube","followers":1200}`, http.StatusCreated, &acct)
		if acct.Handle != "target.tube" || *acct.Followers != 1200 {
			t.Errorf("created %+v", acct)
		}
		a.json("member", "POST", fmt.Sprintf("/api/v1/creators/%d/accounts", ids["creator"]),
			`{"platform":"youtube","handle":"target.tube"}`, http.StatusConflict, nil)
		a.json("member", "PATCH", fmt.Sprintf("/api/v1/accounts/%d", acct.ID), `{"followers":-5}`, http.StatusUnprocessableEntity, nil)
		a.json("member", "PATCH", fmt.Sprintf("/api/v1/accounts/%d", acct.ID), `{"followers":1500,"audience":{"country":{"US":0.7}}}`, http.StatusOK, &acct)
		got, err := f.DB.Account(storetest.Ctx(t), f.Workspace.ID, acct.ID)
		storetest.Must(t, err)
		if *got.Followers != 1500 || got.Audience.Country["US"] != 0.7 || got.Handle != "target.tube" {
			t.Errorf("after patch: %+v", got)
		}
		a.json("other", "PATCH", fmt.Sprintf("/api/v1/accounts/%d", acct.ID), `{"followers":1}`, http.StatusNotFound, nil)
		a.json("admin", "DELETE", fmt.Sprintf("/api/v1/accounts/%d", acct.ID), "", http.StatusNoContent, nil)
	})
}

// TestImportInBackground sends the import form a file while the form does
// not wait (ImportWait of a nanosecond): the user is sent to the import's
// page, which refreshes itself while the import runs and shows the
// outcome once it is done; the outcome stays to come back to.
func TestImportInBackground(t *testing.T) {
	f := storetest.New(t)
	a := newApp(t, f)
	srv, err := New(Config{DB: f.DB, BcryptCost: bcrypt.MinCost, ImportWait: time.Nanosecond, DataDir: t.TempDir(), RateLimits: &RateLimits{Off: true}})
	storetest.Must(t, err)
	a.srv, a.h = srv, srv.Handler()
	upload := func(name, content string) *httptest.ResponseRecorder {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write([]byte(content))
		mw.Close()
		return a.do("member", "POST", "/import", mw.FormDataContentType(), body.String())
	}
	// Wait polls the import's page until it stops refreshing itself.
	wait := func(loc string) string {
		for i := 0; i < 200; i++ {
			w := a.do("viewer", "GET", loc, "", "")
			if w.Code != http.StatusOK {
				t.Fatalf("GET %s: %d", loc, w.Code)
			}
			if !strings.Contains(w.Body.String(), `http-equiv="refresh"`) {
				return w.Body.String()
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatalf("%s still running", loc)
		return ""
	}
	_, before, err := f.DB.Creators(storetest.Ctx(t), f.Workspace.ID, store.CreatorFilter{Limit: 1})
	storetest.Must(t, err)
	var rows strings.Builder
	rows.WriteString("name,platform,handle,followers\n")
	for i := range 500 {
		fmt.Fprintf(&rows, "Creator %d,instagram,creator_%d,%d\n", i, i, 1000+i)
	}
	w := upload("many.csv", rows.String())
	loc := w.Header().Get("Location")
	if w.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/imports/") {
		t.Fatalf("large import: %d to %q", w.Code, loc)
	}
	if page := wait(loc); !strings.Contains(page, "Imported 500 rows: 500 creators added") {
		t.Errorf("finished import page: %s", trim(page))
	}
	_, total, err := f.DB.Creators(storetest.Ctx(t), f.Workspace.ID, store.CreatorFilter{Limit: 1})
	storetest.Must(t, err)
	if total != before+500 {
		t.Errorf("creators after the import: %d, want %d + 500", total, before)
	}
	var job struct {
		Status  string
		Outcome struct{ Result struct{ Rows int } }
	}
	a.json("viewer", "GET", "/api"+"/v1"+loc, "", http.StatusOK, &job)
	if job.Status != "done" || job.Outcome.Result.Rows != 500 {
		t.Errorf("API: %+v", job)
	}

	w = upload("bad.csv", "name,platform,handle\nAna,instagram,ana\n,instagram,bo\n")
	if page := wait(w.Header().Get("Location")); !strings.Contains(page, "1 bad rows: nothing was imported") || !strings.Contains(page, "bad.csv:3: name") {
		t.Errorf("failed import page: %s", trim(page))
	}
	if w := a.do("member", "GET", "/import", "", ""); !strings.Contains(w.Body.String(), "bad.csv") || !strings.Contains(w.Body.String(), "many.csv") {
		t.Errorf("the import page does not list the recent imports")
	}
	if w := a.do("other", "GET", loc, "", ""); w.Code != http.StatusNotFound {
		t.Errorf("another workspace reads the import: %d", w.Code)
	}
}
