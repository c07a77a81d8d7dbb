package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/store"
)

type loginPage struct {
	base
	Email string
	Next  string
	Error string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	if c != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	return s.pages.render(w, "login", &loginPage{base: base{Title: "Sign in"}, Next: localPath(r.URL.Query().Get("next"))})
}

// dummyHash is compared against when the e-mail is unknown, so that a wrong
// e-mail takes as long as a wrong password and does not reveal accounts.
const dummyHash = "$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z3TRIMkPFOh3/F2kM8K5Nw6a"

func (s *Server) login(w http.ResponseWriter, r *http.Request, c *Caller) error {
	if err := r.ParseForm(); err != nil {
		return badRequest("cannot read the form: %v", err)
	}
	email := strings.TrimSpace(strings.ToLower(r.PostFormValue("email")))
	pw := r.PostFormValue("password")
	next := localPath(r.PostFormValue("next"))
	// The lockout is checked before the password and counts unknown e-mails
	// exactly like known ones, so that it reveals nothing about accounts.
	now, ipKey, acctKey := s.now(), "ip:"+s.clientKey(r), "email:"+email
	if wait := max(s.guards.account.Wait(acctKey, now), s.guards.ip.Wait(ipKey, now)); wait > 0 && email != "" {
		return s.loginRefused(w, email, next, wait)
	}
	u, err := s.db.UserByEmail(r.Context(), email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	hash := s.guards.dummyHash()
	if u != nil {
		hash = u.PasswordHash
	}
	ok := auth.CheckPassword(hash, pw) && u != nil
	var ms []store.Membership
	if ok {
		if ms, err = s.db.Memberships(r.Context(), u.ID); err != nil {
			return err
		}
	}
	if !ok || len(ms) == 0 {
		if !ok && email != "" {
			// An empty form guesses no password: it is not counted.
			s.guards.ip.Fail(ipKey, now)
			if wait := s.guards.account.Fail(acctKey, now); wait > 0 {
				s.log.WarnContext(r.Context(), "sign-in locked", "wait", wait.String(), "known", u != nil)
			}
		}
		w.WriteHeader(http.StatusUnauthorized)
		msg := "Wrong e-mail or password."
		if ok {
			msg = "This account belongs to no workspace."
		}
		return s.pages.render(w, "login", &loginPage{base: base{Title: "Sign in"}, Email: email, Next: next, Error: msg})
	}
	s.guards.account.Reset(acctKey)
	if err := s.startSession(w, r, u.ID, ms[0].WorkspaceID); err != nil {
		return err
	}
	if next == "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// loginRefused answers a locked-out sign-in: 429 with the wait, the same
// for known and unknown e-mails.
func (s *Server) loginRefused(w http.ResponseWriter, email, next string, wait time.Duration) error {
	secs := retrySeconds(wait)
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	w.WriteHeader(http.StatusTooManyRequests)
	msg := "Too many failed sign-ins for this account or from your network. Try again in " + humanWait(secs) + "."
	return s.pages.render(w, "login", &loginPage{base: base{Title: "Sign in"}, Email: email, Next: next, Error: msg})
}

// startSession signs a user in with a fresh session, ending the one the
// browser had (rotation, against session fixation).
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, userID, wsID int64) error {
	token := auth.NewToken("chs_")
	now := s.now()
	sess := &store.Session{TokenHash: auth.HashToken(token), UserID: userID, WorkspaceID: wsID,
		CreatedAt: now.Unix(), ExpiresAt: now.Add(s.cfg.SessionTTL).Unix()}
	err := s.db.Tx(r.Context(), func(tx *store.Tx) error {
		if old, err := r.Cookie(sessionCookie); err == nil {
			if err := tx.DeleteSession(r.Context(), auth.HashToken(old.Value)); err != nil {
				return err
			}
		}
		if err := tx.CreateSession(r.Context(), sess); err != nil {
			return err
		}
		return s.auditAs(r, tx, wsID, &userID, nil, "session.start", "user", userID, "")
	})
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.cfg.SecureCookies,
		SameSite: http.SameSiteLaxMode, MaxAge: int(s.cfg.SessionTTL.Seconds())})
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, c *Caller) error {
	err := s.db.Tx(r.Context(), func(tx *store.Tx) error {
		if r.PostFormValue("everywhere") != "" {
			if err := tx.DeleteUserSessions(r.Context(), c.User.ID); err != nil {
				return err
			}
			return s.audit(r, tx, c, "session.end_all", "user", c.User.ID, "signed out everywhere")
		}
		return tx.DeleteSession(r.Context(), c.session)
	})
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.cfg.SecureCookies,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

func (s *Server) switchWorkspace(w http.ResponseWriter, r *http.Request, c *Caller) error {
	if c.User == nil {
		return badRequest("API tokens belong to one workspace")
	}
	id, err := strconv.ParseInt(r.PostFormValue("workspace"), 10, 64)
	if err != nil {
		return badRequest("workspace: not a number")
	}
	if _, err := s.db.Membership(r.Context(), id, c.User.ID); err != nil {
		return err // not a member: 404, as if it did not exist
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.SwitchSessionWorkspace(r.Context(), c.session, id) }); err != nil {
		return err
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// localPath returns p if it is a path on this site, and "" otherwise, so
// that ?next= cannot send anyone elsewhere (no open redirect).
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") || strings.ContainsAny(p, "\r\n\\") {
		return ""
	}
	return p
}
