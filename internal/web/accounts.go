package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
)

func (s *Server) apiAccountCreate(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.db.Creator(r.Context(), c.WS(), id); err != nil {
		return err
	}
	var a creators.Account
	if err := decodeJSON(r, &a); err != nil {
		return err
	}
	a.CreatorID = id
	if fe := a.Validate(); len(fe) > 0 {
		return invalid(fieldErrors(fe))
	}
	err = s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.AddAccount(r.Context(), c.WS(), &a) })
	if errors.Is(err, store.ErrConflict) {
		return &httpError{status: http.StatusConflict, msg: fmt.Sprintf("%s/%s is already in this workspace", a.Platform, a.Handle)}
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, a)
}

// accountPatch changes only the fields present.
type accountPatch struct {
	URL           *string            `json:"url"`
	Followers     *int64             `json:"followers"`
	Following     *int64             `json:"following"`
	MediaCount    *int64             `json:"media_count"`
	Biography     *string            `json:"biography"`
	HasProfilePic *bool              `json:"has_profile_pic"`
	IsPrivate     *bool              `json:"is_private"`
	Audience      *creators.Audience `json:"audience"`
	RateMinor     *int64             `json:"rate_minor"`
	RateCurrency  *string            `json:"rate_currency"`
}

func (p accountPatch) Patch(a *creators.Account) {
	if p.URL != nil {
		a.URL = *p.URL
	}
	if p.Followers != nil {
		a.Followers = p.Followers
	}
	if p.Following != nil {
		a.Following = p.Following
	}
	if p.MediaCount != nil {
		a.MediaCount = p.MediaCount
	}
	if p.Biography != nil {
		a.Biography = *p.Biography
	}
	if p.HasProfilePic != nil {
		a.HasProfilePic = p.HasProfilePic
	}
	if p.IsPrivate != nil {
		a.IsPrivate = p.IsPrivate
	}
	if p.Audience != nil {
		a.Audience = *p.Audience
	}
	if p.RateMinor != nil {
		a.RateMinor = p.RateMinor
	}
	if p.RateCurrency != nil {
		a.RateCurrency = *p.RateCurrency
	}
}

func (s *Server) apiAccountPatch(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, err := s.db.Account(r.Context(), c.WS(), id)
	if err != nil {
		return err
	}
	var p accountPatch
	if err := decodeJSON(r, &p); err != nil {
		return err
	}
	p.Patch(a)
	if fe := a.Validate(); len(fe) > 0 {
		return invalid(fieldErrors(fe))
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.UpdateAccount(r.Context(), c.WS(), a) }); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}

func (s *Server) apiAccountDelete(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error {
		if err := tx.DeleteAccount(r.Context(), c.WS(), id); err != nil {
			return err
		}
		return s.audit(r, tx, c, "account.delete", "account", id, "")
	}); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
