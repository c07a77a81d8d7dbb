package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
)

type campaignRow struct {
	ID          int64  `db:"id"`
	WorkspaceID int64  `db:"workspace_id"`
	Slug        string `db:"slug"`
	Name        string `db:"name"`
	Goal        string `db:"goal"`
	Status      string `db:"status"`
	BudgetMinor int64  `db:"budget_minor"`
	Currency    string `db:"currency"`
	StartsAt    *int64 `db:"starts_at"`
	EndsAt      *int64 `db:"ends_at"`
	Brief       string `db:"brief"`
	CreatedAt   int64  `db:"created_at"`
	UpdatedAt   int64  `db:"updated_at"`
}

const campaignCols = `id, workspace_id, slug, name, goal, status, budget_minor, currency, starts_at, ends_at, brief, created_at, updated_at`

func (r campaignRow) campaign() (campaigns.Campaign, error) {
	c := campaigns.Campaign{ID: r.ID, Slug: r.Slug, Name: r.Name, Goal: r.Goal, Status: r.Status, BudgetMinor: r.BudgetMinor,
		Currency: r.Currency, StartsAt: unixPtr(r.StartsAt), EndsAt: unixPtr(r.EndsAt),
		CreatedAt: time.Unix(r.CreatedAt, 0).UTC(), UpdatedAt: time.Unix(r.UpdatedAt, 0).UTC()}
	if err := json.Unmarshal([]byte(r.Brief), &c.Brief); err != nil {
		return c, fmt.Errorf("campaign %d: brief: %w", r.ID, err)
	}
	return c, nil
}

func unixPtr(p *int64) *time.Time {
	if p == nil {
		return nil
	}
	t := time.Unix(*p, 0).UTC()
	return &t
}

func timePtr(t *time.Time) *int64 {
	if t == nil {
		return nil
	}
	u := t.Unix()
	return &u
}

// CreateCampaign adds a campaign with its variants.
func (tx *Tx) CreateCampaign(ctx context.Context, ws int64, c *campaigns.Campaign) error {
	brief, err := json.Marshal(c.Brief)
	if err != nil {
		return err
	}
	now := tx.db.Now()
	id, err := tx.db.insert(ctx, tx.q, `INSERT INTO campaigns (workspace_id, slug, name, goal, status, budget_minor, currency, starts_at, ends_at, brief, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ws, c.Slug, c.Name, c.Goal, c.Status, c.BudgetMinor, c.Currency,
		timePtr(c.StartsAt), timePtr(c.EndsAt), string(brief), now.Unix(), now.Unix())
	if err != nil {
		return fmt.Errorf("create campaign %q: %w", c.Slug, err)
	}
	c.ID, c.CreatedAt, c.UpdatedAt = id, now, now
	for i := range c.Variants {
		c.Variants[i].CampaignID = id
		if err := tx.CreateVariant(ctx, ws, &c.Variants[i]); err != nil {
			return err
		}
	}
	return nil
}

// UpdateCampaign saves a campaign's fields and brief (not its variants).
func (tx *Tx) UpdateCampaign(ctx context.Context, ws int64, c *campaigns.Campaign) error {
	brief, err := json.Marshal(c.Brief)
	if err != nil {
		return err
	}
	res, err := tx.db.exec(ctx, tx.q, `UPDATE campaigns SET slug = ?, name = ?, goal = ?, status = ?, budget_minor = ?, currency = ?,
		starts_at = ?, ends_at = ?, brief = ?, updated_at = ? WHERE id = ? AND workspace_id = ?`,
		c.Slug, c.Name, c.Goal, c.Status, c.BudgetMinor, c.Currency, timePtr(c.StartsAt), timePtr(c.EndsAt), string(brief),
		tx.db.Now().Unix(), c.ID, ws)
	if err != nil {
		return fmt.Errorf("update campaign %d: %w", c.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("campaign %d: %w", c.ID, ErrNotFound)
	}
	return nil
}

// DeleteCampaign removes a campaign with its collaborations.
func (tx *Tx) DeleteCampaign(ctx context.Context, ws, id int64) error {
	res, err := tx.db.exec(ctx, tx.q, `DELETE FROM campaigns WHERE id = ? AND workspace_id = ?`, id, ws)
	if err != nil {
		return fmt.Errorf("delete campaign %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("campaign %d: %w", id, ErrNotFound)
	}
	return nil
}

// Campaign loads a campaign of the workspace with its variants.
func (db *DB) Campaign(ctx context.Context, ws, id int64) (*campaigns.Campaign, error) {
	var r campaignRow
	if err := db.get(ctx, db.reader(), &r, `SELECT `+campaignCols+` FROM campaigns WHERE id = ? AND workspace_id = ?`, id, ws); err != nil {
		return nil, fmt.Errorf("campaign %d: %w", id, err)
	}
	c, err := r.campaign()
	if err != nil {
		return nil, err
	}
	if c.Variants, err = db.Variants(ctx, ws, id); err != nil {
		return nil, err
	}
	return &c, nil
}

// Campaigns lists a workspace's campaigns, newest first.
func (db *DB) Campaigns(ctx context.Context, ws int64) ([]campaigns.Campaign, error) {
	var rows []campaignRow
	if err := db.sel(ctx, db.reader(), &rows, `SELECT `+campaignCols+` FROM campaigns WHERE workspace_id = ? ORDER BY created_at DESC, id DESC`, ws); err != nil {
		return nil, fmt.Errorf("list campaigns: %w", err)
	}
	out := make([]campaigns.Campaign, 0, len(rows))
	for _, r := range rows {
		c, err := r.campaign()
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

type variantRow struct {
	ID          int64  `db:"id"`
	CampaignID  int64  `db:"campaign_id"`
	Name        string `db:"name"`
	Kind        string `db:"kind"`
	Description string `db:"description"`
}

// CreateVariant adds a variant to a campaign of the workspace.
func (tx *Tx) CreateVariant(ctx context.Context, ws int64, v *campaigns.Variant) error {
	var n int
	if err := tx.db.get(ctx, tx.q, &n, `SELECT COUNT(*) FROM campaigns WHERE id = ? AND workspace_id = ?`, v.CampaignID, ws); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("campaign %d: %w", v.CampaignID, ErrNotFound)
	}
	id, err := tx.db.insert(ctx, tx.q, `INSERT INTO variants (workspace_id, campaign_id, name, kind, description, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		ws, v.CampaignID, v.Name, v.Kind, v.Description, tx.db.Now().Unix())
	if err != nil {
		return fmt.Errorf("add variant %q: %w", v.Name, err)
	}
	v.ID = id
	return nil
}

// Variants lists a campaign's variants.
func (db *DB) Variants(ctx context.Context, ws, campaignID int64) ([]campaigns.Variant, error) {
	var rows []variantRow
	if err := db.sel(ctx, db.reader(), &rows, `SELECT id, campaign_id, name, kind, description FROM variants WHERE workspace_id = ? AND campaign_id = ? ORDER BY id`, ws, campaignID); err != nil {
		return nil, fmt.Errorf("variants of campaign %d: %w", campaignID, err)
	}
	out := make([]campaigns.Variant, len(rows))
	for i, r := range rows {
		out[i] = campaigns.Variant(r)
	}
	return out, nil
}
