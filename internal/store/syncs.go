package store

import (
	"context"
	"fmt"
)

// The states of a sync job and of its entries. A job is queued until a slot
// frees, runs, and ends done (at least one account stored), failed (none
// was) or interrupted (the server stopped first). An entry ends done, failed
// (the platform said no) or skipped (never asked: the platform's quota ran
// out, or the server stopped).
const (
	SyncQueued      = "queued"
	SyncRunning     = "running"
	SyncDone        = "done"
	SyncFailed      = "failed"
	SyncInterrupted = "interrupted"
	SyncSkipped     = "skipped"
)

// SyncJob is a list of accounts fetched from the platform APIs in the
// background.
type SyncJob struct {
	ID          int64  `db:"id" json:"id"`
	WorkspaceID int64  `db:"workspace_id" json:"-"`
	UserID      *int64 `db:"user_id" json:"user_id,omitempty"`
	StartedBy   string `db:"started_by" json:"started_by"`
	Status      string `db:"status" json:"status"`
	Total       int64  `db:"total" json:"total"`
	// Done counts the finished entries whatever their outcome; Failed those
	// of them that failed or were skipped.
	Done       int64       `db:"done" json:"done"`
	Failed     int64       `db:"failed" json:"failed"`
	Message    string      `db:"message" json:"message,omitempty"`
	CreatedAt  int64       `db:"created_at" json:"created_at"`
	StartedAt  *int64      `db:"started_at" json:"started_at,omitempty"`
	UpdatedAt  int64       `db:"updated_at" json:"updated_at"`
	FinishedAt *int64      `db:"finished_at" json:"finished_at,omitempty"`
	Entries    []SyncEntry `db:"-" json:"entries,omitempty"`
}

// Finished reports whether the job will not move any more.
func (j *SyncJob) Finished() bool {
	return j.Status != SyncQueued && j.Status != SyncRunning
}

// SyncEntry is one account of a sync job and what fetching it did.
type SyncEntry struct {
	ID           int64  `db:"id" json:"id"`
	WorkspaceID  int64  `db:"workspace_id" json:"-"`
	JobID        int64  `db:"job_id" json:"-"`
	Position     int    `db:"position" json:"position"`
	Platform     string `db:"platform" json:"platform"`
	Handle       string `db:"handle" json:"handle"`
	Status       string `db:"status" json:"status"`
	CreatorID    *int64 `db:"creator_id" json:"creator_id,omitempty"`
	AccountID    *int64 `db:"account_id" json:"account_id,omitempty"`
	CreatorAdded bool   `db:"creator_added" json:"creator_added"`
	PostsAdded   int64  `db:"posts_added" json:"posts_added"`
	PostsSeen    int64  `db:"posts_seen" json:"posts_seen"`
	Comments     int64  `db:"comments_added" json:"comments_added"`
	Error        string `db:"error" json:"error,omitempty"`
	FinishedAt   *int64 `db:"finished_at" json:"finished_at,omitempty"`
}

const syncJobCols = `id, workspace_id, user_id, started_by, status, total, done, failed, message, created_at, started_at, updated_at, finished_at`

// CreateSyncJob records a queued job with its entries, in their order, and
// fills in their ids.
func (tx *Tx) CreateSyncJob(ctx context.Context, j *SyncJob) error {
	now := tx.db.Now().Unix()
	j.Status, j.Total, j.Done, j.Failed, j.CreatedAt, j.UpdatedAt = SyncQueued, int64(len(j.Entries)), 0, 0, now, now
	id, err := tx.db.insert(ctx, tx.q, `INSERT INTO sync_jobs (workspace_id, user_id, started_by, status, total, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, j.WorkspaceID, j.UserID, j.StartedBy, j.Status, j.Total, now, now)
	if err != nil {
		return fmt.Errorf("record sync job: %w", err)
	}
	j.ID = id
	rows := make([][]any, len(j.Entries))
	for i := range j.Entries {
		e := &j.Entries[i]
		e.WorkspaceID, e.JobID, e.Position, e.Status = j.WorkspaceID, id, i, SyncQueued
		rows[i] = []any{e.WorkspaceID, e.JobID, e.Position, e.Platform, e.Handle, e.Status}
	}
	if err := tx.BulkInsert(ctx, "sync_entries", []string{"workspace_id", "job_id", "position", "platform", "handle", "status"}, rows); err != nil {
		return fmt.Errorf("record sync job %d: %w", id, err)
	}
	var ids []int64
	if err := tx.db.sel(ctx, tx.q, &ids, `SELECT id FROM sync_entries WHERE job_id = ? AND workspace_id = ? ORDER BY position`, id, j.WorkspaceID); err != nil {
		return fmt.Errorf("record sync job %d: %w", id, err)
	}
	for i := range ids {
		j.Entries[i].ID = ids[i]
	}
	return nil
}

// StartSyncJob marks a queued job running.
func (tx *Tx) StartSyncJob(ctx context.Context, ws, id int64) error {
	now := tx.db.Now().Unix()
	res, err := tx.db.exec(ctx, tx.q, `UPDATE sync_jobs SET status = ?, started_at = ?, updated_at = ? WHERE id = ? AND workspace_id = ? AND status = ?`,
		SyncRunning, now, now, id, ws, SyncQueued)
	if err != nil {
		return fmt.Errorf("start sync job %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("start sync job %d: not queued: %w", id, ErrNotFound)
	}
	return nil
}

// StartSyncEntry marks an entry as being fetched, which is also the job's
// heartbeat.
func (tx *Tx) StartSyncEntry(ctx context.Context, ws, jobID, entryID int64) error {
	if _, err := tx.db.exec(ctx, tx.q, `UPDATE sync_entries SET status = ? WHERE id = ? AND job_id = ? AND workspace_id = ?`,
		SyncRunning, entryID, jobID, ws); err != nil {
		return fmt.Errorf("sync job %d: entry %d: %w", jobID, entryID, err)
	}
	return tx.touchSyncJob(ctx, ws, jobID, 0, 0)
}

// FinishSyncEntry records an entry's outcome (e.Status done, failed or
// skipped) and counts it in its job.
func (tx *Tx) FinishSyncEntry(ctx context.Context, ws, jobID int64, e *SyncEntry) error {
	now := tx.db.Now().Unix()
	e.FinishedAt = &now
	if _, err := tx.db.exec(ctx, tx.q, `UPDATE sync_entries SET status = ?, creator_id = ?, account_id = ?, creator_added = ?,
		posts_added = ?, posts_seen = ?, comments_added = ?, error = ?, finished_at = ? WHERE id = ? AND job_id = ? AND workspace_id = ?`,
		e.Status, e.CreatorID, e.AccountID, e.CreatorAdded, e.PostsAdded, e.PostsSeen, e.Comments, e.Error, now, e.ID, jobID, ws); err != nil {
		return fmt.Errorf("sync job %d: entry %d: %w", jobID, e.ID, err)
	}
	failed := int64(0)
	if e.Status != SyncDone {
		failed = 1
	}
	return tx.touchSyncJob(ctx, ws, jobID, 1, failed)
}

func (tx *Tx) touchSyncJob(ctx context.Context, ws, id, done, failed int64) error {
	if _, err := tx.db.exec(ctx, tx.q, `UPDATE sync_jobs SET done = done + ?, failed = failed + ?, updated_at = ? WHERE id = ? AND workspace_id = ?`,
		done, failed, tx.db.Now().Unix(), id, ws); err != nil {
		return fmt.Errorf("sync job %d: %w", id, err)
	}
	return nil
}

// FinishSyncJob ends a job with status and a message for the page. Entries
// not yet finished are skipped with the message, so that every entry says
// what happened to it.
func (tx *Tx) FinishSyncJob(ctx context.Context, ws, id int64, status, message string) error {
	now := tx.db.Now().Unix()
	res, err := tx.db.exec(ctx, tx.q, `UPDATE sync_entries SET status = ?, error = ?, finished_at = ?
		WHERE job_id = ? AND workspace_id = ? AND status IN (?, ?)`, SyncSkipped, message, now, id, ws, SyncQueued, SyncRunning)
	if err != nil {
		return fmt.Errorf("finish sync job %d: %w", id, err)
	}
	skipped, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("finish sync job %d: %w", id, err)
	}
	if _, err := tx.db.exec(ctx, tx.q, `UPDATE sync_jobs SET status = ?, message = ?, done = done + ?, failed = failed + ?, updated_at = ?, finished_at = ?
		WHERE id = ? AND workspace_id = ?`, status, message, skipped, skipped, now, now, id, ws); err != nil {
		return fmt.Errorf("finish sync job %d: %w", id, err)
	}
	return nil
}

// InterruptSyncJobs ends as interrupted the queued and running jobs whose
// heartbeat is older than before, and returns how many. It is the start-up
// recovery of every workspace at once, the one place where a query is not
// scoped to a workspace: jobs left behind by a process that died are no
// workspace's doing.
func (tx *Tx) InterruptSyncJobs(ctx context.Context, before int64, message string) (int64, error) {
	var stale []struct {
		ID          int64 `db:"id"`
		WorkspaceID int64 `db:"workspace_id"`
	}
	if err := tx.db.sel(ctx, tx.q, &stale, `SELECT id, workspace_id FROM sync_jobs WHERE status IN (?, ?) AND updated_at < ?`,
		SyncQueued, SyncRunning, before); err != nil {
		return 0, fmt.Errorf("interrupted sync jobs: %w", err)
	}
	for _, j := range stale {
		if err := tx.FinishSyncJob(ctx, j.WorkspaceID, j.ID, SyncInterrupted, message); err != nil {
			return 0, err
		}
	}
	return int64(len(stale)), nil
}

// SyncJob loads a job of the workspace with its entries.
func (db *DB) SyncJob(ctx context.Context, ws, id int64) (*SyncJob, error) {
	var j SyncJob
	if err := db.get(ctx, db.reader(), &j, `SELECT `+syncJobCols+` FROM sync_jobs WHERE id = ? AND workspace_id = ?`, id, ws); err != nil {
		return nil, fmt.Errorf("sync job %d: %w", id, err)
	}
	if err := db.sel(ctx, db.reader(), &j.Entries, `SELECT id, workspace_id, job_id, position, platform, handle, status, creator_id, account_id,
		creator_added, posts_added, posts_seen, comments_added, error, finished_at FROM sync_entries WHERE job_id = ? AND workspace_id = ? ORDER BY position`,
		id, ws); err != nil {
		return nil, fmt.Errorf("sync job %d: entries: %w", id, err)
	}
	return &j, nil
}

// SyncJobs lists the workspace's latest jobs, newest first, without their
// entries.
func (db *DB) SyncJobs(ctx context.Context, ws int64, limit int) ([]SyncJob, error) {
	js := []SyncJob{}
	if err := db.sel(ctx, db.reader(), &js, `SELECT `+syncJobCols+` FROM sync_jobs WHERE workspace_id = ? ORDER BY id DESC LIMIT ?`,
		ws, limit); err != nil {
		return nil, fmt.Errorf("sync jobs: %w", err)
	}
	return js, nil
}
