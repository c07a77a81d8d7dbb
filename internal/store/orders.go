package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/attribution"
	"github.com/chorushq/chorus/internal/conversions"
)

// Order is a stored order with the default model's decision about it.
type Order struct {
	ID            int64     `json:"id"`
	ExternalID    string    `json:"order_id"`
	Provider      string    `json:"provider"`
	Shop          string    `json:"shop,omitempty"`
	Name          string    `json:"name,omitempty"`
	At            time.Time `json:"time"`
	Currency      string    `json:"currency"`
	TotalMinor    int64     `json:"total_minor"`
	RefundedMinor int64     `json:"refunded_minor"`
	Codes         []string  `json:"codes"`
	ClickID       string    `json:"click_id,omitempty"`
	NewCustomer   bool      `json:"new_customer"`
	Paid          bool      `json:"paid"`
	Test          bool      `json:"test"`
	// The default model's decision: the collaboration credited (0 = nobody),
	// the rule that decided and the credit still standing after refunds.
	CollaborationID   int64   `json:"collaboration_id"`
	Rule              string  `json:"rule"`
	Reason            string  `json:"reason"`
	Platform          string  `json:"platform,omitempty"`
	CreditConversions float64 `json:"credit_conversions"`
	CreditMinor       int64   `json:"credit_minor"`
}

type orderRow struct {
	ID                int64   `db:"id"`
	ExternalID        string  `db:"external_id"`
	Provider          string  `db:"provider"`
	Shop              string  `db:"shop"`
	Name              string  `db:"name"`
	At                int64   `db:"at"`
	Currency          string  `db:"currency"`
	TotalMinor        int64   `db:"total_minor"`
	RefundedMinor     int64   `db:"refunded_minor"`
	Codes             string  `db:"codes"`
	ClickID           string  `db:"click_id"`
	CustomerRef       string  `db:"customer_ref"`
	NewCustomer       bool    `db:"new_customer"`
	Paid              bool    `db:"paid"`
	Test              bool    `db:"test"`
	CollaborationID   int64   `db:"collaboration_id"`
	Rule              string  `db:"rule"`
	Reason            string  `db:"reason"`
	Platform          string  `db:"platform"`
	CreditConversions float64 `db:"credit_conversions"`
	CreditMinor       int64   `db:"credit_minor"`
}

const orderCols = `id, external_id, provider, shop, name, at, currency, total_minor, refunded_minor, codes, click_id, customer_ref,
	new_customer, paid, test, collaboration_id, rule, reason, platform, credit_conversions, credit_minor`

func (r orderRow) order() Order {
	o := Order{ID: r.ID, ExternalID: r.ExternalID, Provider: r.Provider, Shop: r.Shop, Name: r.Name, At: time.Unix(r.At, 0).UTC(),
		Currency: r.Currency, TotalMinor: r.TotalMinor, RefundedMinor: r.RefundedMinor, Codes: strings.Fields(r.Codes),
		ClickID: r.ClickID, NewCustomer: r.NewCustomer, Paid: r.Paid, Test: r.Test, CollaborationID: r.CollaborationID,
		Rule: r.Rule, Reason: r.Reason, Platform: r.Platform, CreditConversions: r.CreditConversions, CreditMinor: r.CreditMinor}
	if o.Codes == nil {
		o.Codes = []string{}
	}
	return o
}

// Order loads an order of the workspace by the shop's order id.
func (db *DB) Order(ctx context.Context, ws int64, externalID string) (*Order, error) {
	var r orderRow
	if err := db.get(ctx, db.reader(), &r, `SELECT `+orderCols+` FROM orders WHERE workspace_id = ? AND external_id = ?`, ws, externalID); err != nil {
		return nil, fmt.Errorf("order %q: %w", externalID, err)
	}
	o := r.order()
	return &o, nil
}

// EventResult says what recording one event did.
type EventResult struct {
	// Duplicate is true when the delivery had been processed before; then
	// nothing changed.
	Duplicate bool
	// OrderID is the stored order (0 for a refund kept until its order arrives).
	OrderID int64
	// Created is true when the event stored a new order.
	Created bool
	// UnknownOrder is true for a refund of an order Chorus has not received
	// yet; it is kept and applied when the order arrives (holdRefund).
	UnknownOrder bool
	// Refunds counts the refunds applied for the first time.
	Refunds int
	// Cancelled is true when a cancellation reversed what was left of the
	// order's credit (false when it had been done before, or nothing was left).
	Cancelled bool
}

// RecordEvent stores one order event and everything that follows from it:
// the delivery (so that a redelivery changes nothing), the order, the default
// model's decision, the touches of the buyer's journey, refunds and the
// credit rollups. Webhooks, the conversions API and the demo all come
// through here, inside the caller's transaction, so an answer sent after the
// commit means all of it is stored.
func (tx *Tx) RecordEvent(ctx context.Context, ws *Workspace, ev conversions.Event) (EventResult, error) {
	var res EventResult
	if ev.DeliveryID != "" {
		r, err := tx.db.exec(ctx, tx.q, `INSERT INTO webhook_deliveries (workspace_id, provider, delivery_id, received_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (workspace_id, provider, delivery_id) DO NOTHING`, ws.ID, string(ev.Provider), ev.DeliveryID, tx.db.Now().Unix())
		if err != nil {
			return res, fmt.Errorf("record delivery %s: %w", ev.DeliveryID, err)
		}
		if n, _ := r.RowsAffected(); n == 0 {
			res.Duplicate = true
			return res, nil
		}
	}
	switch {
	case ev.Order != nil:
		id, created, err := tx.recordOrder(ctx, ws, *ev.Order, ev.Kind == conversions.KindOrderPaid)
		if err != nil {
			return res, err
		}
		res.OrderID, res.Created = id, created
		for _, rf := range ev.Order.Refunds {
			rf.OrderID = ev.Order.ExternalID
			if rf.Currency == "" {
				rf.Currency = ev.Order.Currency
			}
			applied, err := tx.applyRefund(ctx, ws, id, rf)
			if err != nil {
				return res, err
			}
			if applied {
				res.Refunds++
			}
		}
		if created {
			n, err := tx.applyHeldRefunds(ctx, ws, id, ev.Order.ExternalID)
			if err != nil {
				return res, err
			}
			res.Refunds += n
		}
		if ev.Kind == conversions.KindCancelled {
			if res.Cancelled, err = tx.cancelOrder(ctx, ws, id, ev.Order.CancelledAt); err != nil {
				return res, err
			}
		}
	case ev.Refund != nil:
		var id int64
		err := tx.db.get(ctx, tx.q, &id, `SELECT id FROM orders WHERE workspace_id = ? AND external_id = ?`, ws.ID, ev.Refund.OrderID)
		if errors.Is(err, ErrNotFound) {
			res.UnknownOrder = true
			return res, tx.holdRefund(ctx, ws, *ev.Refund)
		}
		if err != nil {
			return res, fmt.Errorf("refund of order %s: %w", ev.Refund.OrderID, err)
		}
		res.OrderID = id
		applied, err := tx.applyRefund(ctx, ws, id, *ev.Refund)
		if err != nil {
			return res, err
		}
		if applied {
			res.Refunds++
		}
	default:
		return res, fmt.Errorf("event %s carries neither an order nor a refund", ev.Kind)
	}
	return res, nil
}

// customerRef is the keyed hash that recognises a buyer across orders: the
// e-mail hash when there is one (it survives a change of shop), else a hash
// of the shop's customer id.
func customerRef(salt []byte, c conversions.Customer) string {
	if c.EmailHash != "" {
		return c.EmailHash
	}
	if c.ID != "" {
		return conversions.HashEmail(salt, "customer-id:"+c.ID)
	}
	return ""
}

// recordOrder stores o unless an order with its id is stored already; then
// only the paid state may change.
func (tx *Tx) recordOrder(ctx context.Context, ws *Workspace, o conversions.Order, paid bool) (int64, bool, error) {
	var existing int64
	err := tx.db.get(ctx, tx.q, &existing, `SELECT id FROM orders WHERE workspace_id = ? AND external_id = ?`, ws.ID, o.ExternalID)
	if err == nil {
		if paid {
			if _, err := tx.db.exec(ctx, tx.q, `UPDATE orders SET paid = TRUE, updated_at = ? WHERE id = ?`, tx.db.Now().Unix(), existing); err != nil {
				return 0, false, fmt.Errorf("mark order %s paid: %w", o.ExternalID, err)
			}
		}
		return existing, false, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return 0, false, fmt.Errorf("order %s: %w", o.ExternalID, err)
	}
	salt, err := tx.EmailSalt(ctx, ws.ID)
	if err != nil {
		return 0, false, err
	}
	ref := customerRef(salt, o.Customer)
	var newCustomer bool
	switch o.Customer.Status {
	case conversions.CustomerNew:
		newCustomer = true
	case conversions.CustomerReturning:
	default:
		// The shop did not say: a buyer is new when no earlier order of the
		// workspace carries the same reference.
		if ref != "" {
			var n int
			if err := tx.db.get(ctx, tx.q, &n, `SELECT COUNT(*) FROM orders WHERE workspace_id = ? AND customer_ref = ? AND at <= ?`,
				ws.ID, ref, o.Time.Unix()); err != nil {
				return 0, false, fmt.Errorf("earlier orders of the buyer: %w", err)
			}
			newCustomer = n == 0
		}
	}
	attrs := o.Attributes
	if attrs == nil {
		attrs = map[string]string{}
	}
	attrJSON, err := json.Marshal(attrs)
	if err != nil {
		return 0, false, err
	}
	now := tx.db.Now().Unix()
	id, err := tx.db.insert(ctx, tx.q, `INSERT INTO orders (workspace_id, provider, shop, external_id, name, at, currency, total_minor,
		subtotal_minor, discount_minor, codes, landing_site, utm_source, utm_medium, utm_campaign, utm_content, click_id, attributes,
		customer_ref, new_customer, paid, test, delivery_id, created_at, updated_at, region)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ws.ID, string(o.Provider), o.Shop, o.ExternalID, o.Name, o.Time.Unix(), o.Currency, o.Total, o.Subtotal, o.Discounts,
		strings.Join(o.DiscountCodes, " "), o.LandingSite, o.UTM.Source, o.UTM.Medium, o.UTM.Campaign, o.UTM.Content, o.ClickID,
		string(attrJSON), ref, newCustomer, paid, o.Test, o.DeliveryID, now, now, o.Region)
	if err != nil {
		return 0, false, fmt.Errorf("store order %s: %w", o.ExternalID, err)
	}
	if err := tx.attribute(ctx, ws, id); err != nil {
		return 0, false, err
	}
	return id, true, nil
}

// applyRefund stores a refund once (by its id) and reverses the share of the
// credit it takes back. It reports whether the refund was new.
func (tx *Tx) applyRefund(ctx context.Context, ws *Workspace, orderID int64, rf conversions.Refund) (bool, error) {
	o, err := tx.orderRowTx(ctx, orderID)
	if err != nil {
		return false, err
	}
	if rf.Currency != "" && rf.Currency != o.Currency {
		return false, fmt.Errorf("refund %s of order %s is in %s, the order in %s", rf.ExternalID, o.ExternalID, rf.Currency, o.Currency)
	}
	if rf.Amount <= 0 {
		return false, nil // a refund of shipping only or a restock: no money back to reverse
	}
	r, err := tx.db.exec(ctx, tx.q, `INSERT INTO refunds (workspace_id, order_id, external_id, amount_minor, at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (order_id, external_id) DO NOTHING`, ws.ID, orderID, rf.ExternalID, rf.Amount, rf.Time.Unix())
	if err != nil {
		return false, fmt.Errorf("store refund %s: %w", rf.ExternalID, err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return false, nil
	}
	// A refund larger than what is left (shipping refunded on top) takes
	// back what is left, no more.
	amount := min(rf.Amount, o.TotalMinor-o.RefundedMinor)
	conv, minor := o.CreditConversions, o.CreditMinor
	if amount > 0 && o.CreditMinor > 0 {
		rev, err := attribution.Reverse(attribution.OrderCredit{Collaboration: o.CollaborationID, Conversions: o.CreditConversions,
			Amount: o.CreditMinor, Currency: o.Currency}, min(amount, o.CreditMinor), o.Currency)
		if err != nil {
			return false, fmt.Errorf("refund %s of order %s: %w", rf.ExternalID, o.ExternalID, err)
		}
		if err := tx.addCredit(ctx, ws.ID, o.CollaborationID, o.At, o.Currency, rev.Conversions, rev.Amount, o.NewCustomer); err != nil {
			return false, err
		}
		conv, minor = conv+rev.Conversions, minor+rev.Amount
	}
	_, err = tx.db.exec(ctx, tx.q, `UPDATE orders SET refunded_minor = refunded_minor + ?, credit_conversions = ?, credit_minor = ?, updated_at = ?
		WHERE id = ?`, max(amount, 0), conv, minor, tx.db.Now().Unix(), orderID)
	if err != nil {
		return false, fmt.Errorf("refund order %s: %w", o.ExternalID, err)
	}
	return true, nil
}

// dayOf is the start of the UTC day of a Unix time.
func dayOf(unix int64) int64 { return unix - ((unix%86400)+86400)%86400 }

// addCredit adds to the default model's rollup of the order's day.
func (tx *Tx) addCredit(ctx context.Context, ws, collab, at int64, currency string, conv float64, minor int64, newCustomer bool) error {
	nc := 0.0
	if newCustomer {
		nc = conv
	}
	_, err := tx.db.exec(ctx, tx.q, `INSERT INTO credit_days (workspace_id, collaboration_id, day, model, currency, conversions, revenue_minor, new_customers)
		VALUES (?, ?, ?, 'default', ?, ?, ?, ?)
		ON CONFLICT (workspace_id, collaboration_id, model, currency, day) DO UPDATE SET conversions = credit_days.conversions + excluded.conversions,
		revenue_minor = credit_days.revenue_minor + excluded.revenue_minor, new_customers = credit_days.new_customers + excluded.new_customers`,
		ws, collab, dayOf(at), currency, conv, minor, nc)
	if err != nil {
		return fmt.Errorf("credit rollup: %w", err)
	}
	return nil
}

// orderRowTx loads an order inside the transaction.
func (tx *Tx) orderRowTx(ctx context.Context, id int64) (orderRow, error) {
	var o orderRow
	if err := tx.db.get(ctx, tx.q, &o, `SELECT `+orderCols+` FROM orders WHERE id = ?`, id); err != nil {
		return o, fmt.Errorf("order %d: %w", id, err)
	}
	return o, nil
}
