package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
)

type collabRow struct {
	ID                 int64  `db:"id"`
	CampaignID         int64  `db:"campaign_id"`
	CreatorID          int64  `db:"creator_id"`
	VariantID          *int64 `db:"variant_id"`
	OwnerID            *int64 `db:"owner_id"`
	Status             string `db:"status"`
	FeeMinor           int64  `db:"fee_minor"`
	SeedingMinor       int64  `db:"seeding_minor"`
	AmplificationMinor int64  `db:"amplification_minor"`
	CommissionBps      int64  `db:"commission_bps"`
	CreatedAt          int64  `db:"created_at"`
	UpdatedAt          int64  `db:"updated_at"`
	CreatorName        string `db:"creator_name"`
	CampaignName       string `db:"campaign_name"`
}

func (r collabRow) collab() campaigns.Collaboration {
	return campaigns.Collaboration{ID: r.ID, CampaignID: r.CampaignID, CreatorID: r.CreatorID, VariantID: r.VariantID,
		OwnerID: r.OwnerID, Status: campaigns.Status(r.Status), FeeMinor: r.FeeMinor, SeedingMinor: r.SeedingMinor,
		AmplificationMinor: r.AmplificationMinor, CommissionBps: r.CommissionBps,
		CreatedAt: time.Unix(r.CreatedAt, 0).UTC(), UpdatedAt: time.Unix(r.UpdatedAt, 0).UTC(),
		CreatorName: r.CreatorName, CampaignName: r.CampaignName}
}

const collabSelect = `SELECT k.id, k.campaign_id, k.creator_id, k.variant_id, k.owner_id, k.status, k.fee_minor, k.seeding_minor,
	k.amplification_minor, k.commission_bps, k.created_at, k.updated_at, c.name AS creator_name, p.name AS campaign_name
	FROM collaborations k JOIN creators c ON c.id = k.creator_id JOIN campaigns p ON p.id = k.campaign_id`

// CreateCollaboration adds a creator to a campaign. Both must belong to ws.
func (tx *Tx) CreateCollaboration(ctx context.Context, ws int64, k *campaigns.Collaboration) error {
	var n int
	err := tx.db.get(ctx, tx.q, &n, `SELECT (SELECT COUNT(*) FROM campaigns WHERE id = ? AND workspace_id = ?) +
		(SELECT COUNT(*) FROM creators WHERE id = ? AND workspace_id = ?)`, k.CampaignID, ws, k.CreatorID, ws)
	if err != nil {
		return err
	}
	if n != 2 {
		return fmt.Errorf("campaign %d or creator %d: %w", k.CampaignID, k.CreatorID, ErrNotFound)
	}
	if k.VariantID != nil {
		if err := tx.db.get(ctx, tx.q, &n, `SELECT COUNT(*) FROM variants WHERE id = ? AND campaign_id = ?`, *k.VariantID, k.CampaignID); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("variant %d: %w", *k.VariantID, ErrNotFound)
		}
	}
	now := tx.db.Now()
	id, err := tx.db.insert(ctx, tx.q, `INSERT INTO collaborations (workspace_id, campaign_id, creator_id, variant_id, owner_id, status,
		fee_minor, seeding_minor, amplification_minor, commission_bps, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ws, k.CampaignID, k.CreatorID, k.VariantID, k.OwnerID, string(k.Status), k.FeeMinor, k.SeedingMinor,
		k.AmplificationMinor, k.CommissionBps, now.Unix(), now.Unix())
	if err != nil {
		return fmt.Errorf("add creator %d to campaign %d: %w", k.CreatorID, k.CampaignID, err)
	}
	k.ID, k.CreatedAt, k.UpdatedAt = id, now, now
	return nil
}

// UpdateCollaborationTerms saves a collaboration's fee terms, variant and owner.
func (tx *Tx) UpdateCollaborationTerms(ctx context.Context, ws int64, k *campaigns.Collaboration) error {
	res, err := tx.db.exec(ctx, tx.q, `UPDATE collaborations SET variant_id = ?, owner_id = ?, fee_minor = ?, seeding_minor = ?,
		amplification_minor = ?, commission_bps = ?, updated_at = ? WHERE id = ? AND workspace_id = ?`,
		k.VariantID, k.OwnerID, k.FeeMinor, k.SeedingMinor, k.AmplificationMinor, k.CommissionBps, tx.db.Now().Unix(), k.ID, ws)
	if err != nil {
		return fmt.Errorf("update collaboration %d: %w", k.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("collaboration %d: %w", k.ID, ErrNotFound)
	}
	return nil
}

// MoveCollaboration moves a collaboration to a new status and records who
// moved it. The move must be one the pipeline allows.
func (tx *Tx) MoveCollaboration(ctx context.Context, ws, id int64, to campaigns.Status, userID *int64, note string) error {
	var from string
	if err := tx.db.get(ctx, tx.q, &from, `SELECT status FROM collaborations WHERE id = ? AND workspace_id = ?`, id, ws); err != nil {
		return fmt.Errorf("collaboration %d: %w", id, err)
	}
	if !campaigns.CanMove(campaigns.Status(from), to) {
		return &MoveError{From: campaigns.Status(from), To: to}
	}
	now := tx.db.Now().Unix()
	if _, err := tx.db.exec(ctx, tx.q, `UPDATE collaborations SET status = ?, updated_at = ? WHERE id = ? AND workspace_id = ?`, string(to), now, id, ws); err != nil {
		return fmt.Errorf("move collaboration %d: %w", id, err)
	}
	_, err := tx.db.exec(ctx, tx.q, `INSERT INTO collaboration_events (workspace_id, collaboration_id, user_id, from_status, to_status, note, at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, ws, id, userID, from, string(to), note, now)
	if err != nil {
		return fmt.Errorf("record move of collaboration %d: %w", id, err)
	}
	return nil
}

// MoveError is a move the pipeline does not allow.
type MoveError struct{ From, To campaigns.Status }

func (e *MoveError) Error() string {
	moves := campaigns.Moves(e.From)
	names := make([]string, len(moves))
	for i, m := range moves {
		names[i] = string(m)
	}
	return fmt.Sprintf("cannot move from %s to %s; from %s a collaboration may move to %s", e.From, e.To, e.From, strings.Join(names, ", "))
}

// DeleteCollaboration removes a collaboration.
func (tx *Tx) DeleteCollaboration(ctx context.Context, ws, id int64) error {
	res, err := tx.db.exec(ctx, tx.q, `DELETE FROM collaborations WHERE id = ? AND workspace_id = ?`, id, ws)
	if err != nil {
		return fmt.Errorf("delete collaboration %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("collaboration %d: %w", id, ErrNotFound)
	}
	return nil
}

// Collaboration loads one collaboration of the workspace.
func (db *DB) Collaboration(ctx context.Context, ws, id int64) (*campaigns.Collaboration, error) {
	var r collabRow
	if err := db.get(ctx, db.reader(), &r, collabSelect+` WHERE k.id = ? AND k.workspace_id = ?`, id, ws); err != nil {
		return nil, fmt.Errorf("collaboration %d: %w", id, err)
	}
	k := r.collab()
	return &k, nil
}

// CollabFilter selects collaborations.
type CollabFilter struct {
	CampaignID int64
	CreatorID  int64
	Status     campaigns.Status
	OwnerID    int64
}

// Collaborations lists the workspace's collaborations matching f.
func (db *DB) Collaborations(ctx context.Context, ws int64, f CollabFilter) ([]campaigns.Collaboration, error) {
	q := collabSelect + ` WHERE k.workspace_id = ?`
	args := []any{ws}
	if f.CampaignID > 0 {
		q += ` AND k.campaign_id = ?`
		args = append(args, f.CampaignID)
	}
	if f.CreatorID > 0 {
		q += ` AND k.creator_id = ?`
		args = append(args, f.CreatorID)
	}
	if f.Status != "" {
		q += ` AND k.status = ?`
		args = append(args, string(f.Status))
	}
	if f.OwnerID > 0 {
		q += ` AND k.owner_id = ?`
		args = append(args, f.OwnerID)
	}
	var rows []collabRow
	if err := db.sel(ctx, db.reader(), &rows, q+` ORDER BY k.updated_at DESC, k.id DESC`, args...); err != nil {
		return nil, fmt.Errorf("list collaborations: %w", err)
	}
	out := make([]campaigns.Collaboration, len(rows))
	for i, r := range rows {
		out[i] = r.collab()
	}
	return out, nil
}

// CollaborationEvents lists a collaboration's moves, oldest first.
func (db *DB) CollaborationEvents(ctx context.Context, ws, id int64) ([]campaigns.Event, error) {
	var rows []struct {
		ID     int64  `db:"id"`
		UserID *int64 `db:"user_id"`
		From   string `db:"from_status"`
		To     string `db:"to_status"`
		Note   string `db:"note"`
		At     int64  `db:"at"`
	}
	if err := db.sel(ctx, db.reader(), &rows, `SELECT id, user_id, from_status, to_status, note, at FROM collaboration_events
		WHERE workspace_id = ? AND collaboration_id = ? ORDER BY id`, ws, id); err != nil {
		return nil, fmt.Errorf("history of collaboration %d: %w", id, err)
	}
	out := make([]campaigns.Event, len(rows))
	for i, r := range rows {
		out[i] = campaigns.Event{ID: r.ID, UserID: r.UserID, From: campaigns.Status(r.From), To: campaigns.Status(r.To), Note: r.Note, At: time.Unix(r.At, 0).UTC()}
	}
	return out, nil
}
