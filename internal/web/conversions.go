package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/conversions"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/tracking"
)

// conversionRequest is an order reported by a shop that Chorus has no
// webhook adapter for, or by a checkout's own backend.
type conversionRequest struct {
	OrderID string `json:"order_id"`
	// Value is the amount paid, as a decimal in the currency's major unit
	// ("49.90"), given as a JSON number or string.
	Value    json.Number `json:"value"`
	Currency string      `json:"currency"`
	// ClickID is the chorus_cid the snippet kept (window.chorus.clickId()).
	ClickID string `json:"click_id"`
	Code    string `json:"code"`
	// CustomerRef is the buyer's e-mail address or the shop's customer id;
	// it is hashed with the workspace's salt and never stored as given.
	CustomerRef string `json:"customer_ref"`
	// Time is RFC 3339; empty means now.
	Time string `json:"time"`
	// NewCustomer says whether the buyer had ordered before, when known.
	NewCustomer *bool `json:"new_customer"`
	// Region is where the order ships: "US" or "US-CA" (for holdouts).
	Region string `json:"region"`
}

// order maps the request to a neutral order, reporting every bad field.
func (q conversionRequest) order(salt []byte, now time.Time) (conversions.Order, []FieldError) {
	var errs []FieldError
	o := conversions.Order{Provider: conversions.ProviderAPI, ExternalID: strings.TrimSpace(q.OrderID), ClickID: strings.TrimSpace(q.ClickID), Time: now}
	if o.ExternalID == "" {
		errs = append(errs, FieldError{"order_id", "is required"})
	}
	cur, err := conversions.NormalizeCurrency(q.Currency)
	if err != nil {
		errs = append(errs, FieldError{"currency", err.Error()})
	}
	o.Currency = cur
	if q.Value == "" {
		errs = append(errs, FieldError{"value", "is required"})
	} else if err == nil {
		if o.Total, err = conversions.ParseAmount(q.Value.String(), cur); err != nil {
			errs = append(errs, FieldError{"value", err.Error()})
		} else if o.Total < 0 {
			errs = append(errs, FieldError{"value", "must not be negative"})
		}
	}
	if q.Time != "" {
		t, err := time.Parse(time.RFC3339, q.Time)
		if err != nil {
			errs = append(errs, FieldError{"time", "is not an RFC 3339 time such as 2026-11-21T18:30:00Z"})
		}
		o.Time = t.UTC()
	}
	if o.ClickID != "" && !tracking.ValidClickID(o.ClickID) {
		errs = append(errs, FieldError{"click_id", "is not a chorus click id (22 letters, digits, - or _)"})
	}
	if o.Region, err = conversions.ParseRegion(q.Region); err != nil {
		errs = append(errs, FieldError{"region", err.Error()})
	}
	if c := conversions.NormalizeCode(q.Code); c != "" {
		o.DiscountCodes = []string{c}
	}
	if ref := strings.TrimSpace(q.CustomerRef); strings.Contains(ref, "@") {
		o.Customer.EmailHash = conversions.HashEmail(salt, ref)
	} else {
		o.Customer.ID = ref
	}
	if q.NewCustomer != nil {
		o.Customer.Status = conversions.CustomerReturning
		if *q.NewCustomer {
			o.Customer.Status = conversions.CustomerNew
		}
	}
	return o, errs
}

// apiConversionCreate records a conversion once per order id: a repeat
// answers 200 with the stored conversion and changes nothing.
func (s *Server) apiConversionCreate(w http.ResponseWriter, r *http.Request, c *Caller) error {
	var q conversionRequest
	if err := decodeJSON(r, &q); err != nil {
		return err
	}
	salt, err := s.db.EmailSalt(r.Context(), c.WS())
	if err != nil {
		return err
	}
	o, errs := q.order(salt, s.now().UTC())
	if len(errs) > 0 {
		return invalid(errs)
	}
	s.settleClicks(r.Context())
	var res store.EventResult
	err = s.db.RetryTx(r.Context(), func(tx *store.Tx) (err error) { // idempotent on order_id
		res, err = tx.RecordEvent(r.Context(), c.Workspace, conversions.Event{Kind: conversions.KindOrderCreated, Provider: conversions.ProviderAPI, Order: &o})
		return err
	})
	if err != nil {
		return err
	}
	stored, err := s.db.Order(r.Context(), c.WS(), o.ExternalID)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if res.Created {
		status = http.StatusCreated
	}
	return writeJSON(w, status, map[string]any{"conversion": stored, "created": res.Created})
}
