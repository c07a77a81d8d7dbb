package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
	"golang.org/x/crypto/bcrypt"
)

// testApp is a server on a fixture, with signed-in sessions per role.
type testApp struct {
	t   testing.TB
	f   *storetest.Fixture
	srv *Server
	h   http.Handler
	// cookies by actor name
	cookies map[string]string
	users   map[string]*store.User
	// other is a second workspace
	other   *store.Workspace
	creator *creators.Creator // the creator the "creator" actor is
}

func newApp(t testing.TB, f *storetest.Fixture) *testApp {
	t.Helper()
	srv, err := New(Config{DB: f.DB, BcryptCost: bcrypt.MinCost, RateLimits: &RateLimits{Off: true}}) // tests hammer from one address
	if err != nil {
		t.Fatal(err)
	}
	a := &testApp{t: t, f: f, srv: srv, h: srv.Handler(), cookies: map[string]string{}}
	ctx := context.Background()
	a.other, _ = f.AddWorkspace(t, "globex", "owner@globex.test")
	a.creator = &creators.Creator{Name: "Portal Pat", Accounts: []creators.Account{{Platform: "instagram", Handle: "pat"}}}
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateCreator(ctx, f.Workspace.ID, a.creator) }))
	ws := f.Workspace.ID
	users := map[string]*store.User{"owner": f.Owner}
	for _, r := range []auth.Role{auth.Admin, auth.Member, auth.Viewer} {
		users[string(r)] = f.AddUser(t, ws, string(r)+"@acme.test", r, nil)
	}
	users["creator"] = f.AddUser(t, ws, "pat@creator.test", auth.Creator, &a.creator.ID)
	otherOwner, err := f.DB.UserByEmail(ctx, "owner@globex.test")
	storetest.Must(t, err)
	users["other"] = otherOwner
	a.users = users
	a.signInAll()
	return a
}

// signInAll gives every actor a fresh session.
func (a *testApp) signInAll() {
	for name, u := range a.users {
		wsID := a.f.Workspace.ID
		if name == "other" {
			wsID = a.other.ID
		}
		a.cookies[name] = a.session(u.ID, wsID)
	}
}

func (a *testApp) session(userID, wsID int64) string {
	tok := auth.NewToken("chs_")
	now := a.f.DB.Now().Unix()
	ctx := context.Background()
	storetest.Must(a.t, a.f.DB.Tx(ctx, func(tx *store.Tx) error {
		return tx.CreateSession(ctx, &store.Session{TokenHash: auth.HashToken(tok), UserID: userID, WorkspaceID: wsID, CreatedAt: now, ExpiresAt: now + 3600})
	}))
	return tok
}

// do sends a request as actor ("" for anonymous) and returns the response.
func (a *testApp) do(actor, method, path, contentType, body string) *httptest.ResponseRecorder {
	a.t.Helper()
	var r *http.Request
	if body != "" {
		r = httptest.NewRequest(method, path, strings.NewReader(body))
		r.Header.Set("Content-Type", contentType)
	} else {
		r = httptest.NewRequest(method, path, nil)
	}
	if c, ok := a.cookies[actor]; ok {
		r.AddCookie(&http.Cookie{Name: sessionCookie, Value: c})
	}
	w := httptest.NewRecorder()
	a.h.ServeHTTP(w, r)
	return w
}

func (a *testApp) json(actor, method, path, body string, want int, out any) {
	a.t.Helper()
	w := a.do(actor, method, path, "application/json", body)
	if w.Code != want {
		a.t.Fatalf("%s %s as %s: status %d, want %d; body: %s", method, path, actor, w.Code, want, w.Body)
	}
	if out != nil {
		if err := json.Unmarshal(w.Body.Bytes(), out); err != nil {
			a.t.Fatalf("%s %s: %v in %s", method, path, err, w.Body)
		}
	}
}

// objects makes a fresh creator, campaign, collaboration and token in the
// first workspace, so that destructive routes each get their own.
func (a *testApp) objects() map[string]int64 {
	ctx := context.Background()
	ws := a.f.Workspace.ID
	cr := creators.Creator{Name: "Target", Accounts: []creators.Account{{Platform: "tiktok", Handle: "t" + auth.NewToken("")[:10]}}}
	cp := campaigns.Campaign{Name: "Target campaign", Slug: strings.ToLower("c-" + auth.NewToken("")[:10]), Currency: "USD", Goal: "sales", Status: "draft"}
	var k campaigns.Collaboration
	var link store.Link
	var post store.Post
	var member store.User
	imp := &store.ImportJob{WorkspaceID: ws, FileName: "target.csv"}
	syn := &store.SyncJob{WorkspaceID: ws, Entries: []store.SyncEntry{{Platform: "youtube", Handle: "target"}}}
	tok := &store.APIToken{WorkspaceID: ws, Name: "t", Role: auth.Viewer}
	storetest.Must(a.t, a.f.DB.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateCreator(ctx, ws, &cr); err != nil {
			return err
		}
		if err := tx.CreateCampaign(ctx, ws, &cp); err != nil {
			return err
		}
		k = campaigns.Collaboration{CampaignID: cp.ID, CreatorID: cr.ID, Status: campaigns.Prospect}
		if err := tx.CreateCollaboration(ctx, ws, &k); err != nil {
			return err
		}
		if _, err := tx.CreateToken(ctx, tok); err != nil {
			return err
		}
		link = store.Link{CollaborationID: k.ID, Slug: "t" + auth.NewToken("")[:10], Destination: "https://shop.example/"}
		if err := tx.CreateLink(ctx, ws, &link); err != nil {
			return err
		}
		post = store.Post{CollaborationID: &k.ID, Platform: "tiktok", PublishedAt: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)}
		if err := tx.CreatePost(ctx, ws, &post); err != nil {
			return err
		}
		if err := tx.CreateImportJob(ctx, imp); err != nil {
			return err
		}
		if err := tx.CreateSyncJob(ctx, syn); err != nil {
			return err
		}
		member = store.User{Email: "m" + auth.NewToken("")[:10] + "@acme.test", Name: "Target member"}
		if err := tx.CreateUser(ctx, &member); err != nil {
			return err
		}
		return tx.SetMembership(ctx, ws, member.ID, auth.Viewer, nil)
	}))
	return map[string]int64{"creator": cr.ID, "campaign": cp.ID, "collaboration": k.ID, "token": tok.ID, "account": cr.Accounts[0].ID, "link": link.ID, "post": post.ID, "member": member.ID, "import": imp.ID, "sync": syn.ID}
}
