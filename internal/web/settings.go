package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/conversions"
	"github.com/chorushq/chorus/internal/store"
)

type settingsPage struct {
	base
	Workspace *store.Workspace
	Tokens    []store.APIToken
	Members   []store.Member
	NewToken  string
	Errors    []FieldError
	// Integrations is the shop integration section (admins only).
	Integrations *integrationsView
	// RetentionDays is how long raw clicks are kept (0: for ever).
	RetentionDays int
}

func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	return s.renderSettings(w, r, c, c.Workspace, "", nil)
}

func (s *Server) renderSettings(w http.ResponseWriter, r *http.Request, c *Caller, ws *store.Workspace, newToken string, errs []FieldError) error {
	b, err := s.base(r, c, "Settings", "settings")
	if err != nil {
		return err
	}
	p := &settingsPage{base: b, Workspace: ws, NewToken: newToken, Errors: errs}
	if c.Can(auth.Admin) {
		if p.Tokens, err = s.db.Tokens(r.Context(), c.WS()); err != nil {
			return err
		}
		if p.Members, err = s.db.Members(r.Context(), c.WS()); err != nil {
			return err
		}
		if p.Integrations, err = s.integrations(r.Context(), c.Workspace); err != nil {
			return err
		}
		if p.RetentionDays, err = s.db.RetentionDays(r.Context(), c.WS()); err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		w.WriteHeader(http.StatusUnprocessableEntity)
	}
	return s.pages.render(w, "settings", p)
}

// validateWorkspace checks settings a user may change.
func validateWorkspace(ws *store.Workspace) []FieldError {
	var errs []FieldError
	if strings.TrimSpace(ws.Name) == "" {
		errs = append(errs, FieldError{"name", "is required"})
	}
	if _, err := conversions.NormalizeCurrency(ws.Currency); err != nil {
		errs = append(errs, FieldError{"currency", err.Error()})
	}
	if !(0 < ws.TierMicro && ws.TierMicro < ws.TierMid && ws.TierMid < ws.TierMacro && ws.TierMacro < ws.TierMega) {
		errs = append(errs, FieldError{"tiers", "thresholds must be positive and rise: micro < mid < macro < mega"})
	}
	if ws.LookbackDays < 1 || ws.LookbackDays > 365 {
		errs = append(errs, FieldError{"lookback_days", "must be between 1 and 365"})
	}
	if ws.GrossMarginBps < 0 || ws.GrossMarginBps > 10000 {
		errs = append(errs, FieldError{"gross_margin_bps", "must be between 0 and 10000"})
	}
	return errs
}

func (s *Server) settingsForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	ws := *c.Workspace
	ws.Name = r.PostFormValue("name")
	ws.Currency = strings.ToUpper(r.PostFormValue("currency"))
	var errs []FieldError
	for _, f := range []struct {
		name string
		dst  *int64
	}{{"tier_micro", &ws.TierMicro}, {"tier_mid", &ws.TierMid}, {"tier_macro", &ws.TierMacro}, {"tier_mega", &ws.TierMega},
		{"lookback_days", &ws.LookbackDays}, {"gross_margin_bps", &ws.GrossMarginBps}} {
		v, err := strconv.ParseInt(strings.ReplaceAll(r.PostFormValue(f.name), ",", ""), 10, 64)
		if err != nil {
			errs = append(errs, FieldError{f.name, "is not a whole number"})
			continue
		}
		*f.dst = v
	}
	if len(errs) == 0 {
		errs = validateWorkspace(&ws)
	}
	if len(errs) > 0 {
		return s.renderSettings(w, r, c, &ws, "", errs)
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error {
		if err := tx.UpdateWorkspaceSettings(r.Context(), &ws); err != nil {
			return err
		}
		return s.audit(r, tx, c, "settings.change", "workspace", ws.ID, settingsDetail(c.Workspace, &ws))
	}); err != nil {
		return err
	}
	http.Redirect(w, r, "/settings?flash="+url.QueryEscape("Settings saved."), http.StatusSeeOther)
	return nil
}

func (s *Server) tokenCreateForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	t, secret, err := s.createToken(r, c, r.PostFormValue("name"), r.PostFormValue("role"))
	if err != nil {
		if he, ok := err.(*httpError); ok && he.fields != nil {
			return s.renderSettings(w, r, c, c.Workspace, "", he.fields)
		}
		return err
	}
	_ = t
	return s.renderSettings(w, r, c, c.Workspace, secret, nil)
}

func (s *Server) createToken(r *http.Request, c *Caller, name, role string) (*store.APIToken, string, error) {
	name = strings.TrimSpace(name)
	var errs []FieldError
	if name == "" {
		errs = append(errs, FieldError{"name", "is required"})
	}
	rl, err := auth.ParseRole(role)
	if err != nil || (rl != auth.Admin && rl != auth.Member && rl != auth.Viewer) {
		errs = append(errs, FieldError{"role", "must be admin, member or viewer"})
	}
	if len(errs) > 0 {
		return nil, "", invalid(errs)
	}
	t := &store.APIToken{WorkspaceID: c.WS(), Name: name, Role: rl, CreatedBy: c.UserID()}
	var secret string
	err = s.db.Tx(r.Context(), func(tx *store.Tx) (err error) {
		if secret, err = tx.CreateToken(r.Context(), t); err != nil {
			return err
		}
		return s.audit(r, tx, c, "token.create", "token", t.ID, fmt.Sprintf("%q, role %s", t.Name, t.Role))
	})
	return t, secret, err
}

func (s *Server) tokenRevokeForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error {
		if err := tx.RevokeToken(r.Context(), c.WS(), id); err != nil {
			return err
		}
		return s.audit(r, tx, c, "token.revoke", "token", id, "")
	}); err != nil {
		return err
	}
	http.Redirect(w, r, "/settings?flash="+url.QueryEscape("Token revoked."), http.StatusSeeOther)
	return nil
}

// --- API

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request, c *Caller) error {
	out := map[string]any{"workspace": c.Workspace, "role": c.Role}
	if c.User != nil {
		out["user"] = c.User
	}
	if c.Token != nil {
		out["token"] = c.Token
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiWorkspace(w http.ResponseWriter, r *http.Request, c *Caller) error {
	return writeJSON(w, http.StatusOK, c.Workspace)
}

func (s *Server) apiWorkspacePatch(w http.ResponseWriter, r *http.Request, c *Caller) error {
	var p struct {
		Name           *string `json:"name"`
		Currency       *string `json:"currency"`
		TierMicro      *int64  `json:"tier_micro"`
		TierMid        *int64  `json:"tier_mid"`
		TierMacro      *int64  `json:"tier_macro"`
		TierMega       *int64  `json:"tier_mega"`
		LookbackDays   *int64  `json:"lookback_days"`
		GrossMarginBps *int64  `json:"gross_margin_bps"`
	}
	if err := decodeJSON(r, &p); err != nil {
		return err
	}
	ws := *c.Workspace
	if p.Name != nil {
		ws.Name = *p.Name
	}
	if p.Currency != nil {
		ws.Currency = strings.ToUpper(*p.Currency)
	}
	for _, f := range []struct {
		dst *int64
		v   *int64
	}{{&ws.TierMicro, p.TierMicro}, {&ws.TierMid, p.TierMid}, {&ws.TierMacro, p.TierMacro}, {&ws.TierMega, p.TierMega},
		{&ws.LookbackDays, p.LookbackDays}, {&ws.GrossMarginBps, p.GrossMarginBps}} {
		if f.v != nil {
			*f.dst = *f.v
		}
	}
	if errs := validateWorkspace(&ws); len(errs) > 0 {
		return invalid(errs)
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error {
		if err := tx.UpdateWorkspaceSettings(r.Context(), &ws); err != nil {
			return err
		}
		return s.audit(r, tx, c, "settings.change", "workspace", ws.ID, settingsDetail(c.Workspace, &ws))
	}); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ws)
}

func (s *Server) apiTokens(w http.ResponseWriter, r *http.Request, c *Caller) error {
	ts, err := s.db.Tokens(r.Context(), c.WS())
	if err != nil {
		return err
	}
	if ts == nil {
		ts = []store.APIToken{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"tokens": ts})
}

func (s *Server) apiTokenCreate(w http.ResponseWriter, r *http.Request, c *Caller) error {
	var body struct {
		Name string `json:"name"`
		Role string `json:"role"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	t, secret, err := s.createToken(r, c, body.Name, body.Role)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]any{"token": t, "secret": secret,
		"note": "the secret is shown once; store it now"})
}

func (s *Server) apiTokenRevoke(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error {
		if err := tx.RevokeToken(r.Context(), c.WS(), id); err != nil {
			return err
		}
		return s.audit(r, tx, c, "token.revoke", "token", id, "")
	}); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiMembers(w http.ResponseWriter, r *http.Request, c *Caller) error {
	ms, err := s.db.Members(r.Context(), c.WS())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"members": ms})
}

// parseMajor reads an amount in major units ("1,500.00") into minor units.
func parseMajor(s, currency string) (int64, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if s == "" {
		return 0, nil
	}
	if _, err := conversions.NormalizeCurrency(currency); err != nil {
		return 0, fmt.Errorf("needs a valid currency first")
	}
	return conversions.ParseAmount(s, strings.ToUpper(currency))
}
