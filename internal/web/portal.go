package web

import (
	"errors"
	"fmt"
	"net/http"
	netmail "net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/mail"
	"github.com/chorushq/chorus/internal/ops"
	"github.com/chorushq/chorus/internal/store"
)

// The creator portal. Every portal handler reaches a collaboration only
// through creatorCollab, which looks it up by the workspace AND the caller's
// creator id: a guessed id of another creator's collaboration is a 404.

// inviteTTL is how long an invitation link works.
const inviteTTL = 7 * 24 * time.Hour

type portalPage struct {
	base
	Collaborations []collabView
}

func (s *Server) portalHome(w http.ResponseWriter, r *http.Request, c *Caller) error {
	b, err := s.base(r, c, "Your collaborations", "portal")
	if err != nil {
		return err
	}
	var list []collabView
	if c.CreatorID != nil {
		ks, err := s.db.Collaborations(r.Context(), c.WS(), store.CollabFilter{CreatorID: *c.CreatorID})
		if err != nil {
			return err
		}
		for _, k := range ks {
			list = append(list, collabView{Collaboration: k})
		}
	}
	return s.pages.render(w, "portal", &portalPage{base: b, Collaborations: list})
}

// creatorCollab is the collaboration of a /portal/collaborations/{id}
// route, if it is the calling creator's.
func (s *Server) creatorCollab(r *http.Request, c *Caller) (*campaigns.Collaboration, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	if c.CreatorID == nil {
		return nil, errNotFound
	}
	return s.db.CreatorCollaboration(r.Context(), c.WS(), *c.CreatorID, id)
}

type portalCollabPage struct {
	base
	DraftForm    draftFormData
	Collab       *campaigns.Collaboration
	Campaign     *campaigns.Campaign
	Tracking     store.Tracking
	Clicks       int64
	Conversions  float64
	Statement    *statement
	Deliverables []ops.Deliverable
	Drafts       []draftView
	Errors       []FieldError
	Form         url.Values
	UploadMax    int64
	CanSubmit    bool
}

func (s *Server) portalCollabPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	k, err := s.creatorCollab(r, c)
	if err != nil {
		return err
	}
	return s.renderPortalCollab(w, r, c, k, http.StatusOK, reviewForm{})
}

func (s *Server) renderPortalCollab(w http.ResponseWriter, r *http.Request, c *Caller, k *campaigns.Collaboration, status int, f reviewForm) error {
	ctx := r.Context()
	cp, err := s.db.Campaign(ctx, c.WS(), k.CampaignID)
	if err != nil {
		return err
	}
	b, err := s.base(r, c, cp.Name, "portal")
	if err != nil {
		return err
	}
	p := &portalCollabPage{base: b, Collab: k, Campaign: cp, Errors: f.Errors, Form: f.Form, UploadMax: s.uploadMax(),
		CanSubmit: canSubmit(k.Status)}
	if p.Form == nil {
		p.Form = url.Values{}
	}
	if p.Tracking, err = s.db.CollaborationTracking(ctx, c.WS(), k.ID); err != nil {
		return err
	}
	if p.Clicks, _, err = s.db.CollaborationClicks(ctx, c.WS(), k.ID); err != nil {
		return err
	}
	if p.Statement, err = s.statement(ctx, c.WS(), k.ID); err != nil {
		return err
	}
	if p.Conversions, _, err = s.db.CollaborationCredit(ctx, c.WS(), k.ID, cp.Currency); err != nil {
		return err
	}
	if p.Deliverables, err = s.db.Deliverables(ctx, c.WS(), k.ID); err != nil {
		return err
	}
	ds, err := s.db.Drafts(ctx, c.WS(), k.ID)
	if err != nil {
		return err
	}
	p.Drafts = draftViews(ds, fmt.Sprintf("/portal/collaborations/%d/media", k.ID))
	p.DraftForm = draftFormData{fmt.Sprintf("/portal/collaborations/%d/drafts", k.ID), p.Drafts, p.Form, p.UploadMax}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	return s.pages.render(w, "portal_collab", p)
}

// canSubmit: a creator sends drafts once contracted, and until the content
// is live (a fix after approval is a new version to review).
func canSubmit(st campaigns.Status) bool {
	switch st {
	case campaigns.Contracted, campaigns.ContentSubmitted, campaigns.Approved:
		return true
	}
	return false
}

func (s *Server) portalDraftForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	k, err := s.creatorCollab(r, c)
	if err != nil {
		return err
	}
	if !canSubmit(k.Status) {
		return &httpError{status: http.StatusConflict, msg: fmt.Sprintf("drafts are sent once the collaboration is contracted and until it is live; it is %s", strings.ReplaceAll(string(k.Status), "_", " "))}
	}
	v, errs, err := s.submitDraft(r, c, k)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return s.renderPortalCollab(w, r, c, k, http.StatusUnprocessableEntity, reviewForm{Errors: errs, Form: r.PostForm})
	}
	msg := fmt.Sprintf("Version %d sent for review.", v.Version)
	http.Redirect(w, r, fmt.Sprintf("/portal/collaborations/%d?flash=%s", k.ID, url.QueryEscape(msg)), http.StatusSeeOther)
	return nil
}

func (s *Server) portalMedia(w http.ResponseWriter, r *http.Request, c *Caller) error {
	k, err := s.creatorCollab(r, c)
	if err != nil {
		return err
	}
	return s.serveMedia(w, r, c.WS(), k.ID)
}

// Invitations.

type invitePage struct {
	base
	CreatorID   int64
	CreatorName string
	Email       string
	Link        string
	Expires     time.Time
	Token       string
	Errors      []FieldError
	// Mailed says the link went out by e-mail; MailError why it did not.
	Mailed    bool
	MailError string
}

// creatorInviteForm makes an invitation, e-mails it when the server sends
// mail, and always shows its link to copy.
func (s *Server) creatorInviteForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cr, err := s.db.Creator(r.Context(), c.WS(), id)
	if err != nil {
		return err
	}
	email := strings.TrimSpace(r.PostFormValue("email"))
	if email == "" {
		email = cr.Email
	}
	if a, err := netmail.ParseAddress(email); err != nil || a.Address != email {
		return invalid([]FieldError{{"email", fmt.Sprintf("%q is not an e-mail address", email)}})
	}
	var token string
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error {
		var err error
		if token, err = tx.CreateInvite(r.Context(), c.WS(), cr.ID, email, c.UserID(), inviteTTL); err != nil {
			return err
		}
		return s.audit(r, tx, c, "portal.invite", "creator", cr.ID, email)
	}); err != nil {
		return err
	}
	scheme := "http"
	if r.TLS != nil || s.cfg.SecureCookies {
		scheme = "https"
	}
	b, err := s.base(r, c, "Invitation for "+cr.Name, "creators")
	if err != nil {
		return err
	}
	p := &invitePage{base: b, CreatorID: cr.ID, CreatorName: cr.Name, Email: email,
		Link: scheme + "://" + r.Host + "/invite/" + url.PathEscape(token), Expires: s.now().Add(inviteTTL)}
	if s.cfg.Mail != nil {
		_, err := s.cfg.Mail.Send(r.Context(), mail.Message{To: email, Subject: c.Workspace.Name + " invites you to Chorus",
			Text: fmt.Sprintf("Hello %s,\n\n%s invites you to see your collaborations, links and earnings and to send your drafts.\n"+
				"Set your password here (the link works once, until %s):\n\n%s\n", cr.Name, c.Workspace.Name, p.Expires.Format("2 January 2006"), p.Link)})
		if err != nil {
			s.log.WarnContext(r.Context(), "invitation e-mail", "creator", cr.ID, "err", err)
			p.MailError = err.Error()
		}
		p.Mailed = err == nil
	}
	return s.pages.render(w, "invite", p)
}

// errInviteGone is an unknown, used or expired invitation, all alike so nobody
// can tell which.
var errInviteGone = &httpError{status: http.StatusNotFound, msg: "this invitation link is not valid: it was used, replaced or has expired; ask the brand for a new one"}

func (s *Server) inviteAcceptPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	inv, err := s.db.InviteByToken(r.Context(), r.PathValue("token"))
	if errors.Is(err, store.ErrNotFound) {
		return errInviteGone
	}
	if err != nil {
		return err
	}
	return s.pages.render(w, "invite_accept", &invitePage{base: base{Title: "Set your password"}, Email: inv.Email, Expires: inv.ExpiresAt,
		Token: r.PathValue("token")})
}

func (s *Server) inviteAccept(w http.ResponseWriter, r *http.Request, c *Caller) error {
	token := r.PathValue("token")
	inv, err := s.db.InviteByToken(r.Context(), token)
	if errors.Is(err, store.ErrNotFound) {
		return errInviteGone
	}
	if err != nil {
		return err
	}
	hash, errs, err := s.inviteePassword(r, inv.Email)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		if isAPI(r) || r.Header.Get("Accept") == "application/json" {
			return invalid(errs)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusUnprocessableEntity)
		return s.pages.render(w, "invite_accept", &invitePage{base: base{Title: "Set your password"}, Email: inv.Email, Expires: inv.ExpiresAt, Token: token, Errors: errs})
	}
	var u *store.User
	var accepted *store.Invite
	err = s.db.Tx(r.Context(), func(tx *store.Tx) error {
		var err error
		u, accepted, err = tx.AcceptInvite(r.Context(), token, hash)
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		return errInviteGone
	case errors.Is(err, store.ErrConflict):
		return &httpError{status: http.StatusConflict, msg: "this e-mail address already belongs to a member of the brand's team; sign in instead"}
	case err != nil:
		return err
	}
	if err := s.startSession(w, r, u.ID, accepted.WorkspaceID); err != nil {
		return err
	}
	http.Redirect(w, r, "/?flash="+url.QueryEscape("Welcome! Your collaborations are below."), http.StatusSeeOther)
	return nil
}
