package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/campaigns"
)

// BriefShare is a secret link to a campaign's brief. The token itself is
// only known when the link is made.
type BriefShare struct {
	ID         int64      `db:"id" json:"id"`
	CampaignID int64      `db:"campaign_id" json:"campaign_id"`
	Prefix     string     `db:"prefix" json:"prefix"`
	CreatedBy  *int64     `db:"created_by" json:"created_by,omitempty"`
	CreatedAt  time.Time  `db:"-" json:"created_at"`
	RevokedAt  *time.Time `db:"-" json:"revoked_at,omitempty"`
}

// briefSharePrefix marks share tokens so that a leaked one is recognisable.
const briefSharePrefix = "chb_"

// CreateBriefShare makes a share link for a campaign of ws and returns its
// token, which is not stored and cannot be shown again.
func (tx *Tx) CreateBriefShare(ctx context.Context, ws, campaignID int64, userID *int64) (*BriefShare, string, error) {
	var n int
	if err := tx.db.get(ctx, tx.q, &n, `SELECT COUNT(*) FROM campaigns WHERE id = ? AND workspace_id = ?`, campaignID, ws); err != nil {
		return nil, "", err
	}
	if n == 0 {
		return nil, "", fmt.Errorf("campaign %d: %w", campaignID, ErrNotFound)
	}
	tok := auth.NewToken(briefSharePrefix)
	now := tx.db.Now()
	sh := &BriefShare{CampaignID: campaignID, Prefix: tok[:len(briefSharePrefix)+6], CreatedBy: userID, CreatedAt: now}
	id, err := tx.db.insert(ctx, tx.q, `INSERT INTO brief_shares (workspace_id, campaign_id, token_hash, prefix, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, ws, campaignID, auth.HashToken(tok), sh.Prefix, userID, now.Unix())
	if err != nil {
		return nil, "", fmt.Errorf("share brief of campaign %d: %w", campaignID, err)
	}
	sh.ID = id
	return sh, tok, nil
}

// RevokeBriefShare ends a share link of a campaign of ws. Revoking twice
// is not an error.
func (tx *Tx) RevokeBriefShare(ctx context.Context, ws, campaignID, id int64) error {
	res, err := tx.db.exec(ctx, tx.q, `UPDATE brief_shares SET revoked_at = COALESCE(revoked_at, ?)
		WHERE id = ? AND campaign_id = ? AND workspace_id = ?`, tx.db.Now().Unix(), id, campaignID, ws)
	if err != nil {
		return fmt.Errorf("revoke brief share %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("brief share %d: %w", id, ErrNotFound)
	}
	return nil
}

type briefShareRow struct {
	ID         int64  `db:"id"`
	CampaignID int64  `db:"campaign_id"`
	Prefix     string `db:"prefix"`
	CreatedBy  *int64 `db:"created_by"`
	CreatedAt  int64  `db:"created_at"`
	RevokedAt  *int64 `db:"revoked_at"`
}

// BriefShares lists a campaign's share links, newest first.
func (db *DB) BriefShares(ctx context.Context, ws, campaignID int64) ([]BriefShare, error) {
	var rows []briefShareRow
	if err := db.sel(ctx, db.reader(), &rows, `SELECT id, campaign_id, prefix, created_by, created_at, revoked_at FROM brief_shares
		WHERE workspace_id = ? AND campaign_id = ? ORDER BY id DESC`, ws, campaignID); err != nil {
		return nil, fmt.Errorf("brief shares of campaign %d: %w", campaignID, err)
	}
	out := make([]BriefShare, len(rows))
	for i, r := range rows {
		out[i] = BriefShare{ID: r.ID, CampaignID: r.CampaignID, Prefix: r.Prefix, CreatedBy: r.CreatedBy,
			CreatedAt: time.Unix(r.CreatedAt, 0).UTC(), RevokedAt: unixPtr(r.RevokedAt)}
	}
	return out, nil
}

// SharedBrief finds the campaign a live share token opens. It is the one
// lookup not scoped by a caller's workspace: the token is the credential.
// Unknown and revoked tokens are both ErrNotFound.
func (db *DB) SharedBrief(ctx context.Context, token string) (*campaigns.Campaign, error) {
	var ref struct {
		WS int64 `db:"workspace_id"`
		ID int64 `db:"campaign_id"`
	}
	if err := db.get(ctx, db.reader(), &ref, `SELECT workspace_id, campaign_id FROM brief_shares
		WHERE token_hash = ? AND revoked_at IS NULL`, auth.HashToken(token)); err != nil {
		return nil, fmt.Errorf("brief share: %w", err)
	}
	return db.Campaign(ctx, ref.WS, ref.ID)
}

// UpdateBrief saves a campaign's brief alone, leaving its other fields.
func (tx *Tx) UpdateBrief(ctx context.Context, ws, campaignID int64, b campaigns.Brief) error {
	brief, err := json.Marshal(b)
	if err != nil {
		return err
	}
	res, err := tx.db.exec(ctx, tx.q, `UPDATE campaigns SET brief = ?, updated_at = ? WHERE id = ? AND workspace_id = ?`,
		string(brief), tx.db.Now().Unix(), campaignID, ws)
	if err != nil {
		return fmt.Errorf("update brief of campaign %d: %w", campaignID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("campaign %d: %w", campaignID, ErrNotFound)
	}
	return nil
}
