package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/tracking"
)

// DiscountCode is a code issued to one collaboration. Codes are unique in a
// workspace whatever their case.
type DiscountCode struct {
	ID              int64     `db:"id" json:"id"`
	CollaborationID int64     `db:"collaboration_id" json:"collaboration_id"`
	Code            string    `db:"code" json:"code"`
	Normalized      string    `db:"normalized" json:"-"`
	Percent         int64     `db:"percent" json:"percent"`
	ShopifyID       string    `db:"shopify_id" json:"shopify_id,omitempty"`
	CreatedAt       time.Time `db:"-" json:"created_at"`
	CreatedUnix     int64     `db:"created_at" json:"-"`
	CreatorName     string    `db:"creator_name" json:"creator_name"`
}

// CreateDiscountCode issues c.Code to c.CollaborationID, which must belong
// to ws. A code already issued in the workspace, in any case, is ErrConflict.
func (tx *Tx) CreateDiscountCode(ctx context.Context, ws int64, c *DiscountCode) error {
	c.Normalized = tracking.NormalizeCode(c.Code)
	if c.Normalized == "" {
		return fmt.Errorf("discount code: empty")
	}
	var n int
	if err := tx.db.get(ctx, tx.q, &n, `SELECT COUNT(*) FROM collaborations WHERE id = ? AND workspace_id = ?`, c.CollaborationID, ws); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("collaboration %d: %w", c.CollaborationID, ErrNotFound)
	}
	now := tx.db.Now()
	id, err := tx.db.insert(ctx, tx.q, `INSERT INTO discount_codes (workspace_id, collaboration_id, code, normalized, percent, shopify_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, ws, c.CollaborationID, c.Code, c.Normalized, c.Percent, c.ShopifyID, now.Unix())
	if err != nil {
		return fmt.Errorf("discount code %q: %w", c.Code, err)
	}
	c.ID, c.CreatedAt, c.CreatedUnix = id, now, now.Unix()
	return nil
}

// CodeTaken reports whether a code (in any case) is issued in the workspace.
func (tx *Tx) CodeTaken(ctx context.Context, ws int64, code string) (bool, error) {
	var n int
	err := tx.db.get(ctx, tx.q, &n, `SELECT COUNT(*) FROM discount_codes WHERE workspace_id = ? AND normalized = ?`, ws, tracking.NormalizeCode(code))
	return n > 0, err
}

// CollaborationHandle is the handle a code for the collaboration is made
// from: the creator's account with the most followers.
func (tx *Tx) CollaborationHandle(ctx context.Context, ws, collab int64) (string, error) {
	var hs []struct {
		Handle    string `db:"handle"`
		Followers *int64 `db:"followers"`
	}
	err := tx.db.sel(ctx, tx.q, &hs, `SELECT a.handle, a.followers FROM accounts a JOIN collaborations k ON k.creator_id = a.creator_id
		WHERE k.id = ? AND k.workspace_id = ? ORDER BY a.id`, collab, ws)
	if err != nil {
		return "", fmt.Errorf("handle of collaboration %d: %w", collab, err)
	}
	best, bestF := "", int64(-1)
	for _, h := range hs {
		f := int64(0)
		if h.Followers != nil {
			f = *h.Followers
		}
		if f > bestF {
			best, bestF = h.Handle, f
		}
	}
	if best == "" {
		// No account: the creator's name makes the code.
		if err := tx.db.get(ctx, tx.q, &best, `SELECT c.name FROM creators c JOIN collaborations k ON k.creator_id = c.id
			WHERE k.id = ? AND k.workspace_id = ?`, collab, ws); err != nil {
			return "", fmt.Errorf("collaboration %d: %w", collab, err)
		}
	}
	return best, nil
}

// SetCodeShopifyID records the id Shopify gave the code.
func (tx *Tx) SetCodeShopifyID(ctx context.Context, ws, id int64, shopifyID string) error {
	_, err := tx.db.exec(ctx, tx.q, `UPDATE discount_codes SET shopify_id = ? WHERE id = ? AND workspace_id = ?`, shopifyID, id, ws)
	return err
}

// DiscountCodes lists the workspace's codes, of one campaign when campaign > 0
// and of one collaboration when collab > 0.
func (db *DB) DiscountCodes(ctx context.Context, ws, campaign, collab int64) ([]DiscountCode, error) {
	q := `SELECT d.id, d.collaboration_id, d.code, d.normalized, d.percent, d.shopify_id, d.created_at, c.name AS creator_name
		FROM discount_codes d JOIN collaborations k ON k.id = d.collaboration_id JOIN creators c ON c.id = k.creator_id
		WHERE d.workspace_id = ?`
	args := []any{ws}
	if campaign > 0 {
		q += ` AND k.campaign_id = ?`
		args = append(args, campaign)
	}
	if collab > 0 {
		q += ` AND d.collaboration_id = ?`
		args = append(args, collab)
	}
	var out []DiscountCode
	if err := db.sel(ctx, db.reader(), &out, q+` ORDER BY d.id`, args...); err != nil {
		return nil, fmt.Errorf("list discount codes: %w", err)
	}
	for i := range out {
		out[i].CreatedAt = time.Unix(out[i].CreatedUnix, 0).UTC()
	}
	return out, nil
}

// codeCollaborations maps normalised codes to the collaborations they were
// issued to; codes of no collaboration are absent.
func (tx *Tx) codeCollaborations(ctx context.Context, ws int64, codes []string) (map[string]int64, error) {
	out := map[string]int64{}
	if len(codes) == 0 {
		return out, nil
	}
	var rows []struct {
		Normalized string `db:"normalized"`
		Collab     int64  `db:"collaboration_id"`
	}
	q := `SELECT normalized, collaboration_id FROM discount_codes WHERE workspace_id = ? AND normalized IN (?` + strings.Repeat(", ?", len(codes)-1) + `)`
	args := []any{ws}
	for _, c := range codes {
		args = append(args, tracking.NormalizeCode(c))
	}
	if err := tx.db.sel(ctx, tx.q, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("look up discount codes: %w", err)
	}
	for _, r := range rows {
		out[r.Normalized] = r.Collab
	}
	return out, nil
}
