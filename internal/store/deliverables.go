package store

import (
	"context"
	"fmt"
	"time"

	"github.com/chorushq/chorus/internal/engagement"
	"github.com/chorushq/chorus/internal/ops"
)

type deliverableRow struct {
	ID              int64  `db:"id"`
	WorkspaceID     int64  `db:"workspace_id"`
	CollaborationID int64  `db:"collaboration_id"`
	Kind            string `db:"kind"`
	Platform        string `db:"platform"`
	DueAt           int64  `db:"due_at"`
	Status          string `db:"status"`
	SubmittedAt     *int64 `db:"submitted_at"`
	ApprovedAt      *int64 `db:"approved_at"`
	LiveAt          *int64 `db:"live_at"`
	MissedAt        *int64 `db:"missed_at"`
	RemindedAt      *int64 `db:"reminded_at"`
	CreatedAt       int64  `db:"created_at"`
	UpdatedAt       int64  `db:"updated_at"`
}

const deliverableCols = `d.id, d.workspace_id, d.collaboration_id, d.kind, d.platform, d.due_at, d.status, d.submitted_at, d.approved_at,
	d.live_at, d.missed_at, d.reminded_at, d.created_at, d.updated_at`

func (r deliverableRow) deliverable() ops.Deliverable {
	return ops.Deliverable{ID: r.ID, CollaborationID: r.CollaborationID, Kind: r.Kind, Platform: r.Platform,
		Due: time.Unix(r.DueAt, 0).UTC(), Status: ops.DeliverableStatus(r.Status), SubmittedAt: unixPtr(r.SubmittedAt),
		ApprovedAt: unixPtr(r.ApprovedAt), LiveAt: unixPtr(r.LiveAt), MissedAt: unixPtr(r.MissedAt), RemindedAt: unixPtr(r.RemindedAt),
		CreatedAt: time.Unix(r.CreatedAt, 0).UTC(), UpdatedAt: time.Unix(r.UpdatedAt, 0).UTC()}
}

// CreateDeliverable adds a deliverable to a collaboration of ws.
func (tx *Tx) CreateDeliverable(ctx context.Context, ws int64, d *ops.Deliverable) error {
	var n int
	if err := tx.db.get(ctx, tx.q, &n, `SELECT COUNT(*) FROM collaborations WHERE id = ? AND workspace_id = ?`, d.CollaborationID, ws); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("collaboration %d: %w", d.CollaborationID, ErrNotFound)
	}
	now := tx.db.Now()
	if d.Status == "" {
		d.Status = ops.Planned
	}
	if d.Status != ops.Planned {
		d.SetStatus(d.Status, now)
	}
	id, err := tx.db.insert(ctx, tx.q, `INSERT INTO deliverables (workspace_id, collaboration_id, kind, platform, due_at, status,
		submitted_at, approved_at, live_at, missed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ws, d.CollaborationID, d.Kind, d.Platform, d.Due.Unix(), string(d.Status), timePtr(d.SubmittedAt), timePtr(d.ApprovedAt),
		timePtr(d.LiveAt), timePtr(d.MissedAt), now.Unix(), now.Unix())
	if err != nil {
		return fmt.Errorf("add deliverable to collaboration %d: %w", d.CollaborationID, err)
	}
	d.ID, d.CreatedAt, d.UpdatedAt = id, now, now
	return nil
}

// SetDeliverableStatus moves a deliverable of a collaboration of ws to a
// status, stamping the delivery times, and returns it as saved.
func (tx *Tx) SetDeliverableStatus(ctx context.Context, ws, collabID, id int64, s ops.DeliverableStatus) (*ops.Deliverable, error) {
	var r deliverableRow
	if err := tx.db.get(ctx, tx.q, &r, `SELECT `+deliverableCols+` FROM deliverables d
		WHERE d.id = ? AND d.collaboration_id = ? AND d.workspace_id = ?`, id, collabID, ws); err != nil {
		return nil, fmt.Errorf("deliverable %d: %w", id, err)
	}
	d := r.deliverable()
	now := tx.db.Now()
	d.SetStatus(s, now)
	d.UpdatedAt = now
	_, err := tx.db.exec(ctx, tx.q, `UPDATE deliverables SET status = ?, submitted_at = ?, approved_at = ?, live_at = ?, missed_at = ?,
		updated_at = ? WHERE id = ? AND workspace_id = ?`, string(d.Status), timePtr(d.SubmittedAt), timePtr(d.ApprovedAt),
		timePtr(d.LiveAt), timePtr(d.MissedAt), now.Unix(), id, ws)
	if err != nil {
		return nil, fmt.Errorf("set status of deliverable %d: %w", id, err)
	}
	return &d, nil
}

// Deliverables lists a collaboration's deliverables by due date.
func (db *DB) Deliverables(ctx context.Context, ws, collabID int64) ([]ops.Deliverable, error) {
	return db.deliverables(ctx, `WHERE d.workspace_id = ? AND d.collaboration_id = ?`, ws, collabID)
}

// CreatorDeliverables lists every deliverable of a creator's collaborations
// in ws, for the delivery record.
func (db *DB) CreatorDeliverables(ctx context.Context, ws, creatorID int64) ([]ops.Deliverable, error) {
	return db.deliverables(ctx, `JOIN collaborations k ON k.id = d.collaboration_id WHERE d.workspace_id = ? AND k.creator_id = ?`, ws, creatorID)
}

func (db *DB) deliverables(ctx context.Context, where string, args ...any) ([]ops.Deliverable, error) {
	var rows []deliverableRow
	if err := db.sel(ctx, db.reader(), &rows, `SELECT `+deliverableCols+` FROM deliverables d `+where+` ORDER BY d.due_at, d.id`, args...); err != nil {
		return nil, fmt.Errorf("list deliverables: %w", err)
	}
	out := make([]ops.Deliverable, len(rows))
	for i, r := range rows {
		out[i] = r.deliverable()
	}
	return out, nil
}

// CreatorRecord counts a creator's deliverables in ws delivered on time,
// late and missed, as of the store's clock. The counting rule is
// ops.Outcome's, applied to the creator's rows.
func (db *DB) CreatorRecord(ctx context.Context, ws, creatorID int64) (ops.Record, error) {
	ds, err := db.CreatorDeliverables(ctx, ws, creatorID)
	if err != nil {
		return ops.Record{}, err
	}
	return ops.RecordOf(ds, db.Now()), nil
}

// CreatorDeliveries gives a creator's deliverables in ws whose outcome is
// known, in the form engagement.NewReliability reads for the vetting score.
func (db *DB) CreatorDeliveries(ctx context.Context, ws, creatorID int64) ([]engagement.Delivery, error) {
	ds, err := db.CreatorDeliverables(ctx, ws, creatorID)
	if err != nil {
		return nil, err
	}
	return ops.Deliveries(ds, db.Now()), nil
}

// OverdueDeliverables lists deliverables of ws still planned past their
// due time at now and not yet reminded, with whom to remind.
func (db *DB) OverdueDeliverables(ctx context.Context, ws int64, now time.Time) ([]ops.Overdue, error) {
	var rows []struct {
		deliverableRow
		CreatorName  string `db:"creator_name"`
		CreatorEmail string `db:"creator_email"`
		Campaign     string `db:"campaign_name"`
	}
	err := db.sel(ctx, db.reader(), &rows, `SELECT `+deliverableCols+`, c.name AS creator_name, c.email AS creator_email, p.name AS campaign_name
		FROM deliverables d JOIN collaborations k ON k.id = d.collaboration_id JOIN creators c ON c.id = k.creator_id
		JOIN campaigns p ON p.id = k.campaign_id
		WHERE d.workspace_id = ? AND d.status = 'planned' AND d.due_at < ? AND d.reminded_at IS NULL ORDER BY d.due_at, d.id`, ws, now.Unix())
	if err != nil {
		return nil, fmt.Errorf("overdue deliverables: %w", err)
	}
	out := make([]ops.Overdue, len(rows))
	for i, r := range rows {
		out[i] = ops.Overdue{Deliverable: r.deliverable(), WorkspaceID: r.WorkspaceID, CreatorName: r.CreatorName,
			CreatorEmail: r.CreatorEmail, Campaign: r.Campaign}
	}
	return out, nil
}

// MarkReminded records that the reminder for a deliverable went out. It
// reports false when another run got there first, so that a reminder is
// never recorded twice.
func (tx *Tx) MarkReminded(ctx context.Context, ws, id int64, at time.Time) (bool, error) {
	res, err := tx.db.exec(ctx, tx.q, `UPDATE deliverables SET reminded_at = ? WHERE id = ? AND workspace_id = ? AND reminded_at IS NULL`,
		at.Unix(), id, ws)
	if err != nil {
		return false, fmt.Errorf("mark deliverable %d reminded: %w", id, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// WorkspaceIDs lists every workspace, for jobs that visit each in turn.
func (db *DB) WorkspaceIDs(ctx context.Context) ([]int64, error) {
	var ids []int64
	if err := db.sel(ctx, db.reader(), &ids, `SELECT id FROM workspaces ORDER BY id`); err != nil {
		return nil, fmt.Errorf("list workspaces: %w", err)
	}
	return ids, nil
}

// CreatorsWithDeliverables lists the creators of the workspace that have at
// least one deliverable, so that a vetting run over a million creators asks
// for the delivery records of those few only.
func (db *DB) CreatorsWithDeliverables(ctx context.Context, ws int64) (map[int64]bool, error) {
	var ids []int64
	err := db.sel(ctx, db.reader(), &ids, `SELECT DISTINCT k.creator_id FROM deliverables d
		JOIN collaborations k ON k.id = d.collaboration_id WHERE d.workspace_id = ?`, ws)
	if err != nil {
		return nil, fmt.Errorf("creators with deliverables: %w", err)
	}
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}
