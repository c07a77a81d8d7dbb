package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/payout"
)

// PayoutTerms are a collaboration's terms: the fee, seeding cost and
// commission rate of the collaboration itself, the per-deliverable rate and
// bonuses of payout_terms, in the campaign's currency.
func (db *DB) PayoutTerms(ctx context.Context, ws, collabID int64) (payout.Terms, error) {
	var r struct {
		Currency       string  `db:"currency"`
		Fee            int64   `db:"fee_minor"`
		Seeding        int64   `db:"seeding_minor"`
		Bps            int64   `db:"commission_bps"`
		PerDeliverable *int64  `db:"per_deliverable_minor"`
		Bonuses        *string `db:"bonuses"`
	}
	err := db.get(ctx, db.reader(), &r, `SELECT p.currency, k.fee_minor, k.seeding_minor, k.commission_bps, t.per_deliverable_minor, t.bonuses
		FROM collaborations k JOIN campaigns p ON p.id = k.campaign_id LEFT JOIN payout_terms t ON t.collaboration_id = k.id
		WHERE k.id = ? AND k.workspace_id = ?`, collabID, ws)
	if err != nil {
		return payout.Terms{}, fmt.Errorf("collaboration %d: %w", collabID, err)
	}
	t := payout.Terms{Currency: r.Currency, FlatMinor: r.Fee, SeedingMinor: r.Seeding, CommissionBps: r.Bps}
	if r.PerDeliverable != nil {
		t.PerDeliverableMinor = *r.PerDeliverable
	}
	if r.Bonuses != nil {
		if err := json.Unmarshal([]byte(*r.Bonuses), &t.Bonuses); err != nil {
			return t, fmt.Errorf("collaboration %d: bonuses: %w", collabID, err)
		}
	}
	return t, nil
}

// SetPayoutTerms saves the per-deliverable rate and bonuses of a
// collaboration (its fee and commission are saved with its terms).
func (tx *Tx) SetPayoutTerms(ctx context.Context, ws, collabID, perDeliverable int64, bonuses []payout.Bonus) error {
	var n int
	if err := tx.db.get(ctx, tx.q, &n, `SELECT COUNT(*) FROM collaborations WHERE id = ? AND workspace_id = ?`, collabID, ws); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("collaboration %d: %w", collabID, ErrNotFound)
	}
	if bonuses == nil {
		bonuses = []payout.Bonus{}
	}
	b, err := json.Marshal(bonuses)
	if err != nil {
		return err
	}
	_, err = tx.db.exec(ctx, tx.q, `INSERT INTO payout_terms (collaboration_id, workspace_id, per_deliverable_minor, bonuses, updated_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (collaboration_id) DO UPDATE SET per_deliverable_minor = excluded.per_deliverable_minor,
		bonuses = excluded.bonuses, updated_at = excluded.updated_at`, collabID, ws, perDeliverable, string(b), tx.db.Now().Unix())
	if err != nil {
		return fmt.Errorf("payout terms of collaboration %d: %w", collabID, err)
	}
	return nil
}

// PayoutPerformance counts what the terms apply to that Chorus itself
// knows: approved drafts and rights fees. Attributed revenue comes from
// attribution and is the caller's to add.
func (db *DB) PayoutPerformance(ctx context.Context, ws, collabID int64) (payout.Performance, error) {
	var p payout.Performance
	err := db.get(ctx, db.reader(), &p.Deliverables, `SELECT COUNT(*) FROM drafts WHERE workspace_id = ? AND collaboration_id = ? AND status = ?`,
		ws, collabID, DraftApproved)
	if err == nil {
		err = db.get(ctx, db.reader(), &p.RightsFeeMinor, `SELECT COALESCE(SUM(fee_minor), 0) FROM usage_rights WHERE workspace_id = ? AND collaboration_id = ?`,
			ws, collabID)
	}
	if err != nil {
		return p, fmt.Errorf("performance of collaboration %d: %w", collabID, err)
	}
	return p, nil
}

// LedgerEntry is one line of the payout ledger.
type LedgerEntry struct {
	ID              int64     `db:"id" json:"id"`
	CollaborationID int64     `db:"collaboration_id" json:"collaboration_id"`
	RunID           *int64    `db:"run_id" json:"run_id,omitempty"`
	RunKey          *string   `db:"run_key" json:"run_key,omitempty"`
	Kind            string    `db:"kind" json:"kind"`
	AmountMinor     int64     `db:"amount_minor" json:"amount_minor"`
	Currency        string    `db:"currency" json:"currency"`
	Note            string    `db:"note" json:"note"`
	AtUnix          int64     `db:"at" json:"-"`
	At              time.Time `db:"-" json:"at"`
	CreatorName     string    `db:"creator_name" json:"creator_name"`
	CampaignName    string    `db:"campaign_name" json:"campaign_name"`
}

// Ledger lists ledger entries, oldest first: of one collaboration, or of
// the workspace when collabID is 0.
func (db *DB) Ledger(ctx context.Context, ws, collabID int64) ([]LedgerEntry, error) {
	q := `SELECT e.id, e.collaboration_id, e.run_id, r.run_key, e.kind, e.amount_minor, e.currency, e.note, e.at,
		c.name AS creator_name, p.name AS campaign_name
		FROM payout_entries e JOIN collaborations k ON k.id = e.collaboration_id JOIN creators c ON c.id = k.creator_id
		JOIN campaigns p ON p.id = k.campaign_id LEFT JOIN payout_runs r ON r.id = e.run_id WHERE e.workspace_id = ?`
	args := []any{ws}
	if collabID != 0 {
		q += ` AND e.collaboration_id = ?`
		args = append(args, collabID)
	}
	var out []LedgerEntry
	if err := db.sel(ctx, db.reader(), &out, q+` ORDER BY e.id`, args...); err != nil {
		return nil, fmt.Errorf("payout ledger: %w", err)
	}
	for i := range out {
		out[i].At = time.Unix(out[i].AtUnix, 0).UTC()
	}
	return out, nil
}

// PayoutRun is one run of payouts.
type PayoutRun struct {
	ID        int64     `json:"id"`
	Key       string    `json:"key"`
	CreatedAt time.Time `json:"created_at"`
	// Paid counts the collaborations paid and Entries the ledger lines added.
	Paid    int `json:"paid"`
	Entries int `json:"entries"`
}

// Payable is one collaboration's input to a payout run.
type Payable struct {
	CollaborationID int64
	Terms           payout.Terms
	Performance     payout.Performance
}

// PayableCollaborations lists the collaborations a run pays: those live or
// already paid (whose commission may have grown), with their terms and what
// Chorus knows of their performance.
func (db *DB) PayableCollaborations(ctx context.Context, ws int64) ([]Payable, error) {
	var ids []int64
	if err := db.sel(ctx, db.reader(), &ids, `SELECT id FROM collaborations WHERE workspace_id = ? AND status IN (?, ?) ORDER BY id`,
		ws, string(campaigns.Live), string(campaigns.Paid)); err != nil {
		return nil, fmt.Errorf("payable collaborations: %w", err)
	}
	out := make([]Payable, 0, len(ids))
	for _, id := range ids {
		t, err := db.PayoutTerms(ctx, ws, id)
		if err != nil {
			return nil, err
		}
		p, err := db.PayoutPerformance(ctx, ws, id)
		if err != nil {
			return nil, err
		}
		out = append(out, Payable{CollaborationID: id, Terms: t, Performance: p})
	}
	return out, nil
}

// RunPayouts settles every payable collaboration under one key: accruals
// bring the ledger up to what is earned, then each positive balance is paid
// and a live collaboration moves to paid. Running a key that has run before
// changes nothing and returns the earlier run with existed set.
func (tx *Tx) RunPayouts(ctx context.Context, ws int64, key string, userID *int64, payables []Payable) (run *PayoutRun, existed bool, err error) {
	run = &PayoutRun{Key: key}
	var prev struct {
		ID        int64 `db:"id"`
		CreatedAt int64 `db:"created_at"`
	}
	err = tx.db.get(ctx, tx.q, &prev, `SELECT id, created_at FROM payout_runs WHERE workspace_id = ? AND run_key = ?`, ws, key)
	switch {
	case err == nil:
		run.ID, run.CreatedAt = prev.ID, time.Unix(prev.CreatedAt, 0).UTC()
		err = tx.db.get(ctx, tx.q, run, `SELECT COUNT(*) AS entries, COUNT(DISTINCT CASE WHEN kind = ? THEN collaboration_id END) AS paid
			FROM payout_entries WHERE run_id = ?`, payout.KindPayment, run.ID)
		return run, true, err
	case !errors.Is(err, ErrNotFound):
		return nil, false, fmt.Errorf("payout run %q: %w", key, err)
	}
	now := tx.db.Now()
	if run.ID, err = tx.db.insert(ctx, tx.q, `INSERT INTO payout_runs (workspace_id, run_key, user_id, created_at) VALUES (?, ?, ?, ?)`,
		ws, key, userID, now.Unix()); err != nil {
		return nil, false, fmt.Errorf("payout run %q: %w", key, err)
	}
	run.CreatedAt = now
	for _, p := range payables {
		var rows []struct {
			Kind   string `db:"kind"`
			Amount int64  `db:"amount_minor"`
		}
		if err := tx.db.sel(ctx, tx.q, &rows, `SELECT kind, amount_minor FROM payout_entries WHERE workspace_id = ? AND collaboration_id = ? ORDER BY id`,
			ws, p.CollaborationID); err != nil {
			return nil, false, fmt.Errorf("ledger of collaboration %d: %w", p.CollaborationID, err)
		}
		ledger := make([]payout.Entry, len(rows))
		for i, r := range rows {
			ledger[i] = payout.Entry{Kind: r.Kind, AmountMinor: r.Amount}
		}
		earned, err := payout.Earned(p.Terms, p.Performance)
		if err != nil {
			return nil, false, fmt.Errorf("collaboration %d: %w", p.CollaborationID, err)
		}
		notes := map[string]string{}
		for _, l := range earned {
			notes[l.Kind] = l.Note
		}
		add := payout.Settle(earned, ledger)
		for _, e := range add {
			if _, err := tx.db.exec(ctx, tx.q, `INSERT INTO payout_entries (workspace_id, collaboration_id, run_id, kind, amount_minor, currency, note, at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, ws, p.CollaborationID, run.ID, e.Kind, e.AmountMinor, p.Terms.Currency, notes[e.Kind], now.Unix()); err != nil {
				return nil, false, fmt.Errorf("ledger of collaboration %d: %w", p.CollaborationID, err)
			}
			run.Entries++
			if e.Kind != payout.KindPayment {
				continue
			}
			run.Paid++
			var status string
			if err := tx.db.get(ctx, tx.q, &status, `SELECT status FROM collaborations WHERE id = ? AND workspace_id = ?`, p.CollaborationID, ws); err != nil {
				return nil, false, err
			}
			if campaigns.Status(status) == campaigns.Live {
				if err := tx.MoveCollaboration(ctx, ws, p.CollaborationID, campaigns.Paid, userID, "payout run "+key); err != nil {
					return nil, false, err
				}
			}
		}
	}
	return run, false, nil
}

// CollaborationCredit is a collaboration's attributed conversions and
// revenue in currency under the default model, from the daily credit
// rollup; zero when attribution is not in the schema.
func (db *DB) CollaborationCredit(ctx context.Context, ws, collabID int64, currency string) (conversions float64, revenueMinor int64, err error) {
	ok, err := db.hasTable(ctx, "credit_days")
	if err != nil || !ok {
		return 0, 0, err
	}
	var r struct {
		Conversions float64 `db:"conversions"`
		Revenue     int64   `db:"revenue"`
	}
	if err := db.get(ctx, db.reader(), &r, `SELECT COALESCE(SUM(conversions), 0) AS conversions, CAST(COALESCE(SUM(revenue_minor), 0) AS BIGINT) AS revenue
		FROM credit_days WHERE workspace_id = ? AND collaboration_id = ? AND model = 'default' AND currency = ?`, ws, collabID, currency); err != nil {
		return 0, 0, fmt.Errorf("credit of collaboration %d: %w", collabID, err)
	}
	return r.Conversions, r.Revenue, nil
}

// AttributedRevenue is the revenue commissions are computed on: the default
// model's credit in the campaign's currency. It makes *DB a revenue source
// for payouts.
func (db *DB) AttributedRevenue(ctx context.Context, ws, collabID int64, currency string) (int64, error) {
	_, rev, err := db.CollaborationCredit(ctx, ws, collabID, currency)
	return rev, err
}
