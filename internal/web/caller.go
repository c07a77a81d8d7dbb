package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/store"
)

// Caller is who is making a request, in which workspace.
type Caller struct {
	User      *store.User     // nil for API tokens
	Token     *store.APIToken // nil for sessions
	Workspace *store.Workspace
	Role      auth.Role
	CreatorID *int64 // for the creator role
	session   string // hash of the session cookie
}

// WS is the caller's workspace id; every query is scoped by it.
func (c *Caller) WS() int64 { return c.Workspace.ID }

// UserID is the caller's user id, or nil for a token.
func (c *Caller) UserID() *int64 {
	if c.User == nil {
		return nil
	}
	return &c.User.ID
}

// Can reports whether the caller's role reaches min.
func (c *Caller) Can(min auth.Role) bool { return c != nil && c.Role.AtLeast(min) }

const sessionCookie = "chorus_session"

// handler is what route handlers look like: they return errors, which one
// renderer turns into a JSON or HTML answer.
type handler func(w http.ResponseWriter, r *http.Request, c *Caller) error

type route struct {
	method, pattern string
	perm            Perm
	h               handler
	summary         string
	// maxBody caps the request body; 0 means 1 MiB.
	maxBody int64
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// wrap authenticates, authorises and runs one route.
func (s *Server) wrap(rt route) http.Handler {
	max := rt.maxBody
	if max == 0 {
		max = 1 << 20
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, max)
		}
		c, err := s.authenticate(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if err := authorize(rt.perm, c); err != nil {
			if errors.Is(err, errSignIn) && !isAPI(r) {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.fail(w, r, err)
			return
		}
		if err := rt.h(w, r, c); err != nil {
			s.fail(w, r, err)
		}
	})
}

var errSignIn = &httpError{status: http.StatusUnauthorized, msg: "sign in first"}

func authorize(p Perm, c *Caller) error {
	switch p {
	case Public, Signed:
		return nil
	}
	if c == nil {
		return errSignIn
	}
	if p == SignedIn {
		return nil
	}
	if c.Role.AtLeast(p.role()) {
		return nil
	}
	if p == CreatorOnly || c.Role == auth.Creator {
		// Staff pages are invisible to creators and the portal to staff: a
		// 404, so nobody learns what exists on the other side.
		return errNotFound
	}
	return &httpError{status: http.StatusForbidden, msg: "your role (" + string(c.Role) + ") cannot do this; it needs " + string(p.role())}
}

// authenticate finds the caller from a bearer token (API only) or the
// session cookie. No credentials is not an error: it gives a nil caller.
func (s *Server) authenticate(r *http.Request) (*Caller, error) {
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" && isAPI(r) {
		secret, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return nil, &httpError{status: http.StatusUnauthorized, msg: "Authorization header must be 'Bearer <token>'"}
		}
		t, err := s.db.TokenBySecret(ctx, strings.TrimSpace(secret))
		if errors.Is(err, store.ErrNotFound) {
			return nil, &httpError{status: http.StatusUnauthorized, msg: "unknown or revoked API token"}
		}
		if err != nil {
			return nil, err
		}
		ws, err := s.db.Workspace(ctx, t.WorkspaceID)
		if err != nil {
			return nil, err
		}
		return &Caller{Token: t, Workspace: ws, Role: t.Role}, nil
	}
	ck, err := r.Cookie(sessionCookie)
	if err != nil || ck.Value == "" {
		return nil, nil
	}
	hash := auth.HashToken(ck.Value)
	sess, err := s.db.ActiveSession(ctx, hash, s.cfg.SessionIdle)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return s.callerFor(ctx, sess.UserID, sess.WorkspaceID, hash)
}

func (s *Server) callerFor(ctx context.Context, userID, wsID int64, hash string) (*Caller, error) {
	u, err := s.db.User(ctx, userID)
	if err != nil {
		return nil, err
	}
	m, err := s.db.Membership(ctx, wsID, userID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil // removed from the workspace since signing in
	}
	if err != nil {
		return nil, err
	}
	ws, err := s.db.Workspace(ctx, wsID)
	if err != nil {
		return nil, err
	}
	return &Caller{User: u, Workspace: ws, Role: m.Role, CreatorID: m.CreatorID, session: hash}, nil
}
