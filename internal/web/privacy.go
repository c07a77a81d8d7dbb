package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/chorushq/chorus/internal/store"
)

// apiCreatorErase erases what identifies a creator, keeping the numbers
// (see store.EraseCreator). The creator is looked up in the caller's
// workspace inside the transaction: another workspace's id is a 404.
func (s *Server) apiCreatorErase(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	// Clicks still in the click log would reach the database after the
	// erasure with their referrers.
	s.settleClicks(r.Context())
	err = s.db.Tx(r.Context(), func(tx *store.Tx) error {
		if err := tx.EraseCreator(r.Context(), c.WS(), id); err != nil {
			return err
		}
		return s.audit(r, tx, c, "creator.erase", "creator", id, "personal data erased on request")
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"erased": id})
}

// apiCustomerErase anonymises a buyer's orders, found by e-mail or by the
// shop's customer id. Neither is stored or logged: only the count is.
func (s *Server) apiCustomerErase(w http.ResponseWriter, r *http.Request, c *Caller) error {
	var body struct {
		Email      string `json:"email"`
		CustomerID string `json:"customer_id"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	if strings.TrimSpace(body.Email) == "" && strings.TrimSpace(body.CustomerID) == "" {
		return invalid([]FieldError{{Field: "email", Message: "give the buyer's e-mail or the shop's customer_id"}})
	}
	var n int64
	err := s.db.Tx(r.Context(), func(tx *store.Tx) (err error) {
		if n, err = tx.EraseBuyer(r.Context(), c.WS(), body.Email, strings.TrimSpace(body.CustomerID)); err != nil {
			return err
		}
		return s.audit(r, tx, c, "customer.erase", "", 0, fmt.Sprintf("%d orders anonymised", n))
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"orders_anonymised": n})
}

type privacySettings struct {
	RetentionDays int `json:"retention_days"`
}

func (s *Server) apiPrivacy(w http.ResponseWriter, r *http.Request, c *Caller) error {
	d, err := s.db.RetentionDays(r.Context(), c.WS())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, privacySettings{RetentionDays: d})
}

func (s *Server) apiPrivacyPut(w http.ResponseWriter, r *http.Request, c *Caller) error {
	var p privacySettings
	if err := decodeJSON(r, &p); err != nil {
		return err
	}
	if err := s.setRetention(r, c, p.RetentionDays); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) privacyForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	days, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("retention_days")))
	if err != nil {
		return invalid([]FieldError{{Field: "retention_days", Message: "is not a whole number of days"}})
	}
	if err := s.setRetention(r, c, days); err != nil {
		return err
	}
	http.Redirect(w, r, "/settings?flash="+url.QueryEscape("Retention saved."), http.StatusSeeOther)
	return nil
}

func (s *Server) setRetention(r *http.Request, c *Caller, days int) error {
	if days < 0 || days > 36500 {
		return invalid([]FieldError{{Field: "retention_days", Message: "must be 0 (keep raw clicks for ever) to 36500"}})
	}
	return s.db.Tx(r.Context(), func(tx *store.Tx) error {
		if err := tx.SetRetentionDays(r.Context(), c.WS(), days); err != nil {
			return err
		}
		return s.audit(r, tx, c, "settings.retention", "workspace", c.WS(), fmt.Sprintf("raw clicks kept %d days (0: for ever)", days))
	})
}

// applyRetention is the hourly job that deletes raw clicks past each
// workspace's retention (chorus retention run does the same by hand).
func (s *Server) applyRetention(ctx context.Context) error {
	res, err := s.db.ApplyRetention(ctx, s.now())
	for _, r := range res {
		if r.ClicksDeleted > 0 {
			s.log.InfoContext(ctx, "retention", "workspace", r.WorkspaceID, "days", r.Days, "clicks_deleted", r.ClicksDeleted)
		}
	}
	return err
}
