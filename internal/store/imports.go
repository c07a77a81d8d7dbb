package store

import (
	"context"
	"encoding/json"
	"fmt"
)

// ImportJob is a creator import started from the web page.
type ImportJob struct {
	ID          int64         `db:"id" json:"id"`
	WorkspaceID int64         `db:"workspace_id" json:"-"`
	UserID      *int64        `db:"user_id" json:"user_id,omitempty"`
	FileName    string        `db:"file_name" json:"file_name"`
	BytesTotal  int64         `db:"bytes_total" json:"bytes_total"`
	Status      string        `db:"status" json:"status"`
	ResultJSON  string        `db:"result" json:"-"`
	CreatedAt   int64         `db:"created_at" json:"created_at"`
	FinishedAt  *int64        `db:"finished_at" json:"finished_at,omitempty"`
	Outcome     ImportOutcome `db:"-" json:"outcome"`
}

// ImportOutcome is what a finished import did or why it stored nothing.
type ImportOutcome struct {
	Result  *ImportResult `json:"result,omitempty"`
	Errors  []string      `json:"errors,omitempty"`
	BadRows int           `json:"bad_rows,omitempty"`
	Message string        `json:"message,omitempty"`
}

// CreateImportJob records an import that is starting.
func (tx *Tx) CreateImportJob(ctx context.Context, j *ImportJob) error {
	j.Status, j.CreatedAt = "running", tx.db.Now().Unix()
	id, err := tx.db.insert(ctx, tx.q, `INSERT INTO import_jobs (workspace_id, user_id, file_name, bytes_total, status, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, j.WorkspaceID, j.UserID, j.FileName, j.BytesTotal, j.Status, j.CreatedAt)
	if err != nil {
		return fmt.Errorf("record import of %s: %w", j.FileName, err)
	}
	j.ID = id
	return nil
}

// FinishImportJob records an import's outcome.
func (tx *Tx) FinishImportJob(ctx context.Context, ws, id int64, status string, o ImportOutcome) error {
	b, err := json.Marshal(o)
	if err != nil {
		return err
	}
	_, err = tx.db.exec(ctx, tx.q, `UPDATE import_jobs SET status = ?, result = ?, finished_at = ? WHERE id = ? AND workspace_id = ?`,
		status, string(b), tx.db.Now().Unix(), id, ws)
	if err != nil {
		return fmt.Errorf("finish import %d: %w", id, err)
	}
	return nil
}

// ImportJob loads one import of the workspace.
func (db *DB) ImportJob(ctx context.Context, ws, id int64) (*ImportJob, error) {
	var j ImportJob
	if err := db.get(ctx, db.reader(), &j, `SELECT id, workspace_id, user_id, file_name, bytes_total, status, result, created_at, finished_at
		FROM import_jobs WHERE id = ? AND workspace_id = ?`, id, ws); err != nil {
		return nil, fmt.Errorf("import %d: %w", id, err)
	}
	return &j, j.decode()
}

// ImportJobs lists the workspace's latest imports, newest first.
func (db *DB) ImportJobs(ctx context.Context, ws int64, limit int) ([]ImportJob, error) {
	var js []ImportJob
	if err := db.sel(ctx, db.reader(), &js, `SELECT id, workspace_id, user_id, file_name, bytes_total, status, result, created_at, finished_at
		FROM import_jobs WHERE workspace_id = ? ORDER BY id DESC LIMIT ?`, ws, limit); err != nil {
		return nil, fmt.Errorf("imports: %w", err)
	}
	for i := range js {
		if err := js[i].decode(); err != nil {
			return nil, err
		}
	}
	return js, nil
}

func (j *ImportJob) decode() error {
	if err := json.Unmarshal([]byte(j.ResultJSON), &j.Outcome); err != nil {
		return fmt.Errorf("import %d: outcome: %w", j.ID, err)
	}
	return nil
}
