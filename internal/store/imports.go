package store

import (
	"context"
	"database/sql/driver"
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

// importLockSpace is the first key of the PostgreSQL advisory locks that
// say an import is alive (the second is the job's id); "CH" in ASCII.
const importLockSpace = 0x4348

// ImportInterrupted is the message of an import whose process died.
const ImportInterrupted = "interrupted: the server stopped during the import; nothing was imported (the import is all or nothing), so run it again"

// HoldImport marks import id as alive for as long as its process lives, and
// returns the release to call when it is finished. On PostgreSQL it is a
// session advisory lock on a connection of its own, which the server drops
// when the connection dies with the process, so that another node's
// InterruptImportJobs can tell a running import from a dead one. On SQLite
// it does nothing: one process serves the file.
func (db *DB) HoldImport(ctx context.Context, id int64) (func(), error) {
	if db.dialect != Postgres {
		return func() {}, nil
	}
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("import %d: hold: %w", id, err)
	}
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1, $2)`, importLockSpace, int32(id)); err != nil {
		conn.Close()
		return nil, fmt.Errorf("import %d: hold: %w", id, err)
	}
	return func() {
		// Closing the connection would not end the session (the pool keeps
		// it), so unlock first; if that fails the connection is dropped.
		if _, err := conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1, $2)`, importLockSpace, int32(id)); err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		conn.Close()
	}, nil
}

// InterruptImportJobs marks as failed, with ImportInterrupted, the imports
// recorded as running that started at or before before (Unix seconds) and
// whose process is gone, and returns how many. It runs at start-up, across
// every workspace. Their transaction died with the process, so nothing of
// them is stored and the message says so. On SQLite every such import is
// dead (one process serves the file); on PostgreSQL only those whose
// HoldImport lock nobody holds, so a node starting does not fail an import
// another node is running.
func (db *DB) InterruptImportJobs(ctx context.Context, before int64) (int64, error) {
	var ids []int64
	if err := db.sel(ctx, db.reader(), &ids, `SELECT id FROM import_jobs WHERE status = 'running' AND created_at <= ? ORDER BY id`, before); err != nil {
		return 0, fmt.Errorf("running imports: %w", err)
	}
	out, err := json.Marshal(ImportOutcome{Message: ImportInterrupted})
	if err != nil {
		return 0, err
	}
	var n int64
	for _, id := range ids {
		dead, release, err := db.importDead(ctx, id)
		if err != nil {
			return n, err
		}
		if !dead {
			continue
		}
		err = db.Tx(ctx, func(tx *Tx) error {
			r, err := tx.db.exec(ctx, tx.q, `UPDATE import_jobs SET status = 'failed', result = ?, finished_at = ? WHERE id = ? AND status = 'running'`,
				string(out), tx.db.Now().Unix(), id)
			if err != nil {
				return fmt.Errorf("interrupt import %d: %w", id, err)
			}
			k, _ := r.RowsAffected()
			n += k
			return nil
		})
		release()
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// importDead reports whether no process holds import id; on PostgreSQL it
// then holds the lock itself until release, so the import cannot start
// being held meanwhile.
func (db *DB) importDead(ctx context.Context, id int64) (bool, func(), error) {
	if db.dialect != Postgres {
		return true, func() {}, nil
	}
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return false, nil, fmt.Errorf("import %d: %w", id, err)
	}
	var got bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1, $2)`, importLockSpace, int32(id)).Scan(&got); err != nil {
		conn.Close()
		return false, nil, fmt.Errorf("import %d: %w", id, err)
	}
	if !got {
		conn.Close()
		return false, func() {}, nil
	}
	return true, func() {
		conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1, $2)`, importLockSpace, int32(id))
		conn.Close()
	}, nil
}
