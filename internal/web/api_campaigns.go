package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/store"
)

func (s *Server) apiCampaigns(w http.ResponseWriter, r *http.Request, c *Caller) error {
	cs, err := s.db.Campaigns(r.Context(), c.WS())
	if err != nil {
		return err
	}
	if cs == nil {
		cs = []campaigns.Campaign{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"campaigns": cs})
}

func (s *Server) apiCampaign(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cp, err := s.db.Campaign(r.Context(), c.WS(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, cp)
}

func (s *Server) apiCampaignCreate(w http.ResponseWriter, r *http.Request, c *Caller) error {
	var cp campaigns.Campaign
	if err := decodeJSON(r, &cp); err != nil {
		return err
	}
	if cp.Currency == "" {
		cp.Currency = c.Workspace.Currency
	}
	if fe := cp.Validate(); len(fe) > 0 {
		return invalid(campaignErrors(fe))
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.CreateCampaign(r.Context(), c.WS(), &cp) }); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, cp)
}

type campaignPatch struct {
	Name        *string          `json:"name"`
	Slug        *string          `json:"slug"`
	Goal        *string          `json:"goal"`
	Status      *string          `json:"status"`
	BudgetMinor *int64           `json:"budget_minor"`
	Currency    *string          `json:"currency"`
	StartsAt    *time.Time       `json:"starts_at"`
	EndsAt      *time.Time       `json:"ends_at"`
	Brief       *campaigns.Brief `json:"brief"`
}

func (p campaignPatch) Patch(c *campaigns.Campaign) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&c.Name, p.Name)
	set(&c.Slug, p.Slug)
	set(&c.Goal, p.Goal)
	set(&c.Status, p.Status)
	set(&c.Currency, p.Currency)
	if p.BudgetMinor != nil {
		c.BudgetMinor = *p.BudgetMinor
	}
	if p.StartsAt != nil {
		c.StartsAt = p.StartsAt
	}
	if p.EndsAt != nil {
		c.EndsAt = p.EndsAt
	}
	if p.Brief != nil {
		c.Brief = *p.Brief
	}
}

func (s *Server) apiCampaignPatch(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var p campaignPatch
	if err := decodeJSON(r, &p); err != nil {
		return err
	}
	cp, err := s.db.Campaign(r.Context(), c.WS(), id)
	if err != nil {
		return err
	}
	p.Patch(cp)
	vs := cp.Variants
	cp.Variants = nil
	if fe := cp.Validate(); len(fe) > 0 {
		return invalid(campaignErrors(fe))
	}
	cp.Variants = vs
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.UpdateCampaign(r.Context(), c.WS(), cp) }); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, cp)
}

func (s *Server) apiCampaignDelete(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error {
		if err := tx.DeleteCampaign(r.Context(), c.WS(), id); err != nil {
			return err
		}
		return s.audit(r, tx, c, "campaign.delete", "campaign", id, "")
	}); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiVariantCreate(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := s.campaignID(r, c)
	if err != nil {
		return err
	}
	var v campaigns.Variant
	if err := decodeJSON(r, &v); err != nil {
		return err
	}
	v.CampaignID = id
	if fe := v.Validate(); len(fe) > 0 {
		return invalid(campaignErrors(fe))
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.CreateVariant(r.Context(), c.WS(), &v) }); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, v)
}

func (s *Server) apiCollabs(w http.ResponseWriter, r *http.Request, c *Caller) error {
	q := r.URL.Query()
	f := store.CollabFilter{Status: campaigns.Status(q.Get("status"))}
	f.CampaignID, _ = strconv.ParseInt(q.Get("campaign_id"), 10, 64)
	f.CreatorID, _ = strconv.ParseInt(q.Get("creator_id"), 10, 64)
	f.OwnerID, _ = strconv.ParseInt(q.Get("owner_id"), 10, 64)
	if f.Status != "" {
		if _, err := campaigns.ParseStatus(string(f.Status)); err != nil {
			return invalid([]FieldError{{"status", err.Error()}})
		}
	}
	ks, err := s.db.Collaborations(r.Context(), c.WS(), f)
	if err != nil {
		return err
	}
	if ks == nil {
		ks = []campaigns.Collaboration{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"collaborations": ks})
}

type collabDetail struct {
	*campaigns.Collaboration
	History []campaigns.Event `json:"history"`
}

func (s *Server) apiCollab(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	k, err := s.db.Collaboration(r.Context(), c.WS(), id)
	if err != nil {
		return err
	}
	ev, err := s.db.CollaborationEvents(r.Context(), c.WS(), id)
	if err != nil {
		return err
	}
	if ev == nil {
		ev = []campaigns.Event{}
	}
	return writeJSON(w, http.StatusOK, collabDetail{k, ev})
}

func (s *Server) apiCollabCreate(w http.ResponseWriter, r *http.Request, c *Caller) error {
	var k campaigns.Collaboration
	if err := decodeJSON(r, &k); err != nil {
		return err
	}
	if fe := k.Validate(); len(fe) > 0 {
		return invalid(campaignErrors(fe))
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.CreateCollaboration(r.Context(), c.WS(), &k) }); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, k)
}

type collabPatch struct {
	VariantID          *int64 `json:"variant_id"`
	OwnerID            *int64 `json:"owner_id"`
	FeeMinor           *int64 `json:"fee_minor"`
	SeedingMinor       *int64 `json:"seeding_minor"`
	AmplificationMinor *int64 `json:"amplification_minor"`
	CommissionBps      *int64 `json:"commission_bps"`
}

func (p collabPatch) Patch(k *campaigns.Collaboration) {
	if p.VariantID != nil {
		k.VariantID = p.VariantID
	}
	if p.OwnerID != nil {
		k.OwnerID = p.OwnerID
	}
	for _, f := range []struct {
		dst *int64
		v   *int64
	}{{&k.FeeMinor, p.FeeMinor}, {&k.SeedingMinor, p.SeedingMinor}, {&k.AmplificationMinor, p.AmplificationMinor}, {&k.CommissionBps, p.CommissionBps}} {
		if f.v != nil {
			*f.dst = *f.v
		}
	}
}

func (s *Server) apiCollabPatch(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var p collabPatch
	if err := decodeJSON(r, &p); err != nil {
		return err
	}
	k, err := s.db.Collaboration(r.Context(), c.WS(), id)
	if err != nil {
		return err
	}
	p.Patch(k)
	if fe := k.Validate(); len(fe) > 0 {
		return invalid(campaignErrors(fe))
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.UpdateCollaborationTerms(r.Context(), c.WS(), k) }); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, k)
}

func (s *Server) apiCollabMove(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.db.Collaboration(r.Context(), c.WS(), id); err != nil {
		return err
	}
	var body struct {
		To   string `json:"to"`
		Note string `json:"note"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	to, err := campaigns.ParseStatus(body.To)
	if err != nil {
		return invalid([]FieldError{{"to", err.Error()}})
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error {
		return tx.MoveCollaboration(r.Context(), c.WS(), id, to, c.UserID(), body.Note)
	}); err != nil {
		return err
	}
	return s.apiCollab(w, r, c)
}

func (s *Server) apiCollabDelete(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error {
		if err := tx.DeleteCollaboration(r.Context(), c.WS(), id); err != nil {
			return err
		}
		return s.audit(r, tx, c, "collaboration.delete", "collaboration", id, "")
	}); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
