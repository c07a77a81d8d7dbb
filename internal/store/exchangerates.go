package store

import (
	"context"
	"fmt"
	"time"
)

// ExchangeRate is what the budget planner converts USD benchmarks with.
type ExchangeRate struct {
	Currency string
	// PerUSDPPM is units of Currency per US dollar, in millionths
	// (0.92 EUR per USD is 920,000).
	PerUSDPPM int64
	UpdatedAt time.Time
}

// PerUSD is the rate as a number.
func (r ExchangeRate) PerUSD() float64 { return float64(r.PerUSDPPM) / 1e6 }

// ExchangeRate loads the workspace's rate, or ErrNotFound.
func (db *DB) ExchangeRate(ctx context.Context, ws int64) (ExchangeRate, error) {
	var row struct {
		Currency  string `db:"currency"`
		PPM       int64  `db:"per_usd_ppm"`
		UpdatedAt int64  `db:"updated_at"`
	}
	if err := db.get(ctx, db.reader(), &row, `SELECT currency, per_usd_ppm, updated_at FROM workspace_exchange_rates WHERE workspace_id = ?`, ws); err != nil {
		return ExchangeRate{}, fmt.Errorf("exchange rate of workspace %d: %w", ws, err)
	}
	return ExchangeRate{Currency: row.Currency, PerUSDPPM: row.PPM, UpdatedAt: time.Unix(row.UpdatedAt, 0).UTC()}, nil
}

// SetExchangeRate stores the workspace's rate for currency; ppm 0 removes it.
func (tx *Tx) SetExchangeRate(ctx context.Context, ws int64, currency string, ppm int64) error {
	if ppm <= 0 {
		if _, err := tx.db.exec(ctx, tx.q, `DELETE FROM workspace_exchange_rates WHERE workspace_id = ?`, ws); err != nil {
			return fmt.Errorf("remove exchange rate of workspace %d: %w", ws, err)
		}
		return nil
	}
	_, err := tx.db.exec(ctx, tx.q, `INSERT INTO workspace_exchange_rates (workspace_id, currency, per_usd_ppm, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (workspace_id) DO UPDATE SET currency = excluded.currency, per_usd_ppm = excluded.per_usd_ppm, updated_at = excluded.updated_at`,
		ws, currency, ppm, tx.db.Now().Unix())
	if err != nil {
		return fmt.Errorf("set exchange rate of workspace %d: %w", ws, err)
	}
	return nil
}
