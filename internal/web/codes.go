package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/platform/shopify"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/tracking"
)

// shopifyAPIVersion is the Admin API release Chorus is written against.
const shopifyAPIVersion = "2025-07"

// codeRequest asks for a discount code for a collaboration.
type codeRequest struct {
	// Code is the code to issue; empty makes one from the creator's handle
	// and the offer (MAYA15).
	Code string `json:"code"`
	// Percent is the offer, 1 to 100; 0 issues a code that only tracks.
	Percent int `json:"percent"`
	// Shopify creates the code in the brand's shop too; nil means yes when
	// the workspace has a Shopify admin token.
	Shopify *bool `json:"shopify"`
}

// shopifyAdmin returns the Admin API client of the workspace's shop, or nil
// when no shop domain and token are set.
func (s *Server) shopifyAdmin(ctx context.Context, ws int64) (*shopify.Admin, error) {
	box, err := store.NewSecretBox(s.cfg.Secret)
	if errors.Is(err, store.ErrNoServerSecret) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	shop, err := s.db.Secret(ctx, box, ws, store.SecretShopifyShop)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	token, err := s.db.Secret(ctx, box, ws, store.SecretShopifyToken)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !strings.Contains(shop, "://") {
		shop = "https://" + shop
	}
	return shopify.NewAdmin(shop, shopifyAPIVersion, token, nil)
}

// createCode issues a code to collaboration collab: it picks the code in a
// first transaction, creates it in Shopify when asked (outside any
// transaction: a network call must not hold the database), then stores it.
func (s *Server) createCode(ctx context.Context, c *Caller, collab int64, q codeRequest) (*store.DiscountCode, error) {
	k, err := s.db.Collaboration(ctx, c.WS(), collab)
	if err != nil {
		return nil, err
	}
	var errs []FieldError
	if q.Percent < 0 || q.Percent > 100 {
		errs = append(errs, FieldError{"percent", "must be between 0 and 100"})
	}
	q.Code = strings.TrimSpace(q.Code)
	if len(q.Code) > 64 || strings.ContainsAny(q.Code, " \t\n") {
		errs = append(errs, FieldError{"code", "must be at most 64 characters without spaces"})
	}
	if len(errs) > 0 {
		return nil, invalid(errs)
	}
	d := &store.DiscountCode{CollaborationID: k.ID, Code: tracking.NormalizeCode(q.Code), Percent: int64(q.Percent)}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if d.Code != "" {
			return nil
		}
		handle, err := tx.CollaborationHandle(ctx, c.WS(), k.ID)
		if err != nil {
			return err
		}
		d.Code, err = tracking.NewDiscountCode(handle, q.Percent, func(code string) (bool, error) { return tx.CodeTaken(ctx, c.WS(), code) })
		return err
	})
	if err != nil {
		return nil, err
	}
	admin, err := s.shopifyAdmin(ctx, c.WS())
	if err != nil {
		return nil, err
	}
	if admin != nil && (q.Shopify == nil || *q.Shopify) && q.Percent > 0 {
		disc, err := admin.CreatePercentCode(ctx, shopify.PercentDiscount{Title: "Chorus: " + k.CreatorName + " (" + k.CampaignName + ")",
			Code: d.Code, Percent: q.Percent, StartsAt: s.now().UTC().Truncate(time.Second)})
		var ue shopify.UserErrors
		if errors.As(err, &ue) && ue.Taken() {
			return nil, &httpError{status: http.StatusConflict, msg: fmt.Sprintf("code %s already exists in the Shopify store", d.Code)}
		}
		if err != nil {
			return nil, &httpError{status: http.StatusBadGateway, msg: "creating the code in Shopify failed: " + err.Error()}
		}
		d.ShopifyID = disc.ID
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateDiscountCode(ctx, c.WS(), d) })
	if errors.Is(err, store.ErrConflict) {
		return nil, &httpError{status: http.StatusConflict, msg: fmt.Sprintf("code %s is already issued in this workspace", d.Code)}
	}
	if err != nil {
		return nil, err
	}
	d.CreatorName = k.CreatorName
	return d, nil
}

func (s *Server) apiCodes(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.db.Collaboration(r.Context(), c.WS(), id); err != nil {
		return err
	}
	codes, err := s.db.DiscountCodes(r.Context(), c.WS(), 0, id)
	if err != nil {
		return err
	}
	if codes == nil {
		codes = []store.DiscountCode{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"codes": codes})
}

func (s *Server) apiCodeCreate(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	// The collaboration is looked up before the body is read, so another
	// workspace's collaboration is a 404 whatever the body says.
	if _, err := s.db.Collaboration(r.Context(), c.WS(), id); err != nil {
		return err
	}
	var q codeRequest
	if err := decodeJSON(r, &q); err != nil {
		return err
	}
	d, err := s.createCode(r.Context(), c, id, q)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, d)
}

func (s *Server) codeCreateForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	k, err := s.db.Collaboration(r.Context(), c.WS(), id)
	if err != nil {
		return err
	}
	q := codeRequest{Code: r.PostFormValue("code")}
	if v := strings.TrimSpace(r.PostFormValue("percent")); v != "" {
		if q.Percent, err = strconv.Atoi(v); err != nil {
			return invalid([]FieldError{{"percent", "is not a whole number"}})
		}
	}
	if r.PostFormValue("shopify") == "no" {
		no := false
		q.Shopify = &no
	}
	d, err := s.createCode(r.Context(), c, id, q)
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/campaigns/%d/attribution?flash=%s#codes", k.CampaignID, url.QueryEscape("Code "+d.Code+" issued.")), http.StatusSeeOther)
	return nil
}
