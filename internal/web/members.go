package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/store"
)

// memberRule decides whether caller c may give the member targetID, who now
// holds role from, the role to, or remove them (remove true, to unused).
// owners is the number of owners of the workspace, counted in the same
// transaction as the change. The rules: nobody changes their own role (so
// an admin cannot promote themselves, and nobody locks themselves out by
// accident); only an owner makes or changes an owner; the last owner stays.
func memberRule(c *Caller, targetID int64, from, to auth.Role, remove bool, owners int) error {
	if c.User != nil && c.User.ID == targetID {
		return &httpError{status: http.StatusForbidden, msg: "you cannot change your own role or remove yourself; ask another owner or admin"}
	}
	if !remove && (from == auth.Creator) != (to == auth.Creator) {
		return invalid([]FieldError{{"role", "a creator's portal account keeps the creator role, and staff cannot become creators"}})
	}
	if !remove && to == auth.Owner && !c.Can(auth.Owner) {
		return &httpError{status: http.StatusForbidden, msg: "only an owner can make another owner"}
	}
	if from == auth.Owner && !c.Can(auth.Owner) {
		return &httpError{status: http.StatusForbidden, msg: "only an owner can change or remove an owner"}
	}
	if from == auth.Owner && (remove || to != auth.Owner) && owners <= 1 {
		return &httpError{status: http.StatusConflict, msg: "the workspace's last owner cannot be removed or demoted; make another owner first"}
	}
	return nil
}

// parseMemberRole reads the role a member may be given.
func parseMemberRole(s string) (auth.Role, error) {
	r, err := auth.ParseRole(s)
	if err != nil || r == auth.Creator {
		return "", invalid([]FieldError{{"role", fmt.Sprintf("%q: must be owner, admin, member or viewer", s)}})
	}
	return r, nil
}

// member loads a member of the caller's workspace; another workspace's
// users are not found.
func (s *Server) member(r *http.Request, c *Caller) (*store.Membership, *store.User, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, err
	}
	m, err := s.db.Membership(r.Context(), c.WS(), id)
	if err != nil {
		return nil, nil, err
	}
	u, err := s.db.User(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	return m, u, nil
}

// setMemberRole checks and makes a role change, audited in its transaction.
func (s *Server) setMemberRole(r *http.Request, c *Caller, m *store.Membership, u *store.User, to auth.Role) error {
	return s.db.Tx(r.Context(), func(tx *store.Tx) error {
		owners, err := tx.CountRole(r.Context(), c.WS(), auth.Owner)
		if err != nil {
			return err
		}
		if err := memberRule(c, m.UserID, m.Role, to, false, owners); err != nil {
			return err
		}
		if err := tx.SetMembership(r.Context(), c.WS(), m.UserID, to, m.CreatorID); err != nil {
			return err
		}
		return s.audit(r, tx, c, "member.role", "user", m.UserID, fmt.Sprintf("%s: %s -> %s", u.Email, m.Role, to))
	})
}

// removeMember checks and takes a member out of the workspace, ending their
// sessions there, audited in the same transaction.
func (s *Server) removeMember(r *http.Request, c *Caller, m *store.Membership, u *store.User) error {
	return s.db.Tx(r.Context(), func(tx *store.Tx) error {
		owners, err := tx.CountRole(r.Context(), c.WS(), auth.Owner)
		if err != nil {
			return err
		}
		if err := memberRule(c, m.UserID, m.Role, "", true, owners); err != nil {
			return err
		}
		if err := tx.RemoveMembership(r.Context(), c.WS(), m.UserID); err != nil {
			return err
		}
		return s.audit(r, tx, c, "member.remove", "user", m.UserID, fmt.Sprintf("%s (%s)", u.Email, m.Role))
	})
}

func (s *Server) apiMemberPatch(w http.ResponseWriter, r *http.Request, c *Caller) error {
	m, u, err := s.member(r, c)
	if err != nil {
		return err
	}
	var body struct {
		Role string `json:"role"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	to, err := parseMemberRole(body.Role)
	if err != nil {
		return err
	}
	if err := s.setMemberRole(r, c, m, u, to); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, store.Member{UserID: u.ID, Email: u.Email, Name: u.Name, Role: to})
}

func (s *Server) apiMemberDelete(w http.ResponseWriter, r *http.Request, c *Caller) error {
	m, u, err := s.member(r, c)
	if err != nil {
		return err
	}
	if err := s.removeMember(r, c, m, u); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// memberFormError shows a refused change on the settings page itself.
func (s *Server) memberFormError(w http.ResponseWriter, r *http.Request, c *Caller, err error) error {
	var he *httpError
	if !errors.As(err, &he) || he.status == http.StatusNotFound {
		return err
	}
	errs := he.fields
	if errs == nil {
		errs = []FieldError{{"member", he.msg}}
	}
	return s.renderSettings(w, r, c, c.Workspace, "", errs)
}

func (s *Server) memberRoleForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	m, u, err := s.member(r, c)
	if err != nil {
		return err
	}
	to, err := parseMemberRole(r.PostFormValue("role"))
	if err == nil {
		err = s.setMemberRole(r, c, m, u, to)
	}
	if err != nil {
		return s.memberFormError(w, r, c, err)
	}
	http.Redirect(w, r, "/settings?flash="+url.QueryEscape(fmt.Sprintf("%s is now %s.", u.Email, to)), http.StatusSeeOther)
	return nil
}

func (s *Server) memberRemoveForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	m, u, err := s.member(r, c)
	if err != nil {
		return err
	}
	if err := s.removeMember(r, c, m, u); err != nil {
		return s.memberFormError(w, r, c, err)
	}
	http.Redirect(w, r, "/settings?flash="+url.QueryEscape(u.Email+" was removed from the workspace."), http.StatusSeeOther)
	return nil
}
