package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// IsUnavailable reports whether err means the database cannot take the
// request just now — read-only, disk full, I/O error, locked for too long,
// connection lost, server shutting down — rather than that the request was
// wrong. The web layer answers these with 503 and Retry-After.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN,
			sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_NOLFS, sqlite3.SQLITE_CORRUPT:
			return true
		}
		return false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "25006": // read_only_sql_transaction (a hot standby)
			return true
		case strings.HasPrefix(pe.Code, "08"), // connection exception
			strings.HasPrefix(pe.Code, "53"),       // insufficient resources: disk full, out of memory, too many connections
			strings.HasPrefix(pe.Code, "57P"),      // operator intervention: shutdown, cannot connect now
			pe.Code == "40001", pe.Code == "40P01": // serialization failure, deadlock: try again
			return true
		}
		return false
	}
	if errors.Is(err, driver.ErrBadConn) || pgconn.SafeToRetry(err) || pgconn.Timeout(err) {
		return true
	}
	var ne net.Error
	var oe *net.OpError
	return errors.As(err, &oe) || errors.As(err, &ne)
}

// SetQueryOnly makes this process's SQLite writer refuse every write (on)
// or take them again (off). Operators do not need it; tests use it to see
// what users see when the database is read-only. PostgreSQL is refused.
func (db *DB) SetQueryOnly(ctx context.Context, on bool) error {
	if db.dialect != SQLite {
		return fmt.Errorf("query-only mode: only on SQLite")
	}
	v := 0
	if on {
		v = 1
	}
	if _, err := db.w.ExecContext(ctx, fmt.Sprintf("PRAGMA query_only = %d", v)); err != nil {
		return fmt.Errorf("query-only mode: %w", err)
	}
	return nil
}

// Backup writes a consistent copy of a SQLite database to path while the
// server goes on reading and writing: VACUUM INTO reads one snapshot (a
// read transaction in WAL mode, so writers are not blocked) and writes a
// compact, self-contained file. path must not exist. For PostgreSQL use
// pg_dump (see docs/reliability.md).
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.dialect != SQLite {
		return fmt.Errorf("backup: chorus backup copies SQLite; for PostgreSQL run pg_dump --format=custom")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if _, err := os.Stat(abs); err == nil {
		return fmt.Errorf("backup to %s: the file exists; choose a new name", path)
	}
	tmp := abs + ".partial"
	os.Remove(tmp)
	// The read pool's connections are read-only; VACUUM INTO only reads the
	// source, and the read pool keeps the single writer free for clicks.
	if _, err := db.r.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := CheckIntegrity(ctx, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup to %s: the copy does not check out: %w", path, err)
	}
	if err := syncFile(tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	// Rename last, so that a file under the final name is always whole.
	if err := os.Rename(tmp, abs); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}

// CheckIntegrity opens the SQLite file at path read-only and runs PRAGMA
// integrity_check, returning its complaints as the error.
func CheckIntegrity(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	d, err := sqlOpenReadOnly(path)
	if err != nil {
		return err
	}
	defer d.Close()
	rows, err := d.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("integrity check of %s: %w", path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return fmt.Errorf("integrity check of %s: %w", path, err)
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity check of %s: %w", path, err)
	}
	if len(problems) > 0 {
		if len(problems) > 5 {
			problems = append(problems[:5], fmt.Sprintf("and %d more", len(problems)-5))
		}
		return fmt.Errorf("integrity check of %s: %s", path, strings.Join(problems, "; "))
	}
	var n int
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM goose_db_version`).Scan(&n); err != nil {
		return fmt.Errorf("%s is not a Chorus database: %w", path, err)
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func sqlOpenReadOnly(path string) (*sql.DB, error) {
	d, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return d, nil
}

// Restore replaces the SQLite database at dst with the backup at src, after
// checking the backup's integrity. The server must be stopped: a running
// server keeps the old file open. dst is replaced only when force is set;
// the old file, if any, is kept beside it as dst.before-restore.
func Restore(ctx context.Context, src, dst string, force bool) error {
	if err := CheckIntegrity(ctx, src); err != nil {
		return fmt.Errorf("restore from %s: %w", src, err)
	}
	_, statErr := os.Stat(dst)
	exists := statErr == nil
	if exists && !force {
		return fmt.Errorf("restore to %s: the database exists; stop the server and add --force to replace it (the old file is kept as %s.before-restore)", dst, dst)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return fmt.Errorf("restore to %s: %w", dst, err)
	}
	tmp := dst + ".restoring"
	if err := copyFile(src, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("restore to %s: %w", dst, err)
	}
	if exists {
		if err := os.Rename(dst, dst+".before-restore"); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("restore to %s: keep the old file: %w", dst, err)
		}
	}
	// The old WAL belongs to the old file: replayed over the backup it would
	// corrupt it. It goes with the old file, which then stays whole.
	for _, ext := range []string{"-wal", "-shm"} {
		err := os.Rename(dst+ext, dst+".before-restore"+ext)
		if !exists || os.IsNotExist(err) {
			err = os.Remove(dst + ext)
		}
		if err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("restore to %s: %w", dst, err)
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		return fmt.Errorf("restore to %s: %w", dst, err)
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o640)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// retryFor bounds how long RetryTx keeps trying: long enough for a
// PostgreSQL restart or a failover, short enough that a visitor waiting
// on a click still gets an answer.
const retryFor = 15 * time.Second

// RetryTx is Tx for idempotent writes: when the transaction fails because
// the connection was lost or the server is restarting, it runs fn again in
// a fresh transaction, with backoff, for up to 15 seconds. fn must be safe
// to run twice: the writes that use it are keyed by a unique id (clicks by
// click_id, orders by their shop's id and webhook deliveries by delivery
// id), so a retry never counts twice. A commit whose answer was lost may
// have succeeded; if the retry then meets ErrConflict, the first commit
// stood and RetryTx returns nil.
func (db *DB) RetryTx(ctx context.Context, fn func(tx *Tx) error) error {
	deadline := time.Now().Add(retryFor)
	wait := 50 * time.Millisecond
	ambiguous := false
	for {
		committing, err := db.tx(ctx, fn)
		if err == nil {
			return nil
		}
		if ambiguous && errors.Is(err, ErrConflict) {
			return nil
		}
		if !connectionLost(err) || time.Now().Add(wait).After(deadline) || ctx.Err() != nil {
			return err
		}
		ambiguous = ambiguous || committing
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
		wait = min(2*wait, time.Second)
	}
}

// tx is Tx that also says whether the error came from the commit, where a
// lost connection leaves the outcome unknown.
func (db *DB) tx(ctx context.Context, fn func(tx *Tx) error) (committing bool, err error) {
	stx, err := db.w.BeginTxx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("begin: %w", err)
	}
	if err := fn(&Tx{q: stx, db: db}); err != nil {
		stx.Rollback()
		return false, err
	}
	if err := stx.Commit(); err != nil {
		return true, fmt.Errorf("commit: %w", err)
	}
	return false, nil
}

// connectionLost reports whether err means the connection to PostgreSQL
// broke or the server is going down or coming up: the cases where running
// the same idempotent transaction again can succeed.
func connectionLost(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return false // no connection to lose; busy_timeout handles contention
	}
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "conn closed") || strings.Contains(msg, "connection reset") || strings.Contains(msg, "broken pipe") ||
		strings.Contains(msg, "failed to connect")
}
