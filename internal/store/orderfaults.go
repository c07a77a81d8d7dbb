package store

import (
	"context"
	"fmt"
	"time"

	"github.com/chorushq/chorus/internal/conversions"
)

// cancellationID is the refund id under which a cancellation takes back
// what is left of an order: shops number their refunds, so it cannot clash,
// and the refunds key makes a second cancellation change nothing.
const cancellationID = "cancellation"

// holdRefund keeps a refund whose order has not arrived: shops do not
// deliver webhooks in order, and a refund dropped here would leave its
// credit standing for ever. A refund that moves no money is not kept.
func (tx *Tx) holdRefund(ctx context.Context, ws *Workspace, rf conversions.Refund) error {
	if rf.Amount <= 0 {
		return nil
	}
	_, err := tx.db.exec(ctx, tx.q, `INSERT INTO pending_refunds (workspace_id, order_external_id, external_id, provider, amount_minor,
		currency, at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (workspace_id, order_external_id, external_id) DO NOTHING`,
		ws.ID, rf.OrderID, rf.ExternalID, string(rf.Provider), rf.Amount, rf.Currency, rf.Time.Unix(), tx.db.Now().Unix())
	if err != nil {
		return fmt.Errorf("keep refund %s of order %s until the order arrives: %w", rf.ExternalID, rf.OrderID, err)
	}
	return nil
}

type heldRefund struct {
	ExternalID string `db:"external_id"`
	Provider   string `db:"provider"`
	Amount     int64  `db:"amount_minor"`
	Currency   string `db:"currency"`
	At         int64  `db:"at"`
}

// applyHeldRefunds applies the refunds kept for an order that has just been
// stored, and forgets them. A held refund in another currency than the order
// is left where it is rather than failing the order's delivery: the shop
// would retry it for days, and the order would never be stored.
func (tx *Tx) applyHeldRefunds(ctx context.Context, ws *Workspace, orderID int64, externalID string) (int, error) {
	var held []heldRefund
	if err := tx.db.sel(ctx, tx.q, &held, `SELECT external_id, provider, amount_minor, currency, at FROM pending_refunds
		WHERE workspace_id = ? AND order_external_id = ? ORDER BY at, external_id`, ws.ID, externalID); err != nil {
		return 0, fmt.Errorf("refunds kept for order %s: %w", externalID, err)
	}
	if len(held) == 0 {
		return 0, nil
	}
	o, err := tx.orderRowTx(ctx, orderID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, h := range held {
		if h.Currency != "" && h.Currency != o.Currency {
			continue
		}
		applied, err := tx.applyRefund(ctx, ws, orderID, conversions.Refund{Provider: conversions.Provider(h.Provider), ExternalID: h.ExternalID,
			OrderID: externalID, Time: time.Unix(h.At, 0).UTC(), Amount: h.Amount, Currency: o.Currency})
		if err != nil {
			return n, err
		}
		if applied {
			n++
		}
		if _, err := tx.db.exec(ctx, tx.q, `DELETE FROM pending_refunds WHERE workspace_id = ? AND order_external_id = ? AND external_id = ?`,
			ws.ID, externalID, h.ExternalID); err != nil {
			return n, fmt.Errorf("forget refund %s of order %s: %w", h.ExternalID, externalID, err)
		}
	}
	return n, nil
}

// cancelOrder takes back what is left of a cancelled order, as a refund of
// the rest under cancellationID. Refunds already applied stay, and a refund
// that comes after takes back only what is left, which is nothing: the money
// is never counted twice, whichever comes first. It reports whether this
// call reversed anything.
func (tx *Tx) cancelOrder(ctx context.Context, ws *Workspace, orderID int64, at time.Time) (bool, error) {
	o, err := tx.orderRowTx(ctx, orderID)
	if err != nil {
		return false, err
	}
	rest := o.TotalMinor - o.RefundedMinor
	if rest <= 0 {
		return false, nil
	}
	if at.IsZero() {
		at = tx.db.Now()
	}
	return tx.applyRefund(ctx, ws, orderID, conversions.Refund{ExternalID: cancellationID, OrderID: o.ExternalID, Time: at,
		Amount: rest, Currency: o.Currency})
}

// HeldRefunds counts the refunds of the workspace still waiting for their
// order: the operator's view of what the shop has not sent yet.
func (db *DB) HeldRefunds(ctx context.Context, ws int64) (int64, error) {
	var n int64
	if err := db.get(ctx, db.reader(), &n, `SELECT COUNT(*) FROM pending_refunds WHERE workspace_id = ?`, ws); err != nil {
		return 0, fmt.Errorf("count held refunds: %w", err)
	}
	return n, nil
}
