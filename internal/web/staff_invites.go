package web

import (
	"errors"
	"fmt"
	"net/http"
	netmail "net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/mail"
	"github.com/chorushq/chorus/internal/store"
	"golang.org/x/crypto/bcrypt"
)

// staffInviteTTL is how long a team invitation link works.
const staffInviteTTL = 7 * 24 * time.Hour

// staffInvitePage shows a new invitation once, or the form to accept one.
type staffInvitePage struct {
	base
	Email     string
	Role      auth.Role
	Workspace string
	Link      string
	Expires   time.Time
	Token     string
	Errors    []FieldError
	// Mailed says the link went out by e-mail; MailError why it did not.
	Mailed    bool
	MailError string
}

// inviteStaff checks and records an invitation of email with role, audited
// in its transaction, and e-mails the link when the server sends mail.
func (s *Server) inviteStaff(r *http.Request, c *Caller, email, role string) (*staffInvitePage, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	var errs []FieldError
	if a, err := netmail.ParseAddress(email); err != nil || a.Address != email {
		errs = append(errs, FieldError{"email", fmt.Sprintf("%q is not an e-mail address", email)})
	}
	to, err := parseMemberRole(role)
	if err != nil {
		errs = append(errs, err.(*httpError).fields...)
	}
	if len(errs) > 0 {
		return nil, invalid(errs)
	}
	if to == auth.Owner && !c.Can(auth.Owner) {
		return nil, &httpError{status: http.StatusForbidden, msg: "only an owner can invite another owner"}
	}
	if u, err := s.db.UserByEmail(r.Context(), email); err == nil {
		if m, err := s.db.Membership(r.Context(), c.WS(), u.ID); err == nil {
			return nil, &httpError{status: http.StatusConflict, msg: fmt.Sprintf("%s is already a %s of this workspace; change their role instead", email, m.Role)}
		}
	}
	var token string
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) (err error) {
		if token, err = tx.CreateStaffInvite(r.Context(), c.WS(), email, to, c.UserID(), staffInviteTTL); err != nil {
			return err
		}
		return s.audit(r, tx, c, "member.invite", "", 0, fmt.Sprintf("%s as %s", email, to))
	}); err != nil {
		return nil, err
	}
	scheme := "http"
	if r.TLS != nil || s.cfg.SecureCookies {
		scheme = "https"
	}
	p := &staffInvitePage{Email: email, Role: to, Workspace: c.Workspace.Name, Link: scheme + "://" + r.Host + "/join/" + url.PathEscape(token),
		Expires: s.now().Add(staffInviteTTL)}
	if s.cfg.Mail != nil {
		_, err := s.cfg.Mail.Send(r.Context(), mail.Message{To: email, Subject: "Join " + c.Workspace.Name + " on Chorus",
			Text: fmt.Sprintf("Hello,\n\nYou are invited to join %s on Chorus as %s.\nAccept here (the link works once, until %s):\n\n%s\n",
				c.Workspace.Name, to, p.Expires.Format("2 January 2006"), p.Link)})
		if err != nil {
			s.log.WarnContext(r.Context(), "team invitation e-mail", "err", err)
			p.MailError = err.Error()
		}
		p.Mailed = err == nil
	}
	return p, nil
}

func (s *Server) memberInviteForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	p, err := s.inviteStaff(r, c, r.PostFormValue("email"), r.PostFormValue("role"))
	if err != nil {
		return s.memberFormError(w, r, c, err)
	}
	if p.base, err = s.base(r, c, "Invitation for "+p.Email, "settings"); err != nil {
		return err
	}
	return s.pages.render(w, "staff_invite", p)
}

func (s *Server) apiMemberInvite(w http.ResponseWriter, r *http.Request, c *Caller) error {
	var body struct {
		Email string `json:"email"`
		Role  string `json:"role"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	p, err := s.inviteStaff(r, c, body.Email, body.Role)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]any{"email": p.Email, "role": p.Role, "url": p.Link, "expires_at": p.Expires,
		"mailed": p.Mailed, "note": "the link is shown once; it works once"})
}

// errStaffInviteGone is an unknown, used or expired invitation, all alike
// so nobody can tell which.
var errStaffInviteGone = &httpError{status: http.StatusNotFound, msg: "this invitation link is not valid: it was used, replaced or has expired; ask for a new one"}

func (s *Server) joinPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	inv, err := s.db.StaffInviteByToken(r.Context(), r.PathValue("token"))
	if errors.Is(err, store.ErrNotFound) {
		return errStaffInviteGone
	}
	if err != nil {
		return err
	}
	return s.renderJoin(w, r, inv, nil)
}

func (s *Server) renderJoin(w http.ResponseWriter, r *http.Request, inv *store.StaffInvite, errs []FieldError) error {
	p := &staffInvitePage{base: base{Title: "Join the team"}, Email: inv.Email, Role: inv.Role, Expires: inv.ExpiresAt,
		Token: r.PathValue("token"), Errors: errs}
	if ws, err := s.db.Workspace(r.Context(), inv.WorkspaceID); err == nil {
		p.Workspace = ws.Name
	}
	if len(errs) > 0 {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusUnprocessableEntity)
	}
	return s.pages.render(w, "join", p)
}

func (s *Server) join(w http.ResponseWriter, r *http.Request, c *Caller) error {
	token := r.PathValue("token")
	inv, err := s.db.StaffInviteByToken(r.Context(), token)
	if errors.Is(err, store.ErrNotFound) {
		return errStaffInviteGone
	}
	if err != nil {
		return err
	}
	hash, errs, err := s.inviteePassword(r, inv.Email)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		if wantsJSON(r) {
			return invalid(errs)
		}
		return s.renderJoin(w, r, inv, errs)
	}
	var u *store.User
	err = s.db.Tx(r.Context(), func(tx *store.Tx) error {
		var err error
		if u, inv, err = tx.AcceptStaffInvite(r.Context(), token, hash); err != nil {
			return err
		}
		return s.auditAs(r, tx, inv.WorkspaceID, &u.ID, nil, "member.join", "user", u.ID, fmt.Sprintf("%s as %s", u.Email, inv.Role))
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		return errStaffInviteGone
	case errors.Is(err, store.ErrConflict):
		return &httpError{status: http.StatusConflict, msg: "this e-mail address is already a member of this workspace; sign in instead"}
	case err != nil:
		return err
	}
	if err := s.startSession(w, r, u.ID, inv.WorkspaceID); err != nil {
		return err
	}
	http.Redirect(w, r, "/?flash="+url.QueryEscape("Welcome to the team."), http.StatusSeeOther)
	return nil
}

// inviteePassword checks the password typed to accept an invitation for
// email and returns the hash a new account gets. A new account's password
// must follow the rules and be typed twice. An existing account keeps its
// password and must be proven with it: otherwise whoever holds the link
// (the person who made it, say) could sign in as that user, and switch to
// every workspace they belong to. Wrong guesses count towards the same
// per-account lockout as sign-in, so the form is no way around it.
func (s *Server) inviteePassword(r *http.Request, email string) (string, []FieldError, error) {
	pw := r.PostFormValue("password")
	u, err := s.db.UserByEmail(r.Context(), email)
	switch {
	case err == nil:
		now, key := s.now(), "email:"+email
		if wait := s.guards.account.Wait(key, now); wait > 0 {
			return "", nil, &httpError{status: http.StatusTooManyRequests,
				msg: "Too many wrong passwords for this account. Try again in " + humanWait(retrySeconds(wait)) + "."}
		}
		if !auth.CheckPassword(u.PasswordHash, pw) {
			s.guards.account.Fail(key, now)
			return "", []FieldError{{"password", "is not the password of the existing Chorus account of " + email}}, nil
		}
		s.guards.account.Reset(key)
		return u.PasswordHash, nil, nil
	case !errors.Is(err, store.ErrNotFound):
		return "", nil, err
	}
	if err := auth.CheckPasswordRules(pw, email); err != nil {
		return "", []FieldError{{"password", strings.TrimPrefix(err.Error(), "password: ")}}, nil
	}
	if pw != r.PostFormValue("confirm") {
		return "", []FieldError{{"confirm", "does not match the password"}}, nil
	}
	cost := s.cfg.BcryptCost
	if cost == 0 {
		cost = bcrypt.DefaultCost
	}
	hash, err := auth.HashPassword(pw, cost)
	return hash, nil, err
}
